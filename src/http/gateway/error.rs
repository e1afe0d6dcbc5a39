//! Errors of the REST gateway in Google's JSON error model:
//! `{"error": {"code": <HTTP status>, "message", "status": "<gRPC code name>", "details": [...]}}`
//! with the HTTP status `google.rpc.Code` documents for the code, and the details of the gRPC
//! status (`ErrorInfo`, `BadRequest`, `RetryInfo`, each with its `@type`), plus `Retry-After`
//! on 429 and 503 when a `RetryInfo` says when.

use std::sync::LazyLock;

use axum::response::{IntoResponse, Response};
use http::header::{ALLOW, CONTENT_TYPE, RETRY_AFTER};
use http::{HeaderValue, Method, StatusCode};
use prost_reflect::{DescriptorPool, DynamicMessage};
use serde_json::{json, Value};
use tonic::{Code, Status};
use tonic_types::StatusExt;

use crate::api::error::{code_name, status as status_with_reason};
use crate::contract::json;
use crate::domain::Reason;
use crate::net::pace::Stalled;

/// A failed request: its gRPC status, and the HTTP status when the mapping's is not the
/// precise one (405, 413).
#[derive(Debug)]
pub struct Failure {
    pub status: Status,
    pub http: Option<StatusCode>,
}

impl From<Status> for Failure {
    fn from(status: Status) -> Self {
        Failure { status, http: None }
    }
}

impl From<crate::domain::Error> for Failure {
    fn from(err: crate::domain::Error) -> Self {
        Status::from(err).into()
    }
}

