use super::*;
use crate::domain::status::InquiryAction;
use crate::domain::tenant::Environment;

#[test]
fn every_status_event_can_be_subscribed_to() {
    for action in InquiryAction::ALL {
        let name = action.event_kind().as_str();
        assert_eq!(check_events(&[name.to_owned()]).unwrap(), [name]);
    }
}

#[test]
fn urls_and_events_are_validated() {
    assert!(check_url("https://hooks.example.com/verilink").is_ok());
    assert!(check_url("http://127.0.0.1:9000/hook").is_ok());
    assert!(check_url("ftp://x").is_err());
    assert_eq!(
        check_url("https:///nohost").unwrap(),
        "https://nohost/",
        "WHATWG"
    );
    assert!(check_url("https://").is_err());
    assert!(check_url("not a url").is_err());
    assert!(check_url("https://user:pass@hooks.example.com/").is_err());
    assert!(check_url("https://user@hooks.example.com/").is_err());
    assert_eq!(check_events(&["*".into(), "*".into()]).unwrap(), ["*"]);
    assert!(check_events(&[]).is_err());
    assert!(check_events(&["inquiry.nope".into()]).is_err());
    assert!(selects(&["inquiry.created".into()], "inquiry.created"));
    assert!(!selects(&["inquiry.created".into()], "inquiry.approved"));
}

#[test]
fn signature_matches_a_known_vector() {
    // HMAC-SHA256(key="whsec_test", "1700000000.{}"), computed with Python's hmac module.
    assert_eq!(
        sign("whsec_test", 1_700_000_000, b"{}"),
        "35495024f4ef3f94e5a93e22221544c4b75e9a42300cd965ab81cb85cd994e91"
    );
    assert_eq!(
        signature_header(&["a", "b"], 5, b"x")
            .matches("v1=")
            .count(),
        2
    );
    let persona = persona_signature_header(&["a", "b"], 5, b"x");
    assert_eq!(
        persona,
        format!(
            "t=5,v1={} t=5,v1={}",
            sign("a", 5, b"x"),
            sign("b", 5, b"x")
        )
    );
}

#[test]
fn retries_back_off_for_about_a_day() {
    let start = DateTime::from_timestamp(0, 0).unwrap();
    let mut now = start;
    let mut attempts = 1;
    while let Some(next) = next_attempt(now, attempts, 0.5) {
        assert!(next > now);
        now = next;
        attempts += 1;
    }
    assert_eq!(attempts, MAX_ATTEMPTS);
    let total = now - start;
    assert!(
        total > TimeDelta::hours(20) && total < TimeDelta::hours(30),
        "{total}"
    );
    assert_eq!(
        next_attempt(start, 1, 0.0),
        Some(start + TimeDelta::seconds(24))
    );
}

fn webhook(now: DateTime<Utc>) -> Webhook {
    let tenant = Tenant {
        organization_id: "org_x".into(),
        environment: crate::domain::tenant::Environment::Sandbox,
    };
    Webhook::new(
        "wbh_x".into(),
        tenant,
        "https://h.example/".into(),
        vec!["*".into()],
        now,
    )
    .unwrap()
}

fn delivery(created: DateTime<Utc>) -> Delivery {
    Delivery {
        id: "whd_x".into(),
        webhook_id: "wbh_x".into(),
        event_id: "evt_x".into(),
        event_name: "inquiry.created".into(),
        inquiry_id: None,
        status: DeliveryStatus::Pending,
        attempt_count: 1,
        last_status_code: 0,
        last_error: String::new(),
        next_attempt_time: created,
        create_time: created,
        update_time: created,
        complete_time: None,
    }
}

fn failed(retry_at: Option<DateTime<Utc>>) -> Attempt {
    Attempt {
        status_code: 500,
        error: "receiver answered 500".into(),
        succeeded: false,
        retry_at,
    }
}

#[test]
fn a_webhook_failing_since_before_a_delivery_it_exhausts_is_disabled() {
    let start = DateTime::from_timestamp(1_000_000, 0).unwrap();
    let mut hook = webhook(start);
    let mut first = delivery(start);
    let later = start + TimeDelta::hours(1);
    record_attempt(&mut first, &mut hook, failed(Some(later)), start);
    assert_eq!(hook.failing_since, Some(start));
    assert_eq!(first.next_attempt_time, later);
    // A delivery queued before the failures began does not disable it (something was
    // delivered since it was queued) …
    let mut older = delivery(start - TimeDelta::seconds(1));
    record_attempt(&mut older, &mut hook, failed(None), later);
    assert!(hook.enabled);
    assert_eq!(older.status, DeliveryStatus::Failed);
    // … one queued while they went on does.
    let mut queued_while_failing = delivery(later);
    record_attempt(&mut queued_while_failing, &mut hook, failed(None), later);
    assert!(!hook.enabled);
    assert!(hook.disabled_reason.contains("receiver answered 500"));
    // A success ends the run of failures.
    let mut ok = delivery(later);
    let success = Attempt {
        status_code: 200,
        error: String::new(),
        succeeded: true,
        retry_at: None,
    };
    record_attempt(&mut ok, &mut hook, success, later);
    assert_eq!(hook.failing_since, None);
    assert_eq!(ok.status, DeliveryStatus::Succeeded);
}

