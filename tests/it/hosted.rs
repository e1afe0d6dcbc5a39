//! The hosted flow over plain HTTP: what a link's page does for scanners, browsers and other
//! sites; the flow's checks and endings; the guessing throttle as the pages see it.

use std::collections::HashMap;

use chrono::TimeDelta;
use reqwest::Method;
use verilink_client::{pb, VerilinkClient};

use crate::browser::{Answer, Browser};
use crate::common::{
    create_inquiry, generate_link, get_inquiry as inquiry, string_field, Limits, TestServer,
};

const SESSION_COOKIE: &str = "__Host-verilink-session";
const NONCE_COOKIE: &str = "__Host-verilink-csrf";

fn field(name: &str, kind: pb::CollectedFieldKind, required: bool) -> pb::CollectedField {
    pb::CollectedField {
        name: name.into(),
        kind: kind as i32,
        required,
        ..Default::default()
    }
}

/// A sandbox template collecting a first name, a birthdate, a country and an optional phone.
async fn template(client: &VerilinkClient, settings: pb::InquiryTemplate) -> String {
    use pb::CollectedFieldKind as Kind;
    client
        .templates()
        .create_inquiry_template(pb::CreateInquiryTemplateRequest {
            inquiry_template: Some(pb::InquiryTemplate {
                name: "Onboarding".into(),
                collected_fields: vec![
                    field("name_first", Kind::Text, true),
                    field("birthdate", Kind::Date, true),
                    field("address_country_code", Kind::Country, true),
                    field("phone_number", Kind::Phone, false),
                ],
                ..settings
            }),
        })
        .await
        .expect("create template")
        .into_inner()
        .inquiry_template
        .expect("template")
        .id
}

async fn inquiry_with(
    client: &VerilinkClient,
    template: &str,
    fields: HashMap<String, pb::FieldValue>,
) -> pb::Inquiry {
    client
        .inquiries()
        .create_inquiry(pb::CreateInquiryRequest {
            inquiry: Some(pb::Inquiry {
                inquiry_template_id: template.into(),
                reference_id: "usr_ABC123".into(),
                fields,
                ..Default::default()
            }),
            create_one_time_link: false,
            ..Default::default()
        })
        .await
        .expect("create inquiry")
        .into_inner()
        .inquiry
        .expect("inquiry")
}

async fn link_status(client: &VerilinkClient, id: &str) -> pb::OneTimeLinkStatus {
    let link = client
        .one_time_links()
        .get_one_time_link(pb::GetOneTimeLinkRequest { id: id.into() })
        .await
        .expect("get link")
        .into_inner()
        .one_time_link
        .expect("link");
    pb::OneTimeLinkStatus::try_from(link.status).expect("status")
}

fn status_of(inquiry: &pb::Inquiry) -> pb::InquiryStatus {
    pb::InquiryStatus::try_from(inquiry.status).expect("status")
}

/// The headers every hosted page carries.
#[track_caller]
fn assert_page_headers(answer: &Answer) {
    assert_eq!(answer.header("cache-control"), "no-store", "{answer:?}");
    assert_eq!(answer.header("referrer-policy"), "no-referrer");
    let csp = answer.header("content-security-policy");
    assert!(
        csp.starts_with("default-src 'none'; style-src 'self'"),
        "{csp}"
    );
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
}

