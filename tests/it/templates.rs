use tonic::Code;
use verilink_client::pb;

use crate::common::{
    assert_error, create_inquiry, duration, violated_fields, violations, TestServer,
};

fn named(name: &str) -> pb::InquiryTemplate {
    pb::InquiryTemplate {
        name: name.into(),
        ..Default::default()
    }
}

async fn create(
    client: &verilink_client::VerilinkClient,
    t: pb::InquiryTemplate,
) -> pb::InquiryTemplate {
    client
        .templates()
        .create_inquiry_template(pb::CreateInquiryTemplateRequest {
            inquiry_template: Some(t),
        })
        .await
        .expect("create template")
        .into_inner()
        .inquiry_template
        .expect("template")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_applies_defaults_and_get_returns_it() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let t = create(&client, named("Age check")).await;
    assert!(t.id.starts_with("itmpl_"));
    assert_eq!(t.environment, pb::Environment::Sandbox as i32);
    assert_eq!(t.expire_after_create, duration(86_400));
    assert_eq!(t.expire_after_start, duration(86_400));
    assert_eq!(t.expire_after_resume, duration(86_400));
    assert_eq!(t.one_time_link_ttl, duration(86_400));
    assert_eq!(t.session_ttl, duration(3_600));
    assert_eq!(t.max_sessions_per_inquiry, 25);
    assert_eq!(t.redact_after, None);
    let got = client
        .templates()
        .get_inquiry_template(pb::GetInquiryTemplateRequest { id: t.id.clone() })
        .await
        .expect("get")
        .into_inner()
        .inquiry_template;
    assert_eq!(got, Some(t));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_templates_report_every_violated_field() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let mut fields = violated_fields(
        client
            .templates()
            .create_inquiry_template(pb::CreateInquiryTemplateRequest {
                inquiry_template: Some(pb::InquiryTemplate {
                    name: "".into(),
                    session_ttl: duration(10),
                    one_time_link_ttl: duration(31 * 86_400),
                    expire_after_create: Some(prost_types::Duration {
                        seconds: -5,
                        nanos: 0,
                    }),
                    max_sessions_per_inquiry: 1001,
                    redirect_uri: "ftp://example.com".into(),
                    redact_after: duration(30),
                    ..Default::default()
                }),
            })
            .await,
    );
    fields.sort();
    assert_eq!(fields, ["inquiry_template.expire_after_create"]);
    let mut fields = violated_fields(
        client
            .templates()
            .create_inquiry_template(pb::CreateInquiryTemplateRequest {
                inquiry_template: Some(pb::InquiryTemplate {
                    name: "x".repeat(256),
                    session_ttl: duration(10),
                    one_time_link_ttl: duration(31 * 86_400),
                    max_sessions_per_inquiry: 1001,
                    redirect_uri: "ftp://example.com".into(),
                    redact_after: duration(30),
                    ..Default::default()
                }),
            })
            .await,
    );
    fields.sort();
    assert_eq!(
        fields,
        [
            "max_sessions_per_inquiry",
            "name",
            "one_time_link_ttl",
            "redact_after",
            "redirect_uri",
            "session_ttl"
        ]
    );
    let missing = client
        .templates()
        .create_inquiry_template(pb::CreateInquiryTemplateRequest {
            inquiry_template: None,
        })
        .await;
    assert_eq!(violated_fields(missing), ["inquiry_template"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_and_unknown_ids_are_distinguished() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let malformed = client
        .templates()
        .get_inquiry_template(pb::GetInquiryTemplateRequest {
            id: "itmpl_nope".into(),
        })
        .await;
    assert_eq!(violated_fields(malformed), ["id"]);
    let unknown = client
        .templates()
        .get_inquiry_template(pb::GetInquiryTemplateRequest {
            id: "itmpl_000000000000000000000000".into(),
        })
        .await;
    assert_error(unknown, Code::NotFound, "INQUIRY_TEMPLATE_NOT_FOUND");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn update_changes_only_masked_fields_and_never_existing_inquiries() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let t = create(&client, named("KYC v2")).await;
    let inquiry = create_inquiry(&client, &t.id, "user-1").await;
    server.clock.advance(chrono::TimeDelta::seconds(1));
    let updated = client
        .templates()
        .update_inquiry_template(pb::UpdateInquiryTemplateRequest {
            inquiry_template: Some(pb::InquiryTemplate {
                id: t.id.clone(),
                name: "ignored, not in mask".into(),
                expire_after_create: duration(3_600),
                auto_approve: true,
                ..Default::default()
            }),
            update_mask: Some(prost_types::FieldMask {
                paths: vec!["expire_after_create".into(), "auto_approve".into()],
            }),
        })
        .await
        .expect("update")
        .into_inner()
        .inquiry_template
        .expect("template");
    assert_eq!(updated.name, "KYC v2");
    assert_eq!(updated.expire_after_create, duration(3_600));
    assert!(updated.auto_approve);
    assert_eq!(
        updated.update_time.map(|t| t.seconds),
        t.update_time.map(|t| t.seconds + 1)
    );

    let unchanged = client
        .inquiries()
        .get_inquiry(pb::GetInquiryRequest {
            id: inquiry.id.clone(),
        })
        .await
        .expect("get inquiry")
        .into_inner()
        .inquiry
        .expect("inquiry");
    assert_eq!(unchanged.expire_after_create, duration(86_400));
    assert_eq!(unchanged.expires_at, inquiry.expires_at);

    let unknown_path = client
        .templates()
        .update_inquiry_template(pb::UpdateInquiryTemplateRequest {
            inquiry_template: Some(pb::InquiryTemplate {
                id: t.id.clone(),
                ..Default::default()
            }),
            update_mask: Some(prost_types::FieldMask {
                paths: vec!["environment".into()],
            }),
        })
        .await;
    assert_eq!(violated_fields(unknown_path), ["update_mask"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn archived_templates_are_hidden_frozen_and_make_no_inquiries() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    server.clock.advance(chrono::TimeDelta::seconds(1));
    let t = create(&client, named("Old")).await;
    let archived = client
        .templates()
        .archive_inquiry_template(pb::ArchiveInquiryTemplateRequest { id: t.id.clone() })
        .await
        .expect("archive")
        .into_inner()
        .inquiry_template
        .expect("template");
    assert!(archived.archive_time.is_some());

    let list = |show_archived| {
        let client = client.clone();
        async move {
            client
                .templates()
                .list_inquiry_templates(pb::ListInquiryTemplatesRequest {
                    show_archived,
                    ..Default::default()
                })
                .await
                .expect("list")
                .into_inner()
                .inquiry_templates
                .into_iter()
                .map(|t| t.id)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        list(false).await,
        std::slice::from_ref(&org.sandbox_template)
    );
    assert_eq!(
        list(true).await,
        [t.id.clone(), org.sandbox_template.clone()]
    );

    let create_from_archived = client
        .inquiries()
        .create_inquiry(pb::CreateInquiryRequest {
            inquiry: Some(pb::Inquiry {
                inquiry_template_id: t.id.clone(),
                ..Default::default()
            }),
            create_one_time_link: false,
            ..Default::default()
        })
        .await;
    assert_error(
        create_from_archived,
        Code::FailedPrecondition,
        "TEMPLATE_ARCHIVED",
    );
    let update_archived = client
        .templates()
        .update_inquiry_template(pb::UpdateInquiryTemplateRequest {
            inquiry_template: Some(pb::InquiryTemplate {
                id: t.id.clone(),
                name: "New".into(),
                ..Default::default()
            }),
            update_mask: None,
        })
        .await;
    assert_error(
        update_archived,
        Code::FailedPrecondition,
        "TEMPLATE_ARCHIVED",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn templates_page_newest_first() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let mut created = vec![org.sandbox_template.clone()];
    for i in 0..4 {
        server.clock.advance(chrono::TimeDelta::seconds(1));
        created.push(create(&client, named(&format!("T{i}"))).await.id);
    }
    created.reverse();
    let mut seen = Vec::new();
    let mut token = String::new();
    loop {
        let page = client
            .templates()
            .list_inquiry_templates(pb::ListInquiryTemplatesRequest {
                page_size: 2,
                page_token: token.clone(),
                show_archived: false,
            })
            .await
            .expect("page")
            .into_inner();
        assert!(page.inquiry_templates.len() <= 2);
        seen.extend(page.inquiry_templates.into_iter().map(|t| t.id));
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    assert_eq!(seen, created);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redirect_uri_is_checked_as_a_url_and_live_ones_are_https() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let sandbox = server.client(&org.sandbox_key).await;
    let live = server.client(&org.live_key).await;
    let redirecting = |uri: &str| pb::InquiryTemplate {
        redirect_uri: uri.into(),
        ..named("Redirecting")
    };
    // Why creating a template redirecting to `uri` is refused.
    let refusal = |client: &verilink_client::VerilinkClient, uri: &str| {
        let request = pb::CreateInquiryTemplateRequest {
            inquiry_template: Some(redirecting(uri)),
        };
        let mut templates = client.templates();
        async move {
            let refused = templates.create_inquiry_template(request).await;
            let [(field, why)]: [_; 1] = violations(refused).try_into().expect("one violation");
            assert_eq!(field, "redirect_uri");
            why
        }
    };
    for (uri, problem) in [
        ("https://user:secret@app.example/done", "credentials"),
        ("https://app.example:0/done", "port"),
        ("https://app.example:70000/done", "port"),
        ("https://app.example/done#result", "fragment"),
        ("javascript://app.example/%0aalert(1)", "http"),
    ] {
        for client in [&sandbox, &live] {
            let why = refusal(client, uri).await;
            assert!(why.contains(problem), "{uri}: {why}");
        }
    }

    // http only in the sandbox, at creation and at every update.
    let local = "http://localhost:3000/done";
    let created = create(&sandbox, redirecting(local)).await;
    assert_eq!(created.redirect_uri, local);
    let why = refusal(&live, local).await;
    assert!(why.contains("live"), "{why}");
    let secure = create(&live, redirecting("https://App.Example/done")).await;
    assert_eq!(
        secure.redirect_uri, "https://app.example/done",
        "normalized"
    );
    let update = |uri: &str| pb::UpdateInquiryTemplateRequest {
        inquiry_template: Some(pb::InquiryTemplate {
            id: secure.id.clone(),
            redirect_uri: uri.into(),
            ..Default::default()
        }),
        update_mask: Some(prost_types::FieldMask {
            paths: vec!["redirect_uri".into()],
        }),
    };
    for uri in [local, "https://admin:pw@app.example/"] {
        let refused = live.templates().update_inquiry_template(update(uri)).await;
        assert_eq!(violated_fields(refused), ["redirect_uri"], "{uri}");
    }
    let unchanged = live
        .templates()
        .get_inquiry_template(pb::GetInquiryTemplateRequest {
            id: secure.id.clone(),
        })
        .await
        .expect("get")
        .into_inner()
        .inquiry_template
        .expect("template");
    assert_eq!(unchanged.redirect_uri, "https://app.example/done");

    // The same over REST.
    let rest = crate::rest::Rest::new(&server, Some(&org.live_key));
    for uri in [local, "https://app.example:0/"] {
        let reply = rest
            .post(
                "/v1/inquiryTemplates",
                serde_json::json!({"name": "Over REST", "redirectUri": uri}),
            )
            .await;
        let error = reply.error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT");
        assert_eq!(crate::rest::violated(error), ["redirect_uri"], "{uri}");
    }
}
