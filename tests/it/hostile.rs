//! Hostile values against every RPC. A sweep built from the contract's descriptors sends, for
//! every RPC, hostile values in every field it can reach (empty, huge, NUL, wrong ID prefixes,
//! out-of-range numbers, timestamps and durations, unknown enum values, edited page tokens) and
//! asserts each answer is a client error with our ErrorInfo — never INTERNAL or UNKNOWN. A table
//! then pins the exact code, reason and field of the cases the product promises.

use std::time::Duration;

use bytes::{Buf, BufMut};
use prost::Message;
use prost_reflect::{
    DynamicMessage, FieldDescriptor, Kind, MessageDescriptor, MethodDescriptor, ReflectMessage,
    Value,
};
use tonic::codec::{Codec, DecodeBuf, Decoder, EncodeBuf, Encoder};
use tonic::Code;
use verilink_client::pb;

use crate::common::{create_inquiry, generate_link, redeem, violated_fields, TestServer, PATIENCE};

/// A codec that passes encoded messages through, so any RPC can be called with bytes.
#[derive(Clone, Default)]
struct Raw;

impl Encoder for Raw {
    type Item = Vec<u8>;
    type Error = tonic::Status;
    fn encode(&mut self, item: Vec<u8>, dst: &mut EncodeBuf<'_>) -> Result<(), tonic::Status> {
        dst.put_slice(&item);
        Ok(())
    }
}

impl Decoder for Raw {
    type Item = Vec<u8>;
    type Error = tonic::Status;
    fn decode(&mut self, src: &mut DecodeBuf<'_>) -> Result<Option<Vec<u8>>, tonic::Status> {
        let mut out = vec![0; src.remaining()];
        src.copy_to_slice(&mut out);
        Ok(Some(out))
    }
}

impl Codec for Raw {
    type Encode = Vec<u8>;
    type Decode = Vec<u8>;
    type Encoder = Raw;
    type Decoder = Raw;
    fn encoder(&mut self) -> Raw {
        Raw
    }
    fn decoder(&mut self) -> Raw {
        Raw
    }
}

/// Calls `method` with the encoded `message` and `credential`; the first message of a stream
/// for streams.
async fn call(
    channel: &tonic::transport::Channel,
    method: &MethodDescriptor,
    message: &[u8],
    credential: &str,
) -> Result<(), tonic::Status> {
    let mut grpc = tonic::client::Grpc::new(channel.clone());
    grpc.ready()
        .await
        .map_err(|e| tonic::Status::unavailable(e.to_string()))?;
    let path = format!("/{}/{}", method.parent_service().full_name(), method.name());
    let path = http::uri::PathAndQuery::try_from(path).expect("path");
    let mut request = tonic::Request::new(message.to_vec());
    // A deadline the server sees (so deadline-bound paths run), far from any busy machine.
    request.set_timeout(PATIENCE);
    if !credential.is_empty() {
        request.metadata_mut().insert(
            "authorization",
            format!("Bearer {credential}").parse().expect("metadata"),
        );
    }
    if method.is_server_streaming() {
        let mut stream = grpc
            .server_streaming(request, path, Raw)
            .await?
            .into_inner();
        // An open stream with nothing to send yet is a fine answer: an error comes at once, and
        // one later than this bound would be missed (never a false failure).
        tokio::time::timeout(Duration::from_secs(5), stream.message())
            .await
            .map_or(Ok(()), |first| first.map(drop))
    } else {
        grpc.unary(request, path, Raw).await.map(drop)
    }
}

