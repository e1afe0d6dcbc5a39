//! Event snapshots: the object as it was, in the proto3 JSON mapping (lowerCamelCase names,
//! enum value names, RFC 3339 timestamps, durations as "<seconds>s").

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Map, Value};

use super::models::{InquiryRow, LinkRow, SessionRow};
use super::StoreResult;

fn time(t: Option<DateTime<Utc>>) -> Value {
    t.map_or(Value::Null, |t| {
        Value::String(t.to_rfc3339_opts(SecondsFormat::Micros, true))
    })
}

fn duration(secs: i64) -> Value {
    Value::String(format!("{secs}s"))
}

/// Proto3 JSON of a field value map: `{"name": {"stringValue": "…"}}`.
pub fn fields_json(row: &InquiryRow) -> StoreResult<Value> {
    use crate::domain::inquiry::FieldValue as F;
    let mut out = Map::new();
    for (name, value) in row.fields()? {
        let v = match value {
            F::String(s) => json!({ "stringValue": s }),
            F::Date(d) => json!({ "dateValue": {
                "year": chrono::Datelike::year(&d),
                "month": chrono::Datelike::month(&d),
                "day": chrono::Datelike::day(&d),
            }}),
            F::Bool(b) => json!({ "boolValue": b }),
            F::Number(n) => json!({ "numberValue": n }),
        };
        out.insert(name, v);
    }
    Ok(Value::Object(out))
}

pub fn inquiry(row: &InquiryRow) -> StoreResult<Value> {
    Ok(json!({
        "id": row.id,
        "inquiryTemplateId": row.inquiry_template_id,
        "environment": format!("ENVIRONMENT_{}", row.environment.to_ascii_uppercase()),
        "status": format!("INQUIRY_STATUS_{}", row.status.to_ascii_uppercase()),
        "referenceId": row.reference_id,
        "note": row.note,
        "tags": row.tags(),
        "fields": fields_json(row)?,
        "creator": row.creator,
        "reviewerComment": row.reviewer_comment,
        "expiresAt": time(Some(row.expires_at)),
        "createTime": time(Some(row.create_time)),
        "updateTime": time(Some(row.update_time)),
        "startTime": time(row.start_time),
        "completeTime": time(row.complete_time),
        "failTime": time(row.fail_time),
        "markForReviewTime": time(row.mark_for_review_time),
        "decisionTime": time(row.decision_time),
        "expireTime": time(row.expire_time),
        "redactTime": time(row.redact_time),
        "expireAfterCreate": duration(row.expire_after_create_secs),
        "expireAfterStart": duration(row.expire_after_start_secs),
        "expireAfterResume": duration(row.expire_after_resume_secs),
    }))
}

/// A link's snapshot never contains its codes.
pub fn link(row: &LinkRow) -> Value {
    json!({
        "id": row.id,
        "inquiryId": row.inquiry_id,
        "status": format!("ONE_TIME_LINK_STATUS_{}", row.status.to_ascii_uppercase()),
        "expiresAt": time(Some(row.expires_at)),
        "createTime": time(Some(row.create_time)),
        "consumeTime": time(row.consume_time),
        "revokeTime": time(row.revoke_time),
        "expireTime": time(row.expire_time),
        "sessionId": row.session_id.clone().unwrap_or_default(),
    })
}

/// A session's snapshot never contains its token.
pub fn session(row: &SessionRow) -> Value {
    json!({
        "id": row.id,
        "inquiryId": row.inquiry_id,
        "status": format!("SESSION_STATUS_{}", row.status.to_ascii_uppercase()),
        "origin": format!("SESSION_ORIGIN_{}", row.origin.to_ascii_uppercase()),
        "oneTimeLinkId": row.one_time_link_id.clone().unwrap_or_default(),
        "createTime": time(Some(row.create_time)),
        "expiresAt": time(Some(row.expires_at)),
        "expireTime": time(row.expire_time),
        "completeTime": time(row.complete_time),
        "clientIp": row.client_ip,
        "userAgent": row.user_agent,
    })
}
