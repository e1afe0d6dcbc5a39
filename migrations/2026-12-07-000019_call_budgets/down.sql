DROP TABLE call_grants;
