//! JSON request bodies (REST gateway, Persona-compatible API) read as values, strictly, a
//! failure named by where it is. A string that is not UTF-8 text, or a lone surrogate escape,
//! is refused with the path of the field that holds it (`data.attributes.name_first`). A
//! member given twice in one object, at any depth, is refused with its path: `serde_json`'s
//! `Value` would keep the last of two equal keys, so the value a check saw could differ from
//! the one a proxy, a log reader or another parser in front of the service sees; here the
//! body is read in one pass that builds the value and notices a repeat as it happens. Keys may
//! be normalized as they are read (the Persona-compatible API reads `referenceId`,
//! `reference-id` and `reference_id` as one key), and two spellings of one key are then a
//! repeat too.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;

use serde::de::{DeserializeSeed, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// Why a body is not a JSON document this service reads.
#[derive(Debug)]
pub enum Refused {
    /// Not JSON, or more than one value.
    Malformed(Malformed),
    /// A member given twice.
    Repeated(Repeat),
}

/// Why a body is not JSON, and the path of the value it failed in (empty at the top level).
#[derive(Debug)]
pub struct Malformed {
    pub path: String,
    pub error: serde_json::Error,
}

/// A member given twice: where, and how it was spelled each time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repeat {
    /// The path of the member, its keys joined by `.` and indexes in brackets
    /// (`data.attributes.tags`, `items[2].name`), the last key as the second one was spelled.
    pub path: String,
    /// The first spelling, when it was not the second's (`redirectUri` and then `redirect-uri`).
    pub first_spelling: Option<String>,
}

impl Repeat {
    /// What is wrong with the member at [`Repeat::path`].
    pub fn description(&self) -> String {
        match &self.first_spelling {
            None => "is given twice".to_owned(),
            Some(first) => format!("is given twice (also as {first})"),
        }
    }
}

impl fmt::Display for Repeat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.path, self.description())
    }
}

/// How keys are read: as written, or normalized (each key is replaced by what this returns).
pub type Keys = for<'k> fn(&'k str) -> Cow<'k, str>;

/// Keys as written.
pub fn as_written(key: &str) -> Cow<'_, str> {
    Cow::Borrowed(key)
}

/// The JSON document in `bytes`, every object's keys read through `keys` and none repeated.
pub fn parse(bytes: &[u8], keys: Keys) -> Result<Value, Refused> {
    let repeat = RefCell::new(None);
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let mut track = serde_path_to_error::Track::new();
    let seed = Seed {
        keys,
        repeat: &repeat,
    };
    let tracked = serde_path_to_error::Deserializer::new(&mut deserializer, &mut track);
    let read = seed.deserialize(tracked);
    // `.` is the top level, `?` a place not yet known.
    let path = track.path().to_string();
    let path = path.trim_end_matches('?').trim_end_matches('.');
    if let Some(mut repeat) = repeat.into_inner() {
        // Refused in the object at `path`, before its value was read.
        if !path.is_empty() {
            repeat.path = format!("{path}.{}", repeat.path);
        }
        return Err(Refused::Repeated(repeat));
    }
    let value = read.map_err(|error| {
        // A document cut short is wrong as a whole, not at the value it stopped in.
        let path = match error.is_eof() {
            true => "",
            false => path,
        };
        Refused::Malformed(Malformed {
            path: path.to_owned(),
            error,
        })
    })?;
    deserializer.end().map_err(|error| {
        Refused::Malformed(Malformed {
            path: String::new(),
            error,
        })
    })?;
    Ok(value)
}

