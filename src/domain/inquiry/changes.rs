//! What a change to an inquiry records: each event names what happened and carries the object
//! as it was at that step. Rules return these; the use-case layer writes them, with the actor,
//! in the change's transaction.

use crate::domain::access::{LinkStatus, OneTimeLink, Session};
use crate::domain::events::EventKind;

use super::Inquiry;

/// The object an event is about, as it was when the event happened.
#[derive(Debug, Clone, PartialEq)]
pub enum Subject {
    Inquiry(Box<Inquiry>),
    Link(Box<OneTimeLink>),
    Session(Box<Session>),
}

/// One event: what happened, and to what.
#[derive(Debug, Clone, PartialEq)]
pub struct Happened {
    pub kind: EventKind,
    pub subject: Subject,
}

impl Happened {
    pub fn inquiry(kind: EventKind, inquiry: &Inquiry) -> Self {
        Happened {
            kind,
            subject: Subject::Inquiry(Box::new(inquiry.clone())),
        }
    }

    pub fn link(kind: EventKind, link: &OneTimeLink) -> Self {
        Happened {
            kind,
            subject: Subject::Link(Box::new(link.clone())),
        }
    }

    pub fn session(kind: EventKind, session: &Session) -> Self {
        Happened {
            kind,
            subject: Subject::Session(Box::new(session.clone())),
        }
    }
}

/// What a change to an inquiry did: its events in order, and whether end-user access ends
/// with it (pending links then end with that status and active sessions expire).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Changes {
    pub events: Vec<Happened>,
    pub end_access: Option<LinkStatus>,
}

impl Changes {
    pub fn push(&mut self, happened: Happened) {
        self.events.push(happened);
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// Appends what another change did.
    pub fn extend(&mut self, other: Changes) {
        self.events.extend(other.events);
        self.end_access = other.end_access.or(self.end_access);
    }
}
