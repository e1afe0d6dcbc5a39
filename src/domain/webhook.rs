//! Webhook rules: endpoint validation, event selection, signatures and the retry schedule.

use chrono::{DateTime, TimeDelta, Utc};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use super::error::quoted;

use super::events::EventKind;
use super::secrets::random_base62;
use super::tenant::Tenant;
use super::Error;

mod address;
mod target;
pub use address::*;
pub use target::*;

/// An endpoint that receives a tenant's events. The secrets sign deliveries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Webhook {
    pub id: String,
    pub tenant: Tenant,
    pub url: String,
    pub enabled_events: Vec<String>,
    pub enabled: bool,
    pub disabled_reason: String,
    pub disable_time: Option<DateTime<Utc>>,
    pub secret: String,
    pub previous_secret: Option<String>,
    pub previous_secret_expire_time: Option<DateTime<Utc>>,
    /// When the current run of failed attempts began (`None` after a success).
    pub failing_since: Option<DateTime<Utc>>,
    pub create_time: DateTime<Utc>,
    pub update_time: DateTime<Utc>,
    pub format: WebhookFormat,
}

/// The shape of a webhook's deliveries: their body and signature header.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum WebhookFormat {
    /// `verilink.v1.WebhookEvent` signed in `Verilink-Signature`.
    #[default]
    Verilink,
    /// Persona's event object signed in `Persona-Signature`, for receivers written for Persona.
    Persona,
}

impl WebhookFormat {
    pub const ALL: [WebhookFormat; 2] = [WebhookFormat::Verilink, WebhookFormat::Persona];

    /// The value stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            WebhookFormat::Verilink => "verilink",
            WebhookFormat::Persona => "persona",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == value)
    }

    /// Whether this is the default, which requests leave out of their idempotency digest so
    /// that requests made before formats existed digest as they did.
    pub fn is_default(&self) -> bool {
        *self == WebhookFormat::Verilink
    }
}

/// The changes UpdateWebhook may make; `None` leaves a value as it is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WebhookPatch {
    pub url: Option<String>,
    pub enabled_events: Option<Vec<String>>,
    pub enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<WebhookFormat>,
}

/// Paths UpdateWebhook accepts in its mask.
pub const UPDATABLE_PATHS: &[&str] = &["url", "enabled_events", "enabled", "format"];

/// Longest rotation grace period.
pub const MAX_GRACE: TimeDelta = TimeDelta::days(7);

impl Webhook {
    /// A new, enabled webhook with a fresh secret.
    pub fn new(
        id: String,
        tenant: Tenant,
        url: String,
        enabled_events: Vec<String>,
        now: DateTime<Utc>,
    ) -> Result<Self, Error> {
        Ok(Webhook {
            id,
            tenant,
            url,
            enabled_events,
            enabled: true,
            disabled_reason: String::new(),
            disable_time: None,
            secret: generate_secret()?,
            previous_secret: None,
            previous_secret_expire_time: None,
            failing_since: None,
            create_time: now,
            update_time: now,
            format: WebhookFormat::Verilink,
        })
    }

    /// Applies an update. Re-enabling clears the reason it was disabled and its failure run.
    pub fn update(&mut self, patch: WebhookPatch, now: DateTime<Utc>) {
        if let Some(url) = patch.url {
            self.url = url;
        }
        if let Some(events) = patch.enabled_events {
            self.enabled_events = events;
        }
        if let Some(format) = patch.format {
            self.format = format;
        }
        match patch.enabled {
            Some(true) => {
                self.enabled = true;
                self.disabled_reason.clear();
                self.disable_time = None;
                self.failing_since = None;
            }
            Some(false) if self.enabled => {
                self.enabled = false;
                self.disabled_reason = "disabled by UpdateWebhook".into();
                self.disable_time = Some(now);
            }
            _ => {}
        }
        self.update_time = now;
    }

    /// A new secret; the previous one keeps signing (beside it) until `now + grace`.
    pub fn rotate_secret(&mut self, grace: TimeDelta, now: DateTime<Utc>) -> Result<(), Error> {
        let previous = std::mem::replace(&mut self.secret, generate_secret()?);
        (self.previous_secret, self.previous_secret_expire_time) = if grace > TimeDelta::zero() {
            (Some(previous), Some(now + grace))
        } else {
            (None, None)
        };
        self.update_time = now;
        Ok(())
    }

    /// The secrets that sign a delivery now: the current one, and the previous one during
    /// its rotation grace period.
    pub fn signing_secrets(&self, now: DateTime<Utc>) -> Vec<&str> {
        let mut secrets = vec![self.secret.as_str()];
        if let (Some(previous), Some(until)) =
            (&self.previous_secret, self.previous_secret_expire_time)
        {
            if until > now {
                secrets.push(previous);
            }
        }
        secrets
    }
}

/// An enabled webhook as a change sees it: which events it takes. A replica keeps the
/// tenant's in a cache, so that recording events reads no webhook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    pub webhook_id: String,
    pub enabled_events: Vec<String>,
}

impl Subscription {
    pub fn selects(&self, event: &str) -> bool {
        selects(&self.enabled_events, event)
    }
}

