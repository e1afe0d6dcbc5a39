-- Durations are stored as whole seconds.
CREATE TABLE inquiry_templates (
    id                       TEXT PRIMARY KEY,
    organization_id          TEXT NOT NULL REFERENCES organizations (id),
    environment              TEXT NOT NULL CHECK (environment IN ('sandbox', 'live')),
    name                     TEXT NOT NULL,
    expire_after_create_secs BIGINT NOT NULL,
    expire_after_start_secs  BIGINT NOT NULL,
    expire_after_resume_secs BIGINT NOT NULL,
    one_time_link_ttl_secs   BIGINT NOT NULL,
    session_ttl_secs         BIGINT NOT NULL,
    max_sessions_per_inquiry INTEGER NOT NULL,
    redirect_uri             TEXT,
    auto_approve             BOOLEAN NOT NULL,
    redact_after_secs        BIGINT,
    archive_time             TIMESTAMPTZ,
    create_time              TIMESTAMPTZ NOT NULL,
    update_time              TIMESTAMPTZ NOT NULL
);

CREATE INDEX inquiry_templates_tenant_idx
    ON inquiry_templates (organization_id, environment, create_time DESC, id DESC);

-- An inquiry copies every template setting it needs, so later template edits never change it.
CREATE TABLE inquiries (
    id                       TEXT PRIMARY KEY,
    organization_id          TEXT NOT NULL REFERENCES organizations (id),
    environment              TEXT NOT NULL CHECK (environment IN ('sandbox', 'live')),
    inquiry_template_id      TEXT NOT NULL REFERENCES inquiry_templates (id),
    status                   TEXT NOT NULL CHECK (status IN ('created', 'pending', 'completed',
                                 'failed', 'expired', 'needs_review', 'approved', 'declined')),
    reference_id             TEXT NOT NULL,
    note                     TEXT NOT NULL,
    tags                     TEXT[] NOT NULL,
    fields                   JSONB NOT NULL,
    creator                  TEXT NOT NULL,
    reviewer_comment         TEXT NOT NULL,
    expire_after_create_secs BIGINT NOT NULL,
    expire_after_start_secs  BIGINT NOT NULL,
    expire_after_resume_secs BIGINT NOT NULL,
    one_time_link_ttl_secs   BIGINT NOT NULL,
    session_ttl_secs         BIGINT NOT NULL,
    max_sessions_per_inquiry INTEGER NOT NULL,
    redirect_uri             TEXT,
    auto_approve             BOOLEAN NOT NULL,
    redact_after_secs        BIGINT,
    expires_at               TIMESTAMPTZ NOT NULL,
    create_time              TIMESTAMPTZ NOT NULL,
    update_time              TIMESTAMPTZ NOT NULL,
    start_time               TIMESTAMPTZ,
    complete_time            TIMESTAMPTZ,
    fail_time                TIMESTAMPTZ,
    mark_for_review_time     TIMESTAMPTZ,
    decision_time            TIMESTAMPTZ,
    expire_time              TIMESTAMPTZ,
    redact_time              TIMESTAMPTZ
);

CREATE INDEX inquiries_tenant_idx
    ON inquiries (organization_id, environment, create_time DESC, id DESC);
CREATE INDEX inquiries_reference_idx
    ON inquiries (organization_id, environment, reference_id, create_time DESC);
CREATE INDEX inquiries_template_idx ON inquiries (inquiry_template_id, create_time DESC);
CREATE INDEX inquiries_tags_idx ON inquiries USING GIN (tags);
-- What the expiry sweeper scans.
CREATE INDEX inquiries_due_idx ON inquiries (expires_at) WHERE status IN ('created', 'pending');
