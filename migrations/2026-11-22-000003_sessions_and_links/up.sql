CREATE TABLE one_time_links (
    id               TEXT PRIMARY KEY,
    inquiry_id       TEXT NOT NULL REFERENCES inquiries (id),
    status           TEXT NOT NULL CHECK (status IN ('pending', 'consumed', 'revoked', 'expired')),
    code_hash        BYTEA NOT NULL UNIQUE,
    short_code_hash  BYTEA NOT NULL UNIQUE,
    expires_at       TIMESTAMPTZ NOT NULL,
    create_time      TIMESTAMPTZ NOT NULL,
    consume_time     TIMESTAMPTZ,
    revoke_time      TIMESTAMPTZ,
    expire_time      TIMESTAMPTZ,
    session_id       TEXT
);

-- The database itself guarantees at most one pending link per inquiry.
CREATE UNIQUE INDEX one_time_links_one_pending_idx ON one_time_links (inquiry_id)
    WHERE status = 'pending';
CREATE INDEX one_time_links_inquiry_idx ON one_time_links (inquiry_id, create_time DESC, id DESC);

CREATE TABLE inquiry_sessions (
    id               TEXT PRIMARY KEY,
    inquiry_id       TEXT NOT NULL REFERENCES inquiries (id),
    status           TEXT NOT NULL CHECK (status IN ('active', 'expired', 'completed')),
    origin           TEXT NOT NULL CHECK (origin IN ('one_time_link', 'resume')),
    one_time_link_id TEXT REFERENCES one_time_links (id),
    token_hash       BYTEA NOT NULL UNIQUE,
    create_time      TIMESTAMPTZ NOT NULL,
    expires_at       TIMESTAMPTZ NOT NULL,
    expire_time      TIMESTAMPTZ,
    complete_time    TIMESTAMPTZ,
    client_ip        TEXT NOT NULL,
    user_agent       TEXT NOT NULL
);

CREATE INDEX inquiry_sessions_inquiry_idx
    ON inquiry_sessions (inquiry_id, create_time DESC, id DESC);
