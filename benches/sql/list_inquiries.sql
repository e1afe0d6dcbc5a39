-- ListInquiries (default page of 50: one more row tells whether another page exists).
SELECT * FROM inquiries
 WHERE organization_id = :organization_id AND environment = 'sandbox'
 ORDER BY create_time DESC, id DESC
 LIMIT 51;
