//! What operators and tools see: Prometheus metrics at `/metrics`, the HTTP access log, and
//! server reflection in both versions.

use std::collections::BTreeMap;

use serde_json::{json, Value};
use tokio_stream::StreamExt;
use verilink_client::pb;

use crate::common::{generate_link, Served, TestDb, TestServer, PATIENCE};
use crate::receiver::Receiver;
use crate::rest::Rest;

/// One sample of the Prometheus text format.
#[derive(Debug)]
struct Sample {
    name: String,
    labels: BTreeMap<String, String>,
    value: f64,
}

fn parse_labels(text: &str) -> BTreeMap<String, String> {
    let mut labels = BTreeMap::new();
    let mut rest = text;
    while let Some((key, after)) = rest.split_once("=\"") {
        let mut value = String::new();
        let mut chars = after.char_indices();
        let mut end = after.len();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => value.extend(chars.next().map(|(_, c)| c)),
                '"' => {
                    end = i + 1;
                    break;
                }
                c => value.push(c),
            }
        }
        labels.insert(key.trim_start_matches(',').trim().to_owned(), value);
        rest = &after[end..];
    }
    labels
}

fn parse(text: &str) -> Vec<Sample> {
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let (series, value) = line.rsplit_once(' ').expect("a value");
            let (name, labels) = match series.split_once('{') {
                Some((name, labels)) => (name, parse_labels(labels.trim_end_matches('}'))),
                None => (series, BTreeMap::new()),
            };
            Sample {
                name: name.to_owned(),
                labels,
                value: value.parse().expect("a number"),
            }
        })
        .collect()
}

/// The sum of the samples of `name` whose labels include `wanted`.
fn value(samples: &[Sample], name: &str, wanted: &[(&str, &str)]) -> f64 {
    samples
        .iter()
        .filter(|s| s.name == name)
        .filter(|s| {
            wanted
                .iter()
                .all(|(k, v)| s.labels.get(*k).map(String::as_str) == Some(*v))
        })
        .map(|s| s.value)
        .sum()
}

async fn scrape(server: &TestServer) -> Vec<Sample> {
    let response = reqwest::get(format!("{}/metrics", server.http))
        .await
        .expect("scrape");
    assert_eq!(response.status(), 200);
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        content_type.starts_with("text/plain; version=0.0.4"),
        "{content_type}"
    );
    parse(&response.text().await.expect("metrics text"))
}

/// How much each watched series moved between two scrapes.
struct Moved<'a> {
    before: &'a [Sample],
    after: &'a [Sample],
}

