//! Prefixed identifiers: `<prefix>_<24 base62 characters>`: the first [`ID_TIME_LEN`] the
//! moment of creation (milliseconds since 1970 in base 36, lower case: digits and lower-case
//! letters sort the same way under every collation), the rest drawn from the OS CSPRNG (89 bits).
//!
//! IDs are names, not secrets (codes and tokens are): the time at their head makes each new
//! row's key land at the end of its unique index, where the index's pages are in memory, not
//! on a random page of an index of millions of rows that each insert would read and, after a
//! checkpoint, write whole into the WAL again. It says when the object was created, which
//! its `create_time` says to whoever may see it.

use std::time::{SystemTime, UNIX_EPOCH};

use super::secrets::random_base62;
use super::{Error, Reason};

pub const ID_RANDOM_LEN: usize = 24;
/// How many of an ID's characters are its time: 36⁹ milliseconds reach past the year 5000.
pub const ID_TIME_LEN: usize = 9;

/// `millis` in base 36, lower case, [`ID_TIME_LEN`] characters (zero-padded).
fn time_part(millis: u64) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = [b'0'; ID_TIME_LEN];
    let mut rest = millis;
    for slot in out.iter_mut().rev() {
        *slot = DIGITS[usize::try_from(rest % 36).unwrap_or(0)];
        rest /= 36;
    }
    out.iter().map(|&b| char::from(b)).collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    Organization,
    ApiKey,
    InquiryTemplate,
    Inquiry,
    InquirySession,
    OneTimeLink,
    Event,
    Webhook,
    WebhookDelivery,
}

