//! The one error type of the domain layer. `api::error` maps it to gRPC statuses.

use super::actor::Role;
use super::reason::Reason;

/// One invalid field of a request, as reported in `google.rpc.BadRequest`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldViolation {
    pub field: String,
    pub description: String,
}

impl FieldViolation {
    pub fn new(field: impl Into<String>, description: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            description: description.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The request is malformed; every violation is listed.
    #[error("{}", describe_violations(.0))]
    InvalidArgument(Vec<FieldViolation>),
    /// A well-formed reference to something the caller cannot see; `resource` names it in
    /// the message.
    #[error("{resource} {id} not found")]
    NotFound {
        reason: Reason,
        resource: &'static str,
        id: String,
    },
    /// The request is valid but the resource is in the wrong state for it.
    #[error("{message}")]
    FailedPrecondition { reason: Reason, message: String },
    /// Credentials are missing, malformed, unknown or revoked.
    #[error("{message}")]
    Unauthenticated { reason: Reason, message: String },
    /// The request conflicts with an earlier one (for example an idempotency key reused for a
    /// different request); reported as `INVALID_ARGUMENT` with this reason.
    #[error("{message}")]
    Conflict {
        reason: Reason,
        field: &'static str,
        message: String,
    },
    /// A concurrent call holds what this one needs; the client may retry shortly.
    #[error("{message}")]
    Aborted { reason: Reason, message: String },
    /// The caller is known but its role does not allow this (an operator below `needed`);
    /// reported with the reason `ROLE_REQUIRED` and the role it needs.
    #[error("{message}")]
    Forbidden { needed: Role, message: String },
    /// A limit was reached; with `retry_after` when waiting that long lifts it.
    #[error("{message}")]
    ResourceExhausted {
        reason: Reason,
        message: String,
        retry_after: Option<std::time::Duration>,
    },
}

impl Error {
    pub fn invalid(field: impl Into<String>, description: impl Into<String>) -> Self {
        Error::InvalidArgument(vec![FieldViolation::new(field, description)])
    }

    pub fn precondition(reason: Reason, message: impl Into<String>) -> Self {
        Error::FailedPrecondition {
            reason,
            message: message.into(),
        }
    }

    pub fn unauthenticated(reason: Reason, message: impl Into<String>) -> Self {
        Error::Unauthenticated {
            reason,
            message: message.into(),
        }
    }

    /// A limit that lifts by itself: the caller may retry after `retry_after`.
    pub fn throttled(
        reason: Reason,
        message: impl Into<String>,
        retry_after: chrono::TimeDelta,
    ) -> Self {
        Error::ResourceExhausted {
            reason,
            message: message.into(),
            retry_after: Some(retry_after.to_std().unwrap_or_default()),
        }
    }

    /// The reason a client sees.
    pub fn reason(&self) -> Reason {
        match self {
            Error::InvalidArgument(_) => Reason::InvalidArgument,
            Error::NotFound { reason, .. }
            | Error::FailedPrecondition { reason, .. }
            | Error::Unauthenticated { reason, .. }
            | Error::Conflict { reason, .. }
            | Error::Aborted { reason, .. }
            | Error::ResourceExhausted { reason, .. } => *reason,
            Error::Forbidden { .. } => Reason::RoleRequired,
        }
    }
}

/// A caller's value quoted in an error message, cut to a length a message can carry.
pub fn quoted(value: &str) -> String {
    const MAX_CHARS: usize = 256;
    let mut cut: String = value.chars().take(MAX_CHARS).collect();
    if cut.len() < value.len() {
        cut.push('…');
    }
    format!("{cut:?}")
}

/// Refuses text PostgreSQL cannot store: a NUL character (in TEXT and in JSONB alike).
pub fn check_storable(field: &str, value: &str) -> Result<(), Error> {
    if value.contains('\0') {
        return Err(Error::invalid(field, "must not contain NUL characters"));
    }
    Ok(())
}

/// The paths an update names: at least one, each of them `updatable`.
pub fn check_update_paths(paths: &[String], updatable: &[&str]) -> Result<(), Error> {
    if paths.is_empty() {
        return Err(Error::invalid("update_mask", "names no field to update"));
    }
    if let Some(bad) = paths.iter().find(|p| !updatable.contains(&p.as_str())) {
        return Err(Error::invalid(
            "update_mask",
            format!(
                "{} cannot be updated; updatable fields are {}",
                quoted(bad),
                updatable.join(", ")
            ),
        ));
    }
    Ok(())
}

fn describe_violations(violations: &[FieldViolation]) -> String {
    let parts: Vec<String> = violations
        .iter()
        .map(|v| format!("{}: {}", v.field, v.description))
        .collect();
    format!("invalid argument: {}", parts.join("; "))
}

/// Collects field violations so a request reports every problem at once.
#[derive(Debug, Default)]
pub struct Violations(Vec<FieldViolation>);

impl Violations {
    pub fn add(&mut self, field: impl Into<String>, description: impl Into<String>) {
        self.0.push(FieldViolation::new(field, description));
    }

    /// Records the violation of a fallible check and returns its value if it passed.
    pub fn check<T>(&mut self, result: Result<T, Error>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(Error::InvalidArgument(mut found)) => {
                self.0.append(&mut found);
                None
            }
            Err(other) => {
                self.add("", other.to_string());
                None
            }
        }
    }

    pub fn into_result(self) -> Result<(), Error> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Error::InvalidArgument(self.0))
        }
    }
}

/// The one field violation of a refused result, as (field, description); for tests.
#[cfg(test)]
pub fn sole_violation<T: std::fmt::Debug>(result: Result<T, Error>) -> (String, String) {
    match result {
        Err(Error::InvalidArgument(violations)) => match &violations[..] {
            [one] => (one.field.clone(), one.description.clone()),
            many => panic!("expected one field violation: {many:?}"),
        },
        other => panic!("expected one field violation: {other:?}"),
    }
}
