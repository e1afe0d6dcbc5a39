//! Conversions between the contract's messages and the domain's objects, in one place: domain
//! to message (infallible: rows are typed), and the values of request messages (times,
//! intervals, enums, drafts) to the domain's, which the use cases' constructors check.

use std::collections::BTreeMap;

use crate::domain::access::{
    EmailDelivery, EmailStatus, LinkStatus, OneTimeLink, Session, SessionOrigin, SessionStatus,
};
use crate::domain::actor::{Actor, ActorKind};
use crate::domain::events::Event;
use crate::domain::inquiry::{FieldValue, Fields, Inquiry, InquiryDraft, RawFieldValue};
use crate::domain::status::InquiryStatus;
use crate::domain::webhook::{Delivery, DeliveryStatus, Webhook, WebhookFormat};
use crate::domain::Error;
use crate::pb;

mod template;
pub use template::*;

mod scalars;
pub use scalars::*;

pub fn status(s: InquiryStatus) -> pb::InquiryStatus {
    match s {
        InquiryStatus::Created => pb::InquiryStatus::Created,
        InquiryStatus::Pending => pb::InquiryStatus::Pending,
        InquiryStatus::Completed => pb::InquiryStatus::Completed,
        InquiryStatus::Failed => pb::InquiryStatus::Failed,
        InquiryStatus::Expired => pb::InquiryStatus::Expired,
        InquiryStatus::NeedsReview => pb::InquiryStatus::NeedsReview,
        InquiryStatus::Approved => pb::InquiryStatus::Approved,
        InquiryStatus::Declined => pb::InquiryStatus::Declined,
    }
}

/// A status filter: unspecified means "any".
pub fn parse_status(field: &str, value: i32) -> Result<Option<InquiryStatus>, Error> {
    let parsed = pb::InquiryStatus::try_from(value)
        .map_err(|_| Error::invalid(field, format!("unknown inquiry status {value}")))?;
    Ok(InquiryStatus::ALL
        .into_iter()
        .find(|s| status(*s) == parsed))
}

fn field_value(value: &FieldValue) -> pb::FieldValue {
    use pb::field_value::Value;
    let value = match value {
        FieldValue::String(s) => Value::StringValue(s.clone()),
        FieldValue::Date(d) => Value::DateValue(date(*d)),
        FieldValue::Bool(b) => Value::BoolValue(*b),
        FieldValue::Number(n) => Value::NumberValue(*n),
    };
    pb::FieldValue { value: Some(value) }
}

pub fn fields(fields: &Fields) -> BTreeMap<String, pb::FieldValue> {
    fields
        .iter()
        .map(|(k, v)| (k.clone(), field_value(v)))
        .collect()
}

pub fn raw_fields(fields: &BTreeMap<String, pb::FieldValue>) -> BTreeMap<String, RawFieldValue> {
    use pb::field_value::Value;
    fields
        .iter()
        .map(|(name, v)| {
            let raw = match &v.value {
                None => RawFieldValue::Missing,
                Some(Value::StringValue(s)) => RawFieldValue::String(s.clone()),
                Some(Value::DateValue(d)) => RawFieldValue::Date {
                    year: d.year,
                    month: d.month,
                    day: d.day,
                },
                Some(Value::BoolValue(b)) => RawFieldValue::Bool(*b),
                Some(Value::NumberValue(n)) => RawFieldValue::Number(*n),
            };
            (name.clone(), raw)
        })
        .collect()
}

pub fn inquiry_draft(inquiry: &pb::Inquiry) -> Result<InquiryDraft, Error> {
    let field = |name: &str| format!("inquiry.{name}");
    Ok(InquiryDraft {
        reference_id: inquiry.reference_id.clone(),
        note: inquiry.note.clone(),
        tags: inquiry.tags.clone(),
        fields: raw_fields(&inquiry.fields),
        expire_after_create: opt_duration(
            &field("expire_after_create"),
            inquiry.expire_after_create.as_ref(),
        )?,
        expire_after_start: opt_duration(
            &field("expire_after_start"),
            inquiry.expire_after_start.as_ref(),
        )?,
        expire_after_resume: opt_duration(
            &field("expire_after_resume"),
            inquiry.expire_after_resume.as_ref(),
        )?,
    })
}

