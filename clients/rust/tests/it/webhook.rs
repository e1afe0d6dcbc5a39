//! Webhook verification against deliveries the real server signs and sends to a receiver on
//! loopback, in the native format and in Persona's.

use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use tokio::sync::mpsc;
use verilink_client::webhook::{verify, verify_persona, VerifyError, DEFAULT_TOLERANCE};
use verilink_client::{pb, VerilinkClient};

use crate::common::{create_inquiry, worker_patience, Env};

/// One POST the receiver got.
struct Delivery {
    /// `Verilink-Signature`
    signature: String,
    /// `Persona-Signature`
    persona_signature: String,
    event_id: String,
    body: Vec<u8>,
}

impl Delivery {
    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
}

/// An HTTP receiver on 127.0.0.1 that answers 200 and hands every delivery to the test.
struct Receiver {
    url: String,
    deliveries: mpsc::UnboundedReceiver<Delivery>,
}

impl Receiver {
    async fn start() -> Receiver {
        async fn hook(
            State(sender): State<mpsc::UnboundedSender<Delivery>>,
            headers: HeaderMap,
            body: Bytes,
        ) {
            let header = |name: &str| {
                headers
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned()
            };
            let _ = sender.send(Delivery {
                signature: header("verilink-signature"),
                persona_signature: header("persona-signature"),
                event_id: header("verilink-event-id"),
                body: body.to_vec(),
            });
        }
        let (sender, deliveries) = mpsc::unbounded_channel();
        let app = axum::Router::new()
            .route("/hook", axum::routing::post(hook))
            .with_state(sender);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the receiver");
        let url = format!("http://{}/hook", listener.local_addr().expect("address"));
        tokio::spawn(async move { axum::serve(listener, app).await });
        Receiver { url, deliveries }
    }

    /// The next delivery of `event` about `inquiry_id` (the tenant's other events, from tests
    /// running alongside, are skipped), as soon as it comes; a delivery that does not come
    /// within [`worker_patience`] fails the test.
    async fn next(&mut self, event: &str, inquiry_id: &str) -> Delivery {
        self.next_where(event, inquiry_id, |json| {
            json["type"] == event && json["inquiryId"] == inquiry_id
        })
        .await
    }

    /// The same for a Persona-format webhook: the event's subject is the inquiry, or names it
    /// in its `inquiry` relationship.
    async fn next_persona(&mut self, event: &str, inquiry_id: &str) -> Delivery {
        self.persona_deliveries(&[event], inquiry_id)
            .await
            .pop()
            .expect("one")
    }

    /// The deliveries of `events` about `inquiry_id` to a Persona-format webhook, in the
    /// order of `events` whatever order they arrived in.
    async fn persona_deliveries(&mut self, events: &[&str], inquiry_id: &str) -> Vec<Delivery> {
        let mut found: Vec<Option<Delivery>> = events.iter().map(|_| None).collect();
        while let Some(missing) = found.iter().position(Option::is_none) {
            let delivery = self
                .next_where(events[missing], inquiry_id, |json| {
                    let attributes = &json["data"]["attributes"];
                    let subject = &attributes["payload"]["data"];
                    let about = subject["id"] == inquiry_id
                        || subject["relationships"]["inquiry"]["data"]["id"] == inquiry_id;
                    about
                        && events
                            .iter()
                            .zip(&found)
                            .any(|(event, found)| found.is_none() && attributes["name"] == *event)
                })
                .await;
            let name = delivery.json()["data"]["attributes"]["name"].clone();
            let at = events
                .iter()
                .zip(&found)
                .position(|(event, found)| found.is_none() && name == *event)
                .expect("wanted");
            found[at] = Some(delivery);
        }
        found.into_iter().map(|d| d.expect("found")).collect()
    }

    async fn next_where(
        &mut self,
        event: &str,
        inquiry_id: &str,
        wanted: impl Fn(&serde_json::Value) -> bool,
    ) -> Delivery {
        let wait = async {
            loop {
                let delivery = self.deliveries.recv().await.expect("receiver running");
                if wanted(&delivery.json()) {
                    return delivery;
                }
            }
        };
        let patience = worker_patience();
        tokio::time::timeout(patience, wait)
            .await
            .unwrap_or_else(|_| panic!("no {event} delivery for {inquiry_id} within {patience:?}"))
    }
}

