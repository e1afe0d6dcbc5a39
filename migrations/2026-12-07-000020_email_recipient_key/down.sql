DROP INDEX one_time_links_email_recipient_key_idx;
CREATE INDEX one_time_links_email_recipient_idx ON one_time_links (lower(email_recipient), email_queue_time)
    WHERE email_status IS NOT NULL;
ALTER TABLE one_time_links DROP COLUMN email_recipient_key;
