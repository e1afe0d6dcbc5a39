//! The ways into an inquiry: the links and sessions opened on it, and what an inquiry must be
//! for each (links, sessions and their rules are in `access`).

use chrono::{DateTime, TimeDelta, Utc};

use crate::domain::access::{
    capped_deadline, inquiry_not_active, redeem_refusal, Client, LinkStatus, OneTimeLink, Session,
    SessionOrigin, SessionStatus,
};
use crate::domain::status::InquiryStatus;
use crate::domain::{Error, Reason};

use super::Inquiry;

impl OneTimeLink {
    /// A new pending link for an inquiry that may get one (see [`check_linkable`]).
    pub fn new(id: String, inquiry: &Inquiry, ttl: TimeDelta, now: DateTime<Utc>) -> Self {
        OneTimeLink {
            id,
            inquiry_id: inquiry.id.clone(),
            status: LinkStatus::Pending,
            expires_at: capped_deadline(now, ttl, inquiry.expires_at),
            create_time: now,
            consume_time: None,
            revoke_time: None,
            expire_time: None,
            session_id: None,
            email: None,
        }
    }
}

impl Session {
    /// Opens a session on an active inquiry that has room for one (see [`check_session_cap`]).
    pub fn open(
        id: String,
        inquiry: &Inquiry,
        origin: SessionOrigin,
        one_time_link_id: Option<String>,
        client: Client,
        now: DateTime<Utc>,
    ) -> Self {
        Session {
            id,
            inquiry_id: inquiry.id.clone(),
            status: SessionStatus::Active,
            origin,
            one_time_link_id,
            create_time: now,
            expires_at: capped_deadline(now, inquiry.settings.session_ttl, inquiry.expires_at),
            expire_time: None,
            complete_time: None,
            client_ip: client.ip,
            user_agent: client.user_agent,
        }
    }
}

/// Links are generated only for CREATED and PENDING inquiries that are not redacted.
pub fn check_linkable(inquiry: &Inquiry) -> Result<(), Error> {
    inquiry.refuse_if_redacted()?;
    match inquiry.status {
        InquiryStatus::Created | InquiryStatus::Pending => Ok(()),
        InquiryStatus::Expired => Err(Error::precondition(
            Reason::InquiryExpired,
            "the inquiry has expired: resume it first, then generate a link",
        )),
        other => Err(Error::precondition(
            Reason::InquiryNotActive,
            format!(
                "links are generated only for CREATED or PENDING inquiries; this one is {}",
                other.as_str().to_ascii_uppercase()
            ),
        )),
    }
}

/// An inquiry holds at most its template's `max_sessions_per_inquiry` sessions.
pub fn check_session_cap(existing: i64, inquiry: &Inquiry) -> Result<(), Error> {
    let max = inquiry.settings.max_sessions_per_inquiry;
    if existing >= i64::from(max) {
        return Err(Error::ResourceExhausted {
            reason: Reason::SessionLimitReached,
            message: format!("the inquiry already had its maximum of {max} sessions"),
            retry_after: None,
        });
    }
    Ok(())
}

/// What redeeming the link would answer, decided without changing anything (for the page a
/// link opens): as redemption settles an overdue inquiry first, whose pending link then
/// expires, an overdue inquiry's link is reported expired.
pub fn check_redeemable(
    link: &OneTimeLink,
    inquiry: &Inquiry,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    if inquiry.redact_time.is_some() {
        return Err(inquiry_not_active());
    }
    let expired = link.expires_at <= now || inquiry.is_overdue(now);
    if link.status != LinkStatus::Pending || expired {
        return Err(redeem_refusal(link.status, expired));
    }
    check_enterable(inquiry, now)
}

/// Whether an end user may start working on the inquiry now (CREATED or PENDING, not overdue,
/// not redacted).
pub fn check_enterable(inquiry: &Inquiry, now: DateTime<Utc>) -> Result<(), Error> {
    if inquiry.redact_time.is_some() || !inquiry.status.is_active() || inquiry.is_overdue(now) {
        return Err(inquiry_not_active());
    }
    Ok(())
}

#[cfg(test)]
mod tests;
