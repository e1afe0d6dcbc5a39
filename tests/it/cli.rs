//! The `verilink` binary itself: bootstrap, keys, and serve with graceful shutdown.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use tonic::Code;
use verilink_client::pb;

use crate::common::{assert_error, TestDb};

fn verilink(db: &TestDb, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_verilink"))
        .args(args)
        .env("VERILINK_DATABASE_URL", &db.url)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run verilink");
    assert!(
        out.status.success(),
        "verilink {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
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
    let extra = verilink(
        &db,
        &["keys", "create", "--org", "acme", "--env", "sandbox"],
    );
    let extra_key = token_after(&extra, "vlk_sandbox_").to_owned();
    let extra_id = token_after(&extra, "key_").trim_end_matches(':').to_owned();
    let listing = verilink(&db, &["keys", "list"]);
    assert_eq!(
        listing.lines().filter(|l| l.contains("acme")).count(),
        5,
        "{listing}"
    );
    assert!(
        !listing.contains(&sandbox_key[12..]),
        "secrets never listed"
    );

    let mut child = Command::new(env!("CARGO_BIN_EXE_verilink"))
        .args(["serve", "--grpc-addr", "127.0.0.1:0"])
        .env("VERILINK_DATABASE_URL", &db.url)
        .env("VERILINK_LOG_FORMAT", "json")
        .stderr(Stdio::piped())
        .spawn()
        .expect("serve");
    let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
    let addr = loop {
        let line = lines.next().expect("server log line").expect("read log");
        assert!(!line.contains(&sandbox_key[12..]), "no secret is logged");
        if line.contains("gRPC listening") {
            let log: serde_json::Value = serde_json::from_str(&line).expect("JSON log line");
            break log["fields"]["addr"]
                .as_str()
                .expect("addr field")
                .to_owned();
        }
    };
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
