-- The operators' console. A session is server-side: the browser's cookie holds a random token
-- whose digest is stored here, so logging out (or an administrator ending it) ends it
-- everywhere at once. Idle and absolute limits are the service's settings, checked on use.
CREATE TABLE operator_sessions (
    id TEXT PRIMARY KEY,
    token_hash BYTEA NOT NULL UNIQUE,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    subject TEXT NOT NULL,
    email TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('viewer', 'reviewer', 'admin')),
    login_method TEXT NOT NULL CHECK (login_method IN ('oidc', 'proxy', 'link')),
    environment TEXT NOT NULL CHECK (environment IN ('sandbox', 'live')),
    csrf_token TEXT NOT NULL,
    time_zone TEXT NOT NULL DEFAULT 'UTC',
    create_time TIMESTAMPTZ NOT NULL,
    last_seen_time TIMESTAMPTZ NOT NULL,
    end_time TIMESTAMPTZ
);
-- Ending every session of one person (logout everywhere) and sweeping old sessions.
CREATE INDEX operator_sessions_subject_idx ON operator_sessions (organization_id, subject)
    WHERE end_time IS NULL;
CREATE INDEX operator_sessions_last_seen_idx ON operator_sessions (last_seen_time);

-- Single-use login links printed by `verilink console login-link`: the first administrator's
-- way in, and break-glass when the identity provider is down. Used once, by a conditional
-- UPDATE, like end users' one-time links.
CREATE TABLE operator_login_links (
    token_hash BYTEA PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    email TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('viewer', 'reviewer', 'admin')),
    create_time TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    consume_time TIMESTAMPTZ
);

-- OpenID Connect logins under way: what the callback needs (the nonce the ID token must carry,
-- the PKCE verifier), under the digest of the `state` the browser brings back. Taken once, by
-- DELETE … RETURNING, within ten minutes; older ones are removed as new ones begin.
CREATE TABLE operator_logins (
    state_hash BYTEA PRIMARY KEY,
    nonce TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    create_time TIMESTAMPTZ NOT NULL
);
CREATE INDEX operator_logins_create_time_idx ON operator_logins (create_time);

-- The console finds inquiries by the end user's email (the `email_address` field, any case) and
-- lists them by status; both keep a filtered page one index range scan at a million inquiries.
CREATE INDEX inquiries_email_idx ON inquiries
    (organization_id, environment, (lower(fields -> 'email_address' ->> 'value')), create_time DESC, id DESC);
CREATE INDEX inquiries_status_idx
    ON inquiries (organization_id, environment, status, create_time DESC, id DESC);
