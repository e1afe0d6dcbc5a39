//! Scalars: timestamps and durations (protobuf's well-known types), calendar dates, environments.

use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Utc};
use prost_types::{Duration, Timestamp};

use crate::domain::tenant::Environment;
use crate::domain::Error;
use crate::pb;

pub fn timestamp(t: DateTime<Utc>) -> Timestamp {
    Timestamp {
        seconds: t.timestamp(),
        nanos: i32::try_from(t.timestamp_subsec_nanos()).unwrap_or(0),
    }
}

pub fn opt_timestamp(t: Option<DateTime<Utc>>) -> Option<Timestamp> {
    t.map(timestamp)
}

/// Timestamps are accepted from 0001-01-01 to 9999-12-31 (what RFC 3339, the proto3 JSON
/// mapping and PostgreSQL all represent), with nanos in [0, 10⁹).
pub fn parse_timestamp(field: &str, t: &Timestamp) -> Result<DateTime<Utc>, Error> {
    const MIN_SECONDS: i64 = -62_135_596_800; // 0001-01-01T00:00:00Z
    const MAX_SECONDS: i64 = 253_402_300_799; // 9999-12-31T23:59:59Z
    if !(MIN_SECONDS..=MAX_SECONDS).contains(&t.seconds) {
        return Err(Error::invalid(
            field,
            "must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z",
        ));
    }
    u32::try_from(t.nanos)
        .ok()
        .filter(|nanos| *nanos < 1_000_000_000)
        .and_then(|nanos| DateTime::from_timestamp(t.seconds, nanos))
        .ok_or_else(|| Error::invalid(field, "nanos must be between 0 and 999999999"))
}

pub fn duration(d: TimeDelta) -> Duration {
    Duration {
        seconds: d.num_seconds(),
        nanos: 0,
    }
}

pub fn parse_duration(field: &str, d: &Duration) -> Result<TimeDelta, Error> {
    if d.seconds < 0 || d.nanos < 0 {
        return Err(Error::invalid(field, "must not be negative"));
    }
    if d.nanos >= 1_000_000_000 {
        return Err(Error::invalid(
            field,
            "nanos must be between 0 and 999999999",
        ));
    }
    TimeDelta::try_seconds(d.seconds)
        .and_then(|s| s.checked_add(&TimeDelta::nanoseconds(i64::from(d.nanos))))
        .ok_or_else(|| Error::invalid(field, "is out of range"))
}

pub fn opt_duration(field: &str, d: Option<&Duration>) -> Result<Option<TimeDelta>, Error> {
    d.map(|d| parse_duration(field, d)).transpose()
}

pub fn environment(env: Environment) -> pb::Environment {
    match env {
        Environment::Sandbox => pb::Environment::Sandbox,
        Environment::Live => pb::Environment::Live,
    }
}

/// A calendar date as `google.type.Date`-like message.
pub(super) fn date(d: NaiveDate) -> pb::Date {
    pb::Date {
        year: d.year(),
        month: i32::try_from(d.month()).unwrap_or_default(),
        day: i32::try_from(d.day()).unwrap_or_default(),
    }
}
