//! `verilink.v1.InquiryService`.

use std::pin::Pin;

use tokio_stream::StreamExt;
use tonic::{Request, Response, Status};

use super::{command, query, split};
use crate::app::inquiries::{
    CreateInquiry, ExportInquiry, GetInquiry, ListInquiries, RedactInquiry, ResumeInquiry,
    RetagInquiry, ReviewInquiry, SimulateInquiryAction, UpdateInquiry,
};
use crate::app::{watch, App};
use crate::contract::convert;
use crate::pb;
use crate::pb::inquiry_service_server::InquiryService;

pub struct Inquiries(pub App);

type Reply<T> = Result<Response<T>, Status>;
type Stream<T> = Pin<Box<dyn tokio_stream::Stream<Item = Result<T, Status>> + Send>>;

#[tonic::async_trait]
impl InquiryService for Inquiries {
    async fn create_inquiry(
        &self,
        request: Request<pb::CreateInquiryRequest>,
    ) -> Reply<pb::CreateInquiryResponse> {
        command::<_, CreateInquiry, _>(&self.0, request).await
    }

    async fn get_inquiry(
        &self,
        request: Request<pb::GetInquiryRequest>,
    ) -> Reply<pb::GetInquiryResponse> {
        query::<_, GetInquiry, _>(&self.0, request).await
    }

    async fn list_inquiries(
        &self,
        request: Request<pb::ListInquiriesRequest>,
    ) -> Reply<pb::ListInquiriesResponse> {
        query::<_, ListInquiries, _>(&self.0, request).await
    }

    async fn update_inquiry(
        &self,
        request: Request<pb::UpdateInquiryRequest>,
    ) -> Reply<pb::UpdateInquiryResponse> {
        command::<_, UpdateInquiry, _>(&self.0, request).await
    }

    async fn resume_inquiry(
        &self,
        request: Request<pb::ResumeInquiryRequest>,
    ) -> Reply<pb::ResumeInquiryResponse> {
        command::<_, ResumeInquiry, _>(&self.0, request).await
    }

    async fn expire_inquiry(
        &self,
        request: Request<pb::ExpireInquiryRequest>,
    ) -> Reply<pb::ExpireInquiryResponse> {
        command::<_, ReviewInquiry, _>(&self.0, request).await
    }

    async fn approve_inquiry(
        &self,
        request: Request<pb::ApproveInquiryRequest>,
    ) -> Reply<pb::ApproveInquiryResponse> {
        command::<_, ReviewInquiry, _>(&self.0, request).await
    }

    async fn decline_inquiry(
        &self,
        request: Request<pb::DeclineInquiryRequest>,
    ) -> Reply<pb::DeclineInquiryResponse> {
        command::<_, ReviewInquiry, _>(&self.0, request).await
    }

    async fn mark_inquiry_for_review(
        &self,
        request: Request<pb::MarkInquiryForReviewRequest>,
    ) -> Reply<pb::MarkInquiryForReviewResponse> {
        command::<_, ReviewInquiry, _>(&self.0, request).await
    }

    async fn add_inquiry_tag(
        &self,
        request: Request<pb::AddInquiryTagRequest>,
    ) -> Reply<pb::AddInquiryTagResponse> {
        command::<_, RetagInquiry, _>(&self.0, request).await
    }

    async fn remove_inquiry_tag(
        &self,
        request: Request<pb::RemoveInquiryTagRequest>,
    ) -> Reply<pb::RemoveInquiryTagResponse> {
        command::<_, RetagInquiry, _>(&self.0, request).await
    }

    async fn set_inquiry_tags(
        &self,
        request: Request<pb::SetInquiryTagsRequest>,
    ) -> Reply<pb::SetInquiryTagsResponse> {
        command::<_, RetagInquiry, _>(&self.0, request).await
    }

    async fn redact_inquiry(
        &self,
        request: Request<pb::RedactInquiryRequest>,
    ) -> Reply<pb::RedactInquiryResponse> {
        command::<_, RedactInquiry, _>(&self.0, request).await
    }

    async fn export_inquiry(
        &self,
        request: Request<pb::ExportInquiryRequest>,
    ) -> Reply<pb::ExportInquiryResponse> {
        query::<_, ExportInquiry, _>(&self.0, request).await
    }

    async fn simulate_inquiry_action(
        &self,
        request: Request<pb::SimulateInquiryActionRequest>,
    ) -> Reply<pb::SimulateInquiryActionResponse> {
        command::<_, SimulateInquiryAction, _>(&self.0, request).await
    }

    type WatchInquiryStream = Stream<pb::WatchInquiryResponse>;

    async fn watch_inquiry(
        &self,
        request: Request<pb::WatchInquiryRequest>,
    ) -> Reply<Self::WatchInquiryStream> {
        let (call, req) = split(request);
        let start = watch::Start::new(&req.inquiry_id, &req.after_event_id);
        let watch = self.0.watch(&call, start).await?;
        let events = tokio_stream::wrappers::ReceiverStream::new(watch).map(|item| {
            item.map(|event| pb::WatchInquiryResponse {
                event: Some(convert::event(&event)),
            })
            .map_err(Status::from)
        });
        Ok(Response::new(Box::pin(events)))
    }
}