fn path_of(url: &str) -> String {
    let after_scheme = url.split_once("://").expect("absolute URL").1;
    after_scheme[after_scheme.find('/').expect("path")..].to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scanners_get_and_head_the_page_without_using_the_link() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let created = create_inquiry(&client, &org.sandbox_template, "usr_ABC123").await;
    let link = generate_link(&client, &created.id).await;
    let browser = Browser::new(&server.http);
    for path in [path_of(&link.url), path_of(&link.short_url)] {
        for _ in 0..2 {
            let page = browser.get(&path).await;
            assert_eq!(page.status, 200, "{}", page.body);
            assert_page_headers(&page);
            assert!(page.body.contains("<h1>KYC</h1>"), "{}", page.body);
            assert!(page.body.contains(">Continue</button>"));
            assert!(!page.body.contains("usr_ABC123"), "no personal data");
            let head = browser.send(Method::HEAD, &path, &[], None).await;
            assert_eq!((head.status, head.body.as_str()), (200, ""));
            assert_page_headers(&head);
        }
    }
    let link_id = link.one_time_link.expect("link").id;
    assert_eq!(
        link_status(&client, &link_id).await,
        pb::OneTimeLinkStatus::Pending
    );
    assert_eq!(
        status_of(&inquiry(&client, &created.id).await),
        pb::InquiryStatus::Created
    );
    let stylesheet = browser.get("/assets/verilink.css").await;
    assert_eq!(stylesheet.status, 200);
    assert!(stylesheet.header("content-type").starts_with("text/css"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn continue_redeems_and_sets_a_session_cookie_no_url_carries() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let created = create_inquiry(&client, &org.sandbox_template, "u").await;
    let link = generate_link(&client, &created.id).await;
    let browser = Browser::new(&server.http);
    let page = browser.get(&path_of(&link.short_url)).await;
    let nonce_cookie = page
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with(NONCE_COOKIE))
        .expect("nonce cookie");
    assert!(nonce_cookie.ends_with("; Path=/; HttpOnly; SameSite=Strict; Secure"));
    let nonce = page.input("csrf").expect("nonce field");
    assert_eq!(
        browser.cookie(NONCE_COOKIE).as_deref(),
        Some(nonce.as_str())
    );

    // Chromium sends `Origin: null` with a form post from a no-referrer page.
    let code = page.input("code").expect("code field");
    let answer = browser
        .send(
            Method::POST,
            "/verify",
            &[("origin", "null"), ("sec-fetch-site", "same-origin")],
            Some(&[("csrf", &nonce), ("code", &code)]),
        )
        .await;
    assert_eq!(answer.status, 303, "{}", answer.body);
    assert_eq!(answer.header("location"), "/verify/flow");
    assert_page_headers(&answer);
    let session = answer
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with(SESSION_COOKIE))
        .expect("session cookie");
    assert!(
        session.starts_with(&format!("{SESSION_COOKIE}=vls_")),
        "{session}"
    );
    assert!(
        session.ends_with("; Path=/; HttpOnly; SameSite=Lax; Secure"),
        "{session}"
    );
    let link_id = link.one_time_link.expect("link").id;
    assert_eq!(
        link_status(&client, &link_id).await,
        pb::OneTimeLinkStatus::Consumed
    );

    let flow = browser.get("/verify/flow").await;
    assert_eq!(flow.status, 200, "{}", flow.body);
    assert_page_headers(&flow);
    assert!(flow.body.contains("<h1>KYC</h1>"));
    assert!(
        flow.body.contains("autocomplete=\"given-name\""),
        "KYC collects names"
    );
    // A reload keeps the end user's place; another browser has no way in.
    assert_eq!(browser.get("/verify/flow").await.status, 200);
    let other = Browser::new(&server.http);
    let refused = other.get("/verify/flow").await;
    assert_eq!(refused.status, 403);
    assert!(refused
        .body
        .contains("Continue in the browser where you opened your link"));
    // The link's page now says it was used.
    let again = other.get(&path_of(&link.url)).await;
    assert_eq!(again.status, 410);
    assert!(again.body.contains("This link has already been used"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn posts_from_other_sites_are_refused_and_use_nothing() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let created = create_inquiry(&client, &org.sandbox_template, "u").await;
    let link = generate_link(&client, &created.id).await;
    let browser = Browser::new(&server.http);
    let page = browser.get(&path_of(&link.url)).await;
    let nonce = page.input("csrf").expect("nonce");
    let code = link.code.as_str();
    let forged = [
        // Another site cannot read the nonce, and a Strict cookie does not travel with its post.
        (vec![], vec![("code", code)]),
        (
            vec![],
            vec![("code", code), ("csrf", "A".repeat(32).leak() as &str)],
        ),
        (
            vec![("sec-fetch-site", "cross-site")],
            vec![("code", code), ("csrf", nonce.as_str())],
        ),
        (
            vec![("sec-fetch-site", "same-site")],
            vec![("code", code), ("csrf", nonce.as_str())],
        ),
    ];
    for (headers, form) in forged {
        let answer = browser
            .send(Method::POST, "/verify", &headers, Some(&form))
            .await;
        assert_eq!(answer.status, 403, "{headers:?} {form:?}");
        assert_page_headers(&answer);
        assert!(answer.body.contains("Please try again"));
        assert!(answer.set_cookies().is_empty(), "no session");
    }
    let without_cookie = Browser::new(&server.http);
    let answer = without_cookie
        .post("/verify", &[("code", code), ("csrf", &nonce)])
        .await;
    assert_eq!(answer.status, 403);
    let link_id = link.one_time_link.expect("link").id;
    assert_eq!(
        link_status(&client, &link_id).await,
        pb::OneTimeLinkStatus::Pending
    );
}

/// A sandbox inquiry for Alexander Sample from `template`, its link opened in `browser`.
async fn started(client: &VerilinkClient, template: &str, browser: &Browser) -> pb::Inquiry {
    let birthdate = pb::FieldValue {
        value: Some(pb::field_value::Value::DateValue(pb::Date {
            year: 1977,
            month: 8,
            day: 31,
        })),
    };
    let fields = HashMap::from([
        ("name_first".to_owned(), string_field("Alexander")),
        ("name_last".to_owned(), string_field("Sample")),
        ("birthdate".to_owned(), birthdate),
    ]);
    let created = inquiry_with(client, template, fields).await;
    let link = generate_link(client, &created.id).await;
    let answer = browser.open_and_continue(&path_of(&link.url)).await;
    assert_eq!(answer.status, 303, "{}", answer.body);
    created
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_flow_checks_answers_keeps_them_and_submits_like_submit_session() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let template = template(
        &client,
        pb::InquiryTemplate {
            auto_approve: true,
            redirect_uri: "https://app.example/done?from=verilink".into(),
            ..Default::default()
        },
    )
    .await;
    let browser = Browser::new(&server.http);
    let created = started(&client, &template, &browser).await;
    let flow = browser.get("/verify/flow").await;
    assert!(flow.body.contains("<h1>Onboarding</h1>"));
    assert!(
        flow.body
            .contains("name=\"name_first\" value=\"Alexander\""),
        "pre-filled"
    );
    assert!(flow
        .body
        .contains("name=\"birthdate\" value=\"1977-08-31\""));
    assert!(flow
        .body
        .contains("role=\"switch\" id=\"pass\" name=\"pass\" value=\"on\" checked"));
    assert!(
        flow.header("content-security-policy")
            .contains("form-action 'self' https://app.example;"),
        "the form's answer may redirect to the template's origin"
    );
    let nonce = flow.input("csrf").expect("nonce");

    let wrong = browser
        .post(
            "/verify/flow",
            &[
                ("csrf", &nonce),
                ("name_first", "  "),
                ("birthdate", "31/08/1977"),
                ("address_country_code", "XX"),
                ("phone_number", "<b>+1 555</b>"),
                ("pass", "on"),
            ],
        )
        .await;
    assert_eq!(wrong.status, 422, "{}", wrong.body);
    assert_page_headers(&wrong);
    for message in [
        "This field is required",
        "Enter a real date as year-month-day",
        "Choose a country from the list",
        "Enter a phone number of 6 to 15 digits",
    ] {
        assert!(wrong.body.contains(message), "{message}: {}", wrong.body);
    }
    assert!(wrong.body.contains("<title>Error: Onboarding"));
    assert!(
        wrong.body.contains("value=\"31/08/1977\""),
        "the input is kept"
    );
    assert!(
        wrong
            .body
            .contains("value=\"&#60;b&#62;+1 555&#60;/b&#62;\""),
        "escaped"
    );
    assert!(wrong.body.contains("aria-invalid=\"true\""));
    assert_eq!(
        status_of(&inquiry(&client, &created.id).await),
        pb::InquiryStatus::Pending
    );

    let done = browser
        .post(
            "/verify/flow",
            &[
                ("csrf", &nonce),
                ("name_first", "Alexander"),
                ("birthdate", "1977-08-31"),
                ("address_country_code", "US"),
                ("phone_number", "+1 555 010 9999"),
                ("pass", "on"),
            ],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(
        done.header("location"),
        format!(
            "https://app.example/done?from=verilink&inquiry-id={}&reference-id=usr_ABC123&status=approved",
            created.id
        )
    );
    assert_eq!(
        browser.cookie(SESSION_COOKIE),
        None,
        "the session cookie is removed"
    );
    let approved = inquiry(&client, &created.id).await;
    assert_eq!(status_of(&approved), pb::InquiryStatus::Approved);
    assert_eq!(approved.fields["address_country_code"], string_field("US"));
    assert_eq!(
        approved.fields["phone_number"],
        string_field("+15550109999")
    );
    assert_eq!(
        approved.fields["name_last"],
        string_field("Sample"),
        "prefill kept"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_switch_off_fails_the_inquiry_and_the_done_page_ends_it() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let template = template(&client, pb::InquiryTemplate::default()).await;
    let browser = Browser::new(&server.http);
    let created = started(&client, &template, &browser).await;
    let nonce = browser
        .get("/verify/flow")
        .await
        .input("csrf")
        .expect("nonce");
    let answer = browser
        .send(
            Method::POST,
            "/verify/flow",
            &[("accept-language", "es-ES,es;q=0.9")],
            Some(&[
                ("csrf", &nonce),
                ("name_first", "Alexander"),
                ("birthdate", "1977-08-31"),
                ("address_country_code", "es"),
            ]),
        )
        .await;
    assert_eq!(answer.status, 303, "{}", answer.body);
    assert_eq!(answer.header("location"), "/verify/done");
    assert_eq!(
        status_of(&inquiry(&client, &created.id).await),
        pb::InquiryStatus::Failed
    );
    let done = browser.get("/verify/done?language=es").await;
    assert_eq!(done.status, 200);
    assert_page_headers(&done);
    assert!(done.body.contains("<html lang=\"es\">") && done.body.contains("Gracias"));
    let ended = browser.get("/verify/flow").await;
    assert_eq!(ended.status, 403, "the cookie is gone: {}", ended.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_ending_has_its_page_and_status_and_no_personal_data() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let browser = Browser::new(&server.http);
    let new_link = || async {
        let created = create_inquiry(&client, &org.sandbox_template, "usr_ABC123").await;
        let link = generate_link(&client, &created.id).await;
        (created, link)
    };
    let (_, used) = new_link().await;
    assert_eq!(
        browser.open_and_continue(&path_of(&used.url)).await.status,
        303
    );
    let (revoked_inquiry, revoked) = new_link().await;
    generate_link(&client, &revoked_inquiry.id).await;
    let (redacted_inquiry, redacted) = new_link().await;
    client
        .inquiries()
        .redact_inquiry(pb::RedactInquiryRequest {
            id: redacted_inquiry.id.clone(),
        })
        .await
        .expect("redact");
    let (_, expired) = new_link().await;
    let cases = [
        (path_of(&used.url), 410, "This link has already been used"),
        (path_of(&revoked.url), 410, "This link is no longer valid"),
        (path_of(&redacted.url), 410, "This verification is closed"),
        (
            "/verify?code=0000000000000000000000".into(),
            404,
            "We cannot find this link",
        ),
        ("/verify".into(), 404, "We cannot find this link"),
    ];
    for (path, status, title) in cases {
        let page = browser.get(&path).await;
        assert_eq!(page.status, status, "{path}: {}", page.body);
        assert_page_headers(&page);
        assert!(
            page.body.contains(&format!("<h1>{title}</h1>")),
            "{}",
            page.body
        );
        assert!(!page.body.contains("usr_ABC123") && !page.body.contains("KYC"));
    }
    server.clock.advance(TimeDelta::days(2));
    let page = browser.get(&path_of(&expired.url)).await;
    assert_eq!(page.status, 410);
    assert!(page.body.contains("<h1>This link has expired</h1>"));
    // Posting an ended link answers the same way.
    let nonce = browser.cookie(NONCE_COOKIE).expect("nonce");
    let answer = browser
        .post("/verify", &[("csrf", &nonce), ("code", &expired.code)])
        .await;
    assert_eq!(answer.status, 410);
    assert!(answer.body.contains("<h1>This link has expired</h1>"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eleven_unknown_codes_lock_out_that_address_and_not_another() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let created = create_inquiry(&client, &org.sandbox_template, "u").await;
    let valid = generate_link(&client, &created.id).await;
    let guesser = Browser::new(&server.http);
    let first = guesser.get(&path_of(&valid.url)).await;
    let nonce = first.input("csrf").expect("nonce");
    for i in 0..10 {
        let guess = format!("{i:0>22}");
        // Guesses by GET and by POST count alike.
        let answer = if i % 2 == 0 {
            guesser.get(&format!("/verify?code={guess}")).await
        } else {
            guesser
                .post("/verify", &[("csrf", &nonce), ("code", &guess)])
                .await
        };
        assert_eq!(answer.status, 404, "guess {i}");
    }
    let throttled = guesser.get(&format!("/v/{}", valid.short_code)).await;
    assert_eq!(
        throttled.status, 429,
        "even a valid code: {}",
        throttled.body
    );
    assert_page_headers(&throttled);
    let retry: u64 = throttled
        .header("retry-after")
        .parse()
        .expect("Retry-After");
    assert!((1..=60).contains(&retry), "{retry}");
    assert!(throttled.body.contains("<h1>Too many attempts</h1>"));
    let refused = guesser
        .post("/verify", &[("csrf", &nonce), ("code", &valid.code)])
        .await;
    assert_eq!(refused.status, 429);

    let neighbour = Browser::from_address(&server.http, "127.0.0.2".parse().expect("ip"));
    let answer = neighbour.open_and_continue(&path_of(&valid.url)).await;
    assert_eq!(answer.status, 303, "another address is not locked out");
    server.clock.advance(TimeDelta::seconds(61));
    let page = guesser.get(&path_of(&valid.url)).await;
    assert_eq!(page.status, 410, "the window has passed: {}", page.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_four_racing_continues_for_each_of_thirty_codes_never_hit_the_throttle() {
    let server = TestServer::start_limited(Limits {
        pool_size: 16,
        ..Limits::default()
    })
    .await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let browser = std::sync::Arc::new(Browser::new(&server.http));
    let nonce = browser.get("/verify").await;
    assert_eq!(nonce.status, 404);
    for i in 0..30 {
        let created = create_inquiry(&client, &org.sandbox_template, &format!("u{i}")).await;
        let link = generate_link(&client, &created.id).await;
        let page = browser.get(&path_of(&link.url)).await;
        let nonce = page.input("csrf").expect("nonce");
        let mut racing = tokio::task::JoinSet::new();
        for _ in 0..64 {
            let (browser, nonce, code) = (browser.clone(), nonce.clone(), link.code.clone());
            racing.spawn(async move {
                browser
                    .post("/verify", &[("csrf", &nonce), ("code", &code)])
                    .await
                    .status
            });
        }
        let mut statuses = Vec::new();
        while let Some(status) = racing.join_next().await {
            statuses.push(status.expect("task"));
        }
        statuses.sort_unstable();
        let wins = statuses.iter().filter(|s| **s == 303).count();
        assert_eq!(wins, 1, "code {i}: {statuses:?}");
        assert!(
            statuses.iter().all(|s| *s == 303 || *s == 410),
            "{statuses:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inquiry_id_links_open_only_for_templates_that_allow_them() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let closed = create_inquiry(&client, &org.sandbox_template, "u").await;
    let browser = Browser::new(&server.http);
    let page = browser
        .get(&format!("/verify?inquiry-id={}", closed.id))
        .await;
    assert_eq!(page.status, 404, "off by default");
    let open_template = template(
        &client,
        pb::InquiryTemplate {
            allow_inquiry_id_links: true,
            ..Default::default()
        },
    )
    .await;
    let open = inquiry_with(&client, &open_template, HashMap::new()).await;
    let path = format!("/verify?inquiry-id={}", open.id);
    assert_eq!(browser.get(&path).await.status, 200);
    assert_eq!(
        status_of(&inquiry(&client, &open.id).await),
        pb::InquiryStatus::Created,
        "the page changes nothing"
    );
    let answer = browser.open_and_continue(&path).await;
    assert_eq!(answer.status, 303, "{}", answer.body);
    assert_eq!(answer.header("location"), "/verify/flow");
    assert_eq!(browser.get("/verify/flow").await.status, 200);
    let sessions = client
        .sessions()
        .list_sessions(pb::ListSessionsRequest {
            inquiry_id: open.id.clone(),
            ..Default::default()
        })
        .await
        .expect("list sessions")
        .into_inner()
        .sessions;
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].origin, pb::SessionOrigin::Resume as i32);
    assert_eq!(sessions[0].client_ip, "127.0.0.1");
    let events = crate::common::event_names(&server, &open.id).await;
    assert!(events.contains(&"inquiry.resumed".to_owned()), "{events:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_speak_spanish_when_asked() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let created = create_inquiry(&client, &org.sandbox_template, "u").await;
    let link = generate_link(&client, &created.id).await;
    let browser = Browser::new(&server.http);
    let by_header = browser
        .send(
            Method::GET,
            &path_of(&link.url),
            &[("accept-language", "fr, es;q=0.8, en;q=0.5")],
            None,
        )
        .await;
    assert!(by_header.body.contains("<html lang=\"es\">"));
    assert!(by_header.body.contains(">Continuar</button>"));
    let by_query = browser
        .get(&format!("{}&language=es", path_of(&link.url)))
        .await;
    assert!(by_query.body.contains(">Continuar</button>"));
    let nonce = by_query.input("csrf").expect("nonce");
    let answer = browser
        .post(
            "/verify",
            &[("csrf", &nonce), ("code", &link.code), ("language", "es")],
        )
        .await;
    assert_eq!(answer.header("location"), "/verify/flow?language=es");
    let flow = browser.get("/verify/flow?language=es").await;
    assert!(flow.body.contains("Fecha de nacimiento") && flow.body.contains(">España</option>"));
    assert!(flow.body.contains("Aprobar las verificaciones"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn templates_keep_their_collected_fields_and_inquiry_id_setting() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let id = template(&client, pb::InquiryTemplate::default()).await;
    let got = client
        .templates()
        .get_inquiry_template(pb::GetInquiryTemplateRequest { id: id.clone() })
        .await
        .expect("get")
        .into_inner()
        .inquiry_template
        .expect("template");
    let names: Vec<&str> = got
        .collected_fields
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "name_first",
            "birthdate",
            "address_country_code",
            "phone_number"
        ]
    );
    assert_eq!(
        got.collected_fields[0].max_length, 255,
        "the default limit is shown"
    );
    assert_eq!(
        got.collected_fields[1].max_length, 0,
        "dates have no length"
    );
    assert!(!got.allow_inquiry_id_links);
    let updated = client
        .templates()
        .update_inquiry_template(pb::UpdateInquiryTemplateRequest {
            inquiry_template: Some(pb::InquiryTemplate {
                id: id.clone(),
                allow_inquiry_id_links: true,
                collected_fields: vec![pb::CollectedField {
                    max_value: Some(10.0),
                    ..field("income", pb::CollectedFieldKind::Number, false)
                }],
                ..Default::default()
            }),
            update_mask: Some(prost_types::FieldMask {
                paths: vec!["collected_fields".into(), "allow_inquiry_id_links".into()],
            }),
        })
        .await
        .expect("update")
        .into_inner()
        .inquiry_template
        .expect("template");
    assert!(updated.allow_inquiry_id_links);
    assert_eq!(updated.collected_fields.len(), 1);
    assert_eq!(updated.collected_fields[0].max_value, Some(10.0));
    let refused = client
        .templates()
        .create_inquiry_template(pb::CreateInquiryTemplateRequest {
            inquiry_template: Some(pb::InquiryTemplate {
                name: "Bad".into(),
                collected_fields: vec![
                    field("a", pb::CollectedFieldKind::Unspecified, true),
                    pb::CollectedField {
                        min_value: Some(1.0),
                        ..field("b", pb::CollectedFieldKind::Text, true)
                    },
                ],
                ..Default::default()
            }),
        })
        .await;
    assert_eq!(
        crate::common::violated_fields(refused),
        ["collected_fields[0].kind", "collected_fields[1].min_value"]
    );
}

/// The server runs as a process of its own, logging at `debug` into a pipe the test reads
/// whole: an in-process subscriber would share tracing's per-callsite cache with the tests
/// running beside it, and could miss lines.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_log_line_holds_a_code_a_token_or_a_nonce() {
    let db = tokio::task::spawn_blocking(crate::common::TestDb::new)
        .await
        .expect("db");
    let served = crate::common::Served::start(
        &db,
        "acme",
        &[
            ("VERILINK_PUBLIC_URL", "https://verify.example"),
            ("VERILINK_SHORT_URL", "https://vl.example"),
            ("RUST_LOG", "debug"),
        ],
    );
    let (key, template) = (served.printed("vlk_sandbox_"), served.printed("itmpl_"));
    let lines = &served.lines;
    let mut log = Vec::new();
    let mut addr_of = |port: &str| loop {
        let line = lines
            .recv_timeout(crate::common::PATIENCE)
            .expect("the server starts");
        log.push(line.clone());
        let parsed: serde_json::Value = serde_json::from_str(&line).expect("JSON log line");
        if parsed["fields"]["message"] == format!("{port} listening") {
            break parsed["fields"]["addr"].as_str().expect("addr").to_owned();
        }
    };
    let grpc = addr_of("gRPC");
    let http = format!("http://{}", addr_of("HTTP"));

    let client = VerilinkClient::connect(format!("http://{grpc}"), &key)
        .await
        .expect("connect");
    let created = create_inquiry(&client, &template, "u").await;
    let link = generate_link(&client, &created.id).await;
    let browser = Browser::new(&http);
    assert_eq!(
        browser.open_and_continue(&path_of(&link.url)).await.status,
        303
    );
    assert_eq!(browser.get(&path_of(&link.short_url)).await.status, 410);
    let unknown = browser.get("/verify?code=0000000000000000000000").await;
    assert_eq!(unknown.status, 404);
    let flow = browser.get("/verify/flow").await;
    let nonce = flow.input("csrf").expect("nonce");
    let token = browser.cookie(SESSION_COOKIE).expect("session");
    let answer = browser.post("/verify/flow", &[("csrf", &nonce)]).await;
    assert_eq!(answer.status, 422);

    // Everything up to the access line of that last request (the access log is written when
    // an answer ends, so every line the requests caused comes before it).
    while !log
        .iter()
        .any(|l| l.contains("/verify/flow") && l.contains("422"))
    {
        let line = lines
            .recv_timeout(crate::common::PATIENCE)
            .expect("the access log line of the last request");
        log.push(line);
    }
    drop(served);
    let log = log.join("\n");
    assert!(
        log.contains("database reachable") && log.contains("DEBUG"),
        "the server's whole log at debug level is read: {log}"
    );
    for secret in [&link.code, &link.short_code, &token, &nonce] {
        assert!(
            !log.contains(secret.as_str()),
            "{secret} in the log:\n{log}"
        );
    }
}
