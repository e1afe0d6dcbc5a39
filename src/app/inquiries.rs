//! Inquiries: create, read, list, update, resume, the operator's actions, tags, redaction,
//! export.

use serde::{Deserialize, Serialize};

use super::email::EmailRequest;
use super::links::{generate, GeneratedLink};
use super::record::{self, in_transaction, record_events};
use super::{AppResult, Command, Ctx, Query};
use crate::contract::{convert, json};
use crate::domain::access::{Client, Session, SessionOrigin};
use crate::domain::actor::Role;
use crate::domain::events::EventKind;
use crate::domain::ids::IdKind;
use crate::domain::inquiry::{
    check_session_cap, limit_tags, Changes, Happened, Inquiry, InquiryFilter, InquiryPatch,
    NewInquiry,
};
use crate::domain::paging::{Cursor, PageRequest};
use crate::domain::secrets::generate_session_token;
use crate::domain::status::{InquiryAction, InquiryStatus};
use crate::domain::tenant::{Environment, Principal};
use crate::domain::{Error, Reason};
use crate::store::{emails, events, inquiries, links, sessions, templates, StoreError};

/// CreateInquiry, optionally with a one-time link.
#[derive(Debug, Serialize)]
pub struct CreateInquiry {
    pub inquiry_template_id: String,
    pub new: NewInquiry,
    pub create_one_time_link: bool,
    /// Emails that link too (only with `create_one_time_link`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<EmailRequest>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreatedInquiry {
    pub inquiry: Inquiry,
    pub link: Option<GeneratedLink>,
}

impl Command for CreateInquiry {
    const NAME: &'static str = "CreateInquiry";
    type Output = CreatedInquiry;

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<CreatedInquiry> {
        let template = templates::get(cx.conn, &principal.tenant, &self.inquiry_template_id)?;
        let id = IdKind::Inquiry.generate()?;
        let (inquiry, changes) =
            Inquiry::create(id, principal, &template, self.new.clone(), cx.now)?;
        inquiries::insert(cx.conn, &inquiry)?;
        record_events(cx, &inquiry.tenant, &inquiry.id, changes.events)?;
        let email = self.email.as_ref().map(|request| (request, principal));
        let link = self
            .create_one_time_link
            .then(|| generate(cx, &inquiry, None, false, email))
            .transpose()?;
        Ok(CreatedInquiry { inquiry, link })
    }

    fn committed(created: &CreatedInquiry) {
        if created.link.is_some() {
            crate::telemetry::link_generated();
        }
    }
}

/// GetInquiry: one SELECT unless the inquiry's deadline has passed.
pub struct GetInquiry {
    pub id: String,
}

impl Query for GetInquiry {
    type Output = Inquiry;

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Inquiry> {
        record::current(cx, &principal.tenant, &self.id)
    }
}

/// How many overdue inquiries a listing settles before it reads again; the sweeper does the
/// rest.
const LIST_SETTLE_BATCH: i64 = 500;

/// ListInquiries, newest first. A page that shows an overdue inquiry (or a filter for
/// EXPIRED, which could miss one) first expires the tenant's overdue inquiries.
pub struct ListInquiries {
    pub filter: InquiryFilter,
    pub page: PageRequest,
    /// Starts the page right after this inquiry of the caller's, as Persona's `page[after]`
    /// does, instead of where a page token says.
    pub after_inquiry: Option<String>,
}

impl Query for ListInquiries {
    type Output = (Vec<Inquiry>, String);

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Self::Output> {
        let tenant = &principal.tenant;
        let mut page = cx.page(&self.page)?;
        if let Some(id) = &self.after_inquiry {
            let after = inquiries::find(cx.conn, tenant, id)?;
            page.after = Some(Cursor {
                create_time: after.create_time,
                id: after.id,
            });
        }
        if self.filter.status != Some(InquiryStatus::Expired) {
            let listed = inquiries::list(cx.conn, tenant, &self.filter, &page)?;
            if !listed.0.iter().any(|i| i.is_overdue(cx.now)) {
                return Ok(listed);
            }
        }
        in_transaction(cx, |cx| {
            for mut inquiry in
                inquiries::lock_overdue(cx.conn, Some(tenant), cx.now, LIST_SETTLE_BATCH)?
            {
                record::settle(cx, &mut inquiry)?;
            }
            Ok(())
        })?;
        inquiries::list(cx.conn, tenant, &self.filter, &page)
    }
}