/// Hostile values for one field of the given kind.
fn hostile(field: &FieldDescriptor) -> Vec<(String, Value)> {
    let huge = "a".repeat(1 << 20);
    let string = |s: &str| Value::String(s.to_owned());
    let mut values = match field.kind() {
        Kind::String => vec![
            ("empty".into(), string("")),
            ("NUL".into(), string("x\0y")),
            ("huge".into(), Value::String(huge)),
            (
                "wrong prefix".into(),
                string("inq_AAAAAAAAAAAAAAAAAAAAAAA$"),
            ),
            ("foreign ID".into(), string("wbh_AAAAAAAAAAAAAAAAAAAAAAAA")),
            (
                "edited token".into(),
                string("eyJ0IjotOTk5OTk5OTk5OTk5OTk5LCJpIjoieCIsImYiOiJ4In0.AAAA"),
            ),
        ],
        Kind::Int32 => vec![
            ("negative".into(), Value::I32(-1)),
            ("min".into(), Value::I32(i32::MIN)),
            ("max".into(), Value::I32(i32::MAX)),
        ],
        Kind::Double => vec![("NaN".into(), Value::F64(f64::NAN))],
        Kind::Enum(_) => vec![("unknown enum".into(), Value::EnumNumber(999))],
        Kind::Message(m) if m.full_name() == "google.protobuf.Timestamp" => {
            let ts = |s: i64, n: i32| {
                let mut t = DynamicMessage::new(m.clone());
                t.set_field_by_name("seconds", Value::I64(s));
                t.set_field_by_name("nanos", Value::I32(n));
                Value::Message(t)
            };
            vec![
                ("ancient timestamp".into(), ts(-500_000_000_000, 0)),
                ("far future timestamp".into(), ts(500_000_000_000, 0)),
                ("nanos over a second".into(), ts(0, 2_000_000_000)),
            ]
        }
        Kind::Message(m) if m.full_name() == "google.protobuf.Duration" => {
            let d = |s: i64, n: i32| {
                let mut t = DynamicMessage::new(m.clone());
                t.set_field_by_name("seconds", Value::I64(s));
                t.set_field_by_name("nanos", Value::I32(n));
                Value::Message(t)
            };
            vec![
                ("negative duration".into(), d(-60, 0)),
                ("huge duration".into(), d(i64::MAX / 2, 0)),
                ("nanos over a second".into(), d(60, 1_000_000_000)),
            ]
        }
        _ => Vec::new(),
    };
    if field.is_list() {
        values = values
            .into_iter()
            .map(|(name, v)| (format!("{name} in a list"), Value::List(vec![v])))
            .collect();
    }
    if field.is_map() {
        let entry = field.kind();
        let Kind::Message(entry) = entry else {
            return Vec::new();
        };
        let mut map = std::collections::HashMap::new();
        let mut value = DynamicMessage::new(
            entry
                .get_field_by_name("value")
                .and_then(|f| f.kind().as_message().cloned())
                .expect("map value message"),
        );
        value.set_field_by_name("string_value", Value::String("a\0b".into()));
        map.insert(
            prost_reflect::MapKey::String("x\0".into()),
            Value::Message(value),
        );
        return vec![("NUL in a map".into(), Value::Map(map))];
    }
    values
}

/// Real IDs, so hostile values also reach the paths past the lookup of a resource.
struct Ids {
    inquiry: String,
    template: String,
    link: String,
    session: String,
    webhook: String,
    event: String,
}

impl Ids {
    /// The real ID a field of `service`'s requests names, if it names one.
    fn for_field(&self, service: &str, field: &str) -> Option<&str> {
        Some(match (service, field) {
            ("InquiryService", "id") | (_, "inquiry_id") => &self.inquiry,
            ("InquiryTemplateService", "id") | (_, "inquiry_template_id") => &self.template,
            ("OneTimeLinkService", "id") => &self.link,
            ("SessionService", "id") => &self.session,
            ("WebhookService", "id") | (_, "webhook_id") => &self.webhook,
            (_, "event_id") => &self.event,
            _ => return None,
        })
    }

    /// `message` with every ID field (here and one level down) set to a real ID.
    fn fill(&self, service: &str, message: &mut DynamicMessage) {
        for field in message.descriptor().fields() {
            if let Some(id) = self.for_field(service, field.name()) {
                message.set_field(&field, Value::String(id.to_owned()));
            } else if let Kind::Message(inner) = field.kind() {
                if inner.package_name() == "verilink.v1" && !field.is_list() && !field.is_map() {
                    let mut child = DynamicMessage::new(inner);
                    self.fill(service, &mut child);
                    message.set_field(&field, Value::Message(child));
                }
            }
        }
    }
}

