use std::collections::HashSet;

use chrono::TimeDelta;
use tonic::Code;
use verilink_client::{pb, VerilinkClient};

use crate::common::{
    assert_error, create_inquiry, duration, event_names, generate_link, get_inquiry, redeem,
    violated_fields, Limits, TestServer,
};

fn link_status(link: &pb::OneTimeLink) -> pb::OneTimeLinkStatus {
    pb::OneTimeLinkStatus::try_from(link.status).expect("known status")
}

async fn get_link(client: &VerilinkClient, id: &str) -> pb::OneTimeLink {
    client
        .one_time_links()
        .get_one_time_link(pb::GetOneTimeLinkRequest { id: id.into() })
        .await
        .expect("get link")
        .into_inner()
        .one_time_link
        .expect("link")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generating_revokes_the_previous_link_and_returns_urls_and_codes_once() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let inquiry = create_inquiry(&client, &org.sandbox_template, "u").await;
    let first = client
        .one_time_links()
        .generate_one_time_link(pb::GenerateOneTimeLinkRequest {
            inquiry_id: inquiry.id.clone(),
            expires_in: duration(3_600),
            include_qr_code: true,
            ..Default::default()
        })
        .await
        .expect("generate")
        .into_inner();
    let link = first.one_time_link.clone().expect("link");
    assert!(link.id.starts_with("otl_"));
    assert_eq!(link_status(&link), pb::OneTimeLinkStatus::Pending);
    assert_eq!(
        link.expires_at.as_ref().map(|t| t.seconds),
        link.create_time.as_ref().map(|t| t.seconds + 3_600)
    );
    assert_eq!(
        first.url,
        format!("https://verify.example/verify?code={}", first.code)
    );
    assert_eq!(
        first.short_url,
        format!("https://vl.example/v/{}", first.short_code)
    );
    assert!(first.code.len() >= 22, "≥128 bits of base62");
    assert_eq!(first.short_code.len(), 10);
    assert!(first
        .short_code
        .chars()
        .all(|c| "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains(c)));
    assert!(first
        .qr_code_data_url
        .starts_with("data:image/png;base64,iVBORw0KGgo"));

    server.clock.advance(TimeDelta::seconds(1));
    let second = generate_link(&client, &inquiry.id).await;
    assert!(second.qr_code_data_url.is_empty());
    let second_link = second.one_time_link.expect("link");
    // Capped by the inquiry's deadline (24 h after creation) although the TTL is 24 h from now.
    assert_eq!(second_link.expires_at, inquiry.expires_at);
    assert_eq!(
        link_status(&get_link(&client, &link.id).await),
        pb::OneTimeLinkStatus::Revoked
    );
    let listed: Vec<_> = client
        .one_time_links()
        .list_one_time_links(pb::ListOneTimeLinksRequest {
            inquiry_id: inquiry.id.clone(),
            ..Default::default()
        })
        .await
        .expect("list")
        .into_inner()
        .one_time_links
        .into_iter()
        .map(|l| (l.id, link_status_of(l.status)))
        .collect();
    assert_eq!(
        listed,
        [
            (second_link.id.clone(), pb::OneTimeLinkStatus::Pending),
            (link.id.clone(), pb::OneTimeLinkStatus::Revoked)
        ]
    );
    assert_error(
        redeem(&server.addr, &first.code).await,
        Code::FailedPrecondition,
        "LINK_REVOKED",
    );
    assert_eq!(
        event_names(&server, &inquiry.id).await,
        [
            "inquiry.created",
            "one-time-link.created",
            "one-time-link.revoked",
            "one-time-link.created"
        ]
    );
}

fn link_status_of(status: i32) -> pb::OneTimeLinkStatus {
    pb::OneTimeLinkStatus::try_from(status).expect("known status")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generate_validates_its_input_and_the_inquiry() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let inquiry = create_inquiry(&client, &org.sandbox_template, "u").await;
    for bad in [59, 30 * 86_400 + 1] {
        let result = client
            .one_time_links()
            .generate_one_time_link(pb::GenerateOneTimeLinkRequest {
                inquiry_id: inquiry.id.clone(),
                expires_in: duration(bad),
                include_qr_code: false,
                ..Default::default()
            })
            .await;
        assert_eq!(violated_fields(result), ["expires_in"]);
    }
    let malformed = client
        .one_time_links()
        .generate_one_time_link(pb::GenerateOneTimeLinkRequest {
            inquiry_id: "inq_x".into(),
            ..Default::default()
        })
        .await;
    assert_eq!(violated_fields(malformed), ["inquiry_id"]);
    client
        .inquiries()
        .expire_inquiry(pb::ExpireInquiryRequest {
            id: inquiry.id.clone(),
        })
        .await
        .expect("expire");
    let expired = client
        .one_time_links()
        .generate_one_time_link(pb::GenerateOneTimeLinkRequest {
            inquiry_id: inquiry.id.clone(),
            ..Default::default()
        })
        .await;
    let status = assert_error(expired, Code::FailedPrecondition, "INQUIRY_EXPIRED");
    assert!(
        status.message().contains("resume it first"),
        "{}",
        status.message()
    );
    let decided = create_inquiry(&client, &org.sandbox_template, "d").await;
    client
        .inquiries()
        .decline_inquiry(pb::DeclineInquiryRequest {
            id: decided.id.clone(),
            comment: String::new(),
        })
        .await
        .expect("decline");
    let refused = client
        .one_time_links()
        .generate_one_time_link(pb::GenerateOneTimeLinkRequest {
            inquiry_id: decided.id.clone(),
            ..Default::default()
        })
        .await;
    assert_error(refused, Code::FailedPrecondition, "INQUIRY_NOT_ACTIVE");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redeeming_consumes_the_link_opens_a_session_and_starts_the_inquiry() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let created = client
        .inquiries()
        .create_inquiry(pb::CreateInquiryRequest {
            inquiry: Some(pb::Inquiry {
                inquiry_template_id: org.sandbox_template.clone(),
                ..Default::default()
            }),
            create_one_time_link: true,
            ..Default::default()
        })
        .await
        .expect("create with link")
        .into_inner();
    let inquiry = created.inquiry.expect("inquiry");
    let generated = created.one_time_link.expect("a link was requested");
    server.clock.advance(TimeDelta::minutes(3));
    let redeemed = redeem(&server.addr, &generated.code).await.expect("redeem");
    assert!(redeemed.session_token.starts_with("vls_"));
    let session = redeemed.session.expect("session");
    assert!(session.id.starts_with("iqse_"));
    assert_eq!(session.origin, pb::SessionOrigin::OneTimeLink as i32);
    assert_eq!(session.status, pb::SessionStatus::Active as i32);
    assert_eq!(session.client_ip, "203.0.113.7");
    assert_eq!(session.user_agent, "Mozilla/5.0 (test)");
    let link = get_link(&client, &generated.one_time_link.expect("link").id).await;
    assert_eq!(link_status(&link), pb::OneTimeLinkStatus::Consumed);
    assert_eq!(link.session_id, session.id);
    assert_eq!(session.one_time_link_id, link.id);
    let started = get_inquiry(&client, &inquiry.id).await;
    assert_eq!(started.status, pb::InquiryStatus::Pending as i32);
    assert!(started.start_time.is_some());
    let start = started.start_time.as_ref().expect("start").seconds;
    assert_eq!(
        started.expires_at.as_ref().expect("deadline").seconds,
        start + 86_400
    );
    // A session never outlives its TTL (1 h by default).
    assert_eq!(
        session.expires_at.as_ref().expect("deadline").seconds,
        start + 3_600
    );
    assert_eq!(
        event_names(&server, &inquiry.id).await,
        [
            "inquiry.created",
            "one-time-link.created",
            "one-time-link.consumed",
            "inquiry-session.started",
            "inquiry.started"
        ]
    );
    assert_error(
        redeem(&server.addr, &generated.code).await,
        Code::FailedPrecondition,
        "LINK_ALREADY_USED",
    );

    // The short code works too, typed in lower case with a hyphen.
    let second = generate_link(&client, &inquiry.id).await;
    let typed =
        format!("{}-{}", &second.short_code[..5], &second.short_code[5..]).to_ascii_lowercase();
    redeem(&server.addr, &typed)
        .await
        .expect("redeem short code");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_redemptions_reveal_nothing_about_the_inquiry() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    assert_error(
        redeem(&server.addr, &"A".repeat(32)).await,
        Code::NotFound,
        "LINK_NOT_FOUND",
    );
    assert_error(
        redeem(&server.addr, "garbage").await,
        Code::NotFound,
        "LINK_NOT_FOUND",
    );

    let inquiry = create_inquiry(&client, &org.sandbox_template, "expiring").await;
    let short = client
        .one_time_links()
        .generate_one_time_link(pb::GenerateOneTimeLinkRequest {
            inquiry_id: inquiry.id.clone(),
            expires_in: duration(600),
            include_qr_code: false,
            ..Default::default()
        })
        .await
        .expect("generate")
        .into_inner();
    server.clock.advance(TimeDelta::minutes(10));
    let status = assert_error(
        redeem(&server.addr, &short.code).await,
        Code::FailedPrecondition,
        "LINK_EXPIRED",
    );
    assert!(!status.message().contains(&inquiry.id));
    let link = get_link(&client, &short.one_time_link.expect("link").id).await;
    assert_eq!(link_status(&link), pb::OneTimeLinkStatus::Expired);

    let revoked = generate_link(&client, &inquiry.id).await;
    client
        .one_time_links()
        .revoke_one_time_link(pb::RevokeOneTimeLinkRequest {
            id: revoked.one_time_link.clone().expect("l").id,
        })
        .await
        .expect("revoke");
    assert_error(
        redeem(&server.addr, &revoked.code).await,
        Code::FailedPrecondition,
        "LINK_REVOKED",
    );
    let again = client
        .one_time_links()
        .revoke_one_time_link(pb::RevokeOneTimeLinkRequest {
            id: revoked.one_time_link.expect("l").id,
        })
        .await;
    assert_error(again, Code::FailedPrecondition, "LINK_REVOKED");

    // A pending link of an inquiry that was completed meanwhile.
    let finished = create_inquiry(&client, &org.sandbox_template, "finished").await;
    let pending = generate_link(&client, &finished.id).await;
    for action in [
        pb::SimulatedInquiryAction::Start,
        pb::SimulatedInquiryAction::Complete,
    ] {
        client
            .inquiries()
            .simulate_inquiry_action(pb::SimulateInquiryActionRequest {
                id: finished.id.clone(),
                action: action as i32,
            })
            .await
            .expect("simulate");
    }
    assert_error(
        redeem(&server.addr, &pending.code).await,
        Code::FailedPrecondition,
        "INQUIRY_NOT_ACTIVE",
    );

    // Decisions and expiry end the pending link.
    let decided = create_inquiry(&client, &org.sandbox_template, "decided").await;
    let link = generate_link(&client, &decided.id).await;
    client
        .inquiries()
        .approve_inquiry(pb::ApproveInquiryRequest {
            id: decided.id.clone(),
            comment: String::new(),
        })
        .await
        .expect("approve");
    assert_error(
        redeem(&server.addr, &link.code).await,
        Code::FailedPrecondition,
        "LINK_REVOKED",
    );
    let expiring = create_inquiry(&client, &org.sandbox_template, "expired").await;
    let link = generate_link(&client, &expiring.id).await;
    client
        .inquiries()
        .expire_inquiry(pb::ExpireInquiryRequest {
            id: expiring.id.clone(),
        })
        .await
        .expect("expire");
    assert_error(
        redeem(&server.addr, &link.code).await,
        Code::FailedPrecondition,
        "LINK_EXPIRED",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_eleventh_wrong_guess_is_throttled_while_another_address_still_redeems() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let inquiry = create_inquiry(&client, &org.sandbox_template, "u").await;
    let valid = generate_link(&client, &inquiry.id).await;
    for i in 0..10 {
        let guess = format!("{i:0>32}");
        assert_error(
            redeem(&server.addr, &guess).await,
            Code::NotFound,
            "LINK_NOT_FOUND",
        );
    }
    let throttled = redeem(&server.addr, &valid.code).await;
    let status = assert_error(
        throttled,
        Code::ResourceExhausted,
        "TOO_MANY_FAILED_REDEMPTIONS",
    );
    use verilink_client::tonic_types::StatusExt;
    let retry = status
        .get_details_retry_info()
        .and_then(|r| r.retry_delay)
        .expect("RetryInfo");
    assert!(retry.as_secs() <= 60 && !retry.is_zero(), "{retry:?}");

    let channel = tonic::transport::Endpoint::from_shared(server.addr.clone())
        .expect("endpoint")
        .local_address(Some("127.0.0.2".parse().expect("ip")))
        .connect()
        .await
        .expect("connect from 127.0.0.2");
    let other = VerilinkClient::with_channel(channel, "").expect("client");
    let redeemed = other
        .one_time_links()
        .redeem_one_time_link(pb::RedeemOneTimeLinkRequest {
            code: valid.code.clone(),
            ..Default::default()
        })
        .await
        .expect("another address redeems")
        .into_inner();
    assert_eq!(redeemed.session.expect("session").client_ip, "127.0.0.2");
    // The window slides with the clock.
    server.clock.advance(TimeDelta::seconds(61));
    assert_error(
        redeem(&server.addr, &valid.code).await,
        Code::FailedPrecondition,
        "LINK_ALREADY_USED",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_guesses_from_one_ipv6_64_share_one_budget() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let inquiry = create_inquiry(&client, &org.sandbox_template, "u").await;
    let valid = generate_link(&client, &inquiry.id).await;
    // A trusted caller names each end user's address; every guess comes from a new address of
    // one /64, as one subscriber can pick freely.
    let redeem_from = |code: String, ip: String| {
        let client = client.clone();
        async move {
            client
                .one_time_links()
                .redeem_one_time_link(pb::RedeemOneTimeLinkRequest {
                    code,
                    client_ip: ip,
                    ..Default::default()
                })
                .await
        }
    };
    for i in 0..10 {
        assert_error(
            redeem_from(format!("{i:0>32}"), format!("2001:db8:1:2::{i:x}")).await,
            Code::NotFound,
            "LINK_NOT_FOUND",
        );
    }
    assert_error(
        redeem_from(valid.code.clone(), "2001:db8:1:2:ffff::1".into()).await,
        Code::ResourceExhausted,
        "TOO_MANY_FAILED_REDEMPTIONS",
    );
    let redeemed = redeem_from(valid.code.clone(), "2001:db8:1:3::1".into())
        .await
        .expect("the next /64 redeems")
        .into_inner();
    assert_eq!(
        redeemed.session.expect("session").client_ip,
        "2001:db8:1:3::1"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn of_64_concurrent_redemptions_on_two_replicas_exactly_one_wins_for_each_of_50_codes() {
    let first = TestServer::start().await;
    let mut primary = first
        .replica(Limits {
            redeem_failures_per_minute: usize::MAX,
            ..Limits::default()
        })
        .await;
    let mut second = first
        .replica(Limits {
            redeem_failures_per_minute: usize::MAX,
            ..Limits::default()
        })
        .await;
    let org = first.org("acme").await;
    let admin = first.client(&org.sandbox_key).await;
    let mut codes = Vec::new();
    for i in 0..50 {
        let inquiry = create_inquiry(&admin, &org.sandbox_template, &format!("user-{i}")).await;
        codes.push(generate_link(&admin, &inquiry.id).await.code);
    }
    let end_users = [
        VerilinkClient::connect(primary.addr.clone(), "")
            .await
            .expect("connect"),
        VerilinkClient::connect(second.addr.clone(), "")
            .await
            .expect("connect"),
    ];
    for code in &codes {
        let mut attempts = tokio::task::JoinSet::new();
        for n in 0..64 {
            let client = end_users[n % 2].clone();
            let code = code.clone();
            attempts.spawn(async move {
                client
                    .one_time_links()
                    .redeem_one_time_link(pb::RedeemOneTimeLinkRequest {
                        code,
                        ..Default::default()
                    })
                    .await
            });
        }
        let mut wins = 0;
        let mut tokens = HashSet::new();
        while let Some(result) = attempts.join_next().await {
            match result.expect("task") {
                Ok(response) => {
                    wins += 1;
                    tokens.insert(response.into_inner().session_token);
                }
                Err(status) => {
                    assert_eq!(status.code(), Code::FailedPrecondition, "{status:?}");
                    assert_eq!(
                        verilink_client::error_reason(&status).as_deref(),
                        Some("LINK_ALREADY_USED")
                    );
                }
            }
        }
        assert_eq!(wins, 1, "exactly one redemption of {code} succeeds");
        assert_eq!(tokens.len(), 1);
    }
    primary.stop().await;
    second.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn racing_generates_and_redeems_never_leave_two_pending_links_or_consume_a_revoked_one() {
    let first = TestServer::start().await;
    let other = first
        .replica(Limits {
            redeem_failures_per_minute: usize::MAX,
            ..Limits::default()
        })
        .await;
    let org = first.org("acme").await;
    let clients = [
        first.client(&org.sandbox_key).await,
        other.client(&org.sandbox_key).await,
    ];
    for round in 0..10 {
        let inquiry =
            create_inquiry(&clients[0], &org.sandbox_template, &format!("r{round}")).await;
        let initial = generate_link(&clients[0], &inquiry.id).await;
        let mut tasks = tokio::task::JoinSet::new();
        for n in 0..16 {
            let client = clients[n % 2].clone();
            let inquiry_id = inquiry.id.clone();
            let code = initial.code.clone();
            tasks.spawn(async move {
                if n % 2 == 0 {
                    client
                        .one_time_links()
                        .generate_one_time_link(pb::GenerateOneTimeLinkRequest {
                            inquiry_id,
                            ..Default::default()
                        })
                        .await
                        .map(|_| ())
                        .map_err(|s| (s.code(), verilink_client::error_reason(&s)))
                } else {
                    client
                        .one_time_links()
                        .redeem_one_time_link(pb::RedeemOneTimeLinkRequest {
                            code,
                            ..Default::default()
                        })
                        .await
                        .map(|_| ())
                        .map_err(|s| (s.code(), verilink_client::error_reason(&s)))
                }
            });
        }
        while let Some(result) = tasks.join_next().await {
            if let Err((code, reason)) = result.expect("task") {
                assert_eq!(code, Code::FailedPrecondition, "{reason:?}");
                assert!(
                    matches!(
                        reason.as_deref(),
                        Some("LINK_ALREADY_USED" | "LINK_REVOKED")
                    ),
                    "{reason:?}"
                );
            }
        }
        let links = clients[0]
            .one_time_links()
            .list_one_time_links(pb::ListOneTimeLinksRequest {
                inquiry_id: inquiry.id.clone(),
                ..Default::default()
            })
            .await
            .expect("list")
            .into_inner()
            .one_time_links;
        assert_eq!(links.len(), 9, "the initial link and 8 generated ones");
        let pending = links
            .iter()
            .filter(|l| l.status == pb::OneTimeLinkStatus::Pending as i32)
            .count();
        assert_eq!(pending, 1, "exactly one pending link: the newest");
        for link in &links {
            assert!(
                !(link.consume_time.is_some() && link.revoke_time.is_some()),
                "a revoked link was consumed: {link:?}"
            );
        }
    }
}
