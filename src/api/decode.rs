//! Request messages into the use cases' inputs: each message's values, read out of its
//! protobuf types (durations, timestamps, enums, field masks), handed to the constructor that
//! checks them (in `app`).

use crate::app::inquiries::{
    CreateInquiry, ExportInquiry, GetInquiry, InquiryQuery, InquiryRequest, InquiryUpdate,
    ListInquiries, RedactInquiry, ResumeInquiry, RetagInquiry, ReviewInquiry,
    SimulateInquiryAction, UpdateInquiry,
};
use crate::app::links::{GenerateLink, GetLink, LinkRequest, ListLinks, ResendLink, RevokeLink};
use crate::app::sessions::{ExpireAllSessions, ExpireSession, GetSession, ListSessions};
use crate::app::templates::{
    ArchiveTemplate, CreateTemplate, GetTemplate, ListTemplates, UpdateTemplate,
};
use crate::app::webhooks::{
    CreateWebhook, DeleteWebhook, GetWebhook, ListDeliveries, ListWebhooks, RedeliverEvent,
    RotateWebhookSecret, UpdateWebhook, WebhookUpdate,
};
use crate::contract::convert;
use crate::domain::inquiry::SandboxOutcome;
use crate::domain::status::InquiryAction;
use crate::domain::Error;
use crate::pb;

// One file per service beside the inquiries' decoding here; they share these imports and
// the helper below.
mod links_sessions;
mod templates;
mod webhooks;

fn required<T>(value: Option<T>, field: &str) -> Result<T, Error> {
    value.ok_or_else(|| Error::invalid(field, "is required"))
}

impl TryFrom<pb::CreateInquiryRequest> for CreateInquiry {
    type Error = Error;
    fn try_from(req: pb::CreateInquiryRequest) -> Result<Self, Error> {
        let inquiry = required(req.inquiry, "inquiry")?;
        CreateInquiry::new(&InquiryRequest {
            inquiry_template_id: &inquiry.inquiry_template_id,
            inquiry: &convert::inquiry_draft(&inquiry)?,
            create_one_time_link: req.create_one_time_link,
            one_time_link_recipient_email: &req.one_time_link_recipient_email,
            one_time_link_language: &req.one_time_link_language,
        })
    }
}

impl TryFrom<pb::GetInquiryRequest> for GetInquiry {
    type Error = Error;
    fn try_from(req: pb::GetInquiryRequest) -> Result<Self, Error> {
        GetInquiry::new(&req.id)
    }
}

impl TryFrom<pb::ListInquiriesRequest> for ListInquiries {
    type Error = Error;
    fn try_from(req: pb::ListInquiriesRequest) -> Result<Self, Error> {
        let time = |field: &str, t: Option<&prost_types::Timestamp>| {
            t.map(|t| convert::parse_timestamp(field, t)).transpose()
        };
        ListInquiries::new(&InquiryQuery {
            page_size: req.page_size,
            page_token: &req.page_token,
            status: convert::parse_status("status", req.status)?,
            reference_id: &req.reference_id,
            inquiry_template_id: &req.inquiry_template_id,
            tag: &req.tag,
            created_after: time("create_time_after", req.create_time_after.as_ref())?,
            created_before: time("create_time_before", req.create_time_before.as_ref())?,
            after_inquiry: "",
            email: &req.email_address,
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
        UpdateInquiry::new(&InquiryUpdate {
            id: &inquiry.id,
            paths: &paths,
            note: &inquiry.note,
            reference_id: &inquiry.reference_id,
            tags: &inquiry.tags,
            fields: &convert::raw_fields(&inquiry.fields),
        })
    }
}

impl TryFrom<pb::ResumeInquiryRequest> for ResumeInquiry {
    type Error = Error;
    fn try_from(req: pb::ResumeInquiryRequest) -> Result<Self, Error> {
        ResumeInquiry::new(&req.id, &req.client_ip, &req.user_agent)
    }
}

impl TryFrom<pb::ExpireInquiryRequest> for ReviewInquiry {
    type Error = Error;
    fn try_from(req: pb::ExpireInquiryRequest) -> Result<Self, Error> {
        ReviewInquiry::expire(&req.id)
    }
}

impl TryFrom<pb::ApproveInquiryRequest> for ReviewInquiry {
    type Error = Error;
    fn try_from(req: pb::ApproveInquiryRequest) -> Result<Self, Error> {
        ReviewInquiry::approve(&req.id, &req.comment)
    }
}

impl TryFrom<pb::DeclineInquiryRequest> for ReviewInquiry {
    type Error = Error;
    fn try_from(req: pb::DeclineInquiryRequest) -> Result<Self, Error> {
        ReviewInquiry::decline(&req.id, &req.comment)
    }
}

impl TryFrom<pb::MarkInquiryForReviewRequest> for ReviewInquiry {
    type Error = Error;
    fn try_from(req: pb::MarkInquiryForReviewRequest) -> Result<Self, Error> {
        ReviewInquiry::mark_for_review(&req.id, &req.comment)
    }
}

impl TryFrom<pb::AddInquiryTagRequest> for RetagInquiry {
    type Error = Error;
    fn try_from(req: pb::AddInquiryTagRequest) -> Result<Self, Error> {
        RetagInquiry::add(&req.id, &req.tag)
    }
}

impl TryFrom<pb::RemoveInquiryTagRequest> for RetagInquiry {
    type Error = Error;
    fn try_from(req: pb::RemoveInquiryTagRequest) -> Result<Self, Error> {
        RetagInquiry::remove(&req.id, &req.tag)
    }
}

impl TryFrom<pb::SetInquiryTagsRequest> for RetagInquiry {
    type Error = Error;
    fn try_from(req: pb::SetInquiryTagsRequest) -> Result<Self, Error> {
        RetagInquiry::set(&req.id, &req.tags)
    }
}

impl TryFrom<pb::RedactInquiryRequest> for RedactInquiry {
    type Error = Error;
    fn try_from(req: pb::RedactInquiryRequest) -> Result<Self, Error> {
        RedactInquiry::new(&req.id)
    }
}

impl TryFrom<pb::ExportInquiryRequest> for ExportInquiry {
    type Error = Error;
    fn try_from(req: pb::ExportInquiryRequest) -> Result<Self, Error> {
        ExportInquiry::new(&req.id)
    }
}

impl TryFrom<pb::SimulateInquiryActionRequest> for SimulateInquiryAction {
    type Error = Error;
    fn try_from(req: pb::SimulateInquiryActionRequest) -> Result<Self, Error> {
        use pb::SimulatedInquiryAction as S;
        let action = match S::try_from(req.action) {
            Ok(S::Start) => Some(InquiryAction::Start),
            Ok(S::Complete) => Some(InquiryAction::Complete),
            Ok(S::Fail) => Some(InquiryAction::Fail),
            Ok(S::Expire) => Some(InquiryAction::Expire),
            _ => None,
        };
        SimulateInquiryAction::new(&req.id, action)
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
