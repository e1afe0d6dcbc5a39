//! Who did it: every event records its actor (an API key, an end user, the service), read back
//! through gRPC, REST, server-sent events, webhooks and the export; request IDs; and events
//! that the application's role cannot rewrite.

use chrono::TimeDelta;
use diesel::RunQueryDsl;
use serde_json::Value;
use tonic::metadata::MetadataValue;
use verilink_client::{pb, VerilinkClient};

use crate::common::{redeem, ClockExt, TestServer};
use crate::receiver::Receiver;
use crate::rest::Rest;

/// A second named key of the organization `org` (sandbox): its ID and secret.
async fn named_key(server: &TestServer, org: &str, name: &str) -> (String, String) {
    let (url, org, name) = (server.db.url.clone(), org.to_owned(), name.to_owned());
    let now = verilink::clock::Clock::now(&*server.clock);
    tokio::task::spawn_blocking(move || {
        use diesel::Connection;
        use verilink::store::tenancy;
        let mut conn = diesel::PgConnection::establish(&url).expect("connect");
        let org = tenancy::find_organization(&mut conn, &org).expect("org");
        let env = verilink::domain::tenant::Environment::Sandbox;
        let (row, key) = tenancy::create_api_key(&mut conn, &org.id, env, &name, now).expect("key");
        (row.id, key.secret)
    })
    .await
    .expect("key task")
}

/// `message` with a request ID (and an idempotency key, when given) in its metadata.
fn traced<T>(message: T, request_id: &str, idempotency_key: Option<&str>) -> tonic::Request<T> {
    let mut request = tonic::Request::new(message);
    let metadata = request.metadata_mut();
    metadata.insert(
        "x-request-id",
        MetadataValue::try_from(request_id).expect("ASCII"),
    );
    if let Some(key) = idempotency_key {
        metadata.insert(
            "idempotency-key",
            MetadataValue::try_from(key).expect("ASCII"),
        );
    }
    request
}

/// Every event of an inquiry, replayed by WatchInquiry from its first.
async fn watched(client: &VerilinkClient, inquiry_id: &str, count: usize) -> Vec<pb::Event> {
    let mut stream = client
        .inquiries()
        .watch_inquiry(pb::WatchInquiryRequest {
            inquiry_id: inquiry_id.into(),
            after_event_id: String::new(),
        })
        .await
        .expect("watch")
        .into_inner();
    let mut events = Vec::new();
    while events.len() < count {
        let message = tokio::time::timeout(std::time::Duration::from_secs(60), stream.message())
            .await
            .expect("the replay comes (a bound against a hang)")
            .expect("stream ok")
            .expect("stream open");
        events.push(message.event.expect("event"));
    }
    events
}

/// The actor as (kind, id, display name, client IP).
type Who = (pb::ActorKind, String, String, String);

fn who(actor: Option<&pb::Actor>) -> Who {
    let a = actor.expect("every event has an actor");
    (
        a.kind(),
        a.id.clone(),
        a.display_name.clone(),
        a.client_ip.clone(),
    )
}

