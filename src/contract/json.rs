//! The proto3 JSON mapping of the contract's messages, generated from the contract's own
//! descriptors by prost-reflect: one codec for event snapshots, webhook bodies and the export
//! document. Field names are lowerCamelCase, enums their value names, timestamps RFC 3339,
//! durations `"<seconds>s"`. Fields holding their default value are written too (empty
//! strings, lists and maps, `*_UNSPECIFIED`), so every snapshot of a kind has the same keys;
//! message fields that are not set (a time that has not happened) are left out.

use std::sync::LazyLock;

use prost::{Message, Name};
use prost_reflect::{DescriptorPool, DeserializeOptions, DynamicMessage, SerializeOptions};

/// The contract's descriptors, compiled into the binary by build.rs.
static POOL: LazyLock<Result<DescriptorPool, String>> = LazyLock::new(|| {
    DescriptorPool::decode(crate::pb::FILE_DESCRIPTOR_SET).map_err(|e| e.to_string())
});

/// The codec failed: the compiled-in descriptors do not describe a message (a build defect).
#[derive(Debug, thiserror::Error)]
#[error("proto JSON codec: {0}")]
pub struct CodecError(String);

/// The contract's descriptor pool.
pub fn pool() -> Result<&'static DescriptorPool, CodecError> {
    POOL.as_ref().map_err(|e| CodecError(e.clone()))
}

fn options() -> SerializeOptions {
    SerializeOptions::new().skip_default_fields(false)
}

/// `message` in the proto3 JSON mapping.
pub fn to_json<M: Message + Name>(message: &M) -> Result<serde_json::Value, CodecError> {
    let descriptor = pool()?
        .get_message_by_name(&M::full_name())
        .ok_or_else(|| CodecError(format!("no descriptor for {}", M::full_name())))?;
    let mut dynamic = DynamicMessage::new(descriptor);
    dynamic
        .transcode_from(message)
        .map_err(|e| CodecError(e.to_string()))?;
    dynamic_to_json(&dynamic)
}

/// A message back from its proto3 JSON mapping (an event's snapshot, read again to be shown in
/// another shape). Fields this build does not know are skipped: a snapshot written by a newer
/// replica during a rolling upgrade still reads.
pub fn from_json<M: Message + Name + Default>(value: &serde_json::Value) -> Result<M, CodecError> {
    let descriptor = pool()?
        .get_message_by_name(&M::full_name())
        .ok_or_else(|| CodecError(format!("no descriptor for {}", M::full_name())))?;
    let options = DeserializeOptions::new().deny_unknown_fields(false);
    let dynamic = DynamicMessage::deserialize_with_options(descriptor, value.clone(), &options)
        .map_err(|e| CodecError(e.to_string()))?;
    dynamic
        .transcode_to::<M>()
        .map_err(|e| CodecError(e.to_string()))
}

/// A message known only by its descriptor (the REST gateway's) in the same mapping.
pub fn dynamic_to_json(message: &DynamicMessage) -> Result<serde_json::Value, CodecError> {
    message
        .serialize_with_options(serde_json::value::Serializer, &options())
        .map_err(|e| CodecError(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pb;

    #[test]
    fn messages_use_the_canonical_mapping_with_defaults_written() {
        let link = pb::OneTimeLink {
            id: "otl_x".into(),
            status: pb::OneTimeLinkStatus::Pending as i32,
            create_time: Some(prost_types::Timestamp {
                seconds: 1_700_000_000,
                nanos: 123_456_000,
            }),
            ..Default::default()
        };
        let json = to_json(&link).unwrap();
        assert_eq!(json["id"], "otl_x");
        assert_eq!(json["inquiryId"], "", "defaults are written");
        assert_eq!(json["status"], "ONE_TIME_LINK_STATUS_PENDING");
        assert_eq!(json["createTime"], "2023-11-14T22:13:20.123456Z");
        assert!(json.get("expiresAt").is_none(), "unset times are left out");
    }

    #[test]
    fn snapshots_read_back_as_the_message_they_were() {
        let inquiry = pb::Inquiry {
            id: "inq_x".into(),
            status: pb::InquiryStatus::NeedsReview as i32,
            create_time: Some(prost_types::Timestamp {
                seconds: 1_700_000_000,
                nanos: 5_000,
            }),
            ..Default::default()
        };
        let json = to_json(&inquiry).unwrap();
        assert_eq!(from_json::<pb::Inquiry>(&json).unwrap(), inquiry);
        assert!(from_json::<pb::Inquiry>(&serde_json::json!({"status": 7.5})).is_err());
        let newer = serde_json::json!({"id": "inq_x", "someLaterField": 1});
        assert_eq!(from_json::<pb::Inquiry>(&newer).unwrap().id, "inq_x");
    }

    #[test]
    fn every_message_of_the_contract_has_a_descriptor() {
        let pool = pool().unwrap();
        for name in [
            "verilink.v1.Inquiry",
            "verilink.v1.WebhookEvent",
            "verilink.v1.Event",
        ] {
            assert!(pool.get_message_by_name(name).is_some(), "{name}");
        }
    }
}
