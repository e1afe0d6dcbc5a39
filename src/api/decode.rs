//! Request messages into the use cases' validated inputs.

use crate::app::email::EmailRequest;
use crate::app::inquiries::{
    CreateInquiry, ExportInquiry, GetInquiry, ListInquiries, RedactInquiry, ResumeInquiry,
    RetagInquiry, ReviewInquiry, SimulateInquiryAction, TagChange, UpdateInquiry,
};
use crate::app::links::{GenerateLink, GetLink, ListLinks, ResendLink, RevokeLink};
use crate::app::sessions::{ExpireAllSessions, ExpireSession, GetSession, ListSessions};
use crate::app::templates::{
    ArchiveTemplate, CreateTemplate, GetTemplate, ListTemplates, UpdateTemplate,
};
use crate::app::webhooks::{
    CreateWebhook, DeleteWebhook, GetWebhook, ListDeliveries, ListWebhooks, RedeliverEvent,
    RotateWebhookSecret, UpdateWebhook,
};
use crate::contract::convert;
use crate::domain::access::{check_client, check_link_ttl};
use crate::domain::email::{check_address, check_language};
use crate::domain::ids::IdKind;
use crate::domain::inquiry::{
    check_fields, check_note, check_reference_id, check_tag, check_tags, InquiryFilter,
    InquiryPatch, NewInquiry, SandboxOutcome, COMMENT_MAX_BYTES, NOTE_MAX_BYTES, UPDATABLE_PATHS,
};
use crate::domain::paging::PageRequest;
use crate::domain::status::InquiryAction;
use crate::domain::template::{self, TemplateSettings};
use crate::domain::webhook::{check_events, check_grace, check_url, WebhookPatch};
use crate::domain::Error;
use crate::pb;

fn required<T>(value: Option<T>, field: &str) -> Result<T, Error> {
    value.ok_or_else(|| Error::invalid(field, "is required"))
}

/// An optional language tag.
fn language(field: &'static str, value: &str) -> Result<Option<String>, Error> {
    (!value.trim().is_empty())
        .then(|| check_language(field, value))
        .transpose()
}

