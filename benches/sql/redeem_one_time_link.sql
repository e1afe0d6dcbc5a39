-- RedeemOneTimeLink: the guessing budget, the link by its code's digest, the inquiry locked,
-- the link consumed for its session, the session cap, the session, the inquiry, three
-- events — one transaction (the tenant's webhooks come from the replica's cache).
\set n random(1, :rows)
BEGIN;
SELECT count(*), min(guess_time) FROM redemption_guesses
 WHERE address = '127.0.0.1' AND guess_time > now() - interval '1 minute' LIMIT 1;
SELECT id AS link, inquiry_id AS picked FROM one_time_links
 WHERE code_hash = (SELECT code_hash FROM bench_links WHERE n = :n)
    OR short_code_hash = (SELECT code_hash FROM bench_links WHERE n = :n)
 LIMIT 1 \gset
SELECT * FROM inquiries WHERE id = :picked LIMIT 1 FOR UPDATE;
UPDATE one_time_links SET status = 'consumed', consume_time = now(),
    session_id = 'iqse_AAAAAAAAAAAAAAAAAAAAAAAA'
 WHERE id = :link AND expires_at > now() RETURNING *;
SELECT count(*) FROM inquiry_sessions WHERE inquiry_id = :picked;
INSERT INTO inquiry_sessions (id, inquiry_id, status, origin, one_time_link_id, token_hash,
    create_time, expires_at, client_ip, user_agent)
VALUES ('iqse_' || substr(md5(random()::text), 1, 24), :picked, 'active', 'one_time_link', :link,
    sha256(random()::text::bytea), now(), now() + interval '1 hour', '127.0.0.1', '');
UPDATE inquiries SET status = status, update_time = now() WHERE id = :picked;
INSERT INTO events (id, organization_id, environment, inquiry_id, name, data, create_time, actor_kind, actor_id, actor_name, client_ip, user_agent, request_id)
SELECT 'evt_' || substr(md5(random()::text), 1, 24), :organization_id, 'sandbox', :picked, name,
       (SELECT data FROM events WHERE inquiry_id = :picked ORDER BY seq LIMIT 1), now(), 'end_user', 'iqse_AAAAAAAAAAAAAAAAAAAAAAAA', NULL, '203.0.113.7', 'Mozilla/5.0', md5(random()::text)
  FROM unnest(ARRAY['one-time-link.consumed', 'inquiry-session.started', 'inquiry.started']) AS name
RETURNING seq, name;
COMMIT;
