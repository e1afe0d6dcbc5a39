//! The webhook dispatcher: claims due deliveries, POSTs them signed, records each attempt.

use std::collections::HashMap;

use super::jitter;
use crate::clock::SharedClock;
use crate::contract::persona::{self, Inflection};
use crate::contract::{convert, json};
use crate::domain::secrets::Keyring;
use crate::domain::webhook::{
    next_attempt, persona_signature_header, record_attempt, signature_header, Attempt,
    OutboundPolicy, WebhookFormat, TIMEOUT,
};
use crate::pb;
use crate::store::webhooks::{self, Claimed};
use crate::store::{sessions, Store, StoreError};
use crate::telemetry::{self, DeliveryOutcome};

/// Deliveries claimed per pass.
const BATCH: i64 = 50;

#[derive(Clone)]
pub struct Dispatcher {
    store: Store,
    clock: SharedClock,
    http: reqwest::Client,
    policy: OutboundPolicy,
    keyring: Keyring,
}

/// Resolves webhook hosts and keeps only the addresses the policy allows, so a name that
/// resolves inside the network (or is rebound to it after the webhook was set) is not reached.
struct GuardedResolver(OutboundPolicy);

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let policy = self.0.clone();
        Box::pin(async move {
            let resolved = tokio::net::lookup_host((name.as_str(), 0)).await?;
            let allowed: Vec<std::net::SocketAddr> = resolved
                .filter(|address| policy.allows(address.ip()))
                .collect();
            if allowed.is_empty() {
                return Err(format!(
                    "{} resolves only to addresses inside the network, which webhooks may not reach",
                    name.as_str()
                )
                .into());
            }
            Ok(Box::new(allowed.into_iter()) as reqwest::dns::Addrs)
        })
    }
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
        actor: Some(convert::actor(&event.actor)),
    };
    let mut body = json::to_json(&envelope).map_err(|e| StoreError::Internal(e.to_string()))?;
    body["data"]["object"] = event.data.clone();
    Ok(body)
}

/// The JSON body of a PERSONA-format delivery: Persona's event object (kebab-case keys, as
/// Persona sends by default) around the event's snapshot in Persona's shape — an inquiry as
/// the Persona-compatible API shows it (with `session_ids`, the sessions it had then), a
/// session as an `inquiry-session`, a link as a `one-time-link`.
pub fn persona_payload(
    claimed: &Claimed,
    session_ids: &[String],
) -> Result<serde_json::Value, StoreError> {
    let event = &claimed.event;
    let codec = |e: json::CodecError| StoreError::Internal(format!("{}: {e}", event.name));
    let subject = match subject_of(&event.name) {
        Subject::Session => persona::session(&json::from_json(&event.data).map_err(codec)?),
        Subject::Link => persona::one_time_link(&json::from_json(&event.data).map_err(codec)?),
        Subject::Inquiry => {
            persona::inquiry(&json::from_json(&event.data).map_err(codec)?, session_ids)
        }
    };
    let body = persona::event(&event.id, &event.name, event.create_time, subject);
    Ok(Inflection::Kebab.apply(body))
}

/// What an event's snapshot is of, by the event's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Subject {
    Inquiry,
    Session,
    Link,
}

fn subject_of(event_name: &str) -> Subject {
    if event_name.starts_with("inquiry-session.") {
        Subject::Session
    } else if event_name.starts_with("one-time-link.") {
        Subject::Link
    } else {
        Subject::Inquiry
    }
}

/// Deliveries in flight at once, overall and to one webhook.
const IN_FLIGHT: usize = 64;
const PER_WEBHOOK: usize = 4;

/// What the dispatcher needs besides the store and the clock.
#[derive(Debug, Clone, Default)]
pub struct DispatcherConfig {
    /// Where deliveries may go.
    pub policy: OutboundPolicy,
    /// Opens the webhooks' sealed signing secrets.
    pub keyring: Keyring,
}