impl Moved<'_> {
    #[track_caller]
    fn at_least(&self, by: f64, name: &str, labels: &[(&str, &str)]) {
        let moved = value(self.after, name, labels) - value(self.before, name, labels);
        assert!(
            moved >= by,
            "{name}{labels:?} moved by {moved}, expected at least {by}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_calls_links_deliveries_and_the_pool() {
    let server = TestServer::start().await;
    let org = server.org("metrics").await;
    let api = Rest::new(&server, Some(&org.sandbox_key));
    let client = server.client(&org.sandbox_key).await;
    let receiver = Receiver::default();
    let hook = receiver.serve().await;
    let before = scrape(&server).await;

    // Calls over both transports, with errors.
    api.get("/v1/inquiries").await.ok();
    api.get("/v1/inquiries/inq_000000000000000000000000")
        .await
        .error(404, "NOT_FOUND", "INQUIRY_NOT_FOUND");
    let _ = api.get("/v1/nowhere").await;
    client
        .inquiries()
        .list_inquiries(pb::ListInquiriesRequest::default())
        .await
        .expect("gRPC list");
    reqwest::get(format!("{}/healthz", server.http))
        .await
        .expect("healthz");

    // Links: generated over gRPC, redeemed and refused over REST; a webhook queues a delivery.
    api.post("/v1/webhooks", json!({"url": hook, "enabledEvents": ["*"]}))
        .await
        .ok();
    let inquiry = crate::common::create_inquiry(&client, &org.sandbox_template, "m").await;
    let link = generate_link(&client, &inquiry.id).await;
    let anonymous = api.with(None);
    anonymous
        .post("/v1/oneTimeLinks:redeem", json!({"code": link.code}))
        .await
        .ok();
    anonymous
        .post("/v1/oneTimeLinks:redeem", json!({"code": link.code}))
        .await
        .error(400, "FAILED_PRECONDITION", "LINK_ALREADY_USED");
    anonymous
        .post("/v1/oneTimeLinks:redeem", json!({"code": "nope"}))
        .await
        .error(404, "NOT_FOUND", "LINK_NOT_FOUND");
    server.clock.advance(chrono::TimeDelta::seconds(90));
    let queued = scrape(&server).await;
    assert!(value(&queued, "verilink_webhook_queue_depth", &[]) >= 4.0);
    assert!(value(&queued, "verilink_webhook_queue_oldest_age_seconds", &[]) >= 90.0);

    let dispatcher = server.dispatcher();
    assert!(dispatcher.run_once().await.expect("dispatch") >= 4);
    assert!(!receiver.received().is_empty());
    let after = scrape(&server).await;
    let moved = Moved {
        before: &before,
        after: &after,
    };
    let rpc = "verilink_rpc_calls_total";
    let inquiries = ("service", "verilink.v1.InquiryService");
    for (transport, method, code) in [
        ("rest", "ListInquiries", "OK"),
        ("rest", "GetInquiry", "NOT_FOUND"),
        ("grpc", "ListInquiries", "OK"),
        ("grpc", "GenerateOneTimeLink", "OK"),
    ] {
        let labels = [
            ("transport", transport),
            inquiries,
            ("method", method),
            ("code", code),
        ];
        let labels = if method == "GenerateOneTimeLink" {
            [
                labels[0],
                ("service", "verilink.v1.OneTimeLinkService"),
                labels[2],
                labels[3],
            ]
        } else {
            labels
        };
        moved.at_least(1.0, rpc, &labels);
    }
    moved.at_least(
        1.0,
        rpc,
        &[
            ("transport", "rest"),
            ("method", "RedeemOneTimeLink"),
            ("code", "FAILED_PRECONDITION"),
        ],
    );
    moved.at_least(
        1.0,
        "verilink_rpc_call_duration_seconds_count",
        &[
            ("transport", "grpc"),
            inquiries,
            ("method", "ListInquiries"),
        ],
    );
    let http = "verilink_http_requests_total";
    moved.at_least(
        1.0,
        http,
        &[
            ("method", "GET"),
            ("route", "/v1/inquiries"),
            ("status", "200"),
        ],
    );
    moved.at_least(
        1.0,
        http,
        &[("route", "/v1/inquiries/{id}"), ("status", "404")],
    );
    moved.at_least(1.0, http, &[("route", "/v1/{*path}"), ("status", "404")]);
    moved.at_least(1.0, http, &[("route", "/healthz"), ("status", "200")]);
    moved.at_least(
        1.0,
        "verilink_http_request_duration_seconds_bucket",
        &[("route", "/healthz"), ("le", "+Inf")],
    );
    moved.at_least(1.0, "verilink_one_time_links_generated_total", &[]);
    moved.at_least(1.0, "verilink_one_time_links_redeemed_total", &[]);
    let refused = "verilink_one_time_link_redemptions_refused_total";
    moved.at_least(1.0, refused, &[("reason", "LINK_ALREADY_USED")]);
    moved.at_least(1.0, refused, &[("reason", "LINK_NOT_FOUND")]);
    moved.at_least(
        4.0,
        "verilink_webhook_deliveries_total",
        &[("outcome", "success")],
    );
    assert_eq!(value(&after, "verilink_webhook_queue_depth", &[]), 0.0);
    assert_eq!(value(&after, "verilink_db_pool_max_connections", &[]), 8.0);
    let connections = value(&after, "verilink_db_pool_connections", &[]);
    assert!((1.0..=8.0).contains(&connections), "{connections}");
    assert!(after
        .iter()
        .any(|s| s.name == "verilink_db_pool_waits_total"));
}

async fn channel(server: &TestServer) -> tonic::transport::Channel {
    tonic::transport::Channel::from_shared(server.addr.clone())
        .expect("address")
        .connect()
        .await
        .expect("connect")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reflection_answers_in_v1alpha_and_v1() {
    use tonic_reflection::pb::{v1, v1alpha};
    let server = TestServer::start().await;

    let mut alpha =
        v1alpha::server_reflection_client::ServerReflectionClient::new(channel(&server).await);
    let request = v1alpha::ServerReflectionRequest {
        host: String::new(),
        message_request: Some(
            v1alpha::server_reflection_request::MessageRequest::ListServices(String::new()),
        ),
    };
    let mut answers = alpha
        .server_reflection_info(tokio_stream::iter([request]))
        .await
        .expect("v1alpha reflection")
        .into_inner();
    let answer = answers.next().await.expect("an answer").expect("no error");
    let Some(v1alpha::server_reflection_response::MessageResponse::ListServicesResponse(list)) =
        answer.message_response
    else {
        panic!("{answer:?}");
    };
    let names: Vec<String> = list.service.into_iter().map(|s| s.name).collect();
    for expected in [
        "verilink.v1.InquiryService",
        "verilink.v1.WebhookService",
        "grpc.health.v1.Health",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} in {names:?}"
        );
    }

    let mut current =
        v1::server_reflection_client::ServerReflectionClient::new(channel(&server).await);
    let request = v1::ServerReflectionRequest {
        host: String::new(),
        message_request: Some(
            v1::server_reflection_request::MessageRequest::FileContainingSymbol(
                "verilink.v1.InquiryService".into(),
            ),
        ),
    };
    let mut answers = current
        .server_reflection_info(tokio_stream::iter([request]))
        .await
        .expect("v1 reflection")
        .into_inner();
    let answer = answers.next().await.expect("an answer").expect("no error");
    let Some(v1::server_reflection_response::MessageResponse::FileDescriptorResponse(files)) =
        answer.message_response
    else {
        panic!("{answer:?}");
    };
    assert!(!files.file_descriptor_proto.is_empty());
}

