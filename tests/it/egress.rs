//! Where the binary's webhook deliveries go: direct, whatever proxy the environment names, or
//! through the egress proxy the operator sets (`VERILINK_WEBHOOK_PROXY`).

use std::process::Command;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use verilink_client::{pb, VerilinkClient};

use crate::common::{create_inquiry, eventually, Served, TestDb, PATIENCE};
use crate::receiver::Receiver;

/// The variables through which programs are commonly told to use a proxy.
const PROXY_VARIABLES: [&str; 6] = [
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
];

/// A forwarding HTTP proxy on loopback: it records the request line of every request it gets
/// and sends absolute-form requests (`POST http://host:port/path`) on to their target.
#[derive(Clone, Default)]
struct Proxy {
    seen: Arc<Mutex<Vec<String>>>,
}

impl Proxy {
    /// Serves until the test ends; returns the proxy's URL.
    async fn serve(&self) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let proxy = self.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let proxy = proxy.clone();
                tokio::spawn(async move { proxy.forward(client).await });
            }
        });
        url
    }

    fn seen(&self) -> Vec<String> {
        self.seen.lock().expect("lock").clone()
    }

    async fn forward(&self, mut client: TcpStream) -> std::io::Result<()> {
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            if client.read(&mut byte).await? == 0 {
                return Ok(());
            }
            head.push(byte[0]);
        }
        let head = String::from_utf8_lossy(&head).into_owned();
        let mut lines = head.split("\r\n").filter(|line| !line.is_empty());
        let request_line = lines.next().unwrap_or_default().to_owned();
        self.seen.lock().expect("lock").push(request_line.clone());
        let mut parts = request_line.split(' ');
        let (method, target) = (parts.next().unwrap_or_default(), parts.next());
        let Some(target) = target.and_then(|t| url::Url::parse(t).ok()) else {
            return client.shutdown().await; // not absolute-form: refused
        };
        let mut forwarded = format!("{method} {} HTTP/1.1\r\n", target.path());
        let mut length = 0;
        for line in lines {
            let (name, value) = line.split_once(':').unwrap_or((line, ""));
            let name = name.to_ascii_lowercase();
            if name == "content-length" {
                length = value.trim().parse().unwrap_or(0);
            }
            if !name.starts_with("proxy-") && name != "connection" {
                forwarded.push_str(&format!("{line}\r\n"));
            }
        }
        forwarded.push_str("connection: close\r\n\r\n");
        let mut body = vec![0; length];
        client.read_exact(&mut body).await?;
        let host = target.host_str().unwrap_or_default();
        let port = target.port_or_known_default().unwrap_or(80);
        let mut upstream = TcpStream::connect((host, port)).await?;
        upstream.write_all(forwarded.as_bytes()).await?;
        upstream.write_all(&body).await?;
        tokio::io::copy(&mut upstream, &mut client).await?;
        client.shutdown().await
    }
}

/// `verilink serve` for a bootstrapped organization, with the proxy variables `env` names
/// (none from the test's environment), delivering to loopback every 50 ms.
fn serve(db: &TestDb, env: &[(&str, &str)]) -> Served {
    let mut settings: Vec<(&str, &str)> = PROXY_VARIABLES
        .into_iter()
        .chain(["NO_PROXY", "no_proxy"])
        .map(|variable| (variable, ""))
        .collect();
    settings.extend([
        ("VERILINK_WEBHOOK_ALLOW_PRIVATE_NETWORKS", "true"),
        ("VERILINK_WORKER_INTERVAL_MS", "50"),
    ]);
    settings.extend(env);
    Served::start(db, "acme", &settings)
}

/// Subscribes a webhook at `receiver_url` to every event through the server, creates an
/// inquiry, and waits until the receiver has the delivery.
async fn deliver_one(served: &Served, receiver: &Receiver, receiver_url: &str) {
    let grpc = loop {
        let line = served
            .lines
            .recv_timeout(PATIENCE)
            .expect("the server starts");
        let log: serde_json::Value = serde_json::from_str(&line).expect("JSON log line");
        if log["fields"]["message"] == "gRPC listening" {
            break log["fields"]["addr"].as_str().expect("addr").to_owned();
        }
    };
    let key = served.printed("vlk_sandbox_");
    let client = VerilinkClient::connect(format!("http://{grpc}"), &key)
        .await
        .expect("connect");
    client
        .webhooks()
        .create_webhook(pb::CreateWebhookRequest {
            webhook: Some(pb::Webhook {
                url: receiver_url.to_owned(),
                enabled_events: vec!["*".into()],
                ..Default::default()
            }),
        })
        .await
        .expect("webhook");
    create_inquiry(&client, &served.printed("itmpl_"), "r").await;
    eventually("a delivery", || !receiver.received().is_empty()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deliveries_ignore_the_proxy_the_environment_names() {
    let db = tokio::task::spawn_blocking(TestDb::new).await.expect("db");
    let environment_proxy = Proxy::default();
    let proxy_url = environment_proxy.serve().await;
    let env: Vec<(&str, &str)> = PROXY_VARIABLES
        .iter()
        .map(|variable| (*variable, proxy_url.as_str()))
        .collect();
    let served = serve(&db, &env);
    let receiver = Receiver::default();
    let receiver_url = receiver.serve().await;
    deliver_one(&served, &receiver, &receiver_url).await;
    assert_eq!(
        environment_proxy.seen(),
        Vec::<String>::new(),
        "the delivery went direct"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deliveries_go_through_the_egress_proxy_the_operator_sets() {
    let db = tokio::task::spawn_blocking(TestDb::new).await.expect("db");
    let (egress, environment_proxy) = (Proxy::default(), Proxy::default());
    let egress_url = egress.serve().await;
    let environment_url = environment_proxy.serve().await;
    let mut env: Vec<(&str, &str)> = PROXY_VARIABLES
        .iter()
        .map(|variable| (*variable, environment_url.as_str()))
        .collect();
    // Neither the environment's proxies nor its exceptions matter once the operator sets one.
    env.extend([
        ("NO_PROXY", "127.0.0.1,localhost"),
        ("no_proxy", "127.0.0.1,localhost"),
        ("VERILINK_WEBHOOK_PROXY", egress_url.as_str()),
    ]);
    let served = serve(&db, &env);
    let receiver = Receiver::default();
    let receiver_url = receiver.serve().await;
    deliver_one(&served, &receiver, &receiver_url).await;
    assert_eq!(egress.seen(), [format!("POST {receiver_url} HTTP/1.1")]);
    assert_eq!(environment_proxy.seen(), Vec::<String>::new());
}

#[test]
fn a_malformed_egress_proxy_stops_the_server_with_a_message_that_names_it() {
    for proxy in [
        "smokescreen:4750",
        "socks5://user:hunter2@proxy:1080",
        "http://user:hunter2@proxy:4750/path",
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_verilink"))
            .arg("serve")
            .env(
                "VERILINK_DATABASE_URL",
                "postgres://unused@127.0.0.1:1/unused",
            )
            .env("VERILINK_WEBHOOK_PROXY", proxy)
            .output()
            .expect("run verilink");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{proxy}: {stderr}");
        assert!(
            stderr.contains("verilink: VERILINK_WEBHOOK_PROXY "),
            "{proxy}: {stderr}"
        );
        assert!(!stderr.contains("hunter2"), "{proxy}: {stderr}");
    }
}
