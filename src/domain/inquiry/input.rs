//! What an inquiry may hold besides its fields, checked: tags, reference ID, notes; the paths an
//! update may name; what a listing filters by.

use chrono::{DateTime, Utc};

use crate::domain::error::{check_storable, Violations};
use crate::domain::status::InquiryStatus;
use crate::domain::Error;

pub const REFERENCE_ID_MAX_LEN: usize = 255;
pub const NOTE_MAX_BYTES: usize = 4096;
pub const COMMENT_MAX_BYTES: usize = 4096;
pub const TAGS_MAX: usize = 50;
pub const TAG_MAX_LEN: usize = 64;

pub fn check_tag(field: &str, tag: &str) -> Result<String, Error> {
    let ok = !tag.is_empty()
        && tag.chars().count() <= TAG_MAX_LEN
        && tag
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '_' | '.' | ':' | '-'));
    if ok {
        Ok(tag.to_owned())
    } else {
        Err(Error::invalid(
            field,
            format!("tags are 1 to {TAG_MAX_LEN} characters of A-Z a-z 0-9 space _ . : -"),
        ))
    }
}

/// Validates a tag list; duplicates collapse, first occurrence keeps its place.
pub fn check_tags(field: &str, tags: &[String]) -> Result<Vec<String>, Error> {
    let mut v = Violations::default();
    let mut out: Vec<String> = Vec::with_capacity(tags.len());
    for (i, tag) in tags.iter().enumerate() {
        if let Some(tag) = v.check(check_tag(&format!("{field}[{i}]"), tag)) {
            if !out.contains(&tag) {
                out.push(tag);
            }
        }
    }
    v.into_result()?;
    limit_tags(field, out)
}

pub fn limit_tags(field: &str, tags: Vec<String>) -> Result<Vec<String>, Error> {
    if tags.len() > TAGS_MAX {
        Err(Error::invalid(
            field,
            format!("an inquiry holds at most {TAGS_MAX} tags"),
        ))
    } else {
        Ok(tags)
    }
}

pub fn check_reference_id(reference_id: &str) -> Result<String, Error> {
    check_storable("reference_id", reference_id)?;
    if reference_id.chars().count() > REFERENCE_ID_MAX_LEN {
        Err(Error::invalid(
            "reference_id",
            format!("must be at most {REFERENCE_ID_MAX_LEN} characters"),
        ))
    } else {
        Ok(reference_id.to_owned())
    }
}

pub fn check_note(field: &str, note: &str, max: usize) -> Result<String, Error> {
    check_storable(field, note)?;
    if note.len() > max {
        Err(Error::invalid(
            field,
            format!("must be at most {max} bytes"),
        ))
    } else {
        Ok(note.to_owned())
    }
}

/// ListInquiries filters; every field is optional.
#[derive(Debug, Clone, Default)]
pub struct InquiryFilter {
    pub status: Option<InquiryStatus>,
    pub reference_id: Option<String>,
    pub inquiry_template_id: Option<String>,
    pub tag: Option<String>,
    pub created_after: Option<DateTime<Utc>>,
    pub created_before: Option<DateTime<Utc>>,
    /// The address in the inquiry's `email_address` field (lower case; matched ignoring case).
    pub email: Option<String>,
}

impl InquiryFilter {
    /// A stable description, so page tokens are bound to the filters they were issued for.
    pub fn describe(&self) -> String {
        format!("{self:?}")
    }
}

/// Paths UpdateInquiry accepts in its mask.
pub const UPDATABLE_PATHS: &[&str] = &["note", "fields", "tags", "reference_id"];
