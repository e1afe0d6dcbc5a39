//! What the hosted flow collects: a template's collected fields (name, label, kind, required,
//! limits), checked when a template is set, and the end user's answers checked against them.
//! Problems with answers are typed, so each page can say them in its own language.

use std::collections::{BTreeMap, HashSet};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::countries::is_country_code;
use super::error::Violations;
use super::inquiry::{
    date_of, is_field_name, FieldValue, Fields, RawFieldValue, FIELD_VALUE_MAX_BYTES,
};
use super::Error;

pub const COLLECTED_FIELDS_MAX: usize = 50;
pub const LABEL_MAX_LEN: usize = 255;
pub const DEFAULT_MAX_LENGTH: usize = 255;
pub const MAX_LENGTH_LIMIT: usize = 4096;
const EMAIL_MAX_LEN: usize = 254;

/// The kind of value a collected field takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    Text,
    Date,
    Email,
    Phone,
    Country,
    Number,
    YesNo,
}

impl FieldKind {
    /// Kinds whose answers are strings with length limits.
    pub fn has_length(self) -> bool {
        matches!(self, FieldKind::Text | FieldKind::Email | FieldKind::Phone)
    }
}

/// One field the hosted flow asks for (limits normalized: defaults applied).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CollectedField {
    pub name: String,
    /// Empty: the page names the field itself.
    #[serde(default)]
    pub label: String,
    pub kind: FieldKind,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub min_length: usize,
    #[serde(default = "default_max_length")]
    pub max_length: usize,
    #[serde(default)]
    pub min_value: Option<f64>,
    #[serde(default)]
    pub max_value: Option<f64>,
    #[serde(default)]
    pub min_date: Option<NaiveDate>,
    #[serde(default)]
    pub max_date: Option<NaiveDate>,
}

fn default_max_length() -> usize {
    DEFAULT_MAX_LENGTH
}

impl CollectedField {
    /// A field of `kind` with no limits beyond the defaults.
    pub fn new(name: &str, kind: FieldKind, required: bool) -> Self {
        CollectedField {
            name: name.to_owned(),
            label: String::new(),
            kind,
            required,
            min_length: 0,
            max_length: DEFAULT_MAX_LENGTH,
            min_value: None,
            max_value: None,
            min_date: None,
            max_date: None,
        }
    }
}

/// A date as a caller sent it (year, month, day), before it is checked.
pub type RawDate = (i32, i32, i32);

/// A collected field as a caller sent it; [`check_collected_fields`] turns it into one.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CollectedFieldDraft {
    pub name: String,
    pub label: String,
    /// `None`: the caller named no kind.
    pub kind: Option<FieldKind>,
    pub required: bool,
    pub min_length: i32,
    pub max_length: i32,
    pub min_value: Option<f64>,
    pub max_value: Option<f64>,
    pub min_date: Option<RawDate>,
    pub max_date: Option<RawDate>,
}

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

/// Why an answer was refused, for the page to say in the end user's language.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    Required,
    TooShort {
        min: usize,
    },
    TooLong {
        max: usize,
    },
    /// Control characters, or more bytes than a field value may hold.
    NotText,
    NotADate,
    TooEarly {
        min: NaiveDate,
    },
    TooLate {
        max: NaiveDate,
    },
    NotAnEmail,
    NotAPhone,
    NotACountry,
    NotANumber,
    TooSmall {
        min: f64,
    },
    TooLarge {
        max: f64,
    },
    NotYesNo,
}

/// The end user's answers (as the form sent them, by field name) checked against the fields
/// a template collects: the typed values to store, or every problem by field name. Empty
/// optional answers store nothing.
pub fn check_answers(
    fields: &[CollectedField],
    answers: &BTreeMap<String, String>,
) -> Result<Fields, BTreeMap<String, Problem>> {
    let mut values = Fields::new();
    let mut problems = BTreeMap::new();
    for field in fields {
        let answer = answers.get(&field.name).map_or("", |a| a.trim());
        if answer.is_empty() {
            if field.required {
                problems.insert(field.name.clone(), Problem::Required);
            }
            continue;
        }
        match check_answer(field, answer) {
            Ok(value) => {
                values.insert(field.name.clone(), value);
            }
            Err(problem) => {
                problems.insert(field.name.clone(), problem);
            }
        }
    }
    if problems.is_empty() {
        Ok(values)
    } else {
        Err(problems)
    }
}

