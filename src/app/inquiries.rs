//! Inquiries: create, read, list, update, resume, the operator's actions, tags, redaction,
//! export.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::email::EmailRequest;
use super::links::{generate, GeneratedLink};
use super::record::{self, in_transaction, record_events};
use super::{App, AppResult, Command, Ctx, Query};
use crate::contract::{convert, json};
use crate::domain::access::{check_client, Client, Session, SessionOrigin};
use crate::domain::actor::Role;
use crate::domain::email::Mailbox;
use crate::domain::error::check_update_paths;
use crate::domain::events::EventKind;
use crate::domain::ids::IdKind;
use crate::domain::inquiry::{
    check_fields, check_note, check_reference_id, check_session_cap, check_tag, check_tags,
    limit_tags, Changes, Happened, Inquiry, InquiryDraft, InquiryFilter, InquiryPatch, NewInquiry,
    RawFieldValue, COMMENT_MAX_BYTES, NOTE_MAX_BYTES, UPDATABLE_PATHS,
};
use crate::domain::paging::{Cursor, PageRequest};
use crate::domain::secrets::generate_session_token;
use crate::domain::status::{InquiryAction, InquiryStatus};
use crate::domain::tenant::{Environment, Principal};
use crate::domain::{Error, Reason};
use crate::store::{emails, events, inquiries, links, sessions, StoreError};

/// What a caller asks CreateInquiry for, as sent: empty strings ask for no email.
#[derive(Debug, Clone, Copy)]
pub struct InquiryRequest<'a> {
    pub inquiry_template_id: &'a str,
    pub inquiry: &'a InquiryDraft,
    pub create_one_time_link: bool,
    pub one_time_link_recipient_email: &'a str,
    pub one_time_link_language: &'a str,
}

/// CreateInquiry, optionally with a one-time link.
#[derive(Debug, Serialize)]
pub struct CreateInquiry {
    inquiry_template_id: String,
    new: NewInquiry,
    create_one_time_link: bool,
    /// Emails that link too (only with `create_one_time_link`).
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<EmailRequest>,
}

impl CreateInquiry {
    pub fn new(request: &InquiryRequest<'_>) -> Result<Self, Error> {
        let inquiry_template_id = IdKind::InquiryTemplate
            .parse("inquiry.inquiry_template_id", request.inquiry_template_id)?;
        let email = EmailRequest::asked(
            (
                "one_time_link_recipient_email",
                request.one_time_link_recipient_email,
            ),
            ("one_time_link_language", request.one_time_link_language),
        )?;
        if email.is_some() && !request.create_one_time_link {
            return Err(Error::invalid(
                "one_time_link_recipient_email",
                "emails the generated link: set create_one_time_link too",
            ));
        }
        Ok(CreateInquiry {
            inquiry_template_id,
            new: NewInquiry::validate(request.inquiry)?,
            create_one_time_link: request.create_one_time_link,
            email,
        })
    }
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
        let template = cx
            .app
            .template(cx.conn, &principal.tenant, &self.inquiry_template_id)?;
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

    fn committed(_app: &App, _principal: &Principal, created: &CreatedInquiry) {
        if created.link.is_some() {
            crate::telemetry::link_generated();
        }
    }
}

/// GetInquiry: one SELECT unless the inquiry's deadline has passed.
pub struct GetInquiry {
    id: String,
}

impl GetInquiry {
    pub fn new(id: &str) -> Result<Self, Error> {
        Ok(GetInquiry {
            id: IdKind::Inquiry.parse("id", id)?,
        })
    }
}

impl Query for GetInquiry {
    type Output = Inquiry;

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Inquiry> {
        record::current(cx, &principal.tenant, &self.id)
    }
}

/// Opening an inquiry's personal data in the console: the inquiry as GetInquiry reads it, and
/// an `inquiry.viewed` audit entry whose actor is the operator. (Reads through the API are not
/// audited in the database: the access log has them.)
#[derive(Debug, Serialize)]
pub struct ViewInquiry {
    id: String,
}

impl ViewInquiry {
    pub fn new(id: &str) -> Result<Self, Error> {
        Ok(ViewInquiry {
            id: IdKind::Inquiry.parse("id", id)?,
        })
    }
}

impl Command for ViewInquiry {
    const NAME: &'static str = "ViewInquiry";
    type Output = Inquiry;

