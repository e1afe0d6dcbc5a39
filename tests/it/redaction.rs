use std::collections::BTreeMap;

use diesel::RunQueryDsl;
use tonic::Code;
use verilink_client::pb;

use crate::common::{assert_error, generate_link, redeem, string_field, TestServer};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redaction_wipes_personal_data_everywhere_and_freezes_the_inquiry() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let admin = server.client(&org.sandbox_key).await;
    let inquiry = admin
        .inquiries()
        .create_inquiry(pb::CreateInquiryRequest {
            inquiry: Some(pb::Inquiry {
                inquiry_template_id: org.sandbox_template.clone(),
                reference_id: "user-7".into(),
                note: "Ada's second attempt".into(),
                tags: vec!["Lovelace".into()],
                fields: [("name_last".to_string(), string_field("Lovelace"))]
                    .into_iter()
                    .collect(),
                ..Default::default()
            }),
            create_one_time_link: false,
            ..Default::default()
        })
        .await
        .expect("create")
        .into_inner()
        .inquiry
        .expect("inquiry");
    let used = generate_link(&admin, &inquiry.id).await;
    let token = redeem(&server.addr, &used.code)
        .await
        .expect("redeem")
        .session_token;
    let pending = generate_link(&admin, &inquiry.id).await;

    let redacted = admin
        .inquiries()
        .redact_inquiry(pb::RedactInquiryRequest {
            id: inquiry.id.clone(),
        })
        .await
        .expect("redact")
        .into_inner()
        .inquiry
        .expect("inquiry");
    assert!(redacted.redact_time.is_some());
    assert_eq!(
        redacted.status,
        pb::InquiryStatus::Pending as i32,
        "redaction is not a status"
    );
    assert_eq!(redacted.reference_id, "user-7");
    assert!(redacted.note.is_empty() && redacted.tags.is_empty() && redacted.fields.is_empty());
    assert_eq!(redacted.fields, BTreeMap::new().into_iter().collect());

    assert_error(
        redeem(&server.addr, &pending.code).await,
        Code::FailedPrecondition,
        "INQUIRY_NOT_ACTIVE",
    );
    let user = server.client(&token).await;
    assert_error(
        user.sessions()
            .get_current_session(pb::GetCurrentSessionRequest {})
            .await,
        Code::Unauthenticated,
        "SESSION_EXPIRED",
    );
    let id = inquiry.id.clone();
    let refusals = [
        admin
            .inquiries()
            .approve_inquiry(pb::ApproveInquiryRequest {
                id: id.clone(),
                comment: String::new(),
            })
            .await
            .map(|_| ()),
        admin
            .inquiries()
            .add_inquiry_tag(pb::AddInquiryTagRequest {
                id: id.clone(),
                tag: "x".into(),
            })
            .await
            .map(|_| ()),
        admin
            .inquiries()
            .resume_inquiry(pb::ResumeInquiryRequest {
                id: id.clone(),
                ..Default::default()
            })
            .await
            .map(|_| ()),
        admin
            .one_time_links()
            .generate_one_time_link(pb::GenerateOneTimeLinkRequest {
                inquiry_id: id.clone(),
                ..Default::default()
            })
            .await
            .map(|_| ()),
        admin
            .inquiries()
            .redact_inquiry(pb::RedactInquiryRequest { id: id.clone() })
            .await
            .map(|_| ()),
    ];
    for refused in refusals {
        assert_error(refused, Code::FailedPrecondition, "INQUIRY_REDACTED");
    }

    // Nothing recorded still holds the personal data: not the events, not the sessions.
    let url = server.db.url.clone();
    let leftovers = tokio::task::spawn_blocking(move || {
        #[derive(diesel::QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let mut conn: diesel::PgConnection = diesel::Connection::establish(&url).expect("connect");
        let count = |conn: &mut diesel::PgConnection, sql: &str| -> i64 {
            diesel::sql_query(sql).get_result::<Count>(conn).expect(sql).n
        };
        (
            count(&mut conn, "SELECT count(*) AS n FROM events WHERE data::text ILIKE '%lovelace%'"),
            count(&mut conn, "SELECT count(*) AS n FROM events WHERE data::text LIKE '%203.0.113.7%'"),
            count(&mut conn, "SELECT count(*) AS n FROM inquiry_sessions WHERE client_ip <> '' OR user_agent <> ''"),
            count(&mut conn, "SELECT count(*) AS n FROM events WHERE name = 'inquiry.redacted'"),
        )
    })
    .await
    .expect("query");
    assert_eq!(leftovers, (0, 0, 0, 1));
}
