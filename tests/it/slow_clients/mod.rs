//! Slow clients against the `verilink` binary: requests whose headers or body stop arriving
//! ([`stalled`]), clients that take nothing of their answers ([`readers`]), and one address
//! opening more connections than its cap. Each is cut off within its deadline while normal
//! clients are served.

mod readers;
mod stalled;

use std::time::{Duration, Instant};

use tokio::io::AsyncReadExt;
use tokio::net::{TcpSocket, TcpStream};

use crate::common::{Served, TestDb, PATIENCE};

/// The header, body and send deadlines the servers of these tests are given.
const DEADLINE: Duration = Duration::from_secs(2);
const DEADLINE_MS: &str = "2000";
/// How long after its deadline a stalled socket may still be open (a loaded machine).
const MARGIN: Duration = Duration::from_secs(8);

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
