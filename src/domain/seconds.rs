//! Serde for intervals as whole seconds (how they are stored, and how use-case results are kept
//! for idempotent replays). Intervals are validated to be whole seconds before they get here.

use chrono::TimeDelta;
use serde::{Deserialize, Deserializer, Serializer};

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
