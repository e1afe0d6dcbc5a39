//! The outbox: a queued message kept (sealed under the keyring when a key is set) until it is sent,
//! and the retry schedule.

use chrono::{DateTime, TimeDelta, Utc};

use super::message::ComposedEmail;
use crate::domain::secrets::{seal_bound, Keyring, SecretString};
use crate::domain::{Error, Reason};

/// Keeps what waits in the outbox: `VERILINK_ENCRYPTION_KEY` seals it (bound to its link, so
/// rows cannot be swapped), else it is stored as JSON. Returns the bytes and whether sealed.
pub fn store_message(
    message: &ComposedEmail,
    key: Option<&SecretString>,
    link_id: &str,
) -> Result<(Vec<u8>, bool), Error> {
    let json = serde_json::to_vec(message)
        .map_err(|_| Error::precondition(Reason::SealingFailed, "could not encode the email"))?;
    match key {
        Some(key) => Ok((
            seal_bound(OUTBOX_LABEL, key.expose(), link_id.as_bytes(), &json)?,
            true,
        )),
        None => Ok((json, false)),
    }
}

/// Opens a queued message with the current or, during a rotation, the previous key; `None` if
/// it does not open (sealed with another key, or without one configured now).
pub fn load_message(
    stored: &[u8],
    sealed: bool,
    keyring: &Keyring,
    link_id: &str,
) -> Option<ComposedEmail> {
    let json = if sealed {
        keyring.open(OUTBOX_LABEL, link_id.as_bytes(), stored)?
    } else {
        stored.to_vec()
    };
    serde_json::from_slice(&json).ok()
}

const OUTBOX_LABEL: &str = "verilink email outbox v1";

/// Attempts per email before it is given up (about 19 hours of retries), unless the link
/// ends first.
pub const MAX_ATTEMPTS: i32 = 25;

/// When to try again after the `attempt`-th attempt failed temporarily (1-based), or `None`
/// when the email has used every attempt: 30 s doubling to at most an hour, ±20 % jitter
/// (`jitter` in [0, 1)).
pub fn next_attempt(now: DateTime<Utc>, attempt: i32, jitter: f64) -> Option<DateTime<Utc>> {
    if attempt >= MAX_ATTEMPTS {
        return None;
    }
    let exponent = u32::try_from(attempt.clamp(1, 20) - 1).unwrap_or(0);
    let base = (30_i64 << exponent).min(3600) as f64;
    let delay = base * (0.8 + 0.4 * jitter.clamp(0.0, 1.0));
    Some(now + TimeDelta::milliseconds((delay * 1000.0) as i64))
}

/// Longest error kept on a delivery.
pub const LAST_ERROR_MAX_CHARS: usize = 500;