/// The next JSON log line that satisfies `wanted`, failing only after [`PATIENCE`].
pub(crate) fn next_log(
    lines: &std::sync::mpsc::Receiver<String>,
    seen: &mut Vec<String>,
    wanted: impl Fn(&Value) -> bool,
) -> Value {
    let deadline = std::time::Instant::now() + PATIENCE;
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        let line = lines.recv_timeout(left).expect("the log line");
        seen.push(line.clone());
        let log: Value = serde_json::from_str(&line).expect("JSON log line");
        if wanted(&log) {
            return log;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_http_request_is_logged_without_query_codes_tokens_or_keys() {
    let db = tokio::task::spawn_blocking(TestDb::new).await.expect("db");
    let served = Served::start(&db, "logs", &[]);
    let key = served.printed("vlk_sandbox_");
    let lines = &served.lines;
    let mut seen = Vec::new();
    let listening = next_log(lines, &mut seen, |log| {
        log["fields"]["message"] == "HTTP listening"
    });
    let base = format!(
        "http://{}",
        listening["fields"]["addr"].as_str().expect("addr")
    );

    let http = reqwest::Client::new();
    let secrets = ["secret-reference-7", "idem-secret-9", "CODESECRET123456"];
    let listed = http
        .get(format!("{base}/v1/inquiries?referenceId={}", secrets[0]))
        .bearer_auth(&key)
        .header("idempotency-key", secrets[1])
        .header("x-request-id", "support-4711")
        .send()
        .await
        .expect("list");
    assert_eq!(listed.status(), 200);
    assert_eq!(listed.headers()["x-request-id"], "support-4711");
    let redeemed = http
        .post(format!("{base}/v1/oneTimeLinks:redeem"))
        .body(format!("{{\"code\": \"{}\"}}", secrets[2]))
        .header("x-request-id", "not well formed")
        .send()
        .await
        .expect("redeem");
    assert_eq!(redeemed.status(), 404, "an unknown code");
    let made = redeemed.headers()["x-request-id"]
        .to_str()
        .expect("ASCII")
        .to_owned();
    assert_eq!(made.len(), 32, "one the server made: {made}");
    http.get(format!("{base}/healthz"))
        .send()
        .await
        .expect("healthz");

    let access = |log: &Value| log["target"] == "verilink::access";
    let first = next_log(lines, &mut seen, access);
    let second = next_log(lines, &mut seen, access);
    let third = next_log(lines, &mut seen, access);
    // gRPC calls are logged too, with the caller's request ID.
    let grpc_addr = seen
        .iter()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .find(|log| log["fields"]["message"] == "gRPC listening")
        .and_then(|log| log["fields"]["addr"].as_str().map(str::to_owned))
        .expect("the gRPC address was logged");
    let client = verilink_client::VerilinkClient::connect(format!("http://{grpc_addr}"), &key)
        .await
        .expect("connect");
    let mut request = tonic::Request::new(pb::ListInquiryTemplatesRequest::default());
    request
        .metadata_mut()
        .insert("x-request-id", "grpc-77".parse().expect("ASCII"));
    let answer = client
        .templates()
        .list_inquiry_templates(request)
        .await
        .expect("list");
    assert_eq!(
        answer.metadata().get("x-request-id").expect("x-request-id"),
        "grpc-77"
    );
    let grpc = next_log(lines, &mut seen, access);
    drop(served);
    let summary = |log: &Value| {
        let f = &log["fields"];
        assert!(f["duration_ms"].as_f64().is_some_and(|d| d >= 0.0), "{log}");
        assert_eq!(log["level"], "INFO");
        (
            f["method"].as_str().unwrap_or("").to_owned(),
            f["route"].as_str().unwrap_or("").to_owned(),
            f["status"].as_u64().unwrap_or(0),
        )
    };
    assert_eq!(summary(&first), ("GET".into(), "/v1/inquiries".into(), 200));
    assert_eq!(first["fields"]["request_id"], "support-4711");
    assert_eq!(
        summary(&second),
        ("POST".into(), "/v1/oneTimeLinks:redeem".into(), 404)
    );
    assert_eq!(second["fields"]["request_id"], made.as_str());
    assert_eq!(summary(&third), ("GET".into(), "/healthz".into(), 200));
    assert_eq!(grpc["fields"]["message"], "grpc call");
    assert_eq!(grpc["fields"]["method"], "ListInquiryTemplates", "{grpc}");
    assert_eq!(grpc["fields"]["code"], "OK");
    assert_eq!(grpc["fields"]["request_id"], "grpc-77");
    let log = seen.join("\n");
    for secret in secrets.iter().chain([&&key[12..]]) {
        assert!(!log.contains(secret), "{secret} was logged:\n{log}");
    }
}