/// Every request (with a description) the sweep sends to `method`: each hostile value in each
/// field, at the top level and inside message fields one level down, once on an empty request
/// and once on a request whose other ID fields name real resources.
fn requests(method: &MethodDescriptor, ids: &Ids) -> Vec<(String, Vec<u8>)> {
    let input = method.input();
    let service = method.parent_service().name().to_owned();
    let mut based = DynamicMessage::new(input.clone());
    ids.fill(&service, &mut based);
    let mut out = vec![(
        "empty request".to_owned(),
        DynamicMessage::new(input.clone()),
    )];
    for (base_name, base) in [
        ("", DynamicMessage::new(input.clone())),
        (" (real IDs)", based),
    ] {
        for field in input.fields() {
            for (what, value) in hostile(&field) {
                let mut m = base.clone();
                m.set_field(&field, value);
                out.push((format!("{} = {what}{base_name}", field.name()), m));
            }
            let plain = !field.is_list() && !field.is_map();
            if let (Kind::Message(inner), true) = (field.kind(), plain) {
                if inner.package_name() == "verilink.v1" {
                    out.extend(nested(&base, &field, &inner, base_name));
                }
            }
        }
    }
    let mut out: Vec<(String, Vec<u8>)> = out
        .into_iter()
        .map(|(what, message)| (what, message.encode_to_vec()))
        .collect();
    // Bytes that are not a valid message: a string that is not UTF-8, a field cut short.
    for field in input.fields().filter(|f| f.kind() == Kind::String) {
        let tag = u8::try_from(field.number() << 3 | 2).expect("a one-byte tag");
        out.push((format!("{} = not UTF-8", field.name()), vec![tag, 1, 0xff]));
    }
    out.push(("a field cut short".into(), vec![0x0a, 9, 0x2a]));
    out
}

fn nested(
    base: &DynamicMessage,
    field: &FieldDescriptor,
    inner: &MessageDescriptor,
    base_name: &str,
) -> Vec<(String, DynamicMessage)> {
    let child_base = match base.get_field(field).as_message() {
        Some(child) => child.clone(),
        None => DynamicMessage::new(inner.clone()),
    };
    let mut out = Vec::new();
    for inner_field in inner.fields() {
        for (what, value) in hostile(&inner_field) {
            let mut child = child_base.clone();
            child.set_field(&inner_field, value);
            let mut m = base.clone();
            m.set_field(field, Value::Message(child));
            let name = format!(
                "{}.{} = {what}{base_name}",
                field.name(),
                inner_field.name()
            );
            out.push((name, m));
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_hostile_value_to_any_rpc_is_an_internal_error() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let inquiry = create_inquiry(&client, &org.sandbox_template, "hostile").await;
    let link = generate_link(&client, &inquiry.id).await;
    let redeemed = redeem(&server.addr, &link.code).await.expect("redeem");
    let session_token = redeemed.session_token;
    let webhook = client
        .webhooks()
        .create_webhook(pb::CreateWebhookRequest {
            webhook: Some(pb::Webhook {
                url: "https://hooks.example.com/verilink".into(),
                enabled_events: vec!["*".into()],
                ..Default::default()
            }),
        })
        .await
        .expect("webhook")
        .into_inner()
        .webhook
        .expect("webhook");
    let event = {
        let url = server.db.url.clone();
        let id = inquiry.id.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = diesel::Connection::establish(&url).expect("connect");
            verilink::store::events::for_inquiry(&mut conn, &id).expect("events")[0]
                .id
                .clone()
        })
        .await
        .expect("event")
    };
    let ids = Ids {
        inquiry: inquiry.id.clone(),
        template: org.sandbox_template.clone(),
        link: link.one_time_link.expect("link").id,
        session: redeemed.session.expect("session").id,
        webhook: webhook.id,
        event,
    };
    let channel = tonic::transport::Channel::from_shared(server.addr.clone())
        .expect("address")
        .connect()
        .await
        .expect("connect");
    let pool = verilink::contract::json::pool().expect("descriptors");
    let mut calls = 0;
    let mut methods = 0;
    let mut bad = Vec::new();
    for service in pool
        .services()
        .filter(|s| s.package_name() == "verilink.v1")
    {
        for method in service.methods() {
            methods += 1;
            let credential = match method.name() {
                "RedeemOneTimeLink" => "",
                "GetCurrentSession" | "SubmitSession" => session_token.as_str(),
                _ => org.sandbox_key.as_str(),
            };
            for (what, request) in requests(&method, &ids) {
                calls += 1;
                let Err(status) = call(&channel, &method, &request, credential).await else {
                    continue;
                };
                use verilink_client::tonic_types::StatusExt;
                let ours = status
                    .get_details_error_info()
                    .is_some_and(|info| info.domain == "verilink.dev");
                if matches!(
                    status.code(),
                    Code::Internal | Code::Unknown | Code::DataLoss
                ) || !ours
                {
                    bad.push(format!(
                        "{}/{} with {what}: {:?} {}",
                        service.name(),
                        method.name(),
                        status.code(),
                        status.message()
                    ));
                }
            }
        }
    }
    assert!(
        bad.is_empty(),
        "{} of {calls} answers were not client errors:\n{}",
        bad.len(),
        bad.join("\n")
    );
    assert_eq!(methods, 42, "every RPC of the contract");
    assert!(calls > 1700, "the sweep sent {calls} hostile requests");
}

