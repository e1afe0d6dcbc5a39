use std::collections::HashMap;

use chrono::TimeDelta;
use tonic::Code;
use verilink_client::{pb, VerilinkClient};

use crate::common::{
    assert_error, create_inquiry, event_names, generate_link, redeem, string_field,
    violated_fields, TestServer,
};

async fn end_user(server: &TestServer, token: &str) -> VerilinkClient {
    server.client(token).await
}

async fn current(client: &VerilinkClient) -> Result<pb::GetCurrentSessionResponse, tonic::Status> {
    client
        .sessions()
        .get_current_session(pb::GetCurrentSessionRequest {})
        .await
        .map(tonic::Response::into_inner)
}

/// Answers to every field the `KYC` template collects, as an end user's app would send them.
fn kyc_answers() -> HashMap<String, pb::FieldValue> {
    let mut answers: HashMap<String, pb::FieldValue> = [
        ("name_first", "Alexander"),
        ("name_last", "Sample"),
        ("address_street_1", "600 California Street"),
        ("address_city", "San Francisco"),
        ("address_postal_code", "94111"),
        ("address_country_code", "us"),
        ("email_address", " alex@example.com "),
    ]
    .into_iter()
    .map(|(name, value)| (name.to_owned(), string_field(value)))
    .collect();
    answers.insert(
        "birthdate".into(),
        pb::FieldValue {
            value: Some(pb::field_value::Value::DateValue(pb::Date {
                year: 1977,
                month: 8,
                day: 31,
            })),
        },
    );
    answers
}

async fn submit_fields(
    client: &VerilinkClient,
    fields: HashMap<String, pb::FieldValue>,
    outcome: pb::SandboxOutcome,
) -> Result<pb::SubmitSessionResponse, tonic::Status> {
    client
        .sessions()
        .submit_session(pb::SubmitSessionRequest {
            fields,
            sandbox_outcome: outcome as i32,
        })
        .await
        .map(tonic::Response::into_inner)
}

/// Submits answers to every field the `KYC` template collects.
async fn submit(
    client: &VerilinkClient,
    outcome: pb::SandboxOutcome,
) -> Result<pb::SubmitSessionResponse, tonic::Status> {
    submit_fields(client, kyc_answers(), outcome).await
}

async fn resume(
    client: &VerilinkClient,
    id: &str,
) -> Result<pb::ResumeInquiryResponse, tonic::Status> {
    client
        .inquiries()
        .resume_inquiry(pb::ResumeInquiryRequest {
            id: id.into(),
            ..Default::default()
        })
        .await
        .map(tonic::Response::into_inner)
}

