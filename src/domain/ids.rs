//! Prefixed identifiers: `<prefix>_<24 base62 characters>` drawn from the OS CSPRNG.

use super::secrets::random_base62;
use super::{Error, Reason};

pub const ID_RANDOM_LEN: usize = 24;

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
        Ok(format!(
            "{}_{}",
            self.prefix(),
            random_base62(ID_RANDOM_LEN)?
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