/// Reads one value; notes the first repeat in `repeat` (its path relative to the object it is
/// in, which the tracker knows) and stops.
#[derive(Clone, Copy)]
struct Seed<'a> {
    keys: Keys,
    repeat: &'a RefCell<Option<Repeat>>,
}

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(value) = seq.next_element_seed(self)? {
            items.push(value);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        // The spellings of keys that normalization changed, for the message of a repeat.
        let mut spellings: Vec<(String, String)> = Vec::new();
        while let Some(written) = map.next_key::<String>()? {
            let key = (self.keys)(&written).into_owned();
            if object.contains_key(&key) {
                let first = spellings
                    .iter()
                    .find(|(normalized, _)| *normalized == key)
                    .map_or(key.as_str(), |(_, spelled)| spelled.as_str());
                *self.repeat.borrow_mut() = Some(Repeat {
                    path: written.clone(),
                    first_spelling: (first != written).then(|| first.to_owned()),
                });
                return Err(A::Error::custom("a member is given twice"));
            }
            let value = map.next_value_seed(self)?;
            if key != written {
                spellings.push((key.clone(), written));
            }
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn lower(key: &str) -> Cow<'_, str> {
        Cow::Owned(key.to_ascii_lowercase())
    }

    fn repeat(body: &str, keys: Keys) -> String {
        match parse(body.as_bytes(), keys) {
            Err(Refused::Repeated(repeat)) => repeat.to_string(),
            other => panic!("{body}: {other:?}"),
        }
    }

    #[test]
    fn documents_read_as_serde_json_reads_them() {
        for body in [
            r#"{"a": [1, -2, 3.5, 18446744073709551615, "x\u00e9", true, null, {}], "b": {"c": []}}"#,
            "[]",
            "\"text\"",
            "  7 ",
        ] {
            let strict = parse(body.as_bytes(), as_written).expect(body);
            assert_eq!(
                strict,
                serde_json::from_str::<Value>(body).unwrap(),
                "{body}"
            );
        }
    }

    #[test]
    fn a_member_given_twice_is_refused_with_its_path_at_any_depth() {
        assert_eq!(
            repeat(r#"{"name": "a", "name": "b"}"#, as_written),
            "name is given twice"
        );
        assert_eq!(
            repeat(
                r#"{"inquiry": {"tags": [], "fields": {"x": {"stringValue": "a", "stringValue": "b"}}}}"#,
                as_written
            ),
            "inquiry.fields.x.stringValue is given twice"
        );
        assert_eq!(
            repeat(r#"{"items": [{"a": 1}, {"a": 1, "a": 1}]}"#, as_written),
            "items[1].a is given twice"
        );
        assert_eq!(
            repeat(r#"[[{"k": 1, "k": 2}]]"#, as_written),
            "[0][0].k is given twice"
        );
        // Equal only once normalized, and named by both spellings.
        assert!(parse(br#"{"Name": 1, "name": 2}"#, as_written).is_ok());
        assert_eq!(
            repeat(r#"{"data": {"Name": 1, "NAME": 2}}"#, lower),
            "data.NAME is given twice (also as Name)"
        );
        assert_eq!(
            parse(br#"{"Data": {"A": 1}}"#, lower).unwrap(),
            json!({"data": {"a": 1}})
        );
    }

    fn malformed(body: &[u8]) -> String {
        match parse(body, as_written) {
            Err(Refused::Malformed(malformed)) => malformed.path,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_string_that_is_not_utf8_is_named_by_its_path() {
        assert_eq!(
            malformed(b"{\"data\": {\"attributes\": {\"name_first\": \"A\xffa\"}}}"),
            "data.attributes.name_first"
        );
        assert_eq!(malformed(br#"{"tags": ["ok", "\udc00"]}"#), "tags[1]");
        assert_eq!(malformed(b"{} x"), "");
        assert_eq!(malformed(b"{"), "");
        assert_eq!(malformed(br#"{"a": {"b": "#), "");
        assert_eq!(malformed(br#"{"a": {"b": x}}"#), "a.b");
        assert_eq!(
            parse(br#"{"a": [1]}"#, as_written).expect("JSON")["a"][0],
            1
        );
    }

    #[test]
    fn malformed_bodies_are_not_repeats() {
        for body in [r#"{"a": 1"#, r#"{"a": 1} {}"#, "", "nul"] {
            assert!(
                matches!(
                    parse(body.as_bytes(), as_written),
                    Err(Refused::Malformed(_))
                ),
                "{body}"
            );
        }
        // serde_json's recursion limit holds.
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(matches!(
            parse(deep.as_bytes(), as_written),
            Err(Refused::Malformed(_))
        ));
    }
}
