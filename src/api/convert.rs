//! Conversions between generated messages and domain or row types, in one place.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, TimeDelta, Utc};
use prost_types::{Duration, Timestamp};
use tonic::Status;

use crate::domain::access::{LinkStatus, SessionOrigin, SessionStatus};
use crate::domain::inquiry::{FieldValue, Fields, InquiryDraft, RawFieldValue};
use crate::domain::status::InquiryStatus;
use crate::domain::template::TemplateDraft;
use crate::domain::tenant::Environment;
use crate::domain::Error;
use crate::pb;
use crate::store::models::{
    DeliveryRow, EventRow, InquiryRow, LinkRow, SessionRow, TemplateRow, WebhookRow,
};
use crate::store::webhooks;

pub fn timestamp(t: DateTime<Utc>) -> Timestamp {
    Timestamp {
        seconds: t.timestamp(),
        nanos: i32::try_from(t.timestamp_subsec_nanos()).unwrap_or(0),
    }
}

pub fn opt_timestamp(t: Option<DateTime<Utc>>) -> Option<Timestamp> {
    t.map(timestamp)
}

pub fn parse_timestamp(field: &str, t: &Timestamp) -> Result<DateTime<Utc>, Error> {
    u32::try_from(t.nanos)
        .ok()
        .and_then(|nanos| DateTime::from_timestamp(t.seconds, nanos))
        .ok_or_else(|| Error::invalid(field, "is not a valid timestamp"))
}

pub fn duration(secs: i64) -> Duration {
    Duration {
        seconds: secs,
        nanos: 0,
    }
}

pub fn parse_duration(field: &str, d: &Duration) -> Result<TimeDelta, Error> {
    if d.seconds < 0 || d.nanos < 0 {
        return Err(Error::invalid(field, "must not be negative"));
    }
    TimeDelta::try_seconds(d.seconds)
        .and_then(|s| s.checked_add(&TimeDelta::nanoseconds(i64::from(d.nanos))))
        .ok_or_else(|| Error::invalid(field, "is out of range"))
}

fn opt_duration(field: &str, d: Option<&Duration>) -> Result<Option<TimeDelta>, Error> {
    d.map(|d| parse_duration(field, d)).transpose()
}

pub fn environment(env: Environment) -> pb::Environment {
    match env {
        Environment::Sandbox => pb::Environment::Sandbox,
        Environment::Live => pb::Environment::Live,
    }
}

fn environment_of(stored: &str) -> i32 {
    Environment::parse(stored).map_or(pb::Environment::Unspecified, environment) as i32
}

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

pub fn template(row: &TemplateRow) -> pb::InquiryTemplate {
    pb::InquiryTemplate {
        id: row.id.clone(),
        environment: environment_of(&row.environment),
        name: row.name.clone(),
        expire_after_create: Some(duration(row.expire_after_create_secs)),
        expire_after_start: Some(duration(row.expire_after_start_secs)),
        expire_after_resume: Some(duration(row.expire_after_resume_secs)),
        one_time_link_ttl: Some(duration(row.one_time_link_ttl_secs)),
        session_ttl: Some(duration(row.session_ttl_secs)),
        max_sessions_per_inquiry: row.max_sessions_per_inquiry,
        redirect_uri: row.redirect_uri.clone().unwrap_or_default(),
        auto_approve: row.auto_approve,
        redact_after: row.redact_after_secs.map(duration),
        archive_time: opt_timestamp(row.archive_time),
        create_time: Some(timestamp(row.create_time)),
        update_time: Some(timestamp(row.update_time)),
    }
}

