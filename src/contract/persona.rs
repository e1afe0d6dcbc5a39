//! Persona's wire shapes of Verilink's objects, for the Persona-compatible API
//! (`http::persona`) and Persona-format webhooks (`worker::dispatcher`): JSON:API resource
//! objects with Persona's attribute names. They are built from the contract's messages, so a
//! live inquiry and an event's snapshot of one are shaped by the same code. Keys are written
//! in snake_case here and inflected last, as the caller asks ([`Inflection`]). Attributes
//! Persona has and Verilink does not (behaviors, verifications, documents, step names) are
//! left out rather than invented.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Map, Value};

use super::convert;
use crate::domain::collect::FieldKind;
use crate::pb;

/// How response keys are spelled: Persona's `Key-Inflection` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Inflection {
    /// `reference-id` (Persona's default).
    #[default]
    Kebab,
    /// `referenceId`.
    Camel,
    /// `reference_id`.
    Snake,
}

impl Inflection {
    /// The header's value: `kebab` (also when absent or empty), `camel` or `snake`, in any
    /// case; `None` for anything else.
    pub fn parse(header: Option<&str>) -> Option<Self> {
        let value = header.map(|h| h.trim().to_ascii_lowercase());
        match value.as_deref() {
            None | Some("" | "kebab") => Some(Inflection::Kebab),
            Some("camel") => Some(Inflection::Camel),
            Some("snake") => Some(Inflection::Snake),
            Some(_) => None,
        }
    }

    /// `value` with every object key (written in snake_case) spelled this way; values, such
    /// as relationship types and event names, are left as they are.
    pub fn apply(self, value: Value) -> Value {
        match value {
            Value::Object(map) => Value::Object(
                map.into_iter()
                    .map(|(key, value)| (self.key(&key), self.apply(value)))
                    .collect(),
            ),
            Value::Array(items) => Value::Array(items.into_iter().map(|v| self.apply(v)).collect()),
            other => other,
        }
    }

    fn key(self, snake: &str) -> String {
        match self {
            Inflection::Snake => snake.to_owned(),
            Inflection::Kebab => snake.replace('_', "-"),
            Inflection::Camel => {
                let mut camel = String::with_capacity(snake.len());
                let mut upper = false;
                for c in snake.chars() {
                    match c {
                        '_' => upper = true,
                        c if upper => {
                            camel.extend(c.to_uppercase());
                            upper = false;
                        }
                        c => camel.push(c),
                    }
                }
                camel
            }
        }
    }
}

/// A request key in any of the three inflections, in snake_case: `name-first`, `nameFirst`
/// and `name_first` are all `name_first`, and `addressStreet1` is `address_street_1` (what
/// [`Inflection::Camel`] makes of it). Keys without capitals only have `-` replaced.
pub fn snake_key(key: &str) -> String {
    if !key.chars().any(|c| c.is_ascii_uppercase()) {
        return key.replace('-', "_");
    }
    let mut snake = String::with_capacity(key.len() + 4);
    let mut previous: Option<char> = None;
    for c in key.chars() {
        let boundary = previous.is_some_and(|p| {
            (c.is_ascii_uppercase() && p.is_ascii_alphanumeric())
                || (c.is_ascii_digit() && p.is_ascii_alphabetic())
        });
        if boundary {
            snake.push('_');
        }
        snake.push(if c == '-' {
            '_'
        } else {
            c.to_ascii_lowercase()
        });
        previous = Some(c);
    }
    snake
}

/// A time as Persona writes it: RFC 3339 in UTC with milliseconds (`2023-07-25T19:32:25.000Z`).
pub fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn timestamp(t: Option<&prost_types::Timestamp>) -> Value {
    t.and_then(|t| DateTime::from_timestamp(t.seconds, u32::try_from(t.nanos).ok()?))
        .map_or(Value::Null, |t| Value::String(time(t)))
}

/// Persona writes `null` where Verilink has an empty string.
fn text(value: &str) -> Value {
    if value.is_empty() {
        Value::Null
    } else {
        Value::String(value.to_owned())
    }
}

/// An enum value's name without its prefix, in lower case (`SESSION_STATUS_ACTIVE` → `active`).
fn lower_name(name: Option<&str>, prefix: &str) -> Value {
    name.and_then(|n| n.strip_prefix(prefix))
        .map_or(Value::Null, |n| Value::String(n.to_ascii_lowercase()))
}

/// A JSON:API reference to one resource.
fn reference(kind: &str, id: &str) -> Value {
    if id.is_empty() {
        return json!({ "data": null });
    }
    json!({ "data": { "type": kind, "id": id } })
}

/// Persona's `creator`: the operator's email for an inquiry created in the console, else the
/// creator's ID (an API key's `key_…`).
fn creator(i: &pb::Inquiry) -> &str {
    match &i.created_by {
        Some(a) if a.kind() == pb::ActorKind::Operator && !a.display_name.is_empty() => {
            &a.display_name
        }
        _ => &i.creator,
    }
}

