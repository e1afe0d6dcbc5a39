//! The `verilink` binary itself: bootstrap, keys, and serve with graceful shutdown.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use tonic::Code;
use verilink_client::pb;

use crate::common::{assert_error, TestDb, PATIENCE};

fn run(db: &TestDb, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_verilink"))
        .args(args)
        .env("VERILINK_DATABASE_URL", &db.url)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run verilink")
}

fn verilink(db: &TestDb, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(
        out.status.success(),
        "verilink {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// What a command that must fail says on stderr.
fn refused(db: &TestDb, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(!out.status.success(), "verilink {args:?} succeeded");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn token_after<'a>(output: &'a str, prefix: &str) -> &'a str {
    output
        .split_whitespace()
        .find(|w| w.starts_with(prefix))
        .unwrap_or_else(|| panic!("no {prefix}… in {output}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bootstrap_keys_and_serve_work_end_to_end() {
    let db = tokio::task::spawn_blocking(TestDb::empty)
        .await
        .expect("db");
    let first = verilink(&db, &["bootstrap", "--org", "acme"]);
    let sandbox_key = token_after(&first, "vlk_sandbox_").to_owned();
    token_after(&first, "vlk_live_");
    assert!(first.contains("created"), "{first}");
    let second = verilink(&db, &["bootstrap", "--org", "acme"]);
    assert!(second.contains("already existed"), "{second}");
    assert!(
        !second.contains("template KYC"),
        "the KYC template is made once: {second}"
    );
    fn create(name: &str) -> [&str; 8] {
        [
            "keys", "create", "--org", "acme", "--env", "sandbox", "--name", name,
        ]
    }
    let extra = verilink(&db, &create("billing service"));
    let extra_key = token_after(&extra, "vlk_sandbox_").to_owned();
    let extra_id = token_after(&extra, "key_").to_owned();
    assert!(extra.contains("(billing service)"), "{extra}");
    let taken = refused(&db, &create(" billing service "));
    assert!(
        taken.contains("already called \"billing service\""),
        "{taken}"
    );
    let unnamed = refused(&db, &["keys", "create", "--org", "acme", "--env", "live"]);
    assert!(unnamed.contains("--name"), "{unnamed}");
    let blank = refused(&db, &create("  "));
    assert!(blank.contains("1 to 64 characters"), "{blank}");
    let listing = verilink(&db, &["keys", "list"]);
    let acme: Vec<&str> = listing.lines().filter(|l| l.contains("acme")).collect();
    assert_eq!(acme.len(), 5, "{listing}");
    let mut names: Vec<String> = acme
        .iter()
        .map(|line| {
            line.split_whitespace()
                .skip(6)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "billing service",
            "bootstrap",
            "bootstrap",
            "bootstrap-2",
            "bootstrap-2"
        ],
        "{listing}"
    );
    assert!(
        !listing.contains(&sandbox_key[12..]),
        "secrets never listed"
    );

    let mut child = Command::new(env!("CARGO_BIN_EXE_verilink"))
        .args([
            "serve",
            "--grpc-addr",
            "127.0.0.1:0",
            "--http-addr",
            "127.0.0.1:0",
            "--console-addr",
            "127.0.0.1:0",
        ])
        .env("VERILINK_DATABASE_URL", &db.url)
        .env("VERILINK_LOG_FORMAT", "json")
        .stderr(Stdio::piped())
        .spawn()
        .expect("serve");
    let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
    let (mut addr, mut console) = (None, None);
    while addr.is_none() || console.is_none() {
        let line = lines.next().expect("server log line").expect("read log");
        assert!(!line.contains(&sandbox_key[12..]), "no secret is logged");
        let log: serde_json::Value = serde_json::from_str(&line).expect("JSON log line");
        let bound = log["fields"]["addr"].as_str().map(str::to_owned);
        if line.contains("gRPC listening") {
            addr = bound;
        } else if line.contains("console listening") {
            console = bound;
        }
    }
    let (addr, console) = (addr.expect("gRPC"), console.expect("console"));

    // The first administrator's way into the console: a single-use link from the CLI.
    let printed = verilink(
        &db,
        &[
            "console",
            "login-link",
            "--org",
            "acme",
            "--email",
            "ops@acme.example",
            "--role",
            "admin",
        ],
    );
    assert!(
        printed.contains("ops@acme.example (admin of acme)"),
        "{printed}"
    );
    let link = token_after(&printed, "http://localhost:8081/login/link?token=vll_");
    let path = link.trim_start_matches("http://localhost:8081");
    let browser = crate::browser::Browser::new(&format!("http://{console}"));
    let page = browser.send(reqwest::Method::GET, path, &[], None).await;
    let form = [
        ("token", page.input("token").expect("token")),
        ("csrf", page.input("csrf").expect("nonce")),
    ];
    let form: Vec<(&str, &str)> = form.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let entered = browser
        .send(reqwest::Method::POST, "/login/link", &[], Some(&form))
        .await;
    assert_eq!(entered.status, 303, "{}", entered.body);
    let home = browser
        .send(reqwest::Method::GET, "/inquiries", &[], None)
        .await;
    assert!(home.body.contains("ops@acme.example"), "{}", home.body);
    let bad_role = refused(
        &db,
        &[
            "console",
            "login-link",
            "--org",
            "acme",
            "--email",
            "x@acme.example",
            "--role",
            "root",
        ],
    );
    assert!(bad_role.contains("--role"), "{bad_role}");
    let client = verilink_client::VerilinkClient::connect(format!("http://{addr}"), &sandbox_key)
        .await
        .expect("connect");
    let templates = client
        .templates()
        .list_inquiry_templates(pb::ListInquiryTemplatesRequest::default())
        .await
        .expect("list templates")
        .into_inner()
        .inquiry_templates;
    assert_eq!(
        templates
            .iter()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>(),
        ["KYC"]
    );

    verilink(&db, &["keys", "revoke", &extra_id]);
    // Keys the command line makes and revokes are audit entries of the service's `cli`.
    for (event, count) in [("api-key.created", 3), ("api-key.revoked", 1)] {
        let entries = client
            .audit()
            .list_audit_events(pb::ListAuditEventsRequest {
                event_name: event.into(),
                ..Default::default()
            })
            .await
            .expect("audit")
            .into_inner()
            .events;
        assert_eq!(entries.len(), count, "{event}: {entries:?}");
        let actor = entries[0].actor.clone().expect("actor");
        assert_eq!(
            (actor.kind(), actor.id.as_str()),
            (pb::ActorKind::System, "cli")
        );
    }
    let revoked = client.with_credential(&extra_key).expect("client");
    assert_error(
        revoked
            .inquiries()
            .list_inquiries(pb::ListInquiriesRequest::default())
            .await,
        Code::Unauthenticated,
        "API_KEY_INVALID",
    );

    let pid = child.id().to_string();
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill")
        .success());
    let status = tokio::task::spawn_blocking(move || child.wait())
        .await
        .expect("join")
        .expect("wait");
    assert!(status.success(), "exit status after SIGTERM: {status:?}");
}

/// The server's log lines (JSON), read on a thread of their own.
fn log_lines(child: &mut std::process::Child) -> std::sync::mpsc::Receiver<serde_json::Value> {
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { return };
            let Ok(log) = serde_json::from_str(&line) else {
                continue;
            };
            if tx.send(log).is_err() {
                return;
            }
        }
    });
    rx
}

