// @generated automatically by Diesel CLI.

diesel::table! {
    api_keys (id) {
        id -> Text,
        organization_id -> Text,
        environment -> Text,
        secret_hash -> Bytea,
        display_prefix -> Text,
        create_time -> Timestamptz,
        revoke_time -> Nullable<Timestamptz>,
        name -> Text,
    }
}

diesel::table! {
    call_grants (id) {
        id -> Int8,
        caller -> Text,
        grant_time -> Timestamptz,
        calls -> Int4,
    }
}

diesel::table! {
    email_outbox (link_id) {
        link_id -> Text,
        inquiry_id -> Text,
        message -> Bytea,
        sealed -> Bool,
        next_attempt_time -> Timestamptz,
        create_time -> Timestamptz,
    }
}

diesel::table! {
    events (seq) {
        seq -> Int8,
        id -> Text,
        organization_id -> Text,
        environment -> Text,
        inquiry_id -> Nullable<Text>,
        name -> Text,
        data -> Jsonb,
        create_time -> Timestamptz,
        actor_kind -> Text,
        actor_id -> Text,
        actor_name -> Nullable<Text>,
        client_ip -> Nullable<Text>,
        user_agent -> Nullable<Text>,
        request_id -> Nullable<Text>,
        idempotency_key_digest -> Nullable<Text>,
    }
}

diesel::table! {
    idempotency_records (organization_id, environment, key_digest) {
        organization_id -> Text,
        environment -> Text,
        key_digest -> Bytea,
        request_digest -> Bytea,
        response -> Nullable<Bytea>,
        create_time -> Timestamptz,
    }
}

diesel::table! {
    inquiries (id) {
        id -> Text,
        organization_id -> Text,
        environment -> Text,
        inquiry_template_id -> Text,
        status -> Text,
        reference_id -> Text,
        note -> Text,
        tags -> Array<Nullable<Text>>,
        fields -> Jsonb,
        creator -> Jsonb,
        reviewer_comment -> Text,
        expire_after_create_secs -> Int8,
        expire_after_start_secs -> Int8,
        expire_after_resume_secs -> Int8,
        one_time_link_ttl_secs -> Int8,
        session_ttl_secs -> Int8,
        max_sessions_per_inquiry -> Int4,
        redirect_uri -> Nullable<Text>,
        auto_approve -> Bool,
        redact_after_secs -> Nullable<Int8>,
        expires_at -> Timestamptz,
        create_time -> Timestamptz,
        update_time -> Timestamptz,
        start_time -> Nullable<Timestamptz>,
        complete_time -> Nullable<Timestamptz>,
        fail_time -> Nullable<Timestamptz>,
        mark_for_review_time -> Nullable<Timestamptz>,
        decision_time -> Nullable<Timestamptz>,
        expire_time -> Nullable<Timestamptz>,
        redact_time -> Nullable<Timestamptz>,
        reviewer -> Nullable<Jsonb>,
    }
}

diesel::table! {
    inquiry_sessions (id) {
        id -> Text,
        inquiry_id -> Text,
        status -> Text,
        origin -> Text,
        one_time_link_id -> Nullable<Text>,
        token_hash -> Bytea,
        create_time -> Timestamptz,
        expires_at -> Timestamptz,
        expire_time -> Nullable<Timestamptz>,
        complete_time -> Nullable<Timestamptz>,
        client_ip -> Text,
        user_agent -> Text,
    }
}

diesel::table! {
    inquiry_templates (id) {
        id -> Text,
        organization_id -> Text,
        environment -> Text,
        name -> Text,
        expire_after_create_secs -> Int8,
        expire_after_start_secs -> Int8,
        expire_after_resume_secs -> Int8,
        one_time_link_ttl_secs -> Int8,
        session_ttl_secs -> Int8,
        max_sessions_per_inquiry -> Int4,
        redirect_uri -> Nullable<Text>,
        auto_approve -> Bool,
        redact_after_secs -> Nullable<Int8>,
        archive_time -> Nullable<Timestamptz>,
        create_time -> Timestamptz,
        update_time -> Timestamptz,
        collected_fields -> Jsonb,
        allow_inquiry_id_links -> Bool,
        email_templates -> Jsonb,
        default_language -> Text,
    }
}

