//! Reading Persona's requests — JSON:API bodies (`data.attributes`, `meta`) with keys in any
//! inflection, and list queries (`filter[…]`, `page[…]`) — into the values the use cases'
//! constructors take, which check them as they check a gRPC caller's (the errors name the
//! gRPC fields; `error` points them into Persona's request). Only what Persona's shapes add is
//! read here: plain field values typed by the template, `page[…]`, and the attributes Verilink
//! refuses rather than ignores.

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::TimeDelta;
use serde_json::{Map, Value};

use super::error::Failure;
use crate::app::inquiries::{CreateInquiry, InquiryRequest, InquiryUpdate, UpdateInquiry};
use crate::contract::persona::{field_kind, snake_key};
use crate::domain::collect::{typed_prefill, CollectedField};
use crate::domain::error::{quoted, Violations};
use crate::domain::ids::IdKind;
use crate::domain::inquiry::{InquiryDraft, RawFieldValue};
use crate::domain::seconds;
use crate::domain::Error;
use crate::http::json::{self, Refused};

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

/// A key in snake_case, as bodies are read ([`snake_key`]).
fn snake(key: &str) -> Cow<'_, str> {
    Cow::Owned(snake_key(key))
}

impl Body {
    /// An empty body is an empty document; anything else must be a JSON object, with no key
    /// given twice in one object, in one inflection or two (`referenceId` and
    /// `reference-id`), nor in both `data.meta` and `meta`.
    pub fn parse(bytes: &[u8]) -> Result<Self, Failure> {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(Body::default());
        }
        let value = json::parse(bytes, snake).map_err(|refused| match refused {
            Refused::Malformed(m) => Failure::bad_request(match m.path.as_str() {
                "" => format!("the body is not JSON: {}", m.error),
                at => format!("the body is not JSON at {at}: {}", m.error),
            }),
            Refused::Repeated(repeat) => Failure::bad_request(repeat.to_string()),
        })?;
        let document = object(Some(&value), "the body")?;
        let data = object(document.get("data"), "data")?;
        let mut meta = object(data.get("meta"), "data.meta")?;
        for (key, value) in object(document.get("meta"), "meta")? {
            if meta.contains_key(&key) {
                return Err(Failure::bad_request(format!(
                    "meta.{} is given twice: in data.meta and in meta",
                    key.replace('_', "-")
                )));
            }
            meta.insert(key, value);
        }
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

