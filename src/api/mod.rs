//! gRPC: decode each message into a use case's input, run it through the application, encode
//! the answer. One file per service; the conversions in `decode`/`encode`, the error mapping in
//! `error`.

pub mod audit;
pub mod codec;
mod decode;
mod encode;
pub mod error;
pub mod inquiries;
pub mod one_time_links;
pub mod pace;
pub mod sessions;
pub mod size;
pub mod templates;
pub mod webhooks;

use tonic::metadata::MetadataMap;
use tonic::{Request, Response, Status};

use crate::app::{App, Call, Command, Query};
use crate::domain::Error;

/// What the call says besides its message: credential, idempotency key, peer address, request
/// ID, user agent.
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
        request_id: text(crate::telemetry::request_id::HEADER),
        user_agent: text("user-agent"),
        client: peer,
        deadline: metadata
            .get("grpc-timeout")
            .and_then(|v| v.to_str().ok())
            .and_then(grpc_timeout)
            .map(|timeout| std::time::Instant::now() + timeout),
    }
}

/// A `grpc-timeout` value: up to 8 digits and a unit (H, M, S, m, u, n).
fn grpc_timeout(value: &str) -> Option<std::time::Duration> {
    use std::time::Duration;
    let (digits, unit) = value.split_at(value.len().checked_sub(1)?);
    let amount: u64 = digits.parse().ok().filter(|_| digits.len() <= 8)?;
    match unit {
        "H" => Some(Duration::from_secs(amount.checked_mul(3600)?)),
        "M" => Some(Duration::from_secs(amount.checked_mul(60)?)),
        "S" => Some(Duration::from_secs(amount)),
        "m" => Some(Duration::from_millis(amount)),
        "u" => Some(Duration::from_micros(amount)),
        "n" => Some(Duration::from_nanos(amount)),
        _ => None,
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

#[cfg(test)]
mod tests {
    use std::time::Duration;

    #[test]
    fn grpc_timeouts_parse_by_their_unit() {
        assert_eq!(super::grpc_timeout("1S"), Some(Duration::from_secs(1)));
        assert_eq!(
            super::grpc_timeout("250m"),
            Some(Duration::from_millis(250))
        );
        assert_eq!(super::grpc_timeout("2H"), Some(Duration::from_secs(7200)));
        assert_eq!(super::grpc_timeout("123456789S"), None, "at most 8 digits");
        assert_eq!(super::grpc_timeout("5x"), None);
        assert_eq!(super::grpc_timeout(""), None);
    }
}
