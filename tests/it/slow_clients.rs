//! Slow clients against the `verilink` binary: requests whose headers or body stop arriving, a
//! gRPC call whose message never ends, a client that reads nothing of its answers, and one
//! address opening more connections than its cap. Each is cut off within its deadline while
//! normal clients are served.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use bytes::Bytes;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use tonic::Code;
use verilink_client::pb;

use crate::common::{assert_error, Served, TestDb, PATIENCE};

/// The header, body and send deadlines the servers of these tests are given.
const DEADLINE: Duration = Duration::from_secs(2);
const DEADLINE_MS: &str = "2000";
/// How long after its deadline a stalled socket may still be open (a loaded machine).
const MARGIN: Duration = Duration::from_secs(8);
/// Sockets of each stalled kind.
const STALLED: usize = 200;

/// `verilink serve` with `settings` over a bootstrapped organization (its database dropped
/// after the server), and the addresses of its ports.
struct Server {
    served: Served,
    grpc: String,
    http: String,
    console: String,
    _db: TestDb,
}

impl Server {
    async fn start(settings: &[(&str, &str)]) -> Server {
        let db = tokio::task::spawn_blocking(TestDb::empty)
            .await
            .expect("db");
        let served = Served::start(&db, "acme", settings);
        let grpc = listening(&served, "gRPC");
        let http = listening(&served, "HTTP");
        let console = listening(&served, "console");
        Server {
            served,
            grpc,
            http,
            console,
            _db: db,
        }
    }
}

/// The address the server says `port` listens on, read from its log up to that line.
fn listening(served: &Served, port: &str) -> String {
    let message = format!("{port} listening");
    let deadline = Instant::now() + PATIENCE;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = (served.lines.recv_timeout(left))
            .unwrap_or_else(|_| panic!("no log line {message:?} within {PATIENCE:?}"));
        let Ok(log) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        if log["fields"]["message"] == message.as_str() {
            return log["fields"]["addr"].as_str().expect("addr").to_owned();
        }
    }
}

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

/// A connection from `ip` to `addr` (every 127.0.0.0/8 address is loopback on Linux).
async fn connect_from(ip: [u8; 4], addr: &str) -> TcpStream {
    let socket = TcpSocket::new_v4().expect("socket");
    socket.bind((ip, 0).into()).expect("bind");
    socket
        .connect(addr.parse().expect("address"))
        .await
        .expect("connect")
}

/// An HTTP client whose connections come from `ip`.
fn web_from(ip: [u8; 4]) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(std::net::IpAddr::from(ip))
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client")
}