    /// A whole, non-negative number of seconds.
    fn seconds(&self, key: &str) -> Result<Option<i64>, Failure> {
        match self.get(key) {
            None => Ok(None),
            Some(value) => value
                .as_i64()
                .filter(|s| *s >= 0)
                .map(Some)
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

/// Whole seconds as the interval `field` of the use case's input.
fn interval(field: &str, whole_seconds: Option<i64>) -> Result<Option<TimeDelta>, Error> {
    whole_seconds
        .map(|s| seconds::interval(field, s, 0))
        .transpose()
}

/// `POST /api/v1/inquiries`, read up to the point where the template's fields type it.
pub struct Create {
    pub template_id: String,
    reference_id: String,
    note: String,
    tags: Vec<String>,
    /// Whole seconds after creation, start and resumption.
    expire_after: [Option<i64>; 3],
    create_one_time_link: bool,
    fields: Map<String, Value>,
}

impl Create {
    pub fn read(body: &Body) -> Result<Self, Failure> {
        let (attributes, meta) = (&body.attributes, &body.meta);
        attributes.refuse(UNSUPPORTED_ATTRIBUTES)?;
        meta.refuse(UNSUPPORTED_CREATE_META)?;
        let template_id = match (
            attributes.string("inquiry_template_id")?,
            attributes.string("template_id")?,
        ) {
            (Some(_), Some(_)) => {
                return Err(Failure::bad_request(
                    "data.attributes.inquiry-template-id and data.attributes.template-id name \
                     the same template; give one",
                ))
            }
            (Some(id), None) | (None, Some(id)) => id,
            (None, None) => String::new(),
        };
        Ok(Create {
            template_id: IdKind::InquiryTemplate
                .parse("inquiry.inquiry_template_id", &template_id)?,
            reference_id: attributes.string("reference_id")?.unwrap_or_default(),
            note: attributes.string("note")?.unwrap_or_default(),
            tags: attributes.strings("tags")?.unwrap_or_default(),
            expire_after: [
                meta.seconds("expiration_after_create_interval_seconds")?,
                meta.seconds("expiration_after_start_interval_seconds")?,
                meta.seconds("expiration_after_resume_interval_seconds")?,
            ],
            create_one_time_link: meta.flag("auto_create_one_time_link")?,
            fields: fields_of(attributes)?.unwrap_or_default(),
        })
    }

    /// The inquiry as sent, with these fields.
    fn draft(&self, fields: BTreeMap<String, RawFieldValue>) -> Result<InquiryDraft, Error> {
        let [create, start, resume] = self.expire_after;
        Ok(InquiryDraft {
            reference_id: self.reference_id.clone(),
            note: self.note.clone(),
            tags: self.tags.clone(),
            fields,
            expire_after_create: interval("inquiry.expire_after_create", create)?,
            expire_after_start: interval("inquiry.expire_after_start", start)?,
            expire_after_resume: interval("inquiry.expire_after_resume", resume)?,
        })
    }

    /// The command, with the fields typed by the template's collected fields; every
    /// problem, of typing or of the values, reported at once.
    pub fn command(self, collected: &[CollectedField]) -> Result<CreateInquiry, Failure> {
        let mut v = Violations::default();
        let typed = v.check(typed_fields(&self.fields, collected));
        let fields = typed
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(name, raw)| Some((name, raw?)))
            .collect();
        let command = v.check(self.draft(fields)).and_then(|draft| {
            v.check(CreateInquiry::new(&InquiryRequest {
                inquiry_template_id: &self.template_id,
                inquiry: &draft,
                create_one_time_link: self.create_one_time_link,
                one_time_link_recipient_email: "",
                one_time_link_language: "",
            }))
        });
        v.into_result()?;
        command.ok_or_else(|| Failure::bad_request("the inquiry cannot be read"))
    }
}

fn nothing_to_update() -> Failure {
    Failure::bad_request(
        "data.attributes names nothing to update: note, reference-id, tags or fields",
    )
}

/// `PATCH /api/v1/inquiries/{id}`: note, reference ID and tags replaced, fields merged.
pub struct Update {
    id: String,
    /// The attributes replaced.
    paths: Vec<String>,
    note: String,
    reference_id: String,
    tags: Vec<String>,
    fields: Option<Map<String, Value>>,
}

impl Update {
    pub fn read(id: &str, body: &Body) -> Result<Self, Failure> {
        let attributes = &body.attributes;
        attributes.refuse(UNSUPPORTED_ATTRIBUTES)?;
        let mut update = Update {
            id: id.to_owned(),
            paths: Vec::new(),
            note: String::new(),
            reference_id: String::new(),
            tags: Vec::new(),
            fields: None,
        };
        if attributes.has("note") {
            update.note = attributes.string("note")?.unwrap_or_default();
            update.paths.push("note".to_owned());
        }
        if attributes.has("reference_id") {
            update.reference_id = attributes.string("reference_id")?.unwrap_or_default();
            update.paths.push("reference_id".to_owned());
        }
        if attributes.has("tags") {
            update.tags = attributes.strings("tags")?.unwrap_or_default();
            update.paths.push("tags".to_owned());
        }
        update.fields = fields_of(attributes)?;
        if update.paths.is_empty() && update.fields.is_none() {
            return Err(nothing_to_update());
        }
        Ok(update)
    }

    /// Whether fields are to be merged (and so typed by the inquiry's template).
    pub fn has_fields(&self) -> bool {
        self.fields.is_some()
    }

    /// The command, with the fields to merge typed by the template's collected fields.
    pub fn command(self, collected: &[CollectedField]) -> Result<UpdateInquiry, Failure> {
        let replaced = match self.paths.is_empty() {
            true => None,
            false => Some(UpdateInquiry::new(&InquiryUpdate {
                id: &self.id,
                paths: &self.paths,
                note: &self.note,
                reference_id: &self.reference_id,
                tags: &self.tags,
                fields: &BTreeMap::new(),
            })?),
        };
        let Some(fields) = &self.fields else {
            return replaced.ok_or_else(nothing_to_update);
        };
        let typed = typed_fields(fields, collected)?;
        Ok(match replaced {
            Some(update) => update.merging(&typed)?,
            None => UpdateInquiry::merge(&self.id, &typed)?,
        })
    }
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
pub fn link_lifetime(body: &Body) -> Result<Option<TimeDelta>, Failure> {
    Ok(interval(
        "expires_in",
        body.meta.seconds("expires_in_seconds")?,
    )?)
}

#[cfg(test)]
mod tests;
