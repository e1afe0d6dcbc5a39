//! Opt-in retries of the calls that are safe to repeat.
//!
//! tonic has no gRPC service-config retry policy, so a [`VerilinkClient`] with a
//! [`RetryPolicy`] ([`VerilinkClient::with_retries`]) runs every call through
//! [`RetryChannel`], a tower service under the generated clients. It retries a call that
//! failed with `UNAVAILABLE` (the server could not be reached, or answered
//! `DATABASE_UNAVAILABLE` or `COMMIT_OUTCOME_UNKNOWN`) or `ABORTED` `IDEMPOTENCY_KEY_IN_USE`
//! (the same key's first call is still running), with exponential backoff, and only when
//! repeating it is safe:
//!
//! - reads: `Get*`, `List*`, `ExportInquiry` and the start of `WatchInquiry`;
//! - the mutations of `verilink.v1`, each with an `idempotency-key`, which the server answers
//!   once: the caller's ([`crate::idempotent`]), kept as it is, or else one generated before
//!   the first attempt (128 bits from the operating system's secure random source, as 32 hex
//!   digits), which every attempt sends.
//!
//! So a mutation whose commit was cut (`UNAVAILABLE` `COMMIT_OUTCOME_UNKNOWN`: the server lost
//! its database connection during the commit, as in a failover) is retried with its key, and
//! the server replays it if it was made, or makes it if not: it is never done twice. A
//! generated key lives only as long as the call; to retry an operation later (after your
//! process restarts), set your own key and store it. Without a policy nothing is added to a
//! call. Calls to other services (`grpc.health.v1`) are sent once.
//!
//! A call's deadline ([`tonic::Request::set_timeout`]) bounds all its attempts together: each
//! attempt gets what is left of it, and no attempt starts after it. A timeout set on the
//! channel's [`Endpoint`](tonic::transport::Endpoint) applies to each attempt.
//!
//! [`VerilinkClient`]: crate::VerilinkClient
//! [`VerilinkClient::with_retries`]: crate::VerilinkClient::with_retries

use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use http::{HeaderValue, Request, Response};
use http_body_util::{BodyExt, Full};
use tonic::body::Body;
use tonic::transport::Channel;
use tonic::{Code, Status};
use tower_service::Service;

use crate::backoff::Backoff;
use crate::error_reason;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// How often and how patiently to retry (see the [module documentation](self)).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first one included; 1 disables retries.
    pub max_attempts: u32,
    /// The wait before the first retry; it doubles for each further one (±20 % jitter).
    pub initial_backoff: Duration,
    /// The longest wait between two attempts.
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    /// 5 attempts, waiting 100 ms, 200 ms, 400 ms and 800 ms between them (gRPC's usual
    /// limit of 5 attempts), at most 2 s apart if you raise `max_attempts`.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(2),
        }
    }
}

type CallFuture = Pin<Box<dyn Future<Output = Result<Response<Body>, BoxError>> + Send>>;

/// The channel under the service clients of a [`VerilinkClient`](crate::VerilinkClient):
/// passes calls through, retrying the safe ones when a [`RetryPolicy`] is set.
#[derive(Clone, Debug)]
pub struct RetryChannel {
    channel: Channel,
    policy: Option<RetryPolicy>,
}

impl RetryChannel {
    pub(crate) fn new(channel: Channel, policy: Option<RetryPolicy>) -> Self {
        RetryChannel { channel, policy }
    }
}

impl Service<Request<Body>> for RetryChannel {
    type Response = Response<Body>;
    type Error = BoxError;
    type Future = CallFuture;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.channel.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, mut request: Request<Body>) -> Self::Future {
        // The channel that was polled ready takes the call; a clone stays for the next one.
        let clone = self.channel.clone();
        let channel = std::mem::replace(&mut self.channel, clone);
        let Some(policy) = self.policy.clone() else {
            return pass(channel, request);
        };
        match kind(&request) {
            Kind::Read | Kind::Keyed => Box::pin(with_retries(channel, policy, request)),
            Kind::Unkeyed => match new_idempotency_key() {
                Ok(key) => {
                    // In the headers that every attempt copies.
                    request.headers_mut().insert(IDEMPOTENCY_KEY, key);
                    Box::pin(with_retries(channel, policy, request))
                }
                Err(error) => Box::pin(std::future::ready(Err(error))),
            },
            Kind::Other => pass(channel, request),
        }
    }
}

