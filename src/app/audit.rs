//! The audit log: the tenant's events newest first, each with who caused it, filtered by
//! actor, event name, inquiry and time. Reads through the API are not audited in the database
//! (the access log has them, with their request IDs).

use chrono::{DateTime, Utc};

use super::{AppResult, Ctx, Query};
use crate::domain::actor::ActorKind;
use crate::domain::events::{AuditFilter, Event, EventKind};
use crate::domain::ids::IdKind;
use crate::domain::paging::PageRequest;
use crate::domain::tenant::Principal;
use crate::domain::Error;
use crate::store::events;

/// The longest actor ID a filter may name (operators' subjects are at most 255 bytes).
const ACTOR_ID_MAX_BYTES: usize = 255;

/// What a caller asks of the audit log, as sent: empty strings and `None` ask for anything.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery<'a> {
    pub page_size: i32,
    pub page_token: &'a str,
    pub actor_kind: Option<ActorKind>,
    pub actor_id: &'a str,
    pub event_name: &'a str,
    pub inquiry_id: &'a str,
    pub created_after: Option<DateTime<Utc>>,
    pub created_before: Option<DateTime<Utc>>,
}

/// ListAuditEvents, checked: built only by [`ListAuditEvents::new`].
#[derive(Debug, Clone)]
pub struct ListAuditEvents {
    filter: AuditFilter,
    page: PageRequest,
}

impl ListAuditEvents {
    pub fn new(query: &AuditQuery<'_>) -> Result<Self, Error> {
        let actor_id = match query.actor_id {
            "" => None,
            id if id.len() > ACTOR_ID_MAX_BYTES || id.chars().any(char::is_control) => {
                return Err(Error::invalid(
                    "actor_id",
                    format!(
                        "an actor ID is at most {ACTOR_ID_MAX_BYTES} bytes, no control characters"
                    ),
                ))
            }
            id => Some(id.to_owned()),
        };
        let event_name = match query.event_name {
            "" => None,
            name => Some(EventKind::parse(name).ok_or_else(|| {
                Error::invalid(
                    "event_name",
                    "is not the name of an event this service records",
                )
            })?),
        };
        let inquiry_id = match query.inquiry_id {
            "" => None,
            id => Some(IdKind::Inquiry.parse("inquiry_id", id)?),
        };
        if let (Some(after), Some(before)) = (query.created_after, query.created_before) {
            if after >= before {
                return Err(Error::invalid(
                    "create_time_before",
                    "must be later than create_time_after",
                ));
            }
        }
        let filter = AuditFilter {
            actor_kind: query.actor_kind,
            actor_id,
            event_name,
            inquiry_id,
            created_after: query.created_after,
            created_before: query.created_before,
        };
        let page = PageRequest::parse(
            query.page_size,
            query.page_token,
            "ListAuditEvents",
            &filter.describe(),
        )?;
        Ok(ListAuditEvents { filter, page })
    }
}

impl Query for ListAuditEvents {
    type Output = (Vec<Event>, String);

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Self::Output> {
        let page = cx.page(&self.page, principal)?;
        events::audit(cx.conn, &principal.tenant, &self.filter, &page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(query: AuditQuery<'_>) -> String {
        match ListAuditEvents::new(&query) {
            Err(Error::InvalidArgument(violations)) => violations[0].field.clone(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn filters_are_checked_before_anything_is_read() {
        assert!(ListAuditEvents::new(&AuditQuery::default()).is_ok());
        let named = AuditQuery {
            event_name: "inquiry.approved",
            actor_id: "key_x",
            ..AuditQuery::default()
        };
        let listed = ListAuditEvents::new(&named).expect("valid");
        assert_eq!(listed.filter.event_name, Some(EventKind::InquiryApproved));
        let bad = |query| refused(query);
        assert_eq!(
            bad(AuditQuery {
                event_name: "inquiry.exploded",
                ..AuditQuery::default()
            }),
            "event_name"
        );
        assert_eq!(
            bad(AuditQuery {
                inquiry_id: "nope",
                ..AuditQuery::default()
            }),
            "inquiry_id"
        );
        let long = "x".repeat(ACTOR_ID_MAX_BYTES + 1);
        assert_eq!(
            bad(AuditQuery {
                actor_id: &long,
                ..AuditQuery::default()
            }),
            "actor_id"
        );
        let now = Utc::now();
        assert_eq!(
            bad(AuditQuery {
                created_after: Some(now),
                created_before: Some(now),
                ..AuditQuery::default()
            }),
            "create_time_before"
        );
        assert_eq!(
            bad(AuditQuery {
                page_size: -1,
                ..AuditQuery::default()
            }),
            "page_size"
        );
    }
}