#[test]
fn rotation_keeps_the_previous_secret_only_during_its_grace() {
    let now = DateTime::from_timestamp(1_000_000, 0).unwrap();
    let mut hook = webhook(now);
    let old = hook.secret.clone();
    hook.rotate_secret(TimeDelta::hours(1), now).unwrap();
    assert_eq!(
        hook.signing_secrets(now),
        [hook.secret.as_str(), old.as_str()]
    );
    assert_eq!(hook.signing_secrets(now + TimeDelta::hours(1)).len(), 1);
    hook.rotate_secret(TimeDelta::zero(), now).unwrap();
    assert_eq!(hook.previous_secret, None);
    assert!(check_grace(TimeDelta::days(8)).is_err());
}

#[test]
fn every_spelling_of_an_inside_address_is_refused_by_default() {
    let policy = OutboundPolicy::default();
    for url in [
        "http://127.0.0.1:5432/",
        "http://2130706433/",
        "http://0177.0.0.1/",
        "http://0x7f.1/",
        "http://127.1/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:7f00:1]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "http://172.16.5.4/",
        "http://192.168.1.1/",
        "http://100.64.0.1/",
        "http://0.0.0.0/",
        "http://[::]/",
        "http://[fd00::1]/",
        "http://[fe80::1]/",
        "http://localhost:8080/",
        "http://LOCALHOST./",
        "http://api.localhost/",
        // IPv6 forms of internal IPv4 addresses, and special-purpose ranges (issue 22).
        "http://[::127.0.0.1]/",
        "http://[64:ff9b::7f00:1]/",
        "http://[64:ff9b::a00:1]/",
        "http://[2002:7f00:1::]/",
        "http://[::ffff:0:7f00:1]/",
        "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",
        "http://[fec0::1]/",
        "http://198.18.0.1/",
        "http://240.0.0.1/",
        "http://192.0.0.1/",
        "http://127.0.0.1./",
    ] {
        let normalized = check_url(url).expect(url);
        assert!(
            policy
                .check_target(&normalized, Environment::Sandbox)
                .is_err(),
            "{url} ({normalized}) must be refused"
        );
        let allowed = OutboundPolicy {
            allow_private_networks: true,
            proxy: None,
        };
        assert!(
            allowed
                .check_target(&normalized, Environment::Sandbox)
                .is_ok(),
            "{url}"
        );
    }
    assert_eq!(
        policy
            .check_target("https://hooks.example.com/x", Environment::Live)
            .unwrap(),
        Some("hooks.example.com".into())
    );
    for outside in [
        "http://93.184.216.34/",
        "http://[::ffff:93.184.216.34]/",
        "http://[64:ff9b::5db8:d822]/",
        "http://[2606:2800:220:1:248:1893:25c8:1946]/",
    ] {
        assert!(
            policy.check_target(outside, Environment::Sandbox).is_ok(),
            "{outside}"
        );
    }
    assert!(policy
        .check_target("http://hooks.example.com/", Environment::Live)
        .is_err());
}

#[test]
fn a_refusal_says_what_the_address_is_and_names_the_setting() {
    let refusal = |url: &str| {
        let Err(Error::InvalidArgument(violations)) =
            OutboundPolicy::default().check_target(url, Environment::Sandbox)
        else {
            panic!("{url} must be refused")
        };
        assert_eq!(violations[0].field, "webhook.url");
        violations[0].description.clone()
    };
    let literal = refusal("http://[64:ff9b::a00:1]/");
    assert!(
        literal.contains("64:ff9b::a00:1 is a private-use address"),
        "{literal}"
    );
    assert!(
        literal.contains("VERILINK_WEBHOOK_ALLOW_PRIVATE_NETWORKS"),
        "{literal}"
    );
    assert!(refusal("http://[2002:7f00:1::]/").contains("is a 6to4 address"));
    let name = refusal("http://api.localhost/");
    assert!(
        name.contains("api.localhost resolves to an address that is not globally reachable"),
        "{name}"
    );
    assert!(name.contains("VERILINK_WEBHOOK_ALLOW_PRIVATE_NETWORKS"));
}

#[test]
fn an_egress_proxy_is_an_http_url_of_a_host_and_never_shows_its_password() {
    let proxy: EgressProxy = "http://user:hunter2@smokescreen:4750".parse().unwrap();
    assert_eq!(proxy.url(), "http://user:hunter2@smokescreen:4750/");
    assert_eq!(format!("{proxy:?}"), "EgressProxy(http://smokescreen:4750)");
    assert!(" https://proxy.internal ".parse::<EgressProxy>().is_ok());
    for bad in [
        "smokescreen:4750",
        "socks5://user:hunter2@proxy:1080",
        "http://",
        "http://user:hunter2@proxy:99999",
        "http://proxy:4750/path",
        "http://proxy:4750/?x=1",
        "",
    ] {
        let err = bad.parse::<EgressProxy>().expect_err(bad);
        assert!(err.contains("VERILINK_WEBHOOK_PROXY"), "{bad}: {err}");
        assert!(!err.contains("hunter2"), "{bad}: {err}");
    }
}