fn sha256_hex(text: &str) -> String {
    hex::encode(verilink::domain::secrets::digest(text))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_event_names_who_caused_it_on_every_transport() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let (reviewer_id, reviewer_key) = named_key(&server, "acme", "reviewer-bot").await;
    let reviewer = server.client(&reviewer_key).await;
    let receiver = Receiver::default();
    let hook_url = receiver.serve().await;
    client
        .webhooks()
        .create_webhook(pb::CreateWebhookRequest {
            webhook: Some(pb::Webhook {
                url: hook_url,
                enabled_events: vec!["*".into()],
                ..Default::default()
            }),
        })
        .await
        .expect("webhook");

    // The backend's key creates the inquiry with a link, tracing the call.
    let created = client
        .inquiries()
        .create_inquiry(traced(
            pb::CreateInquiryRequest {
                inquiry: Some(pb::Inquiry {
                    inquiry_template_id: org.sandbox_template.clone(),
                    reference_id: "user-1".into(),
                    ..Default::default()
                }),
                create_one_time_link: true,
                ..Default::default()
            },
            "ticket-4711",
            Some("create-user-1"),
        ))
        .await
        .expect("create");
    assert_eq!(
        created
            .metadata()
            .get("x-request-id")
            .map(|v| v.to_str().expect("ASCII")),
        Some("ticket-4711"),
        "the answer carries the call's request ID"
    );
    let created = created.into_inner();
    let inquiry = created.inquiry.expect("inquiry");
    let code = created.one_time_link.expect("a link").code;

    // The end user redeems; the reviewer's key approves; a second link expires unused.
    let session = redeem(&server.addr, &code).await.expect("redeem");
    let session_id = session.session.expect("session").id;
    reviewer
        .inquiries()
        .approve_inquiry(traced(
            pb::ApproveInquiryRequest {
                id: inquiry.id.clone(),
                ..Default::default()
            },
            "review-1",
            None,
        ))
        .await
        .expect("approve");

    let names = crate::common::event_names(&server, &inquiry.id).await;
    let events = watched(&client, &inquiry.id, names.len()).await;
    let seen: Vec<(String, Who, String)> = events
        .iter()
        .map(|e| {
            let request_id = e.actor.as_ref().map(|a| a.request_id.clone());
            (
                e.name.clone(),
                who(e.actor.as_ref()),
                request_id.unwrap_or_default(),
            )
        })
        .collect();
    // The redemption sent no request ID: the server made one, the same for its three events.
    let redemption_request = seen[2].2.clone();
    assert_eq!(redemption_request.len(), 32, "{seen:?}");
    let backend = |name: &str| {
        (
            name.to_owned(),
            (
                pb::ActorKind::ApiKey,
                org.sandbox_key_id.clone(),
                "backend".to_owned(),
                "127.0.0.1".to_owned(),
            ),
            "ticket-4711".to_owned(),
        )
    };
    let end_user = |name: &str| {
        (
            name.to_owned(),
            (
                pb::ActorKind::EndUser,
                session_id.clone(),
                String::new(),
                "203.0.113.7".to_owned(),
            ),
            redemption_request.clone(),
        )
    };
    let mut expected = vec![
        backend("inquiry.created"),
        backend("one-time-link.created"),
        end_user("one-time-link.consumed"),
        end_user("inquiry-session.started"),
        end_user("inquiry.started"),
    ];
    // Approval ends the end user's access: its session expires as part of the decision.
    for name in &names[5..] {
        expected.push((
            name.clone(),
            (
                pb::ActorKind::ApiKey,
                reviewer_id.clone(),
                "reviewer-bot".to_owned(),
                "127.0.0.1".to_owned(),
            ),
            "review-1".to_owned(),
        ));
    }
    assert_eq!(seen, expected);
    assert!(
        names[5..].contains(&"inquiry.approved".to_owned()),
        "{names:?}"
    );
    let creation = events[0].actor.clone().expect("actor");
    assert_eq!(creation.idempotency_key_digest, sha256_hex("create-user-1"));
    assert!(creation.user_agent.contains("tonic"), "{creation:?}");
    let redemption = events[2].actor.clone().expect("actor");
    assert_eq!(redemption.user_agent, "Mozilla/5.0 (test)");
    assert_eq!(redemption.idempotency_key_digest, "");

    // REST (the export, a DSAR answer) and server-sent events carry the same actors.
    let api = Rest::new(&server, Some(&org.sandbox_key));
    let export = api
        .get(&format!("/v1/inquiries/{}:export", inquiry.id))
        .await;
    assert_eq!(export.status, 200, "{}", export.text);
    let exported: Value =
        serde_json::from_str(export.json["documentJson"].as_str().expect("document"))
            .expect("export JSON");
    let exported_events = exported["events"].as_array().expect("events");
    assert_eq!(exported_events.len(), names.len());
    assert_eq!(exported_events[0]["actor"]["kind"], "ACTOR_KIND_API_KEY");
    assert_eq!(exported_events[0]["actor"]["displayName"], "backend");
    assert_eq!(exported_events[0]["actor"]["requestId"], "ticket-4711");
    assert_eq!(exported_events[2]["actor"]["kind"], "ACTOR_KIND_END_USER");
    assert_eq!(exported_events[2]["actor"]["id"], session_id.as_str());
    let first_sse = first_watched_over_sse(&server, &org.sandbox_key, &inquiry.id).await;
    assert_eq!(
        first_sse["event"]["actor"]["id"],
        org.sandbox_key_id.as_str()
    );
    assert_eq!(first_sse["event"]["actor"]["displayName"], "backend");

    // Native webhooks carry them too.
    let dispatcher = server.dispatcher();
    while dispatcher.run_once().await.expect("dispatch") > 0 {}
    let bodies: Vec<Value> = receiver
        .received()
        .iter()
        .map(|r| serde_json::from_slice(&r.body).expect("JSON"))
        .collect();
    let approval = bodies
        .iter()
        .find(|b| b["type"] == "inquiry.approved")
        .expect("inquiry.approved delivered");
    assert_eq!(approval["actor"]["kind"], "ACTOR_KIND_API_KEY");
    assert_eq!(approval["actor"]["id"], reviewer_id.as_str());
    assert_eq!(approval["actor"]["displayName"], "reviewer-bot");
    assert_eq!(approval["actor"]["requestId"], "review-1");
}

