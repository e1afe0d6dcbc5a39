//! Metrics and the HTTP access log. Metrics go through the `metrics` facade into one
//! Prometheus recorder per process, rendered at `/metrics` on the HTTP port; the names are
//! listed here (and in the README) and follow Prometheus conventions. Calls are measured by one
//! tower layer ([`layer::TelemetryLayer`]) that both servers use; the use cases count what only
//! they know (links, webhook deliveries); the pool and the webhook queue are read when scraped.

pub mod layer;
pub mod request_id;

use std::sync::OnceLock;
use std::time::Duration;

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::app::App;
use crate::domain::Reason;
use crate::store::StoreError;

/// Calls by transport (`grpc`, `rest`), service, method and gRPC code.
pub const RPC_CALLS: &str = "verilink_rpc_calls_total";
/// Latency of those calls (until the last byte of the answer).
pub const RPC_DURATION: &str = "verilink_rpc_call_duration_seconds";
/// HTTP requests by method, route template and status.
pub const HTTP_REQUESTS: &str = "verilink_http_requests_total";
/// Latency of HTTP requests (until the last byte of the answer).
pub const HTTP_DURATION: &str = "verilink_http_request_duration_seconds";
/// Database connections by state (`in_use`, `idle`).
pub const DB_CONNECTIONS: &str = "verilink_db_pool_connections";
/// The pool's size.
pub const DB_MAX_CONNECTIONS: &str = "verilink_db_pool_max_connections";
/// Calls waiting for a database connection right now.
pub const DB_WAITING: &str = "verilink_db_pool_waiting_calls";
/// Calls that found every connection busy and had to wait.
pub const DB_WAITS: &str = "verilink_db_pool_waits_total";
/// Waits that gave up (answered `UNAVAILABLE` `DATABASE_BUSY`).
pub const DB_WAIT_TIMEOUTS: &str = "verilink_db_pool_wait_timeouts_total";
/// Webhook delivery attempts by outcome.
pub const WEBHOOK_DELIVERIES: &str = "verilink_webhook_deliveries_total";
/// Deliveries waiting for their first attempt or a retry.
pub const WEBHOOK_QUEUE_DEPTH: &str = "verilink_webhook_queue_depth";
/// Age of the oldest delivery still waiting.
pub const WEBHOOK_QUEUE_OLDEST_AGE: &str = "verilink_webhook_queue_oldest_age_seconds";
/// One-time links generated (committed; idempotent replays are not counted again).
pub const LINKS_GENERATED: &str = "verilink_one_time_links_generated_total";
/// One-time links redeemed.
pub const LINKS_REDEEMED: &str = "verilink_one_time_links_redeemed_total";
/// Refused redemptions by ErrorInfo reason.
pub const LINKS_REFUSED: &str = "verilink_one_time_link_redemptions_refused_total";
/// Connections closed at once by port, their client being at its cap of open connections.
pub const CONNECTIONS_REFUSED: &str = "verilink_connections_refused_total";

/// Latency buckets, in seconds, of every `_seconds` histogram.
const BUCKETS: [f64; 14] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// How often histograms are compacted, scraped or not.
const UPKEEP: Duration = Duration::from_secs(5);

/// How long a scrape may wait for the webhook queue's numbers.
const QUEUE_QUERY_BUDGET: Duration = Duration::from_secs(1);

/// The process's Prometheus recorder, installed on first use. `None` when another recorder
/// was installed first (a program embedding the server); `/metrics` then says so.
pub fn recorder() -> Option<&'static PrometheusHandle> {
    static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
    HANDLE.get_or_init(install).as_ref()
}

fn install() -> Option<PrometheusHandle> {
    let recorder = PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), &BUCKETS)
        .ok()?
        .build_recorder();
    let handle = recorder.handle();
    if let Err(err) = metrics::set_global_recorder(recorder) {
        tracing::warn!(%err, "metrics recorder not installed; /metrics stays empty");
        return None;
    }
    describe();
    let upkeep = handle.clone();
    let spawned = std::thread::Builder::new()
        .name("metrics-upkeep".into())
        .spawn(move || loop {
            std::thread::sleep(UPKEEP);
            upkeep.run_upkeep();
        });
    if let Err(err) = spawned {
        tracing::warn!(%err, "metrics upkeep thread not started");
    }
    Some(handle)
}

