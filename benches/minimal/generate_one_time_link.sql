-- GenerateOneTimeLink, minimal: lock the inquiry (within its tenant), revoke its pending link,
-- insert the new link, record one event.
\set n random(1, :rows)
BEGIN;
SELECT status, expires_at FROM inquiries WHERE id = :n AND tenant_id = :tenant FOR UPDATE;
UPDATE links SET status = 'revoked', end_time = now()
 WHERE inquiry_id = :n AND status = 'pending';
INSERT INTO links (inquiry_id, status, code_hash, expires_at, create_time)
VALUES (:n, 'pending', sha256(random()::text::bytea), now() + interval '1 day', now())
RETURNING id AS link \gset
INSERT INTO events (inquiry_id, name, actor, subject_id, create_time)
VALUES (:n, 'one-time-link.created', :actor, :link, now());
END;
