//! `verilink.v1.WebhookService`.

use tonic::{Request, Response, Status};

use super::{command, query};
use crate::app::webhooks::{
    CreateWebhook, DeleteWebhook, GetWebhook, ListDeliveries, ListWebhooks, RedeliverEvent,
    RotateWebhookSecret, UpdateWebhook,
};
use crate::app::App;
use crate::pb;
use crate::pb::webhook_service_server::WebhookService;

pub struct Webhooks(pub App);

type Reply<T> = Result<Response<T>, Status>;

#[tonic::async_trait]
impl WebhookService for Webhooks {
    async fn create_webhook(
        &self,
        request: Request<pb::CreateWebhookRequest>,
    ) -> Reply<pb::CreateWebhookResponse> {
        command::<_, CreateWebhook, _>(&self.0, request).await
    }

    async fn get_webhook(
        &self,
        request: Request<pb::GetWebhookRequest>,
    ) -> Reply<pb::GetWebhookResponse> {
        query::<_, GetWebhook, _>(&self.0, request).await
    }

    async fn list_webhooks(
        &self,
        request: Request<pb::ListWebhooksRequest>,
    ) -> Reply<pb::ListWebhooksResponse> {
        query::<_, ListWebhooks, _>(&self.0, request).await
    }

    async fn update_webhook(
        &self,
        request: Request<pb::UpdateWebhookRequest>,
    ) -> Reply<pb::UpdateWebhookResponse> {
        command::<_, UpdateWebhook, _>(&self.0, request).await
    }

    async fn delete_webhook(
        &self,
        request: Request<pb::DeleteWebhookRequest>,
    ) -> Reply<pb::DeleteWebhookResponse> {
        command::<_, DeleteWebhook, _>(&self.0, request).await
    }

    async fn rotate_webhook_secret(
        &self,
        request: Request<pb::RotateWebhookSecretRequest>,
    ) -> Reply<pb::RotateWebhookSecretResponse> {
        command::<_, RotateWebhookSecret, _>(&self.0, request).await
    }

    async fn list_webhook_deliveries(
        &self,
        request: Request<pb::ListWebhookDeliveriesRequest>,
    ) -> Reply<pb::ListWebhookDeliveriesResponse> {
        query::<_, ListDeliveries, _>(&self.0, request).await
    }

    async fn redeliver_event(
        &self,
        request: Request<pb::RedeliverEventRequest>,
    ) -> Reply<pb::RedeliverEventResponse> {
        command::<_, RedeliverEvent, _>(&self.0, request).await
    }
}
