//! The form of an absolute http(s) URL the service sends something or someone to — a webhook's
//! deliveries, the browser at the end of a template's hosted flow: parsed as browsers do
//! (WHATWG), never judged as a string.

use url::{ParseError, Url};

use super::Error;

const ABSOLUTE: &str = "must be an absolute http:// or https:// URL";
const PORT: &str = "has an invalid port: a port is a number from 1 to 65535";

/// Checks `text` as the value of `field`: at most `max_len` bytes (as sent and as normalized),
/// no spaces or control characters (which a parser would silently drop), an absolute http or
/// https URL with a host, a port from 1 to 65535 if any, and no credentials. Returns it
/// normalized (`HTTP://Example.COM:443` becomes `http://example.com:443/`,
/// `http://2130706433/` becomes `http://127.0.0.1/`): what was judged is what is used.
pub fn check(field: &str, text: &str, max_len: usize) -> Result<Url, Error> {
    let invalid = |why: &str| Error::invalid(field, why);
    let too_long = || invalid(&format!("must be at most {max_len} characters"));
    if text.len() > max_len {
        return Err(too_long());
    }
    if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(invalid("must not contain spaces or control characters"));
    }
    let url = Url::parse(text).map_err(|err| invalid(parse_problem(err)))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid(ABSOLUTE));
    }
    if url.port() == Some(0) {
        return Err(invalid(PORT));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid(
            "must not carry credentials (a user name or password before @)",
        ));
    }
    if url.as_str().len() > max_len {
        return Err(too_long());
    }
    Ok(url)
}

/// What is wrong with a URL the parser refused, in the words of [`check`].
fn parse_problem(err: ParseError) -> &'static str {
    match err {
        ParseError::EmptyHost => "must name a host",
        ParseError::InvalidPort => PORT,
        ParseError::IdnaError
        | ParseError::InvalidDomainCharacter
        | ParseError::InvalidIpv4Address
        | ParseError::InvalidIpv6Address => "has an invalid host name or address",
        _ => ABSOLUTE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::error::sole_violation;

    fn problem(text: &str) -> String {
        let (field, description) = sole_violation(check("url", text, 64));
        assert_eq!(field, "url");
        description
    }

    #[test]
    fn urls_are_parsed_and_normalized() {
        let checked = |text| check("url", text, 64).map(String::from).unwrap();
        assert_eq!(checked("https://example.com"), "https://example.com/");
        assert_eq!(
            checked("HTTP://Example.COM:8080/a?b=c"),
            "http://example.com:8080/a?b=c"
        );
        assert_eq!(checked("http://2130706433/"), "http://127.0.0.1/");
        assert_eq!(
            checked("http://localhost:65535/"),
            "http://localhost:65535/"
        );
    }

    #[test]
    fn each_problem_is_named() {
        assert_eq!(problem("ftp://example.com/"), ABSOLUTE);
        assert_eq!(problem("javascript:alert(1)"), ABSOLUTE);
        assert_eq!(problem("/relative"), ABSOLUTE);
        assert_eq!(problem("https://"), "must name a host");
        for port in ["0", "65536", "99999999", "http"] {
            assert_eq!(
                problem(&format!("https://example.com:{port}/")),
                PORT,
                "{port}"
            );
        }
        assert_eq!(
            problem("https://exa mple.com/"),
            "must not contain spaces or control characters"
        );
        assert_eq!(
            problem("https://exa\tmple.com/"),
            "must not contain spaces or control characters"
        );
        assert_eq!(
            problem("https://[::1/"),
            "has an invalid host name or address"
        );
        for credentials in ["https://user@example.com/", "https://:secret@example.com/"] {
            assert!(
                problem(credentials).contains("credentials"),
                "{credentials}"
            );
        }
        assert!(problem(&format!("https://example.com/{}", "a".repeat(64))).contains("at most 64"));
        // Within the limit as sent, over it once percent-encoded.
        assert!(problem(&format!("https://example.com/{}", "é".repeat(20))).contains("at most 64"));
    }
}
