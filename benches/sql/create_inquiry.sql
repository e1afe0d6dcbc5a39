-- CreateInquiry: the inquiry and its event, in one transaction (the template and the tenant's
-- webhooks come from the replica's caches; the bench's tenant has no webhook, so no delivery
-- is queued).
BEGIN;
INSERT INTO inquiries (id, organization_id, environment, inquiry_template_id, status,
    reference_id, note, tags, fields, creator, reviewer_comment, expire_after_create_secs,
    expire_after_start_secs, expire_after_resume_secs, one_time_link_ttl_secs,
    session_ttl_secs, max_sessions_per_inquiry, auto_approve, expires_at, create_time,
    update_time)
SELECT 'inq_' || substr(md5(random()::text), 1, 24), organization_id, environment,
    inquiry_template_id, 'created', 'bench', '', '{}', '{}', creator, '', 86400, 86400, 86400,
    86400, 3600, 25, false, now() + interval '1 day', now(), now()
  FROM inquiries WHERE id = :inquiry_id;
INSERT INTO events (id, organization_id, environment, inquiry_id, name, data, create_time, actor_kind, actor_id, actor_name, client_ip, user_agent, request_id)
VALUES ('evt_' || substr(md5(random()::text), 1, 24), :organization_id, 'sandbox', :inquiry_id,
    'inquiry.created', (SELECT data FROM events WHERE inquiry_id = :inquiry_id ORDER BY seq LIMIT 1),
    now(), 'api_key', 'key_AAAAAAAAAAAAAAAAAAAAAAAA', 'backend', '127.0.0.1', 'grpc-go/1.70.0', md5(random()::text))
RETURNING seq, name;
COMMIT;