async fn create_webhook(client: &VerilinkClient, url: &str) -> (String, String) {
    create_webhook_in(client, url, pb::WebhookFormat::Unspecified).await
}

async fn create_webhook_in(
    client: &VerilinkClient,
    url: &str,
    format: pb::WebhookFormat,
) -> (String, String) {
    let created = client
        .webhooks()
        .create_webhook(pb::CreateWebhookRequest {
            webhook: Some(pb::Webhook {
                url: url.into(),
                enabled_events: vec!["*".into()],
                format: format as i32,
                ..Default::default()
            }),
        })
        .await
        .expect("create webhook")
        .into_inner();
    let webhook = created.webhook.expect("webhook");
    if format != pb::WebhookFormat::Unspecified {
        assert_eq!(webhook.format, format as i32);
    }
    (webhook.id, created.secret)
}

async fn delete_webhook(client: &VerilinkClient, id: &str) {
    client
        .webhooks()
        .delete_webhook(pb::DeleteWebhookRequest { id: id.into() })
        .await
        .expect("delete webhook");
}

/// This process's clock, in seconds: the one the verifier compares a header's timestamp
/// with, so headers the test signs to probe the tolerance are timed by it. The server's clock
/// (another machine's, in general) may be seconds away from it: the server's timestamps are
/// compared with this one only within [`CLOCKS_APART`], and a header made from a delivery's is
/// timed from the delivery's own `t`.
fn now() -> i64 {
    let since = SystemTime::now().duration_since(UNIX_EPOCH).expect("clock");
    i64::try_from(since.as_secs()).expect("seconds")
}

/// How far apart the server's clock and this process's may be, in seconds.
const CLOCKS_APART: i64 = 60;

/// Asserts that the server's `time` falls between this process's `before` and `after` (read
/// around the change and its delivery), give or take [`CLOCKS_APART`].
fn assert_between(before: i64, time: &prost_types::Timestamp, after: i64) {
    assert!(
        before - CLOCKS_APART <= time.seconds && time.seconds <= after + CLOCKS_APART,
        "{time:?} is not within {CLOCKS_APART} s of [{before}, {after}]"
    );
}

/// The `t=` of a signature header, in seconds.
fn timestamp_of(header: &str) -> i64 {
    header
        .split(',')
        .find_map(|part| part.trim().strip_prefix("t="))
        .and_then(|t| t.parse().ok())
        .unwrap_or_else(|| panic!("no t= in {header:?}"))
}

