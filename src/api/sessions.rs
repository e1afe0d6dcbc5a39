//! `verilink.v1.SessionService`: management of sessions, and the end-user plane
//! (`GetCurrentSession`, `SubmitSession`) authenticated by the session token alone.

use tonic::{Request, Response, Status};

use super::decode::sandbox_outcome;
use super::{command, query, split};
use crate::app::sessions::{ExpireAllSessions, ExpireSession, GetSession, ListSessions};
use crate::app::App;
use crate::contract::convert;
use crate::domain::inquiry::check_fields;
use crate::pb;
use crate::pb::session_service_server::SessionService;

pub struct Sessions(pub App);

type Reply<T> = Result<Response<T>, Status>;

#[tonic::async_trait]
impl SessionService for Sessions {
    async fn get_session(
        &self,
        request: Request<pb::GetSessionRequest>,
    ) -> Reply<pb::GetSessionResponse> {
        query::<_, GetSession, _>(&self.0, request).await
    }

    async fn list_sessions(
        &self,
        request: Request<pb::ListSessionsRequest>,
    ) -> Reply<pb::ListSessionsResponse> {
        query::<_, ListSessions, _>(&self.0, request).await
    }

    async fn expire_session(
        &self,
        request: Request<pb::ExpireSessionRequest>,
    ) -> Reply<pb::ExpireSessionResponse> {
        command::<_, ExpireSession, _>(&self.0, request).await
    }

    async fn expire_all_sessions(
        &self,
        request: Request<pb::ExpireAllSessionsRequest>,
    ) -> Reply<pb::ExpireAllSessionsResponse> {
        command::<_, ExpireAllSessions, _>(&self.0, request).await
    }

    async fn get_current_session(
        &self,
        request: Request<pb::GetCurrentSessionRequest>,
    ) -> Reply<pb::GetCurrentSessionResponse> {
        let (call, _) = split(request);
        let current = self.0.current_session(&call).await?;
        let inquiry = &current.inquiry;
        Ok(Response::new(pb::GetCurrentSessionResponse {
            session: Some(convert::session(&current.session)),
            inquiry_status: convert::status(inquiry.status) as i32,
            inquiry_template_name: current.template.settings.name.clone(),
            fields: convert::fields(&inquiry.fields),
            environment: convert::environment(inquiry.tenant.environment) as i32,
            redirect_uri: inquiry.settings.redirect_uri.clone().unwrap_or_default(),
        }))
    }

    async fn submit_session(
        &self,
        request: Request<pb::SubmitSessionRequest>,
    ) -> Reply<pb::SubmitSessionResponse> {
        let (call, req) = split(request);
        let collected = check_fields("fields", &convert::raw_fields(&req.fields));
        let outcome = sandbox_outcome(req.sandbox_outcome);
        let (session, inquiry) = self.0.submit(&call, collected, outcome).await?;
        Ok(Response::new(pb::SubmitSessionResponse {
            session: Some(convert::session(&session)),
            inquiry_status: convert::status(inquiry.status) as i32,
        }))
    }
}
