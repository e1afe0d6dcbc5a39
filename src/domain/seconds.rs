//! Times and intervals as a caller sends them (seconds and nanoseconds: protobuf's well-known
//! types, Persona's whole seconds and RFC 3339 times), and serde for intervals as whole seconds
//! (how they are stored, and how use-case results are kept for idempotent replays). Intervals
//! are validated to be whole seconds before they are serialized.

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Deserializer, Serializer};

use super::Error;

/// A time as sent. Times are accepted from 0001-01-01 to 9999-12-31 (what RFC 3339, the proto3
/// JSON mapping and PostgreSQL all represent), with nanos in [0, 10⁹).
pub fn time(field: &str, seconds: i64, nanos: i64) -> Result<DateTime<Utc>, Error> {
    const MIN_SECONDS: i64 = -62_135_596_800; // 0001-01-01T00:00:00Z
    const MAX_SECONDS: i64 = 253_402_300_799; // 9999-12-31T23:59:59Z
    if !(MIN_SECONDS..=MAX_SECONDS).contains(&seconds) {
        return Err(Error::invalid(
            field,
            "must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z",
        ));
    }
    u32::try_from(nanos)
        .ok()
        .filter(|nanos| *nanos < 1_000_000_000)
        .and_then(|nanos| DateTime::from_timestamp(seconds, nanos))
        .ok_or_else(|| Error::invalid(field, "nanos must be between 0 and 999999999"))
}

/// An interval as sent: not negative, and within what an interval can hold.
pub fn interval(field: &str, seconds: i64, nanos: i64) -> Result<TimeDelta, Error> {
    if seconds < 0 || nanos < 0 {
        return Err(Error::invalid(field, "must not be negative"));
    }
    if nanos >= 1_000_000_000 {
        return Err(Error::invalid(
            field,
            "nanos must be between 0 and 999999999",
        ));
    }
    TimeDelta::try_seconds(seconds)
        .and_then(|s| s.checked_add(&TimeDelta::nanoseconds(nanos)))
        .ok_or_else(|| Error::invalid(field, "is out of range"))
}

pub fn serialize<S: Serializer>(value: &TimeDelta, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_i64(value.num_seconds())
}

pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<TimeDelta, D::Error> {
    let secs = i64::deserialize(deserializer)?;
    TimeDelta::try_seconds(secs).ok_or_else(|| serde::de::Error::custom("interval out of range"))
}

/// The same for an optional interval.
pub mod option {
    use super::*;

    pub fn serialize<S: Serializer>(
        value: &Option<TimeDelta>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(d) => serializer.serialize_some(&d.num_seconds()),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<TimeDelta>, D::Error> {
        Option::<i64>::deserialize(deserializer)?
            .map(|secs| {
                TimeDelta::try_seconds(secs)
                    .ok_or_else(|| serde::de::Error::custom("interval out of range"))
            })
            .transpose()
    }
}