    fn role(&self) -> Role {
        Role::Viewer
    }

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Inquiry> {
        let inquiry = record::current(cx, &principal.tenant, &self.id)?;
        events::record_audit(
            cx.conn,
            &cx.actor,
            &inquiry.tenant,
            Some(&inquiry.id),
            EventKind::InquiryViewed,
            serde_json::json!({ "id": inquiry.id }),
            cx.now,
        )?;
        Ok(inquiry)
    }
}

/// How many overdue inquiries a listing settles before it reads again; the sweeper does the
/// rest.
const LIST_SETTLE_BATCH: i64 = 500;

/// What a caller asks ListInquiries for, as sent: empty strings and `None` filter nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct InquiryQuery<'a> {
    pub page_size: i32,
    pub page_token: &'a str,
    pub status: Option<InquiryStatus>,
    pub reference_id: &'a str,
    pub inquiry_template_id: &'a str,
    pub tag: &'a str,
    pub created_after: Option<DateTime<Utc>>,
    pub created_before: Option<DateTime<Utc>>,
    /// Starts the page right after this inquiry of the caller's, as Persona's `page[after]`
    /// does, instead of where a page token says.
    pub after_inquiry: &'a str,
    /// The end user's email address, as the inquiry's `email_address` field holds it (any
    /// case).
    pub email: &'a str,
}

/// ListInquiries, newest first. A page that shows an overdue inquiry (or a filter for
/// EXPIRED, which could miss one) first expires the tenant's overdue inquiries.
#[derive(Debug)]
pub struct ListInquiries {
    filter: InquiryFilter,
    page: PageRequest,
    after_inquiry: Option<String>,
}

impl ListInquiries {
    pub fn new(query: &InquiryQuery<'_>) -> Result<Self, Error> {
        let filter = InquiryFilter {
            status: query.status,
            reference_id: (!query.reference_id.is_empty())
                .then(|| check_reference_id(query.reference_id))
                .transpose()?,
            inquiry_template_id: IdKind::InquiryTemplate
                .parse_optional("inquiry_template_id", query.inquiry_template_id)?,
            tag: (!query.tag.is_empty())
                .then(|| check_tag("tag", query.tag))
                .transpose()?,
            created_after: query.created_after,
            created_before: query.created_before,
            email: (!query.email.is_empty())
                .then(|| Mailbox::parse("email_address", query.email))
                .transpose()?
                .map(|m| m.to_string().to_lowercase()),
        };
        let page = PageRequest::parse(
            query.page_size,
            query.page_token,
            "ListInquiries",
            &filter.describe(),
        )?;
        Ok(ListInquiries {
            filter,
            page,
            after_inquiry: IdKind::Inquiry.parse_optional("page[after]", query.after_inquiry)?,
        })
    }
}

impl Query for ListInquiries {
    type Output = (Vec<Inquiry>, String);

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Self::Output> {
        let tenant = &principal.tenant;
        let mut page = cx.page(&self.page, principal)?;
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

/// What a caller asks UpdateInquiry to change, as sent: the values `paths` names (`note`,
/// `reference_id`, `tags`, `fields`), each set even when empty; the others are ignored.
#[derive(Debug, Clone, Copy)]
pub struct InquiryUpdate<'a> {
    pub id: &'a str,
    pub paths: &'a [String],
    pub note: &'a str,
    pub reference_id: &'a str,
    pub tags: &'a [String],
    pub fields: &'a BTreeMap<String, RawFieldValue>,
}

/// UpdateInquiry: note, reference ID, fields and tags.
#[derive(Debug, Serialize)]
pub struct UpdateInquiry {
    id: String,
    patch: InquiryPatch,
}

impl UpdateInquiry {
    pub fn new(update: &InquiryUpdate<'_>) -> Result<Self, Error> {
        check_update_paths(update.paths, UPDATABLE_PATHS)?;
        let has = |path: &str| update.paths.iter().any(|p| p == path);
        let patch = InquiryPatch {
            note: has("note")
                .then(|| check_note("inquiry.note", update.note, NOTE_MAX_BYTES))
                .transpose()?,
            reference_id: has("reference_id")
                .then(|| check_reference_id(update.reference_id))
                .transpose()?,
            tags: has("tags")
                .then(|| check_tags("inquiry.tags", update.tags))
                .transpose()?,
            fields: has("fields")
                .then(|| check_fields("inquiry.fields", update.fields))
                .transpose()?,
            merge_fields: None,
        };
        Ok(UpdateInquiry {
            id: IdKind::Inquiry.parse("id", update.id)?,
            patch,
        })
    }

