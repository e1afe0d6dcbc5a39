-- GetInquiry, minimal: one read of the inquiry by its primary key, within its tenant.
\set n random(1, :rows)
SELECT * FROM inquiries WHERE id = :n AND tenant_id = :tenant;
