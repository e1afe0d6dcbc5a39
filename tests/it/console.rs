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
pub async fn operator(server: &TestServer, org: &str, email: &str, role: Role) -> Browser {
    let browser = Browser::new(&server.console);
    let link = login_link(server, org, email, role).await;
    let answer = use_link(&browser, &path_of(&link, &server.console)).await;
    assert_eq!(answer.status, 303, "{}", answer.body);
    assert_eq!(answer.header("location"), "/inquiries");
    browser
}

/// The session's CSRF token, from a page's forms.
pub async fn csrf(browser: &Browser) -> String {
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
    let policy = preview.header("content-security-policy");
    assert!(
        policy.contains("script-src 'self';") && !policy.contains("unsafe"),
        "only our own script file: {policy}"
    );
    let script = scanner
        .send(Method::GET, "/assets/console.js", &[], None)
        .await;
    assert_eq!(
        (script.status, script.header("content-type")),
        (200, "text/javascript; charset=utf-8")
    );

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
        !detail.body.contains("/decide\"") && !detail.body.contains("/link\""),
        "a decided inquiry offers no decision and no new link"
    );
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

/// The ID in the first link to `/{path}/…` on a page.
fn linked_id(page: &Answer, path: &str) -> String {
    let marker = format!("href=\"/{path}/");
    let start = page.body.find(&marker).expect("a link") + marker.len();
    page.body[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

/// The configuration changes named `event` in the audit log, each checked to be the
/// operator's, newest first.
async fn changes_by(
    client: &verilink_client::VerilinkClient,
    event: &str,
    email: &str,
) -> Vec<pb::Event> {
    let events = audit(client, "", event).await;
    for e in &events {
        let actor = e.actor.clone().expect("actor");
        assert_eq!(
            (actor.kind(), actor.id.as_str(), actor.display_name.as_str()),
            (
                pb::ActorKind::Operator,
                format!("email:{email}").as_str(),
                email
            ),
            "{e:?}"
        );
        assert!(e.inquiry_id.is_empty(), "no inquiry: {e:?}");
    }
    events
}

/// A string field of an audit entry's data.
fn data_of(event: &pb::Event, name: &str) -> String {
    match event.data.as_ref().and_then(|d| d.fields.get(name)) {
        Some(prost_types::Value {
            kind: Some(prost_types::value::Kind::StringValue(s)),
        }) => s.clone(),
        other => panic!("{name}: {other:?}"),
    }
}

/// Whether a call with `key` is accepted (it is refused once the key is revoked).
async fn key_works(server: &TestServer, key: &str) -> bool {
    let client = server.client(key).await;
    match client
        .inquiries()
        .list_inquiries(pb::ListInquiriesRequest::default())
        .await
    {
        Ok(_) => true,
        Err(status) if status.code() == tonic::Code::Unauthenticated => false,
        Err(other) => panic!("{other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_makes_and_revokes_api_keys_and_no_one_else_can() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;

    // A reviewer may neither list nor make keys, and the menu does not offer them.
    let reviewer = operator(&server, "acme", "rev@acme.example", Role::Reviewer).await;
    let token = csrf(&reviewer).await;
    let listed = reviewer.send(Method::GET, "/keys", &[], None).await;
    assert_eq!(listed.status, 403, "{}", listed.body);
    let refused = post(&reviewer, "/keys", &[("csrf", &token), ("name", "sneaky")]).await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(refused.body.contains("administrator"), "names the role");
    let home = reviewer.send(Method::GET, "/inquiries", &[], None).await;
    assert!(!home.body.contains("href=\"/keys\""));

    let admin = operator(&server, "acme", "admin@acme.example", Role::Admin).await;
    let token = csrf(&admin).await;
    let keys = admin.send(Method::GET, "/keys", &[], None).await;
    assert_eq!(keys.status, 200, "{}", keys.body);
    assert!(keys.body.contains("backend") && !keys.body.contains("sneaky"));

    let made = post(&admin, "/keys", &[("csrf", &token), ("name", " ci-bot ")]).await;
    assert_eq!(made.status, 200, "{}", made.body);
    let secret = made.input("secret").expect("the secret, shown once");
    assert!(secret.starts_with("vlk_sandbox_"), "{secret}");
    let key_id = linked_id(&made, "keys");
    assert!(
        key_works(&server, &secret).await,
        "the new key works over gRPC"
    );
    let keys = admin.send(Method::GET, "/keys", &[], None).await;
    assert!(keys.body.contains("ci-bot") && keys.body.contains(&key_id));
    assert!(
        !keys.body.contains(&secret),
        "the secret is shown only once"
    );
    let taken = post(&admin, "/keys", &[("csrf", &token), ("name", "ci-bot")]).await;
    assert_eq!(taken.status, 409, "{}", taken.body);

    // Revoking asks for the key's name.
    let path = format!("/keys/{key_id}/revoke");
    let wrong = post(&admin, &path, &[("csrf", &token), ("confirm", "backend")]).await;
    assert_eq!(wrong.status, 400, "{}", wrong.body);
    assert!(wrong.body.contains("confirm"), "{}", wrong.body);
    assert!(key_works(&server, &secret).await);
    let revoked = post(&admin, &path, &[("csrf", &token), ("confirm", "ci-bot")]).await;
    assert_eq!(
        (revoked.status, revoked.header("location")),
        (303, format!("/keys/{key_id}").as_str()),
        "{}",
        revoked.body
    );
    let page = admin
        .send(Method::GET, &format!("/keys/{key_id}"), &[], None)
        .await;
    assert!(page.body.contains("Revoked") && !page.body.contains("action=\"/keys/"));
    let deadline = std::time::Instant::now() + crate::common::PATIENCE;
    while key_works(&server, &secret).await {
        assert!(std::time::Instant::now() < deadline, "the key still works");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }

    // Both changes are the administrator's in the audit log, with the key's ID and name.
    for event in ["api-key.created", "api-key.revoked"] {
        let changes = changes_by(&client, event, "admin@acme.example").await;
        assert_eq!(changes.len(), 1, "{event}: {changes:?}");
        assert_eq!(
            (data_of(&changes[0], "id"), data_of(&changes[0], "name")),
            (key_id.clone(), "ci-bot".to_owned())
        );
        assert!(!format!("{changes:?}").contains(&secret));
    }
    let log = admin.send(Method::GET, "/audit", &[], None).await;
    assert!(log.body.contains("api-key.revoked") && log.body.contains(&format!("/keys/{key_id}")));

    // Another organization's key is not found, and stays as it was.
    let globex = server.org("globex").await;
    let theirs = format!("/keys/{}", globex.sandbox_key_id);
    let hidden = admin.send(Method::GET, &theirs, &[], None).await;
    assert_eq!(hidden.status, 404, "{}", hidden.body);
    let revoke_theirs = post(
        &admin,
        &format!("{theirs}/revoke"),
        &[("csrf", &token), ("confirm", "backend")],
    )
    .await;
    assert_eq!(revoke_theirs.status, 404);
    assert!(key_works(&server, &globex.sandbox_key).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_creates_edits_and_archives_a_template() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let admin = operator(&server, "acme", "admin@acme.example", Role::Admin).await;
    let token = csrf(&admin).await;
    let list = admin.send(Method::GET, "/templates", &[], None).await;
    assert_eq!(list.status, 200, "{}", list.body);
    assert!(list.body.contains(&org.sandbox_template) && list.body.contains("KYC"));

    // Every problem of the form at once, each bad line by its number.
    let bad = post(
        &admin,
        "/templates",
        &[
            ("csrf", &token),
            ("name", "Age check"),
            ("expire_after_start", "soon"),
            (
                "collected_fields",
                "birthdate date required\nx colour required\n9lives text optional",
            ),
        ],
    )
    .await;
    assert_eq!(bad.status, 400, "{}", bad.body);
    assert!(bad.body.contains("expire_after_start"), "{}", bad.body);
    assert!(
        bad.body.contains("collected_fields, line 2"),
        "{}",
        bad.body
    );
    let named = post(
        &admin,
        "/templates",
        &[
            ("csrf", &token),
            ("name", "Age check"),
            (
                "collected_fields",
                "birthdate date required\n\n9lives text optional",
            ),
        ],
    )
    .await;
    assert_eq!(named.status, 400, "{}", named.body);
    assert!(
        named.body.contains("collected_fields, line 3, name"),
        "{}",
        named.body
    );

    let created = post(
        &admin,
        "/templates",
        &[
            ("csrf", &token),
            ("name", "Age check"),
            ("expire_after_create", "2h"),
            (
                "collected_fields",
                "birthdate date required min_date=1900-01-01 Date of birth\nemail_address email optional",
            ),
        ],
    )
    .await;
    assert_eq!(created.status, 303, "{}", created.body);
    let path = created.header("location").to_owned();
    let id = path
        .strip_prefix("/templates/")
        .expect("the template")
        .to_owned();
    let get = |id: String| {
        let client = client.clone();
        async move {
            client
                .templates()
                .get_inquiry_template(pb::GetInquiryTemplateRequest { id })
                .await
                .map(|r| r.into_inner().inquiry_template.expect("template"))
        }
    };
    let template = get(id.clone()).await.expect("made through the use case");
    assert_eq!(template.name, "Age check");
    assert_eq!(template.expire_after_create.expect("set").seconds, 7_200);
    assert_eq!(template.collected_fields.len(), 2);
    let page = admin.send(Method::GET, &path, &[], None).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body
            .contains("birthdate date required min_date=1900-01-01 Date of birth"),
        "the form shows the fields as they are written: {}",
        page.body
    );

    // A viewer reads it but may not change it.
    let viewer = operator(&server, "acme", "viewer@acme.example", Role::Viewer).await;
    let seen = viewer.send(Method::GET, &path, &[], None).await;
    assert_eq!(seen.status, 200);
    assert!(!seen.body.contains(&format!("action=\"{path}/")));
    let viewer_token = csrf(&viewer).await;
    let refused = post(
        &viewer,
        &format!("{path}/archive"),
        &[("csrf", &viewer_token)],
    )
    .await;
    assert_eq!(refused.status, 403, "{}", refused.body);

    let edited = post(
        &admin,
        &format!("{path}/edit"),
        &[
            ("csrf", &token),
            ("name", "Age check (adults)"),
            ("expire_after_create", "3h"),
            ("session_ttl", "30m"),
            ("one_time_link_ttl", "2d"),
            ("collected_fields", "birthdate date required Date of birth"),
        ],
    )
    .await;
    assert_eq!(
        (edited.status, edited.header("location")),
        (303, path.as_str()),
        "{}",
        edited.body
    );
    let template = get(id.clone()).await.expect("template");
    assert_eq!(template.name, "Age check (adults)");
    assert_eq!(template.expire_after_create.expect("set").seconds, 10_800);
    assert_eq!(template.session_ttl.expect("set").seconds, 1_800);
    assert_eq!(template.one_time_link_ttl.expect("set").seconds, 172_800);
    assert_eq!(template.collected_fields.len(), 1);

    let archived = post(&admin, &format!("{path}/archive"), &[("csrf", &token)]).await;
    assert_eq!(archived.status, 303, "{}", archived.body);
    assert!(get(id.clone())
        .await
        .expect("template")
        .archive_time
        .is_some());
    let page = admin.send(Method::GET, &path, &[], None).await;
    assert!(!page.body.contains(&format!("action=\"{path}/edit\"")));

    for event in [
        "inquiry-template.created",
        "inquiry-template.updated",
        "inquiry-template.archived",
    ] {
        let changes = changes_by(&client, event, "admin@acme.example").await;
        assert_eq!(changes.len(), 1, "{event}: {changes:?}");
        assert_eq!(data_of(&changes[0], "id"), id);
    }

    // Another organization's template is not found.
    let globex = server.org("globex").await;
    let theirs = format!("/templates/{}", globex.sandbox_template);
    assert_eq!(
        admin.send(Method::GET, &theirs, &[], None).await.status,
        404
    );
    let archive_theirs = post(&admin, &format!("{theirs}/archive"), &[("csrf", &token)]).await;
    assert_eq!(archive_theirs.status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_manages_a_webhook_and_sees_its_deliveries() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let receiver = crate::receiver::Receiver::default();
    let url = receiver.serve().await;
    let admin = operator(&server, "acme", "admin@acme.example", Role::Admin).await;
    let token = csrf(&admin).await;

    let made = post(
        &admin,
        "/webhooks",
        &[
            ("csrf", &token),
            ("url", &url),
            ("events", "inquiry.created"),
            ("events", "inquiry.approved"),
            ("format", "verilink"),
        ],
    )
    .await;
    assert_eq!(made.status, 200, "{}", made.body);
    let secret = made
        .input("secret")
        .expect("the signing secret, shown once");
    assert!(secret.starts_with("whsec_"));
    let id = linked_id(&made, "webhooks");
    let path = format!("/webhooks/{id}");

    let inquiry = create_inquiry(&client, &org.sandbox_template, "usr_1").await;
    let page = admin.send(Method::GET, &path, &[], None).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("inquiry.created") && page.body.contains("Pending"));
    assert!(
        !page.body.contains(&secret),
        "the secret is shown only once"
    );
    assert_eq!(server.dispatcher().run_once().await.expect("dispatch"), 1);
    let got = receiver.received();
    assert!(crate::receiver::verifies(&got[0], &secret));
    let page = admin.send(Method::GET, &path, &[], None).await;
    assert!(page.body.contains("Delivered"), "{}", page.body);

    let rotated = post(
        &admin,
        &format!("{path}/rotate"),
        &[("csrf", &token), ("grace_period", "1h")],
    )
    .await;
    assert_eq!(rotated.status, 200, "{}", rotated.body);
    let new_secret = rotated.input("secret").expect("the new secret, shown once");
    assert!(new_secret.starts_with("whsec_") && new_secret != secret);
    let page = admin.send(Method::GET, &path, &[], None).await;
    assert!(!page.body.contains(&new_secret));

    let edited = post(
        &admin,
        &format!("{path}/edit"),
        &[
            ("csrf", &token),
            ("url", &url),
            ("events", "*"),
            ("format", "persona"),
        ],
    )
    .await;
    assert_eq!(edited.status, 303, "{}", edited.body);
    let off = post(
        &admin,
        &format!("{path}/enabled"),
        &[("csrf", &token), ("enabled", "false")],
    )
    .await;
    assert_eq!(off.status, 303, "{}", off.body);
    let webhook = client
        .webhooks()
        .get_webhook(pb::GetWebhookRequest { id: id.clone() })
        .await
        .expect("get")
        .into_inner()
        .webhook
        .expect("webhook");
    assert_eq!(webhook.enabled_events, ["*"]);
    assert_eq!(webhook.format(), pb::WebhookFormat::Persona);
    assert!(!webhook.enabled);

    // Redelivering needs the webhook on.
    let event_id = audit(&client, &inquiry.id, "inquiry.created").await[0]
        .id
        .clone();
    let redeliver = [("csrf", token.as_str()), ("event", event_id.as_str())];
    let refused = post(&admin, &format!("{path}/redeliver"), &redeliver).await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    let on = post(
        &admin,
        &format!("{path}/enabled"),
        &[("csrf", &token), ("enabled", "true")],
    )
    .await;
    assert_eq!(on.status, 303);
    let again = post(&admin, &format!("{path}/redeliver"), &redeliver).await;
    assert_eq!(
        (again.status, again.header("location")),
        (303, path.as_str())
    );
    let page = admin.send(Method::GET, &path, &[], None).await;
    assert_eq!(page.body.matches("Send again").count(), 2, "{}", page.body);

    // A viewer reads webhooks but changes nothing.
    let viewer = operator(&server, "acme", "viewer@acme.example", Role::Viewer).await;
    let seen = viewer.send(Method::GET, &path, &[], None).await;
    assert_eq!(seen.status, 200);
    assert!(!seen.body.contains(&format!("action=\"{path}/")));
    let viewer_token = csrf(&viewer).await;
    let refused = post(
        &viewer,
        &format!("{path}/rotate"),
        &[("csrf", &viewer_token)],
    )
    .await;
    assert_eq!(refused.status, 403);

    let deleted = post(&admin, &format!("{path}/delete"), &[("csrf", &token)]).await;
    assert_eq!(
        (deleted.status, deleted.header("location")),
        (303, "/webhooks")
    );
    assert_eq!(admin.send(Method::GET, &path, &[], None).await.status, 404);

    for (event, count) in [
        ("webhook.created", 1),
        ("webhook.secret-rotated", 1),
        ("webhook.updated", 3),
        ("webhook.deleted", 1),
    ] {
        let changes = changes_by(&client, event, "admin@acme.example").await;
        assert_eq!(changes.len(), count, "{event}: {changes:?}");
        assert!(changes.iter().all(|c| data_of(c, "id") == id));
        let text = format!("{changes:?}");
        assert!(!text.contains(&secret) && !text.contains(&new_secret));
    }

    // Another organization's webhook is not found.
    let globex = server.org("globex").await;
    let theirs = server.client(&globex.sandbox_key).await;
    let their_hook = theirs
        .webhooks()
        .create_webhook(pb::CreateWebhookRequest {
            webhook: Some(pb::Webhook {
                url: url.clone(),
                enabled_events: vec!["*".into()],
                ..Default::default()
            }),
        })
        .await
        .expect("create")
        .into_inner()
        .webhook
        .expect("webhook");
    let their_path = format!("/webhooks/{}", their_hook.id);
    assert_eq!(
        admin.send(Method::GET, &their_path, &[], None).await.status,
        404
    );
    let delete_theirs = post(&admin, &format!("{their_path}/delete"), &[("csrf", &token)]).await;
    assert_eq!(delete_theirs.status, 404);
}
