-- GenerateOneTimeLink: lock the inquiry, end its pending link, insert the new one, record
-- both events — one transaction (the tenant's webhooks come from the replica's cache).
\set n random(1, :rows)
BEGIN;
SELECT id AS picked FROM inquiries
 WHERE id = (SELECT id FROM bench_inquiries WHERE n = :n)
   AND organization_id = :organization_id AND environment = 'sandbox'
 LIMIT 1 FOR UPDATE \gset
UPDATE one_time_links SET
    status = CASE WHEN expires_at <= now() THEN 'expired' ELSE 'revoked' END,
    expire_time = CASE WHEN expires_at <= now() THEN now() ELSE expire_time END,
    revoke_time = CASE WHEN expires_at > now() THEN now() ELSE revoke_time END
 WHERE inquiry_id = :picked AND status = 'pending' RETURNING *;
INSERT INTO one_time_links (id, inquiry_id, status, code_hash, short_code_hash, expires_at,
    create_time)
VALUES ('otl_' || substr(md5(random()::text), 1, 24), :picked, 'pending',
    sha256(random()::text::bytea), sha256(random()::text::bytea), now() + interval '1 day', now());
INSERT INTO events (id, organization_id, environment, inquiry_id, name, data, create_time, actor_kind, actor_id, actor_name, client_ip, user_agent, request_id)
VALUES ('evt_' || substr(md5(random()::text), 1, 24), :organization_id, 'sandbox', :picked,
        'one-time-link.revoked', '{"id": "otl_AAAAAAAAAAAAAAAAAAAAAAAA", "inquiryId": "inq_AAAAAAAAAAAAAAAAAAAAAAAA", "status": "ONE_TIME_LINK_STATUS_REVOKED", "expiresAt": "2026-11-25T08:00:00.123456Z", "createTime": "2026-11-24T08:00:00.123456Z", "revokeTime": "2026-11-24T08:00:01.123456Z", "sessionId": ""}', now(), 'api_key', 'key_AAAAAAAAAAAAAAAAAAAAAAAA', 'backend', '127.0.0.1', 'grpc-go/1.70.0', md5(random()::text)),
       ('evt_' || substr(md5(random()::text), 1, 24), :organization_id, 'sandbox', :picked,
        'one-time-link.created', '{"id": "otl_AAAAAAAAAAAAAAAAAAAAAAAA", "inquiryId": "inq_AAAAAAAAAAAAAAAAAAAAAAAA", "status": "ONE_TIME_LINK_STATUS_PENDING", "expiresAt": "2026-11-25T08:00:00.123456Z", "createTime": "2026-11-24T08:00:00.123456Z", "sessionId": ""}', now(), 'api_key', 'key_AAAAAAAAAAAAAAAAAAAAAAAA', 'backend', '127.0.0.1', 'grpc-go/1.70.0', md5(random()::text))
RETURNING seq, name;
COMMIT;
