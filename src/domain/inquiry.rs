//! Inquiry input validation, prefill fields, tags and expiry arithmetic.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use super::error::Violations;
use super::status::InquiryStatus;
use super::template::{check_interval, TemplateSettings};
use super::Error;

pub const REFERENCE_ID_MAX_LEN: usize = 255;
pub const NOTE_MAX_BYTES: usize = 4096;
pub const COMMENT_MAX_BYTES: usize = 4096;
pub const TAGS_MAX: usize = 50;
pub const TAG_MAX_LEN: usize = 64;
pub const FIELDS_MAX: usize = 100;
pub const FIELD_NAME_MAX_LEN: usize = 64;
pub const FIELD_VALUE_MAX_BYTES: usize = 4096;

/// A typed prefill or collected value. Stored as `{"type": …, "value": …}` JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "lowercase")]
pub enum FieldValue {
    String(String),
    Date(NaiveDate),
    Bool(bool),
    Number(f64),
}

/// A value as it arrived, before its kind-specific checks.
#[derive(Debug, Clone, PartialEq)]
pub enum RawFieldValue {
    Missing,
    String(String),
    Date { year: i32, month: i32, day: i32 },
    Bool(bool),
    Number(f64),
}

pub type Fields = BTreeMap<String, FieldValue>;

fn check_field(path: &str, value: &RawFieldValue) -> Result<FieldValue, Error> {
    match value {
        RawFieldValue::Missing => Err(Error::invalid(
            path,
            "must hold a string, date, bool or number value",
        )),
        RawFieldValue::String(s) if s.len() > FIELD_VALUE_MAX_BYTES => Err(Error::invalid(
            path,
            format!("must be at most {FIELD_VALUE_MAX_BYTES} bytes"),
        )),
        RawFieldValue::String(s) => Ok(FieldValue::String(s.clone())),
        RawFieldValue::Date { year, month, day } => u32::try_from(*month)
            .ok()
            .zip(u32::try_from(*day).ok())
            .and_then(|(m, d)| NaiveDate::from_ymd_opt(*year, m, d))
            .filter(|d| (1..=9999).contains(&chrono::Datelike::year(d)))
            .map(FieldValue::Date)
            .ok_or_else(|| Error::invalid(path, "must be a valid calendar date")),
        RawFieldValue::Bool(b) => Ok(FieldValue::Bool(*b)),
        RawFieldValue::Number(n) if n.is_finite() => Ok(FieldValue::Number(*n)),
        RawFieldValue::Number(_) => Err(Error::invalid(path, "must be a finite number")),
    }
}

fn is_field_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')
}

/// Validates a whole map of fields (prefill or collected).
pub fn check_fields(field: &str, raw: &BTreeMap<String, RawFieldValue>) -> Result<Fields, Error> {
    if raw.len() > FIELDS_MAX {
        return Err(Error::invalid(
            field,
            format!("must hold at most {FIELDS_MAX} fields"),
        ));
    }
    let mut v = Violations::default();
    let mut out = Fields::new();
    for (name, value) in raw {
        let path = format!("{field}[{name:?}]");
        if name.len() > FIELD_NAME_MAX_LEN || !is_field_name(name) {
            v.add(
                &path,
                format!(
                    "field names are 1 to {FIELD_NAME_MAX_LEN} characters of letters, digits, \
                     '_', '-' and '.', starting with a letter"
                ),
            );
            continue;
        }
        if let Some(value) = v.check(check_field(&path, value)) {
            out.insert(name.clone(), value);
        }
    }
    v.into_result()?;
    Ok(out)
}

pub fn check_tag(field: &str, tag: &str) -> Result<String, Error> {
    let ok = !tag.is_empty()
        && tag.chars().count() <= TAG_MAX_LEN
        && tag
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '_' | '.' | ':' | '-'));
    if ok {
        Ok(tag.to_owned())
    } else {
        Err(Error::invalid(
            field,
            format!("tags are 1 to {TAG_MAX_LEN} characters of A-Z a-z 0-9 space _ . : -"),
        ))
    }
}

