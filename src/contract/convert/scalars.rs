//! Scalars: timestamps and durations (protobuf's well-known types), calendar dates, environments.

use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Utc};
use prost_types::{Duration, Timestamp};

use crate::domain::seconds;
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

/// A timestamp as sent, checked as any time is ([`seconds::time`]).
pub fn parse_timestamp(field: &str, t: &Timestamp) -> Result<DateTime<Utc>, Error> {
    seconds::time(field, t.seconds, i64::from(t.nanos))
}

pub fn duration(d: TimeDelta) -> Duration {
    Duration {
        seconds: d.num_seconds(),
        nanos: 0,
    }
}

/// A duration as sent, checked as any interval is ([`seconds::interval`]).
pub fn parse_duration(field: &str, d: &Duration) -> Result<TimeDelta, Error> {
    seconds::interval(field, d.seconds, i64::from(d.nanos))
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
