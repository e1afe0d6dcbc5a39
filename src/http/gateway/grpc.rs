//! The gateway's hop to the gRPC services, in-process: the request message is framed as
//! gRPC frames it and handed to the very `tonic` services the gRPC port serves (a clone of
//! their router, no socket in between), with the caller's `authorization`, `idempotency-key`
//! and address. Whatever those services do — authentication, rate limits, idempotency, the
//! use cases, the error mapping — is therefore exactly what a gRPC caller gets.

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

use bytes::{Buf, BufMut, Bytes, BytesMut};
use futures_util::Stream;
use http::header::{CONTENT_TYPE, TE};
use http::{HeaderMap, Method};
use http_body_util::BodyExt;
use prost_reflect::MethodDescriptor;
use tokio_stream::StreamExt;
use tonic::body::Body;
use tonic::service::Routes;
use tonic::transport::server::TcpConnectInfo;
use tonic::{Code, Status};
use tower::Service;

/// The headers that travel to the service as gRPC metadata, under the same names.
const FORWARDED: [&str; 4] = [
    "authorization",
    "idempotency-key",
    crate::telemetry::request_id::HEADER,
    "user-agent",
];

/// What the gRPC service learns of the REST caller besides the message.
pub struct Metadata {
    headers: HeaderMap,
    client: IpAddr,
}

impl Metadata {
    pub fn new(request_headers: &HeaderMap, client: IpAddr) -> Self {
        let mut headers = HeaderMap::new();
        for name in FORWARDED {
            if let Some(value) = request_headers.get(name) {
                headers.insert(name, value.clone());
            }
        }
        Metadata { headers, client }
    }
}

/// Calls `rpc` with an encoded request message; answers the body of its messages, or the
/// status it failed with before sending any.
pub async fn call(
    services: &Routes,
    rpc: &MethodDescriptor,
    message: &[u8],
    metadata: Metadata,
) -> Result<Body, Status> {
    let path = format!("/{}/{}", rpc.parent_service().full_name(), rpc.name());
    let mut request = http::Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(CONTENT_TYPE, "application/grpc")
        .header(TE, "trailers")
        .body(Body::new(http_body_util::Full::new(frame(message))))
        .map_err(|e| internal(&format!("gateway request: {e}")))?;
    request.headers_mut().extend(metadata.headers);
    // What `Request::remote_addr` reads: the services see the REST caller's address.
    request.extensions_mut().insert(TcpConnectInfo {
        local_addr: None,
        remote_addr: Some(SocketAddr::new(metadata.client, 0)),
    });
    let mut services = services.clone();
    let ready: Result<(), Infallible> =
        std::future::poll_fn(|cx| Service::<http::Request<Body>>::poll_ready(&mut services, cx))
            .await;
    let answered: Result<_, Infallible> = services.call(request).await;
    let (Ok(()), Ok(response)) = (ready, answered);
    // A status in the headers is a trailers-only answer: the call failed before any message.
    match Status::from_header_map(response.headers()) {
        Some(status) if status.code() != Code::Ok => Err(status),
        _ => Ok(response.into_body()),
    }
}

/// The one message of a unary answer.
pub async fn unary(body: Body) -> Result<Bytes, Status> {
    let mut messages = std::pin::pin!(messages(body));
    let mut answer = None;
    while let Some(message) = messages.next().await {
        answer.get_or_insert(message?);
    }
    answer.ok_or_else(|| internal("the service answered no message"))
}

/// The messages of an answer, then its status if that is not OK.
pub fn messages(body: Body) -> impl Stream<Item = Result<Bytes, Status>> + Send {
    futures_util::stream::unfold(Some((body, Frames::default())), |state| async move {
        let (mut body, mut frames) = state?;
        loop {
            match frames.next() {
                Ok(Some(message)) => return Some((Ok(message), Some((body, frames)))),
                Ok(None) => {}
                Err(status) => return Some((Err(status), None)),
            }
            let frame = match body.frame().await? {
                Ok(frame) => frame,
                Err(status) => return Some((Err(status), None)),
            };
            match frame.into_data() {
                Ok(data) => frames.push(&data),
                Err(frame) => {
                    let status = frame.trailers_ref().and_then(Status::from_header_map)?;
                    return (status.code() != Code::Ok).then_some((Err(status), None));
                }
            }
        }
    })
}

/// A message in gRPC's length-prefixed framing (uncompressed).
fn frame(message: &[u8]) -> Bytes {
    let mut framed = BytesMut::with_capacity(message.len() + 5);
    framed.put_u8(0);
    framed.put_u32(u32::try_from(message.len()).unwrap_or(u32::MAX));
    framed.put_slice(message);
    framed.freeze()
}

/// Reassembles length-prefixed messages from the body's chunks.
#[derive(Default)]
struct Frames {
    buffer: BytesMut,
}

impl Frames {
    fn push(&mut self, chunk: &[u8]) {
        self.buffer.extend_from_slice(chunk);
    }

    fn next(&mut self) -> Result<Option<Bytes>, Status> {
        let Some(header) = self.buffer.get(..5) else {
            return Ok(None);
        };
        if header[0] != 0 {
            return Err(internal("the service answered a compressed message"));
        }
        let length = u32::from_be_bytes([header[1], header[2], header[3], header[4]]) as usize;
        if self.buffer.len() < 5 + length {
            return Ok(None);
        }
        self.buffer.advance(5);
        Ok(Some(self.buffer.split_to(length).freeze()))
    }
}

/// A fault of the gateway itself: logged with its detail, answered as `INTERNAL` with its
/// `ErrorInfo` (reason `INTERNAL`) like every other failure, and without the detail.
pub fn internal(detail: &str) -> Status {
    tracing::error!(%detail, "REST gateway fault");
    crate::api::error::status(
        tonic::Code::Internal,
        crate::domain::Reason::Internal,
        "internal error",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_reassemble_across_chunks() {
        let mut frames = Frames::default();
        let mut stream = frame(b"hello").to_vec();
        stream.extend_from_slice(&frame(b""));
        stream.extend_from_slice(&frame(b"world"));
        for chunk in stream.chunks(3) {
            frames.push(chunk);
        }
        assert_eq!(frames.next().unwrap().as_deref(), Some(&b"hello"[..]));
        assert_eq!(frames.next().unwrap().as_deref(), Some(&b""[..]));
        assert_eq!(frames.next().unwrap().as_deref(), Some(&b"world"[..]));
        assert_eq!(frames.next().unwrap(), None);
        frames.push(&[1, 0, 0, 0, 0]);
        let refused = frames.next().expect_err("compression is never negotiated");
        use tonic_types::StatusExt;
        let info = refused
            .get_details_error_info()
            .expect("an ErrorInfo, like every failure");
        assert_eq!(
            (refused.code(), info.reason.as_str()),
            (tonic::Code::Internal, "INTERNAL")
        );
        assert_eq!(
            refused.message(),
            "internal error",
            "no detail leaves the server"
        );
    }
}
