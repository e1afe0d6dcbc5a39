use chrono::TimeDelta;
use diesel::RunQueryDsl;
use tonic::Code;
use verilink_client::{idempotent, pb, VerilinkClient};

use crate::common::{assert_error, create_inquiry, violated_fields, TestServer};

fn create_request(template: &str, reference_id: &str) -> pb::CreateInquiryRequest {
    pb::CreateInquiryRequest {
        inquiry: Some(pb::Inquiry {
            inquiry_template_id: template.into(),
            reference_id: reference_id.into(),
            fields: (0..5)
                .map(|i| (format!("f{i}"), crate::common::string_field("v")))
                .collect(),
            ..Default::default()
        }),
        create_one_time_link: true,
        ..Default::default()
    }
}

async fn count_inquiries(client: &VerilinkClient) -> usize {
    client
        .inquiries()
        .list_inquiries(pb::ListInquiriesRequest::default())
        .await
        .expect("list")
        .into_inner()
        .inquiries
        .len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replay_returns_the_identical_response_without_repeating_the_work() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let first = client
        .inquiries()
        .create_inquiry(
            idempotent(create_request(&org.sandbox_template, "u1"), "create-u1").expect("key"),
        )
        .await
        .expect("first")
        .into_inner();
    server.clock.advance(TimeDelta::minutes(1));
    // A fresh client encodes the map in its own order: the request is still the same request.
    let again = server
        .client(&org.sandbox_key)
        .await
        .inquiries()
        .create_inquiry(
            idempotent(create_request(&org.sandbox_template, "u1"), "create-u1").expect("key"),
        )
        .await
        .expect("replay")
        .into_inner();
    assert_eq!(again, first, "the same inquiry and the same link codes");
    assert_eq!(count_inquiries(&client).await, 1);

    let inquiry_id = first.inquiry.expect("inquiry").id;
    let generate = || {
        idempotent(
            pb::GenerateOneTimeLinkRequest {
                inquiry_id: inquiry_id.clone(),
                ..Default::default()
            },
            "link-1",
        )
        .expect("key")
    };
    let link = client
        .one_time_links()
        .generate_one_time_link(generate())
        .await
        .expect("generate")
        .into_inner();
    let replayed = client
        .one_time_links()
        .generate_one_time_link(generate())
        .await
        .expect("replay")
        .into_inner();
    assert_eq!(replayed, link);
    let links = client
        .one_time_links()
        .list_one_time_links(pb::ListOneTimeLinksRequest {
            inquiry_id: inquiry_id.clone(),
            ..Default::default()
        })
        .await
        .expect("list")
        .into_inner()
        .one_time_links;
    let pending: Vec<_> = links
        .iter()
        .filter(|l| l.status == pb::OneTimeLinkStatus::Pending as i32)
        .collect();
    assert_eq!(links.len(), 2, "the replay generated nothing");
    assert_eq!(pending.len(), 1);
    assert_eq!(
        Some(pending[0]),
        link.one_time_link.as_ref(),
        "the replay did not revoke the link it created"
    );
    crate::common::redeem(&server.addr, &replayed.code)
        .await
        .expect("the replayed code works");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_reused_for_another_request_is_refused_until_it_expires() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    client
        .inquiries()
        .create_inquiry(idempotent(create_request(&org.sandbox_template, "u1"), "k").expect("key"))
        .await
        .expect("first");
    let other = client
        .inquiries()
        .create_inquiry(idempotent(create_request(&org.sandbox_template, "u2"), "k").expect("key"))
        .await;
    assert_error(other, Code::InvalidArgument, "IDEMPOTENCY_KEY_REUSED");
    let inquiry = create_inquiry(&client, &org.sandbox_template, "x").await;
    let other_rpc = client
        .inquiries()
        .expire_inquiry(
            idempotent(
                pb::ExpireInquiryRequest {
                    id: inquiry.id.clone(),
                },
                "k",
            )
            .expect("key"),
        )
        .await;
    assert_error(other_rpc, Code::InvalidArgument, "IDEMPOTENCY_KEY_REUSED");
    let too_long = client
        .inquiries()
        .expire_inquiry(
            idempotent(
                pb::ExpireInquiryRequest {
                    id: inquiry.id.clone(),
                },
                &"k".repeat(256),
            )
            .expect("key"),
        )
        .await;
    assert_eq!(violated_fields(too_long), ["idempotency-key"]);

    // A failed call gives its key back.
    let failing = client
        .inquiries()
        .approve_inquiry(
            idempotent(
                pb::ApproveInquiryRequest {
                    id: "inq_000000000000000000000000".into(),
                    comment: String::new(),
                },
                "f",
            )
            .expect("key"),
        )
        .await;
    assert_error(failing, Code::NotFound, "INQUIRY_NOT_FOUND");
    client
        .inquiries()
        .approve_inquiry(
            idempotent(
                pb::ApproveInquiryRequest {
                    id: inquiry.id.clone(),
                    comment: String::new(),
                },
                "f",
            )
            .expect("key"),
        )
        .await
        .expect("the key is free again");

    // Keys are kept for 24 hours.
    server.clock.advance(TimeDelta::hours(24));
    client
        .inquiries()
        .create_inquiry(idempotent(create_request(&org.sandbox_template, "u2"), "k").expect("key"))
        .await
        .expect("after 24 hours the key is new");
    assert_eq!(count_inquiries(&client).await, 3);

    // Keys are per tenant.
    let live = server.client(&org.live_key).await;
    live.inquiries()
        .create_inquiry(idempotent(create_request(&org.live_template, "u1"), "k").expect("key"))
        .await
        .expect("another tenant's key space");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_duplicate_of_a_running_call_is_aborted_and_concurrent_duplicates_do_the_work_once() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;

    // Concurrent duplicates: every one either replays or is told to retry; the work happens once.
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..16 {
        let client = client.clone();
        let request = create_request(&org.sandbox_template, "racer");
        calls.spawn(async move {
            client
                .inquiries()
                .create_inquiry(idempotent(request, "race").expect("key"))
                .await
                .map(tonic::Response::into_inner)
        });
    }
    let mut responses = Vec::new();
    while let Some(result) = calls.join_next().await {
        match result.expect("task") {
            Ok(response) => responses.push(response),
            Err(status) => {
                assert_eq!(status.code(), Code::Aborted, "{status:?}");
                assert_eq!(
                    verilink_client::error_reason(&status).as_deref(),
                    Some("IDEMPOTENCY_KEY_IN_USE")
                );
            }
        }
    }
    assert!(!responses.is_empty());
    assert!(
        responses.iter().all(|r| *r == responses[0]),
        "every success is the same response"
    );
    assert_eq!(count_inquiries(&client).await, 1, "the work was done once");

    // Deterministically: a first call that is still running holds its key's lock in its open
    // transaction, as this connection does now.
    let request = pb::ExpireInquiryRequest {
        id: responses[0].inquiry.as_ref().expect("i").id.clone(),
    };
    let mut holder = server.db.connect();
    diesel::connection::SimpleConnection::batch_execute(&mut holder, "BEGIN").expect("begin");
    #[derive(diesel::QueryableByName)]
    struct Org {
        #[diesel(sql_type = diesel::sql_types::Text)]
        organization_id: String,
    }
    let org_id = diesel::sql_query("SELECT organization_id FROM api_keys LIMIT 1")
        .get_result::<Org>(&mut holder)
        .expect("org")
        .organization_id;
    let tenant = verilink::domain::tenant::Tenant {
        organization_id: org_id,
        environment: verilink::domain::tenant::Environment::Sandbox,
    };
    let key_digest = verilink::domain::secrets::digest("running");
    assert!(
        verilink::store::idempotency::try_lock(&mut holder, &tenant, &key_digest).expect("lock")
    );
    let running = client
        .inquiries()
        .expire_inquiry(idempotent(request, "running").expect("key"))
        .await;
    assert_error(running, Code::Aborted, "IDEMPOTENCY_KEY_IN_USE");
    diesel::connection::SimpleConnection::batch_execute(&mut holder, "ROLLBACK")
        .expect("the first call ends");
}

