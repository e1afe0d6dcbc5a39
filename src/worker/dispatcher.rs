//! The webhook dispatcher: claims due deliveries, POSTs them signed, records each attempt.

use super::jitter;
use crate::clock::SharedClock;
use crate::contract::{convert, json};
use crate::domain::webhook::{next_attempt, record_attempt, signature_header, Attempt, TIMEOUT};
use crate::pb;
use crate::store::webhooks::{self, Claimed};
use crate::store::{Store, StoreError};

/// Deliveries claimed per pass.
const BATCH: i64 = 50;

#[derive(Clone)]
pub struct Dispatcher {
    store: Store,
    clock: SharedClock,
    http: reqwest::Client,
}

/// The JSON body of a delivery: `verilink.v1.WebhookEvent` in the proto3 JSON mapping, its
/// `data.object` the event's snapshot as recorded.
pub fn payload(claimed: &Claimed) -> Result<serde_json::Value, StoreError> {
    let event = &claimed.event;
    let envelope = pb::WebhookEvent {
        id: event.id.clone(),
        r#type: event.name.clone(),
        create_time: Some(convert::timestamp(event.create_time)),
        inquiry_id: event.inquiry_id.clone().unwrap_or_default(),
        environment: event.tenant.environment.as_str().to_owned(),
        data: Some(pb::WebhookEventData::default()),
    };
    let mut body = json::to_json(&envelope).map_err(|e| StoreError::Internal(e.to_string()))?;
    body["data"]["object"] = event.data.clone();
    Ok(body)
}

impl Dispatcher {
    pub fn new(store: Store, clock: SharedClock) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .user_agent(concat!("Verilink-Webhooks/", env!("CARGO_PKG_VERSION")))
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(Dispatcher { store, clock, http })
    }

    /// One pass: claims due deliveries, sends them concurrently, records the outcomes.
    /// Returns how many were attempted.
    pub async fn run_once(&self) -> Result<usize, StoreError> {
        let now = self.clock.now();
        let claimed = self
            .store
            .transaction(move |conn| webhooks::claim_due(conn, now, BATCH))
            .await?;
        let count = claimed.len();
        let sends = claimed.into_iter().map(|claimed| self.deliver(claimed));
        // Concurrently: a slow receiver must not hold back the others.
        for result in futures_util::future::join_all(sends).await {
            result?;
        }
        Ok(count)
    }

    async fn deliver(&self, claimed: Claimed) -> Result<(), StoreError> {
        let body = serde_json::to_vec(&payload(&claimed)?)
            .map_err(|e| StoreError::Internal(format!("payload: {e}")))?;
        let sent_at = self.clock.now();
        let signature = signature_header(
            &claimed.webhook.signing_secrets(sent_at),
            sent_at.timestamp(),
            &body,
        );
        let response = self
            .http
            .post(&claimed.webhook.url)
            .header("content-type", "application/json")
            .header("verilink-signature", signature)
            .header("verilink-event-id", &claimed.event.id)
            .header(
                "verilink-attempt",
                claimed.delivery.attempt_count.to_string(),
            )
            .body(body)
            .send()
            .await;
        let now = self.clock.now();
        let (status_code, error, succeeded) = match response {
            Ok(r) if r.status().is_success() => {
                (i32::from(r.status().as_u16()), String::new(), true)
            }
            Ok(r) => (
                i32::from(r.status().as_u16()),
                format!("receiver answered {}", r.status()),
                false,
            ),
            Err(e) if e.is_timeout() => (0, "no answer within 10 s".to_owned(), false),
            Err(e) => (0, format!("request failed: {}", error_chain(&e)), false),
        };
        let attempt = Attempt {
            status_code,
            error,
            succeeded,
            retry_at: next_attempt(now, claimed.delivery.attempt_count, jitter()),
        };
        let delivery = claimed.delivery;
        self.store
            .transaction(move |conn| {
                let Some(mut webhook) = webhooks::lock_for_attempt(conn, &delivery.webhook_id)?
                else {
                    return Ok(()); // deleted meanwhile; its deliveries went with it
                };
                let mut delivery = delivery.clone();
                record_attempt(&mut delivery, &mut webhook, attempt.clone(), now);
                webhooks::save_delivery(conn, &delivery)?;
                webhooks::save(conn, &webhook)
            })
            .await
    }
}

fn error_chain(err: &dyn std::error::Error) -> String {
    let mut message = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}
