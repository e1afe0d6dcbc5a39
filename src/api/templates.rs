//! `verilink.v1.InquiryTemplateService`.

use tonic::{Request, Response, Status};

use super::{convert, AppState};
use crate::domain::ids::IdKind;
use crate::domain::paging::PageRequest;
use crate::domain::template::TemplateSettings;
use crate::domain::Error;
use crate::pb;
use crate::pb::inquiry_template_service_server::InquiryTemplateService;
use crate::store::templates;

pub struct Templates(pub AppState);

fn required(template: Option<pb::InquiryTemplate>) -> Result<pb::InquiryTemplate, Error> {
    template.ok_or_else(|| Error::invalid("inquiry_template", "is required"))
}

#[tonic::async_trait]
impl InquiryTemplateService for Templates {
    async fn create_inquiry_template(
        &self,
        request: Request<pb::CreateInquiryTemplateRequest>,
    ) -> Result<Response<pb::CreateInquiryTemplateResponse>, Status> {
        let (principal, idempotency, req) = self.0.authorize_mutation(request).await?;
        let request_copy = req.clone();
        self.0
            .idempotent(
                idempotency,
                "CreateInquiryTemplate",
                &request_copy,
                async move {
                    let settings = TemplateSettings::create(&convert::template_draft(&required(
                        req.inquiry_template,
                    )?)?)?;
                    let now = self.0.now();
                    let row = self
                        .0
                        .store
                        .run(move |conn| templates::create(conn, &principal.tenant, &settings, now))
                        .await?;
                    Ok(pb::CreateInquiryTemplateResponse {
                        inquiry_template: Some(convert::template(&row)),
                    })
                },
            )
            .await
    }

    async fn get_inquiry_template(
        &self,
        request: Request<pb::GetInquiryTemplateRequest>,
    ) -> Result<Response<pb::GetInquiryTemplateResponse>, Status> {
        let (principal, req) = self.0.authorize(request).await?;
        let id = IdKind::InquiryTemplate.parse("id", &req.id)?;
        let row = self
            .0
            .store
            .run(move |conn| templates::get(conn, &principal.tenant, &id))
            .await?;
        Ok(Response::new(pb::GetInquiryTemplateResponse {
            inquiry_template: Some(convert::template(&row)),
        }))
    }

    async fn list_inquiry_templates(
        &self,
        request: Request<pb::ListInquiryTemplatesRequest>,
    ) -> Result<Response<pb::ListInquiryTemplatesResponse>, Status> {
        let (principal, req) = self.0.authorize(request).await?;
        let page = PageRequest::parse(
            req.page_size,
            &req.page_token,
            &format!("show_archived={}", req.show_archived),
        )?;
        let (rows, next_page_token) = self
            .0
            .store
            .run(move |conn| templates::list(conn, &principal.tenant, req.show_archived, &page))
            .await?;
        Ok(Response::new(pb::ListInquiryTemplatesResponse {
            inquiry_templates: rows.iter().map(convert::template).collect(),
            next_page_token,
        }))
    }

    async fn update_inquiry_template(
        &self,
        request: Request<pb::UpdateInquiryTemplateRequest>,
    ) -> Result<Response<pb::UpdateInquiryTemplateResponse>, Status> {
        let (principal, idempotency, req) = self.0.authorize_mutation(request).await?;
        let request_copy = req.clone();
        self.0
            .idempotent(
                idempotency,
                "UpdateInquiryTemplate",
                &request_copy,
                async move {
                    let template = required(req.inquiry_template)?;
                    let id = IdKind::InquiryTemplate.parse("inquiry_template.id", &template.id)?;
                    let paths = convert::mask_paths(
                        req.update_mask.as_ref(),
                        &[
                            ("name", !template.name.is_empty()),
                            (
                                "expire_after_create",
                                template.expire_after_create.is_some(),
                            ),
                            ("expire_after_start", template.expire_after_start.is_some()),
                            (
                                "expire_after_resume",
                                template.expire_after_resume.is_some(),
                            ),
                            ("one_time_link_ttl", template.one_time_link_ttl.is_some()),
                            ("session_ttl", template.session_ttl.is_some()),
                            (
                                "max_sessions_per_inquiry",
                                template.max_sessions_per_inquiry != 0,
                            ),
                            ("redirect_uri", !template.redirect_uri.is_empty()),
                            ("auto_approve", template.auto_approve),
                            ("redact_after", template.redact_after.is_some()),
                        ],
                        crate::domain::template::UPDATABLE_PATHS,
                    )?;
                    let draft = convert::template_draft(&template)?;
                    let now = self.0.now();
                    let row = self
                        .0
                        .store
                        .transaction(move |conn| {
                            templates::update(conn, &principal.tenant, &id, now, |current| {
                                current.update(&draft, &paths)
                            })
                        })
                        .await?;
                    Ok(pb::UpdateInquiryTemplateResponse {
                        inquiry_template: Some(convert::template(&row)),
                    })
                },
            )
            .await
    }

    async fn archive_inquiry_template(
        &self,
        request: Request<pb::ArchiveInquiryTemplateRequest>,
    ) -> Result<Response<pb::ArchiveInquiryTemplateResponse>, Status> {
        let (principal, idempotency, req) = self.0.authorize_mutation(request).await?;
        let request_copy = req.clone();
        self.0
            .idempotent(
                idempotency,
                "ArchiveInquiryTemplate",
                &request_copy,
                async move {
                    let id = IdKind::InquiryTemplate.parse("id", &req.id)?;
                    let now = self.0.now();
                    let row = self
                        .0
                        .store
                        .transaction(move |conn| {
                            templates::archive(conn, &principal.tenant, &id, now)
                        })
                        .await?;
                    Ok(pb::ArchiveInquiryTemplateResponse {
                        inquiry_template: Some(convert::template(&row)),
                    })
                },
            )
            .await
    }
}
