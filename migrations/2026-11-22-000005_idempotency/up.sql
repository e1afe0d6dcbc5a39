-- Responses of mutating calls made with an `idempotency-key`, replayed for 24 hours.
-- The key itself is stored only as a digest, and the response (which may hold a link code or
-- a session token) is sealed with a key derived from the idempotency key, so this table alone
-- reveals no secret.
CREATE TABLE idempotency_records (
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    environment     TEXT NOT NULL CHECK (environment IN ('sandbox', 'live')),
    key_digest      BYTEA NOT NULL,
    request_digest  BYTEA NOT NULL,
    -- NULL while the first call with this key is still running.
    response        BYTEA,
    create_time     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id, environment, key_digest)
);

CREATE INDEX idempotency_records_create_time_idx ON idempotency_records (create_time);
