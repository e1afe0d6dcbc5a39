//! The REST/JSON gateway: every RPC at the route its `google.api.http` rule gives, in the
//! proto3 JSON mapping, served by the same gRPC services in-process (see [`grpc`]). The route
//! table is read from the contract's descriptors at startup ([`routes`]); requests become
//! request messages and answers JSON in [`message`]; errors follow Google's JSON error model
//! ([`error`]); server streams are Server-Sent Events ([`sse`]). `/openapi.json` describes it
//! all (generated from `proto/` by `openapi/generate`).

pub mod error;
mod grpc;
mod message;
pub mod routes;
mod sse;

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::Router;
use http::header::CONTENT_TYPE;
use http::HeaderValue;
use prost::Message;
use tonic::service::Routes;
use tonic::Code;

use self::error::Failure;
use self::routes::{Lookup, Route, RouteTable};
use super::{ClientAddr, HttpState};
use crate::net::pace::stalled_in;
use crate::telemetry::layer::RestCall;

/// The largest request body the gateway reads (gRPC's default message limit).
const MAX_BODY: usize = 4 * 1024 * 1024;

/// The OpenAPI 3 document of the gateway, generated from `proto/` and committed.
const OPENAPI: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/openapi.json"));

/// The route table and the services it leads to.
pub struct Gateway {
    routes: RouteTable,
    services: Routes,
}

impl Gateway {
    /// The gateway over `services` (the gRPC port's own), with the contract's routes.
    pub fn new(services: Routes) -> Result<Self, String> {
        let pool = crate::contract::json::pool().map_err(|e| e.to_string())?;
        Ok(Gateway {
            routes: RouteTable::from_pool(pool)?,
            services,
        })
    }
}

/// `/v1/…` (every RPC) and `/openapi.json`.
pub fn router() -> Router<HttpState> {
    Router::new()
        .route("/v1/{*path}", any(handle))
        .route("/openapi.json", get(openapi))
}

async fn openapi() -> impl IntoResponse {
    (
        [(CONTENT_TYPE, HeaderValue::from_static("application/json"))],
        OPENAPI,
    )
}

async fn handle(State(state): State<HttpState>, client: ClientAddr, request: Request) -> Response {
    let gateway = state.gateway.clone();
    let (method, path) = (request.method().clone(), request.uri().path().to_owned());
    let (route, bindings) = match gateway.routes.find(&method, &path) {
        Lookup::Found(route, bindings) => (route.clone(), bindings),
        Lookup::MethodNotAllowed(allowed) => {
            return error::method_not_allowed(&method, &path, &allowed)
        }
        Lookup::NotFound => return error::route_not_found(&method, &path),
    };
    let (mut response, code) = match serve(&gateway, &route, bindings, client, request).await {
        Ok(response) => (response, Code::Ok),
        Err(failure) => {
            let code = failure.status.code();
            (failure.into_response(), code)
        }
    };
    response.extensions_mut().insert(RestCall {
        service: Arc::from(route.rpc.parent_service().full_name()),
        method: Arc::from(route.rpc.name()),
        route: Arc::from(route.template.as_str()),
        code,
    });
    response
}

/// Builds the request message, calls the service, answers JSON (or events).
async fn serve(
    gateway: &Gateway,
    route: &Route,
    bindings: Vec<routes::Binding>,
    client: ClientAddr,
    request: Request,
) -> Result<Response, Failure> {
    let (parts, body) = request.into_parts();
    let body = read_body(body).await?;
    let message = message::request(
        route,
        message::Parts {
            bindings,
            query: parts.uri.query(),
            body: &body,
            overrides: resume_from(route, &parts.headers),
        },
    )?;
    let metadata = grpc::Metadata::new(&parts.headers, client.0);
    let answer = grpc::call(
        &gateway.services,
        &route.rpc,
        &message.encode_to_vec(),
        metadata,
    )
    .await?;
    if route.rpc.is_server_streaming() {
        return Ok(sse::events(route.clone(), answer));
    }
    let encoded = grpc::unary(answer).await?;
    let json = message::answer(route, &encoded)
        .map_err(|detail| grpc::internal(&format!("cannot encode an answer: {detail}")))?;
    Ok((
        [(CONTENT_TYPE, HeaderValue::from_static("application/json"))],
        json.to_string(),
    )
        .into_response())
}

async fn read_body(body: Body) -> Result<bytes::Bytes, Failure> {
    axum::body::to_bytes(body, MAX_BODY).await.map_err(|err| {
        let too_large = std::error::Error::source(&err)
            .is_some_and(|e| e.is::<http_body_util::LengthLimitError>());
        if too_large {
            error::body_too_large(MAX_BODY)
        } else if let Some(stalled) = stalled_in(&err) {
            error::body_stalled(stalled)
        } else {
            crate::domain::Error::invalid("body", format!("unreadable request body: {err}")).into()
        }
    })
}

/// `Last-Event-ID` (what an `EventSource` sends when it reconnects) resumes a stream whose
/// request has an `after_event_id`, over any query parameter of the first request.
fn resume_from(route: &Route, headers: &http::HeaderMap) -> Vec<routes::Binding> {
    let field = route.rpc.input().get_field_by_name("after_event_id");
    let last = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty());
    match (route.rpc.is_server_streaming(), field, last) {
        (true, Some(field), Some(last)) => vec![(vec![field], last.to_owned())],
        _ => Vec::new(),
    }
}
