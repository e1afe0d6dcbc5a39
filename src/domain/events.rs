//! Events: the names of what can happen, and the events as recorded (with their actors), and
//! what the audit log is filtered by. What a change produces is in `inquiry::changes`.

use chrono::{DateTime, Utc};

use super::actor::{Actor, ActorKind};
use super::tenant::Tenant;

macro_rules! event_kinds {
    ($($variant:ident => $name:literal),+ $(,)?) => {
        /// Every event the service records.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum EventKind { $($variant),+ }

        impl EventKind {
    /// Whether the event says a webhook was created, changed or deleted (which events it
    /// takes, whether it is enabled).
    pub fn is_webhook_change(self) -> bool {
        matches!(
            self,
            EventKind::WebhookCreated | EventKind::WebhookUpdated | EventKind::WebhookDeleted
        )
    }

            pub const ALL: &'static [EventKind] = &[$(EventKind::$variant),+];

            /// The event's name, as stored, streamed and sent to webhooks.
            pub fn as_str(self) -> &'static str {
                match self { $(EventKind::$variant => $name),+ }
            }

            pub fn parse(name: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|kind| kind.as_str() == name)
            }
        }
    };
}

event_kinds! {
    InquiryCreated => "inquiry.created",
    InquiryStarted => "inquiry.started",
    InquiryResumed => "inquiry.resumed",
    InquiryExpired => "inquiry.expired",
    InquiryCompleted => "inquiry.completed",
    InquiryFailed => "inquiry.failed",
    InquiryMarkedForReview => "inquiry.marked-for-review",
    InquiryApproved => "inquiry.approved",
    InquiryDeclined => "inquiry.declined",
    InquiryRedacted => "inquiry.redacted",
    InquiryTagsUpdated => "inquiry.tags-updated",
    InquiryUpdated => "inquiry.updated",
    SessionStarted => "inquiry-session.started",
    SessionExpired => "inquiry-session.expired",
    SessionCompleted => "inquiry-session.completed",
    LinkCreated => "one-time-link.created",
    LinkConsumed => "one-time-link.consumed",
    LinkRevoked => "one-time-link.revoked",
    LinkExpired => "one-time-link.expired",
    LinkSent => "one-time-link.sent",
    LinkDeliveryFailed => "one-time-link.delivery-failed",
    InquiryViewed => "inquiry.viewed",
    ApiKeyCreated => "api-key.created",
    ApiKeyRevoked => "api-key.revoked",
    TemplateCreated => "inquiry-template.created",
    TemplateUpdated => "inquiry-template.updated",
    TemplateArchived => "inquiry-template.archived",
    WebhookCreated => "webhook.created",
    WebhookUpdated => "webhook.updated",
    WebhookDeleted => "webhook.deleted",
    WebhookSecretRotated => "webhook.secret-rotated",
}

impl EventKind {
    /// Whether the event is only an audit entry: an operator read personal data, or someone
    /// changed the tenant's configuration (its API keys, templates and webhooks). It is listed
    /// by the audit log but neither streamed to watchers nor sent to webhooks, and cannot be
    /// subscribed to.
    pub fn is_audit_only(self) -> bool {
        matches!(
            self,
            EventKind::InquiryViewed
                | EventKind::ApiKeyCreated
                | EventKind::ApiKeyRevoked
                | EventKind::TemplateCreated
                | EventKind::TemplateUpdated
                | EventKind::TemplateArchived
                | EventKind::WebhookCreated
                | EventKind::WebhookUpdated
                | EventKind::WebhookDeleted
                | EventKind::WebhookSecretRotated
        )
    }
}

/// A recorded event: its name, when it committed, who caused it, and the snapshot of its
/// subject (proto3 JSON, never holding a code, token or secret; an audit entry holds only its
/// subject's ID, and a key's name). `seq` orders an inquiry's events; a configuration change
/// has no inquiry.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub seq: i64,
    pub id: String,
    pub tenant: Tenant,
    pub inquiry_id: Option<String>,
    pub name: String,
    pub data: serde_json::Value,
    pub create_time: DateTime<Utc>,
    pub actor: Actor,
}

/// What the audit log is filtered by (every set criterion must match); built by the
/// ListAuditEvents use case from checked input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub actor_kind: Option<ActorKind>,
    pub actor_id: Option<String>,
    pub event_name: Option<EventKind>,
    pub inquiry_id: Option<String>,
    pub created_after: Option<DateTime<Utc>>,
    pub created_before: Option<DateTime<Utc>>,
}

impl AuditFilter {
    /// A stable description, so page tokens are bound to the filters they were issued for.
    pub fn describe(&self) -> String {
        format!("audit {self:?}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        for kind in EventKind::ALL {
            assert_eq!(EventKind::parse(kind.as_str()), Some(*kind));
        }
        let mut names: Vec<_> = EventKind::ALL.iter().map(|k| k.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), EventKind::ALL.len());
    }

    #[test]
    fn configuration_changes_and_views_are_audit_entries_only() {
        let audit_only: Vec<_> = EventKind::ALL
            .iter()
            .filter(|kind| kind.is_audit_only())
            .map(|kind| kind.as_str())
            .collect();
        assert_eq!(audit_only.len(), 10);
        assert!(audit_only.contains(&"inquiry.viewed"));
        assert!(audit_only
            .iter()
            .filter(|name| **name != "inquiry.viewed")
            .all(|name| ["api-key.", "inquiry-template.", "webhook."]
                .iter()
                .any(|prefix| name.starts_with(prefix))));
    }
}