/// How many of `sockets` the server closes (within a few seconds); the others, still open.
async fn closed(sockets: Vec<TcpStream>) -> (usize, Vec<TcpStream>) {
    let checks: Vec<_> = sockets
        .into_iter()
        .map(|mut socket| {
            tokio::spawn(async move {
                let mut buf = [0u8; 1];
                let read =
                    tokio::time::timeout(Duration::from_secs(3), socket.read(&mut buf)).await;
                (matches!(read, Ok(Ok(0) | Err(_))), socket)
            })
        })
        .collect();
    let (mut count, mut open) = (0, Vec::new());
    for check in checks {
        match check.await.expect("check") {
            (true, _) => count += 1,
            (false, socket) => open.push(socket),
        }
    }
    (count, open)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_address_cannot_take_the_whole_port() {
    // Sockets that send nothing are held for a minute.
    let server = Server::start(&[
        ("VERILINK_MAX_CONNECTIONS", "120"),
        ("VERILINK_MAX_CONNECTIONS_PER_ADDRESS", "50"),
        ("VERILINK_HANDSHAKE_TIMEOUT_MS", "60000"),
        ("VERILINK_TRUSTED_PROXIES", "127.0.0.3"),
    ])
    .await;
    let (mut greedy, mut proxied) = (Vec::new(), Vec::new());
    for _ in 0..60 {
        greedy.push(connect_from([127, 0, 0, 1], &server.http).await);
        proxied.push(connect_from([127, 0, 0, 3], &server.http).await);
    }
    let (refused, greedy) = closed(greedy).await;
    assert_eq!(
        (refused, greedy.len()),
        (10, 50),
        "127.0.0.1 keeps its cap; more are closed at once"
    );
    let (refused, proxied) = closed(proxied).await;
    assert_eq!(refused, 0, "a trusted proxy is exempt");

    // 110 connections are open: another client is served beside them, 127.0.0.1 is not.
    let other = web_from([127, 0, 0, 2]);
    let probe = other
        .get(format!("http://{}/healthz", server.http))
        .send()
        .await
        .expect("another address is served");
    assert_eq!(probe.status(), 200);
    let healthz = format!("http://{}/healthz", server.http);
    let greedy_web = web_from([127, 0, 0, 1]);
    assert!(
        greedy_web.get(&healthz).send().await.is_err(),
        "127.0.0.1 is at its cap"
    );
    let metrics = other
        .get(format!("http://{}/metrics", server.http))
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .expect("text");
    let refusals: f64 = metrics
        .lines()
        .find_map(|l| l.strip_prefix("verilink_connections_refused_total{port=\"http\"} "))
        .expect("refusals counted")
        .parse()
        .expect("a number");
    assert!(refusals >= 11.0, "{refusals}");
    drop((greedy, proxied));
    let deadline = Instant::now() + PATIENCE;
    while greedy_web.get(&healthz).send().await.is_err() {
        assert!(
            Instant::now() < deadline,
            "127.0.0.1 is served once it closes"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The state of the TCP connection from `local` to `remote`, as `/proc/net/tcp` lists it
/// (`"01"`: established); `None` when there is none any more.
fn tcp_state(local: SocketAddr, remote: SocketAddr) -> Option<String> {
    let hex = |addr: SocketAddr| match addr {
        SocketAddr::V4(v4) => format!(
            "{:08X}:{:04X}",
            u32::from_le_bytes(v4.ip().octets()),
            v4.port()
        ),
        SocketAddr::V6(_) => unreachable!("IPv4 loopback only"),
    };
    let (local, remote) = (hex(local), hex(remote));
    let table = std::fs::read_to_string("/proc/net/tcp").expect("/proc/net/tcp");
    table.lines().skip(1).find_map(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        (fields.get(1) == Some(&local.as_str()) && fields.get(2) == Some(&remote.as_str()))
            .then(|| fields[3].to_owned())
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_reads_nothing_is_cut_off_after_the_send_timeout() {
    let server = Server::start(&[("VERILINK_SEND_TIMEOUT_MS", DEADLINE_MS)]).await;
    let document = reqwest::get(format!("http://{}/openapi.json", server.http))
        .await
        .expect("openapi.json")
        .bytes()
        .await
        .expect("body")
        .len();
    // 100 requests for the OpenAPI document at once (~15 MB of answers, more than the socket
    // buffers hold), and nothing read.
    let socket = TcpSocket::new_v4().expect("socket");
    socket.set_recv_buffer_size(4096).expect("SO_RCVBUF");
    let mut stream = socket
        .connect(server.http.parse().expect("address"))
        .await
        .expect("connect");
    let started = Instant::now();
    let request = "GET /openapi.json HTTP/1.1\r\nHost: verilink\r\n\r\n".repeat(100);
    stream.write_all(request.as_bytes()).await.expect("send");
    let (client, server_end) = (
        stream.local_addr().expect("local"),
        stream.peer_addr().expect("peer"),
    );
    // The server's end of the connection leaves ESTABLISHED when the server gives up.
    let deadline = started + DEADLINE + MARGIN;
    while tcp_state(server_end, client).as_deref() == Some("01") {
        assert!(
            Instant::now() < deadline,
            "the server still writes to a client that reads nothing"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        started.elapsed() >= DEADLINE,
        "closed before the send timeout"
    );
    let mut answers = Vec::new();
    let _ = tokio::time::timeout(PATIENCE, stream.read_to_end(&mut answers)).await;
    assert!(
        answers.len() < 100 * document,
        "cut off before the answers ended"
    );
}
