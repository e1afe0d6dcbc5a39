//! `verilink.v1.SessionService`: Sessions: opened by redeeming a link or by resuming an inquiry. Delivered by a later release; every RPC answers
//! `UNIMPLEMENTED` with an ErrorInfo until then.

use tonic::{Request, Response, Status};

use super::error::unimplemented;
use super::AppState;
use crate::pb;
use crate::pb::session_service_server::SessionService;

pub struct Sessions(pub AppState);

#[tonic::async_trait]
impl SessionService for Sessions {
    async fn get_session(
        &self,
        _request: Request<pb::GetSessionRequest>,
    ) -> Result<Response<pb::GetSessionResponse>, Status> {
        Err(unimplemented("SessionService.GetSession"))
    }

    async fn list_sessions(
        &self,
        _request: Request<pb::ListSessionsRequest>,
    ) -> Result<Response<pb::ListSessionsResponse>, Status> {
        Err(unimplemented("SessionService.ListSessions"))
    }

    async fn expire_session(
        &self,
        _request: Request<pb::ExpireSessionRequest>,
    ) -> Result<Response<pb::ExpireSessionResponse>, Status> {
        Err(unimplemented("SessionService.ExpireSession"))
    }

    async fn expire_all_sessions(
        &self,
        _request: Request<pb::ExpireAllSessionsRequest>,
    ) -> Result<Response<pb::ExpireAllSessionsResponse>, Status> {
        Err(unimplemented("SessionService.ExpireAllSessions"))
    }

    async fn get_current_session(
        &self,
        _request: Request<pb::GetCurrentSessionRequest>,
    ) -> Result<Response<pb::GetCurrentSessionResponse>, Status> {
        Err(unimplemented("SessionService.GetCurrentSession"))
    }

    async fn submit_session(
        &self,
        _request: Request<pb::SubmitSessionRequest>,
    ) -> Result<Response<pb::SubmitSessionResponse>, Status> {
        Err(unimplemented("SessionService.SubmitSession"))
    }
}
