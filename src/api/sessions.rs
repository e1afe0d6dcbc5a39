//! `verilink.v1.SessionService`: management of sessions, and the end-user plane
//! (`GetCurrentSession`, `SubmitSession`) authenticated by the session token alone.

use tonic::metadata::MetadataMap;
use tonic::{Request, Response, Status};

use super::{convert, AppState};
use crate::domain::ids::IdKind;
use crate::domain::inquiry::{check_fields, FIELDS_MAX};
use crate::domain::paging::PageRequest;
use crate::domain::secrets::{parse_bearer, Credential};
use crate::domain::status::InquiryAction;
use crate::domain::tenant::Environment;
use crate::domain::Error;
use crate::pb;
use crate::pb::session_service_server::SessionService;
use crate::store::inquiries;
use crate::store::{sessions, templates};

pub struct Sessions(pub AppState);

/// The digest of the session token in `authorization`; API keys are refused here.
fn session_token_digest(metadata: &MetadataMap) -> Result<Vec<u8>, Error> {
    let header = metadata.get("authorization").and_then(|v| v.to_str().ok());
    match parse_bearer(header)? {
        Credential::SessionToken { digest } => Ok(digest),
        Credential::ApiKey { .. } => Err(Error::unauthenticated(
            "API_KEY_NOT_ALLOWED",
            "the end-user plane takes a session token (vls_…), not an API key",
        )),
    }
}

fn outcome(environment: Environment, value: i32) -> Result<InquiryAction, Error> {
    let outcome = pb::SandboxOutcome::try_from(value).unwrap_or(pb::SandboxOutcome::Unspecified);
    match (environment, outcome) {
        (Environment::Sandbox, pb::SandboxOutcome::Pass) => Ok(InquiryAction::Complete),
        (Environment::Sandbox, pb::SandboxOutcome::Fail) => Ok(InquiryAction::Fail),
        (Environment::Sandbox, _) => Err(Error::invalid(
            "sandbox_outcome",
            "sandbox submissions choose PASS or FAIL",
        )),
        (Environment::Live, pb::SandboxOutcome::Unspecified) => Ok(InquiryAction::Complete),
        (Environment::Live, _) => Err(Error::invalid(
            "sandbox_outcome",
            "is only accepted in the sandbox",
        )),
    }
}

#[tonic::async_trait]
impl SessionService for Sessions {
    async fn get_session(
        &self,
        request: Request<pb::GetSessionRequest>,
    ) -> Result<Response<pb::GetSessionResponse>, Status> {
        let (principal, req) = self.0.authorize(request).await?;
        let id = IdKind::InquirySession.parse("id", &req.id)?;
        let now = self.0.now();
        let row = self
            .0
            .store
            .transaction(move |conn| sessions::get(conn, &principal.tenant, &id, now))
            .await?;
        Ok(Response::new(pb::GetSessionResponse {
            session: Some(convert::session(&row)?),
        }))
    }

    async fn list_sessions(
        &self,
        request: Request<pb::ListSessionsRequest>,
    ) -> Result<Response<pb::ListSessionsResponse>, Status> {
        let (principal, req) = self.0.authorize(request).await?;
        let inquiry_id = IdKind::Inquiry.parse("inquiry_id", &req.inquiry_id)?;
        let page = PageRequest::parse(
            req.page_size,
            &req.page_token,
            &format!("inquiry_id={inquiry_id}"),
        )?;
        let now = self.0.now();
        let (rows, next_page_token) = self
            .0
            .store
            .transaction(move |conn| {
                sessions::list(conn, &principal.tenant, &inquiry_id, &page, now)
            })
            .await?;
        Ok(Response::new(pb::ListSessionsResponse {
            sessions: rows
                .iter()
                .map(convert::session)
                .collect::<Result<_, _>>()?,
            next_page_token,
        }))
    }

