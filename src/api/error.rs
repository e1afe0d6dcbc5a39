//! The single mapping from the application's errors to `tonic::Status` with rich details.
//! No SQL text or internal detail ever reaches a client; internal errors are logged instead.

use std::collections::HashMap;

use tonic::{Code, Status};
use tonic_types::{ErrorDetails, StatusExt};

use crate::app::Error as AppError;
use crate::domain::Error;

pub const ERROR_DOMAIN: &str = "verilink.dev";

/// A status with an `ErrorInfo` of `reason` in our domain.
pub fn status(code: Code, reason: &str, message: impl Into<String>) -> Status {
    let details = ErrorDetails::with_error_info(reason, ERROR_DOMAIN, HashMap::new());
    Status::with_error_details(code, message, details)
}

/// A status with a `RetryInfo` telling the client when to try again.
fn retry_later(
    code: Code,
    reason: &str,
    message: impl Into<String>,
    retry_after: std::time::Duration,
) -> Status {
    let mut details = ErrorDetails::with_retry_info(Some(retry_after));
    details.set_error_info(reason, ERROR_DOMAIN, HashMap::new());
    Status::with_error_details(code, message, details)
}

/// The name of a gRPC code as `google.rpc.Code` spells it (`INVALID_ARGUMENT`, …).
pub fn code_name(code: Code) -> &'static str {
    match code {
        Code::Ok => "OK",
        Code::Cancelled => "CANCELLED",
        Code::Unknown => "UNKNOWN",
        Code::InvalidArgument => "INVALID_ARGUMENT",
        Code::DeadlineExceeded => "DEADLINE_EXCEEDED",
        Code::NotFound => "NOT_FOUND",
        Code::AlreadyExists => "ALREADY_EXISTS",
        Code::PermissionDenied => "PERMISSION_DENIED",
        Code::ResourceExhausted => "RESOURCE_EXHAUSTED",
        Code::FailedPrecondition => "FAILED_PRECONDITION",
        Code::Aborted => "ABORTED",
        Code::OutOfRange => "OUT_OF_RANGE",
        Code::Unimplemented => "UNIMPLEMENTED",
        Code::Internal => "INTERNAL",
        Code::Unavailable => "UNAVAILABLE",
        Code::DataLoss => "DATA_LOSS",
        Code::Unauthenticated => "UNAUTHENTICATED",
    }
}

/// `NOT_FOUND` reasons name the resource: `INQUIRY_NOT_FOUND`, `ONE_TIME_LINK_NOT_FOUND`, …
pub fn upper_snake(resource: &str) -> String {
    resource
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect()
}

impl From<Error> for Status {
    fn from(err: Error) -> Self {
        let message = err.to_string();
        match err {
            Error::InvalidArgument(violations) => {
                let mut details =
                    ErrorDetails::with_error_info("INVALID_ARGUMENT", ERROR_DOMAIN, HashMap::new());
                for v in violations {
                    details.add_bad_request_violation(v.field, v.description);
                }
                Status::with_error_details(Code::InvalidArgument, message, details)
            }
            Error::NotFound { resource, .. } => status(
                Code::NotFound,
                &format!("{}_NOT_FOUND", upper_snake(resource)),
                message,
            ),
            Error::FailedPrecondition { reason, .. } => {
                status(Code::FailedPrecondition, reason, message)
            }
            Error::Unauthenticated { reason, .. } => status(Code::Unauthenticated, reason, message),
            Error::Conflict { reason, field, .. } => {
                let mut details =
                    ErrorDetails::with_error_info(reason, ERROR_DOMAIN, HashMap::new());
                details.add_bad_request_violation(field, message.clone());
                Status::with_error_details(Code::InvalidArgument, message, details)
            }
            Error::Aborted { reason, .. } => status(Code::Aborted, reason, message),
            Error::Forbidden { needed, .. } => {
                let metadata = HashMap::from([("role".to_owned(), needed.as_str().to_owned())]);
                let details =
                    ErrorDetails::with_error_info("ROLE_REQUIRED", ERROR_DOMAIN, metadata);
                Status::with_error_details(Code::PermissionDenied, message, details)
            }
            Error::ResourceExhausted {
                reason,
                retry_after: Some(wait),
                ..
            } => retry_later(Code::ResourceExhausted, reason, message, wait),
            Error::ResourceExhausted { reason, .. } => {
                status(Code::ResourceExhausted, reason, message)
            }
        }
    }
}

impl From<AppError> for Status {
    fn from(err: AppError) -> Self {
        match err {
            AppError::Domain(e) => e.into(),
            AppError::Unavailable(detail) => {
                tracing::warn!(%detail, "database unavailable");
                status(
                    Code::Unavailable,
                    "DATABASE_UNAVAILABLE",
                    "the database is unavailable; retry with backoff",
                )
            }
            AppError::Busy(waited) => {
                tracing::warn!(?waited, "database busy: call refused");
                retry_later(
                    Code::Unavailable,
                    "DATABASE_BUSY",
                    "every database connection is busy; retry shortly",
                    waited,
                )
            }
            AppError::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                status(Code::Internal, "INTERNAL", "internal error")
            }
        }
    }
}
