//! The operators' console over plain HTTP: login links, sessions and their limits, roles
//! enforced by the use cases, CSRF, tenants kept apart, and every action and every view of
//! personal data recorded with the operator as its actor.

use chrono::TimeDelta;
use reqwest::Method;
use verilink::domain::actor::Role;
use verilink_client::pb;

use crate::browser::{Answer, Browser};
use crate::common::{create_inquiry, TestServer};

/// A login link for `email` as `role` of `org`, as `verilink console login-link` prints it.
async fn login_link(server: &TestServer, org: &str, email: &str, role: Role) -> String {
    let (url, console, org, email) = (
        server.db.url.clone(),
        server.console.clone(),
        org.to_owned(),
        email.to_owned(),
    );
    let now = verilink::clock::Clock::now(&*server.clock);
    tokio::task::spawn_blocking(move || {
        use diesel::Connection;
        let mut conn = diesel::PgConnection::establish(&url).expect("connect");
        verilink::app::operators::issue_login_link(&mut conn, &console, &org, &email, role, now)
            .expect("login link")
            .url
    })
    .await
    .expect("link task")
}

/// The path and query of a console URL.
fn path_of(url: &str, console: &str) -> String {
    url.strip_prefix(console).expect("a console URL").to_owned()
}

/// Opens a login link in `browser` and presses Continue.
async fn use_link(browser: &Browser, path: &str) -> Answer {
    let page = browser.send(Method::GET, path, &[], None).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let token = page.input("token").expect("token field");
    let nonce = page.input("csrf").expect("nonce field");
    browser
        .send(
            Method::POST,
            "/login/link",
            &[("sec-fetch-site", "same-origin")],
            Some(&[("token", &token), ("csrf", &nonce)]),
        )
        .await
}

/// A browser logged in as `email` with `role` of `org`.
async fn operator(server: &TestServer, org: &str, email: &str, role: Role) -> Browser {
    let browser = Browser::new(&server.console);
    let link = login_link(server, org, email, role).await;
    let answer = use_link(&browser, &path_of(&link, &server.console)).await;
    assert_eq!(answer.status, 303, "{}", answer.body);
    assert_eq!(answer.header("location"), "/inquiries");
    browser
}

/// The session's CSRF token, from a page's forms.
async fn csrf(browser: &Browser) -> String {
    let page = browser.send(Method::GET, "/inquiries", &[], None).await;
    assert_eq!(page.status, 200, "{}", page.body);
    page.input("csrf").expect("csrf field")
}

async fn post(browser: &Browser, path: &str, form: &[(&str, &str)]) -> Answer {
    browser
        .send(
            Method::POST,
            path,
            &[("sec-fetch-site", "same-origin")],
            Some(form),
        )
        .await
}

