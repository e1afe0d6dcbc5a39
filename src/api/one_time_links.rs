//! `verilink.v1.OneTimeLinkService`.

use tonic::{Request, Response, Status};

use super::error::throttled;
use super::{convert, qr, AppState};
use crate::domain::access::{check_client, check_link_ttl, link_not_found};
use crate::domain::ids::IdKind;
use crate::domain::paging::PageRequest;
use crate::domain::secrets::{redeemable_code_digest, LinkCodes};
use crate::domain::Error;
use crate::pb;
use crate::pb::one_time_link_service_server::OneTimeLinkService;
use crate::store::models::LinkRow;
use crate::store::{links, StoreError};

pub struct OneTimeLinks(pub AppState);

impl AppState {
    /// The response that carries a new link's codes: the only place they are ever shown.
    pub fn generated_link(
        &self,
        row: &LinkRow,
        codes: &LinkCodes,
        include_qr_code: bool,
    ) -> Result<pb::GenerateOneTimeLinkResponse, Status> {
        let url = format!("{}/verify?code={}", self.access.public_url, codes.code);
        let qr_code_data_url = if include_qr_code {
            qr::png_data_url(&url)?
        } else {
            String::new()
        };
        Ok(pb::GenerateOneTimeLinkResponse {
            one_time_link: Some(convert::link(row)?),
            short_url: format!("{}/v/{}", self.access.short_url, codes.short_code),
            url,
            code: codes.code.clone(),
            short_code: codes.short_code.clone(),
            qr_code_data_url,
        })
    }
}

fn is_guess(err: &StoreError) -> bool {
    matches!(
        err,
        StoreError::Domain(Error::NotFound { .. } | Error::FailedPrecondition { .. })
    )
}

#[tonic::async_trait]
impl OneTimeLinkService for OneTimeLinks {
    async fn generate_one_time_link(
        &self,
        request: Request<pb::GenerateOneTimeLinkRequest>,
    ) -> Result<Response<pb::GenerateOneTimeLinkResponse>, Status> {
        let (principal, idempotency, req) = self.0.authorize_mutation(request).await?;
        let request_copy = req.clone();
        self.0
            .idempotent(
                idempotency,
                "GenerateOneTimeLink",
                &request_copy,
                async move {
                    let inquiry_id = IdKind::Inquiry.parse("inquiry_id", &req.inquiry_id)?;
                    let ttl = req
                        .expires_in
                        .as_ref()
                        .map(|d| {
                            convert::parse_duration("expires_in", d)
                                .and_then(|d| check_link_ttl("expires_in", d))
                        })
                        .transpose()?;
                    let now = self.0.now();
                    let (row, codes) = self
                        .0
                        .store
                        .transaction(move |conn| {
                            links::generate(conn, &principal.tenant, &inquiry_id, ttl, now)
                        })
                        .await?;
                    self.0.generated_link(&row, &codes, req.include_qr_code)
                },
            )
            .await
    }

    async fn get_one_time_link(
        &self,
        request: Request<pb::GetOneTimeLinkRequest>,
    ) -> Result<Response<pb::GetOneTimeLinkResponse>, Status> {
        let (principal, req) = self.0.authorize(request).await?;
        let id = IdKind::OneTimeLink.parse("id", &req.id)?;
        let now = self.0.now();
        let row = self
            .0
            .store
            .transaction(move |conn| links::get(conn, &principal.tenant, &id, now))
            .await?;
        Ok(Response::new(pb::GetOneTimeLinkResponse {
            one_time_link: Some(convert::link(&row)?),
        }))
    }

    async fn list_one_time_links(
        &self,
        request: Request<pb::ListOneTimeLinksRequest>,
    ) -> Result<Response<pb::ListOneTimeLinksResponse>, Status> {
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
            .transaction(move |conn| links::list(conn, &principal.tenant, &inquiry_id, &page, now))
            .await?;
        Ok(Response::new(pb::ListOneTimeLinksResponse {
            one_time_links: rows.iter().map(convert::link).collect::<Result<_, _>>()?,
            next_page_token,
        }))
    }

    async fn revoke_one_time_link(
        &self,
        request: Request<pb::RevokeOneTimeLinkRequest>,
    ) -> Result<Response<pb::RevokeOneTimeLinkResponse>, Status> {
        let (principal, idempotency, req) = self.0.authorize_mutation(request).await?;
        let request_copy = req.clone();
        self.0
            .idempotent(
                idempotency,
                "RevokeOneTimeLink",
                &request_copy,
                async move {
                    let id = IdKind::OneTimeLink.parse("id", &req.id)?;
                    let now = self.0.now();
                    let row = self
                        .0
                        .store
                        .transaction(move |conn| links::revoke(conn, &principal.tenant, &id, now))
                        .await?;
                    Ok(pb::RevokeOneTimeLinkResponse {
                        one_time_link: Some(convert::link(&row)?),
                    })
                },
            )
            .await
    }

    async fn redeem_one_time_link(
        &self,
        request: Request<pb::RedeemOneTimeLinkRequest>,
    ) -> Result<Response<pb::RedeemOneTimeLinkResponse>, Status> {
        // Guessing is throttled by the address the call came from, not by what it claims.
        let peer = request
            .remote_addr()
            .map_or_else(|| "unknown".to_owned(), |a| a.ip().to_string());
        let req = request.into_inner();
        let now = self.0.now();
        if let Err(wait) = self.0.throttle().check(&peer, now) {
            return Err(throttled(
                "TOO_MANY_FAILED_REDEMPTIONS",
                "too many failed redemptions from this address; retry later",
                wait.to_std().unwrap_or_default(),
            ));
        }
        let (client_ip, user_agent) = check_client(&req.client_ip, &req.user_agent)?;
        let client_ip = if client_ip.is_empty() {
            peer.clone()
        } else {
            client_ip
        };
        let result = match redeemable_code_digest(&req.code) {
            None => Err(StoreError::from(link_not_found())),
            Some(digest) => {
                self.0
                    .store
                    .transaction(move |conn| {
                        links::redeem(conn, &digest, &client_ip, &user_agent, now)
                    })
                    .await
            }
        };
        match result {
            Ok(redeemed) => Ok(Response::new(pb::RedeemOneTimeLinkResponse {
                session: Some(convert::session(&redeemed.session)?),
                session_token: redeemed.session_token,
                redirect_uri: redeemed.redirect_uri.unwrap_or_default(),
            })),
            Err(err) => {
                if is_guess(&err) {
                    self.0.throttle().record(&peer, now);
                }
                Err(err.into())
            }
        }
    }
}
