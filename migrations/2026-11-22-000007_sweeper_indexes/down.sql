DROP INDEX inquiries_retention_idx;
DROP INDEX inquiry_sessions_due_idx;
DROP INDEX one_time_links_due_idx;
