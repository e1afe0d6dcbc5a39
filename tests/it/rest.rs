//! The REST/JSON gateway over plain HTTP against the real server: the clients' contract
//! scenario, every route of the contract, the Google JSON error model and Server-Sent Events.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use crate::common::{Limits, TestServer, PATIENCE};

/// A plain HTTP JSON client of one server, with an optional credential.
#[derive(Clone)]
pub struct Rest {
    base: String,
    http: reqwest::Client,
    credential: Option<String>,
}

/// An answer: status, headers and the JSON body (`Null` when empty or not JSON).
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub json: Value,
    pub text: String,
}

impl Rest {
    pub fn new(server: &TestServer, credential: Option<&str>) -> Self {
        Rest {
            base: server.http.clone(),
            http: reqwest::Client::new(),
            credential: credential.map(str::to_owned),
        }
    }

    pub fn with(&self, credential: Option<&str>) -> Self {
        Rest {
            credential: credential.map(str::to_owned),
            ..self.clone()
        }
    }

    /// `method target` with a raw body and extra headers.
    pub async fn send(
        &self,
        method: &str,
        target: &str,
        body: Option<&str>,
        headers: &[(&str, &str)],
    ) -> Reply {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut request = self.http.request(method, format!("{}{target}", self.base));
        if let Some(credential) = &self.credential {
            request = request.header("authorization", format!("Bearer {credential}"));
        }
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body.to_owned());
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = tokio::time::timeout(PATIENCE, request.send())
            .await
            .expect("answered")
            .expect("HTTP request");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.expect("body");
        Reply {
            status,
            headers,
            json: serde_json::from_str(&text).unwrap_or(Value::Null),
            text,
        }
    }

    pub async fn get(&self, target: &str) -> Reply {
        self.send("GET", target, None, &[]).await
    }

    pub async fn post(&self, target: &str, body: Value) -> Reply {
        self.send("POST", target, Some(&body.to_string()), &[])
            .await
    }
}

impl Reply {
    /// The body of a 200, or a failure naming what came instead.
    #[track_caller]
    pub fn ok(self) -> Value {
        assert_eq!(self.status, 200, "{}", self.text);
        assert_eq!(
            self.headers["content-type"], "application/json",
            "{}",
            self.text
        );
        self.json
    }

    /// Asserts an error in Google's JSON error model: HTTP status, code name, ErrorInfo reason.
    #[track_caller]
    pub fn error(&self, http: u16, status: &str, reason: &str) -> &Value {
        assert_eq!(self.status, http, "{}", self.text);
        let error = &self.json["error"];
        assert_eq!(error["code"], http, "{}", self.text);
        assert_eq!(error["status"], status, "{}", self.text);
        assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()));
        let info = detail(error, "google.rpc.ErrorInfo").expect("an ErrorInfo detail");
        assert_eq!(info["reason"], reason, "{}", self.text);
        assert_eq!(info["domain"], "verilink.dev");
        error
    }
}

/// The detail of an error with this `@type` (`type.googleapis.com/<name>`).
pub fn detail<'a>(error: &'a Value, name: &str) -> Option<&'a Value> {
    let wanted = format!("type.googleapis.com/{name}");
    error["details"]
        .as_array()?
        .iter()
        .find(|d| d["@type"] == wanted.as_str())
}

