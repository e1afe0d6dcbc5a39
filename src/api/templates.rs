//! `verilink.v1.InquiryTemplateService`.

use tonic::{Request, Response, Status};

use super::{command, query};
use crate::app::templates::{
    ArchiveTemplate, CreateTemplate, GetTemplate, ListTemplates, UpdateTemplate,
};
use crate::app::App;
use crate::pb;
use crate::pb::inquiry_template_service_server::InquiryTemplateService;

pub struct Templates(pub App);

type Reply<T> = Result<Response<T>, Status>;

#[tonic::async_trait]
impl InquiryTemplateService for Templates {
    async fn create_inquiry_template(
        &self,
        request: Request<pb::CreateInquiryTemplateRequest>,
    ) -> Reply<pb::CreateInquiryTemplateResponse> {
        command::<_, CreateTemplate, _>(&self.0, request).await
    }

    async fn get_inquiry_template(
        &self,
        request: Request<pb::GetInquiryTemplateRequest>,
    ) -> Reply<pb::GetInquiryTemplateResponse> {
        query::<_, GetTemplate, _>(&self.0, request).await
    }

    async fn list_inquiry_templates(
        &self,
        request: Request<pb::ListInquiryTemplatesRequest>,
    ) -> Reply<pb::ListInquiryTemplatesResponse> {
        query::<_, ListTemplates, _>(&self.0, request).await
    }

    async fn update_inquiry_template(
        &self,
        request: Request<pb::UpdateInquiryTemplateRequest>,
    ) -> Reply<pb::UpdateInquiryTemplateResponse> {
        command::<_, UpdateTemplate, _>(&self.0, request).await
    }

    async fn archive_inquiry_template(
        &self,
        request: Request<pb::ArchiveInquiryTemplateRequest>,
    ) -> Reply<pb::ArchiveInquiryTemplateResponse> {
        command::<_, ArchiveTemplate, _>(&self.0, request).await
    }
}
