//! InquiryTemplateService requests into their use cases' inputs.

use super::*;

impl TryFrom<pb::CreateInquiryTemplateRequest> for CreateTemplate {
    type Error = Error;
    fn try_from(req: pb::CreateInquiryTemplateRequest) -> Result<Self, Error> {
        let template = required(req.inquiry_template, "inquiry_template")?;
        CreateTemplate::new(&convert::template_draft(&template)?)
    }
}

impl TryFrom<pb::GetInquiryTemplateRequest> for GetTemplate {
    type Error = Error;
    fn try_from(req: pb::GetInquiryTemplateRequest) -> Result<Self, Error> {
        GetTemplate::new(&req.id)
    }
}

impl TryFrom<pb::ListInquiryTemplatesRequest> for ListTemplates {
    type Error = Error;
    fn try_from(req: pb::ListInquiryTemplatesRequest) -> Result<Self, Error> {
        ListTemplates::new(req.show_archived, req.page_size, &req.page_token)
    }
}

impl TryFrom<pb::UpdateInquiryTemplateRequest> for UpdateTemplate {
    type Error = Error;
    fn try_from(req: pb::UpdateInquiryTemplateRequest) -> Result<Self, Error> {
        let t = required(req.inquiry_template, "inquiry_template")?;
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
        );
        UpdateTemplate::new(&t.id, &paths, convert::template_draft(&t)?)
    }
}

impl TryFrom<pb::ArchiveInquiryTemplateRequest> for ArchiveTemplate {
    type Error = Error;
    fn try_from(req: pb::ArchiveInquiryTemplateRequest) -> Result<Self, Error> {
        ArchiveTemplate::new(&req.id)
    }
}
