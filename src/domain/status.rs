//! The inquiry status machine: one transition table, enforced here and nowhere else.

use serde::{Deserialize, Serialize};

use super::events::EventKind;
use super::{Error, Reason};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum InquiryStatus {
    Created,
    Pending,
    Completed,
    Failed,
    Expired,
    NeedsReview,
    Approved,
    Declined,
}

impl InquiryStatus {
    pub const ALL: [InquiryStatus; 8] = [
        InquiryStatus::Created,
        InquiryStatus::Pending,
        InquiryStatus::Completed,
        InquiryStatus::Failed,
        InquiryStatus::Expired,
        InquiryStatus::NeedsReview,
        InquiryStatus::Approved,
        InquiryStatus::Declined,
    ];

    /// The value stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            InquiryStatus::Created => "created",
            InquiryStatus::Pending => "pending",
            InquiryStatus::Completed => "completed",
            InquiryStatus::Failed => "failed",
            InquiryStatus::Expired => "expired",
            InquiryStatus::NeedsReview => "needs_review",
            InquiryStatus::Approved => "approved",
            InquiryStatus::Declined => "declined",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    /// Statuses in which the end user can still work on the inquiry; only these expire.
    pub fn is_active(self) -> bool {
        matches!(self, InquiryStatus::Created | InquiryStatus::Pending)
    }

    /// The ErrorInfo reason when an action is refused because of this status.
    fn refusal_reason(self) -> Reason {
        match self {
            InquiryStatus::Created => Reason::InquiryNotStarted,
            InquiryStatus::Pending => Reason::InquiryInProgress,
            InquiryStatus::Completed => Reason::InquiryCompleted,
            InquiryStatus::Failed => Reason::InquiryFailed,
            InquiryStatus::Expired => Reason::InquiryExpired,
            InquiryStatus::NeedsReview => Reason::InquiryInReview,
            InquiryStatus::Approved | InquiryStatus::Declined => Reason::InquiryDecided,
        }
    }

    fn upper_name(self) -> String {
        self.as_str().to_ascii_uppercase()
    }
}

/// Everything that can move an inquiry from one status to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum InquiryAction {
    /// The first session starts (link redeemed, or a simulated start).
    Start,
    /// `expires_at` passed, or ExpireInquiry.
    Expire,
    Resume,
    Complete,
    Fail,
    MarkForReview,
    Approve,
    Decline,
}

impl InquiryAction {
    pub const ALL: [InquiryAction; 8] = [
        InquiryAction::Start,
        InquiryAction::Expire,
        InquiryAction::Resume,
        InquiryAction::Complete,
        InquiryAction::Fail,
        InquiryAction::MarkForReview,
        InquiryAction::Approve,
        InquiryAction::Decline,
    ];

    fn verb(self) -> &'static str {
        match self {
            InquiryAction::Start => "start",
            InquiryAction::Expire => "expire",
            InquiryAction::Resume => "resume",
            InquiryAction::Complete => "complete",
            InquiryAction::Fail => "fail",
            InquiryAction::MarkForReview => "mark for review",
            InquiryAction::Approve => "approve",
            InquiryAction::Decline => "decline",
        }
    }

    /// The event written when this action succeeds.
    pub fn event_kind(self) -> EventKind {
        match self {
            InquiryAction::Start => EventKind::InquiryStarted,
            InquiryAction::Expire => EventKind::InquiryExpired,
            InquiryAction::Resume => EventKind::InquiryResumed,
            InquiryAction::Complete => EventKind::InquiryCompleted,
            InquiryAction::Fail => EventKind::InquiryFailed,
            InquiryAction::MarkForReview => EventKind::InquiryMarkedForReview,
            InquiryAction::Approve => EventKind::InquiryApproved,
            InquiryAction::Decline => EventKind::InquiryDeclined,
        }
    }
}

/// The inquiry status machine (README, "Status machine"). `None`: the transition is not allowed.
pub fn next_status(from: InquiryStatus, action: InquiryAction) -> Option<InquiryStatus> {
    use InquiryAction as A;
    use InquiryStatus as S;
    match (action, from) {
        (A::Start, S::Created) => Some(S::Pending),
        (A::Expire, S::Created | S::Pending) => Some(S::Expired),
        (A::Resume, S::Created | S::Pending | S::Expired) => Some(S::Pending),
        (A::Complete, S::Pending) => Some(S::Completed),
        (A::Fail, S::Pending) => Some(S::Failed),
        (A::MarkForReview, S::Completed | S::Failed | S::Pending) => Some(S::NeedsReview),
        (A::Approve, S::Created | S::Pending | S::Completed | S::Failed | S::NeedsReview) => {
            Some(S::Approved)
        }
        (A::Decline, S::Created | S::Pending | S::Completed | S::Failed | S::NeedsReview) => {
            Some(S::Declined)
        }
        _ => None,
    }
}

