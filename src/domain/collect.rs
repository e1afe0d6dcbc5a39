//! What the hosted flow collects: a template's collected fields (name, label, kind, required,
//! limits), checked when a template is set, and the end user's answers checked against them.
//! Problems with answers are typed, so each page can say them in its own language.

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};

use super::error::Violations;
use super::field::{date_of, is_field_name, RawFieldValue};
use super::Error;

mod answers;
pub use answers::*;

mod field;
pub use field::*;

/// The fields a template collects, each checked, names unique; every problem at once.
pub fn check_collected_fields(
    path: &str,
    drafts: &[CollectedFieldDraft],
) -> Result<Vec<CollectedField>, Error> {
    if drafts.len() > COLLECTED_FIELDS_MAX {
        return Err(Error::invalid(
            path,
            format!("a template collects at most {COLLECTED_FIELDS_MAX} fields"),
        ));
    }
    let mut v = Violations::default();
    let mut names = HashSet::new();
    let mut fields = Vec::with_capacity(drafts.len());
    for (i, draft) in drafts.iter().enumerate() {
        let at = format!("{path}[{i}]");
        if !names.insert(draft.name.as_str()) {
            v.add(format!("{at}.name"), "is collected twice; names are unique");
        }
        if let Some(field) = v.check(check_collected_field(&at, draft)) {
            fields.push(field);
        }
    }
    v.into_result()?;
    Ok(fields)
}

fn check_collected_field(at: &str, d: &CollectedFieldDraft) -> Result<CollectedField, Error> {
    let mut v = Violations::default();
    if !is_field_name(&d.name) {
        v.add(
            format!("{at}.name"),
            "1 to 64 characters of letters, digits, '_', '-' and '.', starting with a letter",
        );
    }
    if d.label.chars().count() > LABEL_MAX_LEN || d.label.chars().any(char::is_control) {
        v.add(
            format!("{at}.label"),
            format!("must be at most {LABEL_MAX_LEN} characters, without control characters"),
        );
    }
    // Without a kind the limits are checked as for text; the missing kind is reported.
    let kind = v
        .check(
            d.kind
                .ok_or_else(|| Error::invalid(format!("{at}.kind"), "is required")),
        )
        .unwrap_or(FieldKind::Text);
    let (min_length, max_length) = v.check(lengths(at, kind, d)).unwrap_or_default();
    let (min_value, max_value) = v.check(value_bounds(at, kind, d)).unwrap_or_default();
    let (min_date, max_date) = v.check(date_bounds(at, kind, d)).unwrap_or_default();
    v.into_result()?;
    Ok(CollectedField {
        name: d.name.clone(),
        label: d.label.clone(),
        kind,
        required: d.required,
        min_length,
        max_length,
        min_value,
        max_value,
        min_date,
        max_date,
    })
}

/// A limit set on a kind it does not apply to.
fn not_for(at: &str, limit: &str, kinds: &str) -> Error {
    Error::invalid(
        format!("{at}.{limit}"),
        format!("applies only to {kinds} fields"),
    )
}

fn lengths(at: &str, kind: FieldKind, d: &CollectedFieldDraft) -> Result<(usize, usize), Error> {
    if !kind.has_length() {
        if d.min_length != 0 {
            return Err(not_for(at, "min_length", "text, email and phone"));
        }
        if d.max_length != 0 {
            return Err(not_for(at, "max_length", "text, email and phone"));
        }
        return Ok((0, DEFAULT_MAX_LENGTH));
    }
    let max = match d.max_length {
        0 => DEFAULT_MAX_LENGTH,
        n => usize::try_from(n)
            .ok()
            .filter(|n| (1..=MAX_LENGTH_LIMIT).contains(n))
            .ok_or_else(|| {
                Error::invalid(
                    format!("{at}.max_length"),
                    format!("must be between 1 and {MAX_LENGTH_LIMIT}"),
                )
            })?,
    };
    let min = usize::try_from(d.min_length)
        .ok()
        .filter(|min| *min <= max)
        .ok_or_else(|| {
            Error::invalid(
                format!("{at}.min_length"),
                "must be between 0 and max_length",
            )
        })?;
    Ok((min, max))
}

type Bounds<T> = (Option<T>, Option<T>);

fn value_bounds(at: &str, kind: FieldKind, d: &CollectedFieldDraft) -> Result<Bounds<f64>, Error> {
    if kind != FieldKind::Number {
        return match (d.min_value, d.max_value) {
            (Some(_), _) => Err(not_for(at, "min_value", "number")),
            (_, Some(_)) => Err(not_for(at, "max_value", "number")),
            _ => Ok((None, None)),
        };
    }
    for (name, value) in [("min_value", d.min_value), ("max_value", d.max_value)] {
        if value.is_some_and(|x| !x.is_finite()) {
            return Err(Error::invalid(format!("{at}.{name}"), "must be finite"));
        }
    }
    ordered(at, "min_value", d.min_value, d.max_value)
}

