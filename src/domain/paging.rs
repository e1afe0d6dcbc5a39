//! AIP-158 pagination: newest first, opaque tokens signed by the service and bound to what they
//! were issued for — the list, the tenant (organization and environment) and the filters — so a
//! token it did not issue, one that was edited, or one presented to another list or by another
//! tenant is refused.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::tenant::Tenant;
use super::Error;

pub const DEFAULT_PAGE_SIZE: i64 = 50;
pub const MAX_PAGE_SIZE: i64 = 500;
/// Longer than any token the service issues.
const MAX_TOKEN_LEN: usize = 1024;

/// Where the next page starts: strictly after this (create_time, id) in newest-first order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub create_time: DateTime<Utc>,
    pub id: String,
}

/// A page as asked for: its size, the list and filters it is for, and the token as presented,
/// not yet verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    limit: i64,
    token: Option<String>,
    list: &'static str,
    filter_fingerprint: String,
}

/// A page ready to load: its size and verified starting point, what the next page's token is
/// bound to, and the key to sign it with.
#[derive(Debug, Clone)]
pub struct Page {
    pub limit: i64,
    pub after: Option<Cursor>,
    list: &'static str,
    tenant_fingerprint: String,
    filter_fingerprint: String,
    key: Vec<u8>,
}

#[derive(Serialize, Deserialize)]
struct Token {
    /// Microseconds since the epoch of the last item's create_time.
    t: i64,
    i: String,
    /// The list that issued it (`ListInquiries`).
    l: String,
    /// The tenant it was issued to ([`fingerprint`] of organization and environment).
    o: String,
    /// The filters it was issued for ([`fingerprint`]).
    f: String,
}

/// A short digest of `parts`; a token only works with the tenant and filters it was issued
/// for. Each part ends with a NUL, which no part holds, so different parts never run together
/// into the same text.
fn fingerprint(parts: &[&str]) -> String {
    let mut digest = Sha256::new();
    for part in parts {
        digest.update(part.as_bytes());
        digest.update([0]);
    }
    URL_SAFE_NO_PAD.encode(&digest.finalize()[..12])
}

fn tenant_fingerprint(tenant: &Tenant) -> String {
    fingerprint(&[&tenant.organization_id, tenant.environment.as_str()])
}

fn mac(key: &[u8], payload: &str) -> Hmac<Sha256> {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        unreachable!("HMAC accepts keys of any length")
    };
    mac.update(payload.as_bytes());
    mac
}

fn not_issued() -> Error {
    Error::invalid("page_token", "is not a token this service issued")
}

impl PageRequest {
    /// `list` names the list (its RPC, `ListInquiries`); `filters` is any stable description of
    /// the request's filters.
    pub fn parse(
        page_size: i32,
        page_token: &str,
        list: &'static str,
        filters: &str,
    ) -> Result<Self, Error> {
        let limit = match i64::from(page_size) {
            n if n < 0 => return Err(Error::invalid("page_size", "must not be negative")),
            0 => DEFAULT_PAGE_SIZE,
            n => n.min(MAX_PAGE_SIZE),
        };
        if page_token.len() > MAX_TOKEN_LEN {
            return Err(not_issued());
        }
        Ok(PageRequest {
            limit,
            token: (!page_token.is_empty()).then(|| page_token.to_owned()),
            list,
            filter_fingerprint: fingerprint(&[filters]),
        })
    }

    /// Verifies the token's signature (with the service's `key`) and that it was issued by
    /// this list to `tenant` for these filters.
    pub fn open(&self, key: &[u8], tenant: &Tenant) -> Result<Page, Error> {
        let tenant_fingerprint = tenant_fingerprint(tenant);
        let after = match &self.token {
            None => None,
            Some(token) => {
                let (payload, signature) = token.rsplit_once('.').ok_or_else(not_issued)?;
                let signature = URL_SAFE_NO_PAD
                    .decode(signature)
                    .map_err(|_| not_issued())?;
                mac(key, payload)
                    .verify_truncated_left(&signature)
                    .map_err(|_| not_issued())?;
                let token: Token = URL_SAFE_NO_PAD
                    .decode(payload)
                    .ok()
                    .and_then(|bytes| serde_json::from_slice(&bytes).ok())
                    .ok_or_else(not_issued)?;
                if token.l != self.list {
                    return Err(Error::invalid(
                        "page_token",
                        format!(
                            "was issued by {}, not {}; a token only pages the list that issued it",
                            token.l, self.list
                        ),
                    ));
                }
                if token.o != tenant_fingerprint {
                    return Err(Error::invalid(
                        "page_token",
                        "was issued to another organization or environment",
                    ));
                }
                if token.f != self.filter_fingerprint {
                    return Err(Error::invalid(
                        "page_token",
                        "was issued for different filters; keep the filters unchanged between pages",
                    ));
                }
                let create_time =
                    DateTime::from_timestamp_micros(token.t).ok_or_else(not_issued)?;
                Some(Cursor {
                    create_time,
                    id: token.i,
                })
            }
        };
        Ok(Page {
            limit: self.limit,
            after,
            list: self.list,
            tenant_fingerprint,
            filter_fingerprint: self.filter_fingerprint.clone(),
            key: key.to_vec(),
        })
    }
}

