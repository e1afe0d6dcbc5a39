-- The scale run's data (scripts/bench --scale N), loaded through the service's own schema before
-- the server starts: N inquiries over the past year (one in ten of the bench's own tenant, the
-- rest of another organization's live environment), one link each, a session for each link
-- redeemed, and ten events per inquiry. Values are what the service itself writes: well-formed
-- IDs, statuses with their timestamps, snapshots, actors. Nothing is left for the workers to
-- do (no active inquiry, link or session is past its deadline; no redaction is due).
-- Parameters: bench.n (N), bench.template (the bench's sandbox template), set by the harness.
-- The database holds nothing else yet (the bench's organization, keys and templates). Each step
-- runs in a transaction of its own, timed and printed by the harness, with foreign-key triggers
-- off (session_replication_role = replica, as a restore does): every row is valid by
-- construction. Inquiries are inserted oldest first, and the later steps read them in that
-- order, so sequence numbers follow time as they do in a live database.

-- step: the other organization and its live template
INSERT INTO organizations (id, name, create_time)
VALUES ('org_' || substr(md5('scale-other'), 1, 24), 'scale-other', now() - interval '400 days');
CREATE TEMPORARY TABLE scale_template ON COMMIT DROP AS
    SELECT * FROM inquiry_templates WHERE id = current_setting('bench.template');
UPDATE scale_template SET id = 'itmpl_' || substr(md5('scale-other'), 1, 24),
    organization_id = 'org_' || substr(md5('scale-other'), 1, 24), environment = 'live',
    create_time = now() - interval '400 days', update_time = now() - interval '400 days';
INSERT INTO inquiry_templates SELECT * FROM scale_template;

-- step: inquiries
-- Inquiry n was created at n/N of the past year (newest last, as IDs and events follow time);
-- those of the last 20 hours are still open (created or pending, their deadline a day after
-- creation), older ones ended one of six ways (expired only once their day has passed).
INSERT INTO inquiries (id, organization_id, environment, inquiry_template_id, status,
    reference_id, note, tags, fields, creator, reviewer_comment, expire_after_create_secs,
    expire_after_start_secs, expire_after_resume_secs, one_time_link_ttl_secs, session_ttl_secs,
    max_sessions_per_inquiry, redirect_uri, auto_approve, redact_after_secs, expires_at,
    create_time, update_time, start_time, complete_time, fail_time, mark_for_review_time,
    decision_time, expire_time, reviewer)
SELECT 'inq_' || substr(md5('inq' || n), 1, 24), t.organization_id, t.environment, t.id, s.status,
    'user-' || n, CASE WHEN n % 7 = 0 THEN 'second attempt' ELSE '' END,
    CASE WHEN n % 5 = 0 THEN ARRAY['priority'] ELSE ARRAY[]::text[] END,
    jsonb_build_object(
        'name_first', jsonb_build_object('type', 'string', 'value', 'Person' || n % 997),
        'name_last', jsonb_build_object('type', 'string', 'value', 'Example' || n % 991),
        'email_address', jsonb_build_object('type', 'string', 'value', 'user' || n || '@example.com')),
    jsonb_build_object('kind', 'api_key', 'id', 'key_' || substr(md5(t.organization_id), 1, 24),
        'display_name', 'backend'),
    '', t.expire_after_create_secs, t.expire_after_start_secs, t.expire_after_resume_secs,
    t.one_time_link_ttl_secs, t.session_ttl_secs, t.max_sessions_per_inquiry, NULL,
    t.auto_approve, NULL,
    c.at + interval '1 day', c.at,
    greatest(c.at, s.started, s.completed, s.failed, s.decided, s.expired),
    s.started, s.completed, s.failed,
    CASE WHEN s.status = 'needs_review' OR s.decided IS NOT NULL AND n % 3 = 0 THEN s.completed END,
    s.decided, s.expired,
    CASE WHEN s.decided IS NOT NULL THEN jsonb_build_object('kind', 'operator',
        'id', 'reviewer-' || n % 5, 'display_name', 'reviewer' || n % 5 || '@example.com') END
FROM generate_series(1, current_setting('bench.n')::bigint) AS n
CROSS JOIN LATERAL (
    SELECT now() - interval '365 days' * (1 - n::float8 / current_setting('bench.n')::bigint)
        - interval '1 second' * (n % 60) AS at
) AS c
CROSS JOIN LATERAL (
    SELECT CASE
        WHEN c.at > now() - interval '20 hours' THEN
            CASE WHEN n % 5 < 2 THEN 'created' ELSE 'pending' END
        ELSE CASE
            WHEN (n * 7919) % 100 < 50 THEN 'approved'
            WHEN (n * 7919) % 100 < 58 THEN 'declined'
            WHEN (n * 7919) % 100 < 63 THEN 'completed'
            WHEN (n * 7919) % 100 < 70 THEN 'needs_review'
            WHEN (n * 7919) % 100 < 75 OR c.at > now() - interval '1 day' THEN 'failed'
            ELSE 'expired' END
        END AS status
) AS k
CROSS JOIN LATERAL (
    SELECT k.status,
        CASE WHEN k.status NOT IN ('created', 'expired')
            THEN least(now(), c.at + interval '5 minutes') END AS started,
        CASE WHEN k.status IN ('completed', 'needs_review', 'approved', 'declined')
            THEN c.at + interval '15 minutes' END AS completed,
        CASE WHEN k.status = 'failed' THEN c.at + interval '20 minutes' END AS failed,
        CASE WHEN k.status IN ('approved', 'declined') THEN c.at + interval '2 hours' END AS decided,
        CASE WHEN k.status = 'expired' THEN c.at + interval '1 day' END AS expired
) AS s
CROSS JOIN LATERAL (
    SELECT * FROM inquiry_templates
    WHERE id = CASE WHEN n % 10 = 0 THEN current_setting('bench.template')
                    ELSE 'itmpl_' || substr(md5('scale-other'), 1, 24) END
) AS t
ORDER BY n;

-- step: one-time links
-- One per inquiry: still pending for a created one, expired unused for an expired one,
-- consumed (by the session below) for the rest.
INSERT INTO one_time_links (id, inquiry_id, status, code_hash, short_code_hash, expires_at,
    create_time, consume_time, expire_time, session_id)
SELECT 'otl_' || substr(md5('otl' || i.id), 1, 24), i.id,
    CASE i.status WHEN 'created' THEN 'pending' WHEN 'expired' THEN 'expired' ELSE 'consumed' END,
    sha256(convert_to('code' || i.id, 'UTF8')), sha256(convert_to('short' || i.id, 'UTF8')),
    i.create_time + interval '1 second' * i.one_time_link_ttl_secs, i.create_time,
    CASE WHEN i.status NOT IN ('created', 'expired') THEN i.start_time END,
    CASE WHEN i.status = 'expired'
        THEN least(now(), i.create_time + interval '1 second' * i.one_time_link_ttl_secs) END,
    CASE WHEN i.status NOT IN ('created', 'expired') THEN 'iqse_' || substr(md5('iqse' || i.id), 1, 24) END
FROM inquiries i;

-- step: sessions
-- The session each redeemed link opened: completed when the inquiry was, else expired.
INSERT INTO inquiry_sessions (id, inquiry_id, status, origin, one_time_link_id, token_hash,
    create_time, expires_at, expire_time, complete_time, client_ip, user_agent)
SELECT l.session_id, l.inquiry_id,
    CASE WHEN i.complete_time IS NOT NULL THEN 'completed' ELSE 'expired' END,
    'one_time_link', l.id, sha256(convert_to('token' || l.id, 'UTF8')), l.consume_time,
    l.consume_time + interval '1 second' * i.session_ttl_secs,
    CASE WHEN i.complete_time IS NULL
        THEN least(now(), l.consume_time + interval '1 second' * i.session_ttl_secs) END,
    i.complete_time, '203.0.113.' || (ascii(right(l.id, 1)) % 250 + 1),
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148'
FROM one_time_links l JOIN inquiries i ON i.id = l.inquiry_id
WHERE l.session_id IS NOT NULL;

-- step: events
-- Ten per inquiry, a few minutes apart, named as its life went, each with its actor and a
-- snapshot of the inquiry as it stood.
INSERT INTO events (id, organization_id, environment, inquiry_id, name, data, create_time,
    actor_kind, actor_id, actor_name, client_ip, user_agent, request_id)
SELECT 'evt_' || substr(md5('evt' || i.id || '-' || e.k), 1, 24), i.organization_id,
    i.environment, i.id, e.name,
    jsonb_build_object('id', i.id, 'inquiryTemplateId', i.inquiry_template_id,
        'status', 'INQUIRY_STATUS_' || CASE WHEN e.k >= 8 THEN upper(i.status)
            WHEN e.k <= 4 OR i.start_time IS NULL THEN 'CREATED' ELSE 'PENDING' END,
        'referenceId', i.reference_id, 'tags', to_jsonb(i.tags),
        'createTime', to_char(i.create_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        'updateTime', to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        'expiresAt', to_char(i.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')),
    e.at,
    a.kind,
    CASE a.kind WHEN 'api_key' THEN i.creator ->> 'id'
        WHEN 'end_user' THEN 'iqse_' || substr(md5('iqse' || i.id), 1, 24)
        WHEN 'operator' THEN coalesce(i.reviewer ->> 'id', 'reviewer-0') ELSE 'expiry' END,
    CASE a.kind WHEN 'api_key' THEN 'backend' WHEN 'operator' THEN 'reviewer@example.com' END,
    CASE a.kind WHEN 'end_user' THEN '203.0.113.7' WHEN 'api_key' THEN '198.51.100.20' END,
    CASE a.kind WHEN 'end_user' THEN 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)'
        WHEN 'api_key' THEN 'grpc-go/1.70.0' END,
    md5(i.id || e.k)
FROM inquiries i
CROSS JOIN LATERAL (
    SELECT k, (CASE i.status
        WHEN 'created' THEN ARRAY['inquiry.created', 'one-time-link.created', 'inquiry.viewed',
            'one-time-link.revoked', 'one-time-link.created', 'inquiry.viewed',
            'inquiry.tags-updated', 'inquiry.viewed', 'inquiry.updated', 'inquiry.viewed']
        WHEN 'expired' THEN ARRAY['inquiry.created', 'one-time-link.created', 'inquiry.viewed',
            'one-time-link.revoked', 'one-time-link.created', 'inquiry.viewed',
            'one-time-link.expired', 'inquiry.expired', 'inquiry.viewed', 'inquiry.viewed']
        ELSE ARRAY['inquiry.created', 'one-time-link.created', 'one-time-link.consumed',
            'inquiry-session.started', 'inquiry.started', 'inquiry.viewed',
            CASE WHEN i.complete_time IS NULL THEN 'inquiry-session.expired'
                 ELSE 'inquiry-session.completed' END,
            CASE i.status WHEN 'pending' THEN 'inquiry.viewed' WHEN 'failed' THEN 'inquiry.failed'
                 ELSE 'inquiry.completed' END,
            CASE WHEN i.mark_for_review_time IS NOT NULL THEN 'inquiry.marked-for-review'
                 ELSE 'inquiry.viewed' END,
            CASE i.status WHEN 'approved' THEN 'inquiry.approved'
                 WHEN 'declined' THEN 'inquiry.declined' ELSE 'inquiry.viewed' END]
        END)[k] AS name,
        least(now(), i.create_time + interval '3 minutes' * (k - 1)) AS at
    FROM generate_series(1, 10) AS k
) AS e
CROSS JOIN LATERAL (
    SELECT CASE
        WHEN e.name IN ('inquiry.created', 'one-time-link.created', 'one-time-link.revoked',
            'inquiry.tags-updated', 'inquiry.updated') THEN 'api_key'
        WHEN e.name IN ('inquiry.viewed', 'inquiry.marked-for-review', 'inquiry.approved',
            'inquiry.declined') THEN 'operator'
        WHEN e.name IN ('one-time-link.expired', 'inquiry.expired', 'inquiry-session.expired')
            THEN 'system'
        ELSE 'end_user' END AS kind
) AS a;