    async fn expire_session(
        &self,
        request: Request<pb::ExpireSessionRequest>,
    ) -> Result<Response<pb::ExpireSessionResponse>, Status> {
        let (principal, idempotency, req) = self.0.authorize_mutation(request).await?;
        let request_copy = req.clone();
        self.0
            .idempotent(idempotency, "ExpireSession", &request_copy, async move {
                let id = IdKind::InquirySession.parse("id", &req.id)?;
                let now = self.0.now();
                let row = self
                    .0
                    .store
                    .transaction(move |conn| sessions::expire(conn, &principal.tenant, &id, now))
                    .await?;
                Ok(pb::ExpireSessionResponse {
                    session: Some(convert::session(&row)?),
                })
            })
            .await
    }

    async fn expire_all_sessions(
        &self,
        request: Request<pb::ExpireAllSessionsRequest>,
    ) -> Result<Response<pb::ExpireAllSessionsResponse>, Status> {
        let (principal, idempotency, req) = self.0.authorize_mutation(request).await?;
        let request_copy = req.clone();
        self.0
            .idempotent(
                idempotency,
                "ExpireAllSessions",
                &request_copy,
                async move {
                    let inquiry_id = IdKind::Inquiry.parse("inquiry_id", &req.inquiry_id)?;
                    let now = self.0.now();
                    let rows = self
                        .0
                        .store
                        .transaction(move |conn| {
                            inquiries::get(conn, &principal.tenant, &inquiry_id, now)?;
                            sessions::expire_due(conn, &principal.tenant, &inquiry_id, now)?;
                            sessions::expire_active(conn, &principal.tenant, &inquiry_id, now)
                        })
                        .await?;
                    Ok(pb::ExpireAllSessionsResponse {
                        sessions: rows
                            .iter()
                            .map(convert::session)
                            .collect::<Result<_, _>>()?,
                    })
                },
            )
            .await
    }

    async fn get_current_session(
        &self,
        request: Request<pb::GetCurrentSessionRequest>,
    ) -> Result<Response<pb::GetCurrentSessionResponse>, Status> {
        let digest = session_token_digest(request.metadata())?;
        let now = self.0.now();
        let (session, inquiry, template_name) = self
            .0
            .store
            .transaction(move |conn| {
                let (session, inquiry) = sessions::authenticate(conn, &digest, now)?;
                let template =
                    templates::get(conn, &inquiry.tenant(), &inquiry.inquiry_template_id)?;
                Ok((session, inquiry, template.name))
            })
            .await?;
        Ok(Response::new(pb::GetCurrentSessionResponse {
            session: Some(convert::session(&session)?),
            inquiry_status: convert::status(inquiry.status()?) as i32,
            inquiry_template_name: template_name,
            fields: convert::fields(inquiry.fields()?),
            environment: convert::environment(inquiry.environment()) as i32,
            redirect_uri: inquiry.redirect_uri.unwrap_or_default(),
        }))
    }

    async fn submit_session(
        &self,
        request: Request<pb::SubmitSessionRequest>,
    ) -> Result<Response<pb::SubmitSessionResponse>, Status> {
        let digest = session_token_digest(request.metadata())?;
        let req = request.into_inner();
        let collected = check_fields("fields", &convert::raw_fields(&req.fields))?;
        let now = self.0.now();
        let (session, inquiry) = self
            .0
            .store
            .transaction(move |conn| {
                let (session, mut inquiry) = sessions::authenticate(conn, &digest, now)?;
                let action = outcome(inquiry.environment(), req.sandbox_outcome)?;
                let mut fields = inquiry.fields()?;
                fields.extend(collected);
                if fields.len() > FIELDS_MAX {
                    return Err(Error::invalid(
                        "fields",
                        "the inquiry would hold more than 100 fields",
                    )
                    .into());
                }
                inquiry.set_fields(&fields)?;
                let changes = inquiries::apply(&mut inquiry, action, now)?;
                let session = sessions::complete(conn, &inquiry.tenant(), &session, now)?;
                inquiries::save(conn, &mut inquiry, changes, now)?;
                Ok((session, inquiry))
            })
            .await?;
        Ok(Response::new(pb::SubmitSessionResponse {
            session: Some(convert::session(&session)?),
            inquiry_status: convert::status(inquiry.status()?) as i32,
        }))
    }
}
