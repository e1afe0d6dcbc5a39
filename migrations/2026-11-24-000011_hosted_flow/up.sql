-- What the hosted flow collects, per template (a JSON array of collected fields in display
-- order), and whether inquiry-ID links open it (off by default: one-time links are safer).
ALTER TABLE inquiry_templates
    ADD COLUMN collected_fields JSONB NOT NULL DEFAULT '[]'::jsonb,
    ADD COLUMN allow_inquiry_id_links BOOLEAN NOT NULL DEFAULT false;
