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

    // Deterministically: a first call that is still running (its claim is in place, no response yet).
    let request = pb::ExpireInquiryRequest {
        id: responses[0].inquiry.as_ref().expect("i").id.clone(),
    };
    let request_digest = {
        use prost::Message;
        use sha2::{Digest, Sha256};
        let digest = Sha256::new()
            .chain_update(b"ExpireInquiry\0")
            .chain_update(request.encode_to_vec())
            .finalize();
        digest
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    let url = server.db.url.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn: diesel::PgConnection = diesel::Connection::establish(&url).expect("connect");
        diesel::sql_query(format!(
            "INSERT INTO idempotency_records (organization_id, environment, key_digest, request_digest, create_time) \
             SELECT organization_id, environment, sha256('running'::bytea), '\\x{request_digest}'::bytea, now() \
             FROM api_keys WHERE environment = 'sandbox'"
        ))
        .execute(&mut conn)
        .expect("insert a running claim");
    })
    .await
    .expect("task");
    let running = client
        .inquiries()
        .expire_inquiry(idempotent(request, "running").expect("key"))
        .await;
    assert_error(running, Code::Aborted, "IDEMPOTENCY_KEY_IN_USE");
}
