//! The HTTP port: probes for orchestrators.

use std::time::Duration;

use crate::common::{TestServer, PATIENCE};

async fn get(url: &str) -> (u16, String) {
    let response = reqwest::get(url).await.expect("HTTP request");
    let status = response.status().as_u16();
    (status, response.text().await.expect("body"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_probes_answer_for_the_process_and_the_database() {
    let mut server = TestServer::start().await;
    assert_eq!(
        get(&format!("{}/healthz", server.http)).await,
        (200, "ok\n".into())
    );
    // Ready once the health watcher's first look at the database is done.
    let deadline = std::time::Instant::now() + PATIENCE;
    let mut ready = get(&format!("{}/readyz", server.http)).await;
    while ready.0 != 200 && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
        ready = get(&format!("{}/readyz", server.http)).await;
    }
    assert_eq!(ready, (200, "ready\n".into()));
    assert_eq!(get(&format!("{}/nope", server.http)).await.0, 404);
    server.stop().await;
    assert!(
        reqwest::get(format!("{}/healthz", server.http))
            .await
            .is_err(),
        "the HTTP port closes with the gRPC port"
    );
}
