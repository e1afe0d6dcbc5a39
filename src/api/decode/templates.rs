//! InquiryTemplateService requests into their use cases' inputs.

use super::*;

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
        );
        check_update_paths(&paths, template::UPDATABLE_PATHS)?;
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
