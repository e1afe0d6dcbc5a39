//! Reading Persona's requests — JSON:API bodies (`data.attributes`, `meta`) with keys in any
//! inflection, and list queries (`filter[…]`, `page[…]`) — into the request messages a gRPC
//! caller would send, decoded by the same code (`api::decode`) into the same validated
//! commands. Only what Persona's shapes add is read here: plain field values typed by the
//! template, `page[after]`, and the attributes Verilink refuses rather than ignores.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::error::Failure;
use crate::app::inquiries::{CreateInquiry, UpdateInquiry};
use crate::contract::convert;
use crate::contract::persona::{field_kind, snake_keys};
use crate::domain::collect::{typed_prefill, CollectedField};
use crate::domain::error::{quoted, Violations};
use crate::domain::ids::IdKind;
use crate::domain::inquiry::{check_fields, InquiryPatch, RawFieldValue};
use crate::domain::Error;
use crate::pb;

mod list;
pub use list::*;

/// A request body's `data.attributes` and `meta` (Persona reads `meta` beside `data` and
/// inside it), keys in snake_case.
#[derive(Debug, Default)]
pub struct Body {
    pub attributes: Section,
    pub meta: Section,
}

/// One object of a body, named as the caller wrote it (for messages).
#[derive(Debug, Default)]
pub struct Section {
    name: &'static str,
    map: Map<String, Value>,
}

fn object(value: Option<&Value>, name: &str) -> Result<Map<String, Value>, Failure> {
    match value {
        None | Some(Value::Null) => Ok(Map::new()),
        Some(Value::Object(map)) => Ok(map.clone()),
        Some(_) => Err(Failure::bad_request(format!("{name} must be an object"))),
    }
}

impl Body {
    /// An empty body is an empty document; anything else must be a JSON object.
    pub fn parse(bytes: &[u8]) -> Result<Self, Failure> {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(Body::default());
        }
        let value: Value = serde_json::from_slice(bytes)
            .map_err(|e| Failure::bad_request(format!("the body is not JSON: {e}")))?;
        let document = object(Some(&snake_keys(value)), "the body")?;
        let data = object(document.get("data"), "data")?;
        let mut meta = object(data.get("meta"), "data.meta")?;
        meta.extend(object(document.get("meta"), "meta")?);
        Ok(Body {
            attributes: Section {
                name: "data.attributes",
                map: object(data.get("attributes"), "data.attributes")?,
            },
            meta: Section {
                name: "meta",
                map: meta,
            },
        })
    }
}

impl Section {
    /// The value of `key` unless it is absent or `null`.
    fn get(&self, key: &str) -> Option<&Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    fn wrong(&self, key: &str, what: &str) -> Failure {
        Failure::bad_request(format!(
            "{}.{} must be {what}",
            self.name,
            key.replace('_', "-")
        ))
    }

    pub fn string(&self, key: &str) -> Result<Option<String>, Failure> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(self.wrong(key, "a string")),
        }
    }

    fn flag(&self, key: &str) -> Result<bool, Failure> {
        match self.get(key) {
            None => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(self.wrong(key, "true or false")),
        }
    }

    fn strings(&self, key: &str) -> Result<Option<Vec<String>>, Failure> {
        let Some(value) = self.get(key) else {
            return Ok(None);
        };
        value
            .as_array()
            .and_then(|items| {
                items
                    .iter()
                    .map(|item| item.as_str().map(str::to_owned))
                    .collect::<Option<Vec<_>>>()
            })
            .map(Some)
            .ok_or_else(|| self.wrong(key, "a list of strings"))
    }

    /// A whole, non-negative number of seconds, as a duration.
    fn seconds(&self, key: &str) -> Result<Option<prost_types::Duration>, Failure> {
        match self.get(key) {
            None => Ok(None),
            Some(value) => value
                .as_i64()
                .filter(|s| *s >= 0)
                .map(|seconds| Some(prost_types::Duration { seconds, nanos: 0 }))
                .ok_or_else(|| self.wrong(key, "a whole number of seconds")),
        }
    }

    /// Refuses keys Persona has whose meaning Verilink cannot honour (rather than ignoring
    /// them and doing something else than asked).
    fn refuse(&self, unsupported: &[(&str, &str)]) -> Result<(), Failure> {
        for (key, instead) in unsupported {
            let set = match self.get(key) {
                None | Some(Value::Bool(false)) => false,
                Some(_) => true,
            };
            if set {
                let what = format!("{}.{}", self.name, key.replace('_', "-"));
                return Err(Failure::unsupported(&what, instead));
            }
        }
        Ok(())
    }
}