/// Checks RotateWebhookSecret's grace period.
pub fn check_grace(grace: TimeDelta) -> Result<TimeDelta, Error> {
    if grace > MAX_GRACE {
        return Err(Error::invalid("grace_period", "must be at most 7 days"));
    }
    Ok(grace)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DeliveryStatus {
    Pending,
    Succeeded,
    Failed,
}

impl DeliveryStatus {
    pub const ALL: [DeliveryStatus; 3] = [
        DeliveryStatus::Pending,
        DeliveryStatus::Succeeded,
        DeliveryStatus::Failed,
    ];

    /// The value stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Succeeded => "succeeded",
            DeliveryStatus::Failed => "failed",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }
}

/// The delivery of one event to one webhook, across its attempts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Delivery {
    pub id: String,
    pub webhook_id: String,
    pub event_id: String,
    pub event_name: String,
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

/// How one attempt ended.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub status_code: i32,
    pub error: String,
    pub succeeded: bool,
    /// When to try again; `None` when the delivery has used every attempt.
    pub retry_at: Option<DateTime<Utc>>,
}

/// Longest error kept on a delivery.
const LAST_ERROR_MAX_CHARS: usize = 1000;

/// Records an attempt on the delivery and its webhook. A delivery that exhausts its attempts
/// while its webhook has failed continuously since before the delivery was queued disables
/// the webhook.
pub fn record_attempt(
    delivery: &mut Delivery,
    webhook: &mut Webhook,
    attempt: Attempt,
    now: DateTime<Utc>,
) {
    delivery.last_status_code = attempt.status_code;
    delivery.last_error = attempt.error.chars().take(LAST_ERROR_MAX_CHARS).collect();
    delivery.update_time = now;
    if attempt.succeeded {
        delivery.status = DeliveryStatus::Succeeded;
        delivery.complete_time = Some(now);
        webhook.failing_since = None;
        return;
    }
    let failing_since = *webhook.failing_since.get_or_insert(now);
    match attempt.retry_at {
        Some(at) => delivery.next_attempt_time = at,
        None => {
            delivery.status = DeliveryStatus::Failed;
            delivery.complete_time = Some(now);
            if webhook.enabled && failing_since <= delivery.create_time {
                webhook.enabled = false;
                webhook.disable_time = Some(now);
                webhook.disabled_reason = format!(
                    "disabled after every delivery attempt failed since {}; last error: {}",
                    failing_since.to_rfc3339(),
                    delivery.last_error
                );
            }
        }
    }
}

/// Attempts per delivery: the first, then retries spread over about a day.
pub const MAX_ATTEMPTS: i32 = 14;
/// How long a receiver has to answer.
pub const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// The event selection: known names or "*", at least one, duplicates removed.
pub fn check_events(events: &[String]) -> Result<Vec<String>, Error> {
    if events.is_empty() {
        return Err(Error::invalid(
            "webhook.enabled_events",
            "name at least one event, or \"*\"",
        ));
    }
    let mut out: Vec<String> = Vec::new();
    for (i, event) in events.iter().enumerate() {
        if event != "*" && EventKind::parse(event).is_none_or(|kind| kind.is_audit_only()) {
            return Err(Error::invalid(
                format!("webhook.enabled_events[{i}]"),
                format!("unknown event {}", quoted(event)),
            ));
        }
        if !out.contains(event) {
            out.push(event.clone());
        }
    }
    Ok(out)
}

fn selects(enabled_events: &[String], event: &str) -> bool {
    enabled_events.iter().any(|e| e == "*" || e == event)
}

pub fn generate_secret() -> Result<String, Error> {
    Ok(format!("whsec_{}", random_base62(32)?))
}

/// `v1` signature: hex HMAC-SHA256 of `"<unix time>.<body>"` with the secret.
pub fn sign(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        unreachable!("HMAC accepts keys of any length")
    };
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

/// The `Verilink-Signature` header: one `v1` per live secret (two during a rotation).
pub fn signature_header(secrets: &[&str], timestamp: i64, body: &[u8]) -> String {
    let mut header = format!("t={timestamp}");
    for secret in secrets {
        header.push_str(",v1=");
        header.push_str(&sign(secret, timestamp, body));
    }
    header
}

/// The `Persona-Signature` header: the same signature, written as Persona writes it — one
/// `t=…,v1=…` pair per live secret, pairs separated by a space (two during a rotation).
pub fn persona_signature_header(secrets: &[&str], timestamp: i64, body: &[u8]) -> String {
    secrets
        .iter()
        .map(|secret| format!("t={timestamp},v1={}", sign(secret, timestamp, body)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// When to try again after the `attempt`-th attempt failed (1-based), or `None` when the
/// delivery has used every attempt. Exponential from 30 s, capped at 6 h, ±20 % jitter
/// (`jitter` in [0, 1)), about 26 hours in all.
pub fn next_attempt(now: DateTime<Utc>, attempt: i32, jitter: f64) -> Option<DateTime<Utc>> {
    if attempt >= MAX_ATTEMPTS {
        return None;
    }
    let exponent = u32::try_from(attempt.clamp(1, 20) - 1).unwrap_or(0);
    let base = (30_i64 << exponent).min(6 * 3600) as f64;
    let delay = base * (0.8 + 0.4 * jitter.clamp(0.0, 1.0));
    Some(now + TimeDelta::milliseconds((delay * 1000.0) as i64))
}

#[cfg(test)]
mod tests;
