//! `verilink.v1.WebhookService`.

use chrono::TimeDelta;
use tonic::{Request, Response, Status};

use super::{convert, AppState};
use crate::domain::ids::IdKind;
use crate::domain::paging::PageRequest;
use crate::domain::webhook::{check_events, check_url};
use crate::domain::Error;
use crate::pb;
use crate::pb::webhook_service_server::WebhookService;
use crate::store::webhooks;

pub struct Webhooks(pub AppState);

const UPDATABLE_PATHS: &[&str] = &["url", "enabled_events", "enabled"];
const MAX_GRACE: TimeDelta = TimeDelta::days(7);

fn required(webhook: Option<pb::Webhook>) -> Result<pb::Webhook, Error> {
    webhook.ok_or_else(|| Error::invalid("webhook", "is required"))
}

#[tonic::async_trait]
impl WebhookService for Webhooks {
    async fn create_webhook(
        &self,
        request: Request<pb::CreateWebhookRequest>,
    ) -> Result<Response<pb::CreateWebhookResponse>, Status> {
        let (principal, idempotency, req) = self.0.authorize_mutation(request).await?;
        let request_copy = req.clone();
        self.0
            .idempotent(idempotency, "CreateWebhook", &request_copy, async move {
                let webhook = required(req.webhook)?;
                let url = check_url(&webhook.url)?;
                let events = check_events(&webhook.enabled_events)?;
                let now = self.0.now();
                let row = self
                    .0
                    .store
                    .run(move |conn| webhooks::create(conn, &principal.tenant, url, events, now))
                    .await?;
                Ok(pb::CreateWebhookResponse {
                    webhook: Some(convert::webhook(&row)),
                    secret: row.secret,
                })
            })
            .await
    }

    async fn get_webhook(
        &self,
        request: Request<pb::GetWebhookRequest>,
    ) -> Result<Response<pb::GetWebhookResponse>, Status> {
        let (principal, req) = self.0.authorize(request).await?;
        let id = IdKind::Webhook.parse("id", &req.id)?;
        let row = self
            .0
            .store
            .run(move |conn| webhooks::get(conn, &principal.tenant, &id))
            .await?;
        Ok(Response::new(pb::GetWebhookResponse {
            webhook: Some(convert::webhook(&row)),
        }))
    }

    async fn list_webhooks(
        &self,
        request: Request<pb::ListWebhooksRequest>,
    ) -> Result<Response<pb::ListWebhooksResponse>, Status> {
        let (principal, req) = self.0.authorize(request).await?;
        let page = PageRequest::parse(req.page_size, &req.page_token, "webhooks")?;
        let (rows, next_page_token) = self
            .0
            .store
            .run(move |conn| webhooks::list(conn, &principal.tenant, &page))
            .await?;
        Ok(Response::new(pb::ListWebhooksResponse {
            webhooks: rows.iter().map(convert::webhook).collect(),
            next_page_token,
        }))
    }

    async fn update_webhook(
        &self,
        request: Request<pb::UpdateWebhookRequest>,
    ) -> Result<Response<pb::UpdateWebhookResponse>, Status> {
        let (principal, idempotency, req) = self.0.authorize_mutation(request).await?;
        let request_copy = req.clone();
        self.0
            .idempotent(idempotency, "UpdateWebhook", &request_copy, async move {
                let webhook = required(req.webhook)?;
                let id = IdKind::Webhook.parse("webhook.id", &webhook.id)?;
                let paths = convert::mask_paths(
                    req.update_mask.as_ref(),
                    &[
                        ("url", !webhook.url.is_empty()),
                        ("enabled_events", !webhook.enabled_events.is_empty()),
                        ("enabled", webhook.enabled),
                    ],
                    UPDATABLE_PATHS,
                )?;
                let has = |path: &str| paths.iter().any(|p| p == path);
                let url = has("url").then(|| check_url(&webhook.url)).transpose()?;
                let events = has("enabled_events")
                    .then(|| check_events(&webhook.enabled_events))
                    .transpose()?;
                let enabled = has("enabled").then_some(webhook.enabled);
                let now = self.0.now();
                let row = self
                    .0
                    .store
                    .transaction(move |conn| {
                        webhooks::update(conn, &principal.tenant, &id, now, |row| {
                            if let Some(url) = url {
                                row.url = url;
                            }
                            if let Some(events) = events {
                                row.enabled_events = events.into_iter().map(Some).collect();
                            }
                            match enabled {
                                Some(true) => {
                                    row.enabled = true;
                                    row.disabled_reason.clear();
                                    row.disable_time = None;
                                    row.failing_since = None;
                                }
                                Some(false) if row.enabled => {
                                    row.enabled = false;
                                    row.disabled_reason = "disabled by UpdateWebhook".into();
                                    row.disable_time = Some(now);
                                }
                                _ => {}
                            }
                            Ok(())
                        })
                    })
                    .await?;
                Ok(pb::UpdateWebhookResponse {
                    webhook: Some(convert::webhook(&row)),
                })
            })
            .await
    }