impl Dispatcher {
    pub fn new(
        store: Store,
        clock: SharedClock,
        config: DispatcherConfig,
    ) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .user_agent(concat!("Verilink-Webhooks/", env!("CARGO_PKG_VERSION")));
        // A proxy resolves the names it is asked for, out of the guarding resolver's sight: only
        // the operator's egress proxy is used (it must filter), never one the environment
        // names (HTTP_PROXY and the like). The egress proxy's own address is the operator's
        // choice and is not judged.
        let http = match &config.policy.proxy {
            Some(proxy) => http.proxy(reqwest::Proxy::all(proxy.url())?),
            None => http
                .no_proxy()
                .dns_resolver(std::sync::Arc::new(GuardedResolver(config.policy.clone()))),
        };
        let http = http.redirect(reqwest::redirect::Policy::none()).build()?;
        Ok(Dispatcher {
            store,
            clock,
            http,
            policy: config.policy,
            keyring: config.keyring,
        })
    }

    /// Claims up to `limit` due deliveries, at most `per_webhook` of one webhook and none of
    /// the webhooks in `busy`.
    async fn claim(
        &self,
        limit: usize,
        per_webhook: usize,
        busy: Vec<String>,
    ) -> Result<Vec<Claimed>, StoreError> {
        let now = self.clock.now();
        let limit = i64::try_from(limit).unwrap_or(BATCH);
        let per_webhook = i64::try_from(per_webhook).unwrap_or(1);
        self.store
            .transaction(move |conn| webhooks::claim_due(conn, now, limit, per_webhook, &busy))
            .await
    }

    /// One pass: claims due deliveries, sends them concurrently, records the outcomes, and
    /// returns how many were attempted once all are done (for tests and tools; the server
    /// runs [`Dispatcher::run`]).
    pub async fn run_once(&self) -> Result<usize, StoreError> {
        let batch = usize::try_from(BATCH).unwrap_or(50);
        let claimed = self.claim(batch, batch, Vec::new()).await?;
        let count = claimed.len();
        let sends = claimed.into_iter().map(|claimed| self.deliver(claimed));
        for result in futures_util::future::join_all(sends).await {
            result?;
        }
        Ok(count)
    }

    /// Keeps deliveries flowing until `stop` resolves: up to [`IN_FLIGHT`] at once and
    /// [`PER_WEBHOOK`] to any one webhook, claiming more as soon as a place is free, so a slow
    /// receiver holds back only its own deliveries. Looks for due work every `interval`.
    pub async fn run(
        self,
        interval: std::time::Duration,
        stop: impl std::future::Future<Output = ()>,
    ) {
        tokio::pin!(stop);
        let mut sending = tokio::task::JoinSet::new();
        let mut per_webhook: HashMap<String, usize> = HashMap::new();
        loop {
            let free = IN_FLIGHT.saturating_sub(sending.len());
            if free > 0 {
                let busy = per_webhook
                    .iter()
                    .filter(|(_, n)| **n >= PER_WEBHOOK)
                    .map(|(id, _)| id.clone())
                    .collect();
                match self.claim(free, PER_WEBHOOK, busy).await {
                    Ok(claimed) => {
                        for claimed in claimed {
                            *per_webhook.entry(claimed.webhook.id.clone()).or_default() += 1;
                            let (dispatcher, webhook) = (self.clone(), claimed.webhook.id.clone());
                            sending
                                .spawn(async move { (webhook, dispatcher.deliver(claimed).await) });
                        }
                    }
                    Err(err) => tracing::warn!(%err, "claiming webhook deliveries failed"),
                }
            }
            tokio::select! {
                () = &mut stop => return,
                Some(done) = sending.join_next(), if !sending.is_empty() => {
                    if let Ok((webhook, result)) = done {
                        if let Some(n) = per_webhook.get_mut(&webhook) {
                            *n -= 1;
                            if *n == 0 {
                                per_webhook.remove(&webhook);
                            }
                        }
                        if let Err(err) = result {
                            tracing::warn!(%err, "recording a webhook delivery failed");
                        }
                    }
                }
                () = tokio::time::sleep(interval) => {}
            }
        }
    }

    /// The secrets that sign a delivery now, opened; an error if one does not open.
    fn signing_secrets(
        &self,
        claimed: &Claimed,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<String>, String> {
        claimed
            .webhook
            .signing_secrets(now)
            .into_iter()
            .map(|stored| {
                self.keyring
                    .open_secret(&claimed.webhook.id, stored)
                    .ok_or_else(|| {
                        "the signing secret does not open with this server's VERILINK_ENCRYPTION_KEY"
                            .to_owned()
                    })
            })
            .collect()
    }

    /// The body in the webhook's format.
    async fn body(&self, claimed: &Claimed) -> Result<Vec<u8>, StoreError> {
        let body = match claimed.webhook.format {
            WebhookFormat::Verilink => payload(claimed)?,
            WebhookFormat::Persona => {
                let session_ids = self.session_ids(claimed).await?;
                persona_payload(claimed, &session_ids)?
            }
        };
        serde_json::to_vec(&body).map_err(|e| StoreError::Internal(format!("payload: {e}")))
    }

    /// The sessions an inquiry event's inquiry had when the event happened (none for other
    /// events).
    async fn session_ids(&self, claimed: &Claimed) -> Result<Vec<String>, StoreError> {
        let event = &claimed.event;
        let Some(inquiry_id) = event.inquiry_id.clone() else {
            return Ok(Vec::new());
        };
        if subject_of(&event.name) != Subject::Inquiry {
            return Ok(Vec::new());
        }
        let until = event.create_time;
        let mut ids = self
            .store
            .run(move |conn| {
                sessions::ids_of(conn, None, std::slice::from_ref(&inquiry_id), Some(until))
            })
            .await?;
        Ok(ids.pop_first().map(|(_, ids)| ids).unwrap_or_default())
    }

    async fn deliver(&self, claimed: Claimed) -> Result<(), StoreError> {
        let body = self.body(&claimed).await?;
        let sent_at = self.clock.now();
        // An address host never reaches the resolver: judge it here.
        let target = self
            .policy
            .check_target(&claimed.webhook.url, claimed.webhook.tenant.environment)
            .map_err(|refused| refused.to_string())
            .and_then(|_| self.signing_secrets(&claimed, sent_at));
        let response = match target {
            Err(refused) => Err((refused, DeliveryOutcome::ConnectionError)),
            Ok(secrets) => self
                .http
                .post(&claimed.webhook.url)
                .header("content-type", "application/json")
                .header(
                    signature_header_name(claimed.webhook.format),
                    signature_for(claimed.webhook.format, &secrets, sent_at.timestamp(), &body),
                )
                .header("verilink-event-id", &claimed.event.id)
                .header(
                    "verilink-attempt",
                    claimed.delivery.attempt_count.to_string(),
                )
                .body(body)
                .send()
                .await
                .map_err(|e| {
                    if e.is_timeout() {
                        ("no answer within 10 s".to_owned(), DeliveryOutcome::Timeout)
                    } else {
                        let error = format!("request failed: {}", error_chain(&e));
                        (error, DeliveryOutcome::ConnectionError)
                    }
                }),
        };
        let now = self.clock.now();
        let (status_code, error, outcome) = match response {
            Ok(r) if r.status().is_success() => (
                i32::from(r.status().as_u16()),
                String::new(),
                DeliveryOutcome::Success,
            ),
            Ok(r) => (
                i32::from(r.status().as_u16()),
                format!("receiver answered {}", r.status()),
                DeliveryOutcome::HttpError,
            ),
            Err((error, outcome)) => (0, error, outcome),
        };
        telemetry::webhook_delivery(outcome);
        let succeeded = outcome == DeliveryOutcome::Success;
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

/// The header a webhook's format signs with.
fn signature_header_name(format: WebhookFormat) -> &'static str {
    match format {
        WebhookFormat::Verilink => "verilink-signature",
        WebhookFormat::Persona => "persona-signature",
    }
}

/// The signature header's value for a body sent at `timestamp`, in the webhook's format.
fn signature_for(format: WebhookFormat, secrets: &[String], timestamp: i64, body: &[u8]) -> String {
    let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
    match format {
        WebhookFormat::Verilink => signature_header(&secrets, timestamp, body),
        WebhookFormat::Persona => persona_signature_header(&secrets, timestamp, body),
    }
}

#[cfg(test)]
mod tests {
    use reqwest::dns::Resolve;

    use super::*;

    #[tokio::test]
    async fn names_that_resolve_inside_are_not_reached_unless_allowed() {
        let name = || "localhost".parse::<reqwest::dns::Name>().unwrap();
        let refused = GuardedResolver(OutboundPolicy::default())
            .resolve(name())
            .await;
        assert!(refused.is_err(), "localhost resolves to loopback only");
        let allowed = GuardedResolver(OutboundPolicy {
            allow_private_networks: true,
            ..OutboundPolicy::default()
        })
        .resolve(name())
        .await;
        assert!(allowed.is_ok_and(|mut addrs| addrs.next().is_some()));
    }
}