/// Waits (failing only after [`PATIENCE`]) for a log line whose message is `message`.
fn wait_for_log(
    logs: &std::sync::mpsc::Receiver<serde_json::Value>,
    message: &str,
) -> serde_json::Value {
    let deadline = std::time::Instant::now() + PATIENCE;
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        let log = logs
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("no log line {message:?} within {PATIENCE:?}"));
        if log["fields"]["message"] == message {
            return log;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn silent_connections_past_the_descriptor_limit_are_shed_and_the_service_recovers() {
    let db = tokio::task::spawn_blocking(TestDb::empty)
        .await
        .expect("db");
    let created = verilink(&db, &["bootstrap", "--org", "acme"]);
    let key = token_after(&created, "vlk_sandbox_").to_owned();
    // Soft limit 64, hard 128: the server raises the soft one to 128 at start.
    let mut child = Command::new("prlimit")
        .args(["--nofile=64:128", "--", env!("CARGO_BIN_EXE_verilink")])
        .args(["serve", "--grpc-addr", "127.0.0.1:0"])
        .env("VERILINK_DATABASE_URL", &db.url)
        .env("VERILINK_HTTP_ADDR", "127.0.0.1:0")
        .env("VERILINK_CONSOLE_ADDR", "127.0.0.1:0")
        .env("VERILINK_HANDSHAKE_TIMEOUT_MS", "1000")
        .env("VERILINK_LOG_FORMAT", "json")
        .stderr(Stdio::piped())
        .spawn()
        .expect("serve under prlimit");
    let logs = log_lines(&mut child);
    let limit = wait_for_log(&logs, "open descriptor limit");
    assert_eq!(limit["fields"]["limit"], 128, "{limit}");
    let listening = wait_for_log(&logs, "gRPC listening");
    let addr = listening["fields"]["addr"]
        .as_str()
        .expect("addr")
        .to_owned();

    // More silent sockets than the server has descriptors.
    let mut silent = Vec::new();
    for _ in 0..200 {
        silent.push(
            tokio::net::TcpStream::connect(&addr)
                .await
                .expect("connect"),
        );
    }
    let backing_off = wait_for_log(&logs, "accept failed; backing off");
    assert_eq!(backing_off["level"], "WARN", "{backing_off}");

    // The silent sockets are closed after the handshake timeout; a real client then gets in.
    let deadline = std::time::Instant::now() + PATIENCE;
    let served = loop {
        let attempt = async {
            let client = verilink_client::VerilinkClient::connect(format!("http://{addr}"), &key)
                .await
                .map_err(|e| e.to_string())?;
            client
                .templates()
                .list_inquiry_templates(pb::ListInquiryTemplatesRequest::default())
                .await
                .map_err(|e| e.to_string())
        };
        match tokio::time::timeout(std::time::Duration::from_secs(5), attempt).await {
            Ok(Ok(answer)) => break answer.into_inner(),
            failed if std::time::Instant::now() > deadline => {
                panic!("the service did not recover: {failed:?}")
            }
            _ => tokio::time::sleep(std::time::Duration::from_millis(200)).await,
        }
    };
    assert_eq!(served.inquiry_templates.len(), 1);
    drop(silent);

    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let status = tokio::task::spawn_blocking(move || child.wait())
        .await
        .expect("join")
        .expect("wait");
    assert!(status.success(), "exit status after SIGTERM: {status:?}");
}

#[test]
fn the_readme_configuration_table_names_every_setting_of_serve() {
    let help = Command::new(env!("CARGO_BIN_EXE_verilink"))
        .args(["serve", "--help"])
        .output()
        .expect("verilink serve --help");
    let help = String::from_utf8(help.stdout).expect("utf-8 help");
    let settings: Vec<&str> = help
        .split("[env: ")
        .skip(1)
        .filter_map(|rest| rest.split(['=', ']']).next())
        .collect();
    assert!(settings.len() > 20, "{help}");
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let table = &readme[readme
        .find("## Configuration")
        .expect("configuration section")..];
    let table = &table[..table.find("\n## ").expect("next section")];
    for setting in settings {
        assert!(
            table.contains(&format!("| `{setting}`")),
            "README's configuration table does not describe {setting}"
        );
    }
}