diesel::table! {
    one_time_links (id) {
        id -> Text,
        inquiry_id -> Text,
        status -> Text,
        code_hash -> Bytea,
        short_code_hash -> Bytea,
        expires_at -> Timestamptz,
        create_time -> Timestamptz,
        consume_time -> Nullable<Timestamptz>,
        revoke_time -> Nullable<Timestamptz>,
        expire_time -> Nullable<Timestamptz>,
        session_id -> Nullable<Text>,
        email_recipient -> Nullable<Text>,
        email_language -> Nullable<Text>,
        email_status -> Nullable<Text>,
        email_attempt_count -> Int4,
        email_last_error -> Text,
        email_queue_time -> Nullable<Timestamptz>,
        email_send_time -> Nullable<Timestamptz>,
        email_end_time -> Nullable<Timestamptz>,
        email_requested_by -> Nullable<Text>,
        email_recipient_key -> Nullable<Bytea>,
    }
}

diesel::table! {
    operator_login_links (token_hash) {
        token_hash -> Bytea,
        organization_id -> Text,
        email -> Text,
        role -> Text,
        create_time -> Timestamptz,
        expires_at -> Timestamptz,
        consume_time -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    operator_logins (state_hash) {
        state_hash -> Bytea,
        nonce -> Text,
        pkce_verifier -> Text,
        create_time -> Timestamptz,
    }
}

diesel::table! {
    operator_sessions (id) {
        id -> Text,
        token_hash -> Bytea,
        organization_id -> Text,
        subject -> Text,
        email -> Text,
        role -> Text,
        login_method -> Text,
        environment -> Text,
        csrf_token -> Text,
        time_zone -> Text,
        create_time -> Timestamptz,
        last_seen_time -> Timestamptz,
        end_time -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    organizations (id) {
        id -> Text,
        name -> Text,
        create_time -> Timestamptz,
    }
}

diesel::table! {
    redemption_guesses (id) {
        id -> Int8,
        address -> Text,
        guess_time -> Timestamptz,
    }
}

diesel::table! {
    server_keys (name) {
        name -> Text,
        value -> Bytea,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> Text,
        webhook_id -> Text,
        event_seq -> Int8,
        inquiry_id -> Nullable<Text>,
        status -> Text,
        attempt_count -> Int4,
        last_status_code -> Int4,
        last_error -> Text,
        next_attempt_time -> Timestamptz,
        create_time -> Timestamptz,
        update_time -> Timestamptz,
        complete_time -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    webhooks (id) {
        id -> Text,
        organization_id -> Text,
        environment -> Text,
        url -> Text,
        enabled_events -> Array<Nullable<Text>>,
        enabled -> Bool,
        disabled_reason -> Text,
        disable_time -> Nullable<Timestamptz>,
        secret -> Text,
        previous_secret -> Nullable<Text>,
        previous_secret_expire_time -> Nullable<Timestamptz>,
        failing_since -> Nullable<Timestamptz>,
        create_time -> Timestamptz,
        update_time -> Timestamptz,
        format -> Text,
    }
}

// The joins the code makes. Since the 2026-12-08 migration PostgreSQL no longer checks the
// references of the rows every call writes, and `diesel print-schema` would leave those out:
// keep every line here when regenerating this file.
diesel::joinable!(api_keys -> organizations (organization_id));
diesel::joinable!(email_outbox -> inquiries (inquiry_id));
diesel::joinable!(email_outbox -> one_time_links (link_id));
diesel::joinable!(events -> inquiries (inquiry_id));
diesel::joinable!(events -> organizations (organization_id));
diesel::joinable!(idempotency_records -> organizations (organization_id));
diesel::joinable!(inquiries -> inquiry_templates (inquiry_template_id));
diesel::joinable!(inquiries -> organizations (organization_id));
diesel::joinable!(inquiry_sessions -> inquiries (inquiry_id));
diesel::joinable!(inquiry_sessions -> one_time_links (one_time_link_id));
diesel::joinable!(inquiry_templates -> organizations (organization_id));
diesel::joinable!(one_time_links -> inquiries (inquiry_id));
diesel::joinable!(webhook_deliveries -> events (event_seq));
diesel::joinable!(webhook_deliveries -> webhooks (webhook_id));
diesel::joinable!(webhooks -> organizations (organization_id));

diesel::allow_tables_to_appear_in_same_query!(
    redemption_guesses,
    server_keys,
    api_keys,
    call_grants,
    email_outbox,
    events,
    idempotency_records,
    inquiries,
    inquiry_sessions,
    inquiry_templates,
    one_time_links,
    organizations,
    webhook_deliveries,
    webhooks,
);
