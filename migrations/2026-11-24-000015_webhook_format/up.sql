-- The shape of a webhook's deliveries: Verilink's own event, or Persona's (for receivers
-- written for Persona). Existing webhooks keep Verilink's.
ALTER TABLE webhooks
    ADD COLUMN format TEXT NOT NULL DEFAULT 'verilink' CHECK (format IN ('verilink', 'persona'));
