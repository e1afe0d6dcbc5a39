-- contract: old binaries read and write `creator` as text, which this replaces; this shipped
-- before Verilink's first release, so no older version ran beside it.
-- An inquiry names who created it and who last approved or declined it (an API key, an
-- operator, or the service's auto-approval), as Persona's `creator` and `reviewer` do. Each
-- is the actor's identity as JSON — {"kind", "id", "display_name"} — not its call's origin
-- (the audit log keeps that); one column each keeps the table within diesel's 32 columns.
-- Inquiries created before this were all created by API keys: `creator` held the key's ID.
ALTER TABLE inquiries ADD COLUMN creator_actor JSONB, ADD COLUMN reviewer JSONB;
UPDATE inquiries SET creator_actor = jsonb_build_object(
    'kind', 'api_key',
    'id', creator,
    'display_name', (SELECT k.name FROM api_keys k WHERE k.id = inquiries.creator));
ALTER TABLE inquiries DROP COLUMN creator;
ALTER TABLE inquiries RENAME COLUMN creator_actor TO creator;
ALTER TABLE inquiries ALTER COLUMN creator SET NOT NULL;

-- A decision made since events have actors names its actor; older ones are left unset.
UPDATE inquiries i
SET reviewer = jsonb_build_object('kind', d.actor_kind, 'id', d.actor_id, 'display_name', d.actor_name)
FROM (
    SELECT DISTINCT ON (inquiry_id) inquiry_id, actor_kind, actor_id, actor_name
    FROM events
    WHERE name IN ('inquiry.approved', 'inquiry.declined') AND actor_kind <> 'unknown'
    ORDER BY inquiry_id, seq DESC
) d
WHERE d.inquiry_id = i.id AND i.decision_time IS NOT NULL;