pub fn inquiry(i: &Inquiry) -> pb::Inquiry {
    let s = &i.settings;
    pb::Inquiry {
        id: i.id.clone(),
        inquiry_template_id: i.inquiry_template_id.clone(),
        environment: environment(i.tenant.environment) as i32,
        status: status(i.status) as i32,
        reference_id: i.reference_id.clone(),
        note: i.note.clone(),
        tags: i.tags.clone(),
        fields: fields(&i.fields),
        creator: i.creator.id.clone(),
        created_by: Some(actor(&i.creator)),
        reviewer: i.reviewer.as_ref().map(actor),
        reviewer_comment: i.reviewer_comment.clone(),
        expires_at: Some(timestamp(i.expires_at)),
        create_time: Some(timestamp(i.create_time)),
        update_time: Some(timestamp(i.update_time)),
        start_time: opt_timestamp(i.start_time),
        complete_time: opt_timestamp(i.complete_time),
        fail_time: opt_timestamp(i.fail_time),
        mark_for_review_time: opt_timestamp(i.mark_for_review_time),
        decision_time: opt_timestamp(i.decision_time),
        expire_time: opt_timestamp(i.expire_time),
        redact_time: opt_timestamp(i.redact_time),
        expire_after_create: Some(duration(s.expire_after_create)),
        expire_after_start: Some(duration(s.expire_after_start)),
        expire_after_resume: Some(duration(s.expire_after_resume)),
    }
}

/// The paths of an update: the mask if given, else (AIP-134) every field the caller populated.
pub fn mask_paths(
    mask: Option<&prost_types::FieldMask>,
    populated: &[(&str, bool)],
) -> Vec<String> {
    match mask {
        Some(mask) if !mask.paths.is_empty() => mask.paths.clone(),
        _ => populated
            .iter()
            .filter(|(_, set)| *set)
            .map(|(path, _)| (*path).to_owned())
            .collect(),
    }
}

fn link_status(status: LinkStatus) -> pb::OneTimeLinkStatus {
    match status {
        LinkStatus::Pending => pb::OneTimeLinkStatus::Pending,
        LinkStatus::Consumed => pb::OneTimeLinkStatus::Consumed,
        LinkStatus::Revoked => pb::OneTimeLinkStatus::Revoked,
        LinkStatus::Expired => pb::OneTimeLinkStatus::Expired,
    }
}

pub fn link(l: &OneTimeLink) -> pb::OneTimeLink {
    pb::OneTimeLink {
        id: l.id.clone(),
        inquiry_id: l.inquiry_id.clone(),
        status: link_status(l.status) as i32,
        expires_at: Some(timestamp(l.expires_at)),
        create_time: Some(timestamp(l.create_time)),
        consume_time: opt_timestamp(l.consume_time),
        revoke_time: opt_timestamp(l.revoke_time),
        expire_time: opt_timestamp(l.expire_time),
        session_id: l.session_id.clone().unwrap_or_default(),
        email_delivery: l.email.as_ref().map(email_delivery),
    }
}

fn email_delivery(e: &EmailDelivery) -> pb::OneTimeLinkEmailDelivery {
    let status = match e.status {
        EmailStatus::Queued => pb::EmailDeliveryStatus::Queued,
        EmailStatus::Sent => pb::EmailDeliveryStatus::Sent,
        EmailStatus::Failed => pb::EmailDeliveryStatus::Failed,
        EmailStatus::Canceled => pb::EmailDeliveryStatus::Canceled,
    };
    pb::OneTimeLinkEmailDelivery {
        recipient: e.recipient.clone(),
        language: e.language.clone(),
        status: status as i32,
        attempt_count: e.attempt_count,
        last_error: e.last_error.clone(),
        queue_time: Some(timestamp(e.queue_time)),
        send_time: opt_timestamp(e.send_time),
        end_time: opt_timestamp(e.end_time),
    }
}

pub fn session(s: &Session) -> pb::Session {
    let status = match s.status {
        SessionStatus::Active => pb::SessionStatus::Active,
        SessionStatus::Expired => pb::SessionStatus::Expired,
        SessionStatus::Completed => pb::SessionStatus::Completed,
    };
    let origin = match s.origin {
        SessionOrigin::OneTimeLink => pb::SessionOrigin::OneTimeLink,
        SessionOrigin::Resume => pb::SessionOrigin::Resume,
    };
    pb::Session {
        id: s.id.clone(),
        inquiry_id: s.inquiry_id.clone(),
        status: status as i32,
        origin: origin as i32,
        one_time_link_id: s.one_time_link_id.clone().unwrap_or_default(),
        create_time: Some(timestamp(s.create_time)),
        expires_at: Some(timestamp(s.expires_at)),
        expire_time: opt_timestamp(s.expire_time),
        complete_time: opt_timestamp(s.complete_time),
        client_ip: s.client_ip.clone(),
        user_agent: s.user_agent.clone(),
    }
}

const WEBHOOK_FORMATS: [(WebhookFormat, pb::WebhookFormat); 2] = [
    (WebhookFormat::Verilink, pb::WebhookFormat::Verilink),
    (WebhookFormat::Persona, pb::WebhookFormat::Persona),
];