const UNSUPPORTED_ATTRIBUTES: &[(&str, &str)] = &[
    ("account_id", "Verilink has no accounts; use reference-id"),
    (
        "inquiry_template_version_id",
        "name the template with inquiry-template-id",
    ),
    ("redirect_uri", "set the template's redirect_uri"),
    ("initial_step_name", "Verilink's hosted flow has one step"),
];

const UNSUPPORTED_CREATE_META: &[(&str, &str)] = &[
    (
        "auto_create_inquiry_session",
        "call POST /api/v1/inquiries/{id}/resume for a session token",
    ),
    (
        "one_time_link_expiration_seconds",
        "links last the template's one_time_link_ttl, or call generate-one-time-link with meta.expires-in-seconds",
    ),
];

/// Persona's `fields`: plain values typed by the template's collected fields, or
/// `{"type", "value"}` objects; `null` is `None` (skipped on create, removed on update).
fn typed_fields(
    fields: &Map<String, Value>,
    collected: &[CollectedField],
) -> Result<BTreeMap<String, Option<RawFieldValue>>, Error> {
    let mut v = Violations::default();
    let mut typed = BTreeMap::new();
    for (name, value) in fields {
        let path = format!("inquiry.fields[{}]", quoted(name));
        let declared = collected.iter().find(|f| f.name == *name).map(|f| f.kind);
        let (kind, value) = match value {
            Value::Object(o) => match (o.get("type").and_then(Value::as_str), o.get("value")) {
                (Some(t), Some(value)) if field_kind(t).is_some() => (field_kind(t), value),
                _ => {
                    v.add(
                        &path,
                        "must be a plain value or {\"type\": \"string\" | \"date\" | \"boolean\" | \"number\", \"value\": …}",
                    );
                    continue;
                }
            },
            plain => (declared, plain),
        };
        if value.is_null() {
            typed.insert(name.clone(), None);
        } else if let Some(raw) = v.check(typed_prefill(&path, kind, value)) {
            typed.insert(name.clone(), Some(raw));
        }
    }
    v.into_result()?;
    Ok(typed)
}

fn fields_of(section: &Section) -> Result<Option<Map<String, Value>>, Failure> {
    match section.get("fields") {
        None => Ok(None),
        Some(Value::Object(map)) => Ok(Some(map.clone())),
        Some(_) => Err(section.wrong("fields", "an object")),
    }
}

/// `POST /api/v1/inquiries`, read up to the point where the template's fields type it.
pub struct Create {
    pub template_id: String,
    message: pb::CreateInquiryRequest,
    fields: Map<String, Value>,
}

impl Create {
    pub fn read(body: &Body) -> Result<Self, Failure> {
        let (attributes, meta) = (&body.attributes, &body.meta);
        attributes.refuse(UNSUPPORTED_ATTRIBUTES)?;
        meta.refuse(UNSUPPORTED_CREATE_META)?;
        let template_id = match attributes.string("inquiry_template_id")? {
            Some(id) => id,
            None => attributes.string("template_id")?.unwrap_or_default(),
        };
        let template_id =
            IdKind::InquiryTemplate.parse("inquiry.inquiry_template_id", &template_id)?;
        let inquiry = pb::Inquiry {
            inquiry_template_id: template_id.clone(),
            reference_id: attributes.string("reference_id")?.unwrap_or_default(),
            note: attributes.string("note")?.unwrap_or_default(),
            tags: attributes.strings("tags")?.unwrap_or_default(),
            expire_after_create: meta.seconds("expiration_after_create_interval_seconds")?,
            expire_after_start: meta.seconds("expiration_after_start_interval_seconds")?,
            expire_after_resume: meta.seconds("expiration_after_resume_interval_seconds")?,
            ..Default::default()
        };
        Ok(Create {
            template_id,
            message: pb::CreateInquiryRequest {
                inquiry: Some(inquiry),
                create_one_time_link: meta.flag("auto_create_one_time_link")?,
                ..Default::default()
            },
            fields: fields_of(attributes)?.unwrap_or_default(),
        })
    }

    /// The command, with the fields typed by the template's collected fields; every
    /// problem, of typing or of the values, reported at once.
    pub fn command(mut self, collected: &[CollectedField]) -> Result<CreateInquiry, Failure> {
        let mut v = Violations::default();
        let typed = v.check(typed_fields(&self.fields, collected));
        if let Some(inquiry) = self.message.inquiry.as_mut() {
            inquiry.fields = typed
                .unwrap_or_default()
                .iter()
                .filter_map(|(name, raw)| {
                    Some((name.clone(), convert::raw_field_message(raw.as_ref()?)))
                })
                .collect();
        }
        let command = v.check(CreateInquiry::try_from(self.message));
        v.into_result()?;
        command.ok_or_else(|| Failure::bad_request("the inquiry cannot be read"))
    }
}