/// One non-empty, trimmed answer.
pub fn check_answer(field: &CollectedField, answer: &str) -> Result<FieldValue, Problem> {
    if answer.len() > FIELD_VALUE_MAX_BYTES || answer.chars().any(char::is_control) {
        return Err(Problem::NotText);
    }
    if field.kind.has_length() {
        let n = answer.chars().count();
        if n < field.min_length {
            return Err(Problem::TooShort {
                min: field.min_length,
            });
        }
        if n > field.max_length {
            return Err(Problem::TooLong {
                max: field.max_length,
            });
        }
    }
    match field.kind {
        FieldKind::Text => Ok(FieldValue::String(answer.to_owned())),
        FieldKind::Email => email(answer).map(FieldValue::String),
        FieldKind::Phone => phone(answer).map(FieldValue::String),
        FieldKind::Country => country(answer).map(FieldValue::String),
        FieldKind::Date => date(field, answer).map(FieldValue::Date),
        FieldKind::Number => number(field, answer).map(FieldValue::Number),
        FieldKind::YesNo => match answer {
            "yes" => Ok(FieldValue::Bool(true)),
            "no" => Ok(FieldValue::Bool(false)),
            _ => Err(Problem::NotYesNo),
        },
    }
}

/// A plausible address: one `@` between a local part and a domain with a dot, no spaces.
fn email(answer: &str) -> Result<String, Problem> {
    let plausible = answer.len() <= EMAIL_MAX_LEN
        && !answer.contains(char::is_whitespace)
        && answer.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain.split('.').count() >= 2
                && domain.split('.').all(|label| !label.is_empty())
        });
    if plausible {
        Ok(answer.to_owned())
    } else {
        Err(Problem::NotAnEmail)
    }
}

/// 6 to 15 digits, an optional leading `+`; common separators are dropped.
fn phone(answer: &str) -> Result<String, Problem> {
    let (plus, rest) = match answer.strip_prefix('+') {
        Some(rest) => ("+", rest),
        None => ("", answer),
    };
    let mut digits = String::with_capacity(rest.len());
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '.' | '-' | '(' | ')' => {}
            _ => return Err(Problem::NotAPhone),
        }
    }
    if (6..=15).contains(&digits.len()) {
        Ok(format!("{plus}{digits}"))
    } else {
        Err(Problem::NotAPhone)
    }
}

fn country(answer: &str) -> Result<String, Problem> {
    let code = answer.to_ascii_uppercase();
    if is_country_code(&code) {
        Ok(code)
    } else {
        Err(Problem::NotACountry)
    }
}

/// `YYYY-MM-DD` (what a date input sends), within the field's bounds.
fn date(field: &CollectedField, answer: &str) -> Result<NaiveDate, Problem> {
    let parsed = NaiveDate::parse_from_str(answer, "%Y-%m-%d")
        .ok()
        .and_then(|d| {
            use chrono::Datelike;
            date_of(d.year(), d.month() as i32, d.day() as i32)
        })
        .ok_or(Problem::NotADate)?;
    match (field.min_date, field.max_date) {
        (Some(min), _) if parsed < min => Err(Problem::TooEarly { min }),
        (_, Some(max)) if parsed > max => Err(Problem::TooLate { max }),
        _ => Ok(parsed),
    }
}

/// A finite decimal number; a single comma is taken as the decimal mark.
fn number(field: &CollectedField, answer: &str) -> Result<f64, Problem> {
    let normalized = if answer.contains('.') {
        answer.to_owned()
    } else {
        answer.replacen(',', ".", 1)
    };
    let plain = normalized
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+'));
    let value = normalized
        .parse::<f64>()
        .ok()
        .filter(|x| plain && x.is_finite())
        .ok_or(Problem::NotANumber)?;
    match (field.min_value, field.max_value) {
        (Some(min), _) if value < min => Err(Problem::TooSmall { min }),
        (_, Some(max)) if value > max => Err(Problem::TooLarge { max }),
        _ => Ok(value),
    }
}

/// What an input shows for a value the inquiry already holds.
pub fn shown(value: &FieldValue) -> String {
    match value {
        FieldValue::String(s) => s.clone(),
        FieldValue::Date(d) => d.format("%Y-%m-%d").to_string(),
        FieldValue::Bool(true) => "yes".into(),
        FieldValue::Bool(false) => "no".into(),
        FieldValue::Number(n) => n.to_string(),
    }
}

#[cfg(test)]
mod tests;
