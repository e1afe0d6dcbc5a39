//! Verifying webhook deliveries.
//!
//! Verilink signs every delivery with the webhook's secret: the header
//! `Verilink-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`
//! (two `v1` entries while a rotated secret is in its grace period). [`verify`] checks it on
//! the raw body and only then parses the body:
//!
//! ```
//! # fn handle(signature: &str, body: &[u8]) -> Result<(), verilink_client::webhook::VerifyError> {
//! use verilink_client::webhook::{self, DEFAULT_TOLERANCE};
//!
//! // `signature` is the value of the Verilink-Signature header, `body` the raw request body.
//! let event = webhook::verify(&["whsec_…"], signature, body, DEFAULT_TOLERANCE)?;
//! if event.r#type == "inquiry.approved" {
//!     println!("{} approved: {}", event.inquiry_id, event.data.object["status"]);
//! }
//! # Ok(()) }
//! ```
//!
//! The function takes the header's value, not its name, so it verifies any header signed the
//! same way.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use serde::{Deserialize, Deserializer};
use sha2::Sha256;

/// How far a delivery's timestamp may be from the receiver's clock, either way: 5 minutes.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(300);

/// The JSON body of a webhook delivery: the proto3 JSON form of `verilink.v1.WebhookEvent`
/// (`pb::WebhookEvent`), read with serde because prost has no JSON mapping. As proto3 JSON
/// parsers do, it ignores fields a newer server adds, takes `null` or a missing field for the
/// default, and accepts the proto field names (`create_time`, `inquiry_id`) as well as the
/// JSON names.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct WebhookEvent {
    /// The event's identifier (`evt_…`), also the `Verilink-Event-Id` header. Delivery is at
    /// least once: deduplicate on it.
    #[serde(deserialize_with = "null_as_default")]
    pub id: String,
    /// The event name, e.g. `inquiry.approved`.
    #[serde(deserialize_with = "null_as_default")]
    pub r#type: String,
    /// When the change was committed.
    #[serde(alias = "create_time", deserialize_with = "rfc3339")]
    pub create_time: Option<prost_types::Timestamp>,
    /// The inquiry the event concerns (`inq_…`).
    #[serde(alias = "inquiry_id", deserialize_with = "null_as_default")]
    pub inquiry_id: String,
    /// `sandbox` or `live`.
    #[serde(deserialize_with = "null_as_default")]
    pub environment: String,
    /// The object the event is about.
    #[serde(deserialize_with = "null_as_default")]
    pub data: WebhookEventData,
}

/// What a webhook event is about.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct WebhookEventData {
    /// Snapshot of the changed object in the proto3 JSON mapping: an Inquiry, Session or
    /// OneTimeLink, by the prefix of the event name (`Null` if the body had none).
    pub object: serde_json::Value,
}

fn null_as_default<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(
    deserializer: D,
) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

fn rfc3339<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<prost_types::Timestamp>, D::Error> {
    Option::<String>::deserialize(deserializer)?
        .map(|text| text.parse().map_err(serde::de::Error::custom))
        .transpose()
}

/// Why a delivery was rejected. Every variant but [`VerifyError::InvalidPayload`] means the
/// request must not be trusted (answer it with 400 and do not act on it).
#[derive(Debug)]
#[non_exhaustive]
pub enum VerifyError {
    /// The signature header is empty (or was absent).
    MissingHeader,
    /// The header is not a list of `key=value` pairs, its `t` is not a whole number of seconds
    /// or appears twice, or a `v1` is not a hex HMAC-SHA256.
    MalformedHeader,
    /// The header has no `t=` timestamp.
    MissingTimestamp,
    /// The header has no `v1=` signature.
    MissingSignature,
    /// The timestamp is further than the tolerance from the receiver's clock, in the past (a
    /// replay or a stuck queue) or in the future.
    TimestampOutsideTolerance {
        /// The header's `t`, in Unix seconds.
        timestamp: i64,
        /// The receiver's clock, in Unix seconds.
        now: i64,
    },
    /// No `v1` is the signature of this body under any of the secrets.
    SignatureMismatch,
    /// The signature is valid but the body is not a webhook event.
    InvalidPayload(serde_json::Error),
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VerifyError::MissingHeader => f.write_str("webhook signature header is missing"),
            VerifyError::MalformedHeader => f.write_str("webhook signature header is malformed"),
            VerifyError::MissingTimestamp => {
                f.write_str("webhook signature header has no timestamp (t=)")
            }
            VerifyError::MissingSignature => {
                f.write_str("webhook signature header has no signature (v1=)")
            }
            VerifyError::TimestampOutsideTolerance { timestamp, now } => write!(
                f,
                "webhook timestamp {timestamp} is {} s away from now ({now}), beyond the tolerance",
                now.abs_diff(*timestamp)
            ),
            VerifyError::SignatureMismatch => {
                f.write_str("no webhook signature matches the body under the given secrets")
            }
            VerifyError::InvalidPayload(e) => write!(f, "webhook body is not an event: {e}"),
        }
    }
}

impl std::error::Error for VerifyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            VerifyError::InvalidPayload(e) => Some(e),
            _ => None,
        }
    }
}

/// Verifies a delivery and returns its event.
///
/// `secrets` are the webhook's signing secrets (`whsec_…`: the current one, and the previous
/// one while you roll a rotation out), `header` the value of the `Verilink-Signature` header,
/// `body` the raw request body exactly as received, `tolerance` how far the signed timestamp
/// may be from this machine's clock ([`DEFAULT_TOLERANCE`]). Every `v1` is compared with the
/// signature under every secret in constant time; the body is parsed only once one matches.
pub fn verify(
    secrets: &[&str],
    header: &str,
    body: &[u8],
    tolerance: Duration,
) -> Result<WebhookEvent, VerifyError> {
    let header = header.trim();
    if header.is_empty() {
        return Err(VerifyError::MissingHeader);
    }
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        let (key, value) = part
            .trim()
            .split_once('=')
            .ok_or(VerifyError::MalformedHeader)?;
        match key {
            "t" if timestamp.is_none() => {
                let seconds: i64 = value.parse().map_err(|_| VerifyError::MalformedHeader)?;
                timestamp = Some((value, seconds));
            }
            "t" => return Err(VerifyError::MalformedHeader),
            "v1" => {
                let mut signature = [0u8; 32];
                hex::decode_to_slice(value, &mut signature)
                    .map_err(|_| VerifyError::MalformedHeader)?;
                signatures.push(signature);
            }
            _ => {} // other schemes, for future use
        }
    }
    let (signed_timestamp, seconds) = timestamp.ok_or(VerifyError::MissingTimestamp)?;
    if signatures.is_empty() {
        return Err(VerifyError::MissingSignature);
    }
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs())
        .try_into()
        .unwrap_or(i64::MAX);
    if now.abs_diff(seconds) > tolerance.as_secs() {
        return Err(VerifyError::TimestampOutsideTolerance {
            timestamp: seconds,
            now,
        });
    }
    let matches = secrets.iter().any(|secret| {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes())
            .expect("HMAC accepts keys of any length");
        mac.update(signed_timestamp.as_bytes());
        mac.update(b".");
        mac.update(body);
        signatures
            .iter()
            .any(|signature| mac.clone().verify_slice(signature).is_ok())
    });
    if !matches {
        return Err(VerifyError::SignatureMismatch);
    }
    serde_json::from_slice(body).map_err(VerifyError::InvalidPayload)
}
