//! Request IDs and the audit log: a call's `x-request-id` comes back in the response metadata,
//! and the audit log names the call as the actor of the events it caused.

use sha2::{Digest, Sha256};
use tonic::Request;
use verilink_client::{idempotent, pb};

use crate::common::{create_request, created_event, template_id, unique, Env};

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