/// Validates a tag list; duplicates collapse, first occurrence keeps its place.
pub fn check_tags(field: &str, tags: &[String]) -> Result<Vec<String>, Error> {
    let mut v = Violations::default();
    let mut out: Vec<String> = Vec::with_capacity(tags.len());
    for (i, tag) in tags.iter().enumerate() {
        if let Some(tag) = v.check(check_tag(&format!("{field}[{i}]"), tag)) {
            if !out.contains(&tag) {
                out.push(tag);
            }
        }
    }
    v.into_result()?;
    limit_tags(field, out)
}

pub fn limit_tags(field: &str, tags: Vec<String>) -> Result<Vec<String>, Error> {
    if tags.len() > TAGS_MAX {
        Err(Error::invalid(
            field,
            format!("an inquiry holds at most {TAGS_MAX} tags"),
        ))
    } else {
        Ok(tags)
    }
}

pub fn check_reference_id(reference_id: &str) -> Result<String, Error> {
    if reference_id.chars().count() > REFERENCE_ID_MAX_LEN {
        Err(Error::invalid(
            "reference_id",
            format!("must be at most {REFERENCE_ID_MAX_LEN} characters"),
        ))
    } else {
        Ok(reference_id.to_owned())
    }
}

pub fn check_note(field: &str, note: &str, max: usize) -> Result<String, Error> {
    if note.len() > max {
        Err(Error::invalid(
            field,
            format!("must be at most {max} bytes"),
        ))
    } else {
        Ok(note.to_owned())
    }
}

/// The per-inquiry intervals, copied from the template and optionally overridden.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InquiryExpiry {
    pub expire_after_create: TimeDelta,
    pub expire_after_start: TimeDelta,
    pub expire_after_resume: TimeDelta,
}

/// What the caller may set on an inquiry (create, or update through a mask).
#[derive(Debug, Clone, Default)]
pub struct InquiryDraft {
    pub reference_id: String,
    pub note: String,
    pub tags: Vec<String>,
    pub fields: BTreeMap<String, RawFieldValue>,
    pub expire_after_create: Option<TimeDelta>,
    pub expire_after_start: Option<TimeDelta>,
    pub expire_after_resume: Option<TimeDelta>,
}

/// Validated contents of a new inquiry.
#[derive(Debug, Clone)]
pub struct NewInquiry {
    pub reference_id: String,
    pub note: String,
    pub tags: Vec<String>,
    pub fields: Fields,
    pub expiry: InquiryExpiry,
}

impl NewInquiry {
    pub fn validate(draft: &InquiryDraft, template: &TemplateSettings) -> Result<Self, Error> {
        let mut v = Violations::default();
        let mut interval = |field: &str, value: Option<TimeDelta>, default: TimeDelta| match value {
            None => default,
            Some(d) => v
                .check(check_interval(&format!("inquiry.{field}"), d))
                .unwrap_or(default),
        };
        let expire_after_create = interval(
            "expire_after_create",
            draft.expire_after_create,
            template.expire_after_create,
        );
        let expiry = InquiryExpiry {
            expire_after_create,
            expire_after_start: interval(
                "expire_after_start",
                draft.expire_after_start,
                template.expire_after_start,
            ),
            expire_after_resume: interval(
                "expire_after_resume",
                draft.expire_after_resume,
                template.expire_after_resume,
            ),
        };
        let new = NewInquiry {
            reference_id: v
                .check(check_reference_id(&draft.reference_id))
                .unwrap_or_default(),
            note: v
                .check(check_note("inquiry.note", &draft.note, NOTE_MAX_BYTES))
                .unwrap_or_default(),
            tags: v
                .check(check_tags("inquiry.tags", &draft.tags))
                .unwrap_or_default(),
            fields: v
                .check(check_fields("inquiry.fields", &draft.fields))
                .unwrap_or_default(),
            expiry,
        };
        v.into_result()?;
        Ok(new)
    }
}

