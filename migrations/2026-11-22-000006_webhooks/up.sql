-- Webhook endpoints. The signing secret is kept in the clear: it is needed to sign.
CREATE TABLE webhooks (
    id                          TEXT PRIMARY KEY,
    organization_id             TEXT NOT NULL REFERENCES organizations (id),
    environment                 TEXT NOT NULL CHECK (environment IN ('sandbox', 'live')),
    url                         TEXT NOT NULL,
    enabled_events              TEXT[] NOT NULL,
    enabled                     BOOLEAN NOT NULL,
    disabled_reason             TEXT NOT NULL,
    disable_time                TIMESTAMPTZ,
    secret                      TEXT NOT NULL,
    previous_secret             TEXT,
    previous_secret_expire_time TIMESTAMPTZ,
    -- When the current run of failed attempts began (NULL after a success).
    failing_since               TIMESTAMPTZ,
    create_time                 TIMESTAMPTZ NOT NULL,
    update_time                 TIMESTAMPTZ NOT NULL
);

CREATE INDEX webhooks_tenant_idx ON webhooks (organization_id, environment, create_time DESC, id DESC);

-- One row per (webhook, event) to deliver; written in the same transaction as the event.
CREATE TABLE webhook_deliveries (
    id                TEXT PRIMARY KEY,
    webhook_id        TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_seq         BIGINT NOT NULL REFERENCES events (seq),
    inquiry_id        TEXT,
    status            TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
    attempt_count     INTEGER NOT NULL,
    last_status_code  INTEGER NOT NULL,
    last_error        TEXT NOT NULL,
    next_attempt_time TIMESTAMPTZ NOT NULL,
    create_time       TIMESTAMPTZ NOT NULL,
    update_time       TIMESTAMPTZ NOT NULL,
    complete_time     TIMESTAMPTZ
);

-- What the dispatchers claim (FOR UPDATE SKIP LOCKED).
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_time)
    WHERE status = 'pending';
CREATE INDEX webhook_deliveries_webhook_idx ON webhook_deliveries (webhook_id, create_time DESC, id DESC);
CREATE INDEX webhook_deliveries_inquiry_idx ON webhook_deliveries (inquiry_id, create_time DESC, id DESC);