/// Like [`next_status`], but a refusal is the `FAILED_PRECONDITION` a client sees.
pub fn transition(from: InquiryStatus, action: InquiryAction) -> Result<InquiryStatus, Error> {
    next_status(from, action).ok_or_else(|| {
        Error::precondition(
            from.refusal_reason(),
            format!(
                "cannot {} an inquiry whose status is {}",
                action.verb(),
                from.upper_name()
            ),
        )
    })
}

/// Redacted inquiries accept no further mutation.
pub fn refuse_if_redacted(redacted: bool) -> Result<(), Error> {
    if redacted {
        Err(Error::precondition(
            Reason::InquiryRedacted,
            "the inquiry has been redacted and can no longer change",
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use InquiryAction as A;
    use InquiryStatus as S;

    /// The README's status table, written out independently of `next_status`.
    const ALLOWED: &[(S, A, S)] = &[
        (S::Created, A::Start, S::Pending),
        (S::Created, A::Expire, S::Expired),
        (S::Pending, A::Expire, S::Expired),
        (S::Created, A::Resume, S::Pending),
        (S::Pending, A::Resume, S::Pending),
        (S::Expired, A::Resume, S::Pending),
        (S::Pending, A::Complete, S::Completed),
        (S::Pending, A::Fail, S::Failed),
        (S::Completed, A::MarkForReview, S::NeedsReview),
        (S::Failed, A::MarkForReview, S::NeedsReview),
        (S::Pending, A::MarkForReview, S::NeedsReview),
        (S::Created, A::Approve, S::Approved),
        (S::Pending, A::Approve, S::Approved),
        (S::Completed, A::Approve, S::Approved),
        (S::Failed, A::Approve, S::Approved),
        (S::NeedsReview, A::Approve, S::Approved),
        (S::Created, A::Decline, S::Declined),
        (S::Pending, A::Decline, S::Declined),
        (S::Completed, A::Decline, S::Declined),
        (S::Failed, A::Decline, S::Declined),
        (S::NeedsReview, A::Decline, S::Declined),
    ];

    #[test]
    fn every_status_and_action_pair_follows_the_table() {
        for from in S::ALL {
            for action in A::ALL {
                let expected = ALLOWED
                    .iter()
                    .find(|(f, a, _)| *f == from && *a == action)
                    .map(|(_, _, to)| *to);
                assert_eq!(next_status(from, action), expected, "{from:?} × {action:?}");
                match transition(from, action) {
                    Ok(to) => assert_eq!(Some(to), expected),
                    Err(Error::FailedPrecondition { reason, message }) => {
                        assert!(expected.is_none());
                        assert!(
                            matches!(
                                reason,
                                Reason::InquiryNotStarted
                                    | Reason::InquiryInProgress
                                    | Reason::InquiryCompleted
                                    | Reason::InquiryFailed
                                    | Reason::InquiryExpired
                                    | Reason::InquiryInReview
                                    | Reason::InquiryDecided
                            ),
                            "{reason:?}"
                        );
                        assert!(message.contains(&from.upper_name()), "{message}");
                    }
                    Err(other) => panic!("unexpected {other:?}"),
                }
            }
        }
    }

    #[test]
    fn refusals_name_the_blocking_status() {
        let reason = |from, action| match transition(from, action) {
            Err(Error::FailedPrecondition { reason, .. }) => reason,
            other => panic!("{other:?}"),
        };
        assert_eq!(reason(S::Completed, A::Resume), Reason::InquiryCompleted);
        assert_eq!(reason(S::Failed, A::Resume), Reason::InquiryFailed);
        assert_eq!(reason(S::Approved, A::Resume), Reason::InquiryDecided);
        assert_eq!(reason(S::Declined, A::Approve), Reason::InquiryDecided);
        assert_eq!(reason(S::Expired, A::Approve), Reason::InquiryExpired);
        assert_eq!(reason(S::Created, A::Complete), Reason::InquiryNotStarted);
    }

    #[test]
    fn statuses_round_trip_through_storage_names() {
        for s in S::ALL {
            assert_eq!(S::parse(s.as_str()), Some(s));
        }
        assert_eq!(S::parse("bogus"), None);
    }
}