/// A header signing `body` at `timestamp` with `secret`, as the server does.
fn signed(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("key");
    mac.update(format!("{timestamp}.").as_bytes());
    mac.update(body);
    format!(
        "t={timestamp},v1={}",
        hex::encode(mac.finalize().into_bytes())
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delivery_verifies_and_anything_else_is_refused() {
    let Some(env) = Env::get() else { return };
    let client = env.client().await;
    let mut receiver = Receiver::start().await;
    let (webhook_id, secret) = create_webhook(&client, &receiver.url).await;
    let before = now();
    let inquiry = create_inquiry(&client).await;
    let delivery = receiver.next("inquiry.created", &inquiry.id).await;
    let after = now();

    let event = verify(
        &[&secret],
        &delivery.signature,
        &delivery.body,
        DEFAULT_TOLERANCE,
    )
    .expect("the server's signature verifies");
    assert!(event.id.starts_with("evt_"), "{event:?}");
    assert_eq!(event.id, delivery.event_id);
    assert_eq!(event.r#type, "inquiry.created");
    assert_eq!(event.inquiry_id, inquiry.id);
    assert_eq!(event.environment, "sandbox");
    assert_eq!(event.data.object["id"], inquiry.id.as_str());
    assert_eq!(event.data.object["status"], "INQUIRY_STATUS_CREATED");
    assert_between(before, &event.create_time.expect("createTime"), after);
    // Who caused it: the API key that created the inquiry (with-server's bootstrap key).
    assert_eq!(
        event.actor.kind(),
        pb::ActorKind::ApiKey,
        "{:?}",
        event.actor
    );
    assert_eq!(event.actor.display_name, "bootstrap");
    assert!(event.actor.id.starts_with("key_"), "{:?}", event.actor);

    // Whatever was changed or does not fit is refused, with its reason.
    let mut tampered = delivery.body.clone();
    let at = tampered.iter().position(|b| *b == b'{').expect("{") + 1;
    tampered.insert(at, b' ');
    let refused = |secrets: &[&str], header: &str, body: &[u8]| {
        verify(secrets, header, body, DEFAULT_TOLERANCE).expect_err("refused")
    };
    let (signature, body) = (delivery.signature.as_str(), delivery.body.as_slice());
    assert!(matches!(
        refused(&[&secret], signature, &tampered),
        VerifyError::SignatureMismatch
    ));
    assert!(matches!(
        refused(&["whsec_not_the_secret"], signature, body),
        VerifyError::SignatureMismatch
    ));
    assert!(matches!(
        refused(&[], signature, body),
        VerifyError::SignatureMismatch
    ));
    // A valid signature of another moment: fine within the tolerance, refused beyond it
    // (timed by this process's clock, which the verifier reads: 10 s either side of 300 s).
    for (offset, fresh) in [(-290, true), (290, true), (-310, false), (310, false)] {
        let header = signed(&secret, now() + offset, body);
        let result = verify(&[&secret], &header, body, DEFAULT_TOLERANCE);
        if fresh {
            assert!(result.is_ok(), "{offset} s: {result:?}");
        } else {
            assert!(
                matches!(result, Err(VerifyError::TimestampOutsideTolerance { .. })),
                "{offset} s: {result:?}"
            );
        }
    }
    let v1 = signature.split_once(",v1=").expect("v1").1;
    let t = &signature[..signature.find(',').expect(",")];
    for (header, expected) in [
        ("", "MissingHeader"),
        ("   ", "MissingHeader"),
        ("garbage", "MalformedHeader"),
        (&format!("{t},v1=zz"), "MalformedHeader"),
        (&format!("{t},v1={}", &v1[..10]), "MalformedHeader"),
        (&format!("t=soon,v1={v1}"), "MalformedHeader"),
        (&format!("{t},{t},v1={v1}"), "MalformedHeader"),
        (&format!("v1={v1}"), "MissingTimestamp"),
        (t, "MissingSignature"),
        (&format!("{t},v0={v1}"), "MissingSignature"),
    ] {
        let error = refused(&[&secret], header, body);
        assert!(
            format!("{error:?}").starts_with(expected),
            "{header:?}: {error:?}, expected {expected}"
        );
    }
    // Unknown schemes next to v1, and spaces after the commas, are fine.
    let lenient = format!("{t}, v0=00, v1={v1}");
    assert_eq!(
        verify(&[&secret], &lenient, body, DEFAULT_TOLERANCE).expect("verifies"),
        event
    );

    // Fields a newer server adds are ignored, null is the default; a body that is not an event is refused once
    // the signature holds.
    let mut newer = delivery.json();
    newer["futureField"] = serde_json::json!({"any": "thing"});
    newer["data"]["futureToo"] = serde_json::json!(1);
    let newer = serde_json::to_vec(&newer).expect("json");
    let parsed = verify(
        &[&secret],
        &signed(&secret, now(), &newer),
        &newer,
        DEFAULT_TOLERANCE,
    )
    .expect("unknown fields are ignored");
    assert_eq!(parsed, event);
    let nulls = br#"{"id": "evt_1", "type": null, "createTime": null, "data": null}"#;
    let parsed = verify(
        &[&secret],
        &signed(&secret, now(), nulls),
        nulls,
        DEFAULT_TOLERANCE,
    )
    .expect("null is the default");
    assert_eq!(
        (
            parsed.id.as_str(),
            parsed.r#type.as_str(),
            parsed.create_time,
            parsed.data.object
        ),
        ("evt_1", "", None, serde_json::Value::Null)
    );
    let error = refused(&[&secret], &signed(&secret, now(), b"[1, 2]"), b"[1, 2]");
    assert!(matches!(error, VerifyError::InvalidPayload(_)), "{error:?}");

    delete_webhook(&client, &webhook_id).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn during_a_rotation_the_old_and_the_new_secret_both_verify() {
    let Some(env) = Env::get() else { return };
    let client = env.client().await;
    let mut receiver = Receiver::start().await;
    let (webhook_id, old_secret) = create_webhook(&client, &receiver.url).await;
    let inquiry = create_inquiry(&client).await;
    receiver.next("inquiry.created", &inquiry.id).await;

    let new_secret = rotate_and_tag(&client, &webhook_id, &old_secret, &inquiry.id).await;
    let delivery = receiver.next("inquiry.tags-updated", &inquiry.id).await;
    assert_eq!(
        delivery.signature.matches("v1=").count(),
        2,
        "{}",
        delivery.signature
    );
    for secrets in [
        vec![old_secret.as_str()],
        vec![new_secret.as_str()],
        vec!["whsec_unrelated", new_secret.as_str()],
    ] {
        let event = verify(
            &secrets,
            &delivery.signature,
            &delivery.body,
            DEFAULT_TOLERANCE,
        )
        .unwrap_or_else(|e| panic!("{secrets:?}: {e}"));
        assert_eq!(event.r#type, "inquiry.tags-updated");
    }
    assert!(matches!(
        verify(
            &["whsec_unrelated"],
            &delivery.signature,
            &delivery.body,
            DEFAULT_TOLERANCE
        ),
        Err(VerifyError::SignatureMismatch)
    ));

    delete_webhook(&client, &webhook_id).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_persona_format_delivery_verifies_with_verify_persona() {
    let Some(env) = Env::get() else { return };
    let client = env.client().await;
    let mut receiver = Receiver::start().await;
    let (webhook_id, secret) =
        create_webhook_in(&client, &receiver.url, pb::WebhookFormat::Persona).await;
    let before = now();
    let inquiry = create_inquiry(&client).await;
    let link = client
        .one_time_links()
        .generate_one_time_link(pb::GenerateOneTimeLinkRequest {
            inquiry_id: inquiry.id.clone(),
            ..Default::default()
        })
        .await
        .expect("generate a link")
        .into_inner()
        .one_time_link
        .expect("link");
    client
        .inquiries()
        .approve_inquiry(pb::ApproveInquiryRequest {
            id: inquiry.id.clone(),
            comment: String::new(),
        })
        .await
        .expect("approve");

    let expected = [
        ("inquiry.created", "inquiry", inquiry.id.as_str(), "created"),
        (
            "one-time-link.created",
            "one-time-link",
            link.id.as_str(),
            "pending",
        ),
        (
            "inquiry.approved",
            "inquiry",
            inquiry.id.as_str(),
            "approved",
        ),
    ];
    let names: Vec<&str> = expected.iter().map(|e| e.0).collect();
    let deliveries = receiver.persona_deliveries(&names, &inquiry.id).await;
    let after = now();
    let mut seen = Vec::new();
    for ((name, subject_type, subject_id, status), delivery) in expected.into_iter().zip(deliveries)
    {
        assert_eq!(delivery.signature, "", "no Verilink-Signature");
        assert_eq!(
            delivery.persona_signature.split(' ').count(),
            1,
            "one pair: {}",
            delivery.persona_signature
        );
        let event = verify_persona(
            &[&secret],
            &delivery.persona_signature,
            &delivery.body,
            DEFAULT_TOLERANCE,
        )
        .unwrap_or_else(|e| panic!("{name}: the server's signature verifies: {e}"));
        assert!(event.id.starts_with("evt_"), "{event:?}");
        assert_eq!(event.id, delivery.event_id);
        assert_eq!(event.r#type, "event");
        assert_eq!(event.name, name);
        assert_between(before, &event.created_at.expect("created-at"), after);
        assert_eq!(event.subject_type(), subject_type, "{event:?}");
        assert_eq!(event.subject_id(), subject_id, "{event:?}");
        assert_eq!(event.subject["attributes"]["status"], status, "{event:?}");
        assert_eq!(
            event.subject,
            delivery.json()["data"]["attributes"]["payload"]["data"],
            "the whole subject"
        );
        seen.push((delivery, event));
    }
    let (approval, approved) = &seen[2];
    assert_eq!(
        approved.subject["attributes"]["reference-id"],
        inquiry.reference_id.as_str()
    );

    // A wrong secret, a changed body, a replayed signature: refused.
    let (header, body) = (
        approval.persona_signature.as_str(),
        approval.body.as_slice(),
    );
    let refused = |secrets: &[&str], header: &str, body: &[u8]| {
        verify_persona(secrets, header, body, DEFAULT_TOLERANCE).expect_err("refused")
    };
    assert!(matches!(
        refused(&["whsec_not_the_secret"], header, body),
        VerifyError::SignatureMismatch
    ));
    assert!(matches!(
        refused(&[&secret], header, &body[1..]),
        VerifyError::SignatureMismatch
    ));
    // The replay is ten minutes older than the delivery, by the delivery's own clock.
    let v1 = header.split_once(",v1=").expect("v1").1;
    let stale = format!("t={},v1={v1}", timestamp_of(header) - 600);
    assert!(matches!(
        refused(&[&secret], &stale, body),
        VerifyError::TimestampOutsideTolerance { .. }
    ));
    assert!(matches!(
        refused(&[&secret], &format!("{header},v1=zz"), body),
        VerifyError::MalformedHeader
    ));

    // The native verifier refuses a wrong secret. With the one secret, the Persona header has
    // the native syntax and the same HMAC, so the signature holds, but the body is Persona's:
    // no Verilink event id, so it is refused as a payload.
    assert!(matches!(
        verify(&["whsec_not_the_secret"], header, body, DEFAULT_TOLERANCE),
        Err(VerifyError::SignatureMismatch)
    ));
    assert!(matches!(
        verify(&[&secret], header, body, DEFAULT_TOLERANCE),
        Err(VerifyError::InvalidPayload(_))
    ));
    // And verify_persona refuses a native body even under a good signature.
    let native_body = br#"{"id": "evt_1", "type": "inquiry.created", "data": {"object": {}}}"#;
    let native_header = signed(&secret, now(), native_body);
    assert!(matches!(
        refused(&[&secret], &native_header, native_body),
        VerifyError::InvalidPayload(_)
    ));

    delete_webhook(&client, &webhook_id).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn during_a_rotation_a_persona_delivery_carries_a_pair_per_secret() {
    let Some(env) = Env::get() else { return };
    let client = env.client().await;
    let mut receiver = Receiver::start().await;
    let (webhook_id, old_secret) =
        create_webhook_in(&client, &receiver.url, pb::WebhookFormat::Persona).await;
    let inquiry = create_inquiry(&client).await;
    receiver.next_persona("inquiry.created", &inquiry.id).await;

    let new_secret = rotate_and_tag(&client, &webhook_id, &old_secret, &inquiry.id).await;
    let delivery = receiver
        .next_persona("inquiry.tags-updated", &inquiry.id)
        .await;
    let header = delivery.persona_signature.as_str();
    assert_eq!(header.split(' ').count(), 2, "{header}");
    for secrets in [
        vec![old_secret.as_str()],
        vec![new_secret.as_str()],
        vec!["whsec_unrelated", new_secret.as_str()],
    ] {
        let event = verify_persona(&secrets, header, &delivery.body, DEFAULT_TOLERANCE)
            .unwrap_or_else(|e| panic!("{secrets:?}: {e}"));
        assert_eq!(event.name, "inquiry.tags-updated");
        assert_eq!(event.subject_id(), inquiry.id);
        assert_eq!(
            event.subject["attributes"]["tags"],
            serde_json::json!(["rotated"])
        );
    }
    assert!(matches!(
        verify_persona(
            &["whsec_unrelated"],
            header,
            &delivery.body,
            DEFAULT_TOLERANCE
        ),
        Err(VerifyError::SignatureMismatch)
    ));
    // Two pairs are not the native header's syntax.
    assert!(matches!(
        verify(&[&new_secret], header, &delivery.body, DEFAULT_TOLERANCE),
        Err(VerifyError::MalformedHeader)
    ));

    delete_webhook(&client, &webhook_id).await;
}

/// Rotates the webhook's secret with an hour's grace and tags the inquiry, so that a delivery
/// signed with both secrets follows; the new secret.
async fn rotate_and_tag(
    client: &VerilinkClient,
    webhook_id: &str,
    old_secret: &str,
    inquiry_id: &str,
) -> String {
    let new_secret = client
        .webhooks()
        .rotate_webhook_secret(pb::RotateWebhookSecretRequest {
            id: webhook_id.to_owned(),
            grace_period: Some(prost_types::Duration {
                seconds: 3600,
                nanos: 0,
            }),
        })
        .await
        .expect("rotate")
        .into_inner()
        .secret;
    assert_ne!(new_secret, old_secret);
    client
        .inquiries()
        .add_inquiry_tag(pb::AddInquiryTagRequest {
            id: inquiry_id.to_owned(),
            tag: "rotated".into(),
        })
        .await
        .expect("tag");
    new_secret
}
