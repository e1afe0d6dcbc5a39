//! Persona's list query (`filter[…]`, `page[…]`) read into a ListInquiries request.

use crate::app::inquiries::ListInquiries;
use crate::contract::convert;
use crate::contract::persona::snake_key;
use crate::domain::ids::IdKind;
use crate::domain::status::InquiryStatus;
use crate::http::persona::error::Failure;
use crate::pb;

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

/// `filter[reference-id]` → (`filter`, `reference_id`).
fn bracketed(key: &str) -> Option<(&str, String)> {
    let (outer, rest) = key.split_once('[')?;
    let inner = rest.strip_suffix(']')?;
    Some((outer, snake_key(inner)))
}

fn timestamp(key: &str, value: &str) -> Result<Option<prost_types::Timestamp>, Failure> {
    let t = chrono::DateTime::parse_from_rfc3339(value)
        .map_err(|_| Failure::bad_request(format!("{key} must be an RFC 3339 time")))?;
    Ok(Some(convert::timestamp(t.with_timezone(&chrono::Utc))))
}

impl List {
    pub fn read(query: Option<&str>) -> Result<(ListInquiries, Pages), Failure> {
        let mut request = pb::ListInquiriesRequest {
            page_size: DEFAULT_PAGE_SIZE,
            ..Default::default()
        };
        let (mut filters, mut after) = (Vec::new(), None);
        for (key, value) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
            let (key, value) = (key.into_owned(), value.into_owned());
            match bracketed(&key) {
                Some(("filter", name)) => {
                    read_filter(&mut request, &key, &name, &value)?;
                    filters.push((key, value));
                }
                Some(("page", name)) if name == "size" => {
                    request.page_size = value
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
                    let id = IdKind::Inquiry.parse("page[after]", &value);
                    after = Some(id.map_err(|e| Failure::bad_request(e.to_string()))?);
                }
                // Sparse fieldsets and inclusion are not offered: the whole inquiry is sent.
                Some(("fields", _)) => {}
                None if key == "include" => {}
                _ => return Err(Failure::bad_request(format!("{key} is not supported"))),
            }
        }
        let size = request.page_size;
        let mut query = ListInquiries::try_from(request)?;
        query.after_inquiry = after;
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

fn read_filter(
    request: &mut pb::ListInquiriesRequest,
    key: &str,
    name: &str,
    value: &str,
) -> Result<(), Failure> {
    match name {
        "status" => {
            let status = InquiryStatus::parse(value).ok_or_else(|| {
                Failure::bad_request(format!(
                    "{key} must be one of created, pending, completed, failed, expired, \
                     needs_review, approved, declined"
                ))
            })?;
            request.status = convert::status(status) as i32;
        }
        "reference_id" => request.reference_id = value.to_owned(),
        "inquiry_template_id" | "template_id" => request.inquiry_template_id = value.to_owned(),
        "created_at_start" => request.create_time_after = timestamp(key, value)?,
        "created_at_end" => request.create_time_before = timestamp(key, value)?,
        _ => return Err(Failure::bad_request(format!("{key} is not supported"))),
    }
    Ok(())
}
