//! A member given twice in a JSON body — the same key, or one field under two names — is
//! refused with its path on the REST gateway and the Persona-compatible API, at any depth, and
//! nothing is done: neither the first value nor the last is taken.

use serde_json::{json, Value};

use crate::common::TestServer;
use crate::rest::{violated, Rest};

/// `body` sent raw (JSON with a repeat cannot be built as a `Value`).
async fn send(api: &Rest, method: &str, target: &str, body: &str) -> crate::rest::Reply {
    api.send(method, target, Some(body), &[]).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rest_gateway_refuses_a_field_given_twice_and_does_nothing() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let api = Rest::new(&server, Some(&org.sandbox_key));
    let template = &org.sandbox_template;
    let created = api
        .post("/v1/inquiries", json!({"inquiryTemplateId": template}))
        .await
        .ok();
    let id = created["inquiry"]["id"].as_str().expect("id").to_owned();

    let cases = [
        (
            format!("/v1/inquiries/{id}:decline"),
            r#"{"comment": "fraud", "comment": "fine"}"#.to_owned(),
            "comment",
            "is given twice",
        ),
        (
            "/v1/inquiries".to_owned(),
            format!(
                r#"{{"inquiryTemplateId": "{template}", "referenceId": "a", "reference_id": "b"}}"#
            ),
            "inquiry.reference_id",
            "is given twice, as referenceId and reference_id",
        ),
        (
            "/v1/inquiries".to_owned(),
            format!(
                r#"{{"inquiryTemplateId": "{template}",
                     "fields": {{"name_first": {{"stringValue": "A", "stringValue": "B"}}}}}}"#
            ),
            "inquiry.fields.name_first.stringValue",
            "is given twice",
        ),
        (
            "/v1/inquiryTemplates".to_owned(),
            r#"{"name": "Twice", "redirectUri": "https://app.example/",
                "redirect_uri": "https://evil.example/"}"#
                .to_owned(),
            "inquiryTemplate.redirect_uri",
            "is given twice, as redirectUri and redirect_uri",
        ),
    ];
    for (target, body, field, description) in cases {
        let reply = send(&api, "POST", &target, &body).await;
        let error = reply.error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT");
        assert_eq!(violated(error), [field], "{body}");
        assert!(
            error["message"].as_str().unwrap().contains(description),
            "{error}"
        );
    }

    // Nothing was done: the inquiry is undecided, the only inquiry, and no template was made.
    let listed = api.get("/v1/inquiries").await.ok();
    let inquiries = listed["inquiries"].as_array().expect("inquiries");
    assert_eq!(inquiries.len(), 1);
    assert_eq!(inquiries[0]["status"], "INQUIRY_STATUS_CREATED");
    let templates = api.get("/v1/inquiryTemplates").await.ok();
    assert_eq!(
        templates["inquiryTemplates"].as_array().map(Vec::len),
        Some(1)
    );
}

/// The first error of a Persona 400, its details.
fn bad_request(reply: &crate::rest::Reply) -> &str {
    assert_eq!(reply.status, 400, "{}", reply.text);
    let error = &reply.json["errors"][0];
    assert_eq!(error["code"], "BAD_REQUEST", "{}", reply.text);
    error["details"].as_str().expect("details")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_persona_api_refuses_a_key_given_twice_in_any_inflection() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let api = Rest::new(&server, Some(&org.sandbox_key));
    let template = &org.sandbox_template;
    let cases = [
        (
            format!(
                r#"{{"data": {{"attributes": {{"inquiry-template-id": "{template}",
                    "reference-id": "usr_A", "referenceId": "usr_B"}}}}}}"#
            ),
            "data.attributes.referenceId is given twice (also as reference-id)",
        ),
        (
            format!(
                r#"{{"data": {{"attributes": {{"inquiry-template-id": "{template}",
                    "fields": {{"name-first": "Ada", "name-first": "Eve"}}}}}}}}"#
            ),
            "data.attributes.fields.name-first is given twice",
        ),
        (
            format!(
                r#"{{"data": {{"attributes": {{"inquiry-template-id": "{template}"}},
                    "meta": {{"auto-create-one-time-link": false}}}},
                    "meta": {{"auto-create-one-time-link": true}}}}"#
            ),
            "meta.auto-create-one-time-link is given twice: in data.meta and in meta",
        ),
    ];
    for (body, details) in cases {
        let reply = send(&api, "POST", "/api/v1/inquiries", &body).await;
        assert_eq!(bad_request(&reply), details, "{body}");
    }
    let filters = "/api/v1/inquiries?filter[status]=created&filter[status]=approved";
    let reply = api.get(filters).await;
    assert_eq!(bad_request(&reply), "filter[status] is given twice");

    // Nothing was created.
    let listed = api.get("/api/v1/inquiries").await;
    assert_eq!(listed.status, 200, "{}", listed.text);
    assert_eq!(listed.json["data"], Value::Array(Vec::new()));
}