/// The first event a REST watch (server-sent events) replays.
async fn first_watched_over_sse(server: &TestServer, key: &str, inquiry_id: &str) -> Value {
    let mut response = reqwest::Client::new()
        .get(format!("{}/v1/inquiries/{inquiry_id}:watch", server.http))
        .bearer_auth(key)
        .send()
        .await
        .expect("watch");
    assert_eq!(response.status(), 200);
    let mut buffer = String::new();
    let reading = async {
        loop {
            let chunk = response.chunk().await.expect("chunk").expect("stream open");
            buffer.push_str(std::str::from_utf8(&chunk).expect("UTF-8"));
            if let Some(data) = buffer
                .lines()
                .find_map(|line| line.strip_prefix("data:"))
                .filter(|_| buffer.contains("\n\n"))
            {
                return serde_json::from_str::<Value>(data.trim()).expect("JSON data");
            }
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(60), reading)
        .await
        .expect("the first event comes (a bound against a hang)")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn passed_deadlines_act_as_the_service() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let inquiry = crate::common::create_inquiry(&client, &org.sandbox_template, "u").await;
    crate::common::generate_link(&client, &inquiry.id).await;
    server.clock.advance(TimeDelta::days(30));
    server.app.maintenance_pass().await.expect("maintenance");
    let names = crate::common::event_names(&server, &inquiry.id).await;
    let events = watched(&client, &inquiry.id, names.len()).await;
    let expired: Vec<_> = events
        .iter()
        .filter(|e| e.name.ends_with(".expired"))
        .map(|e| (e.name.as_str(), e.actor.clone().expect("actor")))
        .collect();
    assert!(!expired.is_empty(), "{names:?}");
    for (name, actor) in expired {
        assert_eq!(
            (
                actor.kind(),
                actor.id.as_str(),
                actor.display_name.as_str(),
                actor.client_ip.as_str(),
                actor.request_id.as_str()
            ),
            (pb::ActorKind::System, "expiry", "", "", ""),
            "{name}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inquiries_name_their_creator_and_reviewer_on_every_transport() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let creator = server.client(&org.sandbox_key).await;
    let (reviewer_id, reviewer_key) = named_key(&server, "acme", "review-bot").await;
    let reviewer = server.client(&reviewer_key).await;
    let inquiry = crate::common::create_inquiry(&creator, &org.sandbox_template, "u").await;
    let created_by = inquiry.created_by.clone().expect("created_by");
    assert_eq!(
        (created_by.kind(), created_by.id.as_str()),
        (pb::ActorKind::ApiKey, org.sandbox_key_id.as_str())
    );
    assert!(!created_by.display_name.is_empty(), "the key's name");
    assert_eq!(
        created_by.client_ip, "",
        "an inquiry keeps who, not from where"
    );
    assert_eq!(inquiry.reviewer, None, "undecided");

    let approved = reviewer
        .inquiries()
        .approve_inquiry(pb::ApproveInquiryRequest {
            id: inquiry.id.clone(),
            comment: "documents match".into(),
        })
        .await
        .expect("approve")
        .into_inner()
        .inquiry
        .expect("inquiry");
    let decided_by = approved.reviewer.clone().expect("reviewer");
    assert_eq!(
        (
            decided_by.kind(),
            decided_by.id.as_str(),
            decided_by.display_name.as_str()
        ),
        (pb::ActorKind::ApiKey, reviewer_id.as_str(), "review-bot")
    );
    let read = creator
        .inquiries()
        .get_inquiry(pb::GetInquiryRequest {
            id: inquiry.id.clone(),
        })
        .await
        .expect("get")
        .into_inner()
        .inquiry
        .expect("inquiry");
    assert_eq!(
        (read.created_by, read.reviewer),
        (Some(created_by), Some(decided_by))
    );

    let rest = Rest::new(&server, Some(&org.sandbox_key));
    let json = rest
        .get(&format!("/v1/inquiries/{}", inquiry.id))
        .await
        .ok();
    assert_eq!(json["inquiry"]["reviewer"]["displayName"], "review-bot");
    assert_eq!(json["inquiry"]["createdBy"]["kind"], "ACTOR_KIND_API_KEY");
    let persona = rest
        .get(&format!("/api/v1/inquiries/{}", inquiry.id))
        .await
        .ok();
    assert_eq!(
        persona["data"]["relationships"]["reviewer"],
        serde_json::json!({"data": {"type": "api-key", "id": reviewer_id}})
    );
    assert_eq!(
        persona["data"]["attributes"]["creator"],
        org.sandbox_key_id.as_str()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_keys_acting_at_once_on_one_inquiry_keep_their_own_actors() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let first = server.client(&org.sandbox_key).await;
    let (_, other_key) = named_key(&server, "acme", "crm-sync").await;
    let second = server.client(&other_key).await;
    let inquiry = crate::common::create_inquiry(&first, &org.sandbox_template, "u").await;
    const EACH: usize = 8;
    let tag = |client: VerilinkClient, who: &'static str, i: usize, id: String| async move {
        client
            .inquiries()
            .add_inquiry_tag(traced(
                pb::AddInquiryTagRequest {
                    id,
                    tag: format!("{who}-{i}"),
                },
                &format!("{who}-{i}"),
                None,
            ))
            .await
            .expect("tag");
    };
    let mut calls = Vec::new();
    for i in 0..EACH {
        calls.push(tokio::spawn(tag(
            first.clone(),
            "backend",
            i,
            inquiry.id.clone(),
        )));
        calls.push(tokio::spawn(tag(
            second.clone(),
            "crm-sync",
            i,
            inquiry.id.clone(),
        )));
    }
    for call in calls {
        call.await.expect("call");
    }
    let names = crate::common::event_names(&server, &inquiry.id).await;
    let events = watched(&first, &inquiry.id, names.len()).await;
    let tagged: Vec<&pb::Event> = events
        .iter()
        .filter(|e| e.name == "inquiry.tags-updated")
        .collect();
    assert_eq!(tagged.len(), 2 * EACH);
    for event in tagged {
        let actor = event.actor.as_ref().expect("actor");
        let (who, _) = actor
            .request_id
            .split_once('-')
            .expect("a request ID we sent");
        let who = if who == "crm" { "crm-sync" } else { who };
        assert_eq!(actor.display_name, who, "{event:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_are_append_only_but_redaction_forgets_the_end_users_address() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let link = crate::common::generate_link(
        &client,
        &crate::common::create_inquiry(&client, &org.sandbox_template, "u")
            .await
            .id,
    )
    .await;
    let inquiry_id = link.one_time_link.expect("link").inquiry_id;
    redeem(&server.addr, &link.code).await.expect("redeem");

    let url = server.db.url.clone();
    let refusals = tokio::task::spawn_blocking(move || {
        use diesel::Connection;
        let mut conn = diesel::PgConnection::establish(&url).expect("connect");
        [
            "UPDATE events SET actor_id = 'key_forged' WHERE actor_kind = 'api_key'",
            "UPDATE events SET actor_kind = 'system'",
            "UPDATE events SET name = 'inquiry.approved'",
            "UPDATE events SET client_ip = '198.51.100.1' WHERE actor_kind = 'end_user'",
            "DELETE FROM events",
            "TRUNCATE events CASCADE",
        ]
        .map(|sql| match diesel::sql_query(sql).execute(&mut conn) {
            Ok(rows) => format!("{sql}: changed {rows} rows"),
            Err(e) => e.to_string(),
        })
    })
    .await
    .expect("task");
    for refusal in refusals {
        assert!(refusal.contains("events are append-only"), "{refusal}");
    }

    client
        .inquiries()
        .redact_inquiry(pb::RedactInquiryRequest {
            id: inquiry_id.clone(),
        })
        .await
        .expect("redact");
    let names = crate::common::event_names(&server, &inquiry_id).await;
    let events = watched_all(&server, &inquiry_id).await;
    assert_eq!(events.len(), names.len(), "nothing was deleted");
    for event in &events {
        match event.actor.kind {
            verilink::domain::actor::ActorKind::EndUser => {
                assert_eq!(event.actor.origin.client_ip, None, "{event:?}");
                assert_eq!(event.actor.origin.user_agent, None, "{event:?}");
                assert!(event.actor.id.starts_with("iqse_"), "kept: {event:?}");
            }
            verilink::domain::actor::ActorKind::ApiKey => {
                assert_eq!(event.actor.origin.client_ip.as_deref(), Some("127.0.0.1"));
                assert_eq!(event.actor.display_name.as_deref(), Some("backend"));
            }
            _ => {}
        }
    }
}

/// An inquiry's events as stored.
async fn watched_all(
    server: &TestServer,
    inquiry_id: &str,
) -> Vec<verilink::domain::events::Event> {
    let (url, id) = (server.db.url.clone(), inquiry_id.to_owned());
    tokio::task::spawn_blocking(move || {
        use diesel::Connection;
        let mut conn = diesel::PgConnection::establish(&url).expect("connect");
        verilink::store::events::for_inquiry(&mut conn, &id).expect("events")
    })
    .await
    .expect("task")
}

/// Every page of the audit log for `request`, newest first, with the page size `size`.
async fn audit_pages(
    client: &VerilinkClient,
    request: pb::ListAuditEventsRequest,
    size: i32,
) -> Vec<pb::Event> {
    let mut events = Vec::new();
    let mut token = String::new();
    loop {
        let page = client
            .audit()
            .list_audit_events(pb::ListAuditEventsRequest {
                page_size: size,
                page_token: token,
                ..request.clone()
            })
            .await
            .expect("list audit events")
            .into_inner();
        assert!(page.events.len() <= usize::try_from(size).expect("size"));
        events.extend(page.events);
        if page.next_page_token.is_empty() {
            return events;
        }
        token = page.next_page_token;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_log_filters_pages_newest_first_and_never_crosses_tenants() {
    let server = TestServer::start().await;
    let acme = server.org("acme").await;
    let globex = server.org("globex").await;
    let acme_client = server.client(&acme.sandbox_key).await;
    let globex_client = server.client(&globex.sandbox_key).await;
    let (bot_id, bot_key) = named_key(&server, "acme", "reviewer-bot").await;
    let bot = server.client(&bot_key).await;

    let first = crate::common::create_inquiry(&acme_client, &acme.sandbox_template, "a").await;
    server.clock.advance(TimeDelta::seconds(10));
    let started = server.clock.now_timestamp();
    let second = crate::common::create_inquiry(&acme_client, &acme.sandbox_template, "b").await;
    for id in [&first.id, &second.id] {
        bot.inquiries()
            .approve_inquiry(pb::ApproveInquiryRequest {
                id: id.clone(),
                ..Default::default()
            })
            .await
            .expect("approve");
    }
    let theirs = crate::common::create_inquiry(&globex_client, &globex.sandbox_template, "c").await;

    // Everything of acme's sandbox, newest first across pages, none of globex's.
    let all = audit_pages(&acme_client, pb::ListAuditEventsRequest::default(), 2).await;
    assert_eq!(all.len(), 4, "{all:#?}");
    let order: Vec<(&str, &str)> = all
        .iter()
        .map(|e| (e.name.as_str(), e.inquiry_id.as_str()))
        .collect();
    assert_eq!(
        order,
        [
            ("inquiry.approved", second.id.as_str()),
            ("inquiry.approved", first.id.as_str()),
            ("inquiry.created", second.id.as_str()),
            ("inquiry.created", first.id.as_str()),
        ]
    );
    assert!(all.iter().all(|e| e.inquiry_id != theirs.id));

    // By actor, kind, name, inquiry and time.
    let by_bot = pb::ListAuditEventsRequest {
        actor_id: bot_id.clone(),
        ..Default::default()
    };
    let approvals = audit_pages(&acme_client, by_bot.clone(), 1).await;
    assert_eq!(approvals.len(), 2);
    assert!(approvals.iter().all(|e| e.name == "inquiry.approved"
        && e.actor.as_ref().expect("actor").display_name == "reviewer-bot"));
    let of_kind = pb::ListAuditEventsRequest {
        actor_kind: pb::ActorKind::ApiKey as i32,
        event_name: "inquiry.created".into(),
        ..Default::default()
    };
    assert_eq!(audit_pages(&acme_client, of_kind, 10).await.len(), 2);
    let system = pb::ListAuditEventsRequest {
        actor_kind: pb::ActorKind::System as i32,
        ..Default::default()
    };
    assert!(audit_pages(&acme_client, system, 10).await.is_empty());
    let of_first = pb::ListAuditEventsRequest {
        inquiry_id: first.id.clone(),
        ..Default::default()
    };
    assert_eq!(
        audit_pages(&acme_client, of_first.clone(), 10).await.len(),
        2
    );
    let since = pb::ListAuditEventsRequest {
        create_time_after: Some(started),
        ..Default::default()
    };
    let recent = audit_pages(&acme_client, since, 10).await;
    assert_eq!(recent.len(), 3, "{recent:#?}");
    assert!(recent
        .iter()
        .all(|e| e.name != "inquiry.created" || e.inquiry_id == second.id));

    // Another tenant sees nothing of acme's, whatever it names.
    assert!(audit_pages(&globex_client, of_first, 10).await.is_empty());
    assert!(audit_pages(&globex_client, by_bot, 10).await.is_empty());
    let mine = audit_pages(&globex_client, pb::ListAuditEventsRequest::default(), 10).await;
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].inquiry_id, theirs.id);
    // Nor does acme's live environment.
    let live = server.client(&acme.live_key).await;
    assert!(
        audit_pages(&live, pb::ListAuditEventsRequest::default(), 10)
            .await
            .is_empty()
    );

    // The same list over REST, with the filters as query parameters.
    let api = Rest::new(&server, Some(&acme.sandbox_key));
    let listed = api
        .get(&format!("/v1/auditEvents?actorId={bot_id}&pageSize=1"))
        .await;
    assert_eq!(listed.status, 200, "{}", listed.text);
    assert_eq!(listed.json["events"][0]["name"], "inquiry.approved");
    assert_eq!(
        listed.json["events"][0]["actor"]["kind"],
        "ACTOR_KIND_API_KEY"
    );
    assert!(listed.json["nextPageToken"]
        .as_str()
        .is_some_and(|t| !t.is_empty()));
    let bad = api.get("/v1/auditEvents?eventName=inquiry.exploded").await;
    bad.error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn configuration_changes_over_grpc_are_audit_entries_of_the_key_never_sent_to_webhooks() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let created = client
        .webhooks()
        .create_webhook(pb::CreateWebhookRequest {
            webhook: Some(pb::Webhook {
                url: "https://hooks.example.com/v".into(),
                enabled_events: vec!["*".into()],
                ..Default::default()
            }),
        })
        .await
        .expect("create webhook")
        .into_inner();
    let hook = created.webhook.expect("webhook");
    client
        .templates()
        .update_inquiry_template(pb::UpdateInquiryTemplateRequest {
            inquiry_template: Some(pb::InquiryTemplate {
                id: org.sandbox_template.clone(),
                expire_after_create: Some(prost_types::Duration {
                    seconds: 3_600,
                    nanos: 0,
                }),
                ..Default::default()
            }),
            update_mask: Some(prost_types::FieldMask {
                paths: vec!["expire_after_create".into()],
            }),
        })
        .await
        .expect("update template");
    let rotated = client
        .webhooks()
        .rotate_webhook_secret(pb::RotateWebhookSecretRequest {
            id: hook.id.clone(),
            grace_period: None,
        })
        .await
        .expect("rotate")
        .into_inner();

    let entries = audit_pages(&client, pb::ListAuditEventsRequest::default(), 10).await;
    let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "webhook.secret-rotated",
            "inquiry-template.updated",
            "webhook.created"
        ]
    );
    for (entry, id) in entries
        .iter()
        .zip([&hook.id, &org.sandbox_template, &hook.id])
    {
        let actor = entry.actor.as_ref().expect("actor");
        assert_eq!(
            (actor.kind(), actor.id.as_str(), actor.display_name.as_str()),
            (
                pb::ActorKind::ApiKey,
                org.sandbox_key_id.as_str(),
                "backend"
            )
        );
        assert!(entry.inquiry_id.is_empty(), "no inquiry: {entry:?}");
        let data = entry.data.as_ref().expect("data");
        assert_eq!(data.fields.len(), 1, "the ID only: {data:?}");
        assert_eq!(
            data.fields["id"].kind,
            Some(prost_types::value::Kind::StringValue(id.clone()))
        );
    }
    let encoded = format!("{entries:?}");
    assert!(
        !encoded.contains(&created.secret) && !encoded.contains(&rotated.secret),
        "no secret in the log"
    );
    let by_name = pb::ListAuditEventsRequest {
        event_name: "webhook.secret-rotated".into(),
        ..Default::default()
    };
    assert_eq!(audit_pages(&client, by_name, 10).await.len(), 1);

    // Audit entries go to no webhook, even one that selects every event, and cannot be
    // redelivered to one.
    let deliveries = client
        .webhooks()
        .list_webhook_deliveries(pb::ListWebhookDeliveriesRequest {
            webhook_id: hook.id.clone(),
            ..Default::default()
        })
        .await
        .expect("deliveries")
        .into_inner();
    assert!(deliveries.webhook_deliveries.is_empty());
    let redelivered = client
        .webhooks()
        .redeliver_event(pb::RedeliverEventRequest {
            webhook_id: hook.id.clone(),
            event_id: entries[0].id.clone(),
        })
        .await;
    let status = redelivered.expect_err("an audit entry is not redelivered");
    assert_eq!(status.code(), tonic::Code::InvalidArgument, "{status:?}");
}
