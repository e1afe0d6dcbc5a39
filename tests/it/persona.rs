//! The Persona-compatible API over plain HTTP against the real server: the requests of
//! Persona's quickstart and of "Generate a one-time link for an Inquiry" with every key of the
//! documented answers, the link through the hosted flow, the other endpoints, `Key-Inflection`,
//! idempotency, Persona's errors, and Persona-format webhooks verified as Persona documents.

use chrono::TimeDelta;
use serde_json::{json, Value};
use verilink_client::{pb, VerilinkClient};

use crate::browser::Browser;
use crate::common::{get_inquiry, Limits, TestServer};
use crate::receiver::{hmac_sha256_hex, Received, Receiver};
use crate::rest::{Reply, Rest};

/// The request of Persona's quickstart, with the template `bootstrap` makes.
fn quickstart(template: &str) -> Value {
    json!({
        "data": {
            "attributes": {
                "inquiry-template-id": template,
                "reference-id": "usr_ABC123",
                "fields": {
                    "name-first": "Alexander",
                    "name-last": "Sample",
                    "birthdate": "1977-08-31"
                }
            }
        }
    })
}

async fn create(api: &Rest, body: Value) -> Value {
    let reply = api.post("/api/v1/inquiries", body).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    assert_eq!(reply.headers["content-type"], "application/json");
    reply.json
}

fn path_of(url: &str) -> String {
    let after_scheme = url.split_once("://").expect("absolute URL").1;
    after_scheme[after_scheme.find('/').expect("path")..].to_owned()
}

#[track_caller]
fn assert_time(value: &Value, what: &str) {
    let text = value.as_str().unwrap_or_else(|| panic!("{what}: {value}"));
    assert!(
        text.len() == 24 && text.ends_with('Z') && text.as_bytes()[19] == b'.',
        "{what}: {text} is RFC 3339 with milliseconds"
    );
    chrono::DateTime::parse_from_rfc3339(text).expect("RFC 3339");
}

/// Every key of Persona's inquiry object, with its type; the ones Verilink has no value for
/// (behaviors, step names, the flat name and address attributes) are absent, not invented.
#[track_caller]
fn assert_persona_inquiry(data: &Value) {
    assert_eq!(data["type"], "inquiry");
    assert!(data["id"].as_str().is_some_and(|id| id.starts_with("inq_")));
    let attributes = data["attributes"].as_object().expect("attributes");
    assert!(attributes["status"].is_string());
    for key in ["reference-id", "note", "reviewer-comment"] {
        assert!(
            attributes[key].is_string() || attributes[key].is_null(),
            "{key}"
        );
    }
    assert!(attributes["tags"].is_array());
    assert!(attributes["creator"]
        .as_str()
        .is_some_and(|c| c.starts_with("key_")));
    for key in ["created-at", "updated-at", "expires-at"] {
        assert_time(&attributes[key], key);
    }
    for key in [
        "started-at",
        "completed-at",
        "failed-at",
        "marked-for-review-at",
        "decisioned-at",
        "expired-at",
        "redacted-at",
    ] {
        let value = &attributes[key];
        if !value.is_null() {
            assert_time(value, key);
        }
    }
    for field in attributes["fields"].as_object().expect("fields").values() {
        assert!(
            ["string", "date", "boolean", "number"].contains(&field["type"].as_str().unwrap_or(""))
        );
        assert!(field.get("value").is_some());
    }
    for absent in [
        "behaviors",
        "previous-step-name",
        "next-step-name",
        "name-first",
    ] {
        assert!(!attributes.contains_key(absent), "{absent} is not invented");
    }
    let relationships = &data["relationships"];
    assert_eq!(
        relationships["inquiry-template"]["data"]["type"],
        "inquiry-template"
    );
    assert!(relationships["inquiry-template"]["data"]["id"]
        .as_str()
        .is_some_and(|id| id.starts_with("itmpl_")));
    for session in relationships["sessions"]["data"]
        .as_array()
        .expect("sessions")
    {
        assert_eq!(session["type"], "inquiry-session");
        assert!(session["id"]
            .as_str()
            .is_some_and(|id| id.starts_with("iqse_")));
    }
}