fn date_bounds(
    at: &str,
    kind: FieldKind,
    d: &CollectedFieldDraft,
) -> Result<Bounds<NaiveDate>, Error> {
    if kind != FieldKind::Date {
        return match (d.min_date, d.max_date) {
            (Some(_), _) => Err(not_for(at, "min_date", "date")),
            (_, Some(_)) => Err(not_for(at, "max_date", "date")),
            _ => Ok((None, None)),
        };
    }
    let date = |name: &str, raw: Option<RawDate>| {
        raw.map(|(y, m, d)| {
            date_of(y, m, d).ok_or_else(|| {
                Error::invalid(format!("{at}.{name}"), "must be a valid calendar date")
            })
        })
        .transpose()
    };
    let (min, max) = (date("min_date", d.min_date)?, date("max_date", d.max_date)?);
    ordered(at, "min_date", min, max)
}

fn ordered<T: PartialOrd>(
    at: &str,
    min_name: &str,
    min: Option<T>,
    max: Option<T>,
) -> Result<Bounds<T>, Error> {
    match (&min, &max) {
        (Some(lo), Some(hi)) if lo > hi => Err(Error::invalid(
            format!("{at}.{min_name}"),
            "must not be above the maximum",
        )),
        _ => Ok((min, max)),
    }
}

/// What the `KYC` template that `bootstrap` creates collects, under Persona's field names.
pub fn kyc_fields() -> Vec<CollectedFieldDraft> {
    let field = |name: &str, kind| CollectedFieldDraft {
        name: name.into(),
        kind: Some(kind),
        required: true,
        ..CollectedFieldDraft::default()
    };
    vec![
        field("name_first", FieldKind::Text),
        field("name_last", FieldKind::Text),
        CollectedFieldDraft {
            min_date: Some((1900, 1, 1)),
            ..field("birthdate", FieldKind::Date)
        },
        field("address_street_1", FieldKind::Text),
        field("address_city", FieldKind::Text),
        CollectedFieldDraft {
            max_length: 16,
            ..field("address_postal_code", FieldKind::Text)
        },
        field("address_country_code", FieldKind::Country),
        field("email_address", FieldKind::Email),
    ]
}

/// A prefill value sent without its type — a plain JSON string, bool or number, as
/// Persona-compatible requests send them — typed as the template's collected field of that
/// name (`kind`) takes it: a `birthdate` of kind date becomes a date, exactly as if a gRPC
/// caller had sent a date. A field the template does not collect (`None`) takes its JSON
/// type. The value is then checked like any other ([`super::inquiry::check_fields`]).
pub fn typed_prefill(
    path: &str,
    kind: Option<FieldKind>,
    value: &serde_json::Value,
) -> Result<RawFieldValue, Error> {
    use serde_json::Value as Json;
    let wrong = |what: &str| Error::invalid(path, format!("must be {what}"));
    match (kind, value) {
        (Some(FieldKind::Date), Json::String(s)) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(|d| RawFieldValue::Date {
                year: d.year(),
                month: i32::try_from(d.month()).unwrap_or_default(),
                day: i32::try_from(d.day()).unwrap_or_default(),
            })
            .map_err(|_| wrong("a date written YYYY-MM-DD")),
        (Some(FieldKind::Date), _) => Err(wrong("a date written YYYY-MM-DD")),
        (Some(FieldKind::Number), Json::Number(n)) => Ok(RawFieldValue::Number(
            n.as_f64().ok_or_else(|| wrong("a finite number"))?,
        )),
        (Some(FieldKind::Number), Json::String(s)) => s
            .trim()
            .parse::<f64>()
            .map(RawFieldValue::Number)
            .map_err(|_| wrong("a number")),
        (Some(FieldKind::Number), _) => Err(wrong("a number")),
        (Some(FieldKind::YesNo), Json::Bool(b)) => Ok(RawFieldValue::Bool(*b)),
        (Some(FieldKind::YesNo), _) => Err(wrong("true or false")),
        (Some(_), Json::String(s)) => Ok(RawFieldValue::String(s.clone())),
        (Some(_), _) => Err(wrong("a string")),
        (None, Json::String(s)) => Ok(RawFieldValue::String(s.clone())),
        (None, Json::Bool(b)) => Ok(RawFieldValue::Bool(*b)),
        (None, Json::Number(n)) => Ok(RawFieldValue::Number(
            n.as_f64().ok_or_else(|| wrong("a finite number"))?,
        )),
        (None, _) => Err(wrong("a string, a bool or a number")),
    }
}

#[cfg(test)]
mod tests;
