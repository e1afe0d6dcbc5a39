DROP TABLE inquiries;
DROP TABLE inquiry_templates;
