//! How the console's forms write what the API takes as structured values, so an operator can
//! edit them without JavaScript: intervals as `90s`, `30m`, `24h` or `7d`, and a template's
//! collected fields one per line. Each is read back exactly as it was shown; what is wrong is
//! said per field and per line.

use chrono::{NaiveDate, TimeDelta};

use crate::app;
use crate::domain::collect::{CollectedField, CollectedFieldDraft, FieldKind, DEFAULT_MAX_LENGTH};
use crate::domain::error::{quoted, FieldViolation, Violations};
use crate::domain::Error;

/// The largest interval a form may write (more than any setting allows).
const INTERVAL_MAX_DAYS: i64 = 100 * 366;

/// An interval as a form writes it: a whole number with a unit (`s`, `m`, `h`, `d`; minutes
/// without one). Empty: `None`, the setting's default.
pub fn parse_interval(field: &str, text: &str) -> Result<Option<TimeDelta>, Error> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let (number, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(at) => text.split_at(at),
        None => (text, "m"),
    };
    let seconds_per = match unit.trim() {
        "s" => 1,
        "m" => 60,
        "h" => 3_600,
        "d" => 86_400,
        _ => 0,
    };
    number
        .parse::<i64>()
        .ok()
        .filter(|_| seconds_per > 0)
        .and_then(|n| n.checked_mul(seconds_per))
        .filter(|s| *s <= INTERVAL_MAX_DAYS * 86_400)
        .map(|s| Some(TimeDelta::seconds(s)))
        .ok_or_else(|| {
            Error::invalid(
                field,
                format!(
                    "{} is not a duration like 90s, 30m, 24h or 7d",
                    quoted(text)
                ),
            )
        })
}

/// An interval as a form shows it, in its largest whole unit.
pub fn show_interval(interval: TimeDelta) -> String {
    let seconds = interval.num_seconds();
    match seconds {
        0 => "0s".to_owned(),
        s if s % 86_400 == 0 => format!("{}d", s / 86_400),
        s if s % 3_600 == 0 => format!("{}h", s / 3_600),
        s if s % 60 == 0 => format!("{}m", s / 60),
        s => format!("{s}s"),
    }
}

/// The form field of the collected fields, as the violations of its lines name it.
const FIELDS: &str = "collected_fields";

/// The limits a line may set, as `name=value` between the third word and the label.
const LIMITS: [&str; 6] = [
    "min_length",
    "max_length",
    "min_value",
    "max_value",
    "min_date",
    "max_date",
];

/// A template's collected fields as the form shows them: one a line, `name kind
/// required|optional`, then the limits it sets (`min_length=2`, `min_date=1900-01-01`, …), then
/// its label.
pub fn show_fields(fields: &[CollectedField]) -> String {
    let mut lines = Vec::with_capacity(fields.len());
    for f in fields {
        let mut words = vec![
            f.name.clone(),
            f.kind.as_str().to_owned(),
            if f.required { "required" } else { "optional" }.to_owned(),
        ];
        if f.kind.has_length() && f.min_length != 0 {
            words.push(format!("min_length={}", f.min_length));
        }
        if f.kind.has_length() && f.max_length != DEFAULT_MAX_LENGTH {
            words.push(format!("max_length={}", f.max_length));
        }
        let values = [("min_value", f.min_value), ("max_value", f.max_value)];
        for (name, value) in values {
            if let Some(value) = value {
                words.push(format!("{name}={value}"));
            }
        }
        for (name, date) in [("min_date", f.min_date), ("max_date", f.max_date)] {
            if let Some(date) = date {
                words.push(format!("{name}={}", date.format("%Y-%m-%d")));
            }
        }
        if !f.label.is_empty() {
            words.push(f.label.clone());
        }
        lines.push(words.join(" "));
    }
    lines.join("\n")
}

/// The first word of `text` and what follows it (its leading spaces removed).
fn next_word(text: &str) -> (&str, &str) {
    let text = text.trim_start();
    let end = text.find(char::is_whitespace).unwrap_or(text.len());
    (&text[..end], text[end..].trim_start())
}

/// Reads the form's lines into drafts, with the number of the line each came from (blank
/// lines are skipped). Every bad line is reported, each with its number.
pub fn parse_fields(text: &str) -> Result<(Vec<CollectedFieldDraft>, Vec<usize>), Error> {
    let mut v = Violations::default();
    let mut drafts = Vec::new();
    let mut lines = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let number = index + 1;
        if let Some(draft) = v.check(parse_line(&format!("{FIELDS}, line {number}"), line)) {
            drafts.push(draft);
            lines.push(number);
        }
    }
    v.into_result()?;
    Ok((drafts, lines))
}

fn parse_line(at: &str, line: &str) -> Result<CollectedFieldDraft, Error> {
    let (name, rest) = next_word(line);
    let (kind, rest) = next_word(rest);
    let (required, mut rest) = next_word(rest);
    if required.is_empty() {
        return Err(Error::invalid(
            at,
            "a line is: name kind required|optional [limits] [label]",
        ));
    }
    let kinds = FieldKind::ALL.map(FieldKind::as_str).join(", ");
    let mut draft = CollectedFieldDraft {
        name: name.to_owned(),
        kind: Some(FieldKind::parse(kind).ok_or_else(|| {
            Error::invalid(
                at,
                format!("unknown kind {}; kinds are {kinds}", quoted(kind)),
            )
        })?),
        required: match required {
            "required" => true,
            "optional" => false,
            other => {
                return Err(Error::invalid(
                    at,
                    format!(
                        "the third word is required or optional, not {}",
                        quoted(other)
                    ),
                ))
            }
        },
        ..CollectedFieldDraft::default()
    };
    loop {
        let (word, after) = next_word(rest);
        let Some((limit, value)) = word
            .split_once('=')
            .filter(|(limit, _)| LIMITS.contains(limit))
        else {
            break;
        };
        set_limit(&mut draft, limit, value)
            .map_err(|what| Error::invalid(at, format!("{limit}={}: {what}", quoted(value))))?;
        rest = after;
    }
    draft.label = rest.trim_end().to_owned();
    Ok(draft)
}

