//! gRPC: decode each message into a use case's input, run it through the application, encode
//! the answer. One file per service; the conversions in `decode`/`encode`, the error mapping in
//! `error`.

mod decode;
mod encode;
pub mod error;
pub mod inquiries;
pub mod one_time_links;
pub mod sessions;
pub mod templates;
pub mod webhooks;

use tonic::metadata::MetadataMap;
use tonic::{Request, Response, Status};

use crate::app::{App, Call, Command, Query};
use crate::domain::Error;

/// What the call says besides its message: credential, idempotency key, peer address.
pub fn call_of(metadata: &MetadataMap, peer: Option<std::net::IpAddr>) -> Call {
    let text = |name: &str| {
        metadata.get(name).map(|v| {
            v.to_str()
                .map(str::to_owned)
                .unwrap_or_else(|_| "\u{fffd}".into())
        })
    };
    Call {
        credential: text("authorization"),
        idempotency_key: text("idempotency-key"),
        client: peer,
    }
}

fn split<T>(request: Request<T>) -> (Call, T) {
    let peer = request.remote_addr().map(|addr| addr.ip());
    let call = call_of(request.metadata(), peer);
    (call, request.into_inner())
}

/// Runs a read: decode, query, encode.
async fn query<Req, Q, Resp>(app: &App, request: Request<Req>) -> Result<Response<Resp>, Status>
where
    Q: Query + TryFrom<Req, Error = Error>,
    Resp: From<Q::Output>,
{
    let (call, message) = split(request);
    Ok(Response::new(
        app.query(&call, Q::try_from(message)).await?.into(),
    ))
}

/// Runs a change: decode, command (idempotent with a key), encode.
async fn command<Req, C, Resp>(app: &App, request: Request<Req>) -> Result<Response<Resp>, Status>
where
    C: Command + TryFrom<Req, Error = Error>,
    Resp: From<C::Output>,
{
    let (call, message) = split(request);
    Ok(Response::new(
        app.command(&call, C::try_from(message)).await?.into(),
    ))
}
