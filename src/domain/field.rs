//! Field values an inquiry holds (prefilled by the company, collected from the end user),
//! checked: names, kinds and sizes.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::error::{check_storable, quoted, Violations};
use super::Error;

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

impl std::fmt::Display for FieldValue {
    /// The value as a person reads it: the text, `1977-08-31`, `true`, `42.5`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FieldValue::String(s) => f.write_str(s),
            FieldValue::Date(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            FieldValue::Bool(b) => write!(f, "{b}"),
            FieldValue::Number(n) => write!(f, "{n}"),
        }
    }
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
        RawFieldValue::String(s) => {
            check_storable(path, s)?;
            Ok(FieldValue::String(s.clone()))
        }
        RawFieldValue::Date { year, month, day } => date_of(*year, *month, *day)
            .map(FieldValue::Date)
            .ok_or_else(|| Error::invalid(path, "must be a valid calendar date")),
        RawFieldValue::Bool(b) => Ok(FieldValue::Bool(*b)),
        RawFieldValue::Number(n) if n.is_finite() => Ok(FieldValue::Number(*n)),
        RawFieldValue::Number(_) => Err(Error::invalid(path, "must be a finite number")),
    }
}

/// A valid calendar date of the years 1 to 9999, if these numbers make one.
pub fn date_of(year: i32, month: i32, day: i32) -> Option<NaiveDate> {
    u32::try_from(month)
        .ok()
        .zip(u32::try_from(day).ok())
        .and_then(|(m, d)| NaiveDate::from_ymd_opt(year, m, d))
        .filter(|d| (1..=9999).contains(&chrono::Datelike::year(d)))
}

/// Field names: 1 to 64 characters of letters, digits, `_`, `-` and `.`, starting with a
/// letter.
pub fn is_field_name(name: &str) -> bool {
    if name.len() > FIELD_NAME_MAX_LEN {
        return false;
    }
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
        let path = format!("{field}[{}]", quoted(name));
        if !is_field_name(name) {
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
