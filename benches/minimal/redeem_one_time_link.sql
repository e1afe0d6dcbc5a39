-- RedeemOneTimeLink, minimal: take the link by its code's digest if it is pending and
-- unexpired, open a session, record one event. Each client redeems links of its own, one
-- after the other (`i` counts its transactions): link n's code is n (the harness seeds them).
\set i :i + 1
\set n :base + :client_id * :per_client + :i
BEGIN;
UPDATE links SET status = 'consumed', end_time = now()
 WHERE code_hash = sha256(:n::text::bytea) AND status = 'pending' AND expires_at > now()
RETURNING id AS link, inquiry_id AS inquiry \gset
INSERT INTO sessions (inquiry_id, link_id, token_hash, expires_at, create_time)
VALUES (:inquiry, :link, sha256(random()::text::bytea), now() + interval '1 hour', now())
RETURNING id AS session \gset
INSERT INTO events (inquiry_id, name, actor, subject_id, create_time)
VALUES (:inquiry, 'one-time-link.consumed', 'end_user', :session, now());
END;
