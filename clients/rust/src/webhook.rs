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
//! The event's `actor` (a `pb::Actor`) says who caused the change:
//!
//! ```
//! # fn handle(event: verilink_client::webhook::WebhookEvent) {
//! use verilink_client::pb::ActorKind;
//!
//! let actor = &event.actor;
//! if actor.kind() == ActorKind::ApiKey {
//!     // key_…, the key's name, the request ID of the call that made the change
//!     println!("{} {} {}", actor.id, actor.display_name, actor.request_id);
//! }
//! # }
//! ```
//!
//! A webhook created with `format: WEBHOOK_FORMAT_PERSONA` sends Persona's event object
//! instead, signed as Persona signs: `Persona-Signature: t=<unix seconds>,v1=<hex HMAC>`, the
//! same HMAC, with one space-separated `t=…,v1=…` pair per live secret. [`verify_persona`]
//! checks that header the same way and returns a [`PersonaEvent`]:
//!
//! ```
//! # fn handle(signature: &str, body: &[u8]) -> Result<(), verilink_client::webhook::VerifyError> {
//! use verilink_client::webhook::{self, DEFAULT_TOLERANCE};
//!
//! // `signature` is the value of the Persona-Signature header, `body` the raw request body.
//! let event = webhook::verify_persona(&["whsec_…"], signature, body, DEFAULT_TOLERANCE)?;
//! if event.name == "inquiry.approved" {
//!     println!("{} approved: {}", event.subject_id(), event.subject["attributes"]["status"]);
//! }
//! # Ok(()) }
//! ```
//!
//! The functions take the header's value, not its name, so they verify any header signed the
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
    /// Who caused the change, as `pb::Event::actor`: `actor.kind()` (an API key, an operator,
    /// the end user, the service), its `id`, `display_name` and, for a call from outside,
    /// `request_id`, `client_ip` and `user_agent`. The default (kind `Unspecified`) if the body
    /// had none. The kind is read from its name (`ACTOR_KIND_API_KEY`) or its number; a name
    /// this build does not know is left `Unspecified`.
    #[serde(deserialize_with = "actor")]
    pub actor: crate::pb::Actor,
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

/// `verilink.v1.Actor` in the proto3 JSON mapping, read into the generated `pb::Actor`.
fn actor<'de, D: Deserializer<'de>>(deserializer: D) -> Result<crate::pb::Actor, D::Error> {
    #[derive(Default, Deserialize)]
    #[serde(default, rename_all = "camelCase")]
    struct Json {
        #[serde(deserialize_with = "actor_kind")]
        kind: i32,
        #[serde(deserialize_with = "null_as_default")]
        id: String,
        #[serde(alias = "display_name", deserialize_with = "null_as_default")]
        display_name: String,
        #[serde(alias = "client_ip", deserialize_with = "null_as_default")]
        client_ip: String,
        #[serde(alias = "user_agent", deserialize_with = "null_as_default")]
        user_agent: String,
        #[serde(alias = "request_id", deserialize_with = "null_as_default")]
        request_id: String,
        #[serde(alias = "idempotency_key_digest", deserialize_with = "null_as_default")]
        idempotency_key_digest: String,
    }
    let json = Option::<Json>::deserialize(deserializer)?.unwrap_or_default();
    Ok(crate::pb::Actor {
        kind: json.kind,
        id: json.id,
        display_name: json.display_name,
        client_ip: json.client_ip,
        user_agent: json.user_agent,
        request_id: json.request_id,
        idempotency_key_digest: json.idempotency_key_digest,
    })
}

/// An `ActorKind` by its name or its number, as proto3 JSON parsers read enums (an unknown
/// name is the default, as when unknown fields are ignored).
fn actor_kind<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i32, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Json {
        Name(String),
        Number(i32),
    }
    Ok(match Option::<Json>::deserialize(deserializer)? {
        Some(Json::Name(name)) => {
            crate::pb::ActorKind::from_str_name(&name).map_or(0, |k| k as i32)
        }
        Some(Json::Number(number)) => number,
        None => 0,
    })
}