/// Persona's `reviewer` relationship: who decided the inquiry, as a `user` (an operator, by
/// subject), an `api-key` or `system` (the template's auto-approval); `null` until decided.
fn reviewer(i: &pb::Inquiry) -> Value {
    let Some(actor) = &i.reviewer else {
        return json!({ "data": null });
    };
    let kind = match actor.kind() {
        pb::ActorKind::Operator => "user",
        pb::ActorKind::ApiKey => "api-key",
        pb::ActorKind::EndUser => "inquiry-session",
        pb::ActorKind::System => "system",
        pb::ActorKind::Unknown | pb::ActorKind::Unspecified => return json!({ "data": null }),
    };
    reference(kind, &actor.id)
}

/// A typed value as Persona shows it: `{"type": "string" | "date" | "boolean" | "number",
/// "value": …}`.
pub fn field(value: &pb::FieldValue) -> Value {
    use pb::field_value::Value as V;
    match &value.value {
        Some(V::StringValue(s)) => json!({ "type": "string", "value": s }),
        Some(V::DateValue(d)) => json!({
            "type": "date",
            "value": format!("{:04}-{:02}-{:02}", d.year, d.month, d.day),
        }),
        Some(V::BoolValue(b)) => json!({ "type": "boolean", "value": b }),
        Some(V::NumberValue(n)) => json!({ "type": "number", "value": n }),
        None => json!({ "type": "string", "value": null }),
    }
}

/// The kind of collected field whose values Persona's typed value `{"type": type_name, …}`
/// holds, so that typed and plain values are read by the same rule.
pub fn field_kind(type_name: &str) -> Option<FieldKind> {
    match type_name {
        "string" => Some(FieldKind::Text),
        "date" => Some(FieldKind::Date),
        "boolean" => Some(FieldKind::YesNo),
        "number" => Some(FieldKind::Number),
        _ => None,
    }
}

/// The inquiry resource object (`data` of Persona's inquiry endpoints), with its sessions'
/// IDs as relationships.
pub fn inquiry(i: &pb::Inquiry, session_ids: &[String]) -> Value {
    let status = convert::parse_status("status", i.status)
        .ok()
        .flatten()
        .map_or(Value::Null, |s| Value::String(s.as_str().to_owned()));
    let fields: Map<String, Value> = i
        .fields
        .iter()
        .map(|(name, value)| (name.clone(), field(value)))
        .collect();
    let sessions: Vec<Value> = session_ids
        .iter()
        .map(|id| json!({ "type": "inquiry-session", "id": id }))
        .collect();
    json!({
        "type": "inquiry",
        "id": i.id,
        "attributes": {
            "status": status,
            "reference_id": text(&i.reference_id),
            "note": text(&i.note),
            "tags": i.tags,
            "creator": creator(i),
            "reviewer_comment": text(&i.reviewer_comment),
            "created_at": timestamp(i.create_time.as_ref()),
            "updated_at": timestamp(i.update_time.as_ref()),
            "started_at": timestamp(i.start_time.as_ref()),
            "expires_at": timestamp(i.expires_at.as_ref()),
            "completed_at": timestamp(i.complete_time.as_ref()),
            "failed_at": timestamp(i.fail_time.as_ref()),
            "marked_for_review_at": timestamp(i.mark_for_review_time.as_ref()),
            "decisioned_at": timestamp(i.decision_time.as_ref()),
            "expired_at": timestamp(i.expire_time.as_ref()),
            "redacted_at": timestamp(i.redact_time.as_ref()),
            "fields": fields,
        },
        "relationships": {
            "inquiry_template": reference("inquiry-template", &i.inquiry_template_id),
            "reviewer": reviewer(i),
            "sessions": { "data": sessions },
        },
    })
}

/// An inquiry session resource object (Persona's `inquiry-session`).
pub fn session(s: &pb::Session) -> Value {
    let status = pb::SessionStatus::try_from(s.status).ok();
    json!({
        "type": "inquiry-session",
        "id": s.id,
        "attributes": {
            "status": lower_name(status.map(|s| s.as_str_name()), "SESSION_STATUS_"),
            "created_at": timestamp(s.create_time.as_ref()),
            "expires_at": timestamp(s.expires_at.as_ref()),
            "expired_at": timestamp(s.expire_time.as_ref()),
            "completed_at": timestamp(s.complete_time.as_ref()),
            "ip_address": text(&s.client_ip),
            "user_agent": text(&s.user_agent),
        },
        "relationships": {
            "inquiry": reference("inquiry", &s.inquiry_id),
            "one_time_link": reference("one-time-link", &s.one_time_link_id),
        },
    })
}

/// A one-time link resource object. Persona has no such resource; this one is shaped like
/// its others. It never holds the link's codes (the message has no field for them).
pub fn one_time_link(l: &pb::OneTimeLink) -> Value {
    let status = pb::OneTimeLinkStatus::try_from(l.status).ok();
    json!({
        "type": "one-time-link",
        "id": l.id,
        "attributes": {
            "status": lower_name(status.map(|s| s.as_str_name()), "ONE_TIME_LINK_STATUS_"),
            "created_at": timestamp(l.create_time.as_ref()),
            "expires_at": timestamp(l.expires_at.as_ref()),
            "consumed_at": timestamp(l.consume_time.as_ref()),
            "revoked_at": timestamp(l.revoke_time.as_ref()),
            "expired_at": timestamp(l.expire_time.as_ref()),
        },
        "relationships": {
            "inquiry": reference("inquiry", &l.inquiry_id),
            "inquiry_session": reference("inquiry-session", &l.session_id),
        },
    })
}

