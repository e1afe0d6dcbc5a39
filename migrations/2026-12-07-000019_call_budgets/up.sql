-- The per-caller call budget is shared by all replicas: each leases slices of it (a row per
-- lease), and a caller's leases granted within the last minute never sum to more than its
-- limit. Rows older than the window are purged by the maintenance worker.
CREATE TABLE call_grants (
    id         BIGSERIAL PRIMARY KEY,
    caller     TEXT NOT NULL,
    grant_time TIMESTAMPTZ NOT NULL,
    calls      INTEGER NOT NULL CHECK (calls > 0)
);
CREATE INDEX call_grants_caller_idx ON call_grants (caller, grant_time);
CREATE INDEX call_grants_time_idx ON call_grants (grant_time);
