//! Persona's list query (`filter[…]`, `page[…]`) read into a ListInquiries query.

use chrono::{DateTime, Utc};

use crate::app::inquiries::{InquiryQuery, ListInquiries};
use crate::contract::persona::snake_key;
use crate::domain::ids::IdKind;
use crate::domain::seconds;
use crate::domain::status::InquiryStatus;
use crate::http::json::Repeat;
use crate::http::persona::error::Failure;
use crate::http::urlencoded;

/// Persona's page sizes: 1 to 100, 10 by default.
const DEFAULT_PAGE_SIZE: i32 = 10;
const MAX_PAGE_SIZE: i32 = 100;

/// `GET /api/v1/inquiries`: the query it makes.
pub struct List;

/// What the link to a list's next page repeats: the filters as the caller wrote them, and
/// the page size.
pub struct Pages {
    filters: Vec<(String, String)>,
    size: i32,
}

/// The filters of a list query, as read.
#[derive(Default)]
struct Filters {
    status: Option<InquiryStatus>,
    reference_id: String,
    inquiry_template_id: String,
    created_after: Option<DateTime<Utc>>,
    created_before: Option<DateTime<Utc>>,
}

/// `filter[reference-id]` → (`filter`, `reference_id`).
fn bracketed(key: &str) -> Option<(&str, String)> {
    let (outer, rest) = key.split_once('[')?;
    let inner = rest.strip_suffix(']')?;
    Some((outer, snake_key(inner)))
}

/// An RFC 3339 time, as the time `field` of the use case's input.
fn time(key: &str, field: &str, value: &str) -> Result<Option<DateTime<Utc>>, Failure> {
    let t = DateTime::parse_from_rfc3339(value)
        .map_err(|_| Failure::bad_request(format!("{key} must be an RFC 3339 time")))?;
    let nanos = i64::from(t.timestamp_subsec_nanos());
    Ok(Some(seconds::time(field, t.timestamp(), nanos)?))
}

impl List {
    pub fn read(query: Option<&str>) -> Result<(ListInquiries, Pages), Failure> {
        let mut read = Filters::default();
        let (mut filters, mut size, mut after) = (Vec::new(), DEFAULT_PAGE_SIZE, None);
        let pairs = urlencoded::parse(query.unwrap_or("").as_bytes())
            .map_err(|e| Failure::bad_request(e.to_string()))?;
        // The parameters read so far, by what they set: each sets it once.
        let mut read_once: Vec<(String, String)> = Vec::new();
        for (key, value) in pairs {
            if let Some((outer @ ("filter" | "page"), name)) = bracketed(&key) {
                let sets = match name.as_str() {
                    "template_id" => format!("{outer}[inquiry_template_id]"),
                    _ => format!("{outer}[{name}]"),
                };
                if let Some((_, first)) = read_once.iter().find(|(set, _)| *set == sets) {
                    let repeat = Repeat {
                        first_spelling: (*first != key).then(|| first.clone()),
                        path: key,
                    };
                    return Err(Failure::bad_request(repeat.to_string()));
                }
                read_once.push((sets, key.clone()));
            }
            match bracketed(&key) {
                Some(("filter", name)) => {
                    read_filter(&mut read, &key, &name, &value)?;
                    filters.push((key, value));
                }
                Some(("page", name)) if name == "size" => {
                    size = value
                        .parse()
                        .ok()
                        .filter(|n| (1..=MAX_PAGE_SIZE).contains(n))
                        .ok_or_else(|| {
                            Failure::bad_request(format!(
                                "page[size] must be a number from 1 to {MAX_PAGE_SIZE}"
                            ))
                        })?;
                }
                Some(("page", name)) if name == "after" => {
                    // A malformed cursor is a malformed query (400), as a bad page size is.
                    let id = IdKind::Inquiry.parse("page[after]", &value);
                    after = Some(id.map_err(|e| Failure::bad_request(e.to_string()))?);
                }
                // Sparse fieldsets and inclusion are not offered: the whole inquiry is sent.
                Some(("fields", _)) => {}
                None if key == "include" => {}
                _ => return Err(Failure::bad_request(format!("{key} is not supported"))),
            }
        }
        let query = ListInquiries::new(&InquiryQuery {
            page_size: size,
            page_token: "",
            status: read.status,
            reference_id: &read.reference_id,
            inquiry_template_id: &read.inquiry_template_id,
            tag: "",
            created_after: read.created_after,
            created_before: read.created_before,
            after_inquiry: after.as_deref().unwrap_or_default(),
            email: "",
        })?;
        Ok((query, Pages { filters, size }))
    }
}

impl Pages {
    /// The link to the page after the one that ended with `last`.
    pub fn next_link(&self, last: &str) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (key, value) in &self.filters {
            query.append_pair(key, value);
        }
        query.append_pair("page[after]", last);
        query.append_pair("page[size]", &self.size.to_string());
        format!("/api/v1/inquiries?{}", query.finish())
    }
}

fn read_filter(read: &mut Filters, key: &str, name: &str, value: &str) -> Result<(), Failure> {
    match name {
        "status" => {
            let status = InquiryStatus::parse(value).ok_or_else(|| {
                Failure::bad_request(format!(
                    "{key} must be one of created, pending, completed, failed, expired, \
                     needs_review, approved, declined"
                ))
            })?;
            read.status = Some(status);
        }
        "reference_id" => read.reference_id = value.to_owned(),
        "inquiry_template_id" | "template_id" => read.inquiry_template_id = value.to_owned(),
        "created_at_start" => read.created_after = time(key, "create_time_after", value)?,
        "created_at_end" => read.created_before = time(key, "create_time_before", value)?,
        _ => return Err(Failure::bad_request(format!("{key} is not supported"))),
    }
    Ok(())
}
