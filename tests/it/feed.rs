//! The change feed: each replica follows the events table, and keeps each tenant's webhooks and
//! its templates in caches that the feed (or, on the replica that made it, the change itself)
//! invalidates.

use diesel::{Connection, PgConnection, QueryableByName, RunQueryDsl};
use tonic::Code;
use verilink::domain::webhook::Subscription;
use verilink_client::pb;
use verilink_client::VerilinkClient;

use crate::common::{assert_error, create_inquiry, eventually, Org, TestServer};

/// A webhook taking `inquiry.created`; its ID.
async fn create_webhook(client: &VerilinkClient) -> String {
    crate::webhooks::create_webhook(client, "https://hooks.example.com/v", &["inquiry.created"])
        .await
        .webhook
        .expect("webhook")
        .id
}

/// The inquiries of a webhook's deliveries.
async fn deliveries(client: &VerilinkClient, webhook_id: &str) -> Vec<String> {
    crate::webhooks::deliveries(client, webhook_id)
        .await
        .into_iter()
        .map(|delivery| delivery.inquiry_id)
        .collect()
}

#[derive(QueryableByName)]
struct Newest {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    seq: i64,
}

/// The `seq` of the newest event in the database.
async fn newest_event(server: &TestServer) -> i64 {
    let url = server.db.url.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = PgConnection::establish(&url).expect("connect");
        diesel::sql_query("SELECT max(seq) AS seq FROM events")
            .get_result::<Newest>(&mut conn)
            .expect("newest event")
            .seq
    })
    .await
    .expect("query task")
}

/// Two replicas following the change feed, a tenant, and a client of it on each; the second
/// replica has made an inquiry, so it holds the tenant's template and webhooks in its caches.
struct Replicas {
    first: TestServer,
    second: TestServer,
    org: Org,
    on_first: VerilinkClient,
    on_second: VerilinkClient,
}

impl Replicas {
    async fn with_cached_configuration() -> Self {
        let (first, second) = TestServer::two_following_replicas().await;
        let org = first.org("acme").await;
        let (on_first, on_second) = (
            first.client(&org.sandbox_key).await,
            second.client(&org.sandbox_key).await,
        );
        create_inquiry(&on_second, &org.sandbox_template, "before").await;
        Replicas {
            first,
            second,
            org,
            on_first,
            on_second,
        }
    }
}

/// Waits until `replica` has followed the feed past the newest event of `other` (`what`).
async fn follow(replica: &TestServer, other: &TestServer, what: &str) {
    let newest = newest_event(other).await;
    eventually(&format!("the replica follows the feed past {what}"), || {
        replica.app.followed_to() >= newest
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_webhook_made_on_one_replica_gets_the_events_of_another_once_it_followed_the_feed() {
    // The second replica caches that the tenant has no webhook.
    let r = Replicas::with_cached_configuration().await;
    let webhook = create_webhook(&r.on_first).await;
    follow(&r.second, &r.first, "the webhook").await;
    let inquiry = create_inquiry(&r.on_second, &r.org.sandbox_template, "after").await;
    assert_eq!(deliveries(&r.on_first, &webhook).await, [inquiry.id]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_webhook_gets_the_next_change_on_the_replica_that_made_it() {
    let server = TestServer::start().await;
    eventually("the change feed is followed", || server.app.is_following()).await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    // Cached: the tenant has no webhook. Creating one drops that at once, not a tick later.
    create_inquiry(&client, &org.sandbox_template, "before").await;
    let webhook = create_webhook(&client).await;
    let inquiry = create_inquiry(&client, &org.sandbox_template, "after").await;
    assert_eq!(deliveries(&client, &webhook).await, [inquiry.id]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_subscription_to_a_deleted_webhook_queues_nothing_and_fails_nothing() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    create_inquiry(&client, &org.sandbox_template, "x").await;
    let seq = newest_event(&server).await;
    let url = server.db.url.clone();
    let queued = tokio::task::spawn_blocking(move || {
        let mut conn = PgConnection::establish(&url).expect("connect");
        let gone = Subscription {
            webhook_id: "wbh_gone".into(),
            enabled_events: vec!["*".into()],
        };
        let events = [(seq, "inquiry.created".to_owned())];
        verilink::store::webhooks::enqueue(
            &mut conn,
            &[gone],
            &events,
            "inq_x",
            chrono::Utc::now(),
        )
        .expect("a stale subscription is no error");
        diesel::sql_query("SELECT count(*) AS seq FROM webhook_deliveries")
            .get_result::<Newest>(&mut conn)
            .expect("count")
            .seq
    })
    .await
    .expect("enqueue task");
    assert_eq!(queued, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_template_archived_on_one_replica_makes_no_inquiry_on_another_once_it_followed_the_feed()
{
    // The second replica caches the template.
    let r = Replicas::with_cached_configuration().await;
    r.on_first
        .templates()
        .archive_inquiry_template(pb::ArchiveInquiryTemplateRequest {
            id: r.org.sandbox_template.clone(),
        })
        .await
        .expect("archive");
    follow(&r.second, &r.first, "the archiving").await;
    let refused = r
        .on_second
        .inquiries()
        .create_inquiry(pb::CreateInquiryRequest {
            inquiry: Some(pb::Inquiry {
                inquiry_template_id: r.org.sandbox_template.clone(),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await;
    assert_error(refused, Code::FailedPrecondition, "TEMPLATE_ARCHIVED");
}
