//! The single mapping from the application's errors to `tonic::Status` with rich details.
//! No SQL text or internal detail ever reaches a client; internal errors are logged instead.

use std::collections::HashMap;

use tonic::{Code, Status};
use tonic_types::{ErrorDetails, StatusExt};

use crate::app::Error as AppError;
use crate::domain::{Error, Reason};

pub const ERROR_DOMAIN: &str = "verilink.dev";

/// Details with an `ErrorInfo` of `reason` in our domain: the one place gRPC (and so the REST
/// gateway) renders a reason.
fn error_info(reason: Reason) -> ErrorDetails {
    ErrorDetails::with_error_info(reason.as_str(), ERROR_DOMAIN, HashMap::new())
}

/// A status with an `ErrorInfo` of `reason` in our domain.
/// What a caller is told when the connection was lost while its change committed.
pub const COMMIT_UNKNOWN: &str = "the database connection was lost while the change committed, \
     so it may have been made; retry with the same idempotency key (a retry without one may \
     make it twice)";

/// When to retry a call refused because the database did not answer (or no primary did): the
/// health probe looks again this often while it is down, and a failover takes seconds.
pub const DATABASE_RETRY: std::time::Duration = std::time::Duration::from_secs(1);

pub fn status(code: Code, reason: Reason, message: impl Into<String>) -> Status {
    Status::with_error_details(code, message, error_info(reason))
}

/// A status with a `RetryInfo` telling the client when to try again.
fn retry_later(
    code: Code,
    reason: Reason,
    message: impl Into<String>,
    retry_after: std::time::Duration,
) -> Status {
    let mut details = error_info(reason);
    details.set_retry_info(Some(retry_after));
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

impl From<Error> for Status {
    fn from(err: Error) -> Self {
        let message = err.to_string();
        let mut details = error_info(err.reason());
        let code = match err {
            Error::InvalidArgument(violations) => {
                for v in violations {
                    details.add_bad_request_violation(v.field, v.description);
                }
                Code::InvalidArgument
            }
            Error::NotFound { .. } => Code::NotFound,
            Error::FailedPrecondition { .. } => Code::FailedPrecondition,
            Error::Unauthenticated { .. } => Code::Unauthenticated,
            Error::Conflict { field, .. } => {
                details.add_bad_request_violation(field, message.clone());
                Code::InvalidArgument
            }
            Error::Aborted { .. } => Code::Aborted,
            Error::Forbidden { needed, .. } => {
                let role = HashMap::from([("role".to_owned(), needed.as_str().to_owned())]);
                details = ErrorDetails::with_error_info(
                    Reason::RoleRequired.as_str(),
                    ERROR_DOMAIN,
                    role,
                );
                Code::PermissionDenied
            }
            Error::ResourceExhausted { retry_after, .. } => {
                if let Some(wait) = retry_after {
                    details.set_retry_info(Some(wait));
                }
                Code::ResourceExhausted
            }
        };
        Status::with_error_details(code, message, details)
    }
}

impl From<AppError> for Status {
    fn from(err: AppError) -> Self {
        match err {
            AppError::Domain(e) => e.into(),
            AppError::Unavailable(detail) => {
                tracing::warn!(%detail, "database unavailable");
                retry_later(
                    Code::Unavailable,
                    Reason::DatabaseUnavailable,
                    "the database is unavailable; retry with backoff",
                    DATABASE_RETRY,
                )
            }
            AppError::CommitUnknown(detail) => {
                tracing::warn!(%detail, "connection lost while committing");
                retry_later(
                    Code::Unavailable,
                    Reason::CommitOutcomeUnknown,
                    COMMIT_UNKNOWN,
                    std::time::Duration::from_secs(1),
                )
            }
            AppError::Busy(waited) => {
                tracing::warn!(?waited, "database busy: call refused");
                retry_later(
                    Code::Unavailable,
                    Reason::DatabaseBusy,
                    "every database connection is busy; retry shortly",
                    waited,
                )
            }
            AppError::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                status(Code::Internal, Reason::Internal, "internal error")
            }
        }
    }
}
