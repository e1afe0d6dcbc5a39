ALTER TABLE inquiry_templates
    DROP COLUMN allow_inquiry_id_links,
    DROP COLUMN collected_fields;