impl Page {
    /// How many rows to fetch: one more than the page, to know whether another page exists.
    pub fn fetch_limit(&self) -> i64 {
        self.limit + 1
    }

    /// Trims the fetched rows to the page and returns the signed token for the next page
    /// ("" at the end).
    pub fn finish<T>(&self, mut rows: Vec<T>, key: impl Fn(&T) -> Cursor) -> (Vec<T>, String) {
        let limit = usize::try_from(self.limit).unwrap_or(usize::MAX);
        if rows.len() <= limit {
            return (rows, String::new());
        }
        rows.truncate(limit);
        let token = rows.last().map(key).map(|last| Token {
            t: last.create_time.timestamp_micros(),
            i: last.id,
            l: self.list.to_owned(),
            o: self.tenant_fingerprint.clone(),
            f: self.filter_fingerprint.clone(),
        });
        let encoded = token
            .and_then(|t| serde_json::to_vec(&t).ok())
            .map(|bytes| {
                let payload = URL_SAFE_NO_PAD.encode(bytes);
                let signature = mac(&self.key, &payload).finalize().into_bytes();
                format!("{payload}.{}", URL_SAFE_NO_PAD.encode(&signature[..16]))
            })
            .unwrap_or_default();
        (rows, encoded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::error::sole_violation;
    use crate::domain::tenant::Environment;

    const KEY: &[u8] = b"a key the service keeps";
    const LIST: &str = "ListInquiries";

    fn cursor(n: i64) -> Cursor {
        Cursor {
            create_time: DateTime::from_timestamp_micros(n).unwrap(),
            id: format!("id{n}"),
        }
    }

    fn tenant(organization: &str, environment: Environment) -> Tenant {
        Tenant {
            organization_id: organization.into(),
            environment,
        }
    }

    fn acme() -> Tenant {
        tenant("org_acme", Environment::Sandbox)
    }

    fn open(size: i32, token: &str, filters: &str) -> Result<Page, Error> {
        PageRequest::parse(size, token, LIST, filters).and_then(|p| p.open(KEY, &acme()))
    }

    fn refusal(result: Result<Page, Error>) -> String {
        let (field, description) = sole_violation(result);
        assert_eq!(field, "page_token");
        description
    }

    #[test]
    fn sizes_default_coerce_and_reject_negative() {
        assert_eq!(open(0, "", "").unwrap().limit, 50);
        assert_eq!(open(9999, "", "").unwrap().limit, 500);
        assert_eq!(open(7, "", "").unwrap().limit, 7);
        assert!(PageRequest::parse(-1, "", LIST, "").is_err());
    }

    #[test]
    fn tokens_round_trip_and_are_bound_to_filters() {
        let page = open(2, "", "status=created").unwrap();
        let (rows, token) = page.finish(vec![3, 2, 1], |n| cursor(*n));
        assert_eq!(rows, [3, 2]);
        assert!(!token.is_empty());
        let next = open(2, &token, "status=created").unwrap();
        assert_eq!(next.after, Some(cursor(2)));
        assert!(refusal(open(2, &token, "status=pending")).contains("different filters"));
        assert!(open(2, "garbage!", "status=created").is_err());
        let (rows, token) = next.finish(vec![1], |n| cursor(*n));
        assert_eq!(rows, [1]);
        assert_eq!(token, "");
    }

    #[test]
    fn tokens_are_bound_to_the_list_and_the_tenant_that_got_them() {
        let (_, token) = open(1, "", "").unwrap().finish(vec![2, 1], |n| cursor(*n));
        let presented = |list: &'static str, by: Tenant| {
            PageRequest::parse(1, &token, list, "").and_then(|p| p.open(KEY, &by))
        };
        assert!(presented(LIST, acme()).is_ok());
        let other_list = refusal(presented("ListAuditEvents", acme()));
        assert!(other_list.contains("was issued by ListInquiries, not ListAuditEvents"));
        for foreign in [
            tenant("org_globex", Environment::Sandbox),
            tenant("org_acme", Environment::Live),
        ] {
            assert_eq!(
                refusal(presented(LIST, foreign)),
                "was issued to another organization or environment"
            );
        }
    }

    #[test]
    fn edited_or_foreign_tokens_are_refused() {
        let page = open(1, "", "").unwrap();
        let (_, token) = page.finish(vec![2, 1], |n| cursor(*n));
        let (payload, signature) = token.rsplit_once('.').unwrap();
        let edited = URL_SAFE_NO_PAD.encode(
            serde_json::to_vec(&Token {
                t: i64::MIN,
                i: "x".into(),
                l: LIST.into(),
                o: tenant_fingerprint(&acme()),
                f: fingerprint(&[""]),
            })
            .unwrap(),
        );
        for bad in [
            format!("{edited}.{signature}"),
            format!("{payload}.AAAA"),
            payload.to_owned(),
            "x".repeat(2000),
        ] {
            assert!(
                matches!(open(1, &bad, ""), Err(Error::InvalidArgument(_))),
                "{bad}"
            );
        }
        assert!(PageRequest::parse(1, &token, LIST, "")
            .unwrap()
            .open(b"another service", &acme())
            .is_err());
    }
}
