//! Requests whose line, headers or body stop arriving, on every port, and gRPC calls whose
//! message never ends.

use std::time::{Duration, Instant};

use bytes::Bytes;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tonic::Code;
use verilink_client::pb;

use super::{Server, DEADLINE, DEADLINE_MS, MARGIN};
use crate::common::assert_error;

/// Sockets of each stalled kind.
const STALLED: usize = 200;

/// How a stalled socket ended.
struct Ended {
    kind: &'static str,
    /// From before connecting until the server closed it; `None`: still open after the margin.
    closed_after: Option<Duration>,
    /// What the server sent.
    answer: String,
}

/// Sends `opening` and then nothing (or, with `trickle`, a header line every half second),
/// and waits for the server to close the connection.
async fn stalled_http(kind: &'static str, addr: String, opening: String, trickle: bool) -> Ended {
    let started = Instant::now();
    let stream = TcpStream::connect(&addr).await.expect("connect");
    let (mut reader, mut writer) = stream.into_split();
    writer.write_all(opening.as_bytes()).await.expect("send");
    let trickling = tokio::spawn(async move {
        if trickle {
            loop {
                tokio::time::sleep(Duration::from_millis(500)).await;
                if writer.write_all(b"X-Slow: 1\r\n").await.is_err() {
                    break;
                }
            }
        }
        // Holding the writer: dropping it would half-close the connection.
        std::future::pending::<()>().await;
    });
    let mut answer = Vec::new();
    let read = tokio::time::timeout(DEADLINE + MARGIN, reader.read_to_end(&mut answer)).await;
    trickling.abort();
    Ended {
        kind,
        closed_after: read.is_ok().then(|| started.elapsed()),
        answer: String::from_utf8_lossy(&answer).into_owned(),
    }
}

/// A gRPC call (`Health/Check`, no credential) whose message is announced as 100 bytes and
/// left at one: the status it ends with, and when.
async fn stalled_grpc(addr: String) -> (Option<Duration>, Option<tonic::Status>) {
    let started = Instant::now();
    let tcp = TcpStream::connect(&addr).await.expect("connect");
    let (mut client, connection) = h2::client::handshake(tcp).await.expect("h2 handshake");
    tokio::spawn(connection);
    let request = http::Request::post(format!("http://{addr}/grpc.health.v1.Health/Check"))
        .header("content-type", "application/grpc")
        .header("te", "trailers")
        .body(())
        .expect("request");
    let (response, mut body) = client.send_request(request, false).expect("a stream");
    body.send_data(Bytes::from_static(&[0, 0, 0, 0, 100, 8]), false)
        .expect("send");
    let Ok(response) = tokio::time::timeout(DEADLINE + MARGIN, response).await else {
        return (None, None);
    };
    let response = response.expect("an answer");
    drop(body);
    (
        Some(started.elapsed()),
        tonic::Status::from_header_map(response.headers()),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stalled_headers_and_bodies_are_cut_off_at_their_deadlines_while_others_are_served() {
    let server = Server::start(&[
        ("VERILINK_HEADER_TIMEOUT_MS", DEADLINE_MS),
        ("VERILINK_BODY_TIMEOUT_MS", DEADLINE_MS),
        ("VERILINK_MAX_CONNECTIONS", "1300"),
        ("VERILINK_MAX_CONNECTIONS_PER_ADDRESS", "1300"),
    ])
    .await;
    let key = server.served.printed("vlk_sandbox_");
    let body_of = |line: &str, kind: &str| {
        format!(
            "{line} HTTP/1.1\r\nHost: verilink\r\nContent-Type: {kind}\r\n\
             Content-Length: 100\r\n\r\n{{"
        )
    };
    let (json, form) = ("application/json", "application/x-www-form-urlencoded");
    // What each kind sends, where, whether it trickles header lines, and for a stalled body
    // what its 408 says.
    let kinds: [(&str, &str, String, bool, Option<&str>); 7] = [
        (
            "REST body",
            &server.http,
            body_of("POST /v1/inquiries", json),
            false,
            Some("REQUEST_TIMEOUT"),
        ),
        (
            "Persona API body",
            &server.http,
            body_of("POST /api/v1/inquiries", json),
            false,
            Some("REQUEST_TIMEOUT"),
        ),
        (
            "redeem body",
            &server.http,
            body_of("POST /v1/oneTimeLinks:redeem", json),
            false,
            Some("REQUEST_TIMEOUT"),
        ),
        (
            "hosted page form",
            &server.http,
            body_of("POST /verify", form),
            false,
            Some("the request body stopped arriving"),
        ),
        (
            "console form",
            &server.console,
            body_of("POST /login/link", form),
            false,
            Some("the request body stopped arriving"),
        ),
        (
            "trickled headers",
            &server.http,
            "GET /healthz HTTP/1.1\r\nHost: verilink\r\n".into(),
            true,
            None,
        ),
        (
            "half a request line",
            &server.http,
            "GET /heal".into(),
            false,
            None,
        ),
    ];
    let mut http = Vec::new();
    for (kind, addr, opening, trickle, refusal) in &kinds {
        for _ in 0..STALLED {
            let task = stalled_http(kind, addr.to_string(), opening.clone(), *trickle);
            http.push((*refusal, tokio::spawn(task)));
        }
    }
    let grpc: Vec<_> = (0..STALLED)
        .map(|_| tokio::spawn(stalled_grpc(server.grpc.clone())))
        .collect();

    // Normal clients meanwhile: the probe, a REST call, a gRPC call.
    let web = reqwest::Client::new();
    let probe = web
        .get(format!("http://{}/healthz", server.http))
        .send()
        .await
        .expect("/healthz");
    assert_eq!(probe.status(), 200);
    let rest = web
        .get(format!("http://{}/v1/inquiryTemplates", server.http))
        .bearer_auth(&key)
        .send()
        .await
        .expect("REST call");
    assert_eq!(rest.status(), 200);
    assert!(rest.text().await.expect("body").contains("KYC"));
    let client = verilink_client::VerilinkClient::connect(format!("http://{}", server.grpc), &key)
        .await
        .expect("connect");
    let templates = client
        .templates()
        .list_inquiry_templates(pb::ListInquiryTemplatesRequest::default())
        .await
        .expect("gRPC call")
        .into_inner();
    assert_eq!(templates.inquiry_templates.len(), 1);

    for (refusal, task) in http {
        let ended = task.await.expect("stalled socket");
        let kind = ended.kind;
        let after = ended
            .closed_after
            .unwrap_or_else(|| panic!("{kind}: still open {:?} after", DEADLINE + MARGIN));
        assert!(after >= DEADLINE, "{kind}: closed before its deadline");
        let answer = ended.answer;
        match refusal {
            Some(says) => {
                assert!(answer.starts_with("HTTP/1.1 408"), "{kind}: {answer}");
                assert!(answer.contains("connection: close"), "{kind}: {answer}");
                assert!(answer.contains(says), "{kind}: {answer}");
            }
            None => assert!(
                !answer.starts_with("HTTP/1.1 200"),
                "{kind} is not served: {answer}"
            ),
        }
    }
    for task in grpc {
        let (after, status) = task.await.expect("stalled call");
        let after = after.expect("the stalled gRPC call is ended");
        assert!(after >= DEADLINE, "a gRPC call ended before its deadline");
        let status = status.expect("a status");
        assert_error::<()>(Err(status), Code::DeadlineExceeded, "REQUEST_TIMEOUT");
    }
}