async fn simulate(client: &VerilinkClient, id: &str, action: pb::SimulatedInquiryAction) {
    client
        .inquiries()
        .simulate_inquiry_action(pb::SimulateInquiryActionRequest {
            id: id.into(),
            action: action as i32,
        })
        .await
        .expect("simulate");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_end_user_plane_takes_only_the_session_token() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let admin = server.client(&org.sandbox_key).await;
    let inquiry = admin
        .inquiries()
        .create_inquiry(pb::CreateInquiryRequest {
            inquiry: Some(pb::Inquiry {
                inquiry_template_id: org.sandbox_template.clone(),
                fields: HashMap::from([("name_first".to_string(), string_field("Ada"))]),
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
    let link = generate_link(&admin, &inquiry.id).await;
    let token = redeem(&server.addr, &link.code)
        .await
        .expect("redeem")
        .session_token;
    let user = end_user(&server, &token).await;
    let seen = current(&user).await.expect("current session");
    assert_eq!(seen.inquiry_status, pb::InquiryStatus::Pending as i32);
    assert_eq!(seen.inquiry_template_name, "KYC");
    assert_eq!(
        seen.fields,
        HashMap::from([("name_first".to_string(), string_field("Ada"))])
    );
    assert_eq!(seen.environment, pb::Environment::Sandbox as i32);

    assert_error(
        current(&admin).await,
        Code::Unauthenticated,
        "API_KEY_NOT_ALLOWED",
    );
    assert_error(
        user.inquiries()
            .get_inquiry(pb::GetInquiryRequest {
                id: inquiry.id.clone(),
            })
            .await,
        Code::Unauthenticated,
        "SESSION_TOKEN_NOT_ALLOWED",
    );
    let stranger = end_user(&server, &format!("vls_{}", "Z".repeat(32))).await;
    assert_error(
        current(&stranger).await,
        Code::Unauthenticated,
        "SESSION_TOKEN_INVALID",
    );

    // Sessions end with their TTL (1 h by default), measured by the server's clock.
    server.clock.advance(TimeDelta::minutes(61));
    assert_error(
        current(&user).await,
        Code::Unauthenticated,
        "SESSION_EXPIRED",
    );
    let session = admin
        .sessions()
        .get_session(pb::GetSessionRequest {
            id: seen.session.expect("session").id,
        })
        .await
        .expect("get session")
        .into_inner()
        .session
        .expect("session");
    assert_eq!(session.status, pb::SessionStatus::Expired as i32);
    assert!(session.expire_time.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn submitting_completes_or_fails_the_inquiry_and_honours_auto_approve() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let admin = server.client(&org.sandbox_key).await;
    let open_session = |inquiry_id: String| {
        let admin = admin.clone();
        let addr = server.addr.clone();
        async move {
            let link = generate_link(&admin, &inquiry_id).await;
            redeem(&addr, &link.code)
                .await
                .expect("redeem")
                .session_token
        }
    };

    let passing = create_inquiry(&admin, &org.sandbox_template, "pass").await;
    let user = end_user(&server, &open_session(passing.id.clone()).await).await;
    assert_eq!(
        violated_fields(submit(&user, pb::SandboxOutcome::Unspecified).await),
        ["sandbox_outcome"]
    );
    let done = submit(&user, pb::SandboxOutcome::Pass)
        .await
        .expect("submit");
    assert_eq!(done.inquiry_status, pb::InquiryStatus::Completed as i32);
    assert_eq!(
        done.session.expect("session").status,
        pb::SessionStatus::Completed as i32
    );
    let stored = admin
        .inquiries()
        .get_inquiry(pb::GetInquiryRequest {
            id: passing.id.clone(),
        })
        .await
        .expect("get")
        .into_inner()
        .inquiry
        .expect("inquiry");
    assert_eq!(
        stored.fields.get("address_country_code"),
        Some(&string_field("US")),
        "stored as the hosted page stores it"
    );
    assert_eq!(
        stored.fields.get("email_address"),
        Some(&string_field("alex@example.com"))
    );
    assert_error(
        submit(&user, pb::SandboxOutcome::Pass).await,
        Code::Unauthenticated,
        "SESSION_EXPIRED",
    );
    assert_eq!(
        event_names(&server, &passing.id).await,
        [
            "inquiry.created",
            "one-time-link.created",
            "one-time-link.consumed",
            "inquiry-session.started",
            "inquiry.started",
            "inquiry-session.completed",
            "inquiry.completed"
        ]
    );

    let failing = create_inquiry(&admin, &org.sandbox_template, "fail").await;
    let user = end_user(&server, &open_session(failing.id.clone()).await).await;
    let done = submit(&user, pb::SandboxOutcome::Fail)
        .await
        .expect("submit");
    assert_eq!(done.inquiry_status, pb::InquiryStatus::Failed as i32);

    let auto = admin
        .templates()
        .create_inquiry_template(pb::CreateInquiryTemplateRequest {
            inquiry_template: Some(pb::InquiryTemplate {
                name: "Auto".into(),
                auto_approve: true,
                ..Default::default()
            }),
        })
        .await
        .expect("template")
        .into_inner()
        .inquiry_template
        .expect("template");
    let approved = create_inquiry(&admin, &auto.id, "auto").await;
    let user = end_user(&server, &open_session(approved.id.clone()).await).await;
    let done = submit_fields(&user, HashMap::new(), pb::SandboxOutcome::Pass)
        .await
        .expect("submit");
    assert_eq!(done.inquiry_status, pb::InquiryStatus::Approved as i32);

    // Live inquiries complete without a simulated outcome, and refuse one.
    let live_admin = server.client(&org.live_key).await;
    let live = create_inquiry(&live_admin, &org.live_template, "live").await;
    let link = generate_link(&live_admin, &live.id).await;
    let user = end_user(
        &server,
        &redeem(&server.addr, &link.code)
            .await
            .expect("redeem")
            .session_token,
    )
    .await;
    assert_eq!(
        violated_fields(submit(&user, pb::SandboxOutcome::Pass).await),
        ["sandbox_outcome"]
    );
    let done = submit(&user, pb::SandboxOutcome::Unspecified)
        .await
        .expect("live submit");
    assert_eq!(done.inquiry_status, pb::InquiryStatus::Completed as i32);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resume_reopens_expired_inquiries_and_refuses_finished_ones_with_distinct_reasons() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let admin = server.client(&org.sandbox_key).await;
    let inquiry = create_inquiry(&admin, &org.sandbox_template, "u").await;
    server.clock.advance(TimeDelta::hours(25));
    let resumed = resume(&admin, &inquiry.id)
        .await
        .expect("resume an expired inquiry");
    let reopened = resumed.inquiry.expect("inquiry");
    assert_eq!(reopened.status, pb::InquiryStatus::Pending as i32);
    let session = resumed.session.expect("session");
    assert_eq!(session.origin, pb::SessionOrigin::Resume as i32);
    assert_eq!(
        reopened.expires_at.as_ref().map(|t| t.seconds),
        session.create_time.as_ref().map(|t| t.seconds + 86_400),
        "expires_at = now + expire_after_resume"
    );
    let user = end_user(&server, &resumed.session_token).await;
    assert_eq!(
        current(&user).await.expect("token works").inquiry_status,
        pb::InquiryStatus::Pending as i32
    );
    assert_eq!(
        event_names(&server, &inquiry.id).await,
        [
            "inquiry.created",
            "inquiry.expired",
            "inquiry.resumed",
            "inquiry-session.started"
        ]
    );

    let fresh = create_inquiry(&admin, &org.sandbox_template, "fresh").await;
    let from_created = resume(&admin, &fresh.id)
        .await
        .expect("resume a created inquiry");
    assert!(from_created.inquiry.expect("inquiry").start_time.is_some());

    let cases = [
        (pb::SimulatedInquiryAction::Complete, "INQUIRY_COMPLETED"),
        (pb::SimulatedInquiryAction::Fail, "INQUIRY_FAILED"),
    ];
    for (action, reason) in cases {
        let finished = create_inquiry(&admin, &org.sandbox_template, reason).await;
        simulate(&admin, &finished.id, pb::SimulatedInquiryAction::Start).await;
        simulate(&admin, &finished.id, action).await;
        assert_error(
            resume(&admin, &finished.id).await,
            Code::FailedPrecondition,
            reason,
        );
    }
    let decided = create_inquiry(&admin, &org.sandbox_template, "decided").await;
    admin
        .inquiries()
        .approve_inquiry(pb::ApproveInquiryRequest {
            id: decided.id.clone(),
            comment: String::new(),
        })
        .await
        .expect("approve");
    assert_error(
        resume(&admin, &decided.id).await,
        Code::FailedPrecondition,
        "INQUIRY_DECIDED",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_are_listed_expired_and_limited_per_inquiry() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let admin = server.client(&org.sandbox_key).await;
    let template = admin
        .templates()
        .create_inquiry_template(pb::CreateInquiryTemplateRequest {
            inquiry_template: Some(pb::InquiryTemplate {
                name: "Two sessions".into(),
                max_sessions_per_inquiry: 2,
                ..Default::default()
            }),
        })
        .await
        .expect("template")
        .into_inner()
        .inquiry_template
        .expect("template");
    let inquiry = create_inquiry(&admin, &template.id, "u").await;
    let first = resume(&admin, &inquiry.id).await.expect("first");
    server.clock.advance(TimeDelta::seconds(1));
    let second = resume(&admin, &inquiry.id).await.expect("second");
    assert_error(
        resume(&admin, &inquiry.id).await,
        Code::ResourceExhausted,
        "SESSION_LIMIT_REACHED",
    );
    let link = generate_link(&admin, &inquiry.id).await;
    assert_error(
        redeem(&server.addr, &link.code).await,
        Code::ResourceExhausted,
        "SESSION_LIMIT_REACHED",
    );

    let listed: Vec<String> = admin
        .sessions()
        .list_sessions(pb::ListSessionsRequest {
            inquiry_id: inquiry.id.clone(),
            ..Default::default()
        })
        .await
        .expect("list")
        .into_inner()
        .sessions
        .into_iter()
        .map(|s| s.id)
        .collect();
    let first_id = first.session.expect("s").id;
    let second_id = second.session.expect("s").id;
    assert_eq!(listed, [second_id.clone(), first_id.clone()]);

    let expired = admin
        .sessions()
        .expire_session(pb::ExpireSessionRequest {
            id: first_id.clone(),
        })
        .await
        .expect("expire")
        .into_inner()
        .session
        .expect("session");
    assert_eq!(expired.status, pb::SessionStatus::Expired as i32);
    assert_error(
        current(&end_user(&server, &first.session_token).await).await,
        Code::Unauthenticated,
        "SESSION_EXPIRED",
    );
    let all = admin
        .sessions()
        .expire_all_sessions(pb::ExpireAllSessionsRequest {
            inquiry_id: inquiry.id.clone(),
        })
        .await
        .expect("expire all")
        .into_inner()
        .sessions;
    assert_eq!(
        all.into_iter().map(|s| s.id).collect::<Vec<_>>(),
        [second_id]
    );
    assert_error(
        current(&end_user(&server, &second.session_token).await).await,
        Code::Unauthenticated,
        "SESSION_EXPIRED",
    );

    // Another tenant sees none of it.
    let other = server.org("globex").await;
    let stranger = server.client(&other.sandbox_key).await;
    assert_error(
        stranger
            .sessions()
            .get_session(pb::GetSessionRequest { id: first_id })
            .await,
        Code::NotFound,
        "SESSION_NOT_FOUND",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ending_an_inquiry_ends_its_sessions() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let admin = server.client(&org.sandbox_key).await;
    for end in ["expire", "decline"] {
        let inquiry = create_inquiry(&admin, &org.sandbox_template, end).await;
        let session = resume(&admin, &inquiry.id).await.expect("resume");
        let user = end_user(&server, &session.session_token).await;
        assert!(current(&user).await.is_ok());
        if end == "expire" {
            admin
                .inquiries()
                .expire_inquiry(pb::ExpireInquiryRequest {
                    id: inquiry.id.clone(),
                })
                .await
                .expect("expire");
        } else {
            admin
                .inquiries()
                .decline_inquiry(pb::DeclineInquiryRequest {
                    id: inquiry.id.clone(),
                    comment: String::new(),
                })
                .await
                .expect("decline");
        }
        assert_error(
            current(&user).await,
            Code::Unauthenticated,
            "SESSION_EXPIRED",
        );
        let names = event_names(&server, &inquiry.id).await;
        assert_eq!(
            names.last().map(String::as_str),
            Some("inquiry-session.expired"),
            "{names:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn submit_session_checks_the_templates_fields_as_the_hosted_page_does() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let admin = server.client(&org.sandbox_key).await;
    let inquiry = create_inquiry(&admin, &org.sandbox_template, "checked").await;
    let link = generate_link(&admin, &inquiry.id).await;
    let token = redeem(&server.addr, &link.code)
        .await
        .expect("redeem")
        .session_token;
    let user = end_user(&server, &token).await;

    let mut wrong = kyc_answers();
    wrong.remove("name_last");
    wrong.insert("email_address".into(), string_field("not an address"));
    wrong.insert("address_postal_code".into(), string_field(&"9".repeat(17)));
    wrong.insert("name_first".into(), string_field("   "));
    wrong.insert("risk_score".into(), string_field("0"));
    let mut violated = violated_fields(submit_fields(&user, wrong, pb::SandboxOutcome::Pass).await);
    violated.sort();
    assert_eq!(
        violated,
        [
            "fields.address_postal_code",
            "fields.email_address",
            "fields.name_first",
            "fields.name_last",
            "fields.risk_score"
        ]
    );
    // Nothing was written: the inquiry is still pending and the session still open.
    let current = current(&user).await.expect("the session is still active");
    assert_eq!(current.inquiry_status, pb::InquiryStatus::Pending as i32);
    assert!(!current.fields.contains_key("risk_score"));

    // A value the inquiry already holds satisfies a required field.
    let prefilled = admin
        .inquiries()
        .update_inquiry(pb::UpdateInquiryRequest {
            inquiry: Some(pb::Inquiry {
                id: inquiry.id.clone(),
                fields: HashMap::from([("name_last".to_string(), string_field("Sample"))]),
                ..Default::default()
            }),
            update_mask: Some(prost_types::FieldMask {
                paths: vec!["fields".into()],
            }),
        })
        .await;
    prefilled.expect("prefill");
    let mut answers = kyc_answers();
    answers.remove("name_last");
    let done = submit_fields(&user, answers, pb::SandboxOutcome::Pass)
        .await
        .expect("submit");
    assert_eq!(done.inquiry_status, pb::InquiryStatus::Completed as i32);
}
