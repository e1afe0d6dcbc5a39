-- Organizations and their API keys. Keys are stored only as SHA-256 digests of the secret.
CREATE TABLE organizations (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    create_time TIMESTAMPTZ NOT NULL
);

CREATE TABLE api_keys (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    environment     TEXT NOT NULL CHECK (environment IN ('sandbox', 'live')),
    secret_hash     BYTEA NOT NULL UNIQUE,
    -- The first characters of the key, shown in listings so an operator can tell keys apart.
    display_prefix  TEXT NOT NULL,
    create_time     TIMESTAMPTZ NOT NULL,
    revoke_time     TIMESTAMPTZ
);

CREATE INDEX api_keys_organization_idx ON api_keys (organization_id, create_time DESC);
