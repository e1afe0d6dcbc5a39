use std::collections::HashMap;

use chrono::TimeDelta;
use tonic::Code;
use verilink_client::{pb, VerilinkClient};

use crate::common::{
    assert_error, create_inquiry, duration, eventually, violated_fields, TestServer,
};
use crate::receiver::{verifies, Receiver};

pub(crate) async fn create_webhook(
    client: &VerilinkClient,
    url: &str,
    events: &[&str],
) -> pb::CreateWebhookResponse {
    client
        .webhooks()
        .create_webhook(pb::CreateWebhookRequest {
            webhook: Some(pb::Webhook {
                url: url.into(),
                enabled_events: events.iter().map(|e| (*e).to_owned()).collect(),
                ..Default::default()
            }),
        })
        .await
        .expect("create webhook")
        .into_inner()
}

pub(crate) async fn deliveries(
    client: &VerilinkClient,
    webhook_id: &str,
) -> Vec<pb::WebhookDelivery> {
    client
        .webhooks()
        .list_webhook_deliveries(pb::ListWebhookDeliveriesRequest {
            webhook_id: webhook_id.into(),
            ..Default::default()
        })
        .await
        .expect("deliveries")
        .into_inner()
        .webhook_deliveries
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhooks_are_managed_per_tenant() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let created = create_webhook(
        &client,
        "https://hooks.example.com/v",
        &["inquiry.approved", "inquiry.approved"],
    )
    .await;
    assert!(created.secret.starts_with("whsec_"));
    let hook = created.webhook.expect("webhook");
    assert!(hook.id.starts_with("wbh_") && hook.enabled);
    assert_eq!(hook.enabled_events, ["inquiry.approved"]);
    let bad = client
        .webhooks()
        .create_webhook(pb::CreateWebhookRequest {
            webhook: Some(pb::Webhook {
                url: "ftp://x".into(),
                enabled_events: vec!["*".into()],
                ..Default::default()
            }),
        })
        .await;
    assert_eq!(violated_fields(bad), ["webhook.url"]);
    let unknown_event = client
        .webhooks()
        .create_webhook(pb::CreateWebhookRequest {
            webhook: Some(pb::Webhook {
                url: "https://x.example".into(),
                enabled_events: vec!["inquiry.exploded".into()],
                ..Default::default()
            }),
        })
        .await;
    assert_eq!(
        violated_fields(unknown_event),
        ["webhook.enabled_events[0]"]
    );

    let updated = client
        .webhooks()
        .update_webhook(pb::UpdateWebhookRequest {
            webhook: Some(pb::Webhook {
                id: hook.id.clone(),
                enabled_events: vec!["*".into()],
                ..Default::default()
            }),
            update_mask: Some(prost_types::FieldMask {
                paths: vec!["enabled_events".into()],
            }),
        })
        .await
        .expect("update")
        .into_inner()
        .webhook
        .expect("webhook");
    assert_eq!(updated.enabled_events, ["*"]);
    assert_eq!(updated.url, hook.url);

    let rotated = client
        .webhooks()
        .rotate_webhook_secret(pb::RotateWebhookSecretRequest {
            id: hook.id.clone(),
            grace_period: duration(3_600),
        })
        .await
        .expect("rotate")
        .into_inner();
    assert_ne!(rotated.secret, created.secret);
    assert!(rotated
        .webhook
        .expect("webhook")
        .previous_secret_expire_time
        .is_some());

    let other = server.org("globex").await;
    let stranger = server.client(&other.sandbox_key).await;
    assert_error(
        stranger
            .webhooks()
            .get_webhook(pb::GetWebhookRequest {
                id: hook.id.clone(),
            })
            .await,
        Code::NotFound,
        "WEBHOOK_NOT_FOUND",
    );
    assert!(stranger
        .webhooks()
        .list_webhooks(pb::ListWebhooksRequest::default())
        .await
        .expect("list")
        .into_inner()
        .webhooks
        .is_empty());

    client
        .webhooks()
        .delete_webhook(pb::DeleteWebhookRequest {
            id: hook.id.clone(),
        })
        .await
        .expect("delete");
    assert_error(
        client
            .webhooks()
            .get_webhook(pb::GetWebhookRequest { id: hook.id })
            .await,
        Code::NotFound,
        "WEBHOOK_NOT_FOUND",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_deliveries_of_an_inquiry_the_key_cannot_see_are_not_found() {
    let server = TestServer::start().await;
    let acme = server.org("acme").await;
    let globex = server.org("globex").await;
    let owner = server.client(&acme.sandbox_key).await;
    let hook = create_webhook(&owner, "https://hooks.example.com/v", &["*"]).await;
    let hook_id = hook.webhook.expect("webhook").id;
    let inquiry = create_inquiry(&owner, &acme.sandbox_template, "user-1").await;
    let of = |webhook_id: &str, inquiry_id: &str| pb::ListWebhookDeliveriesRequest {
        webhook_id: webhook_id.into(),
        inquiry_id: inquiry_id.into(),
        ..Default::default()
    };
    let listed = owner
        .webhooks()
        .list_webhook_deliveries(of("", &inquiry.id))
        .await
        .expect("the owner lists its inquiry's deliveries")
        .into_inner();
    assert_eq!(listed.webhook_deliveries.len(), 1);

    let unknown = format!("inq_{}", "A".repeat(24));
    let globex_client = server.client(&globex.sandbox_key).await;
    let live = server.client(&acme.live_key).await;
    for (client, request) in [
        (&globex_client, of("", &inquiry.id)),
        (&live, of("", &inquiry.id)),
        (&owner, of("", &unknown)),
        (&owner, of(&hook_id, &unknown)),
    ] {
        let refused = client.webhooks().list_webhook_deliveries(request).await;
        assert_error(refused, Code::NotFound, "INQUIRY_NOT_FOUND");
    }

    let target = format!("/v1/inquiries/{}/webhookDeliveries", inquiry.id);
    let rest = crate::rest::Rest::new(&server, Some(&acme.sandbox_key));
    let mine = rest.get(&target).await.ok();
    assert_eq!(mine["webhookDeliveries"].as_array().map(Vec::len), Some(1));
    for key in [&globex.sandbox_key, &acme.live_key] {
        rest.with(Some(key))
            .get(&target)
            .await
            .error(404, "NOT_FOUND", "INQUIRY_NOT_FOUND");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deliveries_are_signed_and_both_secrets_sign_during_a_rotation() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let receiver = Receiver::default();
    let url = receiver.serve().await;
    let created = create_webhook(&client, &url, &["*"]).await;
    let inquiry = create_inquiry(&client, &org.sandbox_template, "u").await;
    let dispatcher = server.dispatcher();
    assert_eq!(dispatcher.run_once().await.expect("dispatch"), 1);
    let got = receiver.received();
    assert_eq!(got.len(), 1);
    let body: serde_json::Value = serde_json::from_slice(&got[0].body).expect("JSON body");
    assert_eq!(body["type"], "inquiry.created");
    assert_eq!(body["inquiryId"], inquiry.id.as_str());
    assert_eq!(body["data"]["object"]["id"], inquiry.id.as_str());
    assert_eq!(body["data"]["object"]["status"], "INQUIRY_STATUS_CREATED");
    assert_eq!(body["id"], got[0].event_id.as_str());
    assert_eq!(got[0].attempt, "1");
    assert!(verifies(&got[0], &created.secret), "{:?}", got[0].signature);
    assert!(!verifies(&got[0], "whsec_wrong"));
    assert_readme_snippets_verify(&got[0], &created.secret);

    let hook_id = created.webhook.expect("webhook").id;
    let rotated = client
        .webhooks()
        .rotate_webhook_secret(pb::RotateWebhookSecretRequest {
            id: hook_id.clone(),
            grace_period: duration(3_600),
        })
        .await
        .expect("rotate")
        .into_inner();
    client
        .inquiries()
        .expire_inquiry(pb::ExpireInquiryRequest {
            id: inquiry.id.clone(),
        })
        .await
        .expect("expire");
    dispatcher.run_once().await.expect("dispatch");
    let during = receiver.received().pop().expect("second delivery");
    assert_eq!(during.signature.matches("v1=").count(), 2);
    assert!(verifies(&during, &created.secret) && verifies(&during, &rotated.secret));

    server.clock.advance(TimeDelta::hours(2));
    create_inquiry(&client, &org.sandbox_template, "v").await;
    dispatcher.run_once().await.expect("dispatch");
    let after = receiver.received().pop().expect("third delivery");
    assert_eq!(after.signature.matches("v1=").count(), 1);
    assert!(verifies(&after, &rotated.secret) && !verifies(&after, &created.secret));

    let log = deliveries(&client, &hook_id).await;
    assert_eq!(log.len(), 3);
    assert!(log
        .iter()
        .all(|d| d.status == pb::WebhookDeliveryStatus::Succeeded as i32
            && d.last_status_code == 200));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_receiver_gets_each_event_exactly_once_after_retries() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let receiver = Receiver::default();
    let url = receiver.serve().await;
    let hook = create_webhook(&client, &url, &["inquiry.created"])
        .await
        .webhook
        .expect("webhook");
    receiver.answer(&[500, 500, 503]);
    let inquiry = create_inquiry(&client, &org.sandbox_template, "u").await;
    let dispatcher = server.dispatcher();
    for attempt in 1..=3 {
        assert_eq!(
            dispatcher.run_once().await.expect("dispatch"),
            1,
            "attempt {attempt}"
        );
        let log = deliveries(&client, &hook.id).await;
        assert_eq!(log[0].status, pb::WebhookDeliveryStatus::Pending as i32);
        assert_eq!(log[0].attempt_count, attempt);
        assert!(log[0].last_status_code >= 500);
        assert!(log[0].last_error.contains("receiver answered"));
        assert_eq!(dispatcher.run_once().await.expect("nothing due yet"), 0);
        server.clock.advance(TimeDelta::minutes(10));
    }
    assert_eq!(dispatcher.run_once().await.expect("dispatch"), 1);
    let got = receiver.received();
    let attempts: Vec<&str> = got.iter().map(|r| r.attempt.as_str()).collect();
    assert_eq!(attempts, ["1", "2", "3", "4"]);
    let accepted: Vec<_> = got.iter().filter(|r| r.answered == 200).collect();
    assert_eq!(accepted.len(), 1, "accepted exactly once");
    let body: serde_json::Value = serde_json::from_slice(&accepted[0].body).expect("JSON");
    assert_eq!(body["inquiryId"], inquiry.id.as_str());
    server.clock.advance(TimeDelta::days(2));
    assert_eq!(dispatcher.run_once().await.expect("nothing left"), 0);
    assert_eq!(
        deliveries(&client, &hook.id).await[0].status,
        pb::WebhookDeliveryStatus::Succeeded as i32
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_dispatchers_deliver_each_of_200_events_once() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let receiver = Receiver::default();
    let url = receiver.serve().await;
    create_webhook(&client, &url, &["inquiry.created"]).await;
    for i in 0..200 {
        create_inquiry(&client, &org.sandbox_template, &format!("u{i}")).await;
    }
    let (a, b) = (server.dispatcher(), server.dispatcher());
    let drain = |d: verilink::worker::dispatcher::Dispatcher| async move {
        let mut sent = 0;
        loop {
            match d.run_once().await.expect("dispatch") {
                0 => return sent,
                n => sent += n,
            }
        }
    };
    let (sent_a, sent_b) = tokio::join!(drain(a), drain(b));
    assert_eq!(sent_a + sent_b, 200);
    let mut per_event: HashMap<String, usize> = HashMap::new();
    for r in receiver.received() {
        *per_event.entry(r.event_id).or_default() += 1;
    }
    assert_eq!(per_event.len(), 200);
    assert!(
        per_event.values().all(|n| *n == 1),
        "an event was sent twice"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_receiver_that_is_down_loses_nothing() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("port")
        .local_addr()
        .expect("addr");
    let hook = create_webhook(&client, &format!("http://{port}/hook"), &["*"])
        .await
        .webhook
        .expect("webhook");
    for i in 0..5 {
        create_inquiry(&client, &org.sandbox_template, &format!("u{i}")).await;
    }
    let dispatcher = server.dispatcher();
    assert_eq!(dispatcher.run_once().await.expect("dispatch"), 5);
    let log = deliveries(&client, &hook.id).await;
    assert!(log
        .iter()
        .all(|d| d.status == pb::WebhookDeliveryStatus::Pending as i32 && d.last_status_code == 0));
    assert!(
        log[0].last_error.contains("request failed"),
        "{}",
        log[0].last_error
    );

    let receiver = Receiver::default();
    receiver.serve_on(port).await;
    server.clock.advance(TimeDelta::minutes(5));
    assert_eq!(dispatcher.run_once().await.expect("dispatch"), 5);
    let mut ids: Vec<String> = receiver
        .received()
        .into_iter()
        .map(|r| r.event_id)
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_webhook_failing_for_a_day_is_disabled_and_can_be_redelivered_to_once_enabled() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let receiver = Receiver::default();
    let url = receiver.serve().await;
    receiver.answer(&[500; 14]);
    let hook = create_webhook(&client, &url, &["inquiry.created"])
        .await
        .webhook
        .expect("webhook");
    create_inquiry(&client, &org.sandbox_template, "u").await;
    let dispatcher = server.dispatcher();
    for _ in 0..14 {
        assert_eq!(dispatcher.run_once().await.expect("dispatch"), 1);
        server.clock.advance(TimeDelta::hours(8));
    }
    let log = deliveries(&client, &hook.id).await;
    assert_eq!(log[0].status, pb::WebhookDeliveryStatus::Failed as i32);
    assert_eq!(log[0].attempt_count, 14);
    let disabled = client
        .webhooks()
        .get_webhook(pb::GetWebhookRequest {
            id: hook.id.clone(),
        })
        .await
        .expect("get")
        .into_inner()
        .webhook
        .expect("webhook");
    assert!(!disabled.enabled);
    assert!(
        disabled.disabled_reason.contains("failed"),
        "{}",
        disabled.disabled_reason
    );
    // Disabled webhooks get nothing new.
    create_inquiry(&client, &org.sandbox_template, "v").await;
    assert_eq!(dispatcher.run_once().await.expect("dispatch"), 0);

    let event_id = receiver.received()[0].event_id.clone();
    let refused = client
        .webhooks()
        .redeliver_event(pb::RedeliverEventRequest {
            webhook_id: hook.id.clone(),
            event_id: event_id.clone(),
        })
        .await;
    assert_error(refused, Code::FailedPrecondition, "WEBHOOK_DISABLED");
    client
        .webhooks()
        .update_webhook(pb::UpdateWebhookRequest {
            webhook: Some(pb::Webhook {
                id: hook.id.clone(),
                enabled: true,
                ..Default::default()
            }),
            update_mask: Some(prost_types::FieldMask {
                paths: vec!["enabled".into()],
            }),
        })
        .await
        .expect("enable");
    let redelivery = client
        .webhooks()
        .redeliver_event(pb::RedeliverEventRequest {
            webhook_id: hook.id.clone(),
            event_id: event_id.clone(),
        })
        .await
        .expect("redeliver")
        .into_inner()
        .webhook_delivery
        .expect("delivery");
    assert_eq!(redelivery.event_id, event_id);
    assert_eq!(dispatcher.run_once().await.expect("dispatch"), 1);
    let last = receiver.received().pop().expect("redelivered");
    assert_eq!((last.event_id, last.answered), (event_id, 200));
}

/// The verification snippets the README shows (docs/snippets) accept the real delivery with
/// the right secret and refuse it with a wrong one.
fn assert_readme_snippets_verify(received: &crate::receiver::Received, secret: &str) {
    let dir = std::env::temp_dir().join(format!("verilink-body-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let body = dir.join(format!("{}.json", received.event_id));
    std::fs::write(&body, &received.body).expect("write body");
    let snippets = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/snippets");
    for (program, file) in [
        ("python3", "verify_signature.py"),
        ("node", "verify_signature.mjs"),
    ] {
        let run = |secret: &str| {
            std::process::Command::new(program)
                .arg(format!("{snippets}/{file}"))
                .args([secret, received.signature.as_str()])
                .arg(&body)
                .status()
                .unwrap_or_else(|e| panic!("run {program}: {e}"))
                .success()
        };
        assert!(run(secret), "{file} rejects a valid delivery");
        assert!(!run("whsec_wrong"), "{file} accepts a wrong secret");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhooks_cannot_reach_inside_unless_the_operator_allows_it() {
    let server = TestServer::start_limited(crate::common::Limits {
        allow_private_networks: false,
        ..crate::common::Limits::default()
    })
    .await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let create = |url: &str| {
        let client = client.clone();
        let url = url.to_owned();
        async move { client.webhooks().create_webhook(every_event(url)).await }
    };
    for url in [
        "http://127.0.0.1:5432/",
        "http://localhost/",
        "http://[::1]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.1.2.3/",
        "http://172.16.0.1/",
        "http://192.168.0.1/",
        "http://100.64.1.1/",
        "http://0.0.0.0/",
        "http://2130706433/",
        "http://017700000001/",
        "http://0x7f000001/",
        "http://127.1/",
        "http://[::ffff:127.0.0.1]/",
        "http://[fd12::1]/",
        "http://[fe80::1]/",
        "https://user:pass@hooks.example.com/",
        "http://[::127.0.0.1]/",
        "http://[64:ff9b::a00:1]/",
        "http://[2002:7f00:1::]/",
        "http://198.18.0.1/",
    ] {
        assert_eq!(violated_fields(create(url).await), ["webhook.url"], "{url}");
    }
    let live = server.client(&org.live_key).await;
    let plain_http = live
        .webhooks()
        .create_webhook(pb::CreateWebhookRequest {
            webhook: Some(pb::Webhook {
                url: "http://hooks.example.com/".into(),
                enabled_events: vec!["*".into()],
                ..Default::default()
            }),
        })
        .await;
    assert_eq!(violated_fields(plain_http), ["webhook.url"]);
    create("https://hooks.example.com/verilink")
        .await
        .expect("an outside name is fine");

    // Set while allowed, then the operator stops allowing it: the dispatcher refuses to connect.
    let receiver = Receiver::default();
    let receiver_url = receiver.serve().await;
    let replica = server.replica(crate::common::Limits::default()).await;
    let allowed = replica.client(&org.sandbox_key).await;
    allowed
        .webhooks()
        .create_webhook(pb::CreateWebhookRequest {
            webhook: Some(pb::Webhook {
                url: receiver_url,
                enabled_events: vec!["*".into()],
                ..Default::default()
            }),
        })
        .await
        .expect("allowed on that replica");
    let nat64 = allowed
        .webhooks()
        .create_webhook(every_event("http://[64:ff9b::7f00:1]:9/hook".into()))
        .await
        .expect("allowed on that replica")
        .into_inner()
        .webhook
        .expect("webhook");
    create_inquiry(&client, &org.sandbox_template, "r").await;
    let store = verilink::store::Store::new(&verilink::store::StoreConfig {
        database_url: server.db.url.clone(),
        pool_size: 2,
        queue_timeout: crate::common::PATIENCE,
    });
    let strict = verilink::worker::dispatcher::Dispatcher::new(
        store,
        server.clock.clone(),
        verilink::worker::dispatcher::DispatcherConfig {
            keyring: server.app.config().keyring.clone(),
            ..Default::default()
        },
    )
    .expect("dispatcher");
    assert!(strict.run_once().await.expect("pass") >= 2);
    assert!(receiver.received().is_empty(), "nothing reached loopback");
    // An address host is judged again when connecting, in every IPv4-carrying form.
    let refused = deliveries(&client, &nat64.id).await;
    assert!(
        refused[0]
            .last_error
            .contains("64:ff9b::7f00:1 is a loopback address"),
        "{refused:?}"
    );
}

/// A request for a webhook of every event to `url`.
fn every_event(url: String) -> pb::CreateWebhookRequest {
    pb::CreateWebhookRequest {
        webhook: Some(pb::Webhook {
            url,
            enabled_events: vec!["*".into()],
            ..Default::default()
        }),
    }
}

/// Creates a webhook for every event to `url` with `client`'s key; returns its secret.
async fn subscribe(client: &VerilinkClient, url: String) -> String {
    client
        .webhooks()
        .create_webhook(every_event(url))
        .await
        .expect("webhook")
        .into_inner()
        .secret
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_receiver_does_not_hold_back_another_tenants_deliveries() {
    let server = TestServer::start().await;
    let (slow_org, fast_org) = (server.org("slow").await, server.org("fast").await);
    let (slow, fast) = (Receiver::default(), Receiver::default());
    slow.hold();
    let slow_client = server.client(&slow_org.sandbox_key).await;
    let fast_client = server.client(&fast_org.sandbox_key).await;
    subscribe(&slow_client, slow.serve().await).await;
    subscribe(&fast_client, fast.serve().await).await;
    for n in 0..6 {
        create_inquiry(&slow_client, &slow_org.sandbox_template, &format!("s{n}")).await;
    }
    let dispatcher = server.dispatcher();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(dispatcher.run(std::time::Duration::from_millis(20), async {
        let _ = stopped.await;
    }));
    eventually("deliveries reach the slow receiver", || {
        slow.received().len() >= 4
    })
    .await;
    assert_eq!(
        slow.received().len(),
        4,
        "at most 4 in flight to one webhook"
    );
    // The slow receiver holds its four; the other tenant's event goes through meanwhile (the
    // four are held for at most the dispatcher's 10 s receiver timeout, a product constant; the
    // test needs a few local calls of it).
    create_inquiry(&fast_client, &fast_org.sandbox_template, "f").await;
    eventually("the other tenant's delivery", || {
        !fast.received().is_empty()
    })
    .await;
    assert_eq!(
        fast.received().len(),
        1,
        "delivered while the slow receiver still holds"
    );
    assert_eq!(slow.received().len(), 4, "the slow one is still waiting");
    slow.release();
    eventually("the rest of the slow receiver's deliveries", || {
        slow.received().len() >= 6
    })
    .await;
    assert_eq!(slow.received().len(), 6, "the rest follow once it answers");
    let _ = stop.send(());
    running.await.expect("dispatcher stops");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_secrets_are_sealed_at_rest_and_resealed_after_a_key_change() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let receiver = Receiver::default();
    let secret = subscribe(&client, receiver.serve().await).await;
    #[derive(diesel::QueryableByName)]
    struct Stored {
        #[diesel(sql_type = diesel::sql_types::Text)]
        secret: String,
    }
    #[derive(diesel::QueryableByName)]
    struct Queued {
        #[diesel(sql_type = diesel::sql_types::Bytea)]
        message: Vec<u8>,
    }
    let stored = |url: String| async move {
        read_one::<Stored>(url, "SELECT secret FROM webhooks")
            .await
            .secret
    };
    let queued = |url: String| async move {
        read_one::<Queued>(url, "SELECT message FROM email_outbox")
            .await
            .message
    };
    let sealed = stored(server.db.url.clone()).await;
    assert!(sealed.starts_with("sealed:v1:"), "{sealed}");
    assert!(!sealed.contains(&secret["whsec_".len()..]));
    create_inquiry(&client, &org.sandbox_template, "r").await;
    server.dispatcher().run_once().await.expect("deliver");
    assert!(
        verifies(&receiver.received()[0], &secret),
        "signed with the plain secret"
    );

    // An email waits in the outbox, sealed under the same key.
    let emailed = create_inquiry(&client, &org.sandbox_template, "e").await;
    let link = client
        .one_time_links()
        .generate_one_time_link(pb::GenerateOneTimeLinkRequest {
            inquiry_id: emailed.id.clone(),
            recipient_email: "ada@example.com".into(),
            ..Default::default()
        })
        .await
        .expect("email a link")
        .into_inner()
        .one_time_link
        .expect("link");
    let queued_before = queued(server.db.url.clone()).await;

    // A new key: the old one still opens, `secrets reseal` seals again under the new one.
    let old = "w".repeat(32);
    let new = "n".repeat(32);
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_verilink"))
        .args(["secrets", "reseal"])
        .env("VERILINK_DATABASE_URL", &server.db.url)
        .env("VERILINK_ENCRYPTION_KEY", &new)
        .env("VERILINK_ENCRYPTION_KEY_PREVIOUS", &old)
        .output()
        .expect("run verilink");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        String::from_utf8_lossy(&output.stdout)
            .contains("resealed the secrets of 1 webhook(s) and 1 queued email(s)"),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let resealed = stored(server.db.url.clone()).await;
    assert_ne!(resealed, sealed);
    let keyring = verilink::domain::secrets::Keyring {
        current: Some(verilink::domain::secrets::SecretString::new(new)),
        previous: None,
    };
    let webhook_id = client
        .webhooks()
        .list_webhooks(pb::ListWebhooksRequest::default())
        .await
        .expect("list")
        .into_inner()
        .webhooks[0]
        .id
        .clone();
    assert_eq!(
        keyring.open_secret(&webhook_id, &resealed).as_deref(),
        Some(secret.as_str())
    );
    let queued_after = queued(server.db.url.clone()).await;
    let old_only = verilink::domain::secrets::Keyring {
        current: Some(verilink::domain::secrets::SecretString::new(old)),
        previous: None,
    };
    let opened = verilink::domain::email::load_message(&queued_after, true, &keyring, &link.id)
        .expect("the queued email opens with the new key alone");
    assert!(
        opened.text.contains("/v/") || opened.text.contains("code="),
        "{}",
        opened.text
    );
    assert_eq!(
        verilink::domain::email::load_message(&queued_after, true, &old_only, &link.id),
        None
    );
    assert!(
        verilink::domain::email::load_message(&queued_before, true, &old_only, &link.id).is_some()
    );
}

/// The one row `sql` selects, read on a connection of its own.
async fn read_one<T>(url: String, sql: &'static str) -> T
where
    T: diesel::QueryableByName<diesel::pg::Pg> + Send + 'static,
{
    tokio::task::spawn_blocking(move || {
        use diesel::RunQueryDsl;
        let mut conn: diesel::PgConnection = diesel::Connection::establish(&url).expect("connect");
        diesel::sql_query(sql)
            .get_result::<T>(&mut conn)
            .expect(sql)
    })
    .await
    .expect("read")
}

/// Deleting a webhook while changes queue deliveries for it fails none of those changes: each
/// either queues for the webhook before it goes (the delete then removes those deliveries) or
/// does not see it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_a_webhook_while_inquiries_are_created_fails_none_of_them() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    for round in 0..5 {
        let hook = create_webhook(&client, "https://hooks.example.com/race", &["*"])
            .await
            .webhook
            .expect("webhook");
        let mut creating = Vec::new();
        for i in 0..12 {
            let (client, template) = (client.clone(), org.sandbox_template.clone());
            creating.push(tokio::spawn(async move {
                client
                    .inquiries()
                    .create_inquiry(pb::CreateInquiryRequest {
                        inquiry: Some(pb::Inquiry {
                            inquiry_template_id: template,
                            reference_id: format!("race-{round}-{i}"),
                            ..Default::default()
                        }),
                        ..Default::default()
                    })
                    .await
                    .map(|_| ())
            }));
        }
        client
            .webhooks()
            .delete_webhook(pb::DeleteWebhookRequest { id: hook.id })
            .await
            .expect("delete");
        for created in creating {
            created.await.expect("task").expect("every create succeeds");
        }
    }
}
