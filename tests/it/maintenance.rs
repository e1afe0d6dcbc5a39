//! The maintenance worker, observed straight in the database (reading through the API would
//! settle deadlines itself and hide whether the worker did).

use chrono::TimeDelta;
use diesel::RunQueryDsl;
use verilink::worker::maintenance::Maintenance;
use verilink_client::{idempotent, pb};

use crate::common::{create_inquiry, duration, generate_link, redeem, string_field, TestServer};

fn maintenance(server: &TestServer) -> Maintenance {
    let app = crate::common::test_app(
        &server.db.url,
        server.clock.clone(),
        crate::common::Limits::default(),
        &server.console,
    );
    Maintenance::new(app)
}

/// Runs one SQL count against the test database.
async fn count(server: &TestServer, sql: &str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let url = server.db.url.clone();
    let sql = sql.to_owned();
    tokio::task::spawn_blocking(move || {
        let mut conn: diesel::PgConnection = diesel::Connection::establish(&url).expect("connect");
        diesel::sql_query(&sql)
            .get_result::<Count>(&mut conn)
            .expect("count")
            .n
    })
    .await
    .expect("query")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn overdue_inquiries_links_and_sessions_expire_without_anyone_reading_them() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    // A session that ends before its inquiry, a link that ends before its inquiry.
    let active = create_inquiry(&client, &org.sandbox_template, "active").await;
    let link = generate_link(&client, &active.id).await;
    redeem(&server.addr, &link.code).await.expect("redeem");
    let linked = create_inquiry(&client, &org.sandbox_template, "linked").await;
    client
        .one_time_links()
        .generate_one_time_link(pb::GenerateOneTimeLinkRequest {
            inquiry_id: linked.id.clone(),
            expires_in: duration(600),
            include_qr_code: false,
            ..Default::default()
        })
        .await
        .expect("short link");
    let idle: Vec<_> = (0..30).map(|i| format!("idle-{i}")).collect();
    for reference in &idle {
        create_inquiry(&client, &org.sandbox_template, reference).await;
    }
    server.clock.advance(TimeDelta::hours(2));
    let worker = maintenance(&server);
    worker.run_once().await.expect("pass");
    assert_eq!(
        count(
            &server,
            "SELECT count(*) AS n FROM inquiry_sessions WHERE status = 'expired'"
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &server,
            "SELECT count(*) AS n FROM one_time_links WHERE status = 'expired'"
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &server,
            "SELECT count(*) AS n FROM inquiries WHERE status = 'expired'"
        )
        .await,
        0
    );

    // A day later every inquiry is overdue; two workers share the work without doing any twice.
    server.clock.advance(TimeDelta::days(1));
    let (a, b) = (maintenance(&server), maintenance(&server));
    let (x, y) = tokio::join!(a.run_once(), b.run_once());
    x.expect("pass a");
    y.expect("pass b");
    assert_eq!(
        count(
            &server,
            "SELECT count(*) AS n FROM inquiries WHERE status <> 'expired'"
        )
        .await,
        0
    );
    assert_eq!(
        count(
            &server,
            "SELECT count(*) AS n FROM events WHERE name = 'inquiry.expired'"
        )
        .await,
        32,
        "each inquiry expired exactly once"
    );
    assert_eq!(
        count(
            &server,
            "SELECT count(*) AS n FROM inquiry_sessions WHERE status = 'active'"
        )
        .await,
        0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retention_redacts_and_old_idempotency_records_are_removed() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let template = client
        .templates()
        .create_inquiry_template(pb::CreateInquiryTemplateRequest {
            inquiry_template: Some(pb::InquiryTemplate {
                name: "Short retention".into(),
                redact_after: duration(3_600),
                ..Default::default()
            }),
        })
        .await
        .expect("template")
        .into_inner()
        .inquiry_template
        .expect("template");
    let kept = create_inquiry(&client, &org.sandbox_template, "kept").await;
    let request = pb::CreateInquiryRequest {
        inquiry: Some(pb::Inquiry {
            inquiry_template_id: template.id.clone(),
            fields: [("name_last".to_string(), string_field("Hopper"))]
                .into_iter()
                .collect(),
            ..Default::default()
        }),
        create_one_time_link: false,
        ..Default::default()
    };
    let short = client
        .inquiries()
        .create_inquiry(idempotent(request, "retention-1").expect("key"))
        .await
        .expect("create")
        .into_inner()
        .inquiry
        .expect("inquiry");
    let worker = maintenance(&server);
    server.clock.advance(TimeDelta::minutes(59));
    worker.run_once().await.expect("pass");
    assert_eq!(
        count(
            &server,
            "SELECT count(*) AS n FROM inquiries WHERE redact_time IS NOT NULL"
        )
        .await,
        0
    );
    server.clock.advance(TimeDelta::minutes(2));
    worker.run_once().await.expect("pass");
    let redacted = count(
        &server,
        &format!(
            "SELECT count(*) AS n FROM inquiries WHERE redact_time IS NOT NULL AND id = '{}'",
            short.id
        ),
    )
    .await;
    assert_eq!(redacted, 1);
    assert_eq!(
        count(
            &server,
            "SELECT count(*) AS n FROM events WHERE data::text LIKE '%Hopper%'"
        )
        .await,
        0
    );
    assert_eq!(
        count(
            &server,
            &format!(
                "SELECT count(*) AS n FROM inquiries WHERE redact_time IS NULL AND id = '{}'",
                kept.id
            )
        )
        .await,
        1
    );

    assert_eq!(
        count(&server, "SELECT count(*) AS n FROM idempotency_records").await,
        1
    );
    server.clock.advance(TimeDelta::hours(24));
    worker.run_once().await.expect("pass");
    assert_eq!(
        count(&server, "SELECT count(*) AS n FROM idempotency_records").await,
        0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_returns_everything_held_about_an_inquiry_and_no_secret() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let inquiry = create_inquiry(&client, &org.sandbox_template, "user-9").await;
    let link = generate_link(&client, &inquiry.id).await;
    let redeemed = redeem(&server.addr, &link.code).await.expect("redeem");
    let pending = generate_link(&client, &inquiry.id).await;
    let document = client
        .inquiries()
        .export_inquiry(pb::ExportInquiryRequest {
            id: inquiry.id.clone(),
        })
        .await
        .expect("export")
        .into_inner()
        .document_json;
    let json: serde_json::Value = serde_json::from_str(&document).expect("one JSON document");
    assert_eq!(json["inquiry"]["id"], inquiry.id.as_str());
    assert_eq!(json["inquiry"]["referenceId"], "user-9");
    assert_eq!(json["sessions"].as_array().map(Vec::len), Some(1));
    assert_eq!(json["sessions"][0]["clientIp"], "203.0.113.7");
    assert_eq!(json["oneTimeLinks"].as_array().map(Vec::len), Some(2));
    assert_eq!(json["events"].as_array().map(Vec::len), Some(6));
    for secret in [
        &link.code,
        &link.short_code,
        &pending.code,
        &redeemed.session_token,
    ] {
        assert!(
            !document.contains(secret.as_str()),
            "the export holds a secret"
        );
    }
    let stranger = server.client(&server.org("globex").await.sandbox_key).await;
    let status = stranger
        .inquiries()
        .export_inquiry(pb::ExportInquiryRequest {
            id: inquiry.id.clone(),
        })
        .await
        .expect_err("not theirs");
    assert_eq!(status.code(), tonic::Code::NotFound);
}
