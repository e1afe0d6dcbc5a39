-- What the expiry sweeper and the retention worker scan.
CREATE INDEX one_time_links_due_idx ON one_time_links (expires_at) WHERE status = 'pending';
CREATE INDEX inquiry_sessions_due_idx ON inquiry_sessions (expires_at) WHERE status = 'active';
CREATE INDEX inquiries_retention_idx ON inquiries (create_time)
    WHERE redact_time IS NULL AND redact_after_secs IS NOT NULL;
