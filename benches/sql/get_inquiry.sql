-- GetInquiry: the API key comes from the in-process cache; the inquiry is one SELECT.
SELECT * FROM inquiries
 WHERE id = :inquiry_id AND organization_id = :organization_id AND environment = 'sandbox'
 LIMIT 1;
