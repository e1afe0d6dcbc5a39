//! Retries, against a server of the test's own that starts late (or never), and on the wire
//! against a stand-in that always fails.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tonic::transport::Endpoint;
use tonic::{Code, Request};
use verilink_client::{idempotent, pb, RetryPolicy, VerilinkClient};

use crate::common::{create_inquiry, free_port, Env, OwnServer, PATIENCE};

/// A client for 127.0.0.1:`port`, where nothing listens yet.
fn client_for(port: u16, env: &Env) -> VerilinkClient {
    let channel = Endpoint::from_shared(format!("http://127.0.0.1:{port}"))
        .expect("endpoint")
        .connect_lazy();
    VerilinkClient::with_channel(channel, &env.api_key).expect("client")
}

/// Retries at most 200 ms apart (a late server is reached soon after it listens), for
/// minutes: at least 160 ms apart (200 ms less the jitter), 2000 attempts take over five,
/// longer than any wait of the suite ([`LATE_SERVER`]).
fn patient() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 2000,
        initial_backoff: Duration::from_millis(50),
        max_backoff: Duration::from_millis(200),
    }
}

/// The deadline of a call that waits for a server [`start_later`] starts: its second of
/// delay, then as long as the server may take to listen ([`PATIENCE`]), with room to spare.
const LATE_SERVER: Duration = Duration::from_secs(2 * PATIENCE.as_secs());

/// What a call that fails at once may take on a busy machine: far more than a refused
/// connection needs, far less than the retries of [`patient`] (minutes) or the deadlines of
/// the calls that fail (at least [`PATIENCE`]), which it would take if it retried or waited.
const AT_ONCE: Duration = Duration::from_secs(10);

/// Starts a server on `port` in 1 s.
fn start_later(port: u16) -> tokio::task::JoinHandle<OwnServer> {
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_secs(1)).await;
        OwnServer::start(port).await
    })
}