/// A webhook's format as requested: unspecified is `None` (the caller's default applies).
pub fn parse_webhook_format(field: &str, value: i32) -> Result<Option<WebhookFormat>, Error> {
    if value == pb::WebhookFormat::Unspecified as i32 {
        return Ok(None);
    }
    WEBHOOK_FORMATS
        .iter()
        .find(|(_, pb)| *pb as i32 == value)
        .map(|(format, _)| Some(*format))
        .ok_or_else(|| Error::invalid(field, format!("unknown webhook format {value}")))
}

pub fn webhook(w: &Webhook) -> pb::Webhook {
    pb::Webhook {
        id: w.id.clone(),
        environment: environment(w.tenant.environment) as i32,
        url: w.url.clone(),
        enabled_events: w.enabled_events.clone(),
        enabled: w.enabled,
        disabled_reason: w.disabled_reason.clone(),
        disable_time: opt_timestamp(w.disable_time),
        create_time: Some(timestamp(w.create_time)),
        update_time: Some(timestamp(w.update_time)),
        previous_secret_expire_time: opt_timestamp(w.previous_secret_expire_time),
        format: WEBHOOK_FORMATS
            .iter()
            .find(|(f, _)| *f == w.format)
            .map_or(pb::WebhookFormat::Unspecified, |(_, pb)| *pb) as i32,
    }
}

pub fn delivery(d: &Delivery) -> pb::WebhookDelivery {
    let status = match d.status {
        DeliveryStatus::Pending => pb::WebhookDeliveryStatus::Pending,
        DeliveryStatus::Succeeded => pb::WebhookDeliveryStatus::Succeeded,
        DeliveryStatus::Failed => pb::WebhookDeliveryStatus::Failed,
    };
    pb::WebhookDelivery {
        id: d.id.clone(),
        webhook_id: d.webhook_id.clone(),
        event_id: d.event_id.clone(),
        event_name: d.event_name.clone(),
        inquiry_id: d.inquiry_id.clone().unwrap_or_default(),
        status: status as i32,
        attempt_count: d.attempt_count,
        last_status_code: d.last_status_code,
        last_error: d.last_error.clone(),
        next_attempt_time: (d.status == DeliveryStatus::Pending)
            .then(|| timestamp(d.next_attempt_time)),
        create_time: Some(timestamp(d.create_time)),
        update_time: Some(timestamp(d.update_time)),
        complete_time: opt_timestamp(d.complete_time),
    }
}

fn json_value(value: &serde_json::Value) -> prost_types::Value {
    use prost_types::value::Kind;
    let kind = match value {
        serde_json::Value::Null => Kind::NullValue(0),
        serde_json::Value::Bool(b) => Kind::BoolValue(*b),
        serde_json::Value::Number(n) => Kind::NumberValue(n.as_f64().unwrap_or_default()),
        serde_json::Value::String(s) => Kind::StringValue(s.clone()),
        serde_json::Value::Array(items) => Kind::ListValue(prost_types::ListValue {
            values: items.iter().map(json_value).collect(),
        }),
        serde_json::Value::Object(map) => Kind::StructValue(json_struct(map)),
    };
    prost_types::Value { kind: Some(kind) }
}

fn json_struct(map: &serde_json::Map<String, serde_json::Value>) -> prost_types::Struct {
    prost_types::Struct {
        fields: map
            .iter()
            .map(|(k, v)| (k.clone(), json_value(v)))
            .collect(),
    }
}

pub fn event(e: &Event) -> pb::Event {
    pb::Event {
        id: e.id.clone(),
        name: e.name.clone(),
        inquiry_id: e.inquiry_id.clone().unwrap_or_default(),
        create_time: Some(timestamp(e.create_time)),
        data: e.data.as_object().map(json_struct),
        actor: Some(actor(&e.actor)),
    }
}

pub fn actor(a: &Actor) -> pb::Actor {
    let kind = match a.kind {
        ActorKind::Unknown => pb::ActorKind::Unknown,
        ActorKind::ApiKey => pb::ActorKind::ApiKey,
        ActorKind::Operator => pb::ActorKind::Operator,
        ActorKind::EndUser => pb::ActorKind::EndUser,
        ActorKind::System => pb::ActorKind::System,
    };
    let origin = a.origin.clone();
    pb::Actor {
        kind: kind.into(),
        id: a.id.clone(),
        display_name: a.display_name.clone().unwrap_or_default(),
        client_ip: origin.client_ip.unwrap_or_default(),
        user_agent: origin.user_agent.unwrap_or_default(),
        request_id: origin.request_id.unwrap_or_default(),
        idempotency_key_digest: origin.idempotency_key_digest.unwrap_or_default(),
    }
}
