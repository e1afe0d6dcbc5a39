-- Every state change writes one row here in the same transaction (the outbox).
-- `seq` orders events for streaming and replay; `id` is the public evt_ identifier.
CREATE TABLE events (
    seq             BIGSERIAL PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    environment     TEXT NOT NULL CHECK (environment IN ('sandbox', 'live')),
    inquiry_id      TEXT REFERENCES inquiries (id),
    name            TEXT NOT NULL,
    data            JSONB NOT NULL,
    create_time     TIMESTAMPTZ NOT NULL
);

CREATE INDEX events_inquiry_idx ON events (inquiry_id, seq);