async fn audit(
    client: &verilink_client::VerilinkClient,
    inquiry_id: &str,
    event: &str,
) -> Vec<pb::Event> {
    client
        .audit()
        .list_audit_events(pb::ListAuditEventsRequest {
            inquiry_id: inquiry_id.into(),
            event_name: event.into(),
            ..Default::default()
        })
        .await
        .expect("audit")
        .into_inner()
        .events
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_login_link_works_once_and_the_session_ends_at_logout_or_when_idle() {
    let server = TestServer::start().await;
    server.org("acme").await;
    let link = login_link(&server, "acme", "Ops@Acme.example", Role::Admin).await;
    let path = path_of(&link, &server.console);
    assert!(path.starts_with("/login/link?token=vll_"), "{path}");

    let scanner = Browser::new(&server.console);
    let preview = scanner.send(Method::GET, &path, &[], None).await;
    assert_eq!(preview.status, 200);
    assert!(
        preview
            .header("content-security-policy")
            .contains("frame-ancestors 'none'"),
        "{:?}",
        preview.headers
    );
    assert_eq!(preview.header("cache-control"), "no-store");

    let browser = Browser::new(&server.console);
    let answer = use_link(&browser, &path).await;
    assert_eq!(answer.status, 303, "{}", answer.body);
    let cookie = answer
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("verilink-console="))
        .expect("session cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let home = browser.send(Method::GET, "/inquiries", &[], None).await;
    assert_eq!(home.status, 200);
    assert!(
        home.body.contains("ops@acme.example"),
        "the operator is named"
    );

    let again = use_link(&Browser::new(&server.console), &path).await;
    assert_eq!(again.status, 401, "a login link works once: {}", again.body);

    // Idle for longer than 30 minutes: the session is over.
    server.clock.advance(TimeDelta::minutes(31));
    let idle = browser.send(Method::GET, "/inquiries", &[], None).await;
    assert_eq!((idle.status, idle.header("location")), (303, "/login"));

    let fresh = operator(&server, "acme", "ops@acme.example", Role::Admin).await;
    let token = csrf(&fresh).await;
    let out = post(&fresh, "/logout", &[("csrf", &token)]).await;
    assert_eq!((out.status, out.header("location")), (303, "/login"));
    let after = fresh.send(Method::GET, "/inquiries", &[], None).await;
    assert_eq!(after.status, 303, "logged out");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn operators_act_through_the_use_cases_as_themselves_and_only_as_their_role_allows() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let inquiry = create_inquiry(&client, &org.sandbox_template, "usr_42").await;

    let viewer = operator(&server, "acme", "viewer@acme.example", Role::Viewer).await;
    let list = viewer
        .send(Method::GET, "/inquiries?q=usr_42", &[], None)
        .await;
    assert!(list.body.contains(&inquiry.id), "found by reference ID");
    let by_id = viewer
        .send(
            Method::GET,
            &format!("/inquiries?q={}", inquiry.id),
            &[],
            None,
        )
        .await;
    assert_eq!(
        by_id.header("location"),
        format!("/inquiries/{}", inquiry.id)
    );

    let page = viewer
        .send(
            Method::GET,
            &format!("/inquiries/{}", inquiry.id),
            &[],
            None,
        )
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        !page.body.contains("action=\"/inquiries/"),
        "a viewer sees no action forms"
    );
    let viewed = audit(&client, &inquiry.id, "inquiry.viewed").await;
    let actor = viewed[0].actor.clone().expect("actor");
    assert_eq!(
        (actor.kind(), actor.id.as_str(), actor.display_name.as_str()),
        (
            pb::ActorKind::Operator,
            "email:viewer@acme.example",
            "viewer@acme.example"
        )
    );
    assert!(!actor.request_id.is_empty() && !actor.client_ip.is_empty());

    // A viewer's post to the approve URL is refused by the use case and changes nothing.
    let token = viewer_csrf(&viewer, &inquiry.id).await;
    let refused = post(
        &viewer,
        &format!("/inquiries/{}/decide", inquiry.id),
        &[("csrf", &token), ("action", "approve")],
    )
    .await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(refused.body.contains("reviewer"), "names the role it needs");

    let reviewer = operator(&server, "acme", "rev@acme.example", Role::Reviewer).await;
    let token = csrf(&reviewer).await;
    // A form from another site (or without the session's token) is refused.
    let forged = reviewer
        .send(
            Method::POST,
            &format!("/inquiries/{}/decide", inquiry.id),
            &[("sec-fetch-site", "cross-site")],
            Some(&[("csrf", &token), ("action", "approve")]),
        )
        .await;
    assert_eq!(forged.status, 403);
    let tokenless = post(
        &reviewer,
        &format!("/inquiries/{}/decide", inquiry.id),
        &[("action", "approve")],
    )
    .await;
    assert_eq!(tokenless.status, 403);
    // A reviewer may not expire (an administrator's action).
    let expire = post(
        &reviewer,
        &format!("/inquiries/{}/expire", inquiry.id),
        &[("csrf", &token)],
    )
    .await;
    assert_eq!(expire.status, 403, "{}", expire.body);
    let unchanged = client
        .inquiries()
        .get_inquiry(pb::GetInquiryRequest {
            id: inquiry.id.clone(),
        })
        .await
        .expect("get")
        .into_inner()
        .inquiry
        .expect("inquiry");
    assert_eq!(unchanged.status(), pb::InquiryStatus::Created);

    // A link: shown once, with its QR code, and emailed through the outbox.
    let made = post(
        &reviewer,
        &format!("/inquiries/{}/link", inquiry.id),
        &[
            ("csrf", &token),
            ("minutes", "60"),
            ("email", "person@example.com"),
        ],
    )
    .await;
    assert_eq!(made.status, 200, "{}", made.body);
    assert!(made.body.contains("/verify?code="), "the link is shown");
    assert!(
        made.body.contains("data:image/png;base64,"),
        "with its QR code"
    );
    // Its email again, from the links table: a new link to the same address.
    let links = |client: verilink_client::VerilinkClient, id: String| async move {
        client
            .one_time_links()
            .list_one_time_links(pb::ListOneTimeLinksRequest {
                inquiry_id: id,
                ..Default::default()
            })
            .await
            .expect("links")
            .into_inner()
            .one_time_links
    };
    let first = links(client.clone(), inquiry.id.clone()).await;
    assert_eq!(first.len(), 1);
    let again = post(
        &reviewer,
        &format!("/inquiries/{}/resend", inquiry.id),
        &[("csrf", &token), ("link", &first[0].id)],
    )
    .await;
    assert_eq!(again.status, 303, "{}", again.body);
    let now = links(client.clone(), inquiry.id.clone()).await;
    assert_eq!(now.len(), 2, "a new link replaced the first");

    let approved = post(
        &reviewer,
        &format!("/inquiries/{}/decide", inquiry.id),
        &[
            ("csrf", &token),
            ("action", "approve"),
            ("comment", "documents match"),
        ],
    )
    .await;
    assert_eq!(approved.status, 303, "{}", approved.body);
    let decided = client
        .inquiries()
        .get_inquiry(pb::GetInquiryRequest {
            id: inquiry.id.clone(),
        })
        .await
        .expect("get")
        .into_inner()
        .inquiry
        .expect("inquiry");
    assert_eq!(decided.status(), pb::InquiryStatus::Approved);
    let reviewer_actor = decided.reviewer.expect("reviewer");
    assert_eq!(
        (reviewer_actor.kind(), reviewer_actor.display_name.as_str()),
        (pb::ActorKind::Operator, "rev@acme.example")
    );
    let approval = audit(&client, &inquiry.id, "inquiry.approved").await;
    let by = approval[0].actor.clone().expect("actor");
    assert_eq!(by.id, "email:rev@acme.example");
    let sent = audit(&client, &inquiry.id, "one-time-link.created").await;
    assert_eq!(
        sent[0].actor.clone().expect("actor").id,
        "email:rev@acme.example"
    );

    // The timeline shows who did what.
    let detail = reviewer
        .send(
            Method::GET,
            &format!("/inquiries/{}", inquiry.id),
            &[],
            None,
        )
        .await;
    assert!(detail.body.contains("rev@acme.example"), "{}", detail.body);
    assert!(detail.body.contains("inquiry.approved"));
    assert!(
        detail.body.contains("person@example.com"),
        "the link's email is listed"
    );

    // Another organization's inquiry is not found, for any role.
    let other = server.org("globex").await;
    let globex = server.client(&other.sandbox_key).await;
    let theirs = create_inquiry(&globex, &other.sandbox_template, "g").await;
    let hidden = reviewer
        .send(Method::GET, &format!("/inquiries/{}", theirs.id), &[], None)
        .await;
    assert_eq!(hidden.status, 404);
    assert!(audit(&globex, &theirs.id, "inquiry.viewed")
        .await
        .is_empty());
}