const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// Sends `request` once.
fn pass(mut channel: Channel, request: Request<Body>) -> CallFuture {
    let response = channel.call(request);
    Box::pin(async move { response.await.map_err(Into::into) })
}

/// What a call is, as far as repeating it goes.
#[derive(Debug, PartialEq, Eq)]
enum Kind {
    /// `Get*`, `List*`, `ExportInquiry`, `WatchInquiry` of `verilink.v1`: repeating it
    /// changes nothing.
    Read,
    /// It carries an idempotency key: the server answers it once.
    Keyed,
    /// A mutation of `verilink.v1` without a key: safe to repeat once it has one.
    Unkeyed,
    /// A call to another service: sent once.
    Other,
}

fn kind(request: &Request<Body>) -> Kind {
    if request.headers().contains_key(IDEMPOTENCY_KEY) {
        return Kind::Keyed;
    }
    let Some(method) = request
        .uri()
        .path()
        .strip_prefix("/verilink.v1.")
        .and_then(|path| path.split_once('/'))
        .map(|(_service, method)| method)
    else {
        return Kind::Other;
    };
    if method.starts_with("Get")
        || method.starts_with("List")
        || matches!(method, "ExportInquiry" | "WatchInquiry")
    {
        Kind::Read
    } else {
        Kind::Unkeyed
    }
}

/// 128 bits from the operating system's secure random source, as 32 hex digits.
fn new_idempotency_key() -> Result<HeaderValue, BoxError> {
    let mut bytes = [0u8; 16];
    getrandom::getrandom(&mut bytes).map_err(|e| {
        Status::internal(format!(
            "no idempotency key: the OS random source failed: {e}"
        ))
    })?;
    Ok(HeaderValue::try_from(hex::encode(bytes)).expect("hex digits are a valid header value"))
}

/// A failure that may well not happen again: `UNAVAILABLE`, or `ABORTED` because the same
/// idempotency key's first call is still running.
pub(crate) fn is_transient(status: &Status) -> bool {
    match status.code() {
        Code::Unavailable => true,
        Code::Aborted => error_reason(status).as_deref() == Some("IDEMPOTENCY_KEY_IN_USE"),
        _ => false,
    }
}

async fn with_retries(
    mut channel: Channel,
    policy: RetryPolicy,
    request: Request<Body>,
) -> Result<Response<Body>, BoxError> {
    let deadline = request
        .headers()
        .get("grpc-timeout")
        .and_then(parse_grpc_timeout)
        .map(|timeout| Instant::now() + timeout);
    // A unary or server-streaming request is one message: keep it to send it again.
    let (parts, body) = request.into_parts();
    let body = body.collect().await?.to_bytes();
    let mut backoff = Backoff::new(policy.initial_backoff, policy.max_backoff);
    let mut attempt = 1;
    loop {
        let mut parts = parts.clone();
        if let Some(deadline) = deadline {
            let left = deadline.saturating_duration_since(Instant::now());
            parts
                .headers
                .insert("grpc-timeout", format_grpc_timeout(left));
        }
        let request = Request::from_parts(parts, Body::new(Full::new(body.clone())));
        let outcome = match poll_fn(|cx| channel.poll_ready(cx)).await {
            Ok(()) => channel.call(request).await,
            Err(e) => Err(e),
        }
        .map_err(|e| Status::from_error(e.into()));
        let transient = match &outcome {
            // tonic answers a failed call with its status in the headers.
            Ok(response) => Status::from_header_map(response.headers())
                .is_some_and(|status| is_transient(&status)),
            Err(status) => is_transient(status),
        };
        let delay = backoff.next_delay();
        let out_of_time = deadline.is_some_and(|deadline| Instant::now() + delay >= deadline);
        if !transient || attempt >= policy.max_attempts || out_of_time {
            return outcome.map_err(Into::into);
        }
        tokio::time::sleep(delay).await;
        attempt += 1;
    }
}

