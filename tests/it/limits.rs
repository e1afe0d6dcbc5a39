//! Limits that hold across replicas: the per-key call limit and the failed-authentication
//! throttle count all replicas' calls together.

use futures_util::{stream, StreamExt};
use tonic::Code;
use verilink_client::{pb, VerilinkClient};

use crate::common::{assert_error, Limits, TestServer};

/// Three replicas over one database, with these limits.
async fn three(limits: Limits) -> (TestServer, TestServer, TestServer) {
    let first = TestServer::start_limited(limits).await;
    let second = first.replica(limits).await;
    let third = first.replica(limits).await;
    (first, second, third)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_gets_its_limit_in_a_minute_however_its_calls_are_spread_over_replicas() {
    let limits = Limits {
        calls_per_key_per_minute: 300,
        ..Limits::default()
    };
    let (first, second, third) = three(limits).await;
    let org = first.org("acme").await;
    let mut clients = Vec::new();
    for server in [&first, &second, &third] {
        clients.push(server.client(&org.sandbox_key).await);
    }
    let list = |client: VerilinkClient| async move {
        client
            .inquiries()
            .list_inquiries(pb::ListInquiriesRequest {
                page_size: 1,
                ..Default::default()
            })
            .await
    };
    // 600 calls, 8 at a time, unevenly spread: half to the first replica, a third to the
    // second, the rest to the third.
    let answers: Vec<_> = stream::iter(0..600)
        .map(|i| list(clients[[0, 0, 0, 1, 1, 2][i % 6]].clone()))
        .buffer_unordered(8)
        .collect()
        .await;
    let served = answers.iter().filter(|a| a.is_ok()).count();
    for refused in answers.into_iter().filter(Result::is_err) {
        assert_error(refused, Code::ResourceExhausted, "RATE_LIMITED");
    }
    // Each replica leases a fiftieth of the limit at a time: together they overshoot by at
    // most one unspent lease each, and fall short by at most as much (leases still held).
    let slack = 3 * 300 / 50;
    assert!(
        (300 - slack..=300 + slack).contains(&served),
        "{served} calls served of a limit of 300"
    );
    // The minute passes on every replica.
    first.clock.advance(chrono::TimeDelta::seconds(61));
    for client in clients {
        assert!(list(client).await.is_ok(), "the window slides");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_authentications_count_across_replicas() {
    let limits = Limits {
        auth_failures_per_minute: 6,
        ..Limits::default()
    };
    let (first, second, third) = three(limits).await;
    let org = first.org("acme").await;
    let replicas = [&first, &second, &third];
    // The first replica caches a key it has seen once it hears revocations.
    crate::common::eventually("the change feed is followed", || first.app.is_following()).await;
    let known = first.client(&org.sandbox_key).await;
    let list_known = || async {
        known
            .inquiries()
            .list_inquiries(pb::ListInquiriesRequest::default())
            .await
    };
    assert!(list_known().await.is_ok());
    let mut answers = Vec::new();
    for i in 0..12 {
        let guess = format!("vlk_sandbox_{}{i:02}", "G".repeat(30));
        let client = VerilinkClient::connect(replicas[i % 3].addr.clone(), &guess)
            .await
            .expect("connect");
        let answer = client
            .inquiries()
            .list_inquiries(pb::ListInquiriesRequest::default())
            .await;
        answers.push(answer.map_err(|status| {
            verilink_client::tonic_types::StatusExt::get_error_details(&status)
                .error_info()
                .map(|info| info.reason.clone())
                .unwrap_or_default()
        }));
    }
    let reasons: Vec<&str> = answers
        .iter()
        .map(|a| a.as_ref().err().map_or("served", String::as_str))
        .collect();
    // Six failures fill the budget; the replica that saw the sixth refuses at once, and each
    // other replica after the one failure that tells it — limit + (replicas − 1) lookups.
    let mut expected = vec!["API_KEY_INVALID"; 8];
    expected.extend(["TOO_MANY_FAILED_AUTHENTICATIONS"; 4]);
    assert_eq!(reasons, expected);
    // A key the replica knows still works from the address.
    assert!(list_known().await.is_ok());
}
