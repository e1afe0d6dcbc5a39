use std::time::{Duration, Instant};

use tonic::Code;
use verilink_client::pb;

use crate::common::{assert_error, create_inquiry, eventually, revoke_key, violations, TestServer};

/// How long a revoked key may keep working on a replica before the test fails. The product
/// empties every replica's key cache within a second (LISTEN/NOTIFY), but a busy machine may
/// deliver the notice later, so the bound is generous; it stays well below the cache's own
/// 30 s TTL, so a key that only expired from the cache (the notice never heard) still fails.
const REVOCATION_HEARD: Duration = Duration::from_secs(15);

/// Calls `call` until it is refused or `deadline` passes; the last answer.
async fn until_refused<T, F>(
    deadline: Instant,
    mut call: impl FnMut() -> F,
) -> Result<T, tonic::Status>
where
    F: std::future::Future<Output = Result<T, tonic::Status>>,
{
    loop {
        let answer = call().await;
        if answer.is_err() || Instant::now() >= deadline {
            return answer;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// ListInquiries with `credential`, on a connection of its own.
async fn list_as(
    server: &TestServer,
    credential: String,
) -> Result<tonic::Response<pb::ListInquiriesResponse>, tonic::Status> {
    let client = verilink_client::VerilinkClient::connect(server.addr.clone(), &credential)
        .await
        .expect("connect");
    client
        .inquiries()
        .list_inquiries(pb::ListInquiriesRequest::default())
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_key_sees_or_changes_another_tenants_inquiry() {
    let server = TestServer::start().await;
    let acme = server.org("acme").await;
    let globex = server.org("globex").await;
    let owner = server.client(&acme.sandbox_key).await;
    let inquiry = create_inquiry(&owner, &acme.sandbox_template, "user-1").await;

    // Another organization's sandbox key, and the same organization's live key.
    for key in [&globex.sandbox_key, &acme.live_key] {
        let other = server.client(key).await;
        let id = inquiry.id.clone();
        let get = other
            .inquiries()
            .get_inquiry(pb::GetInquiryRequest { id: id.clone() })
            .await;
        assert_error(get, Code::NotFound, "INQUIRY_NOT_FOUND");
        let approve = other
            .inquiries()
            .approve_inquiry(pb::ApproveInquiryRequest {
                id: id.clone(),
                comment: String::new(),
            })
            .await;
        assert_error(approve, Code::NotFound, "INQUIRY_NOT_FOUND");
        let tag = other
            .inquiries()
            .add_inquiry_tag(pb::AddInquiryTagRequest {
                id: id.clone(),
                tag: "x".into(),
            })
            .await;
        assert_error(tag, Code::NotFound, "INQUIRY_NOT_FOUND");
        let update = other
            .inquiries()
            .update_inquiry(pb::UpdateInquiryRequest {
                inquiry: Some(pb::Inquiry {
                    id: id.clone(),
                    note: "mine now".into(),
                    ..Default::default()
                }),
                update_mask: None,
            })
            .await;
        assert_error(update, Code::NotFound, "INQUIRY_NOT_FOUND");
        let listed = other
            .inquiries()
            .list_inquiries(pb::ListInquiriesRequest::default())
            .await
            .expect("list")
            .into_inner()
            .inquiries;
        assert!(listed.is_empty(), "{listed:?}");
        let template = other
            .templates()
            .get_inquiry_template(pb::GetInquiryTemplateRequest {
                id: acme.sandbox_template.clone(),
            })
            .await;
        assert_error(template, Code::NotFound, "INQUIRY_TEMPLATE_NOT_FOUND");
        let from_foreign_template = other
            .inquiries()
            .create_inquiry(pb::CreateInquiryRequest {
                inquiry: Some(pb::Inquiry {
                    inquiry_template_id: acme.sandbox_template.clone(),
                    ..Default::default()
                }),
                create_one_time_link: false,
                ..Default::default()
            })
            .await;
        assert_error(
            from_foreign_template,
            Code::NotFound,
            "INQUIRY_TEMPLATE_NOT_FOUND",
        );
    }

    // Nothing the others tried changed the inquiry.
    let after = owner
        .inquiries()
        .get_inquiry(pb::GetInquiryRequest {
            id: inquiry.id.clone(),
        })
        .await
        .expect("owner reads")
        .into_inner()
        .inquiry
        .expect("inquiry");
    assert_eq!(after, inquiry);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_garbage_revoked_and_session_credentials_are_unauthenticated() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let list = |credential: String| list_as(&server, credential);
    assert_error(
        list(String::new()).await,
        Code::Unauthenticated,
        "CREDENTIALS_MISSING",
    );
    assert_error(
        list("garbage".into()).await,
        Code::Unauthenticated,
        "CREDENTIALS_MALFORMED",
    );
    let unknown = format!("vlk_sandbox_{}", "A".repeat(32));
    assert_error(
        list(unknown).await,
        Code::Unauthenticated,
        "API_KEY_INVALID",
    );
    // A real key presented as the other environment's key is not a key.
    let wrong_env = org.sandbox_key.replace("vlk_sandbox_", "vlk_live_");
    assert_error(
        list(wrong_env).await,
        Code::Unauthenticated,
        "API_KEY_INVALID",
    );
    let session = format!("vls_{}", "B".repeat(32));
    assert_error(
        list(session).await,
        Code::Unauthenticated,
        "SESSION_TOKEN_NOT_ALLOWED",
    );

    // Listening, the replica caches the key: the revocation has to reach the cache.
    eventually("the replica follows the change feed", || {
        server.app.is_following()
    })
    .await;
    assert!(list(org.sandbox_key.clone()).await.is_ok());
    revoke_key(&server, &org.sandbox_key_id).await;
    let deadline = Instant::now() + REVOCATION_HEARD;
    let refused = until_refused(deadline, || list(org.sandbox_key.clone())).await;
    assert_error(refused, Code::Unauthenticated, "API_KEY_INVALID");
    assert!(
        list(org.live_key.clone()).await.is_ok(),
        "other keys keep working"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_api_key_is_rate_limited_on_its_own() {
    let server = TestServer::start_limited(crate::common::Limits {
        calls_per_key_per_minute: 5,
        ..crate::common::Limits::default()
    })
    .await;
    let org = server.org("acme").await;
    let sandbox = server.client(&org.sandbox_key).await;
    for _ in 0..5 {
        sandbox
            .inquiries()
            .list_inquiries(pb::ListInquiriesRequest::default())
            .await
            .expect("within the limit");
    }
    let limited = sandbox
        .inquiries()
        .list_inquiries(pb::ListInquiriesRequest::default())
        .await;
    let status = assert_error(limited, Code::ResourceExhausted, "RATE_LIMITED");
    use verilink_client::tonic_types::StatusExt;
    assert!(status
        .get_details_retry_info()
        .and_then(|r| r.retry_delay)
        .is_some());
    let live = server.client(&org.live_key).await;
    assert!(
        live.inquiries()
            .list_inquiries(pb::ListInquiriesRequest::default())
            .await
            .is_ok(),
        "another key is unaffected"
    );
    server.clock.advance(chrono::TimeDelta::seconds(61));
    assert!(
        sandbox
            .inquiries()
            .list_inquiries(pb::ListInquiriesRequest::default())
            .await
            .is_ok(),
        "the window slides"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_key_stops_working_on_every_replica_within_a_second() {
    let (first, second) = TestServer::two_following_replicas().await;
    let org = first.org("acme").await;
    let clients = [
        first.client(&org.sandbox_key).await,
        second.client(&org.sandbox_key).await,
    ];
    for client in &clients {
        client
            .inquiries()
            .list_inquiries(pb::ListInquiriesRequest::default())
            .await
            .expect("the key works (and is now cached) on both replicas");
    }
    revoke_key(&first, &org.sandbox_key_id).await;
    // The product's second is what an idle machine shows; the bound only tells the notice
    // from the cache's expiry (see REVOCATION_HEARD).
    let deadline = Instant::now() + REVOCATION_HEARD;
    for client in &clients {
        let answer = until_refused(deadline, || async move {
            client
                .inquiries()
                .list_inquiries(pb::ListInquiriesRequest::default())
                .await
        })
        .await;
        assert_error(answer, Code::Unauthenticated, "API_KEY_INVALID");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_authentications_are_throttled_per_address_but_known_keys_keep_working() {
    let server = TestServer::start_limited(crate::common::Limits {
        auth_failures_per_minute: 5,
        ..crate::common::Limits::default()
    })
    .await;
    let org = server.org("acme").await;
    let list = |credential: String| list_as(&server, credential);
    // Keys are cached once the replica hears revocations; then the sandbox key becomes known
    // to it, the live key not yet.
    eventually("the change feed is followed", || server.app.is_following()).await;
    assert!(list(org.sandbox_key.clone()).await.is_ok());
    for i in 0..5 {
        let guess = format!("vlk_sandbox_{}{i}", "G".repeat(31));
        assert_error(list(guess).await, Code::Unauthenticated, "API_KEY_INVALID");
    }
    let guess = format!("vlk_sandbox_{}", "H".repeat(32));
    let throttled = assert_error(
        list(guess.clone()).await,
        Code::ResourceExhausted,
        "TOO_MANY_FAILED_AUTHENTICATIONS",
    );
    use verilink_client::tonic_types::StatusExt;
    assert!(throttled
        .get_details_retry_info()
        .and_then(|r| r.retry_delay)
        .is_some());
    assert_error(
        list(org.live_key.clone()).await,
        Code::ResourceExhausted,
        "TOO_MANY_FAILED_AUTHENTICATIONS",
    );
    assert!(
        list(org.sandbox_key.clone()).await.is_ok(),
        "a key this replica already knows is not locked out by others' guesses"
    );

    server.clock.advance(chrono::TimeDelta::seconds(61));
    assert_error(list(guess).await, Code::Unauthenticated, "API_KEY_INVALID");
    assert!(list(org.live_key.clone()).await.is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_token_pages_only_the_list_and_tenant_that_got_it() {
    let server = TestServer::start().await;
    let acme = server.org("acme").await;
    let globex = server.org("globex").await;
    let owner = server.client(&acme.sandbox_key).await;
    // A second apart, so that newest first is "second", then "first".
    for reference in ["first", "second"] {
        create_inquiry(&owner, &acme.sandbox_template, reference).await;
        server.clock.advance(chrono::TimeDelta::seconds(1));
    }
    // Each foreign tenant has an inquiry of its own, which a token must not page into.
    let globex_client = server.client(&globex.sandbox_key).await;
    create_inquiry(&globex_client, &globex.sandbox_template, "theirs").await;
    let acme_live = server.client(&acme.live_key).await;
    create_inquiry(&acme_live, &acme.live_template, "live").await;

    let one = pb::ListInquiriesRequest {
        page_size: 1,
        ..Default::default()
    };
    let token = owner
        .inquiries()
        .list_inquiries(one.clone())
        .await
        .expect("first page")
        .into_inner()
        .next_page_token;
    assert!(!token.is_empty());
    let next = pb::ListInquiriesRequest {
        page_token: token.clone(),
        ..one
    };
    let foreign = [(
        "page_token".to_owned(),
        "was issued to another organization or environment".to_owned(),
    )];
    for other in [&globex_client, &acme_live] {
        let refused = other.inquiries().list_inquiries(next.clone()).await;
        assert_eq!(violations(refused), foreign);
    }
    let other_list = owner
        .templates()
        .list_inquiry_templates(pb::ListInquiryTemplatesRequest {
            page_token: token.clone(),
            ..Default::default()
        })
        .await;
    let [(field, why)] = &violations(other_list)[..] else {
        panic!("one violation");
    };
    assert_eq!(field, "page_token");
    assert!(why.contains("ListInquiries"), "{why}");
    let second = owner
        .inquiries()
        .list_inquiries(next)
        .await
        .expect("the owner's second page")
        .into_inner();
    assert_eq!(second.inquiries[0].reference_id, "first");

    // The same over REST: another organization's key, and the live key.
    let rest = crate::rest::Rest::new(&server, Some(&acme.sandbox_key));
    let listed = rest.get("/v1/inquiries?pageSize=1").await.ok();
    let token = listed["nextPageToken"].as_str().expect("token").to_owned();
    let target = format!("/v1/inquiries?pageSize=1&pageToken={token}");
    for key in [&globex.sandbox_key, &acme.live_key] {
        let reply = rest.with(Some(key)).get(&target).await;
        let error = reply.error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT");
        assert_eq!(crate::rest::violated(error), ["page_token"]);
        assert!(reply.text.contains("another organization or environment"));
    }
    let mine = rest.get(&target).await.ok();
    assert_eq!(mine["inquiries"][0]["referenceId"], "first");
}

/// Behind a trusted proxy every request from one IPv6 subscriber can name a new address of its
/// /64; the throttle counts the /64, so picking addresses buys no more guesses.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_authentications_from_one_ipv6_64_share_one_budget() {
    let db = tokio::task::spawn_blocking(crate::common::TestDb::new)
        .await
        .expect("db");
    let served = crate::common::Served::start(
        &db,
        "acme",
        &[
            ("VERILINK_TRUSTED_PROXIES", "127.0.0.1/32"),
            ("VERILINK_AUTH_FAILURES_PER_MINUTE", "3"),
        ],
    );
    let listening = crate::observability::next_log(&served.lines, &mut Vec::new(), |log| {
        log["fields"]["message"] == "HTTP listening"
    });
    let base = format!(
        "http://{}",
        listening["fields"]["addr"].as_str().expect("addr")
    );
    let http = reqwest::Client::new();
    let list_from = |forwarded: String| {
        http.get(format!("{base}/v1/inquiries"))
            .bearer_auth(format!("vlk_sandbox_{}", "G".repeat(32)))
            .header("x-forwarded-for", forwarded)
            .send()
    };
    for i in 1..=3 {
        let answer = list_from(format!("2001:db8:1:2::{i}")).await.expect("list");
        assert_eq!(answer.status(), 401);
    }
    let answer = list_from("2001:db8:1:2:ffff::9".into())
        .await
        .expect("list");
    assert_eq!(answer.status(), 429, "the same /64 is throttled");
    let answer = list_from("2001:db8:1:3::1".into()).await.expect("list");
    assert_eq!(answer.status(), 401, "the next /64 is not");
}