pub fn template_draft(t: &pb::InquiryTemplate) -> Result<TemplateDraft, Error> {
    let field = |name: &str| format!("inquiry_template.{name}");
    Ok(TemplateDraft {
        name: t.name.clone(),
        expire_after_create: opt_duration(
            &field("expire_after_create"),
            t.expire_after_create.as_ref(),
        )?,
        expire_after_start: opt_duration(
            &field("expire_after_start"),
            t.expire_after_start.as_ref(),
        )?,
        expire_after_resume: opt_duration(
            &field("expire_after_resume"),
            t.expire_after_resume.as_ref(),
        )?,
        one_time_link_ttl: opt_duration(&field("one_time_link_ttl"), t.one_time_link_ttl.as_ref())?,
        session_ttl: opt_duration(&field("session_ttl"), t.session_ttl.as_ref())?,
        max_sessions_per_inquiry: t.max_sessions_per_inquiry,
        redirect_uri: t.redirect_uri.clone(),
        auto_approve: t.auto_approve,
        redact_after: opt_duration(&field("redact_after"), t.redact_after.as_ref())?,
    })
}

fn field_value(value: FieldValue) -> pb::FieldValue {
    use pb::field_value::Value;
    let value = match value {
        FieldValue::String(s) => Value::StringValue(s),
        FieldValue::Date(d) => Value::DateValue(pb::Date {
            year: d.year(),
            month: i32::try_from(d.month()).unwrap_or_default(),
            day: i32::try_from(d.day()).unwrap_or_default(),
        }),
        FieldValue::Bool(b) => Value::BoolValue(b),
        FieldValue::Number(n) => Value::NumberValue(n),
    };
    pb::FieldValue { value: Some(value) }
}

