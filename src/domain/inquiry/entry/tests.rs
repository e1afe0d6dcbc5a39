use chrono::TimeDelta;

use super::*;
use crate::domain::inquiry::tests::sample_inquiry;

#[test]
fn only_created_and_pending_inquiries_get_links() {
    let mut inquiry = sample_inquiry();
    for status in InquiryStatus::ALL {
        inquiry.status = status;
        let result = check_linkable(&inquiry);
        match status {
            InquiryStatus::Created | InquiryStatus::Pending => assert!(result.is_ok()),
            InquiryStatus::Expired => assert_eq!(
                result.unwrap_err().reason(),
                Reason::InquiryExpired,
                "resume it first"
            ),
            _ => assert_eq!(result.unwrap_err().reason(), Reason::InquiryNotActive),
        }
    }
    inquiry.status = InquiryStatus::Created;
    inquiry.redact_time = Some(inquiry.create_time);
    assert_eq!(
        check_linkable(&inquiry).unwrap_err().reason(),
        Reason::InquiryRedacted
    );
}

#[test]
fn the_page_a_link_opens_predicts_what_redeeming_would_answer() {
    let inquiry = sample_inquiry();
    let now = inquiry.create_time;
    let link = OneTimeLink::new("otl_x".into(), &inquiry, TimeDelta::hours(1), now);
    let reason = |link: &OneTimeLink, inquiry: &Inquiry, now| {
        check_redeemable(link, inquiry, now)
            .err()
            .map(|e| e.reason())
    };
    assert_eq!(reason(&link, &inquiry, now), None);
    assert_eq!(
        reason(&link, &inquiry, link.expires_at),
        Some(Reason::LinkExpired)
    );
    let used = OneTimeLink {
        status: LinkStatus::Consumed,
        ..link.clone()
    };
    assert_eq!(reason(&used, &inquiry, now), Some(Reason::LinkAlreadyUsed));
    let revoked = OneTimeLink {
        status: LinkStatus::Revoked,
        ..link.clone()
    };
    assert_eq!(reason(&revoked, &inquiry, now), Some(Reason::LinkRevoked));
    let overdue = Inquiry {
        expires_at: now,
        ..inquiry.clone()
    };
    assert_eq!(reason(&link, &overdue, now), Some(Reason::LinkExpired));
    let decided = Inquiry {
        status: InquiryStatus::Approved,
        ..inquiry.clone()
    };
    assert_eq!(reason(&link, &decided, now), Some(Reason::InquiryNotActive));
    let redacted = Inquiry {
        redact_time: Some(now),
        ..inquiry
    };
    assert_eq!(
        reason(&used, &redacted, now),
        Some(Reason::InquiryNotActive)
    );
}

#[test]
fn the_session_cap_counts_every_session_ever_opened() {
    let inquiry = sample_inquiry();
    let max = i64::from(inquiry.settings.max_sessions_per_inquiry);
    assert!(check_session_cap(max - 1, &inquiry).is_ok());
    assert_eq!(
        check_session_cap(max, &inquiry).unwrap_err().reason(),
        Reason::SessionLimitReached
    );
}

#[test]
fn links_and_sessions_never_outlive_their_inquiry() {
    let inquiry = sample_inquiry();
    let now = inquiry.create_time;
    let link = OneTimeLink::new("otl_x".into(), &inquiry, TimeDelta::days(30), now);
    assert_eq!(link.expires_at, inquiry.expires_at);
    let session = Session::open(
        "iqse_x".into(),
        &inquiry,
        SessionOrigin::Resume,
        None,
        Client::default(),
        now,
    );
    assert_eq!(session.expires_at, now + inquiry.settings.session_ttl);
    assert!(session.is_active(now));
    assert!(!session.is_active(session.expires_at));
}