fn describe() {
    use metrics::{describe_counter, describe_gauge, describe_histogram, Unit};
    describe_counter!(
        RPC_CALLS,
        "Calls by transport, service, method and gRPC code."
    );
    describe_histogram!(RPC_DURATION, Unit::Seconds, "Latency of calls.");
    describe_counter!(HTTP_REQUESTS, "HTTP requests by method, route and status.");
    describe_histogram!(HTTP_DURATION, Unit::Seconds, "Latency of HTTP requests.");
    describe_gauge!(DB_CONNECTIONS, "Database connections by state.");
    describe_gauge!(DB_MAX_CONNECTIONS, "Size of the database pool.");
    describe_gauge!(DB_WAITING, "Calls waiting for a database connection now.");
    describe_counter!(DB_WAITS, "Calls that waited for a database connection.");
    describe_counter!(DB_WAIT_TIMEOUTS, "Waits for a connection that gave up.");
    describe_counter!(WEBHOOK_DELIVERIES, "Webhook delivery attempts by outcome.");
    describe_gauge!(
        WEBHOOK_QUEUE_DEPTH,
        "Webhook deliveries waiting to be sent."
    );
    describe_gauge!(
        WEBHOOK_QUEUE_OLDEST_AGE,
        Unit::Seconds,
        "Age of the oldest waiting webhook delivery."
    );
    describe_counter!(LINKS_GENERATED, "One-time links generated.");
    describe_counter!(LINKS_REDEEMED, "One-time links redeemed.");
    describe_counter!(LINKS_REFUSED, "Refused redemptions by reason.");
    describe_counter!(
        CONNECTIONS_REFUSED,
        "Connections closed at once, their client being at its cap."
    );
    // Counters without labels (and every delivery outcome) start at 0, so a rate is defined
    // before the first event.
    for counter in [LINKS_GENERATED, LINKS_REDEEMED] {
        metrics::counter!(counter).increment(0);
    }
    for outcome in DeliveryOutcome::ALL {
        metrics::counter!(WEBHOOK_DELIVERIES, "outcome" => outcome.label()).increment(0);
    }
}

/// The `/metrics` text: the recorded metrics, with the pool's and the webhook queue's numbers
/// read now from `app`'s store.
pub async fn scrape(app: &App) -> Option<String> {
    let handle = recorder()?;
    let pool = app.store().pool_stats();
    metrics::gauge!(DB_CONNECTIONS, "state" => "in_use").set(f64::from(pool.in_use));
    metrics::gauge!(DB_CONNECTIONS, "state" => "idle").set(f64::from(pool.idle));
    metrics::gauge!(DB_MAX_CONNECTIONS).set(f64::from(pool.max));
    metrics::gauge!(DB_WAITING).set(pool.waiting as f64);
    metrics::counter!(DB_WAITS).absolute(pool.waits);
    metrics::counter!(DB_WAIT_TIMEOUTS).absolute(pool.wait_timeouts);
    let now = app.now();
    let queue = tokio::time::timeout(
        QUEUE_QUERY_BUDGET,
        app.store().run(crate::store::webhooks::queue_stats),
    )
    .await
    .unwrap_or_else(|_| Err(StoreError::Unavailable("timed out".into())));
    match queue {
        Ok(stats) => {
            metrics::gauge!(WEBHOOK_QUEUE_DEPTH).set(stats.depth as f64);
            let age = stats
                .oldest
                .map_or(0.0, |oldest| (now - oldest).as_seconds_f64().max(0.0));
            metrics::gauge!(WEBHOOK_QUEUE_OLDEST_AGE).set(age);
        }
        // The gauges keep their last values; the rest of the scrape is still worth having.
        Err(err) => tracing::debug!(%err, "webhook queue not measured"),
    }
    Some(handle.render())
}

/// A link was generated (after its transaction committed).
pub fn link_generated() {
    metrics::counter!(LINKS_GENERATED).increment(1);
}

/// A link was redeemed.
pub fn link_redeemed() {
    metrics::counter!(LINKS_REDEEMED).increment(1);
}

/// A redemption was refused with this ErrorInfo reason.
pub fn link_refused(reason: Reason) {
    metrics::counter!(LINKS_REFUSED, "reason" => reason.as_str()).increment(1);
}

/// How a webhook delivery attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryOutcome {
    /// The receiver answered 2xx.
    Success,
    /// The receiver answered something else.
    HttpError,
    /// No answer within the delivery timeout.
    Timeout,
    /// The connection failed (refused, reset, DNS, TLS).
    ConnectionError,
}

impl DeliveryOutcome {
    const ALL: [DeliveryOutcome; 4] = [
        DeliveryOutcome::Success,
        DeliveryOutcome::HttpError,
        DeliveryOutcome::Timeout,
        DeliveryOutcome::ConnectionError,
    ];

    fn label(self) -> &'static str {
        match self {
            DeliveryOutcome::Success => "success",
            DeliveryOutcome::HttpError => "http_error",
            DeliveryOutcome::Timeout => "timeout",
            DeliveryOutcome::ConnectionError => "connection_error",
        }
    }
}

/// A webhook delivery attempt ended this way.
pub fn webhook_delivery(outcome: DeliveryOutcome) {
    metrics::counter!(WEBHOOK_DELIVERIES, "outcome" => outcome.label()).increment(1);
}
