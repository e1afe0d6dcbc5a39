DROP TRIGGER events_no_truncate ON events;
DROP TRIGGER events_append_only ON events;
DROP FUNCTION events_append_only();
DROP INDEX events_audit_name_idx;
DROP INDEX events_audit_actor_idx;
DROP INDEX events_audit_idx;
ALTER TABLE events
    DROP COLUMN actor_kind,
    DROP COLUMN actor_id,
    DROP COLUMN actor_name,
    DROP COLUMN client_ip,
    DROP COLUMN user_agent,
    DROP COLUMN request_id,
    DROP COLUMN idempotency_key_digest;
DROP INDEX api_keys_name_idx;
ALTER TABLE api_keys DROP COLUMN name;