/// The `grpc-timeout` header: at most 8 digits and a unit.
fn parse_grpc_timeout(value: &HeaderValue) -> Option<Duration> {
    let value = value.to_str().ok()?;
    let (digits, unit) = value.split_at(value.len().checked_sub(1)?);
    let amount: u64 = digits.parse().ok()?;
    Some(match unit {
        "H" => Duration::from_secs(amount * 3600),
        "M" => Duration::from_secs(amount * 60),
        "S" => Duration::from_secs(amount),
        "m" => Duration::from_millis(amount),
        "u" => Duration::from_micros(amount),
        "n" => Duration::from_nanos(amount),
        _ => return None,
    })
}

fn format_grpc_timeout(timeout: Duration) -> HeaderValue {
    const MAX: u128 = 99_999_999;
    let text = if timeout.as_micros() <= MAX {
        format!("{}u", timeout.as_micros())
    } else if timeout.as_millis() <= MAX {
        format!("{}m", timeout.as_millis())
    } else {
        format!("{}S", timeout.as_secs().min(MAX as u64))
    };
    HeaderValue::try_from(text).expect("digits and a unit are a valid header value")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grpc_timeouts_round_trip_in_the_finest_unit_that_fits() {
        for (timeout, text) in [
            (Duration::from_millis(1500), "1500000u"),
            (Duration::from_secs(1000), "1000000m"),
            (Duration::from_secs(200_000), "200000S"),
        ] {
            let value = format_grpc_timeout(timeout);
            assert_eq!(value, text);
            assert_eq!(parse_grpc_timeout(&value), Some(timeout));
        }
        assert_eq!(
            parse_grpc_timeout(&HeaderValue::from_static("2H")),
            Some(Duration::from_secs(7200))
        );
        assert_eq!(parse_grpc_timeout(&HeaderValue::from_static("5x")), None);
        assert_eq!(parse_grpc_timeout(&HeaderValue::from_static("")), None);
    }

    #[test]
    fn reads_keyed_calls_and_verilink_mutations_are_told_apart() {
        let call = |path: &str, key: bool| {
            let mut request = Request::builder().uri(format!("http://x{path}"));
            if key {
                request = request.header("idempotency-key", "k");
            }
            kind(&request.body(Body::empty()).unwrap())
        };
        for read in [
            "/verilink.v1.InquiryService/GetInquiry",
            "/verilink.v1.WebhookService/ListWebhookDeliveries",
            "/verilink.v1.InquiryService/ExportInquiry",
            "/verilink.v1.InquiryService/WatchInquiry",
            "/verilink.v1.SessionService/GetCurrentSession",
        ] {
            assert_eq!(call(read, false), Kind::Read, "{read}");
        }
        for mutation in [
            "/verilink.v1.InquiryService/CreateInquiry",
            "/verilink.v1.InquiryService/ApproveInquiry",
            "/verilink.v1.OneTimeLinkService/RedeemOneTimeLink",
        ] {
            assert_eq!(call(mutation, false), Kind::Unkeyed, "{mutation}");
            assert_eq!(call(mutation, true), Kind::Keyed, "{mutation}");
        }
        assert_eq!(call("/grpc.health.v1.Health/Check", false), Kind::Other);
    }

    #[test]
    fn generated_keys_are_128_random_bits_in_hex() {
        let keys: Vec<HeaderValue> = (0..2).map(|_| new_idempotency_key().unwrap()).collect();
        for key in &keys {
            let text = key.to_str().unwrap();
            assert!(
                text.len() == 32 && text.bytes().all(|b| b.is_ascii_hexdigit()),
                "{text}"
            );
        }
        assert_ne!(keys[0], keys[1]);
    }
}