/// The HTTP status of a gRPC code (`google/rpc/code.proto`).
pub fn http_status(code: Code) -> StatusCode {
    match code {
        Code::Ok => StatusCode::OK,
        Code::Cancelled => StatusCode::from_u16(499).unwrap_or(StatusCode::BAD_REQUEST),
        Code::InvalidArgument | Code::FailedPrecondition | Code::OutOfRange => {
            StatusCode::BAD_REQUEST
        }
        Code::DeadlineExceeded => StatusCode::GATEWAY_TIMEOUT,
        Code::NotFound => StatusCode::NOT_FOUND,
        Code::AlreadyExists | Code::Aborted => StatusCode::CONFLICT,
        Code::PermissionDenied => StatusCode::FORBIDDEN,
        Code::Unauthenticated => StatusCode::UNAUTHORIZED,
        Code::ResourceExhausted => StatusCode::TOO_MANY_REQUESTS,
        Code::Unimplemented => StatusCode::NOT_IMPLEMENTED,
        Code::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        Code::Unknown | Code::Internal | Code::DataLoss => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// `google.rpc` (Status and the error details), to render details by their `@type`.
static RPC_TYPES: LazyLock<Option<DescriptorPool>> =
    LazyLock::new(|| DescriptorPool::decode(tonic_types::pb::FILE_DESCRIPTOR_SET).ok());

/// The details of a status as JSON objects with their `@type`.
fn details(status: &Status) -> Vec<Value> {
    let decoded = RPC_TYPES.as_ref().and_then(|pool| {
        let descriptor = pool.get_message_by_name("google.rpc.Status")?;
        let message = DynamicMessage::decode(descriptor, status.details()).ok()?;
        json::dynamic_to_json(&message).ok()
    });
    match decoded {
        Some(Value::Object(mut object)) => match object.remove("details") {
            Some(Value::Array(details)) => details,
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// The error body of `failure`.
pub fn body(failure: &Failure) -> Value {
    let http = failure.http.unwrap_or(http_status(failure.status.code()));
    json!({
        "error": {
            "code": http.as_u16(),
            "message": failure.status.message(),
            "status": code_name(failure.status.code()),
            "details": details(&failure.status),
        }
    })
}

/// Whole seconds to wait, rounded up, from the status's `RetryInfo`.
fn retry_after(status: &Status) -> Option<u64> {
    let delay = status.get_details_retry_info()?.retry_delay?;
    let seconds = delay.as_secs() + u64::from(delay.subsec_nanos() > 0);
    Some(seconds.max(1))
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let http = self.http.unwrap_or(http_status(self.status.code()));
        let mut response = (
            http,
            [(CONTENT_TYPE, HeaderValue::from_static("application/json"))],
            body(&self).to_string(),
        )
            .into_response();
        let throttled = matches!(
            http,
            StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE
        );
        if let Some(seconds) = retry_after(&self.status).filter(|_| throttled) {
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// No route has this path.
pub fn route_not_found(method: &Method, path: &str) -> Response {
    Failure::from(status_with_reason(
        Code::NotFound,
        Reason::RouteNotFound,
        format!("no route for {method} {path}; see /openapi.json"),
    ))
    .into_response()
}

/// The path has routes, for other methods.
pub fn method_not_allowed(method: &Method, path: &str, allowed: &[Method]) -> Response {
    let names: Vec<&str> = allowed.iter().map(Method::as_str).collect();
    let mut response = Failure {
        status: status_with_reason(
            Code::Unimplemented,
            Reason::MethodNotAllowed,
            format!(
                "{method} is not allowed on {path}; allowed: {}",
                names.join(", ")
            ),
        ),
        http: Some(StatusCode::METHOD_NOT_ALLOWED),
    }
    .into_response();
    if let Ok(value) = HeaderValue::from_str(&names.join(", ")) {
        response.headers_mut().insert(ALLOW, value);
    }
    response
}

/// The request body exceeds what the gateway reads.
pub fn body_too_large(limit: usize) -> Failure {
    Failure {
        status: status_with_reason(
            Code::InvalidArgument,
            Reason::RequestTooLarge,
            format!("the request body exceeds {limit} bytes"),
        ),
        http: Some(StatusCode::PAYLOAD_TOO_LARGE),
    }
}

/// The request body stopped arriving, or came too slowly: 408 (`DEADLINE_EXCEEDED`
/// `REQUEST_TIMEOUT`, as the gRPC port ends such a call).
pub fn body_stalled(stalled: &Stalled) -> Failure {
    Failure {
        status: crate::api::pace::stalled(stalled),
        http: Some(StatusCode::REQUEST_TIMEOUT),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Error;

    #[test]
    fn codes_map_to_googles_http_statuses() {
        for (code, http) in [
            (Code::InvalidArgument, 400),
            (Code::FailedPrecondition, 400),
            (Code::Unauthenticated, 401),
            (Code::NotFound, 404),
            (Code::Aborted, 409),
            (Code::ResourceExhausted, 429),
            (Code::Internal, 500),
            (Code::Unavailable, 503),
        ] {
            assert_eq!(http_status(code).as_u16(), http, "{code:?}");
        }
    }

    #[test]
    fn details_carry_their_type() {
        let failure = Failure::from(Error::invalid("inquiry.note", "is too long"));
        let body = body(&failure);
        assert_eq!(body["error"]["code"], 400);
        assert_eq!(body["error"]["status"], "INVALID_ARGUMENT");
        let details = body["error"]["details"].as_array().unwrap();
        let types: Vec<&str> = details
            .iter()
            .map(|d| d["@type"].as_str().unwrap())
            .collect();
        assert_eq!(
            types,
            [
                "type.googleapis.com/google.rpc.ErrorInfo",
                "type.googleapis.com/google.rpc.BadRequest"
            ]
        );
        assert_eq!(details[0]["reason"], Reason::InvalidArgument.as_str());
        assert_eq!(details[1]["fieldViolations"][0]["field"], "inquiry.note");
    }

    #[test]
    fn throttles_say_when_to_retry() {
        let failure = Failure::from(Error::throttled(
            Reason::RateLimited,
            "slow down",
            chrono::TimeDelta::milliseconds(1500),
        ));
        let response = failure.into_response();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers()[RETRY_AFTER], "2");
    }
}