fn set_limit(
    draft: &mut CollectedFieldDraft,
    limit: &str,
    value: &str,
) -> Result<(), &'static str> {
    let whole = || value.parse::<i32>().map_err(|_| "is a whole number");
    let number = || {
        value
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .ok_or("is a number")
    };
    let date = || {
        NaiveDate::parse_from_str(value, "%Y-%m-%d")
            .map(|d| {
                use chrono::Datelike;
                let month = i32::try_from(d.month()).unwrap_or_default();
                let day = i32::try_from(d.day()).unwrap_or_default();
                (d.year(), month, day)
            })
            .map_err(|_| "is a date like 1900-01-01")
    };
    match limit {
        "min_length" => draft.min_length = whole()?,
        "max_length" => draft.max_length = whole()?,
        "min_value" => draft.min_value = Some(number()?),
        "max_value" => draft.max_value = Some(number()?),
        "min_date" => draft.min_date = Some(date()?),
        _ => draft.max_date = Some(date()?),
    }
    Ok(())
}

/// Names the lines of the form in what the use case found wrong with the fields it read from
/// them: `collected_fields[2].name` is the third field read, which was on line `lines[2]`.
pub fn at_lines(err: app::Error, lines: &[usize]) -> app::Error {
    let app::Error::Domain(Error::InvalidArgument(violations)) = err else {
        return err;
    };
    let named = violations
        .into_iter()
        .map(|v| {
            let field = v
                .field
                .strip_prefix(FIELDS)
                .and_then(|rest| rest.strip_prefix('['))
                .and_then(|rest| rest.split_once(']'))
                .and_then(|(index, rest)| {
                    let line = lines.get(index.parse::<usize>().ok()?)?;
                    let part = rest.trim_start_matches('.');
                    Some(match part {
                        "" => format!("{FIELDS}, line {line}"),
                        part => format!("{FIELDS}, line {line}, {part}"),
                    })
                })
                .unwrap_or(v.field);
            FieldViolation::new(field, v.description)
        })
        .collect();
    app::Error::Domain(Error::InvalidArgument(named))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::collect::{check_collected_fields, kyc_fields};

    fn fields_of(err: Error) -> Vec<String> {
        match err {
            Error::InvalidArgument(v) => v.into_iter().map(|v| v.field).collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn intervals_are_read_as_shown() {
        for (text, seconds) in [("90s", 90), ("30m", 1_800), ("45", 2_700), ("24h", 86_400)] {
            let read = parse_interval("x", text).expect("valid").expect("set");
            assert_eq!(read.num_seconds(), seconds, "{text}");
            assert_eq!(parse_interval("x", &show_interval(read)), Ok(Some(read)));
        }
        assert_eq!(show_interval(TimeDelta::days(7)), "7d");
        assert_eq!(parse_interval("x", "  "), Ok(None));
        for bad in ["1w", "-5m", "5 minutes", "h", "99999999999999d"] {
            assert_eq!(fields_of(parse_interval("ttl", bad).unwrap_err()), ["ttl"]);
        }
    }

    #[test]
    fn fields_round_trip_through_their_lines_limits_and_labels_included() {
        let mut drafts = kyc_fields();
        drafts[0].label = "First  name (as in the passport)".into();
        drafts.push(CollectedFieldDraft {
            name: "age".into(),
            kind: Some(FieldKind::Number),
            min_value: Some(18.0),
            max_value: Some(120.5),
            ..CollectedFieldDraft::default()
        });
        let fields = check_collected_fields(FIELDS, &drafts).expect("valid");
        let text = show_fields(&fields);
        assert!(
            text.contains("birthdate date required min_date=1900-01-01"),
            "{text}"
        );
        assert!(
            text.contains("age number optional min_value=18 max_value=120.5"),
            "{text}"
        );
        let (read, lines) = parse_fields(&format!("\n{text}\n\n")).expect("parses");
        assert_eq!(check_collected_fields(FIELDS, &read), Ok(fields));
        assert_eq!(lines[0], 2, "blank lines are counted, not read");
    }

    #[test]
    fn every_bad_line_is_named_by_its_number() {
        let text = "ok text required\nnope\n\nx colour required\ny text maybe\nz date optional min_date=1900-13-01";
        assert_eq!(
            fields_of(parse_fields(text).unwrap_err()),
            [
                "collected_fields, line 2",
                "collected_fields, line 4",
                "collected_fields, line 5",
                "collected_fields, line 6",
            ]
        );
        let (drafts, lines) =
            parse_fields("\n1bad text required\nok text optional").expect("parses");
        let refused = check_collected_fields(FIELDS, &drafts).unwrap_err();
        let named = at_lines(refused.into(), &lines);
        let app::Error::Domain(named) = named else {
            panic!("{named:?}")
        };
        assert_eq!(fields_of(named), ["collected_fields, line 2, name"]);
    }
}
