//! Serving an HTTP port (the HTTP port, the console) over HTTP/1.1, with the limits that keep
//! slow clients from holding it: a request's line and headers must arrive within
//! [`ConnectionLimits::header_timeout`] (hyper's header read timeout, which also closes a
//! kept-alive connection that sends no next request for as long), and every request body is
//! [`Paced`]: one that stops arriving is answered 408 and its connection closed. The caps and
//! the handshake, idle and send timeouts are the [`Acceptor`]'s. On shutdown the port stops
//! accepting, and each connection finishes the request it is answering and closes.

use std::convert::Infallible;
use std::future::Future;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request};
use axum::http::header::CONNECTION;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tower::ServiceExt;

use crate::net::pace::{Pace, Paced, Stall};
use crate::net::{Acceptor, ConnectionLimits, Peer};

/// Serves `router` on the connections of `acceptor` until `shutdown` resolves, then until
/// every connection has finished its request in progress.
pub async fn serve(
    mut acceptor: Acceptor,
    router: Router,
    limits: &ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let conn = tokio::select! {
            conn = acceptor.next() => conn,
            () = &mut shutdown => break,
        };
        let (router, pace, peer) = (router.clone(), limits.body, conn.peer());
        let service = hyper::service::service_fn(move |request| {
            answer(router.clone(), pace, peer.clone(), request)
        });
        let connection = graceful.watch(http.serve_connection(TokioIo::new(conn), service));
        tokio::spawn(async move {
            if let Err(err) = connection.await {
                tracing::debug!(%err, "HTTP connection closed");
            }
        });
    }
    drop(acceptor);
    graceful.shutdown().await;
}

/// One request: its body paced, the connection's peer and the body's [`Stall`] in its
/// extensions.
async fn answer(
    router: Router,
    pace: Pace,
    peer: Peer,
    request: hyper::Request<hyper::body::Incoming>,
) -> Result<Response, Infallible> {
    let (mut parts, body) = request.into_parts();
    let body = Paced::new(body, pace);
    parts.extensions.insert(body.stall());
    parts.extensions.insert(ConnectInfo(peer));
    router
        .oneshot(Request::from_parts(parts, Body::new(body)))
        .await
}

/// Middleware of both HTTP routers, inside their telemetry (so that the access log and the
/// metrics see the 408): a request whose body stalled is answered 408 — the route's own when
/// it gave one (the REST gateway's and the Persona API's error bodies), else a plain one — and
/// its connection closed.
pub async fn answer_stalled(request: Request, next: Next) -> Response {
    let stall = request.extensions().get::<Stall>().cloned();
    let response = next.run(request).await;
    let Some(stalled) = stall.as_ref().and_then(Stall::get) else {
        return response;
    };
    let mut response = if response.status() == StatusCode::REQUEST_TIMEOUT {
        response
    } else {
        (StatusCode::REQUEST_TIMEOUT, format!("{stalled}\n")).into_response()
    };
    response
        .headers_mut()
        .insert(CONNECTION, HeaderValue::from_static("close"));
    response
}
