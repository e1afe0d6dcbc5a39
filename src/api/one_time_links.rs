//! `verilink.v1.OneTimeLinkService`: One-time links. Delivered by a later release; every RPC answers
//! `UNIMPLEMENTED` with an ErrorInfo until then.

use tonic::{Request, Response, Status};

use super::error::unimplemented;
use super::AppState;
use crate::pb;
use crate::pb::one_time_link_service_server::OneTimeLinkService;

pub struct OneTimeLinks(pub AppState);

#[tonic::async_trait]
impl OneTimeLinkService for OneTimeLinks {
    async fn generate_one_time_link(
        &self,
        _request: Request<pb::GenerateOneTimeLinkRequest>,
    ) -> Result<Response<pb::GenerateOneTimeLinkResponse>, Status> {
        Err(unimplemented("OneTimeLinkService.GenerateOneTimeLink"))
    }

    async fn get_one_time_link(
        &self,
        _request: Request<pb::GetOneTimeLinkRequest>,
    ) -> Result<Response<pb::GetOneTimeLinkResponse>, Status> {
        Err(unimplemented("OneTimeLinkService.GetOneTimeLink"))
    }

    async fn list_one_time_links(
        &self,
        _request: Request<pb::ListOneTimeLinksRequest>,
    ) -> Result<Response<pb::ListOneTimeLinksResponse>, Status> {
        Err(unimplemented("OneTimeLinkService.ListOneTimeLinks"))
    }

    async fn revoke_one_time_link(
        &self,
        _request: Request<pb::RevokeOneTimeLinkRequest>,
    ) -> Result<Response<pb::RevokeOneTimeLinkResponse>, Status> {
        Err(unimplemented("OneTimeLinkService.RevokeOneTimeLink"))
    }

    async fn redeem_one_time_link(
        &self,
        _request: Request<pb::RedeemOneTimeLinkRequest>,
    ) -> Result<Response<pb::RedeemOneTimeLinkResponse>, Status> {
        Err(unimplemented("OneTimeLinkService.RedeemOneTimeLink"))
    }
}
