//! `idempotency-key` metadata on mutating management calls: for 24 hours the same key with the
//! same request replays the first response without doing the work again.

use std::future::Future;

use prost::Message;
use sha2::{Digest, Sha256};
use tonic::{Request, Response, Status};

use super::AppState;
use crate::domain::secrets::{digest, open_sealed, seal};
use crate::domain::tenant::{Principal, Tenant};
use crate::domain::Error;
use crate::store::idempotency::{self, Claim};
use crate::store::StoreError;

pub const MAX_KEY_LEN: usize = 255;

/// A validated `idempotency-key` together with what it is scoped to.
pub struct Idempotency {
    key: String,
    tenant: Tenant,
}

fn key_of<T>(request: &Request<T>) -> Result<Option<String>, Error> {
    let Some(value) = request.metadata().get("idempotency-key") else {
        return Ok(None);
    };
    let key = value
        .to_str()
        .map_err(|_| Error::invalid("idempotency-key", "must be printable ASCII"))?;
    if key.is_empty() || key.len() > MAX_KEY_LEN {
        return Err(Error::invalid(
            "idempotency-key",
            format!("must be 1 to {MAX_KEY_LEN} characters"),
        ));
    }
    Ok(Some(key.to_owned()))
}

/// What identifies a request: the RPC and its (deterministically encoded) message.
fn request_digest<T: Message>(rpc: &str, request: &T) -> Vec<u8> {
    Sha256::new()
        .chain_update(rpc.as_bytes())
        .chain_update([0])
        .chain_update(request.encode_to_vec())
        .finalize()
        .to_vec()
}

impl AppState {
    /// Authenticates a mutating call and reads its optional idempotency key.
    pub async fn authorize_mutation<T>(
        &self,
        request: Request<T>,
    ) -> Result<(Principal, Option<Idempotency>, T), Status> {
        let key = key_of(&request)?;
        let (principal, message) = self.authorize(request).await?;
        let idempotency = key.map(|key| Idempotency {
            key,
            tenant: principal.tenant.clone(),
        });
        Ok((principal, idempotency, message))
    }

    /// Runs `work` once per idempotency key and request; replays its response afterwards.
    pub async fn idempotent<Req, Resp>(
        &self,
        idempotency: Option<Idempotency>,
        rpc: &str,
        request: &Req,
        work: impl Future<Output = Result<Resp, Status>>,
    ) -> Result<Response<Resp>, Status>
    where
        Req: Message,
        Resp: Message + Default,
    {
        let Some(Idempotency { key, tenant }) = idempotency else {
            return work.await.map(Response::new);
        };
        let key_digest = digest(&key);
        let request_digest = request_digest(rpc, request);
        let now = self.now();
        let claim = {
            let (tenant, key_digest) = (tenant.clone(), key_digest.clone());
            self.store
                .transaction(move |conn| {
                    idempotency::claim(conn, &tenant, &key_digest, &request_digest, now)
                })
                .await?
        };
        if let Claim::Replay(sealed) = claim {
            let bytes = open_sealed(&key, &sealed).ok_or_else(|| {
                StoreError::Internal("stored idempotent response does not open".into())
            })?;
            let response = Resp::decode(bytes.as_slice())
                .map_err(|e| StoreError::Internal(format!("stored idempotent response: {e}")))?;
            return Ok(Response::new(response));
        }
        match work.await {
            Ok(response) => {
                let sealed = seal(&key, &response.encode_to_vec())?;
                self.store
                    .run(move |conn| idempotency::complete(conn, &tenant, &key_digest, &sealed))
                    .await?;
                Ok(Response::new(response))
            }
            Err(status) => {
                let released = self
                    .store
                    .run(move |conn| idempotency::release(conn, &tenant, &key_digest))
                    .await;
                if let Err(err) = released {
                    tracing::warn!(%err, "could not release an idempotency key after a failed call");
                }
                Err(status)
            }
        }
    }
}
