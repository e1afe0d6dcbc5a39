//! Authentication of the management plane: `authorization: Bearer vlk_<env>_<secret>`.

use tonic::metadata::MetadataMap;
use tonic::{Request, Status};

use super::error::throttled;
use super::AppState;
use crate::domain::secrets::{parse_bearer, Credential};
use crate::domain::tenant::Principal;
use crate::domain::Error;
use crate::store::tenancy;

fn bearer(metadata: &MetadataMap) -> Option<&str> {
    metadata.get("authorization").and_then(|v| v.to_str().ok())
}

impl AppState {
    /// The API key's principal, or `UNAUTHENTICATED`. A session token is refused here.
    pub async fn principal(&self, metadata: &MetadataMap) -> Result<Principal, Status> {
        match parse_bearer(bearer(metadata))? {
            Credential::SessionToken { .. } => Err(Error::unauthenticated(
                "SESSION_TOKEN_NOT_ALLOWED",
                "a session token cannot call the management plane; use an API key",
            )
            .into()),
            Credential::ApiKey {
                environment,
                digest,
            } => self
                .store
                .run(move |conn| tenancy::authenticate(conn, environment, &digest))
                .await?
                .ok_or_else(|| {
                    Error::unauthenticated("API_KEY_INVALID", "unknown or revoked API key").into()
                }),
        }
    }

    /// Authenticates a management-plane request, applies the key's rate limit, and hands
    /// back its message.
    pub async fn authorize<T>(&self, request: Request<T>) -> Result<(Principal, T), Status> {
        let principal = self.principal(request.metadata()).await?;
        if let Err(wait) = self.rate_limit().admit(&principal.api_key_id, self.now()) {
            return Err(throttled(
                "RATE_LIMITED",
                "this API key made too many calls in the last minute; retry later",
                wait.to_std().unwrap_or_default(),
            ));
        }
        Ok((principal, request.into_inner()))
    }
}
