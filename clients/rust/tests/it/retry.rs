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
async fn retries_stop_at_the_deadline_and_repeat_a_mutation_with_its_key() {
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

    // A mutation is retried until the server, starting in a second, answers: with the
    // caller's idempotency key, or with one the client generates. Either is done once.
    let create = |name: &str| {
        let mut request = Request::new(pb::CreateInquiryTemplateRequest {
            inquiry_template: Some(pb::InquiryTemplate {
                name: name.into(),
                ..Default::default()
            }),
        });
        request.set_timeout(LATE_SERVER);
        request
    };
    let keyed_name = format!("keyed {port} {}", std::process::id());
    let unkeyed_name = format!("unkeyed {port} {}", std::process::id());
    let mut keyed = create(&keyed_name);
    keyed.metadata_mut().insert(
        "idempotency-key",
        format!("rust-retry-{port}-{}", std::process::id())
            .parse()
            .expect("key"),
    );
    let server = start_later(port);
    let started = Instant::now();
    let (mut first, mut second) = (client.templates(), client.templates());
    let (keyed, unkeyed) = tokio::join!(
        first.create_inquiry_template(keyed),
        second.create_inquiry_template(create(&unkeyed_name)),
    );
    assert!(started.elapsed() >= Duration::from_secs(1), "it waited");
    for (created, name) in [(keyed, &keyed_name), (unkeyed, &unkeyed_name)] {
        let created = created
            .expect("retried until the server answered")
            .into_inner()
            .inquiry_template
            .expect("template");
        assert_eq!(&created.name, name);
    }
    let names: Vec<String> = client
        .templates()
        .list_inquiry_templates(pb::ListInquiryTemplatesRequest {
            page_size: 500,
            ..Default::default()
        })
        .await
        .expect("list templates")
        .into_inner()
        .inquiry_templates
        .into_iter()
        .map(|template| template.name)
        .filter(|name| [&keyed_name, &unkeyed_name].contains(&name))
        .collect();
    assert_eq!(names.len(), 2, "each created once: {names:?}");
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

/// What a stand-in server saw of an attempt.
#[derive(Debug)]
struct Attempt {
    method: String,
    /// Its `grpc-timeout`.
    timeout: Duration,
    /// Its `idempotency-key` entries.
    keys: Vec<String>,
}

type Attempts = Arc<Mutex<Vec<Attempt>>>;

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
            let keys = request
                .headers()
                .get_all("idempotency-key")
                .iter()
                .map(|key| key.to_str().expect("ASCII").to_owned())
                .collect();
            record.lock().unwrap().push(Attempt {
                method: method.to_owned(),
                timeout,
                keys,
            });
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

fn taken(attempts: &Attempts) -> Vec<Attempt> {
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
    assert!(seen[0].timeout <= ON_THE_WIRE, "{seen:?}");
    // The backoffs are at least 16 ms (20 ms less the jitter), and a busy machine only makes
    // the gaps longer.
    assert!(
        seen.windows(2)
            .all(|pair| pair[1].timeout + Duration::from_millis(15) <= pair[0].timeout),
        "each attempt has less time left, by at least the backoff: {seen:?}"
    );
}

#[tokio::test]
async fn on_the_wire_every_attempt_of_a_mutation_sends_one_key() {
    let (client, attempts) = stand_in(|| tonic::Status::unavailable("down")).await;
    let policy = RetryPolicy {
        max_attempts: 3,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(10),
    };
    let retrying = client.with_retries(policy);
    let keys_sent = |attempts: &Attempts| -> Vec<Vec<String>> {
        taken(attempts).into_iter().map(|a| a.keys).collect()
    };

    // Without a key of the caller's: one the client generated, the same on every attempt.
    let _ = retrying
        .inquiries()
        .approve_inquiry(pb::ApproveInquiryRequest::default())
        .await;
    let sent = keys_sent(&attempts);
    assert_eq!(sent.len(), 3, "retried: {sent:?}");
    let key = sent[0].first().expect("a key").clone();
    assert!(
        key.len() == 32 && key.bytes().all(|b| b.is_ascii_hexdigit()),
        "128 bits in hex: {key:?}"
    );
    assert!(sent.iter().all(|keys| keys == &[key.as_str()]), "{sent:?}");

    // The next call gets a key of its own.
    let _ = retrying
        .inquiries()
        .approve_inquiry(pb::ApproveInquiryRequest::default())
        .await;
    let next = keys_sent(&attempts);
    assert_eq!(next.len(), 3, "{next:?}");
    assert_ne!(next[0], sent[0]);

    // The caller's key is kept.
    let _ = retrying
        .inquiries()
        .approve_inquiry(idempotent(pb::ApproveInquiryRequest::default(), "mine").expect("key"))
        .await;
    let sent = keys_sent(&attempts);
    assert_eq!(sent.len(), 3, "{sent:?}");
    assert!(sent.iter().all(|keys| keys == &["mine"]), "{sent:?}");

    // A read sends none, retried or not. Without retries a call is sent once, as it is.
    let _ = retrying
        .inquiries()
        .get_inquiry(get("inq_x", ON_THE_WIRE))
        .await;
    let _ = client
        .inquiries()
        .get_inquiry(get("inq_x", ON_THE_WIRE))
        .await;
    let _ = client
        .inquiries()
        .approve_inquiry(pb::ApproveInquiryRequest::default())
        .await;
    let sent: Vec<(String, Vec<String>)> = taken(&attempts)
        .into_iter()
        .map(|a| (a.method, a.keys))
        .collect();
    let expected = |method: &str| (method.to_owned(), Vec::<String>::new());
    assert_eq!(
        sent,
        [
            expected("GetInquiry"),
            expected("GetInquiry"),
            expected("GetInquiry"),
            expected("GetInquiry"),
            expected("ApproveInquiry"),
        ]
    );
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