/// UpdateInquiry: note, reference ID, fields and tags.
#[derive(Debug, Serialize)]
pub struct UpdateInquiry {
    pub id: String,
    pub patch: InquiryPatch,
}

impl Command for UpdateInquiry {
    const NAME: &'static str = "UpdateInquiry";
    type Output = Inquiry;

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Inquiry> {
        let mut inquiry = record::lock_unredacted(cx, &principal.tenant, &self.id)?;
        let changes = inquiry.update(self.patch.clone(), cx.now)?;
        record::commit(cx, &inquiry, changes)?;
        Ok(inquiry)
    }
}

/// ResumeInquiry: a new session (origin RESUME) on a CREATED, PENDING or EXPIRED inquiry.
#[derive(Debug, Serialize)]
pub struct ResumeInquiry {
    pub id: String,
    pub client: Client,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resumed {
    pub inquiry: Inquiry,
    pub session: Session,
    pub session_token: String,
}

impl Command for ResumeInquiry {
    const NAME: &'static str = "ResumeInquiry";
    type Output = Resumed;

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Resumed> {
        let inquiry = record::lock_unredacted(cx, &principal.tenant, &self.id)?;
        resume(cx, inquiry, self.client.clone())
    }
}

/// Opens a session (origin RESUME) on a locked, unredacted inquiry: ResumeInquiry, and the
/// hosted flow's inquiry-ID links.
pub(super) fn resume(cx: &mut Ctx<'_>, mut inquiry: Inquiry, client: Client) -> AppResult<Resumed> {
    let mut changes = inquiry.resume(cx.now)?;
    check_session_cap(sessions::count(cx.conn, &inquiry.id)?, &inquiry)?;
    let (session_token, token_digest) = generate_session_token()?;
    let session = Session::open(
        IdKind::InquirySession.generate()?,
        &inquiry,
        SessionOrigin::Resume,
        None,
        client,
        cx.now,
    );
    sessions::insert(cx.conn, &session, &token_digest)?;
    cx.in_session(&session.id);
    changes.push(Happened::session(EventKind::SessionStarted, &session));
    record::commit(cx, &inquiry, changes)?;
    Ok(Resumed {
        inquiry,
        session,
        session_token,
    })
}

/// An operator's action: Expire, Approve, Decline, MarkForReview (with an optional comment).
#[derive(Debug, Serialize)]
pub struct ReviewInquiry {
    pub id: String,
    pub action: InquiryAction,
    pub comment: String,
}

impl Command for ReviewInquiry {
    const NAME: &'static str = "ReviewInquiry";
    type Output = Inquiry;

