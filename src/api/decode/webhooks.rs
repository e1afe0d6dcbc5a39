//! WebhookService requests into their use cases' inputs.

use super::*;

impl TryFrom<pb::CreateWebhookRequest> for CreateWebhook {
    type Error = Error;
    fn try_from(req: pb::CreateWebhookRequest) -> Result<Self, Error> {
        let webhook = required(req.webhook, "webhook")?;
        let format = convert::parse_webhook_format("webhook.format", webhook.format)?;
        CreateWebhook::new(&webhook.url, &webhook.enabled_events, format)
    }
}

impl TryFrom<pb::GetWebhookRequest> for GetWebhook {
    type Error = Error;
    fn try_from(req: pb::GetWebhookRequest) -> Result<Self, Error> {
        GetWebhook::new(&req.id)
    }
}

impl TryFrom<pb::ListWebhooksRequest> for ListWebhooks {
    type Error = Error;
    fn try_from(req: pb::ListWebhooksRequest) -> Result<Self, Error> {
        ListWebhooks::new(req.page_size, &req.page_token)
    }
}

impl TryFrom<pb::UpdateWebhookRequest> for UpdateWebhook {
    type Error = Error;
    fn try_from(req: pb::UpdateWebhookRequest) -> Result<Self, Error> {
        let webhook = required(req.webhook, "webhook")?;
        let paths = convert::mask_paths(
            req.update_mask.as_ref(),
            &[
                ("url", !webhook.url.is_empty()),
                ("enabled_events", !webhook.enabled_events.is_empty()),
                ("enabled", webhook.enabled),
                ("format", webhook.format != 0),
            ],
        );
        // The format is read only when the update names it.
        let format = match paths.iter().any(|p| p == "format") {
            true => convert::parse_webhook_format("webhook.format", webhook.format)?,
            false => None,
        };
        UpdateWebhook::new(&WebhookUpdate {
            id: &webhook.id,
            paths: &paths,
            url: &webhook.url,
            enabled_events: &webhook.enabled_events,
            enabled: webhook.enabled,
            format,
        })
    }
}

impl TryFrom<pb::DeleteWebhookRequest> for DeleteWebhook {
    type Error = Error;
    fn try_from(req: pb::DeleteWebhookRequest) -> Result<Self, Error> {
        DeleteWebhook::new(&req.id)
    }
}

impl TryFrom<pb::RotateWebhookSecretRequest> for RotateWebhookSecret {
    type Error = Error;
    fn try_from(req: pb::RotateWebhookSecretRequest) -> Result<Self, Error> {
        let grace = convert::opt_duration("grace_period", req.grace_period.as_ref())?;
        RotateWebhookSecret::new(&req.id, grace)
    }
}

impl TryFrom<pb::ListWebhookDeliveriesRequest> for ListDeliveries {
    type Error = Error;
    fn try_from(req: pb::ListWebhookDeliveriesRequest) -> Result<Self, Error> {
        ListDeliveries::new(
            &req.webhook_id,
            &req.inquiry_id,
            req.page_size,
            &req.page_token,
        )
    }
}

impl TryFrom<pb::RedeliverEventRequest> for RedeliverEvent {
    type Error = Error;
    fn try_from(req: pb::RedeliverEventRequest) -> Result<Self, Error> {
        RedeliverEvent::new(&req.webhook_id, &req.event_id)
    }
}