/// Persona's event object around a resource object: `{"data": {"type": "event", "id",
/// "attributes": {"name", "payload": {"data": subject}, "created_at"}}}`.
pub fn event(id: &str, name: &str, created: DateTime<Utc>, subject: Value) -> Value {
    json!({
        "data": {
            "type": "event",
            "id": id,
            "attributes": {
                "name": name,
                "payload": { "data": subject },
                "created_at": time(created),
            },
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_inflect_and_read_back_in_every_spelling() {
        let value =
            json!({"reference_id": "u", "fields": {"address_street_1": 1}, "tags": ["a_b"]});
        assert_eq!(
            Inflection::Kebab.apply(value.clone()),
            json!({"reference-id": "u", "fields": {"address-street-1": 1}, "tags": ["a_b"]})
        );
        let camel = Inflection::Camel.apply(value.clone());
        assert_eq!(
            camel,
            json!({"referenceId": "u", "fields": {"addressStreet1": 1}, "tags": ["a_b"]})
        );
        assert_eq!(Inflection::Snake.apply(value.clone()), value);
        for key in ["reference-id", "referenceId", "reference_id"] {
            assert_eq!(snake_key(key), "reference_id");
        }
        for key in ["address-street-1", "addressStreet1"] {
            assert_eq!(snake_key(key), "address_street_1");
        }
        assert_eq!(snake_key("nameFirst"), "name_first");
        assert_eq!(snake_key("birthdate"), "birthdate");
        assert_eq!(Inflection::parse(Some(" CAMEL ")), Some(Inflection::Camel));
        assert_eq!(Inflection::parse(None), Some(Inflection::Kebab));
        assert_eq!(Inflection::parse(Some("pascal")), None);
    }

    #[test]
    fn inquiries_have_persona_attributes_and_nothing_invented() {
        let inquiry = pb::Inquiry {
            id: "inq_x".into(),
            inquiry_template_id: "itmpl_x".into(),
            status: pb::InquiryStatus::NeedsReview as i32,
            create_time: Some(prost_types::Timestamp {
                seconds: 1_690_313_545,
                nanos: 123_456_789,
            }),
            fields: [(
                "birthdate".to_owned(),
                pb::FieldValue {
                    value: Some(pb::field_value::Value::DateValue(pb::Date {
                        year: 1977,
                        month: 8,
                        day: 31,
                    })),
                },
            )]
            .into(),
            ..Default::default()
        };
        let object = Inflection::Kebab.apply(super::inquiry(&inquiry, &["iqse_a".into()]));
        let attributes = &object["attributes"];
        assert_eq!(attributes["status"], "needs_review");
        assert_eq!(attributes["created-at"], "2023-07-25T19:32:25.123Z");
        assert_eq!(attributes["reference-id"], Value::Null);
        assert_eq!(attributes["started-at"], Value::Null);
        assert_eq!(
            attributes["fields"]["birthdate"],
            json!({"type": "date", "value": "1977-08-31"})
        );
        assert!(attributes.get("behaviors").is_none());
        assert_eq!(
            object["relationships"],
            json!({
                "inquiry-template": {"data": {"type": "inquiry-template", "id": "itmpl_x"}},
                "reviewer": {"data": null},
                "sessions": {"data": [{"type": "inquiry-session", "id": "iqse_a"}]},
            })
        );
    }

    #[test]
    fn creator_and_reviewer_read_as_persona_shows_them() {
        let operator = pb::Actor {
            kind: pb::ActorKind::Operator.into(),
            id: "00u1a2b3".into(),
            display_name: "ops@acme.example".into(),
            ..Default::default()
        };
        let key = pb::Actor {
            kind: pb::ActorKind::ApiKey.into(),
            id: "key_x".into(),
            display_name: "billing".into(),
            ..Default::default()
        };
        let by_console = pb::Inquiry {
            creator: operator.id.clone(),
            created_by: Some(operator.clone()),
            reviewer: Some(key.clone()),
            ..Default::default()
        };
        let object = super::inquiry(&by_console, &[]);
        assert_eq!(object["attributes"]["creator"], "ops@acme.example");
        assert_eq!(
            object["relationships"]["reviewer"],
            json!({"data": {"type": "api-key", "id": "key_x"}})
        );
        let by_key = pb::Inquiry {
            creator: key.id.clone(),
            created_by: Some(key),
            reviewer: Some(operator),
            ..Default::default()
        };
        let object = super::inquiry(&by_key, &[]);
        assert_eq!(object["attributes"]["creator"], "key_x");
        assert_eq!(
            object["relationships"]["reviewer"],
            json!({"data": {"type": "user", "id": "00u1a2b3"}})
        );
    }
}
