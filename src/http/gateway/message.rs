//! A REST request as the RPC's request message, and the RPC's answer as JSON, both in the
//! proto3 JSON mapping. The request is assembled as one JSON object — the body where the rule
//! puts it, path variables and query parameters at their fields — and then read by
//! prost-reflect, so every field accepts exactly what the canonical mapping allows (both
//! spellings of names, enums by name, RFC 3339 timestamps, `"3600s"` durations) and unknown
//! fields are refused with the path of the offending value.

use prost_reflect::{DeserializeOptions, DynamicMessage, FieldDescriptor, Kind, MessageDescriptor};
use serde_json::{Map, Value};

use super::routes::{Binding, BodyBinding, Route};
use crate::contract::json;
use crate::domain::error::Violations;
use crate::domain::Error;
use crate::http::json::{self as body_json, Refused};
use crate::http::urlencoded;

/// The parts of a REST request that carry fields.
pub struct Parts<'a> {
    pub bindings: Vec<Binding>,
    pub query: Option<&'a str>,
    pub body: &'a [u8],
    /// Set last, over anything the query said (`Last-Event-ID` resuming a stream).
    pub overrides: Vec<Binding>,
}

/// The request message of `route`'s RPC.
pub fn request(route: &Route, parts: Parts<'_>) -> Result<DynamicMessage, Error> {
    let input = route.rpc.input();
    let mut root = body_object(route, parts.body)?;
    let mut violations = Violations::default();
    for (fields, value) in &parts.bindings {
        let set = set(&mut root, fields, value, Setting::Path);
        violations.check(set.map_err(|why| Error::invalid(dotted(fields), why)));
    }
    if let Some(query) = parts.query {
        let pairs = urlencoded::parse(query.as_bytes())?;
        for (name, value) in pairs {
            violations.check(query_parameter(route, &input, &mut root, &name, &value));
        }
    }
    for (fields, value) in &parts.overrides {
        let set = set(&mut root, fields, value, Setting::Override);
        violations.check(set.map_err(|why| Error::invalid(dotted(fields), why)));
    }
    violations.into_result()?;
    decode(&input, Value::Object(root))
}

/// The body as the start of the request object, where the rule puts it.
fn body_object(route: &Route, body: &[u8]) -> Result<Map<String, Value>, Error> {
    let empty = body.iter().all(u8::is_ascii_whitespace);
    if empty {
        return Ok(Map::new());
    }
    if route.body == BodyBinding::None {
        return Err(Error::invalid(
            "body",
            format!(
                "{} {} takes no body; send its fields as query parameters",
                route.http_method, route.template
            ),
        ));
    }
    // Paths from the request message, as decoding names them: under the body's field if the
    // body is one field.
    let within = match &route.body {
        BodyBinding::Field(field) => format!("{}.", field.json_name()),
        _ => String::new(),
    };
    let value = body_json::parse(body, body_json::as_written).map_err(|refused| match refused {
        Refused::Malformed(m) => {
            let field = if m.path.is_empty() {
                "body".to_owned()
            } else {
                m.path
            };
            Error::invalid(field, format!("malformed JSON: {}", m.error))
        }
        Refused::Repeated(repeat) => {
            Error::invalid(format!("{within}{}", repeat.path), repeat.description())
        }
    })?;
    match (&route.body, value) {
        (BodyBinding::Whole, Value::Object(object)) => {
            check_spellings(&route.rpc.input(), &object, &within)?;
            Ok(object)
        }
        (BodyBinding::Whole, _) => Err(Error::invalid("body", "must be a JSON object")),
        (BodyBinding::Field(field), value) => {
            if let (Kind::Message(message), Value::Object(object)) = (field.kind(), &value) {
                check_spellings(&message, object, &within)?;
            }
            Ok(Map::from_iter([(field.json_name().to_owned(), value)]))
        }
        (BodyBinding::None, _) => Ok(Map::new()),
    }
}