fn rfc3339<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<prost_types::Timestamp>, D::Error> {
    Option::<String>::deserialize(deserializer)?
        .map(|text| text.parse().map_err(serde::de::Error::custom))
        .transpose()
}

/// The JSON body of a Persona-format delivery, Persona's event object (keys in kebab case):
///
/// ```json
/// {"data": {"type": "event", "id": "evt_…", "attributes": {"name": "inquiry.approved",
///   "payload": {"data": {"type": "inquiry", "id": "inq_…", "attributes": {…}, "relationships": {…}}},
///   "created-at": "2026-11-24T10:15:30.123Z"}}}
/// ```
///
/// `data.id`, `data.type` and `data.attributes.name` are required; other keys a newer server
/// adds are ignored. `created-at` is also read as `created_at` or `createdAt`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(from = "persona::Body")]
pub struct PersonaEvent {
    /// The event's identifier (`evt_…`, `data.id`), also the `Verilink-Event-Id` header.
    /// Delivery is at least once: deduplicate on it.
    pub id: String,
    /// The JSON:API type of the object (`data.type`): `event`.
    pub r#type: String,
    /// The event name (`data.attributes.name`), e.g. `inquiry.approved`.
    pub name: String,
    /// When the change was committed (`data.attributes.created-at`).
    pub created_at: Option<prost_types::Timestamp>,
    /// The object the event is about (`data.attributes.payload.data`), in Persona's JSON:API
    /// shape: `{"type", "id", "attributes", "relationships"}`. Its type is `inquiry`,
    /// `inquiry-session` or `one-time-link`, by the prefix of the event name (`Null` if the body
    /// had none).
    pub subject: serde_json::Value,
}

impl PersonaEvent {
    /// The subject's JSON:API type (`inquiry`, `inquiry-session`, `one-time-link`), or `""`.
    pub fn subject_type(&self) -> &str {
        self.subject["type"].as_str().unwrap_or_default()
    }

    /// The subject's identifier (`inq_…`, `iqse_…`, `otl_…`), or `""`.
    pub fn subject_id(&self) -> &str {
        self.subject["id"].as_str().unwrap_or_default()
    }
}

/// The nesting of Persona's event object, flattened into [`PersonaEvent`].
mod persona {
    use serde::Deserialize;

    #[derive(Deserialize)]
    pub(super) struct Body {
        data: Data,
    }

    #[derive(Deserialize)]
    struct Data {
        id: String,
        r#type: String,
        attributes: Attributes,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "kebab-case")]
    struct Attributes {
        name: String,
        #[serde(
            default,
            alias = "created_at",
            alias = "createdAt",
            deserialize_with = "super::rfc3339"
        )]
        created_at: Option<prost_types::Timestamp>,
        #[serde(default, deserialize_with = "super::null_as_default")]
        payload: Payload,
    }

    #[derive(Default, Deserialize)]
    #[serde(default)]
    struct Payload {
        data: serde_json::Value,
    }

    impl From<Body> for super::PersonaEvent {
        fn from(body: Body) -> Self {
            let Data {
                id,
                r#type,
                attributes,
            } = body.data;
            super::PersonaEvent {
                id,
                r#type,
                name: attributes.name,
                created_at: attributes.created_at,
                subject: attributes.payload.data,
            }
        }
    }
}

