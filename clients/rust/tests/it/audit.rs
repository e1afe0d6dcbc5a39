//! Request IDs and the audit log: a call's `x-request-id` comes back in the response metadata,
//! and the audit log names the call as the actor of the events it caused.

use std::time::{SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};
use tonic::Request;
use verilink_client::{idempotent, pb, VerilinkClient};

use crate::common::Env;

/// A request ID no other run sends.
fn unique(prefix: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_nanos();
    format!("{prefix}-{}-{nanos}", std::process::id())
}

async fn template_id(client: &VerilinkClient) -> String {
    client
        .templates()
        .create_inquiry_template(pb::CreateInquiryTemplateRequest {
            inquiry_template: Some(pb::InquiryTemplate {
                name: "Rust client audit".into(),
                ..Default::default()
            }),
        })
        .await
        .expect("create template")
        .into_inner()
        .inquiry_template
        .expect("template")
        .id
}

fn create_request(template_id: &str, reference_id: &str) -> pb::CreateInquiryRequest {
    pb::CreateInquiryRequest {
        inquiry: Some(pb::Inquiry {
            inquiry_template_id: template_id.into(),
            reference_id: reference_id.into(),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// The `inquiry.created` event of `inquiry_id` in the audit log (listed by that inquiry).
async fn created_event(client: &VerilinkClient, inquiry_id: &str) -> pb::Event {
    let events = client
        .audit()
        .list_audit_events(pb::ListAuditEventsRequest {
            inquiry_id: inquiry_id.into(),
            ..Default::default()
        })
        .await
        .expect("list audit events")
        .into_inner()
        .events;
    assert!(
        !events.is_empty() && events.iter().all(|e| e.inquiry_id == inquiry_id),
        "{events:?}"
    );
    events
        .into_iter()
        .find(|e| e.name == "inquiry.created")
        .expect("an inquiry.created event")
}

fn response_request_id<T>(response: &tonic::Response<T>) -> String {
    response
        .metadata()
        .get("x-request-id")
        .expect("x-request-id in the response metadata")
        .to_str()
        .expect("ASCII")
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_id_comes_back_and_names_the_call_in_the_audit_log() {
    let Some(env) = Env::get() else { return };
    let client = env.client().await;
    let template_id = template_id(&client).await;

    // The caller's request ID is kept: the response carries it back.
    let request_id = unique("rust-audit");
    let mut request = Request::new(create_request(&template_id, "rust-audit"));
    request
        .metadata_mut()
        .insert("x-request-id", request_id.parse().expect("ASCII"));
    let response = client
        .inquiries()
        .create_inquiry(request)
        .await
        .expect("create inquiry");
    assert_eq!(response_request_id(&response), request_id);
    let inquiry = response.into_inner().inquiry.expect("inquiry");

    // The event the call caused names the call: the bootstrap key, with that request ID.
    let event = created_event(&client, &inquiry.id).await;
    let actor = event.actor.clone().expect("an actor");
    assert_eq!(actor.kind(), pb::ActorKind::ApiKey, "{actor:?}");
    assert_eq!(actor.display_name, "bootstrap");
    assert_eq!(actor.request_id, request_id);
    assert!(actor.id.starts_with("key_"), "{actor:?}");
    assert_eq!(
        actor.idempotency_key_digest, "",
        "no idempotency key was sent"
    );

    // The filters combine: this key's inquiry.created events of that inquiry are that one.
    let only = client
        .audit()
        .list_audit_events(pb::ListAuditEventsRequest {
            inquiry_id: inquiry.id.clone(),
            event_name: "inquiry.created".into(),
            actor_kind: pb::ActorKind::ApiKey as i32,
            actor_id: actor.id.clone(),
            ..Default::default()
        })
        .await
        .expect("list audit events")
        .into_inner();
    let ids: Vec<&str> = only.events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, [event.id.as_str()]);

    // Without one, the server makes one (32 hex digits), answers with it and records it; an
    // idempotency key is recorded as its SHA-256.
    let key = unique("rust-audit-key");
    let response = client
        .inquiries()
        .create_inquiry(
            idempotent(create_request(&template_id, "rust-audit-2"), &key).expect("key"),
        )
        .await
        .expect("create inquiry");
    let made = response_request_id(&response);
    assert!(
        made.len() == 32 && made.bytes().all(|b| b.is_ascii_hexdigit()),
        "{made:?}"
    );
    let inquiry = response.into_inner().inquiry.expect("inquiry");
    let actor = created_event(&client, &inquiry.id)
        .await
        .actor
        .expect("an actor");
    assert_eq!(actor.request_id, made);
    assert_eq!(
        actor.idempotency_key_digest,
        hex::encode(Sha256::digest(key.as_bytes()))
    );
}
