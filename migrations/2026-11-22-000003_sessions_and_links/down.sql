DROP TABLE inquiry_sessions;
DROP TABLE one_time_links;
