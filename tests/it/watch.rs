use std::time::Duration;

use tonic::Code;
use verilink_client::{pb, VerilinkClient};

use crate::common::{
    assert_error, create_inquiry, event_names, eventually, revoke_key, Limits, TestServer, PATIENCE,
};

type Events = tonic::Streaming<pb::WatchInquiryResponse>;

async fn watch(
    client: &VerilinkClient,
    inquiry_id: &str,
    after: &str,
) -> Result<Events, tonic::Status> {
    client
        .inquiries()
        .watch_inquiry(pb::WatchInquiryRequest {
            inquiry_id: inquiry_id.into(),
            after_event_id: after.into(),
        })
        .await
        .map(tonic::Response::into_inner)
}

/// The next event, failing the test only if none comes for [`PATIENCE`] (a hang).
async fn next(events: &mut Events) -> pb::Event {
    tokio::time::timeout(PATIENCE, events.message())
        .await
        .expect("an event")
        .expect("stream ok")
        .expect("stream open")
        .event
        .expect("event")
}

async fn tag(client: &VerilinkClient, id: &str, tag: &str) {
    client
        .inquiries()
        .add_inquiry_tag(pb::AddInquiryTagRequest {
            id: id.into(),
            tag: tag.into(),
        })
        .await
        .expect("tag");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_through_one_replica_reaches_a_watcher_on_another() {
    let server = TestServer::start().await;
    let other = server.replica(Limits::default()).await;
    let org = server.org("acme").await;
    let writer = server.client(&org.sandbox_key).await;
    let reader = other.client(&org.sandbox_key).await;
    let inquiry = create_inquiry(&writer, &org.sandbox_template, "u").await;
    let mut events = watch(&reader, &inquiry.id, "").await.expect("watch");
    let created = next(&mut events).await;
    assert_eq!(
        (created.name.as_str(), created.inquiry_id.as_str()),
        ("inquiry.created", inquiry.id.as_str())
    );
    let data = created.data.expect("snapshot");
    assert!(data.fields.contains_key("status"));

    tag(&writer, &inquiry.id, "vip").await;
    let tagged = next(&mut events).await;
    assert_eq!(tagged.name, "inquiry.tags-updated");
    writer
        .inquiries()
        .approve_inquiry(pb::ApproveInquiryRequest {
            id: inquiry.id.clone(),
            comment: String::new(),
        })
        .await
        .expect("approve");
    assert_eq!(next(&mut events).await.name, "inquiry.approved");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reconnecting_watcher_gets_what_it_missed_with_no_gap_or_duplicate() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let inquiry = create_inquiry(&client, &org.sandbox_template, "u").await;
    let mut events = watch(&client, &inquiry.id, "").await.expect("watch");
    let first = next(&mut events).await;
    drop(events);

    // Changes while nobody watches, and more racing with the reconnect itself.
    for i in 0..5 {
        tag(&client, &inquiry.id, &format!("offline-{i}")).await;
    }
    let racer = {
        let client = client.clone();
        let id = inquiry.id.clone();
        tokio::spawn(async move {
            for i in 0..20 {
                tag(&client, &id, &format!("racing-{i}")).await;
            }
        })
    };
    let mut events = watch(&client, &inquiry.id, &first.id)
        .await
        .expect("resume");
    let mut seen = vec![first.id.clone()];
    while seen.len() < 26 {
        seen.push(next(&mut events).await.id);
    }
    racer.await.expect("racer");
    let url = server.db.url.clone();
    let id = inquiry.id.clone();
    let committed: Vec<String> = tokio::task::spawn_blocking(move || {
        let mut conn: diesel::PgConnection = diesel::Connection::establish(&url).expect("connect");
        verilink::store::events::for_inquiry(&mut conn, &id)
            .expect("events")
            .into_iter()
            .map(|e| e.id)
            .collect()
    })
    .await
    .expect("query");
    assert_eq!(seen, committed, "every event once, in commit order");
    assert_eq!(event_names(&server, &inquiry.id).await.len(), 26);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn streams_end_cleanly_on_redaction_and_on_drain() {
    let mut server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let redacted = create_inquiry(&client, &org.sandbox_template, "r").await;
    let mut events = watch(&client, &redacted.id, "").await.expect("watch");
    next(&mut events).await;
    client
        .inquiries()
        .redact_inquiry(pb::RedactInquiryRequest {
            id: redacted.id.clone(),
        })
        .await
        .expect("redact");
    assert_eq!(next(&mut events).await.name, "inquiry.redacted");
    let end = tokio::time::timeout(PATIENCE, events.message())
        .await
        .expect("ends");
    assert!(matches!(end, Ok(None)), "{end:?}");

    let other = create_inquiry(&client, &org.sandbox_template, "d").await;
    let mut events = watch(&client, &other.id, "").await.expect("watch");
    next(&mut events).await;
    // Were the stream not ended by the drain, the drain timeout (5 s) would cut it off and
    // the end below would be an error, not a clean end.
    tokio::time::timeout(PATIENCE, server.stop())
        .await
        .expect("drains");
    let end = tokio::time::timeout(PATIENCE, events.message())
        .await
        .expect("ends");
    assert!(matches!(end, Ok(None)), "{end:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watching_is_scoped_and_validated() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let inquiry = create_inquiry(&client, &org.sandbox_template, "u").await;
    let other = create_inquiry(&client, &org.sandbox_template, "v").await;
    let mut events = watch(&client, &other.id, "").await.expect("watch");
    let foreign_event = next(&mut events).await;
    assert_error(
        watch(&client, &inquiry.id, &foreign_event.id).await,
        Code::InvalidArgument,
        "INVALID_ARGUMENT",
    );
    assert_error(
        watch(&client, "inq_000000000000000000000000", "").await,
        Code::NotFound,
        "INQUIRY_NOT_FOUND",
    );
    let stranger = server.client(&server.org("globex").await.sandbox_key).await;
    assert_error(
        watch(&stranger, &inquiry.id, "").await,
        Code::NotFound,
        "INQUIRY_NOT_FOUND",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revoking_a_key_ends_its_open_streams_on_every_replica() {
    let server = TestServer::start().await;
    let replica = server.replica(Limits::default()).await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let inquiry = create_inquiry(&client, &org.sandbox_template, "w").await;
    let on_replica = replica.client(&org.sandbox_key).await;
    let mut here = watch(&client, &inquiry.id, "").await.expect("watch");
    let mut there = watch(&on_replica, &inquiry.id, "").await.expect("watch");
    next(&mut here).await;
    next(&mut there).await;
    // A replica hears of revocations only once its listener is connected.
    for side in [&server, &replica] {
        eventually("the replica listens for revocations", || {
            side.app.is_following()
        })
        .await;
    }

    revoke_key(&server, &org.sandbox_key_id).await;
    // The product ends them within a second; the bound is generous for a busy machine. Unless
    // the revocation ends it, a stream lives for the product's lifetime (an hour).
    for events in [&mut here, &mut there] {
        let end = tokio::time::timeout(PATIENCE, events.message())
            .await
            .expect("the stream ends on the revocation");
        assert_error(end, Code::Unauthenticated, "API_KEY_INVALID");
    }
    assert_error(
        watch(&client, &inquiry.id, "").await,
        Code::Unauthenticated,
        "API_KEY_INVALID",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stream_ends_at_its_maximum_lifetime_and_resumes_where_it_stopped() {
    let server = TestServer::start_limited(Limits {
        stream_max_lifetime: Duration::from_secs(1),
        ..Limits::default()
    })
    .await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let inquiry = create_inquiry(&client, &org.sandbox_template, "w").await;
    let mut events = watch(&client, &inquiry.id, "").await.expect("watch");
    let first = next(&mut events).await;
    // With the product's lifetime (an hour) this would wait out the timeout.
    let end = tokio::time::timeout(PATIENCE, events.message())
        .await
        .expect("ends at its lifetime");
    assert!(matches!(end, Ok(None)), "a clean end: {end:?}");

    tag(&client, &inquiry.id, "later").await;
    let mut resumed = watch(&client, &inquiry.id, &first.id)
        .await
        .expect("resume");
    assert_eq!(next(&mut resumed).await.name, "inquiry.tags-updated");
}
