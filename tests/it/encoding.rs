//! Bytes that are not UTF-8 text, on every HTTP surface that reads text: the hosted pages'
//! forms and query strings, the console's, the REST gateway's and the Persona-compatible API's
//! query strings and JSON bodies. Each is refused, naming the field, and nothing is stored.

use reqwest::Method;
use verilink::domain::actor::Role;
use verilink_client::pb;

use crate::browser::{Answer, Browser};
use crate::common::{create_inquiry, generate_link, get_inquiry, TestServer};
use crate::console::{csrf, operator};

/// The KYC answers of the organization's sandbox template, `overrides` replacing some.
fn answers(csrf: &str, overrides: &[(&str, &str)]) -> Vec<u8> {
    let mut form = vec![
        ("csrf", csrf),
        ("name_first", "Alex"),
        ("name_last", "Sample"),
        ("birthdate", "1977-08-31"),
        ("address_street_1", "1 Main St"),
        ("address_city", "Springfield"),
        ("address_postal_code", "12345"),
        ("address_country_code", "US"),
        ("email_address", "alex@example.com"),
    ];
    for (name, value) in overrides {
        match form.iter_mut().find(|(n, _)| n == name) {
            Some(field) => field.1 = value,
            None => form.push((name, value)),
        }
    }
    // Values here are already percent-encoded where they need to be.
    let pairs: Vec<String> = form.iter().map(|(n, v)| format!("{n}={v}")).collect();
    pairs.join("&").into_bytes()
}

async fn post_raw(browser: &Browser, path: &str, body: Vec<u8>) -> Answer {
    let form = [("content-type", "application/x-www-form-urlencoded")];
    browser
        .send_raw(Method::POST, path, &form, Some(body))
        .await
}

