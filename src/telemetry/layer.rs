//! The one tower layer of both servers. It gives every call its request ID (see
//! [`super::request_id`]) and sends it back on the answer. Around the gRPC server it counts
//! calls by service, method and code (the code read from the headers of a trailers-only
//! answer, else from the trailers); around the HTTP port it counts requests by route template
//! and status, and counts the REST gateway's calls by the RPC the gateway names. On both it
//! writes the access log line.
//! Everything is recorded once, when the answer's body ends or is dropped, so a stream's
//! duration is the stream's; until then the call counts as open on its connection, which
//! therefore is not idle, and between the answer's handing a frame over and the connection's
//! asking for the next, the answer counts as waiting for the client (see `net`).

use std::collections::HashSet;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, LazyLock};
use std::task::{Context, Poll};
use std::time::Instant;

use axum::extract::MatchedPath;
use http::{HeaderMap, HeaderValue, Request, Response};
use http_body::{Body, Frame, SizeHint};
use pin_project_lite::pin_project;
use prost_reflect::DescriptorPool;
use tonic::Code;

use super::{request_id, HTTP_DURATION, HTTP_REQUESTS, RPC_CALLS, RPC_DURATION};
use crate::api::error::code_name;
use crate::net::{open_call, OpenCall};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Port {
    Grpc,
    Http,
}

/// Measures every call of the server it wraps.
#[derive(Debug, Clone, Copy)]
pub struct TelemetryLayer {
    port: Port,
}

impl TelemetryLayer {
    /// For the gRPC server.
    pub fn grpc() -> Self {
        TelemetryLayer { port: Port::Grpc }
    }

    /// For the HTTP port.
    pub fn http() -> Self {
        TelemetryLayer { port: Port::Http }
    }
}

impl<S> tower::Layer<S> for TelemetryLayer {
    type Service = Telemetry<S>;

    fn layer(&self, inner: S) -> Telemetry<S> {
        Telemetry {
            inner,
            port: self.port,
        }
    }
}

/// Set by the REST gateway on its answers: the RPC a request was, its route template and the
/// code it ended with.
#[derive(Debug, Clone)]
pub struct RestCall {
    pub service: Arc<str>,
    pub method: Arc<str>,
    pub route: Arc<str>,
    pub code: Code,
}

/// The service [`TelemetryLayer`] makes.
#[derive(Debug, Clone)]
pub struct Telemetry<S> {
    inner: S,
    port: Port,
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<S, ReqBody, ResBody> tower::Service<Request<ReqBody>> for Telemetry<S>
where
    S: tower::Service<Request<ReqBody>, Response = Response<ResBody>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
    ResBody: Send + 'static,
{
    type Response = Response<Observed<ResBody>>;
    type Error = S::Error;
    type Future = BoxFuture<Result<Self::Response, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<ReqBody>) -> Self::Future {
        let id = request_id::assign(request.headers_mut());
        let open = open_call(request.extensions_mut());
        let mut record = Record::start(self.port, &request, open, id.clone());
        let answer = self.inner.call(request);
        Box::pin(async move {
            let mut response = answer.await?;
            response.headers_mut().insert(request_id::HEADER, id);
            record.respond(&response);
            record.answer(true);
            Ok(response.map(|body| Observed {
                body,
                record: Some(record),
            }))
        })
    }
}

pin_project! {
    /// An answer's body that records its call when it ends or is dropped.
    pub struct Observed<B> {
        #[pin]
        body: B,
        record: Option<Record>,
    }
}

