//! Errors as Persona answers them: `{"errors": [{"title", "details"}]}` with Persona's HTTP
//! statuses — 400 for a request that cannot be read, 401 for a missing or unknown key, 403 for
//! a limit that does not lift by itself, 404 for what the key cannot see, 409 for an
//! idempotency key in use or reused, 422 for values or actions the inquiry refuses, 429 (with
//! `Retry-After`) for throttles, 5xx for the server's own trouble. Each error also says our
//! reason in `code` (`INQUIRY_DECIDED`, `RATE_LIMITED`, …), and invalid attributes say where
//! in `source.pointer`.

use axum::response::{IntoResponse, Response};
use http::header::{CONTENT_TYPE, RETRY_AFTER};
use http::{HeaderValue, StatusCode};
use serde_json::{json, Value};

use crate::app::Error as AppError;
use crate::contract::persona::Inflection;
use crate::domain::error::FieldViolation;
use crate::domain::{Error, Reason};
use crate::net::pace::Stalled;

/// A refused request: its status, its error objects and, for throttles, when to retry.
#[derive(Debug)]
pub struct Failure {
    status: StatusCode,
    errors: Vec<Value>,
    retry_after: Option<u64>,
}

/// One error object, its `code` the reason: the one place this API renders a reason.
fn error_object(title: &str, reason: Reason, details: &str) -> Value {
    json!({ "title": title, "details": details, "code": reason.as_str() })
}

impl Failure {
    fn one(status: StatusCode, title: &str, reason: Reason, details: &str) -> Self {
        Failure {
            status,
            errors: vec![error_object(title, reason, details)],
            retry_after: None,
        }
    }

    /// The request cannot be read: not JSON, the wrong shape, an unknown parameter.
    pub fn bad_request(details: impl Into<String>) -> Self {
        Self::one(
            StatusCode::BAD_REQUEST,
            "Bad request",
            Reason::BadRequest,
            &details.into(),
        )
    }

    /// No such route, or a path ID that names nothing the key can see.
    pub fn not_found(details: impl Into<String>) -> Self {
        Self::one(
            StatusCode::NOT_FOUND,
            "Record not found",
            Reason::NotFound,
            &details.into(),
        )
    }

    pub fn method_not_allowed(details: impl Into<String>) -> Self {
        Self::one(
            StatusCode::METHOD_NOT_ALLOWED,
            "Method not allowed",
            Reason::MethodNotAllowed,
            &details.into(),
        )
    }

    pub fn too_large(limit: usize) -> Self {
        Self::one(
            StatusCode::PAYLOAD_TOO_LARGE,
            "Payload too large",
            Reason::RequestTooLarge,
            &format!("the request body exceeds {limit} bytes"),
        )
    }

    /// The request body stopped arriving, or came too slowly.
    pub fn timed_out(stalled: &Stalled) -> Self {
        Self::one(
            StatusCode::REQUEST_TIMEOUT,
            "Request timeout",
            Reason::RequestTimeout,
            &stalled.to_string(),
        )
    }

    /// A Verilink feature Persona has and this API does not offer.
    pub fn unsupported(what: &str, instead: &str) -> Self {
        Self::one(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Not supported",
            Reason::NotSupported,
            &format!("{what} is not supported by Verilink; {instead}"),
        )
    }

    fn throttled(
        status: StatusCode,
        title: &str,
        reason: Reason,
        details: &str,
        wait: std::time::Duration,
    ) -> Self {
        let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        Failure {
            retry_after: Some(seconds.max(1)),
            ..Self::one(status, title, reason, details)
        }
    }
}

#[cfg(test)]
impl Failure {
    /// Its status and what its first error says.
    pub fn said(&self) -> (StatusCode, &str) {
        let details = self.errors[0]["details"].as_str().unwrap_or_default();
        (self.status, details)
    }
}

/// Where in a Persona request an invalid value of ours was: (name, JSON pointer).
fn persona_field(field: &str) -> Option<(String, String)> {
    let attribute = |name: &str| Some((name.to_owned(), format!("/data/attributes/{name}")));
    let meta = |name: &str| Some((format!("meta.{name}"), format!("/meta/{name}")));
    let base = field.split('[').next().unwrap_or(field);
    match base {
        "inquiry.fields" | "fields" => {
            let name = field
                .split_once("[\"")
                .and_then(|(_, rest)| rest.strip_suffix("\"]"))
                .map(|name| name.replace('_', "-"));
            match name {
                Some(name) => Some((
                    format!("fields.{name}"),
                    format!("/data/attributes/fields/{name}"),
                )),
                None => attribute("fields"),
            }
        }
        "reference_id" | "inquiry.reference_id" => attribute("reference-id"),
        "inquiry.note" => attribute("note"),
        "inquiry.tags" => attribute("tags"),
        "inquiry.inquiry_template_id" => attribute("inquiry-template-id"),
        "comment" => meta("comment"),
        "tag" | "tags" => meta("tag-name"),
        "expires_in" => meta("expires-in-seconds"),
        "inquiry.expire_after_create" => meta("expiration-after-create-interval-seconds"),
        "inquiry.expire_after_start" => meta("expiration-after-start-interval-seconds"),
        "inquiry.expire_after_resume" => meta("expiration-after-resume-interval-seconds"),
        _ => None,
    }
}

fn violation(v: &FieldViolation) -> Value {
    let invalid =
        |details: String| error_object("Record invalid", Reason::InvalidArgument, &details);
    match persona_field(&v.field) {
        Some((name, pointer)) => {
            let mut error = invalid(format!("{name}: {}", v.description));
            error["source"] = json!({ "pointer": pointer });
            error
        }
        None => invalid(format!("{}: {}", v.field, v.description)),
    }
}

