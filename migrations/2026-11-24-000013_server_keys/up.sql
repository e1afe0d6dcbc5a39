-- Keys the service signs its own tokens with (page tokens), made once per database so every
-- replica shares them. 244 random bits from two version-4 UUIDs (PostgreSQL's strong random).
CREATE TABLE server_keys (
    name  TEXT PRIMARY KEY,
    value BYTEA NOT NULL
);

INSERT INTO server_keys (name, value)
VALUES ('page_tokens',
        decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'));
