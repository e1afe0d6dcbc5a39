//! `verilink.v1.OneTimeLinkService`.

use tonic::{Request, Response, Status};

use super::{command, query, split};
use crate::app::links::{GenerateLink, GetLink, ListLinks, ResendLink, RevokeLink};
use crate::app::App;
use crate::contract::convert;
use crate::domain::access::check_client;
use crate::pb;
use crate::pb::one_time_link_service_server::OneTimeLinkService;

pub struct OneTimeLinks(pub App);

type Reply<T> = Result<Response<T>, Status>;

#[tonic::async_trait]
impl OneTimeLinkService for OneTimeLinks {
    async fn generate_one_time_link(
        &self,
        request: Request<pb::GenerateOneTimeLinkRequest>,
    ) -> Reply<pb::GenerateOneTimeLinkResponse> {
        command::<_, GenerateLink, _>(&self.0, request).await
    }

    async fn get_one_time_link(
        &self,
        request: Request<pb::GetOneTimeLinkRequest>,
    ) -> Reply<pb::GetOneTimeLinkResponse> {
        query::<_, GetLink, _>(&self.0, request).await
    }

    async fn list_one_time_links(
        &self,
        request: Request<pb::ListOneTimeLinksRequest>,
    ) -> Reply<pb::ListOneTimeLinksResponse> {
        query::<_, ListLinks, _>(&self.0, request).await
    }

    async fn revoke_one_time_link(
        &self,
        request: Request<pb::RevokeOneTimeLinkRequest>,
    ) -> Reply<pb::RevokeOneTimeLinkResponse> {
        command::<_, RevokeLink, _>(&self.0, request).await
    }

    async fn resend_one_time_link(
        &self,
        request: Request<pb::ResendOneTimeLinkRequest>,
    ) -> Reply<pb::ResendOneTimeLinkResponse> {
        command::<_, ResendLink, _>(&self.0, request).await
    }

    async fn redeem_one_time_link(
        &self,
        request: Request<pb::RedeemOneTimeLinkRequest>,
    ) -> Reply<pb::RedeemOneTimeLinkResponse> {
        let (call, req) = split(request);
        // The address recorded on the session: as named, else the caller's. Guesses count
        // against the caller's address unless it presents an API key (see `App::redeem`).
        let mut client = check_client(&req.client_ip, &req.user_agent)?;
        if client.ip.is_empty() {
            client.ip = call.client.map(|ip| ip.to_string()).unwrap_or_default();
        }
        let redeemed = self.0.redeem(&call, &req.code, client).await?;
        Ok(Response::new(pb::RedeemOneTimeLinkResponse {
            session: Some(convert::session(&redeemed.session)),
            session_token: redeemed.session_token,
            redirect_uri: redeemed.inquiry.settings.redirect_uri.unwrap_or_default(),
        }))
    }
}