fn date(year: i32, month: i32, day: i32) -> Option<pb::field_value::Value> {
    Some(pb::field_value::Value::DateValue(pb::Date {
        year,
        month,
        day,
    }))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_quickstart_creates_the_inquiry_grpc_would_and_shows_it_as_persona_does() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let api = Rest::new(&server, Some(&org.sandbox_key));
    let created = create(&api, quickstart(&org.sandbox_template)).await;
    let data = &created["data"];
    assert_persona_inquiry(data);
    let attributes = &data["attributes"];
    assert_eq!(attributes["status"], "created");
    assert_eq!(attributes["reference-id"], "usr_ABC123");
    assert_eq!(attributes["note"], Value::Null);
    assert_eq!(attributes["tags"], json!([]));
    assert_eq!(attributes["creator"], org.sandbox_key_id.as_str());
    assert_eq!(attributes["started-at"], Value::Null);
    assert_eq!(
        attributes["fields"],
        json!({
            "name-first": {"type": "string", "value": "Alexander"},
            "name-last": {"type": "string", "value": "Sample"},
            "birthdate": {"type": "date", "value": "1977-08-31"}
        })
    );
    assert_eq!(
        data["relationships"]["inquiry-template"]["data"]["id"],
        org.sandbox_template.as_str()
    );
    assert_eq!(data["relationships"]["sessions"]["data"], json!([]));
    assert_eq!(
        created["meta"],
        json!({"session-token": null, "one-time-link": null, "one-time-link-short": null})
    );

    // Stored exactly as a gRPC caller's typed values would be.
    let id = data["id"].as_str().expect("id");
    let client = server.client(&org.sandbox_key).await;
    let stored = get_inquiry(&client, id).await;
    assert_eq!(stored.fields["birthdate"].value, date(1977, 8, 31));
    assert_eq!(
        stored.fields["name_first"].value,
        Some(pb::field_value::Value::StringValue("Alexander".into()))
    );
    assert_eq!(stored.reference_id, "usr_ABC123");

    let read = api.get(&format!("/api/v1/inquiries/{id}")).await;
    assert_eq!(read.status, 200, "{}", read.text);
    assert_eq!(read.json["data"], *data);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn key_inflection_spells_every_key_and_requests_are_read_in_any_spelling() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let api = Rest::new(&server, Some(&org.sandbox_key));
    let camel_request = json!({
        "data": {"attributes": {
            "inquiryTemplateId": org.sandbox_template,
            "referenceId": "usr_ABC123",
            "fields": {"nameFirst": "Alexander", "addressStreet1": "1 Main St"}
        }},
        "meta": {"autoCreateOneTimeLink": true}
    });
    let reply = api
        .send(
            "POST",
            "/api/v1/inquiries",
            Some(&camel_request.to_string()),
            &[("key-inflection", "camel")],
        )
        .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let data = &reply.json["data"];
    assert_eq!(data["attributes"]["referenceId"], "usr_ABC123");
    assert_eq!(
        data["attributes"]["fields"]["nameFirst"]["value"],
        "Alexander"
    );
    assert_eq!(
        data["attributes"]["fields"]["addressStreet1"]["value"],
        "1 Main St"
    );
    assert!(data["attributes"]["createdAt"].is_string());
    assert!(data["relationships"]["inquiryTemplate"]["data"]["id"].is_string());
    assert!(reply.json["meta"]["oneTimeLink"].is_string());
    let id = data["id"].as_str().expect("id");

    let client = server.client(&org.sandbox_key).await;
    let stored = get_inquiry(&client, id).await;
    let mut names: Vec<&String> = stored.fields.keys().collect();
    names.sort();
    assert_eq!(
        names,
        ["address_street_1", "name_first"],
        "snake_case stored"
    );

    let snake = api
        .send(
            "GET",
            &format!("/api/v1/inquiries/{id}"),
            None,
            &[("key-inflection", "snake")],
        )
        .await;
    assert_eq!(
        snake.json["data"]["attributes"]["reference_id"],
        "usr_ABC123"
    );
    assert!(snake.json["data"]["attributes"]["fields"]["address_street_1"].is_object());
    assert!(snake.json["data"]["relationships"]["inquiry_template"].is_object());
    let kebab = api
        .send(
            "GET",
            &format!("/api/v1/inquiries/{id}"),
            None,
            &[("key-inflection", "kebab")],
        )
        .await;
    assert_eq!(
        kebab.json["data"]["attributes"]["reference-id"],
        "usr_ABC123"
    );

    let refused = api
        .send(
            "GET",
            &format!("/api/v1/inquiries/{id}"),
            None,
            &[("key-inflection", "pascal")],
        )
        .await;
    assert_persona_error(&refused, 400, "BAD_REQUEST");
}

