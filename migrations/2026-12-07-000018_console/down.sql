DROP INDEX inquiries_status_idx;
DROP INDEX inquiries_email_idx;
DROP TABLE operator_logins;
DROP TABLE operator_login_links;
DROP TABLE operator_sessions;
