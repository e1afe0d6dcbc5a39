//! WebhookService requests into their use cases' inputs.

use super::*;

impl TryFrom<pb::CreateWebhookRequest> for CreateWebhook {
    type Error = Error;
    fn try_from(req: pb::CreateWebhookRequest) -> Result<Self, Error> {
        let webhook = required(req.webhook, "webhook")?;
        Ok(CreateWebhook {
            url: check_url(&webhook.url)?,
            enabled_events: check_events(&webhook.enabled_events)?,
            format: convert::parse_webhook_format("webhook.format", webhook.format)?
                .unwrap_or_default(),
        })
    }
}

impl TryFrom<pb::GetWebhookRequest> for GetWebhook {
    type Error = Error;
    fn try_from(req: pb::GetWebhookRequest) -> Result<Self, Error> {
        Ok(GetWebhook {
            id: IdKind::Webhook.parse("id", &req.id)?,
        })
    }
}

impl TryFrom<pb::ListWebhooksRequest> for ListWebhooks {
    type Error = Error;
    fn try_from(req: pb::ListWebhooksRequest) -> Result<Self, Error> {
        Ok(ListWebhooks {
            page: PageRequest::parse(req.page_size, &req.page_token, "webhooks")?,
        })
    }
}

/// Paths UpdateWebhook accepts in its mask.
const WEBHOOK_UPDATABLE_PATHS: &[&str] = &["url", "enabled_events", "enabled", "format"];

impl TryFrom<pb::UpdateWebhookRequest> for UpdateWebhook {
    type Error = Error;
    fn try_from(req: pb::UpdateWebhookRequest) -> Result<Self, Error> {
        let webhook = required(req.webhook, "webhook")?;
        let id = IdKind::Webhook.parse("webhook.id", &webhook.id)?;
        let paths = convert::mask_paths(
            req.update_mask.as_ref(),
            &[
                ("url", !webhook.url.is_empty()),
                ("enabled_events", !webhook.enabled_events.is_empty()),
                ("enabled", webhook.enabled),
                ("format", webhook.format != 0),
            ],
        );
        check_update_paths(&paths, WEBHOOK_UPDATABLE_PATHS)?;
        let has = |path: &str| paths.iter().any(|p| p == path);
        let patch = WebhookPatch {
            url: has("url").then(|| check_url(&webhook.url)).transpose()?,
            enabled_events: has("enabled_events")
                .then(|| check_events(&webhook.enabled_events))
                .transpose()?,
            enabled: has("enabled").then_some(webhook.enabled),
            format: match has("format") {
                // Naming the field without a value asks for the default.
                true => Some(
                    convert::parse_webhook_format("webhook.format", webhook.format)?
                        .unwrap_or_default(),
                ),
                false => None,
            },
        };
        Ok(UpdateWebhook { id, patch })
    }
}

impl TryFrom<pb::DeleteWebhookRequest> for DeleteWebhook {
    type Error = Error;
    fn try_from(req: pb::DeleteWebhookRequest) -> Result<Self, Error> {
        Ok(DeleteWebhook {
            id: IdKind::Webhook.parse("id", &req.id)?,
        })
    }
}

impl TryFrom<pb::RotateWebhookSecretRequest> for RotateWebhookSecret {
    type Error = Error;
    fn try_from(req: pb::RotateWebhookSecretRequest) -> Result<Self, Error> {
        let grace =
            convert::opt_duration("grace_period", req.grace_period.as_ref())?.unwrap_or_default();
        Ok(RotateWebhookSecret {
            id: IdKind::Webhook.parse("id", &req.id)?,
            grace: check_grace(grace)?,
        })
    }
}

impl TryFrom<pb::ListWebhookDeliveriesRequest> for ListDeliveries {
    type Error = Error;
    fn try_from(req: pb::ListWebhookDeliveriesRequest) -> Result<Self, Error> {
        let webhook_id = optional_id(IdKind::Webhook, "webhook_id", &req.webhook_id)?;
        let inquiry_id = optional_id(IdKind::Inquiry, "inquiry_id", &req.inquiry_id)?;
        if webhook_id.is_none() && inquiry_id.is_none() {
            return Err(Error::invalid(
                "webhook_id",
                "name a webhook_id, an inquiry_id, or both",
            ));
        }
        let filters = format!("webhook_id={webhook_id:?},inquiry_id={inquiry_id:?}");
        Ok(ListDeliveries {
            page: PageRequest::parse(req.page_size, &req.page_token, &filters)?,
            webhook_id,
            inquiry_id,
        })
    }
}

impl TryFrom<pb::RedeliverEventRequest> for RedeliverEvent {
    type Error = Error;
    fn try_from(req: pb::RedeliverEventRequest) -> Result<Self, Error> {
        Ok(RedeliverEvent {
            webhook_id: IdKind::Webhook.parse("webhook_id", &req.webhook_id)?,
            event_id: IdKind::Event.parse("event_id", &req.event_id)?,
        })
    }
}