/// The exact request of "Generate a one-time link for an Inquiry".
async fn generate_link(api: &Rest, id: &str, body: Option<Value>) -> Reply {
    let path = format!("/api/v1/inquiries/{id}/generate-one-time-link");
    let body = body.map(|b| b.to_string());
    api.send("POST", &path, body.as_deref(), &[]).await
}

/// Every value the KYC template's flow asks for, with the pre-filled ones kept.
fn kyc_answers(nonce: &str) -> Vec<(&str, &str)> {
    vec![
        ("csrf", nonce),
        ("name_first", "Alexander"),
        ("name_last", "Sample"),
        ("birthdate", "1977-08-31"),
        ("address_street_1", "1 Main St"),
        ("address_city", "Springfield"),
        ("address_postal_code", "12345"),
        ("address_country_code", "US"),
        ("email_address", "alexander@example.com"),
        ("pass", "on"),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_generated_one_time_link_opens_the_hosted_flow_and_completes_the_inquiry() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let api = Rest::new(&server, Some(&org.sandbox_key));
    let created = create(&api, quickstart(&org.sandbox_template)).await;
    let id = created["data"]["id"].as_str().expect("id").to_owned();

    let reply = generate_link(
        &api,
        &id,
        Some(json!({"meta": {"expires-in-seconds": 3600}})),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let generated = reply.json;
    assert_persona_inquiry(&generated["data"]);
    assert_eq!(generated["data"]["id"], id.as_str());
    let meta = generated["meta"].as_object().expect("meta");
    let link = meta["one-time-link"].as_str().expect("one-time-link");
    let short = meta["one-time-link-short"]
        .as_str()
        .expect("one-time-link-short");
    assert!(
        link.starts_with("https://verify.example/verify?code="),
        "{link}"
    );
    assert!(short.starts_with("https://vl.example/v/"), "{short}");
    assert_eq!(meta.len(), 2);
    // Without a body, as the documented request may be sent: a fresh link.
    let again = generate_link(&api, &id, None).await;
    assert_eq!(again.status, 200, "{}", again.text);
    let link = again.json["meta"]["one-time-link"]
        .as_str()
        .expect("link")
        .to_owned();

    let browser = Browser::new(&server.http);
    let page = browser.get(&path_of(&link)).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("<h1>KYC</h1>"));
    let entered = browser.open_and_continue(&path_of(&link)).await;
    assert_eq!(entered.status, 303, "{}", entered.body);
    let flow = browser.get("/verify/flow").await;
    assert!(
        flow.body
            .contains("name=\"name_first\" value=\"Alexander\""),
        "pre-filled"
    );
    assert!(flow
        .body
        .contains("name=\"birthdate\" value=\"1977-08-31\""));
    let nonce = flow.input("csrf").expect("nonce");
    let done = browser.post("/verify/flow", &kyc_answers(&nonce)).await;
    assert_eq!(done.status, 303, "{}", done.body);

    let read = api.get(&format!("/api/v1/inquiries/{id}")).await;
    let data = &read.json["data"];
    assert_persona_inquiry(data);
    assert_eq!(data["attributes"]["status"], "completed");
    assert_time(&data["attributes"]["completed-at"], "completed-at");
    assert_eq!(
        data["attributes"]["fields"]["address-country-code"],
        json!({"type": "string", "value": "US"})
    );
    assert_eq!(
        data["relationships"]["sessions"]["data"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_documented_examples_run_and_print_what_they_say() {
    crate::readme_rest::run_documented_examples("persona", 6).await;
}

#[track_caller]
fn assert_persona_error(reply: &Reply, status: u16, code: &str) -> Value {
    assert_eq!(reply.status, status, "{}", reply.text);
    assert_eq!(reply.headers["content-type"], "application/json");
    let errors = reply.json["errors"].as_array().expect("errors");
    assert!(!errors.is_empty());
    for error in errors {
        assert!(
            error["title"].as_str().is_some_and(|t| !t.is_empty()),
            "{error}"
        );
        assert!(
            error["details"].as_str().is_some_and(|d| !d.is_empty()),
            "{error}"
        );
    }
    assert_eq!(errors[0]["code"], code, "{}", reply.text);
    errors[0].clone()
}

async fn action(api: &Rest, id: &str, name: &str, body: Value) -> Reply {
    api.post(&format!("/api/v1/inquiries/{id}/{name}"), body)
        .await
}

#[track_caller]
fn attributes(reply: &Reply) -> &Value {
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_persona_inquiry(&reply.json["data"]);
    &reply.json["data"]["attributes"]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn actions_move_the_inquiry_through_the_same_status_machine() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let api = Rest::new(&server, Some(&org.sandbox_key));
    let created = create(&api, quickstart(&org.sandbox_template)).await;
    let id = created["data"]["id"].as_str().expect("id").to_owned();

    let resumed = action(&api, &id, "resume", json!({})).await;
    assert_eq!(attributes(&resumed)["status"], "pending");
    let token = resumed.json["meta"]["session-token"]
        .as_str()
        .expect("token");
    assert!(token.starts_with("vls_"));
    let sessions = &resumed.json["data"]["relationships"]["sessions"]["data"];
    assert_eq!(sessions.as_array().map(Vec::len), Some(1));
    // The token works on the end-user plane.
    let end_user = server.client(token).await;
    end_user
        .sessions()
        .get_current_session(pb::GetCurrentSessionRequest::default())
        .await
        .expect("the session token is live");

    let review = action(
        &api,
        &id,
        "mark-for-review",
        json!({"meta": {"comment": "check"}}),
    )
    .await;
    assert_eq!(attributes(&review)["status"], "needs_review");
    assert_time(
        &attributes(&review)["marked-for-review-at"],
        "marked-for-review-at",
    );
    let approved = action(
        &api,
        &id,
        "approve",
        json!({"meta": {"comment": "looks good"}}),
    )
    .await;
    assert_eq!(attributes(&approved)["status"], "approved");
    assert_eq!(attributes(&approved)["reviewer-comment"], "looks good");
    assert_time(&attributes(&approved)["decisioned-at"], "decisioned-at");
    let twice = action(&api, &id, "decline", json!({})).await;
    let error = assert_persona_error(&twice, 422, "INQUIRY_DECIDED");
    assert_eq!(error["title"], "Invalid action");

    let other = create(&api, quickstart(&org.sandbox_template)).await;
    let other_id = other["data"]["id"].as_str().expect("id");
    let declined = action(&api, other_id, "decline", json!(null)).await;
    assert_eq!(attributes(&declined)["status"], "declined");
    let third = create(&api, quickstart(&org.sandbox_template)).await;
    let third_id = third["data"]["id"].as_str().expect("id");
    let expired = action(&api, third_id, "expire", json!({})).await;
    assert_eq!(attributes(&expired)["status"], "expired");
    assert_time(&attributes(&expired)["expired-at"], "expired-at");
    let refused = generate_link(&api, third_id, None).await;
    assert_persona_error(&refused, 422, "INQUIRY_EXPIRED");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tags_updates_and_redaction() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let api = Rest::new(&server, Some(&org.sandbox_key));
    let client = server.client(&org.sandbox_key).await;
    let created = create(&api, quickstart(&org.sandbox_template)).await;
    let id = created["data"]["id"].as_str().expect("id").to_owned();

    let tagged = action(&api, &id, "add-tag", json!({"meta": {"tag-name": "vip"}})).await;
    assert_eq!(attributes(&tagged)["tags"], json!(["vip"]));
    let set = action(
        &api,
        &id,
        "set-tags",
        json!({"meta": {"tag-name": ["a", "b", "vip"]}}),
    )
    .await;
    assert_eq!(attributes(&set)["tags"], json!(["a", "b", "vip"]));
    let removed = action(&api, &id, "remove-tag", json!({"meta": {"tag-name": "a"}})).await;
    assert_eq!(attributes(&removed)["tags"], json!(["b", "vip"]));
    let by_id = action(&api, &id, "add-tag", json!({"meta": {"tag-id": "tag_x"}})).await;
    assert_persona_error(&by_id, 422, "NOT_SUPPORTED");

    let patch = json!({"data": {"attributes": {
        "note": "called them",
        "fields": {"name-middle": "Q", "birthdate": "1977-09-01", "name-last": null}
    }}});
    let path = format!("/api/v1/inquiries/{id}");
    let updated = api
        .send("PATCH", &path, Some(&patch.to_string()), &[])
        .await;
    let fields = &attributes(&updated)["fields"];
    assert_eq!(attributes(&updated)["note"], "called them");
    assert_eq!(
        *fields,
        json!({
            "name-first": {"type": "string", "value": "Alexander"},
            "name-middle": {"type": "string", "value": "Q"},
            "birthdate": {"type": "date", "value": "1977-09-01"}
        }),
        "merged: the others kept, null removed"
    );
    let stored = get_inquiry(&client, &id).await;
    assert_eq!(stored.fields["birthdate"].value, date(1977, 9, 1));

    let bad_date = json!({"data": {"attributes": {"fields": {"birthdate": "09/01/1977"}}}});
    let refused = api
        .send("PATCH", &path, Some(&bad_date.to_string()), &[])
        .await;
    let error = assert_persona_error(&refused, 422, "INVALID_ARGUMENT");
    assert_eq!(
        error["source"]["pointer"],
        "/data/attributes/fields/birthdate"
    );

    let redacted = api.send("DELETE", &path, None, &[]).await;
    let attributes = attributes(&redacted);
    assert_time(&attributes["redacted-at"], "redacted-at");
    assert_eq!(attributes["fields"], json!({}));
    assert_eq!(attributes["note"], Value::Null);
    assert_eq!(attributes["tags"], json!([]));
    assert_eq!(attributes["reference-id"], "usr_ABC123");
    let after = api
        .send("PATCH", &path, Some(&patch.to_string()), &[])
        .await;
    assert_persona_error(&after, 422, "INQUIRY_REDACTED");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lists_filter_and_continue_after_an_inquiry() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let api = Rest::new(&server, Some(&org.sandbox_key));
    let mut ids = Vec::new();
    for reference in ["usr_A", "usr_B", "usr_A", "usr_A", "usr_B"] {
        let mut body = quickstart(&org.sandbox_template);
        body["data"]["attributes"]["reference-id"] = json!(reference);
        let created = create(&api, body).await;
        ids.push(created["data"]["id"].as_str().expect("id").to_owned());
        server.clock.advance(TimeDelta::seconds(1));
    }
    let listed_ids = |reply: &Reply| -> Vec<String> {
        assert_eq!(reply.status, 200, "{}", reply.text);
        let data = reply.json["data"].as_array().expect("data");
        data.iter().for_each(assert_persona_inquiry);
        data.iter()
            .map(|d| d["id"].as_str().expect("id").to_owned())
            .collect()
    };

    let first = api
        .get("/api/v1/inquiries?filter[reference-id]=usr_A&page[size]=2")
        .await;
    assert_eq!(
        listed_ids(&first),
        [ids[3].clone(), ids[2].clone()],
        "newest first"
    );
    assert_eq!(first.json["links"]["prev"], Value::Null);
    let next = first.json["links"]["next"]
        .as_str()
        .expect("next")
        .to_owned();
    assert!(
        next.contains(&format!("page%5Bafter%5D={}", ids[2])),
        "{next}"
    );
    let second = api.get(&next).await;
    assert_eq!(listed_ids(&second), [ids[0].clone()]);
    assert_eq!(second.json["links"]["next"], Value::Null);

    let default_size = api.get("/api/v1/inquiries").await;
    assert_eq!(listed_ids(&default_size).len(), 5);
    let after = api
        .get(&format!("/api/v1/inquiries?page[after]={}", ids[1]))
        .await;
    assert_eq!(listed_ids(&after), [ids[0].clone()]);

    action(&api, &ids[4], "resume", json!({})).await;
    let pending = api.get("/api/v1/inquiries?filter[status]=pending").await;
    assert_eq!(listed_ids(&pending), [ids[4].clone()]);

    let other_org = server.org("other").await;
    let stranger = Rest::new(&server, Some(&other_org.sandbox_key));
    let foreign = stranger
        .get(&format!("/api/v1/inquiries?page[after]={}", ids[1]))
        .await;
    assert_persona_error(&foreign, 404, "INQUIRY_NOT_FOUND");
    let unknown_filter = api.get("/api/v1/inquiries?filter[account-id]=act_x").await;
    assert_persona_error(&unknown_filter, 400, "BAD_REQUEST");
    let before = api
        .get(&format!("/api/v1/inquiries?page[before]={}", ids[1]))
        .await;
    assert_persona_error(&before, 400, "BAD_REQUEST");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_are_persona_shaped_with_persona_statuses() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let api = Rest::new(&server, Some(&org.sandbox_key));
    let missing = api.with(None).get("/api/v1/inquiries").await;
    assert_persona_error(&missing, 401, "CREDENTIALS_MISSING");
    let unknown_key = api
        .with(Some("vlk_sandbox_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))
        .get("/api/v1/inquiries")
        .await;
    assert_persona_error(&unknown_key, 401, "API_KEY_INVALID");
    let session_token = api
        .with(Some("vls_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))
        .get("/api/v1/inquiries")
        .await;
    assert_persona_error(&session_token, 401, "SESSION_TOKEN_NOT_ALLOWED");

    let unknown = api
        .get("/api/v1/inquiries/inq_000000000000000000000000")
        .await;
    let error = assert_persona_error(&unknown, 404, "INQUIRY_NOT_FOUND");
    assert_eq!(error["title"], "Record not found");
    let malformed = api.get("/api/v1/inquiries/nope").await;
    assert_persona_error(&malformed, 404, "NOT_FOUND");
    let other_org = server.org("other").await;
    let created = create(&api, quickstart(&org.sandbox_template)).await;
    let id = created["data"]["id"].as_str().expect("id");
    let foreign = Rest::new(&server, Some(&other_org.sandbox_key))
        .get(&format!("/api/v1/inquiries/{id}"))
        .await;
    assert_persona_error(&foreign, 404, "INQUIRY_NOT_FOUND");

    let not_json = api.send("POST", "/api/v1/inquiries", Some("{"), &[]).await;
    assert_persona_error(&not_json, 400, "BAD_REQUEST");
    let mut wrong_type = quickstart(&org.sandbox_template);
    wrong_type["data"]["attributes"]["reference-id"] = json!(42);
    let refused = api.post("/api/v1/inquiries", wrong_type).await;
    let error = assert_persona_error(&refused, 400, "BAD_REQUEST");
    assert_eq!(
        error["details"],
        "data.attributes.reference-id must be a string"
    );
    let mut too_long = quickstart(&org.sandbox_template);
    too_long["data"]["attributes"]["reference-id"] = json!("r".repeat(256));
    too_long["data"]["attributes"]["fields"]["birthdate"] = json!("1977-02-30");
    let refused = api.post("/api/v1/inquiries", too_long).await;
    assert_persona_error(&refused, 422, "INVALID_ARGUMENT");
    let pointers: Vec<&str> = refused.json["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["source"]["pointer"].as_str())
        .collect();
    assert_eq!(
        pointers,
        [
            "/data/attributes/fields/birthdate",
            "/data/attributes/reference-id"
        ],
        "every invalid attribute, each where it is"
    );
    let mut unknown_template = quickstart(&org.sandbox_template);
    unknown_template["data"]["attributes"]["inquiry-template-id"] =
        json!("itmpl_000000000000000000000000");
    let refused = api.post("/api/v1/inquiries", unknown_template).await;
    assert_persona_error(&refused, 404, "INQUIRY_TEMPLATE_NOT_FOUND");
    let mut account = quickstart(&org.sandbox_template);
    account["data"]["attributes"]["account-id"] = json!("act_x");
    let refused = api.post("/api/v1/inquiries", account).await;
    assert_persona_error(&refused, 422, "NOT_SUPPORTED");
    let mut ignored = quickstart(&org.sandbox_template);
    ignored["meta"] = json!({"auto-create-account": true, "something-new": 1});
    create(&api, ignored).await;

    let route = api.get("/api/v1/accounts").await;
    assert_persona_error(&route, 404, "NOT_FOUND");
    let method = api.send("PUT", "/api/v1/inquiries", Some("{}"), &[]).await;
    assert_persona_error(&method, 405, "METHOD_NOT_ALLOWED");
    let huge = format!(
        "{{\"data\": {{\"attributes\": {{\"note\": \"{}\"}}}}}}",
        "n".repeat(1 << 20)
    );
    let too_large = api
        .send("POST", "/api/v1/inquiries", Some(&huge), &[])
        .await;
    assert_persona_error(&too_large, 413, "REQUEST_TOO_LARGE");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idempotency_keys_replay_and_conflict_through_the_same_pipeline() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let api = Rest::new(&server, Some(&org.sandbox_key));
    let body = quickstart(&org.sandbox_template).to_string();
    let key = [("idempotency-key", "9b1d6c2e-quickstart")];
    let first = api
        .send("POST", "/api/v1/inquiries", Some(&body), &key)
        .await;
    assert_eq!(first.status, 201, "{}", first.text);
    let replay = api
        .send("POST", "/api/v1/inquiries", Some(&body), &key)
        .await;
    assert_eq!(replay.status, 201, "{}", replay.text);
    assert_eq!(
        replay.json["data"]["id"], first.json["data"]["id"],
        "the same inquiry"
    );
    let listed = api.get("/api/v1/inquiries").await;
    assert_eq!(
        listed.json["data"].as_array().map(Vec::len),
        Some(1),
        "made once"
    );

    let mut other = quickstart(&org.sandbox_template);
    other["data"]["attributes"]["reference-id"] = json!("usr_OTHER");
    let reused = api
        .send("POST", "/api/v1/inquiries", Some(&other.to_string()), &key)
        .await;
    let error = assert_persona_error(&reused, 409, "IDEMPOTENCY_KEY_REUSED");
    assert_eq!(error["title"], "Conflict");

    let id = first.json["data"]["id"].as_str().expect("id");
    let path = format!("/api/v1/inquiries/{id}/generate-one-time-link");
    let link_key = [("idempotency-key", "link-once")];
    let link = api.send("POST", &path, None, &link_key).await;
    let again = api.send("POST", &path, None, &link_key).await;
    assert_eq!(
        again.json["meta"], link.json["meta"],
        "the same link, no new one"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_counts_once_against_the_key_and_throttles_say_when_to_retry() {
    let server = TestServer::start_limited(Limits {
        calls_per_key_per_minute: 2,
        ..Limits::default()
    })
    .await;
    let org = server.org("acme").await;
    let api = Rest::new(&server, Some(&org.sandbox_key));
    // A create reads the template, creates, and reads the sessions: one request all the same.
    let created = create(&api, quickstart(&org.sandbox_template)).await;
    let id = created["data"]["id"].as_str().expect("id");
    let read = api.get(&format!("/api/v1/inquiries/{id}")).await;
    assert_eq!(read.status, 200, "{}", read.text);
    let throttled = api.get(&format!("/api/v1/inquiries/{id}")).await;
    assert_persona_error(&throttled, 429, "RATE_LIMITED");
    let retry_after: u64 = throttled.headers["retry-after"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!((1..=60).contains(&retry_after), "{retry_after}");
}

/// What a receiver written for Persona does with `Persona-Signature`: every `t=…,v1=…` pair
/// (space-separated during a rotation), HMAC-SHA256 of `t.body` in hex, compared in constant
/// time.
fn persona_verifies(received: &Received, secret: &str) -> bool {
    received.persona_signature.split(' ').any(|pair| {
        let mut timestamp = None;
        let mut signature = None;
        for part in pair.split(',') {
            match part.split_once('=') {
                Some(("t", t)) => timestamp = Some(t),
                Some(("v1", v)) => signature = Some(v),
                _ => {}
            }
        }
        let (Some(t), Some(v1)) = (timestamp, signature) else {
            return false;
        };
        let signed = [t.as_bytes(), b".", &received.body].concat();
        constant_time_eq(
            hmac_sha256_hex(secret.as_bytes(), &signed).as_bytes(),
            v1.as_bytes(),
        )
    })
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn persona_webhook(client: &VerilinkClient, url: &str) -> pb::CreateWebhookResponse {
    client
        .webhooks()
        .create_webhook(pb::CreateWebhookRequest {
            webhook: Some(pb::Webhook {
                url: url.into(),
                enabled_events: vec!["*".into()],
                format: pb::WebhookFormat::Persona as i32,
                ..Default::default()
            }),
        })
        .await
        .expect("create webhook")
        .into_inner()
}

/// The deliveries' bodies by event name.
fn event_named<'a>(bodies: &'a [(Received, Value)], name: &str) -> &'a (Received, Value) {
    bodies
        .iter()
        .find(|(_, body)| body["data"]["attributes"]["name"] == name)
        .unwrap_or_else(|| panic!("no {name} delivery"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn persona_format_webhooks_carry_persona_events_signed_as_persona_signs() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let api = Rest::new(&server, Some(&org.sandbox_key));
    let receiver = Receiver::default();
    let url = receiver.serve().await;
    let hook = persona_webhook(&client, &url).await;
    let webhook = hook.webhook.clone().expect("webhook");
    assert_eq!(webhook.format, pb::WebhookFormat::Persona as i32);

    let mut body = quickstart(&org.sandbox_template);
    body["meta"] = json!({"auto-create-one-time-link": true});
    let created = create(&api, body).await;
    let id = created["data"]["id"].as_str().expect("id").to_owned();
    server.clock.advance(TimeDelta::seconds(1));
    let resumed = action(&api, &id, "resume", json!({})).await;
    assert_eq!(resumed.status, 200, "{}", resumed.text);
    let approved = action(&api, &id, "approve", json!({})).await;
    assert_eq!(approved.status, 200, "{}", approved.text);

    let dispatcher = server.dispatcher();
    while dispatcher.run_once().await.expect("dispatch") > 0 {}
    let bodies: Vec<(Received, Value)> = receiver
        .received()
        .into_iter()
        .map(|r| {
            let body = serde_json::from_slice(&r.body).expect("JSON body");
            (r, body)
        })
        .collect();
    for (received, body) in &bodies {
        assert!(
            persona_verifies(received, &hook.secret),
            "{}",
            received.persona_signature
        );
        assert!(!persona_verifies(received, "whsec_wrong"));
        assert_eq!(received.signature, "", "no Verilink-Signature");
        assert_eq!(body["data"]["type"], "event");
        assert!(body["data"]["id"]
            .as_str()
            .is_some_and(|id| id.starts_with("evt_")));
        assert_time(&body["data"]["attributes"]["created-at"], "created-at");
    }
    let mut tampered = bodies[0].0.clone();
    tampered.body = tampered.body.slice(1..);
    assert!(!persona_verifies(&tampered, &hook.secret));

    let (_, approval) = event_named(&bodies, "inquiry.approved");
    let inquiry = &approval["data"]["attributes"]["payload"]["data"];
    assert_persona_inquiry(inquiry);
    assert_eq!(*inquiry, approved.json["data"], "the API's inquiry object");
    let (_, creation) = event_named(&bodies, "inquiry.created");
    let at_creation = &creation["data"]["attributes"]["payload"]["data"];
    assert_eq!(at_creation["attributes"]["status"], "created");
    assert_eq!(
        at_creation["relationships"]["sessions"]["data"],
        json!([]),
        "as it was then"
    );
    let (_, link) = event_named(&bodies, "one-time-link.created");
    let link = &link["data"]["attributes"]["payload"]["data"];
    assert_eq!(link["type"], "one-time-link");
    assert_eq!(link["attributes"]["status"], "pending");
    assert_eq!(
        link["relationships"]["inquiry"]["data"],
        json!({"type": "inquiry", "id": id})
    );
    let (_, session) = event_named(&bodies, "inquiry-session.started");
    let session = &session["data"]["attributes"]["payload"]["data"];
    assert_eq!(session["type"], "inquiry-session");
    assert_eq!(session["attributes"]["status"], "active");
    assert_eq!(
        session["relationships"]["inquiry"]["data"]["id"],
        id.as_str()
    );

    // A rotation signs with both secrets, one pair each.
    let rotated = client
        .webhooks()
        .rotate_webhook_secret(pb::RotateWebhookSecretRequest {
            id: webhook.id.clone(),
            grace_period: crate::common::duration(3_600),
        })
        .await
        .expect("rotate")
        .into_inner();
    create(&api, quickstart(&org.sandbox_template)).await;
    dispatcher.run_once().await.expect("dispatch");
    let during = receiver.received().pop().expect("delivery");
    assert_eq!(during.persona_signature.split(' ').count(), 2);
    assert!(persona_verifies(&during, &hook.secret) && persona_verifies(&during, &rotated.secret));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhooks_switch_formats_and_default_to_verilink() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let receiver = Receiver::default();
    let url = receiver.serve().await;
    let created = client
        .webhooks()
        .create_webhook(pb::CreateWebhookRequest {
            webhook: Some(pb::Webhook {
                url: url.clone(),
                enabled_events: vec!["inquiry.created".into()],
                ..Default::default()
            }),
        })
        .await
        .expect("create")
        .into_inner();
    let webhook = created.webhook.expect("webhook");
    assert_eq!(webhook.format, pb::WebhookFormat::Verilink as i32);
    let dispatcher = server.dispatcher();
    crate::common::create_inquiry(&client, &org.sandbox_template, "u").await;
    dispatcher.run_once().await.expect("dispatch");
    let verilink = receiver.received().pop().expect("delivery");
    let body: Value = serde_json::from_slice(&verilink.body).expect("JSON");
    assert_eq!(body["type"], "inquiry.created", "the Verilink event");
    assert!(verilink.persona_signature.is_empty() && !verilink.signature.is_empty());

    let updated = client
        .webhooks()
        .update_webhook(pb::UpdateWebhookRequest {
            webhook: Some(pb::Webhook {
                id: webhook.id.clone(),
                format: pb::WebhookFormat::Persona as i32,
                ..Default::default()
            }),
            update_mask: Some(prost_types::FieldMask {
                paths: vec!["format".into()],
            }),
        })
        .await
        .expect("update")
        .into_inner()
        .webhook
        .expect("webhook");
    assert_eq!(updated.format, pb::WebhookFormat::Persona as i32);
    assert_eq!(updated.url, url, "only the format changed");
    crate::common::create_inquiry(&client, &org.sandbox_template, "v").await;
    dispatcher.run_once().await.expect("dispatch");
    let persona = receiver.received().pop().expect("delivery");
    let body: Value = serde_json::from_slice(&persona.body).expect("JSON");
    assert_eq!(body["data"]["attributes"]["name"], "inquiry.created");
    assert!(persona_verifies(&persona, &created.secret));
}