impl IdKind {
    pub fn prefix(self) -> &'static str {
        match self {
            IdKind::Organization => "org",
            IdKind::ApiKey => "key",
            IdKind::InquiryTemplate => "itmpl",
            IdKind::Inquiry => "inq",
            IdKind::InquirySession => "iqse",
            IdKind::OneTimeLink => "otl",
            IdKind::Event => "evt",
            IdKind::Webhook => "wbh",
            IdKind::WebhookDelivery => "whd",
        }
    }

    /// The resource name used in error messages.
    pub fn resource(self) -> &'static str {
        match self {
            IdKind::Organization => "organization",
            IdKind::ApiKey => "API key",
            IdKind::InquiryTemplate => "inquiry template",
            IdKind::Inquiry => "inquiry",
            IdKind::InquirySession => "session",
            IdKind::OneTimeLink => "one-time link",
            IdKind::Event => "event",
            IdKind::Webhook => "webhook",
            IdKind::WebhookDelivery => "webhook delivery",
        }
    }

    /// The reason of a `NOT_FOUND` for an ID of this kind.
    fn not_found_reason(self) -> Reason {
        match self {
            IdKind::Organization => Reason::OrganizationNotFound,
            IdKind::ApiKey => Reason::ApiKeyNotFound,
            IdKind::InquiryTemplate => Reason::InquiryTemplateNotFound,
            IdKind::Inquiry => Reason::InquiryNotFound,
            IdKind::InquirySession => Reason::SessionNotFound,
            IdKind::OneTimeLink => Reason::OneTimeLinkNotFound,
            IdKind::Event => Reason::EventNotFound,
            IdKind::Webhook => Reason::WebhookNotFound,
            IdKind::WebhookDelivery => Reason::WebhookDeliveryNotFound,
        }
    }

    pub fn generate(self) -> Result<String, Error> {
        let millis = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| {
                u64::try_from(since.as_millis()).unwrap_or(u64::MAX)
            });
        Ok(format!(
            "{}_{}{}",
            self.prefix(),
            time_part(millis),
            random_base62(ID_RANDOM_LEN - ID_TIME_LEN)?
        ))
    }

    /// Accepts only a well-formed ID of this kind; `field` names the request field.
    pub fn parse(self, field: &str, value: &str) -> Result<String, Error> {
        if self.is_well_formed(value) {
            Ok(value.to_owned())
        } else if value.is_empty() {
            Err(Error::invalid(field, "is required"))
        } else {
            Err(Error::invalid(
                field,
                format!(
                    "must be a {} ID like {}_ followed by {ID_RANDOM_LEN} letters and digits",
                    self.resource(),
                    self.prefix()
                ),
            ))
        }
    }

    /// An ID a request may leave empty (`None`), else as [`IdKind::parse`] accepts it.
    pub fn parse_optional(self, field: &str, value: &str) -> Result<Option<String>, Error> {
        (!value.is_empty())
            .then(|| self.parse(field, value))
            .transpose()
    }

    pub fn is_well_formed(self, value: &str) -> bool {
        value
            .strip_prefix(self.prefix())
            .and_then(|rest| rest.strip_prefix('_'))
            .is_some_and(|random| {
                random.len() == ID_RANDOM_LEN && random.bytes().all(|b| b.is_ascii_alphanumeric())
            })
    }

    pub fn not_found(self, id: &str) -> Error {
        Error::NotFound {
            reason: self.not_found_reason(),
            resource: self.resource(),
            id: id.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_are_well_formed_and_distinct() {
        let a = IdKind::Inquiry.generate().unwrap();
        let b = IdKind::Inquiry.generate().unwrap();
        assert!(a.starts_with("inq_"));
        assert_eq!(a.len(), 4 + ID_RANDOM_LEN);
        assert!(IdKind::Inquiry.is_well_formed(&a));
        assert_ne!(a, b);
    }

    #[test]
    fn ids_sort_by_their_time_under_any_collation() {
        assert_eq!(time_part(0), "000000000");
        assert_eq!(time_part(1_796_688_000_000), "0mxdxn9c0");
        let times = [
            0,
            35,
            36,
            1_796_688_000_000,
            1_796_688_000_001,
            36u64.pow(9) - 1,
        ];
        let parts: Vec<String> = times.iter().map(|&t| time_part(t)).collect();
        let mut sorted = parts.clone();
        sorted.sort_by_key(|p| p.to_lowercase());
        assert_eq!(parts, sorted, "case-insensitive order");
        sorted.sort();
        assert_eq!(parts, sorted, "byte order");
        let before = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_millis();
        let id = IdKind::Event.generate().unwrap();
        assert!(id["evt_".len()..][..ID_TIME_LEN] >= *time_part(before as u64));
    }

    /// A `NOT_FOUND` reason is the resource's name in SCREAMING_SNAKE_CASE, `_NOT_FOUND`.
    #[test]
    fn not_found_reasons_name_the_resource() {
        use IdKind as K;
        for kind in [
            K::Organization,
            K::ApiKey,
            K::InquiryTemplate,
            K::Inquiry,
            K::InquirySession,
            K::OneTimeLink,
            K::Event,
            K::Webhook,
            K::WebhookDelivery,
        ] {
            let named: String = kind
                .resource()
                .chars()
                .map(|c| match c {
                    ' ' | '-' => '_',
                    c => c.to_ascii_uppercase(),
                })
                .collect();
            assert_eq!(
                kind.not_found("x").reason().as_str(),
                format!("{named}_NOT_FOUND")
            );
        }
    }

    #[test]
    fn malformed_ids_are_rejected_with_the_field_name() {
        for bad in [
            "",
            "inq_",
            "inq_short",
            "itmpl_AAAAAAAAAAAAAAAAAAAAAAAA",
            "inq_AAAAAAAAAAAAAAAAAAAAAA-A",
            "inq_AAAAAAAAAAAAAAAAAAAAAAAAA",
        ] {
            let err = IdKind::Inquiry.parse("id", bad).unwrap_err();
            let Error::InvalidArgument(v) = err else {
                panic!("expected InvalidArgument for {bad:?}")
            };
            assert_eq!(v[0].field, "id");
        }
        assert!(IdKind::Inquiry
            .parse("id", "inq_AAAAAAAAAAAAAAAAAAAAAAAA")
            .is_ok());
    }
}
