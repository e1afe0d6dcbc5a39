//! The REST documentation is true: its curl examples run against a real server and print what
//! it says, and its route table is the contract's. Other topics' examples run the same way
//! ([`run_documented_examples`]).

use std::collections::BTreeSet;
use std::time::Duration;

use verilink::http::gateway::routes::{BodyBinding, RouteTable};

use crate::common::TestServer;

/// The README, which holds every topic's examples (found by its `<!-- <topic>-examples:begin`
/// marker).
fn documentation(topic: &str) -> String {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    assert!(
        text.contains(&format!("<!-- {topic}-examples:begin")),
        "the {topic} examples, between {topic}-examples markers in README.md"
    );
    text
}

/// The `sh` blocks between the topic's markers, in order.
fn examples(text: &str, topic: &str) -> Vec<String> {
    let start = text
        .find(&format!("<!-- {topic}-examples:begin"))
        .expect("begin marker");
    let end = text
        .find(&format!("<!-- {topic}-examples:end"))
        .expect("end marker");
    text[start..end]
        .split("```sh\n")
        .skip(1)
        .map(|block| block.split("```").next().unwrap_or("").to_owned())
        .collect()
}

/// Runs a topic's documented `sh` blocks, in order, against a real server with
/// `VERILINK_HTTP_URL` and a sandbox `VERILINK_API_KEY` (an organization like the one
/// `bootstrap` makes), and checks that every `# => ` line (at least `min_outputs`) is
/// printed, in order.
pub async fn run_documented_examples(topic: &str, min_outputs: usize) {
    for tool in ["bash", "curl", "jq"] {
        let found = std::process::Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .expect("sh");
        assert!(
            found.status.success(),
            "{tool} is needed to run the README examples"
        );
    }
    let blocks = examples(&documentation(topic), topic);
    assert!(blocks.len() >= 5, "{} sh blocks", blocks.len());
    let script = blocks.join("\n");
    let expected: Vec<&str> = script
        .lines()
        .filter_map(|line| line.trim().strip_prefix("# => "))
        .collect();
    assert!(expected.len() >= min_outputs, "{expected:?}");

    let server = TestServer::start().await;
    let org = server.org("readme").await;
    let run = tokio::process::Command::new("bash")
        .args(["-euo", "pipefail", "-c", &script])
        .env("VERILINK_HTTP_URL", &server.http)
        .env("VERILINK_API_KEY", &org.sandbox_key)
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(Duration::from_secs(60), run)
        .await
        .expect("the examples finish within 60 s")
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "examples failed:\n{stdout}\n{stderr}"
    );
    let mut rest = stdout.as_ref();
    for wanted in expected {
        let at = rest
            .find(wanted)
            .unwrap_or_else(|| panic!("{wanted:?} not printed (in order) by:\n{stdout}"));
        rest = &rest[at + wanted.len()..];
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_curl_examples_run_and_print_what_they_say() {
    run_documented_examples("rest", 10).await;
}

#[test]
fn the_route_table_is_the_contracts() {
    let text = documentation("rest");
    let documented: BTreeSet<(String, String, String, String)> = text
        .lines()
        .filter(|line| line.starts_with("| `") && line.contains("| `/v1/"))
        .map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let code = |cell: &str| cell.trim_matches('`').to_owned();
            let rpc = cells[3].split(' ').next().unwrap_or("").trim_matches('`');
            (
                code(cells[1]),
                code(cells[2]),
                rpc.to_owned(),
                code(cells[4]),
            )
        })
        .collect();
    let table = RouteTable::from_pool(verilink::contract::json::pool().unwrap()).unwrap();
    let actual: BTreeSet<(String, String, String, String)> = table
        .routes()
        .iter()
        .map(|route| {
            let body = match &route.body {
                BodyBinding::None => "—".to_owned(),
                BodyBinding::Whole => "the request".to_owned(),
                BodyBinding::Field(field) => field.name().to_owned(),
            };
            let service = route.rpc.parent_service().name().to_owned();
            (
                route.http_method.to_string(),
                route.template.clone(),
                format!("{service}.{}", route.rpc.name()),
                body,
            )
        })
        .collect();
    assert_eq!(documented, actual);
}
