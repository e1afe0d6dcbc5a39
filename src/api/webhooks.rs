//! `verilink.v1.WebhookService`: Webhook endpoints and their deliveries. Delivered by a later release; every RPC answers
//! `UNIMPLEMENTED` with an ErrorInfo until then.

use tonic::{Request, Response, Status};

use super::error::unimplemented;
use super::AppState;
use crate::pb;
use crate::pb::webhook_service_server::WebhookService;

pub struct Webhooks(pub AppState);

#[tonic::async_trait]
impl WebhookService for Webhooks {
    async fn create_webhook(
        &self,
        _request: Request<pb::CreateWebhookRequest>,
    ) -> Result<Response<pb::CreateWebhookResponse>, Status> {
        Err(unimplemented("WebhookService.CreateWebhook"))
    }

    async fn get_webhook(
        &self,
        _request: Request<pb::GetWebhookRequest>,
    ) -> Result<Response<pb::GetWebhookResponse>, Status> {
        Err(unimplemented("WebhookService.GetWebhook"))
    }

    async fn list_webhooks(
        &self,
        _request: Request<pb::ListWebhooksRequest>,
    ) -> Result<Response<pb::ListWebhooksResponse>, Status> {
        Err(unimplemented("WebhookService.ListWebhooks"))
    }

    async fn update_webhook(
        &self,
        _request: Request<pb::UpdateWebhookRequest>,
    ) -> Result<Response<pb::UpdateWebhookResponse>, Status> {
        Err(unimplemented("WebhookService.UpdateWebhook"))
    }

    async fn delete_webhook(
        &self,
        _request: Request<pb::DeleteWebhookRequest>,
    ) -> Result<Response<pb::DeleteWebhookResponse>, Status> {
        Err(unimplemented("WebhookService.DeleteWebhook"))
    }

    async fn rotate_webhook_secret(
        &self,
        _request: Request<pb::RotateWebhookSecretRequest>,
    ) -> Result<Response<pb::RotateWebhookSecretResponse>, Status> {
        Err(unimplemented("WebhookService.RotateWebhookSecret"))
    }

    async fn list_webhook_deliveries(
        &self,
        _request: Request<pb::ListWebhookDeliveriesRequest>,
    ) -> Result<Response<pb::ListWebhookDeliveriesResponse>, Status> {
        Err(unimplemented("WebhookService.ListWebhookDeliveries"))
    }

    async fn redeliver_event(
        &self,
        _request: Request<pb::RedeliverEventRequest>,
    ) -> Result<Response<pb::RedeliverEventResponse>, Status> {
        Err(unimplemented("WebhookService.RedeliverEvent"))
    }
}