/// The fields a BadRequest detail names.
pub fn violated(error: &Value) -> Vec<String> {
    detail(error, "google.rpc.BadRequest")
        .and_then(|b| b["fieldViolations"].as_array())
        .map(|vs| {
            vs.iter()
                .filter_map(|v| v["field"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn str_of<'a>(value: &'a Value, pointer: &str) -> &'a str {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no string at {pointer} in {value}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_contract_scenario_runs_over_plain_http_json() {
    let server = TestServer::start().await;
    let org = server.org("rest-scenario").await;
    let api = Rest::new(&server, Some(&org.sandbox_key));

    // Templates: create one, and find the bootstrap one by listing.
    let template = api
        .post("/v1/inquiryTemplates", json!({"name": "Age check"}))
        .await
        .ok();
    let template_id = str_of(&template, "/inquiryTemplate/id").to_owned();
    assert!(template_id.starts_with("itmpl_"));
    let templates = api.get("/v1/inquiryTemplates").await.ok();
    let names: Vec<&str> = templates["inquiryTemplates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"KYC") && names.contains(&"Age check"),
        "{names:?}"
    );

    // An inquiry with a link, idempotently: the replay is the same answer, no second inquiry.
    let body = json!({
        "inquiryTemplateId": template_id,
        "reference_id": "user-42",
        "fields": {"name_first": {"stringValue": "Ada"}, "birthdate": {"dateValue": {"year": 1990, "month": 12, "day": 10}}},
        "expireAfterCreate": "7200s",
    })
    .to_string();
    let key = [("idempotency-key", "rest-scenario-create-1")];
    let target = "/v1/inquiries?createOneTimeLink=true";
    let created = api.send("POST", target, Some(&body), &key).await.ok();
    let replayed = api.send("POST", target, Some(&body), &key).await.ok();
    assert_eq!(created, replayed, "the replay answers the stored response");
    let inquiry_id = str_of(&created, "/inquiry/id").to_owned();
    assert_eq!(created["inquiry"]["status"], "INQUIRY_STATUS_CREATED");
    assert_eq!(created["inquiry"]["expireAfterCreate"], "7200s");
    assert_eq!(
        created["inquiry"]["fields"]["name_first"]["stringValue"],
        "Ada"
    );
    assert!(created["inquiry"]["createTime"]
        .as_str()
        .is_some_and(|t| t.ends_with('Z')));
    let code = str_of(&created, "/oneTimeLink/code").to_owned();
    assert!(str_of(&created, "/oneTimeLink/url").contains(&code));
    let other = body.replace("user-42", "user-43");
    api.send("POST", target, Some(&other), &key).await.error(
        400,
        "INVALID_ARGUMENT",
        "IDEMPOTENCY_KEY_REUSED",
    );
    let listed = api.get("/v1/inquiries?referenceId=user-42").await.ok();
    assert_eq!(listed["inquiries"].as_array().unwrap().len(), 1);

    // The end user: redeem without a credential, read the session, submit.
    let anonymous = api.with(None);
    let redeemed = anonymous
        .post("/v1/oneTimeLinks:redeem", json!({"code": code}))
        .await
        .ok();
    let token = str_of(&redeemed, "/sessionToken").to_owned();
    assert!(token.starts_with("vls_"));
    assert_eq!(redeemed["session"]["inquiryId"], inquiry_id.as_str());
    anonymous
        .post("/v1/oneTimeLinks:redeem", json!({"code": code}))
        .await
        .error(400, "FAILED_PRECONDITION", "LINK_ALREADY_USED");
    let end_user = api.with(Some(&token));
    let current = end_user.get("/v1/sessions:current").await.ok();
    assert_eq!(current["inquiryStatus"], "INQUIRY_STATUS_PENDING");
    assert_eq!(current["inquiryTemplateName"], "Age check");
    let submitted = end_user
        .post(
            "/v1/sessions:submit",
            json!({"sandbox_outcome": "SANDBOX_OUTCOME_PASS"}),
        )
        .await
        .ok();
    assert_eq!(submitted["inquiryStatus"], "INQUIRY_STATUS_COMPLETED");
    let got = api.get(&format!("/v1/inquiries/{inquiry_id}")).await.ok();
    assert_eq!(got["inquiry"]["status"], "INQUIRY_STATUS_COMPLETED");
    let approved = api
        .post(
            &format!("/v1/inquiries/{inquiry_id}:approve"),
            json!({"comment": "looks right"}),
        )
        .await
        .ok();
    assert_eq!(approved["inquiry"]["status"], "INQUIRY_STATUS_APPROVED");
    assert_eq!(approved["inquiry"]["reviewerComment"], "looks right");

    // Errors, as the clients see them.
    let bad = api.get("/v1/inquiries/bogus").await;
    assert_eq!(
        violated(bad.error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT")),
        ["id"]
    );
    api.get("/v1/inquiries/inq_000000000000000000000000")
        .await
        .error(404, "NOT_FOUND", "INQUIRY_NOT_FOUND");
    api.with(Some(&format!("vlk_sandbox_{}", "A".repeat(32))))
        .get("/v1/inquiryTemplates")
        .await
        .error(401, "UNAUTHENTICATED", "API_KEY_INVALID");
    end_user.get("/v1/inquiryTemplates").await.error(
        401,
        "UNAUTHENTICATED",
        "SESSION_TOKEN_NOT_ALLOWED",
    );

    // Pagination: 5 inquiries of one reference, 2 a page, newest first, both spellings.
    for _ in 0..5 {
        api.post(
            "/v1/inquiries",
            json!({"inquiryTemplateId": template_id, "referenceId": "paged"}),
        )
        .await
        .ok();
    }
    let mut seen = Vec::new();
    let mut token = String::new();
    for page in 0.. {
        let target = format!("/v1/inquiries?referenceId=paged&page_size=2&pageToken={token}");
        let listed = api.get(&target).await.ok();
        let inquiries = listed["inquiries"].as_array().unwrap();
        assert!(inquiries.len() <= 2, "page {page}: {listed}");
        seen.extend(
            inquiries
                .iter()
                .map(|i| i["id"].as_str().unwrap().to_owned()),
        );
        token = str_of(&listed, "/nextPageToken").to_owned();
        if token.is_empty() {
            break;
        }
        assert!(page < 3, "more pages than inquiries");
    }
    assert_eq!(seen.len(), 5);
    assert_eq!(seen.iter().collect::<BTreeSet<_>>().len(), 5, "no repeats");
    api.get("/v1/inquiries?referenceId=other&pageSize=2&pageToken=x")
        .await
        .error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT");
}

/// Calls routes by their templates, and remembers which were called.
struct Tour {
    api: Rest,
    visited: BTreeSet<(String, String)>,
}

impl Tour {
    /// `method template` with `{field}`s replaced by `values` in order; answers a 200's JSON.
    async fn call(
        &mut self,
        as_: &Rest,
        method: &str,
        template: &str,
        values: &[&str],
        query: &str,
        body: Option<Value>,
    ) -> Value {
        self.visited
            .insert((method.to_owned(), template.to_owned()));
        let mut path = String::new();
        let mut rest = template;
        let mut values = values.iter();
        while let Some(open) = rest.find('{') {
            let close = rest[open..].find('}').expect("closing brace") + open;
            path.push_str(&rest[..open]);
            path.push_str(values.next().expect("a value for every variable"));
            rest = &rest[close + 1..];
        }
        path.push_str(rest);
        path.push_str(query);
        let body = body.map(|b| b.to_string());
        let reply = as_.send(method, &path, body.as_deref(), &[]).await;
        assert_eq!(reply.status, 200, "{method} {path}: {}", reply.text);
        reply.json
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_of_the_contract_reaches_its_rpc() {
    let server = TestServer::start().await;
    let org = server.org("rest-routes").await;
    let api = Rest::new(&server, Some(&org.sandbox_key));
    let anonymous = api.with(None);
    let mut tour = Tour {
        api: api.clone(),
        visited: BTreeSet::new(),
    };
    let a = tour.api.clone();

    // Templates.
    let t = tour
        .call(
            &a,
            "POST",
            "/v1/inquiryTemplates",
            &[],
            "",
            Some(json!({"name": "Tour"})),
        )
        .await;
    let template = str_of(&t, "/inquiryTemplate/id").to_owned();
    let got = tour
        .call(
            &a,
            "GET",
            "/v1/inquiryTemplates/{id}",
            &[&template],
            "",
            None,
        )
        .await;
    assert_eq!(got["inquiryTemplate"]["name"], "Tour");
    let listed = tour
        .call(&a, "GET", "/v1/inquiryTemplates", &[], "?pageSize=1", None)
        .await;
    assert_eq!(listed["inquiryTemplates"].as_array().unwrap().len(), 1);
    let updated = tour
        .call(
            &a,
            "PATCH",
            "/v1/inquiryTemplates/{inquiry_template.id}",
            &[&template],
            "?updateMask=name,autoApprove",
            Some(json!({"name": "Tour 2", "autoApprove": false})),
        )
        .await;
    assert_eq!(updated["inquiryTemplate"]["name"], "Tour 2");

    // Inquiries and their tags.
    let created = tour
        .call(
            &a,
            "POST",
            "/v1/inquiries",
            &[],
            "",
            Some(json!({"inquiryTemplateId": template, "tags": ["a"]})),
        )
        .await;
    let inquiry = str_of(&created, "/inquiry/id").to_owned();
    let i = inquiry.as_str();
    let got = tour
        .call(&a, "GET", "/v1/inquiries/{id}", &[i], "", None)
        .await;
    assert_eq!(got["inquiry"]["id"], i);
    let listed = tour
        .call(
            &a,
            "GET",
            "/v1/inquiries",
            &[],
            "?status=INQUIRY_STATUS_CREATED&tag=a",
            None,
        )
        .await;
    assert_eq!(listed["inquiries"][0]["id"], i);
    let updated = tour
        .call(
            &a,
            "PATCH",
            "/v1/inquiries/{inquiry.id}",
            &[i],
            "?updateMask=note",
            Some(json!({"note": "hello"})),
        )
        .await;
    assert_eq!(updated["inquiry"]["note"], "hello");
    let tagged = tour
        .call(
            &a,
            "POST",
            "/v1/inquiries/{id}:addTag",
            &[i],
            "",
            Some(json!({"tag": "b"})),
        )
        .await;
    assert_eq!(tagged["inquiry"]["tags"], json!(["a", "b"]));
    let untagged = tour
        .call(
            &a,
            "POST",
            "/v1/inquiries/{id}:removeTag",
            &[i],
            "",
            Some(json!({"tag": "a"})),
        )
        .await;
    assert_eq!(untagged["inquiry"]["tags"], json!(["b"]));
    let set = tour
        .call(
            &a,
            "POST",
            "/v1/inquiries/{id}:setTags",
            &[i],
            "",
            Some(json!({"tags": ["c"]})),
        )
        .await;
    assert_eq!(set["inquiry"]["tags"], json!(["c"]));

    // Links: generate, read, list, revoke, generate again and redeem.
    let links = "/v1/inquiries/{inquiry_id}/oneTimeLinks";
    let first = tour
        .call(
            &a,
            "POST",
            links,
            &[i],
            "",
            Some(json!({"expiresIn": "600s"})),
        )
        .await;
    let link = str_of(&first, "/oneTimeLink/id").to_owned();
    let got = tour
        .call(&a, "GET", "/v1/oneTimeLinks/{id}", &[&link], "", None)
        .await;
    assert_eq!(got["oneTimeLink"]["status"], "ONE_TIME_LINK_STATUS_PENDING");
    let listed = tour.call(&a, "GET", links, &[i], "", None).await;
    assert_eq!(listed["oneTimeLinks"].as_array().unwrap().len(), 1);
    let revoked = tour
        .call(
            &a,
            "POST",
            "/v1/oneTimeLinks/{id}:revoke",
            &[&link],
            "",
            None,
        )
        .await;
    assert_eq!(
        revoked["oneTimeLink"]["status"],
        "ONE_TIME_LINK_STATUS_REVOKED"
    );
    let resent = tour
        .call(
            &a,
            "POST",
            "/v1/oneTimeLinks/{id}:resend",
            &[&link],
            "",
            Some(json!({"recipientEmail": "alexander@example.com"})),
        )
        .await;
    assert_eq!(
        resent["oneTimeLink"]["emailDelivery"]["recipient"],
        "alexander@example.com"
    );
    let second = tour
        .call(
            &a,
            "POST",
            links,
            &[i],
            "",
            Some(json!({"includeQrCode": true})),
        )
        .await;
    assert!(str_of(&second, "/qrCodeDataUrl").starts_with("data:image/png;base64,"));
    let redeemed = tour
        .call(
            &anonymous,
            "POST",
            "/v1/oneTimeLinks:redeem",
            &[],
            "",
            Some(json!({"code": second["code"], "userAgent": "tour"})),
        )
        .await;
    let session = str_of(&redeemed, "/session/id").to_owned();

    // Sessions.
    let end_user = api.with(Some(str_of(&redeemed, "/sessionToken")));
    let current = tour
        .call(&end_user, "GET", "/v1/sessions:current", &[], "", None)
        .await;
    assert_eq!(current["session"]["id"], session.as_str());
    let got = tour
        .call(&a, "GET", "/v1/sessions/{id}", &[&session], "", None)
        .await;
    assert_eq!(got["session"]["status"], "SESSION_STATUS_ACTIVE");
    let listed = tour
        .call(
            &a,
            "GET",
            "/v1/inquiries/{inquiry_id}/sessions",
            &[i],
            "",
            None,
        )
        .await;
    assert_eq!(listed["sessions"].as_array().unwrap().len(), 1);
    let expired = tour
        .call(
            &a,
            "POST",
            "/v1/sessions/{id}:expire",
            &[&session],
            "",
            None,
        )
        .await;
    assert_eq!(expired["session"]["status"], "SESSION_STATUS_EXPIRED");
    let resumed = tour
        .call(&a, "POST", "/v1/inquiries/{id}:resume", &[i], "", None)
        .await;
    let resumed_user = api.with(Some(str_of(&resumed, "/sessionToken")));
    let submitted = tour
        .call(
            &resumed_user,
            "POST",
            "/v1/sessions:submit",
            &[],
            "",
            Some(json!({"sandboxOutcome": "SANDBOX_OUTCOME_FAIL"})),
        )
        .await;
    assert_eq!(submitted["inquiryStatus"], "INQUIRY_STATUS_FAILED");
    let reviewed = tour
        .call(
            &a,
            "POST",
            "/v1/inquiries/{id}:markForReview",
            &[i],
            "",
            None,
        )
        .await;
    assert_eq!(reviewed["inquiry"]["status"], "INQUIRY_STATUS_NEEDS_REVIEW");
    let approved = tour
        .call(&a, "POST", "/v1/inquiries/{id}:approve", &[i], "", None)
        .await;
    assert_eq!(approved["inquiry"]["status"], "INQUIRY_STATUS_APPROVED");

    // A second inquiry: simulate, expire all sessions, expire, decline is refused after.
    let other = tour_inquiry(&a, &template).await;
    let o = other.as_str();
    let started = tour
        .call(
            &a,
            "POST",
            "/v1/inquiries/{id}:simulate",
            &[o],
            "",
            Some(json!({"action": "SIMULATED_INQUIRY_ACTION_START"})),
        )
        .await;
    assert_eq!(started["inquiry"]["status"], "INQUIRY_STATUS_PENDING");
    tour.call(
        &a,
        "POST",
        "/v1/inquiries/{inquiry_id}/sessions:expireAll",
        &[o],
        "",
        None,
    )
    .await;
    let expired = tour
        .call(&a, "POST", "/v1/inquiries/{id}:expire", &[o], "", None)
        .await;
    assert_eq!(expired["inquiry"]["status"], "INQUIRY_STATUS_EXPIRED");
    let third = tour_inquiry(&a, &template).await;
    let declined = tour
        .call(
            &a,
            "POST",
            "/v1/inquiries/{id}:decline",
            &[&third],
            "",
            None,
        )
        .await;
    assert_eq!(declined["inquiry"]["status"], "INQUIRY_STATUS_DECLINED");
    let exported = tour
        .call(&a, "GET", "/v1/inquiries/{id}:export", &[i], "", None)
        .await;
    let document: Value = serde_json::from_str(str_of(&exported, "/documentJson")).unwrap();
    assert_eq!(document["inquiry"]["id"], i);

    // Webhooks.
    let created = tour
        .call(
            &a,
            "POST",
            "/v1/webhooks",
            &[],
            "",
            Some(json!({"url": "https://hooks.example.com/verilink", "enabledEvents": ["*"]})),
        )
        .await;
    assert!(str_of(&created, "/secret").starts_with("whsec_"));
    let webhook = str_of(&created, "/webhook/id").to_owned();
    let w = webhook.as_str();
    tour.call(&a, "GET", "/v1/webhooks/{id}", &[w], "", None)
        .await;
    let listed = tour.call(&a, "GET", "/v1/webhooks", &[], "", None).await;
    assert_eq!(listed["webhooks"][0]["id"], w);
    let updated = tour
        .call(
            &a,
            "PATCH",
            "/v1/webhooks/{webhook.id}",
            &[w],
            "?updateMask=enabledEvents",
            Some(json!({"enabledEvents": ["inquiry.approved"]})),
        )
        .await;
    assert_eq!(
        updated["webhook"]["enabledEvents"],
        json!(["inquiry.approved"])
    );
    let rotated = tour
        .call(
            &a,
            "POST",
            "/v1/webhooks/{id}:rotateSecret",
            &[w],
            "",
            Some(json!({"gracePeriod": "3600s"})),
        )
        .await;
    assert!(str_of(&rotated, "/secret").starts_with("whsec_"));
    let event = exported_event(&exported);
    let redelivered = tour
        .call(
            &a,
            "POST",
            "/v1/webhooks/{webhook_id}:redeliverEvent",
            &[w],
            "",
            Some(json!({"eventId": event})),
        )
        .await;
    assert_eq!(redelivered["webhookDelivery"]["webhookId"], w);
    let by_webhook = tour
        .call(
            &a,
            "GET",
            "/v1/webhooks/{webhook_id}/deliveries",
            &[w],
            "",
            None,
        )
        .await;
    assert_eq!(by_webhook["webhookDeliveries"].as_array().unwrap().len(), 1);
    let by_inquiry = tour
        .call(
            &a,
            "GET",
            "/v1/inquiries/{inquiry_id}/webhookDeliveries",
            &[i],
            "",
            None,
        )
        .await;
    assert_eq!(by_inquiry["webhookDeliveries"].as_array().unwrap().len(), 1);
    tour.call(&a, "DELETE", "/v1/webhooks/{id}", &[w], "", None)
        .await;

    // The audit log has every change of the tour so far, with its actor.
    let audit = tour
        .call(
            &a,
            "GET",
            "/v1/auditEvents",
            &[],
            &format!("?inquiryId={i}&eventName=inquiry.created"),
            None,
        )
        .await;
    assert_eq!(audit["events"][0]["inquiryId"], i);
    assert_eq!(audit["events"][0]["actor"]["kind"], "ACTOR_KIND_API_KEY");

    // Redaction ends the story; the watch then replays every event and closes.
    let redacted = tour
        .call(&a, "POST", "/v1/inquiries/{id}:redact", &[i], "", None)
        .await;
    assert!(redacted["inquiry"]["redactTime"].is_string());
    tour.visited
        .insert(("GET".into(), "/v1/inquiries/{inquiry_id}:watch".into()));
    let events = read_events(&a, &format!("/v1/inquiries/{i}:watch"), &[], None).await;
    assert_eq!(
        events.last().map(|e| e.name.as_str()),
        Some("inquiry.redacted")
    );
    let archived = tour
        .call(
            &a,
            "POST",
            "/v1/inquiryTemplates/{id}:archive",
            &[&template],
            "",
            None,
        )
        .await;
    assert!(archived["inquiryTemplate"]["archiveTime"].is_string());

    let table = verilink::http::gateway::routes::RouteTable::from_pool(
        verilink::contract::json::pool().unwrap(),
    )
    .unwrap();
    let all: BTreeSet<(String, String)> = table
        .routes()
        .iter()
        .map(|r| (r.http_method.to_string(), r.template.clone()))
        .collect();
    let missed: Vec<_> = all.difference(&tour.visited).collect();
    assert!(
        missed.is_empty(),
        "routes the tour did not call: {missed:?}"
    );
    assert_eq!(
        tour.visited.len(),
        all.len(),
        "the tour called only real routes"
    );
}

async fn tour_inquiry(api: &Rest, template: &str) -> String {
    let created = api
        .post("/v1/inquiries", json!({"inquiryTemplateId": template}))
        .await
        .ok();
    str_of(&created, "/inquiry/id").to_owned()
}

/// The first event ID of an export document.
fn exported_event(exported: &Value) -> Value {
    let document: Value = serde_json::from_str(str_of(exported, "/documentJson")).unwrap();
    document["events"][0]["id"].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_follow_the_google_json_error_model_and_are_never_500() {
    let server = TestServer::start().await;
    let org = server.org("rest-errors").await;
    let api = Rest::new(&server, Some(&org.sandbox_key));
    let inquiry = tour_inquiry(&api, &org.sandbox_template).await;
    let approve = format!("/v1/inquiries/{inquiry}:approve");

    let malformed = api
        .send("POST", &approve, Some("{\"comment\": "), &[])
        .await;
    let error = malformed.error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT");
    assert_eq!(violated(error), ["body"]);
    assert!(error["message"]
        .as_str()
        .unwrap()
        .contains("malformed JSON"));
    let unknown = api
        .send(
            "POST",
            &approve,
            Some(r#"{"comment": "x", "colour": "red"}"#),
            &[],
        )
        .await;
    let error = unknown.error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT");
    assert!(
        error["message"].as_str().unwrap().contains("colour"),
        "{error}"
    );
    let wrong_type = api
        .send("POST", "/v1/inquiries", Some(r#"{"tags": [1]}"#), &[])
        .await;
    let error = wrong_type.error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT");
    assert_eq!(violated(error), ["inquiry.tags[0]"]);
    let bad_enum = api
        .get("/v1/inquiries?status=INQUIRY_STATUS_SLEEPING")
        .await;
    assert_eq!(
        violated(bad_enum.error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT")),
        ["status"]
    );
    let bad_time = api.get("/v1/inquiries?createTimeAfter=yesterday").await;
    assert_eq!(
        violated(bad_time.error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT")),
        ["createTimeAfter"]
    );
    let negative = api.get("/v1/inquiries?pageSize=-1").await;
    negative.error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT");

    let missing = api.get("/v1/inquiries/x/y/z").await;
    missing.error(404, "NOT_FOUND", "ROUTE_NOT_FOUND");
    let verb = api
        .post(&format!("/v1/inquiries/{inquiry}:dance"), json!({}))
        .await;
    verb.error(404, "NOT_FOUND", "ROUTE_NOT_FOUND");
    let wrong_method = api
        .send("DELETE", &format!("/v1/inquiries/{inquiry}"), None, &[])
        .await;
    wrong_method.error(405, "UNIMPLEMENTED", "METHOD_NOT_ALLOWED");
    assert_eq!(wrong_method.headers["allow"], "GET, PATCH");

    api.with(None)
        .get("/v1/inquiries")
        .await
        .error(401, "UNAUTHENTICATED", "CREDENTIALS_MISSING");
    api.post(&approve, json!({})).await.ok();
    api.post(&approve, json!({}))
        .await
        .error(400, "FAILED_PRECONDITION", "INQUIRY_DECIDED");
    let huge = format!("{{\"comment\": \"{}\"}}", "x".repeat(5 * 1024 * 1024));
    api.send("POST", &approve, Some(&huge), &[]).await.error(
        413,
        "INVALID_ARGUMENT",
        "REQUEST_TOO_LARGE",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttled_calls_answer_429_with_retry_after() {
    let server = TestServer::start_limited(Limits {
        calls_per_key_per_minute: 2,
        ..Limits::default()
    })
    .await;
    let org = server.org("rest-throttle").await;
    let api = Rest::new(&server, Some(&org.sandbox_key));
    api.get("/v1/inquiries").await.ok();
    api.get("/v1/inquiries").await.ok();
    let throttled = api.get("/v1/inquiries").await;
    let error = throttled.error(429, "RESOURCE_EXHAUSTED", "RATE_LIMITED");
    let retry = detail(error, "google.rpc.RetryInfo").expect("RetryInfo");
    let delay = retry["retryDelay"].as_str().expect("a Duration string");
    let seconds: f64 = delay.trim_end_matches('s').parse().expect("seconds");
    let header: f64 = throttled.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .expect("whole seconds");
    assert!(seconds > 0.0 && seconds <= 60.0, "{delay}");
    assert_eq!(header, seconds.ceil(), "Retry-After rounds RetryInfo up");
}

/// One Server-Sent Event of a watch.
#[derive(Debug)]
pub struct WatchEvent {
    pub id: String,
    pub name: String,
}

/// Reads a watch's events until the stream closes, or until `count` arrived.
pub async fn read_events(
    api: &Rest,
    target: &str,
    headers: &[(&str, &str)],
    count: Option<usize>,
) -> Vec<WatchEvent> {
    read_events_telling(api, target, headers, count, None).await
}

/// [`read_events`], sending on `first` once the first event arrived (the stream is open).
pub async fn read_events_telling(
    api: &Rest,
    target: &str,
    headers: &[(&str, &str)],
    count: Option<usize>,
    mut first: Option<tokio::sync::oneshot::Sender<()>>,
) -> Vec<WatchEvent> {
    let mut request = api
        .http
        .get(format!("{}{target}", api.base))
        .header("accept", "text/event-stream");
    if let Some(credential) = &api.credential {
        request = request.header("authorization", format!("Bearer {credential}"));
    }
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let mut response = request.send().await.expect("watch");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    let mut buffer = String::new();
    let mut events = Vec::new();
    let reading = async {
        while count.is_none_or(|n| events.len() < n) {
            let Some(chunk) = response.chunk().await.expect("stream chunk") else {
                break;
            };
            buffer.push_str(std::str::from_utf8(&chunk).expect("UTF-8"));
            while let Some(end) = buffer.find("\n\n") {
                let block: String = buffer.drain(..end + 2).collect();
                if let Some(event) = parse_event(&block) {
                    events.push(event);
                    if let Some(first) = first.take() {
                        let _ = first.send(());
                    }
                }
            }
        }
    };
    tokio::time::timeout(PATIENCE, reading)
        .await
        .expect("the events");
    events
}

fn parse_event(block: &str) -> Option<WatchEvent> {
    let mut id = None;
    let mut data = None;
    for line in block.lines() {
        if let Some(value) = line.strip_prefix("id:") {
            id = Some(value.trim().to_owned());
        } else if let Some(value) = line.strip_prefix("data:") {
            data = Some(value.trim().to_owned());
        } else if line.starts_with("event:") {
            panic!("an error event: {block}");
        }
    }
    let data: Value = serde_json::from_str(&data?).expect("JSON data");
    let id = id.expect("every event has an id");
    assert_eq!(data["event"]["id"], id.as_str(), "id: is the event's ID");
    Some(WatchEvent {
        id,
        name: data["event"]["name"].as_str().expect("name").to_owned(),
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watch_streams_server_sent_events_and_resumes_with_last_event_id() {
    let server = TestServer::start().await;
    let org = server.org("rest-watch").await;
    let api = Rest::new(&server, Some(&org.sandbox_key));
    let inquiry = tour_inquiry(&api, &org.sandbox_template).await;
    let watch = format!("/v1/inquiries/{inquiry}:watch");

    // Live: the replay, then a change made while watching (once the replay's first event
    // arrived, so the stream is open).
    let (opened, open) = tokio::sync::oneshot::channel();
    let watcher = {
        let (api, watch) = (api.clone(), watch.clone());
        tokio::spawn(
            async move { read_events_telling(&api, &watch, &[], Some(3), Some(opened)).await },
        )
    };
    tokio::time::timeout(PATIENCE, open)
        .await
        .expect("the stream opens")
        .expect("the watcher reads");
    api.post(
        &format!("/v1/inquiries/{inquiry}:addTag"),
        json!({"tag": "x"}),
    )
    .await
    .ok();
    api.post(&format!("/v1/inquiries/{inquiry}:approve"), json!({}))
        .await
        .ok();
    let live = watcher.await.expect("watcher");
    let names: Vec<&str> = live.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "inquiry.created",
            "inquiry.tags-updated",
            "inquiry.approved"
        ]
    );

    // Resuming: Last-Event-ID wins over the query parameter of the first request.
    api.post(&format!("/v1/inquiries/{inquiry}:redact"), json!({}))
        .await
        .ok();
    let first = live[0].id.clone();
    let resumed = read_events(
        &api,
        &format!("{watch}?afterEventId={first}"),
        &[("last-event-id", &live[1].id)],
        None,
    )
    .await;
    let names: Vec<&str> = resumed.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["inquiry.approved", "inquiry.redacted"]);
    let by_query = read_events(&api, &format!("{watch}?after_event_id={first}"), &[], None).await;
    assert_eq!(by_query.len(), 3);

    // Failing before the stream starts is a plain JSON error.
    api.get("/v1/inquiries/inq_000000000000000000000000:watch")
        .await
        .error(404, "NOT_FOUND", "INQUIRY_NOT_FOUND");
}
