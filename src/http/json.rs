//! JSON request bodies (REST gateway, Persona-compatible API) read as values, a failure named
//! by where it is: a string that is not UTF-8 text, or a lone surrogate escape, is refused
//! with the path of the field that holds it (`data.attributes.name_first`).

use serde_json::Value;

/// Why a body is not JSON, and the path of the value it failed in (empty at the top level).
#[derive(Debug)]
pub struct Malformed {
    pub path: String,
    pub error: serde_json::Error,
}

/// Reads `body` as one JSON value.
pub fn parse(body: &[u8]) -> Result<Value, Malformed> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        // A document cut short is wrong as a whole, not at the value it stopped in; `.` is
        // the top level, `?` a place not yet known.
        let path = e.path().to_string();
        let error = e.into_inner();
        let path = match error.is_eof() {
            true => "",
            false => path.trim_end_matches('?').trim_end_matches('.'),
        };
        Malformed {
            path: path.to_owned(),
            error,
        }
    })?;
    deserializer.end().map_err(|error| Malformed {
        path: String::new(),
        error,
    })?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_string_that_is_not_utf8_is_named_by_its_path() {
        let refused = parse(b"{\"data\": {\"attributes\": {\"name_first\": \"A\xffa\"}}}")
            .expect_err("not UTF-8");
        assert_eq!(refused.path, "data.attributes.name_first");
        let surrogate = parse(br#"{"tags": ["ok", "\udc00"]}"#).expect_err("lone surrogate");
        assert_eq!(surrogate.path, "tags[1]");
        assert_eq!(parse(b"{} x").expect_err("trailing").path, "");
        assert_eq!(parse(b"{").expect_err("cut short").path, "");
        assert_eq!(parse(br#"{"a": {"b": "#).expect_err("cut short").path, "");
        assert_eq!(
            parse(br#"{"a": {"b": x}}"#).expect_err("syntax").path,
            "a.b"
        );
        assert_eq!(parse(br#"{"a": [1]}"#).expect("JSON")["a"][0], 1);
    }
}