impl From<Error> for Failure {
    fn from(err: Error) -> Self {
        let details = err.to_string();
        let reason = err.reason();
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        match err {
            Error::InvalidArgument(violations) => Failure {
                status,
                errors: violations.iter().map(violation).collect(),
                retry_after: None,
            },
            Error::NotFound { .. } => {
                Failure::one(StatusCode::NOT_FOUND, "Record not found", reason, &details)
            }
            Error::FailedPrecondition { .. } => {
                Failure::one(status, "Invalid action", reason, &details)
            }
            Error::Unauthenticated { .. } => {
                Failure::one(StatusCode::UNAUTHORIZED, "Unauthorized", reason, &details)
            }
            Error::Forbidden { .. } => {
                Failure::one(StatusCode::FORBIDDEN, "Forbidden", reason, &details)
            }
            Error::Conflict { .. } | Error::Aborted { .. } => {
                Failure::one(StatusCode::CONFLICT, "Conflict", reason, &details)
            }
            Error::ResourceExhausted {
                retry_after: Some(wait),
                ..
            } => Failure::throttled(
                StatusCode::TOO_MANY_REQUESTS,
                "Too many requests",
                reason,
                &details,
                wait,
            ),
            Error::ResourceExhausted { .. } => {
                Failure::one(StatusCode::FORBIDDEN, "Forbidden", reason, &details)
            }
        }
    }
}

impl From<AppError> for Failure {
    fn from(err: AppError) -> Self {
        let unavailable = StatusCode::SERVICE_UNAVAILABLE;
        match err {
            AppError::Domain(e) => e.into(),
            AppError::Unavailable(detail) => {
                tracing::warn!(%detail, "database unavailable");
                let details = "the database is unavailable; retry with backoff";
                Failure::throttled(
                    unavailable,
                    "Service unavailable",
                    Reason::DatabaseUnavailable,
                    details,
                    crate::api::error::DATABASE_RETRY,
                )
            }
            AppError::CommitUnknown(detail) => {
                tracing::warn!(%detail, "connection lost while committing");
                Failure::throttled(
                    unavailable,
                    "Service unavailable",
                    Reason::CommitOutcomeUnknown,
                    crate::api::error::COMMIT_UNKNOWN,
                    std::time::Duration::from_secs(1),
                )
            }
            AppError::Busy(waited) => {
                tracing::warn!(?waited, "database busy: call refused");
                let details = "every database connection is busy; retry shortly";
                Failure::throttled(
                    unavailable,
                    "Service unavailable",
                    Reason::DatabaseBusy,
                    details,
                    waited,
                )
            }
            AppError::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                Failure::one(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Internal server error",
                    Reason::Internal,
                    "internal error",
                )
            }
        }
    }
}

/// A JSON answer with its status, keys inflected as the caller asked.
pub fn json_response(status: StatusCode, body: Value, inflection: Inflection) -> Response {
    (
        status,
        [(CONTENT_TYPE, HeaderValue::from_static("application/json"))],
        inflection.apply(body).to_string(),
    )
        .into_response()
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let body = json!({ "errors": self.errors });
        let mut response = json_response(self.status, body, Inflection::Snake);
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_follow_persona() {
        let status = |err: Error| Failure::from(err).status.as_u16();
        assert_eq!(status(Error::invalid("inquiry.note", "too long")), 422);
        assert_eq!(
            status(Error::precondition(Reason::InquiryDecided, "decided")),
            422
        );
        assert_eq!(
            status(Error::unauthenticated(Reason::ApiKeyInvalid, "no")),
            401
        );
        assert_eq!(
            status(Error::NotFound {
                reason: Reason::InquiryNotFound,
                resource: "inquiry",
                id: "inq_x".into()
            }),
            404
        );
        let throttled = Failure::from(Error::throttled(
            Reason::RateLimited,
            "slow down",
            chrono::TimeDelta::milliseconds(1500),
        ));
        assert_eq!(throttled.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(throttled.retry_after, Some(2));
        let unavailable = Failure::from(crate::app::Error::Unavailable("gone".into()));
        assert_eq!(unavailable.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(
            unavailable.retry_after,
            Some(1),
            "Retry-After while the database is down"
        );
    }

    #[test]
    fn invalid_attributes_point_into_the_request() {
        let failure = Failure::from(Error::InvalidArgument(vec![
            FieldViolation::new(
                "inquiry.fields[\"name_first\"]",
                "must be at most 4096 bytes",
            ),
            FieldViolation::new("reference_id", "must be at most 255 characters"),
        ]));
        assert_eq!(
            failure.errors[0]["source"]["pointer"],
            "/data/attributes/fields/name-first"
        );
        assert_eq!(
            failure.errors[0]["details"],
            "fields.name-first: must be at most 4096 bytes"
        );
        assert_eq!(
            failure.errors[1]["source"]["pointer"],
            "/data/attributes/reference-id"
        );
        let set_tags = Failure::from(Error::invalid("tags[0]", "tags are 1 to 64 characters"));
        assert_eq!(set_tags.errors[0]["source"]["pointer"], "/meta/tag-name");
        let create_tags = Failure::from(Error::invalid("inquiry.tags[0]", "tags are …"));
        assert_eq!(
            create_tags.errors[0]["source"]["pointer"],
            "/data/attributes/tags"
        );
    }
}
