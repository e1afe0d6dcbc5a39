-- The per-recipient email limit counts mailboxes, not spellings: every link emailed keeps the
-- SHA-256 digest of its recipient's limit key (the canonical address in lower case, without a
-- `+tag`, Gmail without dots; see `Mailbox::limit_key`). Redaction empties the address but
-- keeps the digest, so redacting an inquiry does not give its person's hour back.
ALTER TABLE one_time_links ADD COLUMN email_recipient_key BYTEA;

-- Links emailed before: the key from the address as it was stored (domain already lower
-- case), quotes around the local part and their escapes removed, the tag and Gmail's dots
-- dropped. A Unicode domain stays as stored (IDNA is not done here); such a key differs from
-- the new one, which matters only within the hour after this migration.
WITH parts AS (
    SELECT id,
           lower(substring(email_recipient FROM '^(.*)@[^@]*$')) AS local,
           lower(substring(email_recipient FROM '@([^@]*)$')) AS domain
    FROM one_time_links
    WHERE email_recipient <> ''
), unquoted AS (
    SELECT id, domain,
           CASE WHEN local LIKE '"%"' AND length(local) > 2
                THEN regexp_replace(substr(local, 2, length(local) - 2), '\\(.)', '\1', 'g')
                ELSE regexp_replace(local, '^([^+]+)\+.*$', '\1')
           END AS local
    FROM parts
    WHERE local IS NOT NULL
), keyed AS (
    SELECT id,
           CASE WHEN domain IN ('gmail.com', 'googlemail.com')
                THEN replace(local, '.', '') || '@gmail.com'
                ELSE local || '@' || domain
           END AS key
    FROM unquoted
)
UPDATE one_time_links l SET email_recipient_key = sha256(convert_to(keyed.key, 'UTF8'))
FROM keyed WHERE l.id = keyed.id;

-- The count's index, in place of the one on the address as typed.
DROP INDEX one_time_links_email_recipient_idx;
CREATE INDEX one_time_links_email_recipient_key_idx
    ON one_time_links (email_recipient_key, email_queue_time)
    WHERE email_recipient_key IS NOT NULL;
