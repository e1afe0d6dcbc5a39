//! A collected field: its kind, label, whether it is required, and its limits (and the draft a
//! caller sends).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub const COLLECTED_FIELDS_MAX: usize = 50;
pub const LABEL_MAX_LEN: usize = 255;
pub const DEFAULT_MAX_LENGTH: usize = 255;
pub const MAX_LENGTH_LIMIT: usize = 4096;
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
    pub const ALL: [FieldKind; 7] = [
        FieldKind::Text,
        FieldKind::Date,
        FieldKind::Email,
        FieldKind::Phone,
        FieldKind::Country,
        FieldKind::Number,
        FieldKind::YesNo,
    ];

    /// The kind's name, as stored (and as the console writes it).
    pub fn as_str(self) -> &'static str {
        match self {
            FieldKind::Text => "text",
            FieldKind::Date => "date",
            FieldKind::Email => "email",
            FieldKind::Phone => "phone",
            FieldKind::Country => "country",
            FieldKind::Number => "number",
            FieldKind::YesNo => "yes_no",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == name)
    }

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