fn with_nul_note(template: &str) -> pb::CreateInquiryRequest {
    pb::CreateInquiryRequest {
        inquiry: Some(pb::Inquiry {
            inquiry_template_id: template.into(),
            note: "a\0b".into(),
            ..Default::default()
        }),
        create_one_time_link: false,
        ..Default::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_promised_refusals_name_their_field() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let inquiry = create_inquiry(&client, &org.sandbox_template, "r").await;

    let nul_note = client
        .inquiries()
        .create_inquiry(with_nul_note(&org.sandbox_template))
        .await;
    assert_eq!(violated_fields(nul_note), ["inquiry.note"]);
    let nul_reference = client
        .inquiries()
        .list_inquiries(pb::ListInquiriesRequest {
            reference_id: "a\0".into(),
            ..Default::default()
        })
        .await;
    assert_eq!(violated_fields(nul_reference), ["reference_id"]);
    let ancient = client
        .inquiries()
        .list_inquiries(pb::ListInquiriesRequest {
            create_time_after: Some(prost_types::Timestamp {
                seconds: -500_000_000_000,
                nanos: 0,
            }),
            ..Default::default()
        })
        .await;
    assert_eq!(violated_fields(ancient), ["create_time_after"]);
    let nul_comment = client
        .inquiries()
        .approve_inquiry(pb::ApproveInquiryRequest {
            id: inquiry.id.clone(),
            comment: "\0".into(),
        })
        .await;
    assert_eq!(violated_fields(nul_comment), ["comment"]);
    let nul_name = client
        .templates()
        .create_inquiry_template(pb::CreateInquiryTemplateRequest {
            inquiry_template: Some(pb::InquiryTemplate {
                name: "K\0YC".into(),
                ..Default::default()
            }),
        })
        .await;
    assert_eq!(violated_fields(nul_name), ["name"]);
    let nul_field = client
        .inquiries()
        .update_inquiry(pb::UpdateInquiryRequest {
            inquiry: Some(pb::Inquiry {
                id: inquiry.id.clone(),
                fields: [("name_first".to_owned(), crate::common::string_field("A\0"))].into(),
                ..Default::default()
            }),
            update_mask: None,
        })
        .await;
    assert_eq!(
        violated_fields(nul_field),
        ["inquiry.fields[\"name_first\"]"]
    );

    // Page tokens the service did not issue, or that were edited, on every List RPC.
    let forged = "eyJ0IjotOTk5OTk5OTk5OTk5OTk5LCJpIjoieCIsImYiOiJ4In0.AAAAAAAAAAAAAAAAAAAAAA";
    let listed = client
        .inquiries()
        .list_inquiries(pb::ListInquiriesRequest {
            page_size: 1,
            ..Default::default()
        })
        .await
        .expect("list");
    create_inquiry(&client, &org.sandbox_template, "second").await;
    let _ = listed;
    let page = client
        .inquiries()
        .list_inquiries(pb::ListInquiriesRequest {
            page_size: 1,
            ..Default::default()
        })
        .await
        .expect("list")
        .into_inner();
    let (payload, signature) = page.next_page_token.rsplit_once('.').expect("signed token");
    let edited = format!("{}A.{signature}", &payload[..payload.len() - 1]);
    for token in [forged.to_owned(), edited] {
        let refused = client
            .inquiries()
            .list_inquiries(pb::ListInquiriesRequest {
                page_size: 1,
                page_token: token.clone(),
                ..Default::default()
            })
            .await;
        assert_eq!(violated_fields(refused), ["page_token"]);
        let links = client
            .one_time_links()
            .list_one_time_links(pb::ListOneTimeLinksRequest {
                inquiry_id: inquiry.id.clone(),
                page_token: token.clone(),
                ..Default::default()
            })
            .await;
        assert_eq!(violated_fields(links), ["page_token"]);
        let templates = client
            .templates()
            .list_inquiry_templates(pb::ListInquiryTemplatesRequest {
                page_token: token,
                ..Default::default()
            })
            .await;
        assert_eq!(violated_fields(templates), ["page_token"]);
    }

    let webhook = client
        .webhooks()
        .create_webhook(pb::CreateWebhookRequest {
            webhook: Some(pb::Webhook {
                url: "https://hooks.example.com/verilink".into(),
                enabled_events: vec!["*".into()],
                ..Default::default()
            }),
        })
        .await
        .expect("webhook")
        .into_inner()
        .webhook
        .expect("webhook");
    let grace = client
        .webhooks()
        .rotate_webhook_secret(pb::RotateWebhookSecretRequest {
            id: webhook.id,
            grace_period: Some(prost_types::Duration {
                seconds: 60,
                nanos: 1_000_000_000,
            }),
        })
        .await;
    assert_eq!(violated_fields(grace), ["grace_period"]);

    let long_key = client
        .inquiries()
        .create_inquiry(
            verilink_client::idempotent(
                with_nul_note(&org.sandbox_template),
                &"k".repeat(16 * 1024),
            )
            .expect("key"),
        )
        .await;
    assert_eq!(violated_fields(long_key), ["idempotency-key"]);
    let wrong_prefix = client
        .inquiries()
        .get_inquiry(pb::GetInquiryRequest {
            id: "itmpl_AAAAAAAAAAAAAAAAAAAAAAAA".into(),
        })
        .await;
    assert_eq!(violated_fields(wrong_prefix), ["id"]);
    let anonymous = server.client("").await;
    let user_agent = anonymous
        .one_time_links()
        .redeem_one_time_link(pb::RedeemOneTimeLinkRequest {
            code: "AAAAAAAAAA".into(),
            client_ip: String::new(),
            user_agent: "curl\0".into(),
        })
        .await;
    assert_eq!(violated_fields(user_agent), ["user_agent"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_over_4_mib_is_resource_exhausted_with_error_info() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let with_note = |bytes: usize| pb::CreateInquiryRequest {
        inquiry: Some(pb::Inquiry {
            inquiry_template_id: org.sandbox_template.clone(),
            note: "n".repeat(bytes),
            ..Default::default()
        }),
        ..Default::default()
    };
    let huge = client
        .inquiries()
        .create_inquiry(with_note(5 * 1024 * 1024))
        .await;
    let status = crate::common::assert_error(huge, Code::ResourceExhausted, "MESSAGE_TOO_LARGE");
    assert!(
        status.message().contains("over the limit of 4194304 bytes"),
        "{status:?}"
    );
    // Just under the limit the message is read, and judged by its fields.
    let large = client
        .inquiries()
        .create_inquiry(with_note(4 * 1024 * 1024 - 100))
        .await;
    assert_eq!(violated_fields(large), ["inquiry.note"]);
    client
        .inquiries()
        .list_inquiries(pb::ListInquiriesRequest::default())
        .await
        .expect("the connection serves on");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_that_is_not_valid_protobuf_is_invalid_argument_naming_the_field() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let channel = tonic::transport::Endpoint::from_shared(server.addr.clone())
        .expect("endpoint")
        .connect()
        .await
        .expect("connect");
    let mut grpc = tonic::client::Grpc::new(channel);
    let send = |bytes: Vec<u8>| {
        let mut request = tonic::Request::new(bytes);
        request.metadata_mut().insert(
            "authorization",
            format!("Bearer {}", org.sandbox_key)
                .parse()
                .expect("header"),
        );
        request
    };
    // CreateInquiryRequest { inquiry: { reference_id: b"\xff" } }, and the same cut short.
    let path = http::uri::PathAndQuery::from_static("/verilink.v1.InquiryService/CreateInquiry");
    for (bytes, field) in [
        (vec![0x0a, 3, 0x2a, 1, 0xff], "inquiry.reference_id"),
        (vec![0x0a, 9, 0x2a], "inquiry"),
    ] {
        grpc.ready().await.expect("ready");
        let answer = grpc.unary(send(bytes), path.clone(), Raw).await;
        assert_eq!(violated_fields(answer), [field]);
    }
}
