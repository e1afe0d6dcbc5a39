//! One-time links and sessions: what they are, their deadlines, and the rules for opening,
//! redeeming and ending them.

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use super::error::check_storable;
use super::{Error, Reason};

macro_rules! stored_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value stored in the database.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(value: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == value)
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

stored_enum!(
    /// Where an emailed link's message stands. Only QUEUED changes (to any of the others).
    EmailStatus { Queued => "queued", Sent => "sent", Failed => "failed", Canceled => "canceled" }
);

/// The email that carries a link to its recipient. The message itself (which holds the code)
/// is not part of it: it waits in the outbox only until it is sent or given up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmailDelivery {
    /// Personal data of the inquiry: exported, and emptied by redaction.
    pub recipient: String,
    pub language: String,
    pub status: EmailStatus,
    pub attempt_count: i32,
    pub last_error: String,
    pub queue_time: DateTime<Utc>,
    pub send_time: Option<DateTime<Utc>>,
    pub end_time: Option<DateTime<Utc>>,
    /// The API key that asked for it (counted by the per-key limit).
    pub requested_by: String,
}

impl EmailDelivery {
    /// A message queued with its link.
    pub fn queued(
        recipient: String,
        language: String,
        requested_by: String,
        now: DateTime<Utc>,
    ) -> Self {
        EmailDelivery {
            recipient,
            language,
            status: EmailStatus::Queued,
            attempt_count: 0,
            last_error: String::new(),
            queue_time: now,
            send_time: None,
            end_time: None,
            requested_by,
        }
    }
}

/// A single-use link to an inquiry. Its codes are never part of it: they exist only in the
/// response that generated it, and as digests in the store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OneTimeLink {
    pub id: String,
    pub inquiry_id: String,
    pub status: LinkStatus,
    pub expires_at: DateTime<Utc>,
    pub create_time: DateTime<Utc>,
    pub consume_time: Option<DateTime<Utc>>,
    pub revoke_time: Option<DateTime<Utc>>,
    pub expire_time: Option<DateTime<Utc>>,
    pub session_id: Option<String>,
    /// Its email, when it was generated with a recipient.
    #[serde(default)]
    pub email: Option<EmailDelivery>,
}

/// One period of end-user access to one inquiry. Its token exists only in the response that
/// opened it, and as a digest in the store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub id: String,
    pub inquiry_id: String,
    pub status: SessionStatus,
    pub origin: SessionOrigin,
    pub one_time_link_id: Option<String>,
    pub create_time: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub expire_time: Option<DateTime<Utc>>,
    pub complete_time: Option<DateTime<Utc>>,
    pub client_ip: String,
    pub user_agent: String,
}

/// What is known about the end user's client when a session opens.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Client {
    pub ip: String,
    pub user_agent: String,
}

impl Session {
    pub fn is_active(&self, now: DateTime<Utc>) -> bool {
        self.status == SessionStatus::Active && self.expires_at > now
    }
}

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
            Error::precondition(Reason::LinkAlreadyUsed, "this link has already been used")
        }
        LinkStatus::Revoked => {
            Error::precondition(Reason::LinkRevoked, "this link has been revoked")
        }
        LinkStatus::Expired => Error::precondition(Reason::LinkExpired, "this link has expired"),
        LinkStatus::Pending if expired => {
            Error::precondition(Reason::LinkExpired, "this link has expired")
        }
        LinkStatus::Pending => Error::precondition(
            Reason::LinkNotRedeemable,
            "this link cannot be redeemed now",
        ),
    }
}

pub fn link_not_found() -> Error {
    Error::NotFound {
        reason: Reason::LinkNotFound,
        resource: "link",
        id: "for this code".into(),
    }
}

/// The inquiry behind a link or session no longer accepts end-user work. Says nothing more.
pub fn inquiry_not_active() -> Error {
    Error::precondition(
        Reason::InquiryNotActive,
        "this verification is no longer active",
    )
}

/// The end user's session has ended (or never was): they need a new link.
pub fn session_expired() -> Error {
    Error::unauthenticated(
        Reason::SessionExpired,
        "the session has ended; open the link again",
    )
}

pub const USER_AGENT_MAX_BYTES: usize = 512;

/// Validates what a caller reports about the end user's client.
pub fn check_client(client_ip: &str, user_agent: &str) -> Result<Client, Error> {
    if !client_ip.is_empty() && client_ip.parse::<std::net::IpAddr>().is_err() {
        return Err(Error::invalid(
            "client_ip",
            "must be an IPv4 or IPv6 address",
        ));
    }
    check_storable("user_agent", user_agent)?;
    if user_agent.len() > USER_AGENT_MAX_BYTES {
        return Err(Error::invalid(
            "user_agent",
            format!("must be at most {USER_AGENT_MAX_BYTES} bytes"),
        ));
    }
    Ok(Client {
        ip: client_ip.to_owned(),
        user_agent: user_agent.to_owned(),
    })
}

#[cfg(test)]
mod tests;