/// ListInquiries filters; every field is optional.
#[derive(Debug, Clone, Default)]
pub struct InquiryFilter {
    pub status: Option<InquiryStatus>,
    pub reference_id: Option<String>,
    pub inquiry_template_id: Option<String>,
    pub tag: Option<String>,
    pub created_after: Option<DateTime<Utc>>,
    pub created_before: Option<DateTime<Utc>>,
}

impl InquiryFilter {
    /// A stable description, so page tokens are bound to the filters they were issued for.
    pub fn describe(&self) -> String {
        format!("{self:?}")
    }
}

/// Paths UpdateInquiry accepts in its mask.
pub const UPDATABLE_PATHS: &[&str] = &["note", "fields", "tags", "reference_id"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::template::TemplateDraft;

    fn template() -> TemplateSettings {
        TemplateSettings::create(&TemplateDraft {
            name: "KYC".into(),
            ..TemplateDraft::default()
        })
        .unwrap()
    }

    fn fields_named(v: &Error) -> Vec<String> {
        match v {
            Error::InvalidArgument(v) => v.iter().map(|f| f.field.clone()).collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn limits_are_enforced_per_field() {
        let mut draft = InquiryDraft {
            reference_id: "r".repeat(256),
            note: "n".repeat(4097),
            tags: vec!["ok".into(), "bad/tag".into()],
            ..InquiryDraft::default()
        };
        draft
            .fields
            .insert("1bad".into(), RawFieldValue::Bool(true));
        draft
            .fields
            .insert("big".into(), RawFieldValue::String("x".repeat(4097)));
        draft.fields.insert(
            "dob".into(),
            RawFieldValue::Date {
                year: 2001,
                month: 2,
                day: 30,
            },
        );
        draft
            .fields
            .insert("nan".into(), RawFieldValue::Number(f64::NAN));
        let err = NewInquiry::validate(&draft, &template()).unwrap_err();
        assert_eq!(
            fields_named(&err),
            [
                "reference_id",
                "inquiry.note",
                "inquiry.tags[1]",
                "inquiry.fields[\"1bad\"]",
                "inquiry.fields[\"big\"]",
                "inquiry.fields[\"dob\"]",
                "inquiry.fields[\"nan\"]",
            ]
        );
    }

    #[test]
    fn at_the_limits_everything_is_accepted() {
        let mut draft = InquiryDraft {
            reference_id: "r".repeat(255),
            note: "n".repeat(4096),
            tags: (0..50)
                .map(|i| format!("tag-{i}:{}", "x".repeat(50)))
                .collect(),
            ..InquiryDraft::default()
        };
        for i in 0..100 {
            draft
                .fields
                .insert(format!("f{i}"), RawFieldValue::String("v".repeat(4096)));
        }
        let new = NewInquiry::validate(&draft, &template()).unwrap();
        assert_eq!(new.tags.len(), 50);
        assert_eq!(new.fields.len(), 100);
        draft.tags.push("one-too-many".into());
        draft
            .fields
            .insert("f100".into(), RawFieldValue::Bool(false));
        let err = NewInquiry::validate(&draft, &template()).unwrap_err();
        assert_eq!(fields_named(&err), ["inquiry.tags", "inquiry.fields"]);
    }

    #[test]
    fn overrides_replace_template_intervals() {
        let draft = InquiryDraft {
            expire_after_create: Some(TimeDelta::hours(2)),
            ..InquiryDraft::default()
        };
        let new = NewInquiry::validate(&draft, &template()).unwrap();
        assert_eq!(new.expiry.expire_after_create, TimeDelta::hours(2));
        assert_eq!(new.expiry.expire_after_resume, TimeDelta::hours(24));
    }

    #[test]
    fn field_values_serialize_with_their_type() {
        let v = serde_json::to_value(FieldValue::Date(
            NaiveDate::from_ymd_opt(1990, 5, 1).unwrap(),
        ))
        .unwrap();
        assert_eq!(
            v,
            serde_json::json!({"type": "date", "value": "1990-05-01"})
        );
    }
}