/// `PATCH /api/v1/inquiries/{id}`: note, reference ID and tags replaced, fields merged.
pub struct Update {
    message: pb::UpdateInquiryRequest,
    fields: Option<Map<String, Value>>,
}

impl Update {
    pub fn read(id: &str, body: &Body) -> Result<Self, Failure> {
        let attributes = &body.attributes;
        attributes.refuse(UNSUPPORTED_ATTRIBUTES)?;
        let mut paths = Vec::new();
        let mut inquiry = pb::Inquiry {
            id: id.to_owned(),
            ..Default::default()
        };
        if attributes.has("note") {
            inquiry.note = attributes.string("note")?.unwrap_or_default();
            paths.push("note".to_owned());
        }
        if attributes.has("reference_id") {
            inquiry.reference_id = attributes.string("reference_id")?.unwrap_or_default();
            paths.push("reference_id".to_owned());
        }
        if attributes.has("tags") {
            inquiry.tags = attributes.strings("tags")?.unwrap_or_default();
            paths.push("tags".to_owned());
        }
        let fields = fields_of(attributes)?;
        if paths.is_empty() && fields.is_none() {
            return Err(Failure::bad_request(
                "data.attributes names nothing to update: note, reference-id, tags or fields",
            ));
        }
        Ok(Update {
            message: pb::UpdateInquiryRequest {
                inquiry: Some(inquiry),
                update_mask: Some(prost_types::FieldMask { paths }),
            },
            fields,
        })
    }

    /// Whether fields are to be merged (and so typed by the inquiry's template).
    pub fn has_fields(&self) -> bool {
        self.fields.is_some()
    }

    /// The command, with the fields to merge typed by the template's collected fields.
    pub fn command(self, collected: &[CollectedField]) -> Result<UpdateInquiry, Failure> {
        let has_paths = self
            .message
            .update_mask
            .as_ref()
            .is_some_and(|m| !m.paths.is_empty());
        let mut update = if has_paths {
            UpdateInquiry::try_from(self.message)?
        } else {
            let id = self.message.inquiry.map(|i| i.id).unwrap_or_default();
            UpdateInquiry {
                id: IdKind::Inquiry.parse("id", &id)?,
                patch: InquiryPatch::default(),
            }
        };
        if let Some(fields) = &self.fields {
            update.patch.merge_fields = Some(merged(typed_fields(fields, collected)?)?);
        }
        Ok(update)
    }
}

/// Typed values checked as any field is; `None` removes a field.
fn merged(
    typed: BTreeMap<String, Option<RawFieldValue>>,
) -> Result<BTreeMap<String, Option<crate::domain::inquiry::FieldValue>>, Error> {
    let present = typed
        .iter()
        .filter_map(|(name, raw)| Some((name.clone(), raw.clone()?)))
        .collect();
    let mut checked: BTreeMap<_, _> = check_fields("inquiry.fields", &present)?
        .into_iter()
        .map(|(name, value)| (name, Some(value)))
        .collect();
    for (name, raw) in typed {
        if raw.is_none() {
            checked.insert(name, None);
        }
    }
    Ok(checked)
}

/// An action's `meta.comment` (approve, decline, mark-for-review).
pub fn comment(body: &Body) -> Result<String, Failure> {
    Ok(body.meta.string("comment")?.unwrap_or_default())
}

/// `meta.tag-name` of add-tag and remove-tag.
pub fn tag_name(body: &Body) -> Result<String, Failure> {
    body.meta
        .refuse(&[("tag_id", "name the tag with meta.tag-name")])?;
    body.meta
        .string("tag_name")?
        .ok_or_else(|| body.meta.wrong("tag_name", "a tag"))
}

/// `meta.tag-name` of set-tags: the whole list.
pub fn tag_names(body: &Body) -> Result<Vec<String>, Failure> {
    body.meta
        .refuse(&[("tag_id", "name the tags with meta.tag-name")])?;
    Ok(body.meta.strings("tag_name")?.unwrap_or_default())
}

/// `meta.expires-in-seconds` of generate-one-time-link.
pub fn link_lifetime(body: &Body) -> Result<Option<prost_types::Duration>, Failure> {
    body.meta.seconds("expires_in_seconds")
}

#[cfg(test)]
mod tests;
