//! The resumable watch, through a server of the test's own that is stopped and restarted in
//! the middle of the stream while the main server makes changes on the same database.

use std::time::Duration;

use futures_util::StreamExt;
use tokio::sync::mpsc;
use tonic::Code;
use verilink_client::{pb, VerilinkClient};

use crate::common::{create_inquiry, free_port, Env, OwnServer, PATIENCE};

type Seen = mpsc::UnboundedReceiver<Result<pb::Event, tonic::Status>>;

/// What the watcher saw next, as soon as it comes (at most [`PATIENCE`]: after a restart the
/// watch may be up to 6 s into its backoff before it reconnects, more on a busy machine).
async fn next(seen: &mut Seen) -> pb::Event {
    tokio::time::timeout(PATIENCE, seen.recv())
        .await
        .expect("an event within PATIENCE")
        .expect("the watch goes on")
        .expect("an event, not an error")
}

async fn tag(client: &VerilinkClient, inquiry_id: &str, tag: &str) {
    client
        .inquiries()
        .add_inquiry_tag(pb::AddInquiryTagRequest {
            id: inquiry_id.into(),
            tag: tag.into(),
        })
        .await
        .expect("tag");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_event_arrives_once_in_order_across_server_restarts() {
    let Some(env) = Env::get() else { return };
    let main = env.client().await;
    let inquiry = create_inquiry(&main).await;
    let port = free_port();
    let mut server = OwnServer::start(port).await;
    let own = VerilinkClient::connect(format!("http://127.0.0.1:{port}"), &env.api_key)
        .await
        .expect("connect to our server");

    // The watcher runs on its own and reports what it sees.
    let mut events = own.watch_inquiry_resumable(inquiry.id.clone(), "");
    let (report, mut seen) = mpsc::unbounded_channel();
    let watcher = tokio::spawn(async move {
        while let Some(item) = events.next().await {
            let _ = report.send(item);
        }
    });
    let mut names = vec![next(&mut seen).await.name];
    tag(&main, &inquiry.id, "live").await;
    names.push(next(&mut seen).await.name);
    assert_eq!(names, ["inquiry.created", "inquiry.tags-updated"]);

    // Drained (the stream ends OK): changes while it is down arrive after the restart.
    server.stop().await;
    tag(&main, &inquiry.id, "while-drained").await;
    main.inquiries()
        .simulate_inquiry_action(pb::SimulateInquiryActionRequest {
            id: inquiry.id.clone(),
            action: pb::SimulatedInquiryAction::Start as i32,
        })
        .await
        .expect("start");
    main.inquiries()
        .approve_inquiry(pb::ApproveInquiryRequest {
            id: inquiry.id.clone(),
            comment: String::new(),
        })
        .await
        .expect("approve");
    // Nothing can arrive with the server down: a moment for a stray event to show (a busy
    // machine makes the check weaker, never wrong).
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(seen.is_empty(), "an event arrived with the server down");
    server = OwnServer::start(port).await;
    while names.last().map(String::as_str) != Some("inquiry.approved") {
        names.push(next(&mut seen).await.name);
    }

    // Killed (the connection breaks, no status): the same.
    server.kill().await;
    tag(&main, &inquiry.id, "while-killed").await;
    server = OwnServer::start(port).await;
    names.push(next(&mut seen).await.name);
    assert_eq!(
        names.last().map(String::as_str),
        Some("inquiry.tags-updated")
    );

    // Exactly the inquiry's events, in commit order: a fresh replay of the whole stream.
    let mut replay = main
        .inquiries()
        .watch_inquiry(pb::WatchInquiryRequest {
            inquiry_id: inquiry.id.clone(),
            after_event_id: String::new(),
        })
        .await
        .expect("replay")
        .into_inner();
    let mut replayed = Vec::new();
    while replayed.len() < names.len() {
        let message = tokio::time::timeout(PATIENCE, replay.message())
            .await
            .expect("replayed within PATIENCE")
            .expect("replay ok")
            .expect("replay open");
        replayed.push(message.event.expect("event").name);
    }
    assert_eq!(names, replayed);
    assert!(names.contains(&"inquiry.started".to_owned()), "{names:?}");

    // Redaction is the end of the watch.
    main.inquiries()
        .redact_inquiry(pb::RedactInquiryRequest {
            id: inquiry.id.clone(),
        })
        .await
        .expect("redact");
    assert_eq!(next(&mut seen).await.name, "inquiry.redacted");
    tokio::time::timeout(PATIENCE, watcher)
        .await
        .expect("the watch ends after inquiry.redacted")
        .expect("watcher");
    assert!(seen.recv().await.is_none());
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_watch_resumes_after_the_given_event_and_reports_other_errors() {
    let Some(env) = Env::get() else { return };
    let client = env.client().await;
    let inquiry = create_inquiry(&client).await;
    tag(&client, &inquiry.id, "one").await;
    tag(&client, &inquiry.id, "two").await;
    let mut all = client.watch_inquiry_resumable(inquiry.id.clone(), "");
    let mut first = Vec::new();
    for _ in 0..3 {
        let event = tokio::time::timeout(PATIENCE, all.next())
            .await
            .expect("within PATIENCE")
            .expect("open")
            .expect("event");
        first.push(event);
    }
    drop(all);
    let mut after = client.watch_inquiry_resumable(inquiry.id.clone(), first[0].id.clone());
    for expected in &first[1..] {
        let event = tokio::time::timeout(PATIENCE, after.next())
            .await
            .expect("within PATIENCE")
            .expect("open")
            .expect("event");
        assert_eq!(&event, expected);
    }

    // Errors other than a lost server end the watch at once, with the status (a watch that
    // retried them would never end: PATIENCE bounds that).
    let unknown = format!("inq_{}", "0".repeat(24));
    let anonymous = client.with_credential("").expect("client");
    for (watcher, code) in [
        (&client, Code::NotFound),
        (&anonymous, Code::Unauthenticated),
    ] {
        let mut events = watcher.watch_inquiry_resumable(unknown.clone(), "");
        let outcome = tokio::time::timeout(PATIENCE, async {
            let error = events.next().await.expect("an item").expect_err("an error");
            (error.code(), events.next().await.is_none())
        })
        .await
        .expect("within PATIENCE");
        assert_eq!(outcome, (code, true));
    }
}