    /// Deciding and marking for review are a reviewer's; expiring ends the end user's access.
    fn role(&self) -> Role {
        if self.action == InquiryAction::Expire {
            Role::Admin
        } else {
            Role::Reviewer
        }
    }

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Inquiry> {
        let mut inquiry = record::lock_unredacted(cx, &principal.tenant, &self.id)?;
        let changes = inquiry.review(self.action, &self.comment, &cx.actor, cx.now)?;
        record::commit(cx, &inquiry, changes)?;
        Ok(inquiry)
    }
}

/// SimulateInquiryAction: an end-user or clock action, sandbox keys only.
#[derive(Debug, Serialize)]
pub struct SimulateInquiryAction {
    pub id: String,
    pub action: InquiryAction,
}

impl Command for SimulateInquiryAction {
    const NAME: &'static str = "SimulateInquiryAction";
    type Output = Inquiry;

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Inquiry> {
        if principal.tenant.environment != Environment::Sandbox {
            return Err(Error::precondition(
                Reason::SandboxOnly,
                "SimulateInquiryAction works only with sandbox API keys",
            )
            .into());
        }
        let mut inquiry = record::lock_unredacted(cx, &principal.tenant, &self.id)?;
        let changes = inquiry.act(self.action, cx.now)?;
        record::commit(cx, &inquiry, changes)?;
        Ok(inquiry)
    }
}

/// What a tag operation does to the tag list.
#[derive(Debug, Clone, Serialize)]
pub enum TagChange {
    Add(String),
    Remove(String),
    Set(Vec<String>),
}

/// AddInquiryTag, RemoveInquiryTag, SetInquiryTags.
#[derive(Debug, Serialize)]
pub struct RetagInquiry {
    pub id: String,
    pub change: TagChange,
}

impl Command for RetagInquiry {
    const NAME: &'static str = "RetagInquiry";
    type Output = Inquiry;

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Inquiry> {
        let mut inquiry = record::lock_unredacted(cx, &principal.tenant, &self.id)?;
        let mut tags = inquiry.tags.clone();
        match &self.change {
            TagChange::Add(tag) if !tags.contains(tag) => tags.push(tag.clone()),
            TagChange::Add(_) => {}
            TagChange::Remove(tag) => tags.retain(|t| t != tag),
            TagChange::Set(set) => tags.clone_from(set),
        }
        let tags = limit_tags("tag", tags)?;
        let changes = inquiry.set_tags(tags, cx.now);
        record::commit(cx, &inquiry, changes)?;
        Ok(inquiry)
    }
}

/// RedactInquiry: wipes the inquiry's personal data, also from its history, and ends access.
#[derive(Debug, Serialize)]
pub struct RedactInquiry {
    pub id: String,
}

impl Command for RedactInquiry {
    const NAME: &'static str = "RedactInquiry";
    type Output = Inquiry;

    fn role(&self) -> Role {
        Role::Admin
    }

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Inquiry> {
        let inquiry = record::lock_unredacted(cx, &principal.tenant, &self.id)?;
        redact(cx, inquiry)
    }
}

/// Redacts a locked inquiry (RedactInquiry, and the retention worker).
pub(super) fn redact(cx: &mut Ctx<'_>, mut inquiry: Inquiry) -> AppResult<Inquiry> {
    inquiries::scrub_history(cx.conn, &inquiry.id)?;
    emails::scrub(cx.conn, &inquiry.id, cx.now)?;
    let changes: Changes = inquiry.redact(cx.now);
    record::commit(cx, &inquiry, changes)?;
    Ok(inquiry)
}

/// ExportInquiry: everything held about the inquiry as one JSON document (a DSAR answer): the
/// inquiry, its sessions, its links (never their codes) and its events, oldest first.
pub struct ExportInquiry {
    pub id: String,
}

impl Query for ExportInquiry {
    type Output = serde_json::Value;

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<serde_json::Value> {
        let tenant = &principal.tenant;
        let inquiry = in_transaction(cx, |cx| {
            let inquiry = record::lock(cx, tenant, &self.id)?;
            record::settle_access(cx, &inquiry)?;
            Ok(inquiry)
        })?;
        let encode = |result: Result<serde_json::Value, json::CodecError>| {
            result.map_err(|e| StoreError::Internal(e.to_string()))
        };
        let sessions = sessions::all_of(cx.conn, &inquiry.id)?
            .iter()
            .map(|s| encode(json::to_json(&convert::session(s))))
            .collect::<AppResult<Vec<_>>>()?;
        let links = links::all_of(cx.conn, &inquiry.id)?
            .iter()
            .map(|l| encode(json::to_json(&convert::link(l))))
            .collect::<AppResult<Vec<_>>>()?;
        let events = events::for_inquiry(cx.conn, &inquiry.id)?
            .into_iter()
            .map(|event| {
                let mut json = encode(json::to_json(&convert::event(
                    &crate::domain::events::Event {
                        data: serde_json::Value::Null,
                        ..event.clone()
                    },
                )))?;
                // The snapshot as recorded (already proto3 JSON).
                json["data"] = event.data;
                Ok(json)
            })
            .collect::<AppResult<Vec<_>>>()?;
        Ok(serde_json::json!({
            "exportTime": encode(json::to_json(&convert::timestamp(cx.now)))?,
            "inquiry": encode(json::to_json(&convert::inquiry(&inquiry)))?,
            "sessions": sessions,
            "oneTimeLinks": links,
            "events": events,
        }))
    }
}