/// The email a request asks for: none without a recipient (then no language either).
fn email_request(
    (recipient_field, recipient): (&'static str, &str),
    (language_field, value): (&'static str, &str),
) -> Result<Option<EmailRequest>, Error> {
    if recipient.trim().is_empty() {
        if !value.trim().is_empty() {
            return Err(Error::invalid(
                language_field,
                format!("applies only to an emailed link: set {recipient_field} too"),
            ));
        }
        return Ok(None);
    }
    Ok(Some(EmailRequest {
        recipient: check_address(recipient_field, recipient)?,
        language: language(language_field, value)?,
        language_field,
    }))
}

fn link_ttl(
    expires_in: Option<&prost_types::Duration>,
) -> Result<Option<chrono::TimeDelta>, Error> {
    expires_in
        .map(|d| {
            convert::parse_duration("expires_in", d).and_then(|d| check_link_ttl("expires_in", d))
        })
        .transpose()
}

fn optional_id(kind: IdKind, field: &str, value: &str) -> Result<Option<String>, Error> {
    (!value.is_empty())
        .then(|| kind.parse(field, value))
        .transpose()
}

impl TryFrom<pb::CreateInquiryTemplateRequest> for CreateTemplate {
    type Error = Error;
    fn try_from(req: pb::CreateInquiryTemplateRequest) -> Result<Self, Error> {
        let template = required(req.inquiry_template, "inquiry_template")?;
        let settings = TemplateSettings::create(&convert::template_draft(&template)?)?;
        Ok(CreateTemplate { settings })
    }
}

impl TryFrom<pb::GetInquiryTemplateRequest> for GetTemplate {
    type Error = Error;
    fn try_from(req: pb::GetInquiryTemplateRequest) -> Result<Self, Error> {
        Ok(GetTemplate {
            id: IdKind::InquiryTemplate.parse("id", &req.id)?,
        })
    }
}

impl TryFrom<pb::ListInquiryTemplatesRequest> for ListTemplates {
    type Error = Error;
    fn try_from(req: pb::ListInquiryTemplatesRequest) -> Result<Self, Error> {
        let filters = format!("show_archived={}", req.show_archived);
        Ok(ListTemplates {
            show_archived: req.show_archived,
            page: PageRequest::parse(req.page_size, &req.page_token, &filters)?,
        })
    }
}

impl TryFrom<pb::UpdateInquiryTemplateRequest> for UpdateTemplate {
    type Error = Error;
    fn try_from(req: pb::UpdateInquiryTemplateRequest) -> Result<Self, Error> {
        let t = required(req.inquiry_template, "inquiry_template")?;
        let id = IdKind::InquiryTemplate.parse("inquiry_template.id", &t.id)?;
        let paths = convert::mask_paths(
            req.update_mask.as_ref(),
            &[
                ("name", !t.name.is_empty()),
                ("expire_after_create", t.expire_after_create.is_some()),
                ("expire_after_start", t.expire_after_start.is_some()),
                ("expire_after_resume", t.expire_after_resume.is_some()),
                ("one_time_link_ttl", t.one_time_link_ttl.is_some()),
                ("session_ttl", t.session_ttl.is_some()),
                ("max_sessions_per_inquiry", t.max_sessions_per_inquiry != 0),
                ("redirect_uri", !t.redirect_uri.is_empty()),
                ("auto_approve", t.auto_approve),
                ("redact_after", t.redact_after.is_some()),
                ("collected_fields", !t.collected_fields.is_empty()),
                ("allow_inquiry_id_links", t.allow_inquiry_id_links),
                ("email_templates", !t.email_templates.is_empty()),
                ("default_language", !t.default_language.is_empty()),
            ],
            template::UPDATABLE_PATHS,
        )?;
        Ok(UpdateTemplate {
            id,
            draft: convert::template_draft(&t)?,
            paths,
        })
    }
}

impl TryFrom<pb::ArchiveInquiryTemplateRequest> for ArchiveTemplate {
    type Error = Error;
    fn try_from(req: pb::ArchiveInquiryTemplateRequest) -> Result<Self, Error> {
        Ok(ArchiveTemplate {
            id: IdKind::InquiryTemplate.parse("id", &req.id)?,
        })
    }
}

impl TryFrom<pb::CreateInquiryRequest> for CreateInquiry {
    type Error = Error;
    fn try_from(req: pb::CreateInquiryRequest) -> Result<Self, Error> {
        let inquiry = required(req.inquiry, "inquiry")?;
        let inquiry_template_id = IdKind::InquiryTemplate
            .parse("inquiry.inquiry_template_id", &inquiry.inquiry_template_id)?;
        let email = email_request(
            (
                "one_time_link_recipient_email",
                &req.one_time_link_recipient_email,
            ),
            ("one_time_link_language", &req.one_time_link_language),
        )?;
        if email.is_some() && !req.create_one_time_link {
            return Err(Error::invalid(
                "one_time_link_recipient_email",
                "emails the generated link: set create_one_time_link too",
            ));
        }
        Ok(CreateInquiry {
            inquiry_template_id,
            new: NewInquiry::validate(&convert::inquiry_draft(&inquiry)?)?,
            create_one_time_link: req.create_one_time_link,
            email,
        })
    }
}

impl TryFrom<pb::GetInquiryRequest> for GetInquiry {
    type Error = Error;
    fn try_from(req: pb::GetInquiryRequest) -> Result<Self, Error> {
        Ok(GetInquiry {
            id: IdKind::Inquiry.parse("id", &req.id)?,
        })
    }
}

fn filter(req: &pb::ListInquiriesRequest) -> Result<InquiryFilter, Error> {
    let created = |field: &str, t: Option<&prost_types::Timestamp>| {
        t.map(|t| convert::parse_timestamp(field, t)).transpose()
    };
    Ok(InquiryFilter {
        status: convert::parse_status("status", req.status)?,
        reference_id: (!req.reference_id.is_empty())
            .then(|| check_reference_id(&req.reference_id))
            .transpose()?,
        inquiry_template_id: optional_id(
            IdKind::InquiryTemplate,
            "inquiry_template_id",
            &req.inquiry_template_id,
        )?,
        tag: (!req.tag.is_empty())
            .then(|| check_tag("tag", &req.tag))
            .transpose()?,
        created_after: created("create_time_after", req.create_time_after.as_ref())?,
        created_before: created("create_time_before", req.create_time_before.as_ref())?,
    })
}

impl TryFrom<pb::ListInquiriesRequest> for ListInquiries {
    type Error = Error;
    fn try_from(req: pb::ListInquiriesRequest) -> Result<Self, Error> {
        let filter = filter(&req)?;
        let page = PageRequest::parse(req.page_size, &req.page_token, &filter.describe())?;
        Ok(ListInquiries {
            filter,
            page,
            after_inquiry: None,
        })
    }
}

impl TryFrom<pb::UpdateInquiryRequest> for UpdateInquiry {
    type Error = Error;
    fn try_from(req: pb::UpdateInquiryRequest) -> Result<Self, Error> {
        let inquiry = required(req.inquiry, "inquiry")?;
        let paths = convert::mask_paths(
            req.update_mask.as_ref(),
            &[
                ("note", !inquiry.note.is_empty()),
                ("fields", !inquiry.fields.is_empty()),
                ("tags", !inquiry.tags.is_empty()),
                ("reference_id", !inquiry.reference_id.is_empty()),
            ],
            UPDATABLE_PATHS,
        )?;
        let has = |path: &str| paths.iter().any(|p| p == path);
        let patch = InquiryPatch {
            note: has("note")
                .then(|| check_note("inquiry.note", &inquiry.note, NOTE_MAX_BYTES))
                .transpose()?,
            reference_id: has("reference_id")
                .then(|| check_reference_id(&inquiry.reference_id))
                .transpose()?,
            tags: has("tags")
                .then(|| check_tags("inquiry.tags", &inquiry.tags))
                .transpose()?,
            fields: has("fields")
                .then(|| check_fields("inquiry.fields", &convert::raw_fields(&inquiry.fields)))
                .transpose()?,
            merge_fields: None,
        };
        Ok(UpdateInquiry {
            id: IdKind::Inquiry.parse("id", &inquiry.id)?,
            patch,
        })
    }
}

impl TryFrom<pb::ResumeInquiryRequest> for ResumeInquiry {
    type Error = Error;
    fn try_from(req: pb::ResumeInquiryRequest) -> Result<Self, Error> {
        Ok(ResumeInquiry {
            id: IdKind::Inquiry.parse("id", &req.id)?,
            client: check_client(&req.client_ip, &req.user_agent)?,
        })
    }
}

fn review(id: &str, action: InquiryAction, comment: &str) -> Result<ReviewInquiry, Error> {
    Ok(ReviewInquiry {
        id: IdKind::Inquiry.parse("id", id)?,
        action,
        comment: check_note("comment", comment, COMMENT_MAX_BYTES)?,
    })
}

impl TryFrom<pb::ExpireInquiryRequest> for ReviewInquiry {
    type Error = Error;
    fn try_from(req: pb::ExpireInquiryRequest) -> Result<Self, Error> {
        review(&req.id, InquiryAction::Expire, "")
    }
}

impl TryFrom<pb::ApproveInquiryRequest> for ReviewInquiry {
    type Error = Error;
    fn try_from(req: pb::ApproveInquiryRequest) -> Result<Self, Error> {
        review(&req.id, InquiryAction::Approve, &req.comment)
    }
}

impl TryFrom<pb::DeclineInquiryRequest> for ReviewInquiry {
    type Error = Error;
    fn try_from(req: pb::DeclineInquiryRequest) -> Result<Self, Error> {
        review(&req.id, InquiryAction::Decline, &req.comment)
    }
}

impl TryFrom<pb::MarkInquiryForReviewRequest> for ReviewInquiry {
    type Error = Error;
    fn try_from(req: pb::MarkInquiryForReviewRequest) -> Result<Self, Error> {
        review(&req.id, InquiryAction::MarkForReview, &req.comment)
    }
}

impl TryFrom<pb::AddInquiryTagRequest> for RetagInquiry {
    type Error = Error;
    fn try_from(req: pb::AddInquiryTagRequest) -> Result<Self, Error> {
        Ok(RetagInquiry {
            id: IdKind::Inquiry.parse("id", &req.id)?,
            change: TagChange::Add(check_tag("tag", &req.tag)?),
        })
    }
}

impl TryFrom<pb::RemoveInquiryTagRequest> for RetagInquiry {
    type Error = Error;
    fn try_from(req: pb::RemoveInquiryTagRequest) -> Result<Self, Error> {
        Ok(RetagInquiry {
            id: IdKind::Inquiry.parse("id", &req.id)?,
            change: TagChange::Remove(check_tag("tag", &req.tag)?),
        })
    }
}

impl TryFrom<pb::SetInquiryTagsRequest> for RetagInquiry {
    type Error = Error;
    fn try_from(req: pb::SetInquiryTagsRequest) -> Result<Self, Error> {
        Ok(RetagInquiry {
            id: IdKind::Inquiry.parse("id", &req.id)?,
            change: TagChange::Set(check_tags("tags", &req.tags)?),
        })
    }
}

impl TryFrom<pb::RedactInquiryRequest> for RedactInquiry {
    type Error = Error;
    fn try_from(req: pb::RedactInquiryRequest) -> Result<Self, Error> {
        Ok(RedactInquiry {
            id: IdKind::Inquiry.parse("id", &req.id)?,
        })
    }
}

impl TryFrom<pb::ExportInquiryRequest> for ExportInquiry {
    type Error = Error;
    fn try_from(req: pb::ExportInquiryRequest) -> Result<Self, Error> {
        Ok(ExportInquiry {
            id: IdKind::Inquiry.parse("id", &req.id)?,
        })
    }
}

impl TryFrom<pb::SimulateInquiryActionRequest> for SimulateInquiryAction {
    type Error = Error;
    fn try_from(req: pb::SimulateInquiryActionRequest) -> Result<Self, Error> {
        use pb::SimulatedInquiryAction as S;
        let action = match S::try_from(req.action) {
            Ok(S::Start) => InquiryAction::Start,
            Ok(S::Complete) => InquiryAction::Complete,
            Ok(S::Fail) => InquiryAction::Fail,
            Ok(S::Expire) => InquiryAction::Expire,
            _ => {
                return Err(Error::invalid(
                    "action",
                    "must be one of START, COMPLETE, FAIL or EXPIRE",
                ))
            }
        };
        Ok(SimulateInquiryAction {
            id: IdKind::Inquiry.parse("id", &req.id)?,
            action,
        })
    }
}

impl TryFrom<pb::GenerateOneTimeLinkRequest> for GenerateLink {
    type Error = Error;
    fn try_from(req: pb::GenerateOneTimeLinkRequest) -> Result<Self, Error> {
        Ok(GenerateLink {
            inquiry_id: IdKind::Inquiry.parse("inquiry_id", &req.inquiry_id)?,
            expires_in: link_ttl(req.expires_in.as_ref())?,
            include_qr_code: req.include_qr_code,
            email: email_request(
                ("recipient_email", &req.recipient_email),
                ("language", &req.language),
            )?,
        })
    }
}

impl TryFrom<pb::GetOneTimeLinkRequest> for GetLink {
    type Error = Error;
    fn try_from(req: pb::GetOneTimeLinkRequest) -> Result<Self, Error> {
        Ok(GetLink {
            id: IdKind::OneTimeLink.parse("id", &req.id)?,
        })
    }
}

impl TryFrom<pb::ListOneTimeLinksRequest> for ListLinks {
    type Error = Error;
    fn try_from(req: pb::ListOneTimeLinksRequest) -> Result<Self, Error> {
        let inquiry_id = IdKind::Inquiry.parse("inquiry_id", &req.inquiry_id)?;
        let filters = format!("inquiry_id={inquiry_id}");
        Ok(ListLinks {
            page: PageRequest::parse(req.page_size, &req.page_token, &filters)?,
            inquiry_id,
        })
    }
}

impl TryFrom<pb::RevokeOneTimeLinkRequest> for RevokeLink {
    type Error = Error;
    fn try_from(req: pb::RevokeOneTimeLinkRequest) -> Result<Self, Error> {
        Ok(RevokeLink {
            id: IdKind::OneTimeLink.parse("id", &req.id)?,
        })
    }
}

impl TryFrom<pb::ResendOneTimeLinkRequest> for ResendLink {
    type Error = Error;
    fn try_from(req: pb::ResendOneTimeLinkRequest) -> Result<Self, Error> {
        Ok(ResendLink {
            id: IdKind::OneTimeLink.parse("id", &req.id)?,
            recipient: (!req.recipient_email.trim().is_empty())
                .then(|| check_address("recipient_email", &req.recipient_email))
                .transpose()?,
            language: language("language", &req.language)?,
            expires_in: link_ttl(req.expires_in.as_ref())?,
        })
    }
}

impl TryFrom<pb::GetSessionRequest> for GetSession {
    type Error = Error;
    fn try_from(req: pb::GetSessionRequest) -> Result<Self, Error> {
        Ok(GetSession {
            id: IdKind::InquirySession.parse("id", &req.id)?,
        })
    }
}

impl TryFrom<pb::ListSessionsRequest> for ListSessions {
    type Error = Error;
    fn try_from(req: pb::ListSessionsRequest) -> Result<Self, Error> {
        let inquiry_id = IdKind::Inquiry.parse("inquiry_id", &req.inquiry_id)?;
        let filters = format!("inquiry_id={inquiry_id}");
        Ok(ListSessions {
            page: PageRequest::parse(req.page_size, &req.page_token, &filters)?,
            inquiry_id,
        })
    }
}

impl TryFrom<pb::ExpireSessionRequest> for ExpireSession {
    type Error = Error;
    fn try_from(req: pb::ExpireSessionRequest) -> Result<Self, Error> {
        Ok(ExpireSession {
            id: IdKind::InquirySession.parse("id", &req.id)?,
        })
    }
}

impl TryFrom<pb::ExpireAllSessionsRequest> for ExpireAllSessions {
    type Error = Error;
    fn try_from(req: pb::ExpireAllSessionsRequest) -> Result<Self, Error> {
        Ok(ExpireAllSessions {
            inquiry_id: IdKind::Inquiry.parse("inquiry_id", &req.inquiry_id)?,
        })
    }
}

/// SubmitSession's outcome: PASS/FAIL, or none.
pub fn sandbox_outcome(value: i32) -> Option<SandboxOutcome> {
    match pb::SandboxOutcome::try_from(value) {
        Ok(pb::SandboxOutcome::Pass) => Some(SandboxOutcome::Pass),
        Ok(pb::SandboxOutcome::Fail) => Some(SandboxOutcome::Fail),
        _ => None,
    }
}

impl TryFrom<pb::CreateWebhookRequest> for CreateWebhook {
    type Error = Error;
    fn try_from(req: pb::CreateWebhookRequest) -> Result<Self, Error> {
        let webhook = required(req.webhook, "webhook")?;
        Ok(CreateWebhook {
            url: check_url(&webhook.url)?,
            enabled_events: check_events(&webhook.enabled_events)?,
            format: convert::parse_webhook_format("webhook.format", webhook.format)?
                .unwrap_or_default(),
        })
    }
}

impl TryFrom<pb::GetWebhookRequest> for GetWebhook {
    type Error = Error;
    fn try_from(req: pb::GetWebhookRequest) -> Result<Self, Error> {
        Ok(GetWebhook {
            id: IdKind::Webhook.parse("id", &req.id)?,
        })
    }
}

impl TryFrom<pb::ListWebhooksRequest> for ListWebhooks {
    type Error = Error;
    fn try_from(req: pb::ListWebhooksRequest) -> Result<Self, Error> {
        Ok(ListWebhooks {
            page: PageRequest::parse(req.page_size, &req.page_token, "webhooks")?,
        })
    }
}

/// Paths UpdateWebhook accepts in its mask.
const WEBHOOK_UPDATABLE_PATHS: &[&str] = &["url", "enabled_events", "enabled", "format"];

impl TryFrom<pb::UpdateWebhookRequest> for UpdateWebhook {
    type Error = Error;
    fn try_from(req: pb::UpdateWebhookRequest) -> Result<Self, Error> {
        let webhook = required(req.webhook, "webhook")?;
        let id = IdKind::Webhook.parse("webhook.id", &webhook.id)?;
        let paths = convert::mask_paths(
            req.update_mask.as_ref(),
            &[
                ("url", !webhook.url.is_empty()),
                ("enabled_events", !webhook.enabled_events.is_empty()),
                ("enabled", webhook.enabled),
                ("format", webhook.format != 0),
            ],
            WEBHOOK_UPDATABLE_PATHS,
        )?;
        let has = |path: &str| paths.iter().any(|p| p == path);
        let patch = WebhookPatch {
            url: has("url").then(|| check_url(&webhook.url)).transpose()?,
            enabled_events: has("enabled_events")
                .then(|| check_events(&webhook.enabled_events))
                .transpose()?,
            enabled: has("enabled").then_some(webhook.enabled),
            format: match has("format") {
                // Naming the field without a value asks for the default.
                true => Some(
                    convert::parse_webhook_format("webhook.format", webhook.format)?
                        .unwrap_or_default(),
                ),
                false => None,
            },
        };
        Ok(UpdateWebhook { id, patch })
    }
}

impl TryFrom<pb::DeleteWebhookRequest> for DeleteWebhook {
    type Error = Error;
    fn try_from(req: pb::DeleteWebhookRequest) -> Result<Self, Error> {
        Ok(DeleteWebhook {
            id: IdKind::Webhook.parse("id", &req.id)?,
        })
    }
}

impl TryFrom<pb::RotateWebhookSecretRequest> for RotateWebhookSecret {
    type Error = Error;
    fn try_from(req: pb::RotateWebhookSecretRequest) -> Result<Self, Error> {
        let grace =
            convert::opt_duration("grace_period", req.grace_period.as_ref())?.unwrap_or_default();
        Ok(RotateWebhookSecret {
            id: IdKind::Webhook.parse("id", &req.id)?,
            grace: check_grace(grace)?,
        })
    }
}

impl TryFrom<pb::ListWebhookDeliveriesRequest> for ListDeliveries {
    type Error = Error;
    fn try_from(req: pb::ListWebhookDeliveriesRequest) -> Result<Self, Error> {
        let webhook_id = optional_id(IdKind::Webhook, "webhook_id", &req.webhook_id)?;
        let inquiry_id = optional_id(IdKind::Inquiry, "inquiry_id", &req.inquiry_id)?;
        if webhook_id.is_none() && inquiry_id.is_none() {
            return Err(Error::invalid(
                "webhook_id",
                "name a webhook_id, an inquiry_id, or both",
            ));
        }
        let filters = format!("webhook_id={webhook_id:?},inquiry_id={inquiry_id:?}");
        Ok(ListDeliveries {
            page: PageRequest::parse(req.page_size, &req.page_token, &filters)?,
            webhook_id,
            inquiry_id,
        })
    }
}

impl TryFrom<pb::RedeliverEventRequest> for RedeliverEvent {
    type Error = Error;
    fn try_from(req: pb::RedeliverEventRequest) -> Result<Self, Error> {
        Ok(RedeliverEvent {
            webhook_id: IdKind::Webhook.parse("webhook_id", &req.webhook_id)?,
            event_id: IdKind::Event.parse("event_id", &req.event_id)?,
        })
    }
}