/// Refuses a field given under both of its names (`redirectUri` and `redirect_uri`) in
/// `object`, a `message`, or in the messages within it: the mapping would read them as one
/// field set twice, keeping whichever came last. `path` is where `object` is (`inquiry.`).
fn check_spellings(
    message: &MessageDescriptor,
    object: &Map<String, Value>,
    path: &str,
) -> Result<(), Error> {
    for (key, value) in object {
        let Some(field) = message.get_field_by_json_name(key) else {
            // Under its proto name (checked from its JSON name), or unknown (decoding refuses).
            if let Some(field) = message.get_field_by_name(key) {
                check_values(&field, value, &format!("{path}{key}"))?;
            }
            continue;
        };
        if field.name() != key && object.contains_key(field.name()) {
            return Err(Error::invalid(
                format!("{path}{}", field.name()),
                format!("is given twice, as {key} and {}", field.name()),
            ));
        }
        check_values(&field, value, &format!("{path}{key}"))?;
    }
    Ok(())
}

/// [`check_spellings`] in the messages `value` holds as `field` (one, a list or a map's
/// values) at `path`; the well-known types have a JSON form of their own and are left alone.
fn check_values(field: &FieldDescriptor, value: &Value, path: &str) -> Result<(), Error> {
    let message = match field.kind() {
        Kind::Message(message) if field.is_map() => match message.map_entry_value_field().kind() {
            Kind::Message(values) => values,
            _ => return Ok(()),
        },
        Kind::Message(message) => message,
        _ => return Ok(()),
    };
    if message.package_name() == "google.protobuf" {
        return Ok(());
    }
    match value {
        Value::Object(object) if field.is_map() => {
            for (key, entry) in object {
                if let Value::Object(entry) = entry {
                    check_spellings(&message, entry, &format!("{path}.{key}."))?;
                }
            }
        }
        Value::Object(object) => check_spellings(&message, object, &format!("{path}."))?,
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                if let Value::Object(item) = item {
                    check_spellings(&message, item, &format!("{path}[{index}]."))?;
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// Reads the assembled object as the request message; a refusal names the offending value
/// by its path (`inquiry.tags[2]`).
fn decode(input: &MessageDescriptor, object: Value) -> Result<DynamicMessage, Error> {
    let options = DeserializeOptions::new().deny_unknown_fields(true);
    let mut track = serde_path_to_error::Track::new();
    let deserializer = serde_path_to_error::Deserializer::new(object, &mut track);
    DynamicMessage::deserialize_with_options(input.clone(), deserializer, &options).map_err(|err| {
        let path = track.path().to_string();
        let field = if path == "." { "body".to_owned() } else { path };
        Error::invalid(field, err.to_string())
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Setting {
    /// A path variable: the body may hold the same value, not another.
    Path,
    /// A query parameter: one value, or one more element of a repeated field.
    Query,
    /// Replaces whatever is there.
    Override,
}

/// The key of `field` in `object`: whichever spelling the client used, else the JSON name.
fn key_of(object: &Map<String, Value>, field: &FieldDescriptor) -> String {
    if object.contains_key(field.name()) && !object.contains_key(field.json_name()) {
        field.name().to_owned()
    } else {
        field.json_name().to_owned()
    }
}

/// Sets `fields` (a path from the request message) to `text`, converted to the JSON the
/// leaf field's type takes; a refusal says why.
fn set(
    root: &mut Map<String, Value>,
    fields: &[FieldDescriptor],
    text: &str,
    how: Setting,
) -> Result<(), String> {
    let Some((leaf, parents)) = fields.split_last() else {
        return Ok(());
    };
    let mut object = root;
    for field in parents {
        let key = key_of(object, field);
        let slot = object
            .entry(key)
            .or_insert_with(|| Value::Object(Map::new()));
        object = match slot {
            Value::Object(inner) => inner,
            _ => return Err(format!("{} must be a JSON object", field.json_name())),
        };
    }
    let value = scalar(leaf, text)?;
    let key = key_of(object, leaf);
    match (how, object.get_mut(&key)) {
        (Setting::Path, Some(existing)) if *existing != value => Err(format!(
            "is {text:?} in the path but {existing} in the body"
        )),
        (Setting::Query, Some(Value::Array(values))) if leaf.is_list() => {
            values.push(value);
            Ok(())
        }
        (Setting::Query, Some(Value::String(paths))) if is_field_mask(leaf) => {
            paths.push(',');
            paths.push_str(text);
            Ok(())
        }
        (Setting::Query, Some(_)) => Err("is given more than once".into()),
        _ => {
            let value = if leaf.is_list() {
                Value::Array(vec![value])
            } else {
                value
            };
            object.remove(leaf.name());
            object.insert(leaf.json_name().to_owned(), value);
            Ok(())
        }
    }
}

fn dotted(fields: &[FieldDescriptor]) -> String {
    let names: Vec<&str> = fields.iter().map(FieldDescriptor::name).collect();
    names.join(".")
}

/// One query parameter (`pageSize`, `page_size`, `createTimeAfter`, `inquiry.note`, …).
fn query_parameter(
    route: &Route,
    input: &MessageDescriptor,
    root: &mut Map<String, Value>,
    name: &str,
    value: &str,
) -> Result<(), Error> {
    let refuse = |why: &str| Err(Error::invalid(name, why));
    if route.body == BodyBinding::Whole {
        return refuse("is not a query parameter here: this route takes every field from the body");
    }
    let Some(fields) = resolve(input, name) else {
        return refuse("is not a field of this request");
    };
    if let (BodyBinding::Field(body), Some(first)) = (&route.body, fields.first()) {
        if body == first {
            return refuse("is taken from the request body");
        }
    }
    if route
        .bound_paths()
        .any(|bound| fields.starts_with(&bound) || bound.starts_with(&fields))
    {
        return refuse("is set by the path");
    }
    set(root, &fields, value, Setting::Query).map_err(|why| Error::invalid(name, why))
}

/// A dotted parameter name as a path of fields, each part in either spelling.
fn resolve(input: &MessageDescriptor, name: &str) -> Option<Vec<FieldDescriptor>> {
    let mut message = input.clone();
    let mut fields = Vec::new();
    let parts: Vec<&str> = name.split('.').collect();
    for (i, part) in parts.iter().enumerate() {
        let field = message
            .get_field_by_json_name(part)
            .or_else(|| message.get_field_by_name(part))?;
        if i + 1 < parts.len() {
            match field.kind() {
                Kind::Message(next) if !field.is_list() && !field.is_map() => message = next,
                _ => return None,
            }
        }
        fields.push(field);
    }
    Some(fields)
}

fn is_field_mask(field: &FieldDescriptor) -> bool {
    matches!(field.kind(), Kind::Message(m) if m.full_name() == "google.protobuf.FieldMask")
}

/// Well-known message types written as one JSON string or number in the mapping.
fn scalar_message(message: &MessageDescriptor) -> Option<Kind> {
    match message.full_name() {
        "google.protobuf.Timestamp" | "google.protobuf.Duration" | "google.protobuf.FieldMask" => {
            Some(Kind::String)
        }
        name if name.starts_with("google.protobuf.") && name.ends_with("Value") => {
            message.get_field_by_name("value").map(|v| v.kind())
        }
        _ => None,
    }
}

/// The JSON a text (from a path or query string) stands for in `field`'s mapping. Numbers go
/// as strings, which the mapping accepts for every numeric type; bools must be spelled out.
fn scalar(field: &FieldDescriptor, text: &str) -> Result<Value, String> {
    let kind = match field.kind() {
        _ if field.is_map() => return Err("is a map: send it in the body".into()),
        Kind::Message(message) => scalar_message(&message)
            .ok_or_else(|| "is a message: send it in the body".to_owned())?,
        kind => kind,
    };
    match kind {
        Kind::Bool => match text {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(format!("must be true or false, not {text:?}")),
        },
        Kind::Enum(_) => match text.parse::<i32>() {
            Ok(number) => Ok(Value::from(number)),
            Err(_) => Ok(Value::String(text.to_owned())),
        },
        _ => Ok(Value::String(text.to_owned())),
    }
}

/// The RPC's answer (or the field `response_body` names) as JSON.
pub fn answer(route: &Route, encoded: &[u8]) -> Result<Value, String> {
    let message = DynamicMessage::decode(route.rpc.output(), encoded)
        .map_err(|e| format!("undecodable answer of {}: {e}", route.rpc.full_name()))?;
    let mut answer = json::dynamic_to_json(&message).map_err(|e| e.to_string())?;
    if let Some(field) = &route.response_body {
        answer = answer
            .get_mut(field.json_name())
            .map(Value::take)
            .unwrap_or(Value::Null);
    }
    Ok(answer)
}

#[cfg(test)]
mod tests;
