ALTER TABLE inquiries ADD COLUMN creator_id TEXT;
UPDATE inquiries SET creator_id = creator ->> 'id';
ALTER TABLE inquiries DROP COLUMN creator, DROP COLUMN reviewer;
ALTER TABLE inquiries RENAME COLUMN creator_id TO creator;
ALTER TABLE inquiries ALTER COLUMN creator SET NOT NULL;
