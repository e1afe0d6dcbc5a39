//! One-time links and sessions: their statuses, deadlines and refusals.

use chrono::{DateTime, TimeDelta, Utc};

use super::Error;

macro_rules! stored_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            /// The value stored in the database.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(value: &str) -> Option<Self> {
                match value { $($text => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

stored_enum!(
    /// A one-time link's status. At most one link per inquiry is PENDING (a partial unique index).
    LinkStatus { Pending => "pending", Consumed => "consumed", Revoked => "revoked", Expired => "expired" }
);

stored_enum!(
    SessionStatus { Active => "active", Expired => "expired", Completed => "completed" }
);

stored_enum!(
    SessionOrigin { OneTimeLink => "one_time_link", Resume => "resume" }
);

/// Bounds of GenerateOneTimeLink's `expires_in`.
pub fn check_link_ttl(field: &str, ttl: TimeDelta) -> Result<TimeDelta, Error> {
    if ttl.subsec_nanos() != 0 {
        return Err(Error::invalid(field, "must be a whole number of seconds"));
    }
    if ttl < TimeDelta::minutes(1) || ttl > TimeDelta::days(30) {
        return Err(Error::invalid(
            field,
            "must be between 1 minute and 30 days",
        ));
    }
    Ok(ttl)
}

/// A link or session never outlives its inquiry.
pub fn capped_deadline(
    now: DateTime<Utc>,
    ttl: TimeDelta,
    inquiry_expires_at: DateTime<Utc>,
) -> DateTime<Utc> {
    (now + ttl).min(inquiry_expires_at)
}

/// Why a stored link cannot be redeemed (it was found, but not as a pending, unexpired link).
pub fn redeem_refusal(status: LinkStatus, expired: bool) -> Error {
    match status {
        LinkStatus::Consumed => {
            Error::precondition("LINK_ALREADY_USED", "this link has already been used")
        }
        LinkStatus::Revoked => Error::precondition("LINK_REVOKED", "this link has been revoked"),
        LinkStatus::Expired => Error::precondition("LINK_EXPIRED", "this link has expired"),
        LinkStatus::Pending if expired => {
            Error::precondition("LINK_EXPIRED", "this link has expired")
        }
        LinkStatus::Pending => {
            Error::precondition("LINK_NOT_REDEEMABLE", "this link cannot be redeemed now")
        }
    }
}

pub fn link_not_found() -> Error {
    Error::NotFound {
        resource: "link",
        id: "for this code".into(),
    }
}

/// The inquiry behind a link or session no longer accepts end-user work. Says nothing more.
pub fn inquiry_not_active() -> Error {
    Error::precondition(
        "INQUIRY_NOT_ACTIVE",
        "this verification is no longer active",
    )
}

pub const USER_AGENT_MAX_BYTES: usize = 512;

/// Validates what a caller reports about the end user's client.
pub fn check_client(client_ip: &str, user_agent: &str) -> Result<(String, String), Error> {
    if !client_ip.is_empty() && client_ip.parse::<std::net::IpAddr>().is_err() {
        return Err(Error::invalid(
            "client_ip",
            "must be an IPv4 or IPv6 address",
        ));
    }
    if user_agent.len() > USER_AGENT_MAX_BYTES {
        return Err(Error::invalid(
            "user_agent",
            format!("must be at most {USER_AGENT_MAX_BYTES} bytes"),
        ));
    }
    Ok((client_ip.to_owned(), user_agent.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_ttl_bounds() {
        assert!(check_link_ttl("expires_in", TimeDelta::seconds(59)).is_err());
        assert!(check_link_ttl("expires_in", TimeDelta::minutes(1)).is_ok());
        assert!(check_link_ttl("expires_in", TimeDelta::days(30)).is_ok());
        assert!(check_link_ttl("expires_in", TimeDelta::days(30) + TimeDelta::seconds(1)).is_err());
    }

    #[test]
    fn deadlines_are_capped_by_the_inquiry() {
        let now = DateTime::from_timestamp(1_000_000, 0).unwrap();
        let inquiry = now + TimeDelta::hours(2);
        assert_eq!(
            capped_deadline(now, TimeDelta::hours(1), inquiry),
            now + TimeDelta::hours(1)
        );
        assert_eq!(capped_deadline(now, TimeDelta::hours(3), inquiry), inquiry);
    }

    #[test]
    fn statuses_round_trip() {
        for s in [
            LinkStatus::Pending,
            LinkStatus::Consumed,
            LinkStatus::Revoked,
            LinkStatus::Expired,
        ] {
            assert_eq!(LinkStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(SessionOrigin::parse("resume"), Some(SessionOrigin::Resume));
        assert_eq!(SessionStatus::parse("nope"), None);
    }
}
