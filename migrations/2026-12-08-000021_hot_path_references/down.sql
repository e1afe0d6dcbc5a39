ALTER TABLE webhook_deliveries ADD CONSTRAINT webhook_deliveries_event_seq_fkey
    FOREIGN KEY (event_seq) REFERENCES events (seq);
ALTER TABLE idempotency_records ADD CONSTRAINT idempotency_records_organization_id_fkey
    FOREIGN KEY (organization_id) REFERENCES organizations (id);
ALTER TABLE inquiry_sessions ADD CONSTRAINT inquiry_sessions_one_time_link_id_fkey
    FOREIGN KEY (one_time_link_id) REFERENCES one_time_links (id),
    ADD CONSTRAINT inquiry_sessions_inquiry_id_fkey FOREIGN KEY (inquiry_id) REFERENCES inquiries (id);
ALTER TABLE one_time_links ADD CONSTRAINT one_time_links_inquiry_id_fkey
    FOREIGN KEY (inquiry_id) REFERENCES inquiries (id);
ALTER TABLE events ADD CONSTRAINT events_inquiry_id_fkey FOREIGN KEY (inquiry_id) REFERENCES inquiries (id),
    ADD CONSTRAINT events_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id);
ALTER TABLE inquiries ADD CONSTRAINT inquiries_inquiry_template_id_fkey
    FOREIGN KEY (inquiry_template_id) REFERENCES inquiry_templates (id),
    ADD CONSTRAINT inquiries_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id);