    /// An update that only merges `fields` into the inquiry's (see [`UpdateInquiry::merging`]).
    pub fn merge(
        id: &str,
        fields: &BTreeMap<String, Option<RawFieldValue>>,
    ) -> Result<Self, Error> {
        let update = UpdateInquiry {
            id: IdKind::Inquiry.parse("id", id)?,
            patch: InquiryPatch::default(),
        };
        update.merging(fields)
    }

    /// This update, merging `fields` into the inquiry's too: each set (`Some`, checked as any
    /// field is) or removed (`None`), the others kept (the Persona-compatible API's PATCH).
    pub fn merging(
        mut self,
        fields: &BTreeMap<String, Option<RawFieldValue>>,
    ) -> Result<Self, Error> {
        let present = fields
            .iter()
            .filter_map(|(name, raw)| Some((name.clone(), raw.clone()?)))
            .collect();
        let mut merged: BTreeMap<_, _> = check_fields("inquiry.fields", &present)?
            .into_iter()
            .map(|(name, value)| (name, Some(value)))
            .collect();
        for (name, raw) in fields {
            if raw.is_none() {
                merged.insert(name.clone(), None);
            }
        }
        self.patch.merge_fields = Some(merged);
        Ok(self)
    }
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

mod actions;
pub(super) use actions::{redact, resume};
pub use actions::{
    ExportInquiry, RedactInquiry, ResumeInquiry, Resumed, RetagInquiry, ReviewInquiry,
    SimulateInquiryAction,
};

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "inq_AAAAAAAAAAAAAAAAAAAAAAAA";

    fn refused<T: std::fmt::Debug>(result: Result<T, Error>) -> String {
        match result {
            Err(Error::InvalidArgument(violations)) => violations[0].field.clone(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn updates_change_what_they_name_and_merges_keep_the_other_fields() {
        let fields = BTreeMap::new();
        let update = |paths: &[String], note: &str| {
            UpdateInquiry::new(&InquiryUpdate {
                id: ID,
                paths,
                note,
                reference_id: "",
                tags: &[],
                fields: &fields,
            })
        };
        let note = ["note".to_owned()];
        let updated = update(&note, "").expect("an empty note clears it");
        assert_eq!(updated.patch.note.as_deref(), Some(""));
        assert_eq!(updated.patch.tags, None);
        assert_eq!(refused(update(&[], "x")), "update_mask");
        assert_eq!(refused(update(&["id".to_owned()], "x")), "update_mask");
        assert_eq!(refused(update(&note, "\0")), "inquiry.note");

        let merged = BTreeMap::from([
            ("a".to_owned(), Some(RawFieldValue::Bool(true))),
            ("b".to_owned(), None),
        ]);
        let merge = UpdateInquiry::merge(ID, &merged).expect("merged");
        let set = merge.patch.merge_fields.expect("fields to merge");
        assert_eq!(
            set["a"],
            Some(crate::domain::inquiry::FieldValue::Bool(true))
        );
        assert_eq!(set["b"], None);
        let missing = BTreeMap::from([("a".to_owned(), Some(RawFieldValue::Missing))]);
        assert_eq!(
            refused(UpdateInquiry::merge(ID, &missing)),
            "inquiry.fields[\"a\"]"
        );
    }

    #[test]
    fn only_the_simulated_actions_are_simulated_and_tags_are_checked() {
        assert!(SimulateInquiryAction::new(ID, Some(InquiryAction::Complete)).is_ok());
        for action in [None, Some(InquiryAction::Approve)] {
            assert_eq!(refused(SimulateInquiryAction::new(ID, action)), "action");
        }
        assert_eq!(refused(RetagInquiry::add(ID, "")), "tag");
        assert_eq!(refused(RetagInquiry::set(ID, &["!".to_owned()])), "tags[0]");
        assert_eq!(refused(ReviewInquiry::approve("inq_x", "")), "id");
    }
}
