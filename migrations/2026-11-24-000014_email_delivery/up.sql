-- Emailed one-time links. The delivery of a link's email is part of the link (who it went
-- to, in which language, where it stands); the message itself, which holds the link's code,
-- waits in the outbox only until it is sent or given up.
ALTER TABLE one_time_links
    ADD COLUMN email_recipient     TEXT,
    ADD COLUMN email_language      TEXT,
    ADD COLUMN email_status        TEXT CHECK (email_status IN ('queued', 'sent', 'failed', 'canceled')),
    ADD COLUMN email_attempt_count INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN email_last_error    TEXT NOT NULL DEFAULT '',
    ADD COLUMN email_queue_time    TIMESTAMPTZ,
    ADD COLUMN email_send_time     TIMESTAMPTZ,
    ADD COLUMN email_end_time      TIMESTAMPTZ,
    -- The API key that asked for the email (the per-key hourly limit).
    ADD COLUMN email_requested_by  TEXT,
    ADD CONSTRAINT one_time_links_email_complete CHECK (
        (email_status IS NULL) = (email_recipient IS NULL)
        AND (email_status IS NULL) = (email_language IS NULL)
        AND (email_status IS NULL) = (email_queue_time IS NULL)
    );

-- The hourly limits count recent emails per recipient (any tenant) and per API key.
CREATE INDEX one_time_links_email_recipient_idx ON one_time_links (lower(email_recipient), email_queue_time)
    WHERE email_status IS NOT NULL;
CREATE INDEX one_time_links_email_requester_idx ON one_time_links (email_requested_by, email_queue_time)
    WHERE email_status IS NOT NULL;

-- Messages waiting to be sent, written in the same transaction as their link. A row is deleted
-- as soon as its email is sent, given up, canceled or its inquiry redacted.
CREATE TABLE email_outbox (
    link_id           TEXT PRIMARY KEY REFERENCES one_time_links (id),
    inquiry_id        TEXT NOT NULL REFERENCES inquiries (id),
    -- The composed message (JSON); sealed (nonce ‖ ChaCha20-Poly1305) when the server has
    -- VERILINK_ENCRYPTION_KEY.
    message           BYTEA NOT NULL,
    sealed            BOOLEAN NOT NULL,
    -- When the message is due; a mailer that claims it moves this past its lease.
    next_attempt_time TIMESTAMPTZ NOT NULL,
    create_time       TIMESTAMPTZ NOT NULL
);

CREATE INDEX email_outbox_due_idx ON email_outbox (next_attempt_time);
CREATE INDEX email_outbox_inquiry_idx ON email_outbox (inquiry_id);

-- What each template's emails say, by language; and the language used when a request names none.
ALTER TABLE inquiry_templates
    ADD COLUMN email_templates  JSONB NOT NULL DEFAULT '{}',
    ADD COLUMN default_language TEXT NOT NULL DEFAULT 'en';
