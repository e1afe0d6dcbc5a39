use super::*;

#[test]
fn link_ttl_bounds() {
    assert!(check_link_ttl("expires_in", TimeDelta::seconds(59)).is_err());
    assert!(check_link_ttl("expires_in", TimeDelta::minutes(1)).is_ok());
    assert!(check_link_ttl("expires_in", TimeDelta::days(30)).is_ok());
    assert!(check_link_ttl("expires_in", TimeDelta::days(30) + TimeDelta::seconds(1)).is_err());
}

#[test]
fn deadlines_are_capped_by_the_inquiry() {
    let now = DateTime::from_timestamp(1_000_000, 0).unwrap();
    let inquiry = now + TimeDelta::hours(2);
    assert_eq!(
        capped_deadline(now, TimeDelta::hours(1), inquiry),
        now + TimeDelta::hours(1)
    );
    assert_eq!(capped_deadline(now, TimeDelta::hours(3), inquiry), inquiry);
}

#[test]
fn statuses_round_trip() {
    for s in LinkStatus::ALL {
        assert_eq!(LinkStatus::parse(s.as_str()), Some(*s));
    }
    assert_eq!(SessionOrigin::parse("resume"), Some(SessionOrigin::Resume));
    assert_eq!(SessionStatus::parse("nope"), None);
}
