ALTER TABLE inquiry_templates
    DROP COLUMN default_language,
    DROP COLUMN email_templates;

DROP TABLE email_outbox;

ALTER TABLE one_time_links
    DROP CONSTRAINT one_time_links_email_complete,
    DROP COLUMN email_requested_by,
    DROP COLUMN email_end_time,
    DROP COLUMN email_send_time,
    DROP COLUMN email_queue_time,
    DROP COLUMN email_last_error,
    DROP COLUMN email_attempt_count,
    DROP COLUMN email_status,
    DROP COLUMN email_language,
    DROP COLUMN email_recipient;