/// Why a delivery was rejected. Every variant but [`VerifyError::InvalidPayload`] means the
/// request must not be trusted (answer it with 400 and do not act on it).
#[derive(Debug)]
#[non_exhaustive]
pub enum VerifyError {
    /// The signature header is empty (or was absent).
    MissingHeader,
    /// The header is not a list of `key=value` pairs, its `t` is not a whole number of seconds
    /// or appears twice, or a `v1` is not a hex HMAC-SHA256 (in a `Persona-Signature` header:
    /// any of its space-separated pairs).
    MalformedHeader,
    /// The header (or one of a `Persona-Signature` header's pairs) has no `t=` timestamp.
    MissingTimestamp,
    /// The header (or one of a `Persona-Signature` header's pairs) has no `v1=` signature.
    MissingSignature,
    /// The timestamp (in a `Persona-Signature` header: any pair's) is further than the
    /// tolerance from the receiver's clock, in the past (a replay or a stuck queue) or in the
    /// future.
    TimestampOutsideTolerance {
        /// The header's `t`, in Unix seconds.
        timestamp: i64,
        /// The receiver's clock, in Unix seconds.
        now: i64,
    },
    /// No `v1` is the signature of this body under any of the secrets.
    SignatureMismatch,
    /// The signature is valid but the body is not a webhook event (of the verified format).
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
    let header = non_empty(header)?;
    check(secrets, &[Signed::parse(header)?], body, tolerance)?;
    let event: WebhookEvent = serde_json::from_slice(body).map_err(VerifyError::InvalidPayload)?;
    if event.id.is_empty() {
        // Signed, but not a Verilink event (a Persona-format body, say): every event has an ID.
        return Err(VerifyError::InvalidPayload(serde::de::Error::custom(
            "the body has no event id (a Persona-format webhook? use verify_persona)",
        )));
    }
    Ok(event)
}

/// Verifies a delivery of a Persona-format webhook (`WEBHOOK_FORMAT_PERSONA`) and returns
/// Persona's event.
///
/// As [`verify`], with `header` the value of the `Persona-Signature` header: one
/// `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>` pair per live secret,
/// separated by a space (two pairs during a rotation's grace period). Every pair must be well
/// formed and have its timestamp within `tolerance`; every pair's `v1` is compared with the
/// signature of its `t` and the body under every secret, in constant time. The body is
/// parsed only once one matches.
pub fn verify_persona(
    secrets: &[&str],
    header: &str,
    body: &[u8],
    tolerance: Duration,
) -> Result<PersonaEvent, VerifyError> {
    let header = non_empty(header)?;
    let pairs = header
        .split_ascii_whitespace()
        .map(Signed::parse)
        .collect::<Result<Vec<_>, _>>()?;
    check(secrets, &pairs, body, tolerance)?;
    serde_json::from_slice(body).map_err(VerifyError::InvalidPayload)
}

/// The header's value without surrounding whitespace, unless that leaves nothing.
fn non_empty(header: &str) -> Result<&str, VerifyError> {
    let header = header.trim();
    if header.is_empty() {
        return Err(VerifyError::MissingHeader);
    }
    Ok(header)
}

/// One `t=…,v1=…[,v1=…]` list: a timestamp and the signatures made with it.
struct Signed<'a> {
    /// `t` as sent, which is what was signed.
    timestamp: &'a str,
    seconds: i64,
    signatures: Vec<[u8; 32]>,
}