/// How many rows a table holds, read straight from the database.
async fn rows(server: &TestServer, table: &str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let mut conn = server.db.connect();
    diesel::sql_query(format!("SELECT count(*) AS n FROM {table}"))
        .get_result::<Count>(&mut conn)
        .expect("count")
        .n
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crash_before_commit_leaves_nothing_and_a_lost_response_is_replayed_not_redone() {
    use verilink::app::Fault;
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let create = || {
        idempotent(
            create_request(&org.sandbox_template, "crash"),
            "create-crash",
        )
        .expect("key")
    };

    // The work's statements ran, then the transaction failed: nothing of it remains, and the
    // retry does the work (once).
    server
        .app
        .inject_fault("CreateInquiry", Fault::BeforeCommit);
    let crashed = client.inquiries().create_inquiry(create()).await;
    assert_error(crashed, Code::Internal, "INTERNAL");
    assert_eq!(rows(&server, "inquiries").await, 0);
    assert_eq!(rows(&server, "one_time_links").await, 0);
    assert_eq!(rows(&server, "events").await, 0);
    assert_eq!(rows(&server, "idempotency_records").await, 0);
    let created = client
        .inquiries()
        .create_inquiry(create())
        .await
        .expect("the retry does the work")
        .into_inner();
    assert_eq!(rows(&server, "inquiries").await, 1);

    // The work committed and the response was lost: the retry replays it, doing nothing again.
    let inquiry_id = created.inquiry.expect("inquiry").id;
    let generate = || {
        idempotent(
            pb::GenerateOneTimeLinkRequest {
                inquiry_id: inquiry_id.clone(),
                ..Default::default()
            },
            "link-crash",
        )
        .expect("key")
    };
    server
        .app
        .inject_fault("GenerateOneTimeLink", Fault::AfterCommit);
    let lost = client
        .one_time_links()
        .generate_one_time_link(generate())
        .await;
    assert_error(lost, Code::Internal, "INTERNAL");
    let links_after_commit = rows(&server, "one_time_links").await;
    assert_eq!(
        links_after_commit, 2,
        "the create's link and the committed one"
    );
    let replayed = client
        .one_time_links()
        .generate_one_time_link(generate())
        .await
        .expect("the retry replays")
        .into_inner();
    assert_eq!(rows(&server, "one_time_links").await, links_after_commit);
    crate::common::redeem(&server.addr, &replayed.code)
        .await
        .expect("the replayed code is the committed link's");

    // The same for GenerateOneTimeLink failing before commit, and CreateInquiry after it.
    server
        .app
        .inject_fault("GenerateOneTimeLink", Fault::BeforeCommit);
    let other_inquiry = create_inquiry(&client, &org.sandbox_template, "other").await;
    let generate_other = || {
        idempotent(
            pb::GenerateOneTimeLinkRequest {
                inquiry_id: other_inquiry.id.clone(),
                ..Default::default()
            },
            "link-other",
        )
        .expect("key")
    };
    let crashed = client
        .one_time_links()
        .generate_one_time_link(generate_other())
        .await;
    assert_error(crashed, Code::Internal, "INTERNAL");
    assert_eq!(rows(&server, "one_time_links").await, links_after_commit);
    client
        .one_time_links()
        .generate_one_time_link(generate_other())
        .await
        .expect("the retry does the work");
    assert_eq!(
        rows(&server, "one_time_links").await,
        links_after_commit + 1
    );

    server.app.inject_fault("CreateInquiry", Fault::AfterCommit);
    let second =
        || idempotent(create_request(&org.sandbox_template, "late"), "create-late").expect("key");
    assert_error(
        client.inquiries().create_inquiry(second()).await,
        Code::Internal,
        "INTERNAL",
    );
    let before_retry = rows(&server, "inquiries").await;
    let replay = client
        .inquiries()
        .create_inquiry(second())
        .await
        .expect("replayed")
        .into_inner();
    assert_eq!(
        rows(&server, "inquiries").await,
        before_retry,
        "nothing created twice"
    );
    assert_eq!(replay.inquiry.expect("inquiry").reference_id, "late");
}

/// A connection lost while the change commits (a failover, a killed backend) leaves the server
/// not knowing whether it took effect: the caller is told so, in its own reason, and a retry
/// with the same idempotency key does the work exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_lost_at_commit_says_the_outcome_is_unknown_and_a_keyed_retry_is_safe() {
    use verilink::app::Fault;
    use verilink_client::tonic_types::StatusExt;
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let create = || {
        idempotent(
            create_request(&org.sandbox_template, "failover"),
            "create-failover",
        )
        .expect("key")
    };
    server
        .app
        .inject_fault("CreateInquiry", Fault::ConnectionLostAtCommit);
    let lost = client.inquiries().create_inquiry(create()).await;
    let status = assert_error(lost, Code::Unavailable, "COMMIT_OUTCOME_UNKNOWN");
    assert!(
        status.message().contains("same idempotency key"),
        "{}",
        status.message()
    );
    assert!(status.get_details_retry_info().is_some());
    let created = client
        .inquiries()
        .create_inquiry(create())
        .await
        .expect("the keyed retry")
        .into_inner();
    let again = client
        .inquiries()
        .create_inquiry(create())
        .await
        .expect("a second retry replays")
        .into_inner();
    assert_eq!(created, again);
    assert_eq!(rows(&server, "inquiries").await, 1);
}
