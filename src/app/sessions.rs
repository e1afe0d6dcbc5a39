//! Sessions: the management plane's view of them, and the end-user plane (the session token
//! alone): what the end user may see, and submitting.

use std::collections::BTreeMap;

use serde::Serialize;

use chrono::{DateTime, Utc};

use super::record::{self, record_events};
use super::{App, AppResult, Call, Command, Ctx, Query};
use crate::domain::access::{session_expired, Session, SessionStatus};
use crate::domain::actor::Actor;
use crate::domain::actor::Role;
use crate::domain::collect::check_submission;
use crate::domain::events::EventKind;
use crate::domain::ids::IdKind;
use crate::domain::inquiry::Happened;
use crate::domain::inquiry::{Fields, Inquiry, SandboxOutcome};
use crate::domain::paging::PageRequest;
use crate::domain::secrets::{parse_bearer, Credential};
use crate::domain::template::Template;
use crate::domain::tenant::Principal;
use crate::domain::{Error, Reason};
use crate::store::{inquiries, sessions};

fn overdue(session: &Session, now: DateTime<Utc>) -> bool {
    session.status == SessionStatus::Active && session.expires_at <= now
}

/// GetSession.
pub struct GetSession {
    id: String,
}

impl GetSession {
    pub fn new(id: &str) -> Result<Self, Error> {
        Ok(GetSession {
            id: IdKind::InquirySession.parse("id", id)?,
        })
    }
}

impl Query for GetSession {
    type Output = Session;

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Session> {
        let tenant = &principal.tenant;
        let session = sessions::find(cx.conn, tenant, &self.id)?;
        let (inquiry_id, due) = (session.inquiry_id.clone(), overdue(&session, cx.now));
        record::as_of_now(cx, tenant, &inquiry_id, session, due, |conn| {
            sessions::find(conn, tenant, &self.id)
        })
    }
}

/// ListSessions of an inquiry, newest first.
pub struct ListSessions {
    inquiry_id: String,
    page: PageRequest,
}

impl ListSessions {
    pub fn new(inquiry_id: &str, page_size: i32, page_token: &str) -> Result<Self, Error> {
        let inquiry_id = IdKind::Inquiry.parse("inquiry_id", inquiry_id)?;
        let filters = format!("inquiry_id={inquiry_id}");
        Ok(ListSessions {
            page: PageRequest::parse(page_size, page_token, "ListSessions", &filters)?,
            inquiry_id,
        })
    }
}

impl Query for ListSessions {
    type Output = (Vec<Session>, String);

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Self::Output> {
        let tenant = &principal.tenant;
        let page = cx.page(&self.page, principal)?;
        let listed = sessions::list(cx.conn, &self.inquiry_id, &page)?;
        let due = listed.0.iter().any(|s| overdue(s, cx.now));
        record::as_of_now(cx, tenant, &self.inquiry_id, listed, due, |conn| {
            sessions::list(conn, &self.inquiry_id, &page)
        })
    }
}

/// The IDs of the sessions of some of the caller's inquiries, oldest first, by inquiry (the
/// Persona-compatible API shows them as relationships).
pub struct SessionIds {
    inquiry_ids: Vec<String>,
}

impl SessionIds {
    /// Of these inquiries, as read by the caller.
    pub fn of(inquiries: &[Inquiry]) -> Self {
        SessionIds {
            inquiry_ids: inquiries.iter().map(|i| i.id.clone()).collect(),
        }
    }
}

impl Query for SessionIds {
    type Output = BTreeMap<String, Vec<String>>;

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Self::Output> {
        sessions::ids_of(cx.conn, Some(&principal.tenant), &self.inquiry_ids, None)
    }
}

/// ExpireSession: expiring a session that already ended changes nothing.
#[derive(Debug, Serialize)]
pub struct ExpireSession {
    id: String,
}

impl ExpireSession {
    pub fn new(id: &str) -> Result<Self, Error> {
        Ok(ExpireSession {
            id: IdKind::InquirySession.parse("id", id)?,
        })
    }
}

impl Command for ExpireSession {
    const NAME: &'static str = "ExpireSession";
    type Output = Session;

    fn role(&self) -> Role {
        Role::Admin
    }

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Session> {
        let tenant = &principal.tenant;
        let found = sessions::find(cx.conn, tenant, &self.id)?;
        let inquiry = record::lock(cx, tenant, &found.inquiry_id)?;
        record::settle_access(cx, &inquiry)?;
        match sessions::expire(cx.conn, &self.id, cx.now)? {
            Some(expired) => {
                let happened = vec![Happened::session(EventKind::SessionExpired, &expired)];
                record_events(cx, tenant, &inquiry.id, happened)?;
                Ok(expired)
            }
            None => sessions::find(cx.conn, tenant, &self.id),
        }
    }
}

