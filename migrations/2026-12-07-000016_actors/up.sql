-- contract: old binaries create keys without a name, which the NOT NULL below refuses; this
-- shipped before Verilink's first release, so no older version ran beside it.
-- Who did it. API keys get names (unique among an organization's unrevoked keys of one
-- environment); keys made before names existed are called `key-<their prefix>`.
ALTER TABLE api_keys ADD COLUMN name TEXT;
UPDATE api_keys SET name = 'key-' || display_prefix;
-- Two old keys with one prefix (unlikely, not impossible) keep apart by their IDs.
UPDATE api_keys k SET name = 'key-' || k.display_prefix || '-' || k.id
WHERE EXISTS (
    SELECT 1 FROM api_keys other
    WHERE other.organization_id = k.organization_id AND other.environment = k.environment
      AND other.name = k.name AND other.id < k.id
);
ALTER TABLE api_keys ALTER COLUMN name SET NOT NULL;
CREATE UNIQUE INDEX api_keys_name_idx ON api_keys (organization_id, environment, name)
    WHERE revoke_time IS NULL;

-- Every event records its actor; events written before this read as kind 'unknown'.
ALTER TABLE events
    ADD COLUMN actor_kind TEXT NOT NULL DEFAULT 'unknown'
        CHECK (actor_kind IN ('unknown', 'api_key', 'operator', 'end_user', 'system')),
    ADD COLUMN actor_id TEXT NOT NULL DEFAULT '',
    ADD COLUMN actor_name TEXT,
    ADD COLUMN client_ip TEXT,
    ADD COLUMN user_agent TEXT,
    ADD COLUMN request_id TEXT,
    ADD COLUMN idempotency_key_digest TEXT;

-- The audit log lists a tenant's events newest first: all of them (or a time range), one
-- actor's, or one event name's. An inquiry's events come from events_inquiry_idx.
CREATE INDEX events_audit_idx ON events (organization_id, environment, create_time DESC, seq DESC);
CREATE INDEX events_audit_actor_idx
    ON events (organization_id, environment, actor_id, create_time DESC, seq DESC);
CREATE INDEX events_audit_name_idx
    ON events (organization_id, environment, name, create_time DESC, seq DESC);

-- Events are append-only: no DELETE or TRUNCATE, and an UPDATE may only empty what redaction
-- empties (the snapshot's personal data, an end user's address and user agent). Everything
-- else of an event, its actor above all, stays as it was written.
CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'UPDATE' THEN
        RAISE EXCEPTION 'events are append-only: % is not allowed', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF (NEW.seq, NEW.id, NEW.organization_id, NEW.environment, NEW.inquiry_id, NEW.name,
        NEW.create_time, NEW.actor_kind, NEW.actor_id, NEW.actor_name, NEW.request_id,
        NEW.idempotency_key_digest)
       IS DISTINCT FROM
       (OLD.seq, OLD.id, OLD.organization_id, OLD.environment, OLD.inquiry_id, OLD.name,
        OLD.create_time, OLD.actor_kind, OLD.actor_id, OLD.actor_name, OLD.request_id,
        OLD.idempotency_key_digest)
       OR (NEW.client_ip IS DISTINCT FROM OLD.client_ip AND NEW.client_ip IS NOT NULL)
       OR (NEW.user_agent IS DISTINCT FROM OLD.user_agent AND NEW.user_agent IS NOT NULL)
    THEN
        RAISE EXCEPTION 'events are append-only: only redaction may empty an event''s personal data'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_append_only();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION events_append_only();
