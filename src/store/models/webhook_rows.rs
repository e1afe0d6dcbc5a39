//! Rows of the webhooks and webhook_deliveries tables.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::columns::*;
use super::event_rows::EventRow;
use crate::domain::tenant::{Environment, Tenant};
use crate::domain::webhook::{Delivery, DeliveryStatus, Webhook, WebhookFormat};
use crate::store::schema::{webhook_deliveries, webhooks};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = webhooks, check_for_backend(diesel::pg::Pg), treat_none_as_null = true)]
pub struct WebhookRow {
    pub id: String,
    pub organization_id: String,
    pub environment: Environment,
    pub url: String,
    pub enabled_events: Vec<Option<String>>,
    pub enabled: bool,
    pub disabled_reason: String,
    pub disable_time: Option<DateTime<Utc>>,
    pub secret: String,
    pub previous_secret: Option<String>,
    pub previous_secret_expire_time: Option<DateTime<Utc>>,
    pub failing_since: Option<DateTime<Utc>>,
    pub create_time: DateTime<Utc>,
    pub update_time: DateTime<Utc>,
    pub format: WebhookFormat,
}

impl From<&Webhook> for WebhookRow {
    fn from(w: &Webhook) -> Self {
        WebhookRow {
            id: w.id.clone(),
            organization_id: w.tenant.organization_id.clone(),
            environment: w.tenant.environment,
            url: w.url.clone(),
            enabled_events: tags_column(&w.enabled_events),
            enabled: w.enabled,
            disabled_reason: w.disabled_reason.clone(),
            disable_time: w.disable_time,
            secret: w.secret.clone(),
            previous_secret: w.previous_secret.clone(),
            previous_secret_expire_time: w.previous_secret_expire_time,
            failing_since: w.failing_since,
            create_time: w.create_time,
            update_time: w.update_time,
            format: w.format,
        }
    }
}

impl From<WebhookRow> for Webhook {
    fn from(row: WebhookRow) -> Self {
        Webhook {
            id: row.id,
            tenant: Tenant {
                organization_id: row.organization_id,
                environment: row.environment,
            },
            url: row.url,
            enabled_events: tags_of(row.enabled_events),
            enabled: row.enabled,
            disabled_reason: row.disabled_reason,
            disable_time: row.disable_time,
            secret: row.secret,
            previous_secret: row.previous_secret,
            previous_secret_expire_time: row.previous_secret_expire_time,
            failing_since: row.failing_since,
            create_time: row.create_time,
            update_time: row.update_time,
            format: row.format,
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = webhook_deliveries, check_for_backend(diesel::pg::Pg), treat_none_as_null = true)]
pub struct DeliveryRow {
    pub id: String,
    pub webhook_id: String,
    pub event_seq: i64,
    pub inquiry_id: Option<String>,
    pub status: DeliveryStatus,
    pub attempt_count: i32,
    pub last_status_code: i32,
    pub last_error: String,
    pub next_attempt_time: DateTime<Utc>,
    pub create_time: DateTime<Utc>,
    pub update_time: DateTime<Utc>,
    pub complete_time: Option<DateTime<Utc>>,
}

impl DeliveryRow {
    /// The delivery as the domain sees it, named by its event.
    pub fn into_delivery(self, event: &EventRow) -> Delivery {
        Delivery {
            id: self.id,
            webhook_id: self.webhook_id,
            event_id: event.id.clone(),
            event_name: event.name.clone(),
            inquiry_id: self.inquiry_id,
            status: self.status,
            attempt_count: self.attempt_count,
            last_status_code: self.last_status_code,
            last_error: self.last_error,
            next_attempt_time: self.next_attempt_time,
            create_time: self.create_time,
            update_time: self.update_time,
            complete_time: self.complete_time,
        }
    }
}