/// ExpireAllSessions of an inquiry; returns the sessions this call expired.
#[derive(Debug, Serialize)]
pub struct ExpireAllSessions {
    inquiry_id: String,
}

impl ExpireAllSessions {
    pub fn new(inquiry_id: &str) -> Result<Self, Error> {
        Ok(ExpireAllSessions {
            inquiry_id: IdKind::Inquiry.parse("inquiry_id", inquiry_id)?,
        })
    }
}

impl Command for ExpireAllSessions {
    const NAME: &'static str = "ExpireAllSessions";
    type Output = Vec<Session>;

    fn role(&self) -> Role {
        Role::Admin
    }

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Vec<Session>> {
        let tenant = &principal.tenant;
        let inquiry = record::lock(cx, tenant, &self.inquiry_id)?;
        record::settle_access(cx, &inquiry)?;
        let expired = sessions::expire_active(
            cx.conn,
            &inquiry.id,
            chrono::DateTime::<chrono::Utc>::MAX_UTC,
            cx.now,
        )?;
        let happened = expired
            .iter()
            .map(|s| Happened::session(EventKind::SessionExpired, s))
            .collect();
        record_events(cx, tenant, &inquiry.id, happened)?;
        Ok(expired)
    }
}

/// What the end user may see of their session's inquiry.
#[derive(Debug, Clone)]
pub struct CurrentSession {
    pub session: Session,
    pub inquiry: Inquiry,
    pub template: Template,
}

/// The digest of a session token; an API key is refused on the end-user plane.
fn session_token(call: &Call) -> AppResult<Vec<u8>> {
    match parse_bearer(call.credential.as_deref())? {
        Credential::SessionToken { digest } => Ok(digest),
        Credential::ApiKey { .. } => Err(Error::unauthenticated(
            Reason::ApiKeyNotAllowed,
            "the end-user plane takes a session token (vls_…), not an API key",
        )
        .into()),
    }
}

/// The active session behind a token, with its locked inquiry (deadlines applied); the end
/// user acts as that session from here on. Ended sessions, and sessions of redacted
/// inquiries, are `SESSION_EXPIRED`.
fn authenticate(cx: &mut Ctx<'_>, digest: &[u8]) -> AppResult<(Session, Inquiry)> {
    let session = sessions::find_by_token(cx.conn, digest)?.ok_or_else(|| {
        Error::unauthenticated(Reason::SessionTokenInvalid, "unknown session token")
    })?;
    let mut inquiry = inquiries::lock_by_id(cx.conn, &session.inquiry_id)?;
    record::settle(cx, &mut inquiry)?;
    if inquiry.redact_time.is_some() {
        return Err(session_expired().into());
    }
    record::settle_access(cx, &inquiry)?;
    let session = sessions::find(cx.conn, &inquiry.tenant, &session.id)?;
    if session.status != SessionStatus::Active {
        return Err(session_expired().into());
    }
    cx.in_session(&session.id);
    Ok((session, inquiry))
}

impl App {
    /// GetCurrentSession: the session behind the token and what its end user may see.
    pub async fn current_session(&self, call: &Call) -> AppResult<CurrentSession> {
        let digest = session_token(call)?;
        self.transact(Actor::end_user("", call.origin()), move |cx| {
            let (session, inquiry) = authenticate(cx, &digest)?;
            let template =
                cx.app
                    .template(cx.conn, &inquiry.tenant, &inquiry.inquiry_template_id)?;
            Ok(CurrentSession {
                session,
                inquiry,
                template: Template::clone(&template),
            })
        })
        .await
    }

    /// SubmitSession: merges the collected fields into the inquiry, which completes or fails;
    /// the session is COMPLETED. The fields are checked against what the inquiry's template
    /// collects, whichever transport brought them (the hosted page checks them first only to
    /// show its problems in the end user's language).
    pub async fn submit(
        &self,
        call: &Call,
        collected: Result<Fields, Error>,
        outcome: Option<SandboxOutcome>,
    ) -> AppResult<(Session, Inquiry)> {
        let digest = session_token(call)?;
        let collected = collected?;
        self.transact(Actor::end_user("", call.origin()), move |cx| {
            let (session, mut inquiry) = authenticate(cx, &digest)?;
            let template =
                cx.app
                    .template(cx.conn, &inquiry.tenant, &inquiry.inquiry_template_id)?;
            let collected = check_submission(
                "fields",
                &template.settings.collected_fields,
                &collected,
                &inquiry.fields,
            )?;
            let mut changes = inquiry.submit(collected, outcome, cx.now)?;
            let session = sessions::complete(cx.conn, &session.id, cx.now)?;
            changes
                .events
                .insert(0, Happened::session(EventKind::SessionCompleted, &session));
            record::commit(cx, &inquiry, changes)?;
            Ok((session, inquiry))
        })
        .await
    }
}
