//! Column encodings the row types share: whole-second durations, tag arrays.

use chrono::TimeDelta;

pub(super) fn secs(d: TimeDelta) -> i64 {
    d.num_seconds()
}

pub(super) fn delta(secs: i64) -> TimeDelta {
    TimeDelta::seconds(secs)
}

pub(super) fn tags_column(tags: &[String]) -> Vec<Option<String>> {
    tags.iter().cloned().map(Some).collect()
}

pub(super) fn tags_of(column: Vec<Option<String>>) -> Vec<String> {
    column.into_iter().flatten().collect()
}