/// A viewer's CSRF token (their pages carry it in the logout form).
async fn viewer_csrf(browser: &Browser, inquiry_id: &str) -> String {
    let page = browser
        .send(Method::GET, &format!("/inquiries/{inquiry_id}"), &[], None)
        .await;
    page.input("csrf").expect("csrf")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redaction_needs_an_administrator_and_the_reference_id_typed() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let inquiry = create_inquiry(&client, &org.sandbox_template, "usr_7").await;
    let admin = operator(&server, "acme", "admin@acme.example", Role::Admin).await;
    let token = csrf(&admin).await;
    let path = format!("/inquiries/{}/redact", inquiry.id);
    let wrong = post(&admin, &path, &[("csrf", &token), ("confirm", "usr_8")]).await;
    assert_eq!(wrong.status, 400, "{}", wrong.body);
    let done = post(&admin, &path, &[("csrf", &token), ("confirm", "usr_7")]).await;
    assert_eq!(done.status, 303, "{}", done.body);
    let redacted = audit(&client, &inquiry.id, "inquiry.redacted").await;
    assert_eq!(
        redacted[0].actor.clone().expect("actor").id,
        "email:admin@acme.example"
    );
}

/// Creates a webhook for every event in `format` to a fresh receiver.
async fn hook(
    client: &verilink_client::VerilinkClient,
    format: pb::WebhookFormat,
) -> crate::receiver::Receiver {
    let receiver = crate::receiver::Receiver::default();
    let url = receiver.serve().await;
    client
        .webhooks()
        .create_webhook(pb::CreateWebhookRequest {
            webhook: Some(pb::Webhook {
                url,
                enabled_events: vec!["*".into()],
                format: format.into(),
                ..Default::default()
            }),
        })
        .await
        .expect("webhook");
    receiver
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_operators_decision_reads_back_with_its_actor_everywhere_an_event_is_shown() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let native = hook(&client, pb::WebhookFormat::Verilink).await;
    let persona = hook(&client, pb::WebhookFormat::Persona).await;
    let inquiry = create_inquiry(&client, &org.sandbox_template, "usr_9").await;
    let reviewer = operator(&server, "acme", "rev@acme.example", Role::Reviewer).await;
    let token = viewer_csrf(&reviewer, &inquiry.id).await;
    let decided = post(
        &reviewer,
        &format!("/inquiries/{}/decide", inquiry.id),
        &[
            ("csrf", &token),
            ("action", "decline"),
            ("comment", "mismatch"),
        ],
    )
    .await;
    assert_eq!(decided.status, 303, "{}", decided.body);
    let subject = "email:rev@acme.example";

    // REST: the inquiry's reviewer, and the export (a DSAR answer) with the event's actor.
    let api = crate::rest::Rest::new(&server, Some(&org.sandbox_key));
    let read = api.get(&format!("/v1/inquiries/{}", inquiry.id)).await.ok();
    assert_eq!(read["inquiry"]["reviewer"]["kind"], "ACTOR_KIND_OPERATOR");
    assert_eq!(read["inquiry"]["reviewer"]["id"], subject);
    let export = api
        .get(&format!("/v1/inquiries/{}:export", inquiry.id))
        .await
        .ok();
    let document: serde_json::Value =
        serde_json::from_str(export["documentJson"].as_str().expect("document")).expect("JSON");
    let declined = document["events"]
        .as_array()
        .expect("events")
        .iter()
        .find(|e| e["name"] == "inquiry.declined")
        .expect("exported");
    assert_eq!(declined["actor"]["kind"], "ACTOR_KIND_OPERATOR");
    assert_eq!(declined["actor"]["displayName"], "rev@acme.example");

    // Webhooks: the native body's actor, and Persona's reviewer relationship.
    let dispatcher = server.dispatcher();
    while dispatcher.run_once().await.expect("dispatch") > 0 {}
    let bodies = |receiver: &crate::receiver::Receiver| -> Vec<serde_json::Value> {
        receiver
            .received()
            .iter()
            .map(|r| serde_json::from_slice(&r.body).expect("JSON"))
            .collect()
    };
    let native = bodies(&native);
    let event = native
        .iter()
        .find(|b| b["type"] == "inquiry.declined")
        .expect("delivered");
    assert_eq!(event["actor"]["kind"], "ACTOR_KIND_OPERATOR");
    assert_eq!(event["actor"]["id"], subject);
    assert!(
        native.iter().all(|b| b["type"] != "inquiry.viewed"),
        "views are audit entries, not webhooks"
    );
    let detail = reviewer
        .send(
            Method::GET,
            &format!("/inquiries/{}", inquiry.id),
            &[],
            None,
        )
        .await;
    let deliveries = &detail.body[detail.body.find("id=\"deliveries\"").expect("section")..];
    assert!(deliveries.contains("inquiry.declined"), "{deliveries}");
    assert!(deliveries.contains("Succeeded"), "{deliveries}");
    let persona = bodies(&persona);
    let event = persona
        .iter()
        .find(|b| b["data"]["attributes"]["name"] == "inquiry.declined")
        .expect("delivered");
    assert_eq!(
        event["data"]["attributes"]["payload"]["data"]["relationships"]["reviewer"],
        serde_json::json!({"data": {"type": "user", "id": subject}})
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inquiries_are_found_by_the_end_users_email_in_any_case() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let email = pb::FieldValue {
        value: Some(pb::field_value::Value::StringValue(
            "Person@Example.com".into(),
        )),
    };
    let created = client
        .inquiries()
        .create_inquiry(pb::CreateInquiryRequest {
            inquiry: Some(pb::Inquiry {
                inquiry_template_id: org.sandbox_template.clone(),
                fields: [("email_address".to_owned(), email)].into(),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await
        .expect("create")
        .into_inner()
        .inquiry
        .expect("inquiry");
    let other = create_inquiry(&client, &org.sandbox_template, "someone-else").await;
    let viewer = operator(&server, "acme", "v@acme.example", Role::Viewer).await;
    let found = viewer
        .send(Method::GET, "/inquiries?q=person%40example.COM", &[], None)
        .await;
    assert_eq!(found.status, 200, "{}", found.body);
    assert!(found.body.contains(&created.id), "{}", found.body);
    assert!(
        !found.body.contains(&other.id),
        "only the one with that address"
    );
    let reviewer = operator(&server, "acme", "r@acme.example", Role::Reviewer).await;
    let page = reviewer
        .send(
            Method::GET,
            &format!("/inquiries/{}", created.id),
            &[],
            None,
        )
        .await;
    assert_eq!(
        page.input("email").as_deref(),
        Some("Person@Example.com"),
        "\"Email it to\" is prefilled with the inquiry's email"
    );
    let bad = viewer
        .send(Method::GET, "/inquiries?q=a%40", &[], None)
        .await;
    assert_eq!(bad.status, 400, "not an address: {}", bad.body);
}