fn get(id: &str, timeout: Duration) -> Request<pb::GetInquiryRequest> {
    let mut request = Request::new(pb::GetInquiryRequest { id: id.into() });
    request.set_timeout(timeout);
    request
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_waits_for_a_late_server_only_with_retries_on() {
    let Some(env) = Env::get() else { return };
    let inquiry = create_inquiry(&env.client().await).await;
    let port = free_port();
    let client = client_for(port, &env);

    let started = Instant::now();
    let error = client
        .inquiries()
        .get_inquiry(get(&inquiry.id, PATIENCE))
        .await
        .expect_err("nobody listens");
    assert_eq!(error.code(), Code::Unavailable, "{error:?}");
    let elapsed = started.elapsed();
    assert!(elapsed < AT_ONCE, "failed fast: {elapsed:?}");

    let server = start_later(port);
    let started = Instant::now();
    let got = client
        .with_retries(patient())
        .inquiries()
        .get_inquiry(get(&inquiry.id, LATE_SERVER))
        .await
        .expect("retried until the server answered")
        .into_inner()
        .inquiry
        .expect("inquiry");
    assert_eq!(got.id, inquiry.id);
    assert!(started.elapsed() >= Duration::from_secs(1), "it waited");
    server.await.expect("server").stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retries_stop_at_the_deadline_and_never_repeat_a_plain_mutation() {
    let Some(env) = Env::get() else { return };
    let port = free_port();
    let client = client_for(port, &env).with_retries(patient());

    let started = Instant::now();
    let error = client
        .inquiries()
        .get_inquiry(get(
            &format!("inq_{}", "0".repeat(24)),
            Duration::from_millis(800),
        ))
        .await
        .expect_err("nobody listens");
    let elapsed = started.elapsed();
    assert_eq!(error.code(), Code::Unavailable, "{error:?}");
    // It gives up once the next backoff (at most 240 ms) would reach the deadline: after
    // 560 ms at the earliest. Past the deadline, the retries would go on for minutes.
    assert!(
        elapsed >= Duration::from_millis(500) && elapsed < Duration::from_millis(800) + AT_ONCE,
        "retried until the 800 ms deadline, not beyond: {elapsed:?}"
    );

    // Without an idempotency key a mutation fails at once, even with retries on: nobody
    // listens (the server starts only after it failed, so a busy machine cannot make the one
    // attempt find it), and retried it would fail only at its deadline.
    let mut request = Request::new(pb::CreateInquiryTemplateRequest {
        inquiry_template: Some(pb::InquiryTemplate {
            name: "never twice".into(),
            ..Default::default()
        }),
    });
    request.set_timeout(PATIENCE);
    let started = Instant::now();
    let error = client
        .templates()
        .create_inquiry_template(request)
        .await
        .expect_err("not retried");
    assert_eq!(error.code(), Code::Unavailable, "{error:?}");
    let elapsed = started.elapsed();
    assert!(elapsed < AT_ONCE, "failed fast: {elapsed:?}");

    // With one, it is retried until the server, starting in a second, answers.
    let server = start_later(port);
    let started = Instant::now();
    let request = idempotent(
        pb::CreateInquiryTemplateRequest {
            inquiry_template: Some(pb::InquiryTemplate {
                name: "exactly once".into(),
                ..Default::default()
            }),
        },
        &format!("rust-retry-{port}-{}", std::process::id()),
    )
    .expect("key");
    let created = client
        .templates()
        .create_inquiry_template(request)
        .await
        .expect("retried until the server answered")
        .into_inner()
        .inquiry_template
        .expect("template");
    assert!(started.elapsed() >= Duration::from_secs(1), "it waited");
    assert_eq!(created.name, "exactly once");
    server.await.expect("server").stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_duplicates_of_an_idempotent_call_all_get_the_one_answer() {
    let Some(env) = Env::get() else { return };
    let client = env.client().await.with_retries(patient());
    let key = format!("rust-duplicates-{}-{}", std::process::id(), free_port());
    let calls = (0..8).map(|_| {
        let client = client.clone();
        let request = idempotent(
            pb::CreateInquiryTemplateRequest {
                inquiry_template: Some(pb::InquiryTemplate {
                    name: "duplicated".into(),
                    ..Default::default()
                }),
            },
            &key,
        )
        .expect("key");
        tokio::spawn(async move { client.templates().create_inquiry_template(request).await })
    });
    let mut ids = Vec::new();
    for call in calls.collect::<Vec<_>>() {
        // ABORTED IDEMPOTENCY_KEY_IN_USE, for a duplicate racing the first call, is retried.
        let response = call.await.expect("task").expect("answered");
        ids.push(response.into_inner().inquiry_template.expect("template").id);
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "{ids:?}");
}

/// What a stand-in server saw of each attempt: the method and the `grpc-timeout` it was given.
type Attempts = Arc<Mutex<Vec<(String, Duration)>>>;

/// A gRPC endpoint on loopback that answers every call with `status` and records the
/// attempts: what the wire shows of retries, which the real server cannot be made to show
/// (it never sends ABORTED on purpose, nor UNAVAILABLE while it runs).
async fn stand_in(status: fn() -> tonic::Status) -> (VerilinkClient, Attempts) {
    let attempts = Attempts::default();
    let record = attempts.clone();
    let app = axum::Router::new().fallback(move |request: axum::extract::Request| {
        let record = record.clone();
        async move {
            let timeout = request
                .headers()
                .get("grpc-timeout")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_suffix('u'))
                .and_then(|micros| micros.parse().ok())
                .map_or(Duration::MAX, Duration::from_micros);
            let method = request.uri().path().rsplit('/').next().unwrap_or_default();
            record.lock().unwrap().push((method.to_owned(), timeout));
            status().into_http::<axum::body::Body>()
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    let channel = Endpoint::from_shared(format!("http://{addr}"))
        .expect("endpoint")
        .connect_lazy();
    let client = VerilinkClient::with_channel(channel, "vlk_sandbox_stand_in").expect("client");
    (client, attempts)
}

fn taken(attempts: &Attempts) -> Vec<(String, Duration)> {
    std::mem::take(&mut *attempts.lock().unwrap())
}

/// The deadline of the calls to a stand-in: far beyond what their attempts take, however busy
/// the machine, and under 100 s, so that `grpc-timeout` is in microseconds, as
/// [`stand_in`] reads it.
const ON_THE_WIRE: Duration = Duration::from_secs(60);

#[tokio::test]
async fn on_the_wire_each_retry_gets_what_is_left_of_the_deadline() {
    let (client, attempts) = stand_in(|| tonic::Status::unavailable("down")).await;
    let policy = RetryPolicy {
        max_attempts: 4,
        initial_backoff: Duration::from_millis(20),
        max_backoff: Duration::from_millis(50),
    };
    let retrying = client.with_retries(policy);
    let error = retrying
        .inquiries()
        .get_inquiry(get("inq_x", ON_THE_WIRE))
        .await
        .expect_err("always unavailable");
    assert_eq!(error.code(), Code::Unavailable);
    let seen = taken(&attempts);
    assert_eq!(seen.len(), 4, "{seen:?}");
    assert!(seen[0].1 <= ON_THE_WIRE, "{seen:?}");
    // The backoffs are at least 16 ms (20 ms less the jitter), and a busy machine only makes
    // the gaps longer.
    assert!(
        seen.windows(2)
            .all(|pair| pair[1].1 + Duration::from_millis(15) <= pair[0].1),
        "each attempt has less time left, by at least the backoff: {seen:?}"
    );

    // Once, without retries, or for a mutation without an idempotency key.
    let _ = client
        .inquiries()
        .get_inquiry(get("inq_x", ON_THE_WIRE))
        .await;
    let _ = retrying
        .inquiries()
        .approve_inquiry(pb::ApproveInquiryRequest::default())
        .await;
    let methods: Vec<String> = taken(&attempts).into_iter().map(|(m, _)| m).collect();
    assert_eq!(methods, ["GetInquiry", "ApproveInquiry"]);
}

#[tokio::test]
async fn on_the_wire_only_aborted_idempotency_key_in_use_is_retried() {
    use verilink_client::tonic_types::{ErrorDetails, StatusExt};
    let in_use = || {
        tonic::Status::with_error_details(
            Code::Aborted,
            "still running",
            ErrorDetails::with_error_info("IDEMPOTENCY_KEY_IN_USE", "verilink.dev", []),
        )
    };
    let policy = RetryPolicy {
        max_attempts: 3,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(10),
    };
    let approve = |key: &str| idempotent(pb::ApproveInquiryRequest::default(), key).expect("key");
    let (client, attempts) = stand_in(in_use).await;
    let error = client
        .with_retries(policy.clone())
        .inquiries()
        .approve_inquiry(approve("k1"))
        .await
        .expect_err("always in use");
    assert_eq!(
        verilink_client::error_reason(&error).as_deref(),
        Some("IDEMPOTENCY_KEY_IN_USE")
    );
    assert_eq!(taken(&attempts).len(), 3);

    let (client, attempts) = stand_in(|| tonic::Status::aborted("another reason")).await;
    let error = client
        .with_retries(policy)
        .inquiries()
        .approve_inquiry(approve("k2"))
        .await
        .expect_err("aborted");
    assert_eq!(error.code(), Code::Aborted);
    assert_eq!(taken(&attempts).len(), 1);
}