pub fn fields(fields: Fields) -> BTreeMap<String, pb::FieldValue> {
    fields
        .into_iter()
        .map(|(k, v)| (k, field_value(v)))
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

pub fn inquiry(row: &InquiryRow) -> Result<pb::Inquiry, Status> {
    Ok(pb::Inquiry {
        id: row.id.clone(),
        inquiry_template_id: row.inquiry_template_id.clone(),
        environment: environment_of(&row.environment),
        status: status(row.status()?) as i32,
        reference_id: row.reference_id.clone(),
        note: row.note.clone(),
        tags: row.tags(),
        fields: fields(row.fields()?),
        creator: row.creator.clone(),
        reviewer_comment: row.reviewer_comment.clone(),
        expires_at: Some(timestamp(row.expires_at)),
        create_time: Some(timestamp(row.create_time)),
        update_time: Some(timestamp(row.update_time)),
        start_time: opt_timestamp(row.start_time),
        complete_time: opt_timestamp(row.complete_time),
        fail_time: opt_timestamp(row.fail_time),
        mark_for_review_time: opt_timestamp(row.mark_for_review_time),
        decision_time: opt_timestamp(row.decision_time),
        expire_time: opt_timestamp(row.expire_time),
        redact_time: opt_timestamp(row.redact_time),
        expire_after_create: Some(duration(row.expire_after_create_secs)),
        expire_after_start: Some(duration(row.expire_after_start_secs)),
        expire_after_resume: Some(duration(row.expire_after_resume_secs)),
    })
}

/// The paths of an update: the mask if given, else (AIP-134) every field the caller populated.
/// An update naming no field, or a field outside `updatable`, is `INVALID_ARGUMENT`.
pub fn mask_paths(
    mask: Option<&prost_types::FieldMask>,
    populated: &[(&str, bool)],
    updatable: &[&str],
) -> Result<Vec<String>, Error> {
    let paths: Vec<String> = match mask {
        Some(mask) if !mask.paths.is_empty() => mask.paths.clone(),
        _ => populated
            .iter()
            .filter(|(_, set)| *set)
            .map(|(path, _)| (*path).to_owned())
            .collect(),
    };
    if paths.is_empty() {
        return Err(Error::invalid("update_mask", "names no field to update"));
    }
    if let Some(bad) = paths.iter().find(|p| !updatable.contains(&p.as_str())) {
        return Err(Error::invalid(
            "update_mask",
            format!(
                "{bad:?} cannot be updated; updatable fields are {}",
                updatable.join(", ")
            ),
        ));
    }
    Ok(paths)
}

fn link_status(status: LinkStatus) -> pb::OneTimeLinkStatus {
    match status {
        LinkStatus::Pending => pb::OneTimeLinkStatus::Pending,
        LinkStatus::Consumed => pb::OneTimeLinkStatus::Consumed,
        LinkStatus::Revoked => pb::OneTimeLinkStatus::Revoked,
        LinkStatus::Expired => pb::OneTimeLinkStatus::Expired,
    }
}

pub fn link(row: &LinkRow) -> Result<pb::OneTimeLink, Status> {
    Ok(pb::OneTimeLink {
        id: row.id.clone(),
        inquiry_id: row.inquiry_id.clone(),
        status: link_status(row.status()?) as i32,
        expires_at: Some(timestamp(row.expires_at)),
        create_time: Some(timestamp(row.create_time)),
        consume_time: opt_timestamp(row.consume_time),
        revoke_time: opt_timestamp(row.revoke_time),
        expire_time: opt_timestamp(row.expire_time),
        session_id: row.session_id.clone().unwrap_or_default(),
    })
}

pub fn session(row: &SessionRow) -> Result<pb::Session, Status> {
    let status = match row.status()? {
        SessionStatus::Active => pb::SessionStatus::Active,
        SessionStatus::Expired => pb::SessionStatus::Expired,
        SessionStatus::Completed => pb::SessionStatus::Completed,
    };
    let origin = match row.origin()? {
        SessionOrigin::OneTimeLink => pb::SessionOrigin::OneTimeLink,
        SessionOrigin::Resume => pb::SessionOrigin::Resume,
    };
    Ok(pb::Session {
        id: row.id.clone(),
        inquiry_id: row.inquiry_id.clone(),
        status: status as i32,
        origin: origin as i32,
        one_time_link_id: row.one_time_link_id.clone().unwrap_or_default(),
        create_time: Some(timestamp(row.create_time)),
        expires_at: Some(timestamp(row.expires_at)),
        expire_time: opt_timestamp(row.expire_time),
        complete_time: opt_timestamp(row.complete_time),
        client_ip: row.client_ip.clone(),
        user_agent: row.user_agent.clone(),
    })
}

pub fn webhook(row: &WebhookRow) -> pb::Webhook {
    pb::Webhook {
        id: row.id.clone(),
        environment: environment_of(&row.environment),
        url: row.url.clone(),
        enabled_events: row.events(),
        enabled: row.enabled,
        disabled_reason: row.disabled_reason.clone(),
        disable_time: opt_timestamp(row.disable_time),
        create_time: Some(timestamp(row.create_time)),
        update_time: Some(timestamp(row.update_time)),
        previous_secret_expire_time: opt_timestamp(row.previous_secret_expire_time),
    }
}

pub fn delivery(row: &DeliveryRow, event: &EventRow) -> pb::WebhookDelivery {
    let status = match row.status.as_str() {
        webhooks::SUCCEEDED => pb::WebhookDeliveryStatus::Succeeded,
        webhooks::FAILED => pb::WebhookDeliveryStatus::Failed,
        _ => pb::WebhookDeliveryStatus::Pending,
    };
    let pending = status == pb::WebhookDeliveryStatus::Pending;
    pb::WebhookDelivery {
        id: row.id.clone(),
        webhook_id: row.webhook_id.clone(),
        event_id: event.id.clone(),
        event_name: event.name.clone(),
        inquiry_id: row.inquiry_id.clone().unwrap_or_default(),
        status: status as i32,
        attempt_count: row.attempt_count,
        last_status_code: row.last_status_code,
        last_error: row.last_error.clone(),
        next_attempt_time: pending.then(|| timestamp(row.next_attempt_time)),
        create_time: Some(timestamp(row.create_time)),
        update_time: Some(timestamp(row.update_time)),
        complete_time: opt_timestamp(row.complete_time),
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

pub fn event(row: &EventRow) -> pb::Event {
    pb::Event {
        id: row.id.clone(),
        name: row.name.clone(),
        inquiry_id: row.inquiry_id.clone().unwrap_or_default(),
        create_time: Some(timestamp(row.create_time)),
        data: row.data.as_object().map(json_struct),
    }
}
