//! What keeps the hosted pages safe in a browser: the headers every page carries, the session
//! cookie, and the protection of form posts against other sites.
//!
//! Cross-site posts are refused by a double-submit nonce: the page that shows a form sets an
//! HttpOnly, SameSite=Strict cookie holding a random nonce and puts the same nonce in a hidden
//! field; a post is accepted only when both are present and equal. Another site can make a
//! browser post, but cannot read the nonce, and a Strict cookie is not sent with its post. When
//! the browser says where a post comes from (`Sec-Fetch-Site`), anything but our own origin is
//! refused too. `Origin` is not relied on: with `Referrer-Policy: no-referrer` Chromium sends
//! `Origin: null` on our own form posts.

use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, REFERRER_POLICY, SET_COOKIE, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::Response;

use crate::domain::secrets::random_base62;

const NONCE_LEN: usize = 32;
const SESSION_COOKIE: &str = "verilink-session";
const NONCE_COOKIE: &str = "verilink-csrf";

/// The cookies of the hosted pages. On https they are `Secure` and carry the `__Host-` prefix,
/// which a browser accepts only from this very host with `Path=/` — so no sibling subdomain can
/// plant a nonce or a session.
#[derive(Debug, Clone, Copy)]
pub struct Cookies {
    pub secure: bool,
}

impl Cookies {
    /// Secure when the public URL the links use is https.
    pub fn for_public_url(public_url: &str) -> Self {
        Cookies {
            secure: public_url.starts_with("https://"),
        }
    }

    fn name(self, base: &str) -> String {
        if self.secure {
            format!("__Host-{base}")
        } else {
            base.to_owned()
        }
    }

    fn set(self, base: &str, value: &str, same_site: &str, max_age: Option<u32>) -> HeaderValue {
        let secure = if self.secure { "; Secure" } else { "" };
        let max_age = max_age.map_or(String::new(), |s| format!("; Max-Age={s}"));
        let cookie = format!(
            "{}={value}; Path=/; HttpOnly; SameSite={same_site}{secure}{max_age}",
            self.name(base)
        );
        // Names and values are ours: base62 and `vls_` tokens, always valid header text.
        HeaderValue::from_str(&cookie).unwrap_or_else(|_| HeaderValue::from_static(""))
    }

    /// The session cookie: the session token, sent on top-level navigation (SameSite=Lax) so
    /// the redirect from the form post and later reloads carry it.
    pub fn session(self, token: &str) -> HeaderValue {
        self.set(SESSION_COOKIE, token, "Lax", None)
    }

    /// Removes the session cookie (once the form has been sent).
    pub fn clear_session(self) -> HeaderValue {
        self.set(SESSION_COOKIE, "", "Lax", Some(0))
    }

    /// The session token the browser holds, if any.
    pub fn session_token(self, headers: &HeaderMap) -> Option<String> {
        read_cookie(headers, &self.name(SESSION_COOKIE)).filter(|t| !t.is_empty())
    }

    /// This browser's form nonce: the one it holds if well-formed (so several open tabs keep
    /// working), else a new one, with the cookie to set.
    pub fn nonce(self, headers: &HeaderMap) -> Result<(String, Option<HeaderValue>), ()> {
        match read_cookie(headers, &self.name(NONCE_COOKIE)).filter(|n| well_formed(n)) {
            Some(nonce) => Ok((nonce, None)),
            None => {
                let nonce = random_base62(NONCE_LEN).map_err(|_| ())?;
                let cookie = self.set(NONCE_COOKIE, &nonce, "Strict", None);
                Ok((nonce, Some(cookie)))
            }
        }
    }

    /// Whether a form post comes from our own page: the nonce field matches the nonce cookie,
    /// and the browser, if it says, sent it from our origin.
    pub fn accepts_post(self, headers: &HeaderMap, field: Option<&str>) -> bool {
        let from_us = match headers.get("sec-fetch-site").map(HeaderValue::as_bytes) {
            None | Some(b"same-origin") => true,
            Some(_) => false,
        };
        let cookie = read_cookie(headers, &self.name(NONCE_COOKIE));
        let matches = match (cookie.as_deref(), field) {
            (Some(cookie), Some(field)) => well_formed(cookie) && same(cookie, field),
            _ => false,
        };
        from_us && matches
    }
}

