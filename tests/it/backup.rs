//! Backup and restore: `pg_dump` of a database in use, restored into a fresh database, serves
//! everything acknowledged before the dump began — inquiries, their events, links, webhooks —
//! and its sealed webhook secrets still open under the same encryption key.

use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use verilink_client::pb;

use crate::common::{create_inquiry, export_inquiry, generate_link, redeem, TestDb, TestServer};
use crate::receiver::{verifies, Receiver};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dump_of_a_database_in_use_restores_everything_acknowledged_before_it() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let receiver = Receiver::default();
    let secret = client
        .webhooks()
        .create_webhook(pb::CreateWebhookRequest {
            webhook: Some(pb::Webhook {
                url: receiver.serve().await,
                enabled_events: vec!["inquiry.approved".into()],
                ..Default::default()
            }),
        })
        .await
        .expect("webhook")
        .into_inner()
        .secret;
    let decided = create_inquiry(&client, &org.sandbox_template, "decided").await;
    client
        .inquiries()
        .approve_inquiry(pb::ApproveInquiryRequest {
            id: decided.id.clone(),
            comment: "looks right".into(),
        })
        .await
        .expect("approve");
    let pending = create_inquiry(&client, &org.sandbox_template, "pending").await;
    let link = generate_link(&client, &pending.id).await;
    let decided_before = export_inquiry(&client, &decided.id).await;

    // Creates go on while the dump runs; those acknowledged before it began must be in it.
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let writer = tokio::spawn({
        let (client, template) = (client.clone(), org.sandbox_template.clone());
        let (acknowledged, stop) = (acknowledged.clone(), stop.clone());
        async move {
            for i in 0.. {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let created = create_inquiry(&client, &template, &format!("w{i}")).await;
                acknowledged.lock().expect("lock").push(created.id);
            }
        }
    });
    while acknowledged.lock().expect("lock").len() < 5 {
        tokio::task::yield_now().await;
    }
    let before_dump: Vec<String> = acknowledged.lock().expect("lock").clone();
    let dump = std::env::temp_dir().join(format!("verilink-backup-{}.dump", server.db.name));
    let dumped = tokio::task::spawn_blocking({
        let (url, dump) = (server.db.url.clone(), dump.clone());
        move || {
            Command::new("pg_dump")
                .args(["--format=custom", "--no-owner", "--file"])
                .arg(&dump)
                .arg(&url)
                .output()
                .expect("run pg_dump")
        }
    })
    .await
    .expect("pg_dump");
    stop.store(true, Ordering::SeqCst);
    writer.await.expect("writer");
    assert!(
        dumped.status.success(),
        "{}",
        String::from_utf8_lossy(&dumped.stderr)
    );

    let restored = tokio::task::spawn_blocking(TestDb::empty)
        .await
        .expect("db");
    let output = Command::new("pg_restore")
        .args(["--no-owner", "--exit-on-error", "--dbname"])
        .arg(&restored.url)
        .arg(&dump)
        .output()
        .expect("run pg_restore");
    let _ = std::fs::remove_file(&dump);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    // A server on the restored database, with the same encryption key.
    let copy = TestServer::start_with(
        Arc::new(restored),
        server.clock.clone(),
        crate::common::Limits::default(),
    )
    .await;
    let restored_client = copy.client(&org.sandbox_key).await;
    assert_eq!(
        export_inquiry(&restored_client, &decided.id).await,
        decided_before,
        "the decided inquiry, its events and its links come back as they were"
    );
    let listed: Vec<String> = restored_client
        .inquiries()
        .list_inquiries(pb::ListInquiriesRequest {
            page_size: 500,
            ..Default::default()
        })
        .await
        .expect("list")
        .into_inner()
        .inquiries
        .into_iter()
        .map(|inquiry| inquiry.id)
        .collect();
    for id in &before_dump {
        assert!(listed.contains(id), "{id} was acknowledged before the dump");
    }
    let all = acknowledged.lock().expect("lock").clone();
    for id in &listed {
        assert!(
            all.contains(id) || *id == decided.id || *id == pending.id,
            "{id} was never acknowledged"
        );
    }
    // The link minted before the dump redeems once on the copy.
    assert!(redeem(&copy.addr, &link.code).await.is_ok());
    // The approval's delivery, queued before the dump, is signed with the secret shown at
    // creation: the sealed secret opens under the same key.
    let sent = copy.dispatcher().run_once().await.expect("deliver");
    assert!(sent >= 1, "{sent}");
    let received = receiver.received();
    assert!(!received.is_empty() && verifies(&received[0], &secret));
}
