//! The end user's answers, checked against the template's collected fields; problems typed so each
//! page says them in its language.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::field::{CollectedField, FieldKind};
use crate::domain::countries::is_country_code;
use crate::domain::email::Mailbox;
use crate::domain::field::{date_of, FieldValue, Fields, FIELD_VALUE_MAX_BYTES};
use crate::domain::{Error, FieldViolation};

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

impl Problem {
    /// What is wrong, in English, for the API's field violations (the pages say it in the end
    /// user's language).
    pub fn describe(&self) -> String {
        match self {
            Problem::Required => "is required by the inquiry's template".into(),
            Problem::TooShort { min } => format!("must be at least {min} characters"),
            Problem::TooLong { max } => format!("must be at most {max} characters"),
            Problem::NotText => "must be text without control characters, at most 4 KiB".into(),
            Problem::NotADate => "must be a real date".into(),
            Problem::TooEarly { min } => format!("must be on or after {}", min.format("%Y-%m-%d")),
            Problem::TooLate { max } => format!("must be on or before {}", max.format("%Y-%m-%d")),
            Problem::NotAnEmail => "must be an email address like name@example.com".into(),
            Problem::NotAPhone => "must be a phone number of 6 to 15 digits".into(),
            Problem::NotACountry => "must be an ISO 3166-1 alpha-2 country code".into(),
            Problem::NotANumber => "must be a finite number".into(),
            Problem::TooSmall { min } => format!("must be at least {min}"),
            Problem::TooLarge { max } => format!("must be at most {max}"),
            Problem::NotYesNo => "must be true or false".into(),
        }
    }
}

/// What an end user submits, typed (as the API takes it), checked as the hosted page checks
/// the same answers typed into its form: every value must be for a field the template collects
/// and pass as that field's answer would (and is stored as it would be: an email trimmed, a
/// phone number without separators, a country code in capitals); every required field must
/// hold a value once the submission is merged into what the inquiry already `held`. Problems
/// are field violations of `path.<name>`.
pub fn check_submission(
    path: &str,
    fields: &[CollectedField],
    submitted: &Fields,
    held: &Fields,
) -> Result<Fields, Error> {
    let mut values = Fields::new();
    let mut violations = Vec::new();
    for (name, value) in submitted {
        let Some(field) = fields.iter().find(|f| &f.name == name) else {
            violations.push(FieldViolation::new(
                format!("{path}.{name}"),
                "is not a field the inquiry's template collects",
            ));
            continue;
        };
        let answer = shown(value);
        if answer.trim().is_empty() {
            continue; // as an empty answer on the form: nothing stored (required: below)
        }
        match check_answer(field, answer.trim()) {
            Ok(checked) => {
                values.insert(name.clone(), checked);
            }
            Err(problem) => {
                violations.push(FieldViolation::new(
                    format!("{path}.{name}"),
                    problem.describe(),
                ));
            }
        }
    }
    for field in fields.iter().filter(|f| f.required) {
        let has = |fields: &Fields| {
            fields
                .get(&field.name)
                .is_some_and(|v| !shown(v).trim().is_empty())
        };
        let empty_answer = submitted.contains_key(&field.name) && !has(submitted);
        if empty_answer || !(has(submitted) || has(held)) {
            violations.push(FieldViolation::new(
                format!("{path}.{}", field.name),
                Problem::Required.describe(),
            ));
        }
    }
    if violations.is_empty() {
        Ok(values)
    } else {
        Err(Error::InvalidArgument(violations))
    }
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

/// An address Verilink could email, as every other address it takes
/// ([`Mailbox::recipient`]), kept in its canonical form.
fn email(answer: &str) -> Result<String, Problem> {
    Mailbox::recipient("", answer)
        .map(|mailbox| mailbox.to_string())
        .map_err(|_| Problem::NotAnEmail)
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
