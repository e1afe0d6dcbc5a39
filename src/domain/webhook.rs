//! Webhook rules: endpoint validation, event selection, signatures and the retry schedule.

use chrono::{DateTime, TimeDelta, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::secrets::random_base62;
use super::Error;

/// Every event name a webhook may subscribe to ("*" selects all).
pub const EVENT_NAMES: &[&str] = &[
    "inquiry.created",
    "inquiry.started",
    "inquiry.resumed",
    "inquiry.expired",
    "inquiry.completed",
    "inquiry.failed",
    "inquiry.marked-for-review",
    "inquiry.approved",
    "inquiry.declined",
    "inquiry.redacted",
    "inquiry.tags-updated",
    "inquiry.updated",
    "inquiry-session.started",
    "inquiry-session.expired",
    "inquiry-session.completed",
    "one-time-link.created",
    "one-time-link.consumed",
    "one-time-link.revoked",
    "one-time-link.expired",
];

pub const URL_MAX_LEN: usize = 2048;
/// Attempts per delivery: the first, then retries spread over about a day.
pub const MAX_ATTEMPTS: i32 = 14;
/// How long a receiver has to answer.
pub const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

pub fn check_url(url: &str) -> Result<String, Error> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| {
            Error::invalid("webhook.url", "must be an absolute http:// or https:// URL")
        })?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty()
        || url.len() > URL_MAX_LEN
        || url.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(Error::invalid(
            "webhook.url",
            format!("must be an absolute URL with a host, at most {URL_MAX_LEN} characters"),
        ));
    }
    Ok(url.to_owned())
}

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
        if event != "*" && !EVENT_NAMES.contains(&event.as_str()) {
            return Err(Error::invalid(
                format!("webhook.enabled_events[{i}]"),
                format!("unknown event {event:?}"),
            ));
        }
        if !out.contains(event) {
            out.push(event.clone());
        }
    }
    Ok(out)
}

pub fn selects(enabled_events: &[String], event: &str) -> bool {
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
mod tests {
    use super::*;
    use crate::domain::status::InquiryAction;

    #[test]
    fn every_status_event_can_be_subscribed_to() {
        for action in InquiryAction::ALL {
            assert!(EVENT_NAMES.contains(&action.event_name()), "{action:?}");
        }
    }

    #[test]
    fn urls_and_events_are_validated() {
        assert!(check_url("https://hooks.example.com/verilink").is_ok());
        assert!(check_url("http://127.0.0.1:9000/hook").is_ok());
        assert!(check_url("ftp://x").is_err());
        assert!(check_url("https:///nohost").is_err());
        assert_eq!(check_events(&["*".into(), "*".into()]).unwrap(), ["*"]);
        assert!(check_events(&[]).is_err());
        assert!(check_events(&["inquiry.nope".into()]).is_err());
        assert!(selects(&["inquiry.created".into()], "inquiry.created"));
        assert!(!selects(&["inquiry.created".into()], "inquiry.approved"));
    }

    #[test]
    fn signature_matches_a_known_vector() {
        // HMAC-SHA256(key="whsec_test", "1700000000.{}"), computed with Python's hmac module.
        assert_eq!(
            sign("whsec_test", 1_700_000_000, b"{}"),
            "35495024f4ef3f94e5a93e22221544c4b75e9a42300cd965ab81cb85cd994e91"
        );
        assert_eq!(
            signature_header(&["a", "b"], 5, b"x")
                .matches("v1=")
                .count(),
            2
        );
    }

    #[test]
    fn retries_back_off_for_about_a_day() {
        let start = DateTime::from_timestamp(0, 0).unwrap();
        let mut now = start;
        let mut attempts = 1;
        while let Some(next) = next_attempt(now, attempts, 0.5) {
            assert!(next > now);
            now = next;
            attempts += 1;
        }
        assert_eq!(attempts, MAX_ATTEMPTS);
        let total = now - start;
        assert!(
            total > TimeDelta::hours(20) && total < TimeDelta::hours(30),
            "{total}"
        );
        assert_eq!(
            next_attempt(start, 1, 0.0),
            Some(start + TimeDelta::seconds(24))
        );
    }
}
