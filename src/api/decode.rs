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
    RotateWebhookSecret, UpdateWebhook, WebhookUpdate,
};
use crate::contract::convert;
use crate::domain::access::{check_client, check_link_ttl};
use crate::domain::email::{check_address, check_language};
use crate::domain::error::check_update_paths;
use crate::domain::ids::IdKind;
use crate::domain::inquiry::{
    check_fields, check_note, check_reference_id, check_tag, check_tags, InquiryFilter,
    InquiryPatch, NewInquiry, SandboxOutcome, COMMENT_MAX_BYTES, NOTE_MAX_BYTES, UPDATABLE_PATHS,
};
use crate::domain::paging::PageRequest;
use crate::domain::status::InquiryAction;
use crate::domain::Error;
use crate::pb;

// One file per service beside the inquiries' decoding here; they share these imports and
// the field helpers below.
mod links_sessions;
mod templates;
mod webhooks;

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
        inquiry_template_id: IdKind::InquiryTemplate
            .parse_optional("inquiry_template_id", &req.inquiry_template_id)?,
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
        );
        check_update_paths(&paths, UPDATABLE_PATHS)?;
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

/// SubmitSession's outcome: PASS/FAIL, or none.
pub fn sandbox_outcome(value: i32) -> Option<SandboxOutcome> {
    match pb::SandboxOutcome::try_from(value) {
        Ok(pb::SandboxOutcome::Pass) => Some(SandboxOutcome::Pass),
        Ok(pb::SandboxOutcome::Fail) => Some(SandboxOutcome::Fail),
        _ => None,
    }
}