impl<'a> Signed<'a> {
    fn parse(list: &'a str) -> Result<Self, VerifyError> {
        let mut timestamp = None;
        let mut signatures = Vec::new();
        for part in list.split(',') {
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
        let (timestamp, seconds) = timestamp.ok_or(VerifyError::MissingTimestamp)?;
        if signatures.is_empty() {
            return Err(VerifyError::MissingSignature);
        }
        Ok(Signed {
            timestamp,
            seconds,
            signatures,
        })
    }
}

/// Every list's timestamp within `tolerance` of this machine's clock, then some `v1` of some
/// list the signature of its timestamp and `body` under one of `secrets`, compared in constant
/// time.
fn check(
    secrets: &[&str],
    lists: &[Signed<'_>],
    body: &[u8],
    tolerance: Duration,
) -> Result<(), VerifyError> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs())
        .try_into()
        .unwrap_or(i64::MAX);
    if let Some(stale) = lists
        .iter()
        .find(|list| now.abs_diff(list.seconds) > tolerance.as_secs())
    {
        return Err(VerifyError::TimestampOutsideTolerance {
            timestamp: stale.seconds,
            now,
        });
    }
    let matches = secrets.iter().any(|secret| {
        lists.iter().any(|list| {
            let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes())
                .expect("HMAC accepts keys of any length");
            mac.update(list.timestamp.as_bytes());
            mac.update(b".");
            mac.update(body);
            list.signatures
                .iter()
                .any(|signature| mac.clone().verify_slice(signature).is_ok())
        })
    });
    if matches {
        Ok(())
    } else {
        Err(VerifyError::SignatureMismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec_current";
    const OLD_SECRET: &str = "whsec_previous";
    const BODY: &[u8] = br#"{"data": {"type": "event", "id": "evt_1", "attributes": {"name": "inquiry.approved", "payload": {"data": {"type": "inquiry", "id": "inq_1", "attributes": {"status": "approved", "reference-id": "u1"}, "relationships": {}}}, "created-at": "2026-11-24T10:15:30.123Z"}}}"#;

    fn now() -> i64 {
        let since = SystemTime::now().duration_since(UNIX_EPOCH).expect("clock");
        i64::try_from(since.as_secs()).expect("seconds")
    }

    /// One `t=…,v1=…` pair signing `body` at `timestamp` with `secret`, as the server does.
    fn pair(secret: &str, timestamp: i64, body: &[u8]) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("key");
        mac.update(format!("{timestamp}.").as_bytes());
        mac.update(body);
        format!(
            "t={timestamp},v1={}",
            hex::encode(mac.finalize().into_bytes())
        )
    }

    fn persona(secrets: &[&str], header: &str, body: &[u8]) -> Result<PersonaEvent, VerifyError> {
        verify_persona(secrets, header, body, DEFAULT_TOLERANCE)
    }

    fn kind(error: &VerifyError) -> String {
        let debug = format!("{error:?}");
        debug[..debug.find([' ', '(', '{']).unwrap_or(debug.len())].to_owned()
    }

    fn native(body: &[u8]) -> WebhookEvent {
        verify(
            &[SECRET],
            &pair(SECRET, now(), body),
            body,
            DEFAULT_TOLERANCE,
        )
        .expect("verifies")
    }

    #[test]
    fn a_native_event_carries_its_actor() {
        let event = native(
            br#"{"id": "evt_1", "type": "inquiry.created", "actor": {"kind": "ACTOR_KIND_API_KEY", "id": "key_1", "displayName": "bootstrap", "clientIp": "127.0.0.1", "userAgent": "curl/8", "requestId": "r-1", "idempotencyKeyDigest": "ab12", "future": 1}}"#,
        );
        assert_eq!(
            event.actor,
            crate::pb::Actor {
                kind: crate::pb::ActorKind::ApiKey as i32,
                id: "key_1".into(),
                display_name: "bootstrap".into(),
                client_ip: "127.0.0.1".into(),
                user_agent: "curl/8".into(),
                request_id: "r-1".into(),
                idempotency_key_digest: "ab12".into(),
            }
        );
        // The proto field names, the kind as a number, nulls.
        let event = native(
            br#"{"id": "evt_2", "actor": {"kind": 3, "id": "iqse_1", "display_name": null, "request_id": "r-2"}}"#,
        );
        assert_eq!(event.actor.kind(), crate::pb::ActorKind::EndUser);
        assert_eq!(
            (event.actor.id.as_str(), event.actor.display_name.as_str()),
            ("iqse_1", "")
        );
        assert_eq!(event.actor.request_id, "r-2");
        // A kind this build does not know is Unspecified; no actor (or null) is the default.
        let event = native(br#"{"id": "evt_3", "actor": {"kind": "ACTOR_KIND_ROBOT", "id": "x"}}"#);
        assert_eq!((event.actor.kind, event.actor.id.as_str()), (0, "x"));
        for body in [
            &br#"{"id": "evt_4"}"#[..],
            br#"{"id": "evt_4", "actor": null}"#,
        ] {
            assert_eq!(native(body).actor, crate::pb::Actor::default());
        }
    }

    #[test]
    fn a_persona_signature_verifies_and_the_event_is_parsed() {
        let event = persona(&[SECRET], &pair(SECRET, now(), BODY), BODY).expect("verifies");
        assert_eq!(event.id, "evt_1");
        assert_eq!(event.r#type, "event");
        assert_eq!(event.name, "inquiry.approved");
        assert_eq!(
            event.created_at,
            Some(prost_types::Timestamp {
                seconds: 1_795_515_330,
                nanos: 123_000_000
            })
        );
        assert_eq!(event.subject_type(), "inquiry");
        assert_eq!(event.subject_id(), "inq_1");
        assert_eq!(event.subject["attributes"]["status"], "approved");
        assert_eq!(event.subject["attributes"]["reference-id"], "u1");
        // The same header with surrounding whitespace, and under one of several secrets.
        let padded = format!("  {}\n", pair(SECRET, now(), BODY));
        assert_eq!(
            persona(&["whsec_other", SECRET], &padded, BODY).expect("verifies"),
            event
        );
    }

    #[test]
    fn during_a_rotation_either_secret_verifies_one_of_the_two_pairs() {
        let t = now();
        let header = format!("{} {}", pair(SECRET, t, BODY), pair(OLD_SECRET, t, BODY));
        for secrets in [
            &[SECRET][..],
            &[OLD_SECRET],
            &[OLD_SECRET, SECRET],
            &["whsec_other", OLD_SECRET],
        ] {
            let event =
                persona(secrets, &header, BODY).unwrap_or_else(|e| panic!("{secrets:?}: {e}"));
            assert_eq!(event.name, "inquiry.approved");
        }
        assert!(matches!(
            persona(&["whsec_other"], &header, BODY),
            Err(VerifyError::SignatureMismatch)
        ));
        // Not the native header: its v1 would be "<hex> t=…".
        assert!(matches!(
            verify(&[SECRET], &header, BODY, DEFAULT_TOLERANCE),
            Err(VerifyError::MalformedHeader)
        ));
    }

    #[test]
    fn a_wrong_secret_or_a_tampered_body_is_a_mismatch() {
        let header = pair(SECRET, now(), BODY);
        let tampered = String::from_utf8_lossy(BODY).replace("approved", "declined");
        for (secrets, body) in [
            (&["whsec_wrong"][..], BODY),
            (&[], BODY),
            (&[SECRET], tampered.as_bytes()),
            (&[SECRET], &BODY[1..]),
        ] {
            let error = persona(secrets, &header, body).expect_err("refused");
            assert!(matches!(error, VerifyError::SignatureMismatch), "{error:?}");
            assert_eq!(
                error.to_string(),
                "no webhook signature matches the body under the given secrets"
            );
        }
    }

    #[test]
    fn timestamps_beyond_the_tolerance_either_way_are_refused() {
        for (offset, fresh) in [(-290, true), (290, true), (-310, false), (310, false)] {
            let t = now() + offset;
            let result = persona(&[SECRET], &pair(SECRET, t, BODY), BODY);
            if fresh {
                assert!(result.is_ok(), "{offset} s: {result:?}");
            } else {
                assert!(
                    matches!(result, Err(VerifyError::TimestampOutsideTolerance { timestamp, .. }) if timestamp == t),
                    "{offset} s: {result:?}"
                );
            }
        }
        // Every pair's timestamp counts, even when another pair is fresh and matches.
        let header = format!(
            "{} {}",
            pair(SECRET, now(), BODY),
            pair(OLD_SECRET, now() - 3600, BODY)
        );
        assert!(matches!(
            persona(&[SECRET], &header, BODY),
            Err(VerifyError::TimestampOutsideTolerance { .. })
        ));
        // A tolerance of one's own.
        let old = pair(SECRET, now() - 600, BODY);
        assert!(verify_persona(&[SECRET], &old, BODY, Duration::from_secs(900)).is_ok());
    }

    #[test]
    fn malformed_headers_are_refused_with_the_native_reasons() {
        let good = pair(SECRET, now(), BODY);
        let (t, v1) = good.split_once(",v1=").expect("v1");
        for (header, expected) in [
            (String::new(), "MissingHeader"),
            ("  ".into(), "MissingHeader"),
            ("garbage".into(), "MalformedHeader"),
            (format!("{t},v1=zz"), "MalformedHeader"),
            (format!("{t},v1={}", &v1[..10]), "MalformedHeader"),
            (format!("t=soon,v1={v1}"), "MalformedHeader"),
            (format!("{t},{t},v1={v1}"), "MalformedHeader"),
            (format!("{t}, v1={v1}"), "MalformedHeader"), // a space splits pairs
            (format!("{good} garbage"), "MalformedHeader"),
            (format!("v1={v1}"), "MissingTimestamp"),
            (format!("{good} v1={v1}"), "MissingTimestamp"),
            (t.to_owned(), "MissingSignature"),
            (format!("{t},v0={v1}"), "MissingSignature"),
            (format!("{good} {t}"), "MissingSignature"),
        ] {
            let error = persona(&[SECRET], &header, BODY).expect_err("refused");
            assert_eq!(kind(&error), expected, "{header:?}: {error:?}");
            // The same reason, in the same words, as the native verifier where it applies.
            if !header.contains(' ') || header.trim().is_empty() {
                let native = verify(&[SECRET], &header, BODY, DEFAULT_TOLERANCE)
                    .expect_err("refused natively");
                assert_eq!(native.to_string(), error.to_string(), "{header:?}");
            }
        }
        // Unknown schemes next to v1, and more than one space between pairs, are fine.
        let lenient = format!("{t},v0=00,v1={v1}  {}", pair(OLD_SECRET, now(), BODY));
        assert!(persona(&[SECRET], &lenient, BODY).is_ok());
    }

    #[test]
    fn the_body_is_parsed_only_once_a_signature_matches() {
        let signed = |body: &[u8]| pair(SECRET, now(), body);
        // Unknown keys are ignored; created-at in other spellings, or absent, and a missing
        // payload are fine.
        let newer = br#"{"data": {"type": "event", "id": "evt_2", "future": 1, "attributes": {"name": "inquiry.created", "createdAt": "2026-11-24T10:15:30Z", "more": [], "payload": {"data": {"type": "inquiry", "id": "inq_2"}, "meta": {}}}}, "included": []}"#;
        let event = persona(&[SECRET], &signed(newer), newer).expect("unknown keys ignored");
        assert_eq!(
            (event.name.as_str(), event.subject_id()),
            ("inquiry.created", "inq_2")
        );
        assert_eq!(event.created_at.map(|t| t.seconds), Some(1_795_515_330));
        let bare = br#"{"data": {"type": "event", "id": "evt_3", "attributes": {"name": "inquiry.created", "payload": null}}}"#;
        let event = persona(&[SECRET], &signed(bare), bare).expect("bare event");
        assert_eq!(
            (event.created_at, &event.subject, event.subject_type()),
            (None, &serde_json::Value::Null, "")
        );
        // Not Persona's event (a native body, no name, a bad time): refused as a payload.
        for body in [
            &br#"{"id": "evt_1", "type": "inquiry.created", "data": {"object": {}}}"#[..],
            br#"{"data": {"type": "event", "id": "evt_4", "attributes": {}}}"#,
            br#"{"data": {"type": "event", "id": "evt_4", "attributes": {"name": "x", "created-at": "yesterday"}}}"#,
            b"[1, 2]",
        ] {
            let error = persona(&[SECRET], &signed(body), body).expect_err("refused");
            assert!(matches!(error, VerifyError::InvalidPayload(_)), "{error:?}");
            assert!(error.to_string().starts_with("webhook body is not an event: "));
        }
        // A bad body with a bad signature is a mismatch: the body is not looked at.
        assert!(matches!(
            persona(&[SECRET], &signed(BODY), b"[1, 2]"),
            Err(VerifyError::SignatureMismatch)
        ));
    }
}