    async fn delete_webhook(
        &self,
        request: Request<pb::DeleteWebhookRequest>,
    ) -> Result<Response<pb::DeleteWebhookResponse>, Status> {
        let (principal, idempotency, req) = self.0.authorize_mutation(request).await?;
        let request_copy = req.clone();
        self.0
            .idempotent(idempotency, "DeleteWebhook", &request_copy, async move {
                let id = IdKind::Webhook.parse("id", &req.id)?;
                self.0
                    .store
                    .transaction(move |conn| webhooks::delete(conn, &principal.tenant, &id))
                    .await?;
                Ok(pb::DeleteWebhookResponse {})
            })
            .await
    }

    async fn rotate_webhook_secret(
        &self,
        request: Request<pb::RotateWebhookSecretRequest>,
    ) -> Result<Response<pb::RotateWebhookSecretResponse>, Status> {
        let (principal, idempotency, req) = self.0.authorize_mutation(request).await?;
        let request_copy = req.clone();
        self.0
            .idempotent(
                idempotency,
                "RotateWebhookSecret",
                &request_copy,
                async move {
                    let id = IdKind::Webhook.parse("id", &req.id)?;
                    let grace = req
                        .grace_period
                        .as_ref()
                        .map(|d| convert::parse_duration("grace_period", d))
                        .transpose()?
                        .unwrap_or_default();
                    if grace > MAX_GRACE {
                        return Err(Error::invalid("grace_period", "must be at most 7 days").into());
                    }
                    let now = self.0.now();
                    let row = self
                        .0
                        .store
                        .transaction(move |conn| {
                            webhooks::rotate_secret(conn, &principal.tenant, &id, grace, now)
                        })
                        .await?;
                    Ok(pb::RotateWebhookSecretResponse {
                        webhook: Some(convert::webhook(&row)),
                        secret: row.secret,
                    })
                },
            )
            .await
    }

    async fn list_webhook_deliveries(
        &self,
        request: Request<pb::ListWebhookDeliveriesRequest>,
    ) -> Result<Response<pb::ListWebhookDeliveriesResponse>, Status> {
        let (principal, req) = self.0.authorize(request).await?;
        let optional = |kind: IdKind, field: &str, value: &str| {
            (!value.is_empty())
                .then(|| kind.parse(field, value))
                .transpose()
        };
        let webhook_id = optional(IdKind::Webhook, "webhook_id", &req.webhook_id)?;
        let inquiry_id = optional(IdKind::Inquiry, "inquiry_id", &req.inquiry_id)?;
        if webhook_id.is_none() && inquiry_id.is_none() {
            return Err(
                Error::invalid("webhook_id", "name a webhook_id, an inquiry_id, or both").into(),
            );
        }
        let page = PageRequest::parse(
            req.page_size,
            &req.page_token,
            &format!("webhook_id={webhook_id:?},inquiry_id={inquiry_id:?}"),
        )?;
        let (rows, next_page_token) = self
            .0
            .store
            .transaction(move |conn| {
                if let Some(id) = &webhook_id {
                    webhooks::get(conn, &principal.tenant, id)?;
                }
                webhooks::deliveries(
                    conn,
                    &principal.tenant,
                    webhook_id.as_deref(),
                    inquiry_id.as_deref(),
                    &page,
                )
            })
            .await?;
        Ok(Response::new(pb::ListWebhookDeliveriesResponse {
            webhook_deliveries: rows.iter().map(|(d, e)| convert::delivery(d, e)).collect(),
            next_page_token,
        }))
    }

    async fn redeliver_event(
        &self,
        request: Request<pb::RedeliverEventRequest>,
    ) -> Result<Response<pb::RedeliverEventResponse>, Status> {
        let (principal, idempotency, req) = self.0.authorize_mutation(request).await?;
        let request_copy = req.clone();
        self.0
            .idempotent(idempotency, "RedeliverEvent", &request_copy, async move {
                let webhook_id = IdKind::Webhook.parse("webhook_id", &req.webhook_id)?;
                let event_id = IdKind::Event.parse("event_id", &req.event_id)?;
                let now = self.0.now();
                let (delivery, event) = self
                    .0
                    .store
                    .transaction(move |conn| {
                        webhooks::redeliver(conn, &principal.tenant, &webhook_id, &event_id, now)
                    })
                    .await?;
                Ok(pb::RedeliverEventResponse {
                    webhook_delivery: Some(convert::delivery(&delivery, &event)),
                })
            })
            .await
    }
}
