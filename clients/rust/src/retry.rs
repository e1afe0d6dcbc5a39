//! Opt-in retries of the calls that are safe to repeat.
//!
//! tonic has no gRPC service-config retry policy, so a [`VerilinkClient`] with a
//! [`RetryPolicy`] ([`VerilinkClient::with_retries`]) runs every call through
//! [`RetryChannel`], a tower service under the generated clients. It retries a call that
//! failed with `UNAVAILABLE` (the server could not be reached, or answered
//! `DATABASE_UNAVAILABLE`) or `ABORTED` `IDEMPOTENCY_KEY_IN_USE` (the same key's first call is
//! still running), with exponential backoff, and only when repeating it is safe:
//!
//! - reads: `Get*`, `List*`, `ExportInquiry` and the start of `WatchInquiry`;
//! - calls carrying an `idempotency-key` ([`crate::idempotent`]), which the server answers
//!   once.
//!
//! A mutation without an idempotency key is never retried. A call's deadline
//! ([`tonic::Request::set_timeout`]) bounds all its attempts together: each attempt gets what
//! is left of it, and no attempt starts after it. A timeout set on the channel's
//! [`Endpoint`](tonic::transport::Endpoint) applies to each attempt.
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
    type Future = Pin<Box<dyn Future<Output = Result<Response<Body>, BoxError>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.channel.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, request: Request<Body>) -> Self::Future {
        // The channel that was polled ready takes the call; a clone stays for the next one.
        let clone = self.channel.clone();
        let mut channel = std::mem::replace(&mut self.channel, clone);
        match &self.policy {
            Some(policy) if is_safe_to_retry(&request) => {
                Box::pin(with_retries(channel, policy.clone(), request))
            }
            _ => {
                let response = channel.call(request);
                Box::pin(async move { response.await.map_err(Into::into) })
            }
        }
    }
}

/// Reads, and calls the server deduplicates by their idempotency key.
fn is_safe_to_retry(request: &Request<Body>) -> bool {
    if request.headers().contains_key("idempotency-key") {
        return true;
    }
    let method = request
        .uri()
        .path()
        .strip_prefix("/verilink.v1.")
        .and_then(|path| path.split_once('/'))
        .map_or("", |(_service, method)| method);
    method.starts_with("Get")
        || method.starts_with("List")
        || matches!(method, "ExportInquiry" | "WatchInquiry")
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
    fn only_reads_and_idempotent_calls_are_safe_to_retry() {
        let call = |path: &str, key: bool| {
            let mut request = Request::builder().uri(format!("http://x{path}"));
            if key {
                request = request.header("idempotency-key", "k");
            }
            is_safe_to_retry(&request.body(Body::empty()).unwrap())
        };
        assert!(call("/verilink.v1.InquiryService/GetInquiry", false));
        assert!(call(
            "/verilink.v1.WebhookService/ListWebhookDeliveries",
            false
        ));
        assert!(call("/verilink.v1.InquiryService/ExportInquiry", false));
        assert!(call("/verilink.v1.SessionService/GetCurrentSession", false));
        assert!(!call("/verilink.v1.InquiryService/CreateInquiry", false));
        assert!(!call("/verilink.v1.InquiryService/ApproveInquiry", false));
        assert!(call("/verilink.v1.InquiryService/CreateInquiry", true));
    }
}
