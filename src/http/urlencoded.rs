//! Query strings and `application/x-www-form-urlencoded` bodies, read strictly: every name and
//! value must be UTF-8 text once percent-decoded. A lenient reading (axum's `Form` and `Query`,
//! `form_urlencoded::parse`) turns bytes that are not into U+FFFD, which would then be checked
//! and stored as if the client had typed it; here such a field is refused, by its name.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use percent_encoding::{percent_decode, utf8_percent_encode, AsciiSet, CONTROLS};

use crate::domain::Error;

/// A query string or form body as its pairs, in order.
pub type Pairs = Vec<(String, String)>;

/// What a name that is not text is shown as: its bytes percent-encoded where not printable.
const SHOWN: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b'<').add(b'>');

/// One name or value: `+` is a space, `%XX` a byte; the bytes must be UTF-8.
fn decode(raw: &[u8]) -> Option<String> {
    let plus: Vec<u8> = raw
        .iter()
        .map(|&b| if b == b'+' { b' ' } else { b })
        .collect();
    String::from_utf8(percent_decode(&plus).collect()).ok()
}

/// Reads `input` (a query string without its `?`, or a form body). A field whose value is
/// not UTF-8 is refused by its name; one whose name is not, by its name as it was sent.
pub fn parse(input: &[u8]) -> Result<Pairs, Error> {
    let mut pairs = Pairs::new();
    for piece in input.split(|&b| b == b'&').filter(|p| !p.is_empty()) {
        let at = piece.iter().position(|&b| b == b'=');
        let (name, value) = at.map_or((piece, &[][..]), |at| (&piece[..at], &piece[at + 1..]));
        let Some(name) = decode(name) else {
            let sent = String::from_utf8_lossy(name);
            let shown = utf8_percent_encode(&sent, SHOWN).to_string();
            return Err(Error::invalid(
                shown,
                "this field's name is not UTF-8 text once percent-decoded",
            ));
        };
        let Some(value) = decode(value) else {
            return Err(Error::invalid(
                name,
                "is not UTF-8 text once percent-decoded (a byte such as %FF on its own)",
            ));
        };
        pairs.push((name, value));
    }
    Ok(pairs)
}

/// Why a form body was not read.
pub enum FormRefusal {
    /// Not a form, or its body could not be read (too large, cut off).
    Unreadable,
    /// A field that is not UTF-8 text.
    NotText(Error),
}

/// Reads a request's form body (`application/x-www-form-urlencoded`, within the route's body
/// limit).
pub async fn form<S: Send + Sync>(request: Request, state: &S) -> Result<Pairs, FormRefusal> {
    let is_form = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| {
            v.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        });
    if !is_form {
        return Err(FormRefusal::Unreadable);
    }
    let body = Bytes::from_request(request, state)
        .await
        .map_err(|_| FormRefusal::Unreadable)?;
    parse(&body).map_err(FormRefusal::NotText)
}

/// Reads a request's query string (none is no pairs).
pub fn query(uri: &axum::http::Uri) -> Result<Pairs, Error> {
    parse(uri.query().unwrap_or_default().as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(input: &[u8]) -> (String, String) {
        match parse(input) {
            Err(Error::InvalidArgument(v)) => (v[0].field.clone(), v[0].description.clone()),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn pairs_decode_as_a_browser_encodes_them() {
        let pairs = parse(b"full_name=Ada+L%C3%B3pez&&empty=&flag&a%2Bb=1%3D1").expect("text");
        assert_eq!(
            pairs,
            [
                ("full_name".into(), "Ada López".into()),
                ("empty".into(), String::new()),
                ("flag".into(), String::new()),
                ("a+b".into(), "1=1".into()),
            ]
        );
    }

    #[test]
    fn bytes_that_are_not_utf8_are_refused_by_their_field() {
        assert_eq!(refused(b"csrf=x&full_name=%FF").0, "full_name");
        assert_eq!(refused(b"full_name=\xff").0, "full_name");
        assert_eq!(refused(b"city=%C3").0, "city", "a cut-off sequence");
        assert_eq!(refused(b"n=%ED%A0%80").0, "n", "an encoded surrogate");
        let (field, why) = refused(b"a=1&na%FFme=x");
        assert_eq!(field, "na%FFme", "the name as it was sent");
        assert!(why.contains("name"), "{why}");
        assert_eq!(refused(b"\xfe\"<b>=1").0, "%EF%BF%BD%22%3Cb%3E");
    }
}
