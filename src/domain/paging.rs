//! AIP-158 pagination: newest first, opaque tokens bound to the filters they were issued for.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::Error;

pub const DEFAULT_PAGE_SIZE: i64 = 50;
pub const MAX_PAGE_SIZE: i64 = 500;

/// Where the next page starts: strictly after this (create_time, id) in newest-first order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub create_time: DateTime<Utc>,
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    pub limit: i64,
    pub after: Option<Cursor>,
    filter_fingerprint: String,
}

#[derive(Serialize, Deserialize)]
struct Token {
    /// Microseconds since the epoch of the last item's create_time.
    t: i64,
    i: String,
    f: String,
}

/// A short digest of the filters; a token only works with the filters it was issued for.
fn fingerprint(filters: &str) -> String {
    let digest = Sha256::digest(filters.as_bytes());
    URL_SAFE_NO_PAD.encode(&digest[..12])
}

impl PageRequest {
    /// `filters` is any stable description of the request's filters.
    pub fn parse(page_size: i32, page_token: &str, filters: &str) -> Result<Self, Error> {
        let limit = match i64::from(page_size) {
            n if n < 0 => return Err(Error::invalid("page_size", "must not be negative")),
            0 => DEFAULT_PAGE_SIZE,
            n => n.min(MAX_PAGE_SIZE),
        };
        let filter_fingerprint = fingerprint(filters);
        let after = if page_token.is_empty() {
            None
        } else {
            let token: Token = URL_SAFE_NO_PAD
                .decode(page_token)
                .ok()
                .and_then(|bytes| serde_json::from_slice(&bytes).ok())
                .ok_or_else(|| {
                    Error::invalid("page_token", "is not a token this service issued")
                })?;
            if token.f != filter_fingerprint {
                return Err(Error::invalid(
                    "page_token",
                    "was issued for different filters; keep the filters unchanged between pages",
                ));
            }
            let create_time = DateTime::from_timestamp_micros(token.t).ok_or_else(|| {
                Error::invalid("page_token", "is not a token this service issued")
            })?;
            Some(Cursor {
                create_time,
                id: token.i,
            })
        };
        Ok(PageRequest {
            limit,
            after,
            filter_fingerprint,
        })
    }

    /// How many rows to fetch: one more than the page, to know whether another page exists.
    pub fn fetch_limit(&self) -> i64 {
        self.limit + 1
    }

    /// Trims the fetched rows to the page and returns the token for the next page ("" at the end).
    pub fn finish<T>(&self, mut rows: Vec<T>, key: impl Fn(&T) -> Cursor) -> (Vec<T>, String) {
        let limit = usize::try_from(self.limit).unwrap_or(usize::MAX);
        if rows.len() <= limit {
            return (rows, String::new());
        }
        rows.truncate(limit);
        let token = rows.last().map(key).map(|last| Token {
            t: last.create_time.timestamp_micros(),
            i: last.id,
            f: self.filter_fingerprint.clone(),
        });
        let encoded = token
            .and_then(|t| serde_json::to_vec(&t).ok())
            .map(|bytes| URL_SAFE_NO_PAD.encode(bytes))
            .unwrap_or_default();
        (rows, encoded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cursor(n: i64) -> Cursor {
        Cursor {
            create_time: DateTime::from_timestamp_micros(n).unwrap(),
            id: format!("id{n}"),
        }
    }

    #[test]
    fn sizes_default_coerce_and_reject_negative() {
        assert_eq!(PageRequest::parse(0, "", "").unwrap().limit, 50);
        assert_eq!(PageRequest::parse(9999, "", "").unwrap().limit, 500);
        assert_eq!(PageRequest::parse(7, "", "").unwrap().limit, 7);
        assert!(PageRequest::parse(-1, "", "").is_err());
    }

    #[test]
    fn tokens_round_trip_and_are_bound_to_filters() {
        let page = PageRequest::parse(2, "", "status=created").unwrap();
        let (rows, token) = page.finish(vec![3, 2, 1], |n| cursor(*n));
        assert_eq!(rows, [3, 2]);
        assert!(!token.is_empty());
        let next = PageRequest::parse(2, &token, "status=created").unwrap();
        assert_eq!(next.after, Some(cursor(2)));
        assert!(PageRequest::parse(2, &token, "status=pending").is_err());
        assert!(PageRequest::parse(2, "garbage!", "status=created").is_err());
        let (rows, token) = next.finish(vec![1], |n| cursor(*n));
        assert_eq!(rows, [1]);
        assert_eq!(token, "");
    }
}
