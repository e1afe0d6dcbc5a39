//! Who caused a change: every event records its actor, never rewritten afterwards (redaction
//! only forgets an end user's address and user agent).

use serde::{Deserialize, Serialize};

/// What kind of caller an actor is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    /// Recorded before events had actors.
    Unknown,
    /// A program calling with an API key (`key_…`).
    ApiKey,
    /// A person of the company, in the console (their stable subject).
    Operator,
    /// The person being verified, through their session (`iqse_…`).
    EndUser,
    /// The service itself: a worker or a passed deadline (its name).
    System,
}

impl ActorKind {
    pub const ALL: [ActorKind; 5] = [
        ActorKind::Unknown,
        ActorKind::ApiKey,
        ActorKind::Operator,
        ActorKind::EndUser,
        ActorKind::System,
    ];

    /// The value stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::Unknown => "unknown",
            ActorKind::ApiKey => "api_key",
            ActorKind::Operator => "operator",
            ActorKind::EndUser => "end_user",
            ActorKind::System => "system",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == value)
    }
}

/// What a caller may do in its tenant, each role including the ones below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Reads inquiries, templates, webhooks, keys and the audit log.
    Viewer,
    /// Also works inquiries: resumes them, sends links, decides, tags and notes.
    Reviewer,
    /// Also expires and redacts inquiries and manages templates, webhooks and API keys.
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Viewer, Role::Reviewer, Role::Admin];

    /// The name in settings, sessions and error details.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Reviewer => "reviewer",
            Role::Admin => "admin",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.as_str() == value)
    }
}

/// The names of the service's own actors.
pub mod system {
    /// A deadline passed (an inquiry, link or session expired), whoever noticed it first.
    pub const EXPIRY: &str = "expiry";
    /// A template's `redact_after` redacted an inquiry.
    pub const RETENTION: &str = "retention";
    /// The email worker reported what became of a link's email.
    pub const MAILER: &str = "mailer";
    /// The `verilink` command line, run by whoever operates the server (API keys it makes and
    /// revokes).
    pub const CLI: &str = "cli";
    /// A template's `auto_approve` approved a completed inquiry (its reviewer).
    pub const AUTO_APPROVE: &str = "auto_approve";
}

/// Where a call came from, as far as the service can tell.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    /// The caller's address (after trusted proxies).
    pub client_ip: Option<String>,
    pub user_agent: Option<String>,
    /// The call's request ID (the caller's `x-request-id`, or one the service made).
    pub request_id: Option<String>,
    /// Hex SHA-256 of the call's idempotency key, when it sent one.
    pub idempotency_key_digest: Option<String>,
}

/// Who caused an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub kind: ActorKind,
    /// The key's `key_…`, the operator's subject, the end user's session ID, the worker's
    /// name; empty when unknown (or before an end user's session exists).
    pub id: String,
    /// The key's name or the operator's email; none for end users and the service.
    pub display_name: Option<String>,
    /// For calls from outside; none for the service.
    pub origin: Origin,
}

/// The longest user agent an actor keeps (longer ones are cut at a character boundary).
pub const USER_AGENT_MAX_BYTES: usize = 512;

impl Actor {
    /// What events recorded before actors existed read as.
    pub fn unknown() -> Self {
        Actor {
            kind: ActorKind::Unknown,
            id: String::new(),
            display_name: None,
            origin: Origin::default(),
        }
    }

    /// The service itself, as the worker or rule `name` (see [`system`]).
    pub fn system(name: &str) -> Self {
        Actor {
            kind: ActorKind::System,
            id: name.to_owned(),
            ..Actor::unknown()
        }
    }

    /// A program calling with the API key `key_id` named `name`.
    pub fn api_key(key_id: &str, name: &str, origin: Origin) -> Self {
        Actor {
            kind: ActorKind::ApiKey,
            id: key_id.to_owned(),
            display_name: Some(name.to_owned()),
            origin,
        }
    }

    /// A person of the company in the console: their stable subject and email.
    pub fn operator(subject: &str, email: &str, origin: Origin) -> Self {
        Actor {
            kind: ActorKind::Operator,
            id: subject.to_owned(),
            display_name: Some(email.to_owned()),
            origin,
        }
    }

    /// The end user, known by their session once it exists (`session_id` may be empty until
    /// the redemption that opens it).
    pub fn end_user(session_id: &str, origin: Origin) -> Self {
        Actor {
            kind: ActorKind::EndUser,
            id: session_id.to_owned(),
            display_name: None,
            origin,
        }
    }
}

impl Actor {
    /// Who the actor is, without where this call came from: what an inquiry keeps of its
    /// creator and reviewer (the audit log has the rest).
    pub fn identity(&self) -> Actor {
        Actor {
            origin: Origin::default(),
            ..self.clone()
        }
    }
}

impl Origin {
    /// Keeps a user agent of at most [`USER_AGENT_MAX_BYTES`], and none that is empty.
    pub fn with_user_agent(mut self, user_agent: Option<&str>) -> Self {
        self.user_agent = user_agent
            .map(|ua| truncate(ua.trim(), USER_AGENT_MAX_BYTES))
            .filter(|ua| !ua.is_empty());
        self
    }
}

fn truncate(text: &str, max: usize) -> String {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_and_include_the_ones_below() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert!(Role::Admin > Role::Reviewer && Role::Reviewer > Role::Viewer);
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn kinds_round_trip() {
        for kind in ActorKind::ALL {
            assert_eq!(ActorKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(ActorKind::parse("root"), None);
    }

    #[test]
    fn user_agents_are_cut_at_a_character_boundary_and_blank_ones_dropped() {
        let long = "é".repeat(400);
        let kept = Origin::default().with_user_agent(Some(&long)).user_agent;
        let kept = kept.expect("kept");
        assert!(kept.len() <= USER_AGENT_MAX_BYTES && kept.len() >= USER_AGENT_MAX_BYTES - 1);
        assert!(long.starts_with(&kept));
        let blank = Origin::default().with_user_agent(Some("  ")).user_agent;
        assert_eq!(blank, None);
    }
}
