-- CreateInquiry, minimal: the inquiry, and the event that records it.
BEGIN;
INSERT INTO inquiries (tenant_id, status, reference_id, expires_at, create_time, update_time)
VALUES (:tenant, 'created', 'bench', now() + interval '1 day', now(), now())
RETURNING id AS inquiry \gset
INSERT INTO events (inquiry_id, name, actor, create_time)
VALUES (:inquiry, 'inquiry.created', :actor, now());
END;