impl<B: Body> Body for Observed<B> {
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<B::Data>, B::Error>>> {
        let this = self.project();
        if let Some(record) = this.record {
            record.answer(false);
        }
        let polled = this.body.poll_frame(cx);
        match &polled {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(record) = this.record {
                    if let Some(trailers) = frame.trailers_ref() {
                        record.trailers(trailers);
                    }
                    record.answer(true);
                }
            }
            Poll::Ready(None) => {
                if let Some(mut record) = this.record.take() {
                    record.ended = true;
                }
            }
            _ => {}
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// What is known of one call so far; recorded when dropped.
pub struct Record {
    port: Port,
    started: Instant,
    http_method: &'static str,
    route: Arc<str>,
    rpc: Option<(Arc<str>, Arc<str>)>,
    status: Option<u16>,
    code: Option<Code>,
    ended: bool,
    request_id: HeaderValue,
    /// Keeps the connection from counting as idle until the call is over; told when the
    /// answer waits for the client.
    open: Option<OpenCall>,
}

impl Record {
    fn start<B>(
        port: Port,
        request: &Request<B>,
        open: Option<OpenCall>,
        request_id: HeaderValue,
    ) -> Self {
        let route = request
            .extensions()
            .get::<MatchedPath>()
            .map_or_else(|| Arc::from("unmatched"), |path| Arc::from(path.as_str()));
        Record {
            port,
            started: Instant::now(),
            http_method: method_label(request.method()),
            route,
            rpc: (port == Port::Grpc).then(|| grpc_method(request.uri().path())),
            status: None,
            code: None,
            ended: false,
            request_id,
            open,
        }
    }

    /// Whether the answer has something for the client (`ready`), or the connection asks it
    /// for more.
    fn answer(&self, ready: bool) {
        match (&self.open, ready) {
            (Some(open), true) => open.answer_ready(),
            (Some(open), false) => open.answer_asked(),
            (None, _) => {}
        }
    }

    fn respond<B>(&mut self, response: &Response<B>) {
        self.status = Some(response.status().as_u16());
        if let Some(call) = response.extensions().get::<RestCall>() {
            self.rpc = Some((call.service.clone(), call.method.clone()));
            self.route = call.route.clone();
            self.code = Some(call.code);
        }
        if self.port == Port::Grpc {
            self.trailers(response.headers());
        }
    }

    /// A gRPC status in headers (trailers-only answers) or trailers.
    fn trailers(&mut self, headers: &HeaderMap) {
        if self.port != Port::Grpc {
            return;
        }
        if let Some(code) = headers
            .get("grpc-status")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<i32>().ok())
        {
            self.code = Some(Code::from_i32(code));
        }
    }

    fn finish(&self) {
        let seconds = self.started.elapsed().as_secs_f64();
        let duration_ms = (seconds * 1000.0 * 10.0).round() / 10.0;
        let request_id = self.request_id.to_str().unwrap_or_default();
        match self.port {
            Port::Grpc => {
                let code = self.record_rpc("grpc", seconds);
                let (service, method) = self.rpc.clone().unwrap_or_default();
                tracing::info!(
                    target: "verilink::access",
                    %service,
                    %method,
                    code = code_name(code),
                    duration_ms,
                    request_id,
                    "grpc call"
                );
            }
            Port::Http => {
                // 499: the client went away before an answer (nginx's convention).
                let status = self.status.unwrap_or(499);
                let labels = [
                    ("method", self.http_method.to_owned()),
                    ("route", self.route.to_string()),
                ];
                let mut with_status = labels.to_vec();
                with_status.push(("status", status.to_string()));
                metrics::counter!(HTTP_REQUESTS, &with_status).increment(1);
                metrics::histogram!(HTTP_DURATION, &labels).record(seconds);
                self.record_rpc("rest", seconds);
                tracing::info!(
                    target: "verilink::access",
                    method = %self.http_method,
                    route = %self.route,
                    status,
                    duration_ms,
                    request_id,
                    "http request"
                );
            }
        }
    }

    /// Counts the call as an RPC (when it is one); returns the code it ended with.
    fn record_rpc(&self, transport: &'static str, seconds: f64) -> Code {
        let code = self.code.unwrap_or(if self.ended {
            Code::Unknown
        } else {
            Code::Cancelled
        });
        let Some((service, method)) = &self.rpc else {
            return code;
        };
        let labels = [
            ("transport", transport.to_owned()),
            ("service", service.to_string()),
            ("method", method.to_string()),
        ];
        let mut with_code = labels.to_vec();
        with_code.push(("code", code_name(code).to_owned()));
        metrics::counter!(RPC_CALLS, &with_code).increment(1);
        metrics::histogram!(RPC_DURATION, &labels).record(seconds);
        code
    }
}

impl Drop for Record {
    fn drop(&mut self) {
        self.finish();
    }
}

/// HTTP methods as labels; anything unusual is `OTHER`, so labels stay few.
fn method_label(method: &http::Method) -> &'static str {
    match method.as_str() {
        "GET" => "GET",
        "HEAD" => "HEAD",
        "POST" => "POST",
        "PUT" => "PUT",
        "PATCH" => "PATCH",
        "DELETE" => "DELETE",
        "OPTIONS" => "OPTIONS",
        _ => "OTHER",
    }
}

/// `/package.Service/Method` as (service, method) labels when the server has that method;
/// anything else is `unknown`, so a scanner cannot mint labels.
fn grpc_method(path: &str) -> (Arc<str>, Arc<str>) {
    if KNOWN_METHODS.contains(path) {
        if let Some((service, method)) = path.trim_start_matches('/').split_once('/') {
            return (Arc::from(service), Arc::from(method));
        }
    }
    (Arc::from("unknown"), Arc::from("unknown"))
}

/// Every `/service/method` path the gRPC server answers.
static KNOWN_METHODS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let mut known = HashSet::new();
    let mut add = |pool: &DescriptorPool| {
        for service in pool.services() {
            for method in service.methods() {
                known.insert(format!("/{}/{}", service.full_name(), method.name()));
            }
        }
    };
    if let Ok(pool) = crate::contract::json::pool() {
        add(pool);
    }
    for encoded in [
        tonic_health::pb::FILE_DESCRIPTOR_SET,
        tonic_reflection::pb::v1::FILE_DESCRIPTOR_SET,
        tonic_reflection::pb::v1alpha::FILE_DESCRIPTOR_SET,
    ] {
        if let Ok(pool) = DescriptorPool::decode(encoded) {
            add(&pool);
        }
    }
    known
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_methods_the_server_has_become_labels() {
        let (service, method) = grpc_method("/verilink.v1.InquiryService/GetInquiry");
        assert_eq!(
            (&*service, &*method),
            ("verilink.v1.InquiryService", "GetInquiry")
        );
        let (service, _) = grpc_method("/grpc.health.v1.Health/Check");
        assert_eq!(&*service, "grpc.health.v1.Health");
        let (service, _) =
            grpc_method("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo");
        assert_eq!(&*service, "grpc.reflection.v1alpha.ServerReflection");
        let (service, method) = grpc_method("/verilink.v1.InquiryService/Nope");
        assert_eq!((&*service, &*method), ("unknown", "unknown"));
    }
}