fn assert_names(answer: &Answer, status: u16, field: &str) {
    assert_eq!(answer.status, status, "{}", answer.body);
    assert!(
        answer.body.contains(field),
        "the answer names {field}: {}",
        answer.body
    );
    assert!(!answer.body.contains('\u{FFFD}'), "{}", answer.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hosted_pages_refuse_fields_that_are_not_utf8_and_store_nothing() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let inquiry = create_inquiry(&client, &org.sandbox_template, "user-u").await;
    let link = generate_link(&client, &inquiry.id).await;
    let browser = Browser::new(&server.http);

    let entry = browser.get("/verify?code=%FF").await;
    assert_names(&entry, 400, "“code”");
    let page = browser.get(&format!("/verify?code={}", link.code)).await;
    let nonce = page.input("csrf").expect("nonce");
    let body = format!("csrf={nonce}&code={}&language=e%FF", link.code);
    assert_names(
        &post_raw(&browser, "/verify", body.into()).await,
        400,
        "“language”",
    );
    let continued = browser
        .post("/verify", &[("csrf", &nonce), ("code", &link.code)])
        .await;
    assert_eq!(
        continued.status, 303,
        "the link was not used by the refusals"
    );

    let flow = browser.get("/verify/flow").await;
    let nonce = flow.input("csrf").expect("nonce");
    for (overrides, field) in [
        (vec![("name_first", "Al%FFex")], "“name_first”"),
        (vec![("address_city", "Sp%C3")], "“address_city”"),
        (vec![("na%FFme", "x")], "“na%FFme”"),
    ] {
        let refused = post_raw(&browser, "/verify/flow", answers(&nonce, &overrides)).await;
        assert_names(&refused, 400, field);
    }
    let es = browser
        .send(
            Method::GET,
            "/verify/flow?x=%FF",
            &[("accept-language", "es")],
            None,
        )
        .await;
    assert_names(&es, 400, "«x»");

    // The email the end user gives is read as every address is: refused at a private name,
    // kept in its canonical form.
    let private = answers(&nonce, &[("email_address", "alex%40printer.local")]);
    let refused = post_raw(&browser, "/verify/flow", private).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(
        refused.body.contains("name@example.com"),
        "{}",
        refused.body
    );
    let quoted = answers(&nonce, &[("email_address", "%22alex%22%40Example.COM")]);
    let done = post_raw(&browser, "/verify/flow", quoted).await;
    assert_eq!(done.status, 303, "{}", done.body);

    let submitted = get_inquiry(&client, &inquiry.id).await;
    let text = |name: &str| match submitted.fields.get(name).and_then(|f| f.value.clone()) {
        Some(pb::field_value::Value::StringValue(s)) => s,
        other => panic!("{name}: {other:?}"),
    };
    assert_eq!(text("name_first"), "Alex", "only the well-formed answers");
    assert_eq!(text("address_city"), "Springfield");
    assert_eq!(text("email_address"), "alex@example.com");
    assert!(!submitted.fields.contains_key("na\u{FFFD}me"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_refuses_form_fields_and_queries_that_are_not_utf8() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let inquiry = create_inquiry(&client, &org.sandbox_template, "user-c").await;
    let browser = operator(&server, "acme", "ops@acme.example", Role::Admin).await;
    let token = csrf(&browser).await;
    let edit = format!("/inquiries/{}/edit", inquiry.id);
    for (body, field) in [
        (format!("csrf={token}&note=caf%E9&tags="), "note"),
        (format!("csrf={token}&note=ok&t%E9gs=x"), "t%E9gs"),
    ] {
        let answer = browser
            .send_raw(
                Method::POST,
                &edit,
                &[
                    ("content-type", "application/x-www-form-urlencoded"),
                    ("sec-fetch-site", "same-origin"),
                ],
                Some(body.into_bytes()),
            )
            .await;
        assert_names(&answer, 400, field);
    }
    let note = get_inquiry(&client, &inquiry.id).await.note;
    assert_eq!(note, "", "nothing was stored");
    let list = browser
        .send(Method::GET, "/inquiries?q=a%FF%40example.com", &[], None)
        .await;
    assert_names(&list, 400, "q:");
}

/// A REST or Persona API call with a raw body.
async fn call(
    server: &TestServer,
    key: &str,
    method: Method,
    path: &str,
    body: &[u8],
) -> (u16, String) {
    let response = reqwest::Client::new()
        .request(method, format!("{}{path}", server.http))
        .bearer_auth(key)
        .header("content-type", "application/json")
        .body(body.to_vec())
        .send()
        .await
        .expect("HTTP");
    let status = response.status().as_u16();
    (status, response.text().await.expect("body"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_apis_refuse_queries_and_json_that_are_not_utf8_naming_the_field() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let key = &org.sandbox_key;
    let template = &org.sandbox_template;

    let (status, body) = call(
        &server,
        key,
        Method::GET,
        "/v1/inquiries?referenceId=%FF",
        b"",
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("\"field\":\"referenceId\""), "{body}");
    let mut bytes =
        format!("{{\"inquiryTemplateId\": \"{template}\", \"note\": \"cafX\"}}").into_bytes();
    let at = bytes.windows(4).position(|w| w == b"cafX").expect("marker");
    bytes[at + 3] = 0xE9;
    let (status, body) = call(&server, key, Method::POST, "/v1/inquiries", &bytes).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("\"field\":\"note\""), "{body}");

    let persona = "/api/v1/inquiries?filter%5Breference-id%5D=%FF";
    let (status, body) = call(&server, key, Method::GET, persona, b"").await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("filter[reference-id]"), "{body}");
    let mut bytes = format!(
        "{{\"data\": {{\"attributes\": {{\"inquiry-template-id\": \"{template}\", \
         \"reference-id\": \"usr_X\"}}}}}}"
    )
    .into_bytes();
    let at = bytes
        .windows(5)
        .position(|w| w == b"usr_X")
        .expect("marker");
    bytes[at + 4] = 0xFF;
    let (status, body) = call(&server, key, Method::POST, "/api/v1/inquiries", &bytes).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("data.attributes.reference-id"), "{body}");

    let listed = reqwest::Client::new()
        .get(format!("{}/v1/inquiries", server.http))
        .bearer_auth(key)
        .send()
        .await
        .expect("list")
        .text()
        .await
        .expect("body");
    assert!(!listed.contains("inq_"), "nothing was created: {listed}");
}
