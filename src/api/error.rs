//! The single mapping from domain and store errors to `tonic::Status` with rich details.
//! No SQL text or internal detail ever reaches a client; internal errors are logged instead.

use std::collections::HashMap;

use tonic::{Code, Status};
use tonic_types::{ErrorDetails, StatusExt};

use crate::domain::Error;
use crate::store::StoreError;

pub const ERROR_DOMAIN: &str = "verilink.dev";

pub fn status(code: Code, reason: &str, message: impl Into<String>) -> Status {
    let details = ErrorDetails::with_error_info(reason, ERROR_DOMAIN, HashMap::new());
    Status::with_error_details(code, message, details)
}

/// `RESOURCE_EXHAUSTED` with a `RetryInfo` telling the client when to try again.
pub fn throttled(
    reason: &str,
    message: impl Into<String>,
    retry_after: std::time::Duration,
) -> Status {
    let mut details = ErrorDetails::with_retry_info(Some(retry_after));
    details.set_error_info(reason, ERROR_DOMAIN, HashMap::new());
    Status::with_error_details(Code::ResourceExhausted, message, details)
}

fn upper_snake(resource: &str) -> String {
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
            Error::ResourceExhausted { reason, .. } => {
                status(Code::ResourceExhausted, reason, message)
            }
        }
    }
}

impl From<StoreError> for Status {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Domain(e) => e.into(),
            StoreError::Unavailable(detail) => {
                tracing::warn!(%detail, "database unavailable");
                status(
                    Code::Unavailable,
                    "DATABASE_UNAVAILABLE",
                    "the database is unavailable; retry with backoff",
                )
            }
            StoreError::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                status(Code::Internal, "INTERNAL", "internal error")
            }
        }
    }
}
