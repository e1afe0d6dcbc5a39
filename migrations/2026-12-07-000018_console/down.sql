DROP TABLE operator_logins;
DROP TABLE operator_login_links;
DROP TABLE operator_sessions;
