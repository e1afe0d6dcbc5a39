//! What the tests share: the server clients/with-server started, servers of their own on the
//! same database, and small helpers.

use std::io::Write;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use verilink_client::{pb, VerilinkClient};

/// How long a test waits for what should come soon (a delivery, an event, a server that
/// starts or exits): only a bound on a hang. Every wait ends as soon as what it waits for
/// comes, so a test is as fast as that; a machine busy with another build may be slow, and a
/// test then waits longer rather than failing. Well under the webhook verifier's 300 s
/// tolerance, so a delivery waited for still verifies against this machine's clock.
pub const PATIENCE: Duration = Duration::from_secs(120);

/// The server's background workers' interval (deliveries, expiries): clients/with-server sets
/// VERILINK_WORKER_INTERVAL_MS (200 ms); the server's default is 1 s.
pub fn worker_interval() -> Duration {
    let ms = std::env::var("VERILINK_WORKER_INTERVAL_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .unwrap_or(1000u64);
    Duration::from_millis(ms.max(50))
}

/// How long to wait for what a background worker does: [`PATIENCE`], and more when the
/// workers run so rarely that a hundred of their rounds take longer.
pub fn worker_patience() -> Duration {
    PATIENCE.max(worker_interval() * 100)
}

/// The server under test, from the environment clients/with-server sets.
pub struct Env {
    /// `http://host:port`
    pub url: String,
    pub api_key: String,
}

impl Env {
    /// The server to test against, or `None` when VERILINK_ADDR is not set: then the test says
    /// on the terminal (past the test harness's capture) that it is skipped, and passes.
    pub fn get() -> Option<Env> {
        let Some(addr) = std::env::var("VERILINK_ADDR")
            .ok()
            .filter(|a| !a.is_empty())
        else {
            let thread = std::thread::current();
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED {}: VERILINK_ADDR is not set (run `clients/with-server clients/rust/test`)",
                thread.name().unwrap_or("test")
            );
            return None;
        };
        Some(Env {
            url: format!("http://{addr}"),
            api_key: required("VERILINK_API_KEY"),
        })
    }

    pub async fn client(&self) -> VerilinkClient {
        VerilinkClient::connect(self.url.clone(), &self.api_key)
            .await
            .expect("connect to VERILINK_ADDR")
    }
}

fn required(name: &str) -> String {
    std::env::var(name)
        .unwrap_or_else(|_| panic!("{name} is not set: run through clients/with-server"))
}

/// A template of our own and an inquiry created from it.
pub async fn create_inquiry(client: &VerilinkClient) -> pb::Inquiry {
    let template_id = template_id(client).await;
    client
        .inquiries()
        .create_inquiry(create_request(&template_id, "rust-client"))
        .await
        .expect("create inquiry")
        .into_inner()
        .inquiry
        .expect("inquiry")
}

/// An ID no other run makes (a request ID, an inquiry's reference ID).
pub fn unique(prefix: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_nanos();
    format!("{prefix}-{}-{nanos}", std::process::id())
}

/// A template of our own.
pub async fn template_id(client: &VerilinkClient) -> String {
    client
        .templates()
        .create_inquiry_template(pb::CreateInquiryTemplateRequest {
            inquiry_template: Some(pb::InquiryTemplate {
                name: "Rust client suite".into(),
                ..Default::default()
            }),
        })
        .await
        .expect("create template")
        .into_inner()
        .inquiry_template
        .expect("template")
        .id
}

/// A request to create an inquiry of `template_id` with reference ID `reference_id`.
pub fn create_request(template_id: &str, reference_id: &str) -> pb::CreateInquiryRequest {
    pb::CreateInquiryRequest {
        inquiry: Some(pb::Inquiry {
            inquiry_template_id: template_id.into(),
            reference_id: reference_id.into(),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// The `inquiry.created` event of `inquiry_id` in the audit log (listed by that inquiry).
pub async fn created_event(client: &VerilinkClient, inquiry_id: &str) -> pb::Event {
    let events = client
        .audit()
        .list_audit_events(pb::ListAuditEventsRequest {
            inquiry_id: inquiry_id.into(),
            ..Default::default()
        })
        .await
        .expect("list audit events")
        .into_inner()
        .events;
    assert!(
        !events.is_empty() && events.iter().all(|e| e.inquiry_id == inquiry_id),
        "{events:?}"
    );
    events
        .into_iter()
        .find(|e| e.name == "inquiry.created")
        .expect("an inquiry.created event")
}

/// A loopback port nobody listens on (at the moment).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}

/// A Verilink server of the test's own (`$VERILINK_BIN serve`) on the database of the main one,
/// killed if the test ends without stopping it.
pub struct OwnServer {
    child: Child,
    log: PathBuf,
}

impl OwnServer {
    /// Starts it on 127.0.0.1:`port` and waits until it listens (at most [`PATIENCE`]).
    pub async fn start(port: u16) -> OwnServer {
        let log = std::env::temp_dir().join(format!(
            "verilink-rust-client-{}-{port}.log",
            std::process::id()
        ));
        let child = Command::new(required("VERILINK_BIN"))
            .args(["serve", "--grpc-addr", &format!("127.0.0.1:{port}")])
            .env("VERILINK_DATABASE_URL", required("VERILINK_DATABASE_URL"))
            .env("VERILINK_HTTP_ADDR", "127.0.0.1:0")
            .env("RUST_LOG", "info")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("server log file"))
            .spawn()
            .expect("start $VERILINK_BIN");
        let mut server = OwnServer { child, log };
        let deadline = Instant::now() + PATIENCE;
        loop {
            let text = std::fs::read_to_string(&server.log).unwrap_or_default();
            if text.contains("gRPC listening") {
                return server;
            }
            if let Some(status) = server.child.try_wait().expect("server status") {
                panic!("the server exited ({status}) before listening:\n{text}");
            }
            assert!(
                Instant::now() < deadline,
                "the server did not listen within {PATIENCE:?}:\n{text}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// SIGTERM (the server drains: its streams end with OK), then waits for it to exit.
    pub async fn stop(mut self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill -TERM");
        assert!(status.success(), "kill -TERM failed");
        self.wait_for_exit().await;
    }

    /// SIGKILL: the server dies with its connections (no drain).
    pub async fn kill(mut self) {
        self.child.kill().expect("kill the server");
        self.wait_for_exit().await;
    }

    async fn wait_for_exit(&mut self) {
        let deadline = Instant::now() + PATIENCE;
        while self.child.try_wait().expect("server status").is_none() {
            assert!(
                Instant::now() < deadline,
                "the server did not exit within {PATIENCE:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for OwnServer {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        let _ = std::fs::remove_file(&self.log);
    }
}