fn well_formed(nonce: &str) -> bool {
    nonce.len() == NONCE_LEN && nonce.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Compares in time independent of where the values differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// A cookie's value from the `Cookie` headers.
pub fn read_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all("cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (n, v) = pair.trim().split_once('=')?;
            (n == name).then(|| v.trim().to_owned())
        })
}

/// The Content-Security-Policy of a page: nothing but our own stylesheet, no scripts, no
/// framing, forms only to us — and to `form_target`, the origin a form's answer may redirect
/// to (browsers apply `form-action` to the redirects that follow a post).
pub fn content_security_policy(form_target: Option<&str>) -> HeaderValue {
    const STRICT: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
                          form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    match form_target {
        None => HeaderValue::from_static(STRICT),
        Some(origin) => {
            let policy = STRICT.replace(
                "form-action 'self'",
                &format!("form-action 'self' {origin}"),
            );
            HeaderValue::from_str(&policy).unwrap_or_else(|_| HeaderValue::from_static(STRICT))
        }
    }
}

/// Headers every hosted response carries (a page may have set its own policy already): never
/// stored by a cache, no referrer leaving with a code in it, no framing, no sniffing.
pub async fn page_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !headers.contains_key(CONTENT_SECURITY_POLICY) {
        headers.insert(CONTENT_SECURITY_POLICY, content_security_policy(None));
    }
    response
}

/// Adds a `Set-Cookie` header.
pub fn set_cookie(response: &mut Response, cookie: HeaderValue) {
    response.headers_mut().append(SET_COOKIE, cookie);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_cookie(cookie: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("cookie", cookie.parse().unwrap());
        h
    }

    #[test]
    fn cookies_are_http_only_and_secure_with_the_host_prefix_on_https() {
        let https = Cookies::for_public_url("https://verify.example");
        let session = https.session("vls_abc");
        assert_eq!(
            session.to_str().unwrap(),
            "__Host-verilink-session=vls_abc; Path=/; HttpOnly; SameSite=Lax; Secure"
        );
        let http = Cookies::for_public_url("http://localhost:8080");
        assert_eq!(
            http.clear_session().to_str().unwrap(),
            "verilink-session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"
        );
        let (nonce, cookie) = http.nonce(&HeaderMap::new()).unwrap();
        let cookie = cookie
            .expect("a new nonce is set")
            .to_str()
            .unwrap()
            .to_owned();
        assert_eq!(
            cookie,
            format!("verilink-csrf={nonce}; Path=/; HttpOnly; SameSite=Strict")
        );
    }

    #[test]
    fn a_post_needs_the_matching_nonce_and_no_foreign_fetch_site() {
        let cookies = Cookies { secure: false };
        let nonce = "A".repeat(NONCE_LEN);
        let mut headers = with_cookie(&format!("other=1; verilink-csrf={nonce}"));
        assert_eq!(cookies.nonce(&headers).unwrap(), (nonce.clone(), None));
        assert!(cookies.accepts_post(&headers, Some(&nonce)));
        assert!(!cookies.accepts_post(&headers, Some(&"B".repeat(NONCE_LEN))));
        assert!(!cookies.accepts_post(&headers, None));
        assert!(!cookies.accepts_post(&HeaderMap::new(), Some(&nonce)));
        headers.insert("sec-fetch-site", "cross-site".parse().unwrap());
        assert!(!cookies.accepts_post(&headers, Some(&nonce)));
        headers.insert("sec-fetch-site", "same-site".parse().unwrap());
        assert!(!cookies.accepts_post(&headers, Some(&nonce)));
        headers.insert("sec-fetch-site", "same-origin".parse().unwrap());
        assert!(cookies.accepts_post(&headers, Some(&nonce)));
        let short = with_cookie("verilink-csrf=abc");
        assert!(
            !cookies.accepts_post(&short, Some("abc")),
            "only our nonces count"
        );
    }

    #[test]
    fn the_policy_allows_forms_to_the_redirect_origin_only_when_asked() {
        let plain = content_security_policy(None);
        assert!(plain.to_str().unwrap().contains("form-action 'self';"));
        let target = content_security_policy(Some("https://app.example"));
        assert!(target
            .to_str()
            .unwrap()
            .contains("form-action 'self' https://app.example;"));
    }
}
