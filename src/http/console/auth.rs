//! Logging in and out of the console, and the session's settings.
//!
//! The session cookie holds only a random token (the database keeps its digest); it is
//! HttpOnly, SameSite=Strict, and on https `Secure` with the `__Host-` prefix. Every login makes
//! a new session, so no ID chosen before it survives it. A login link's `GET` only shows a
//! Continue button (mail scanners fetch links); its form's `POST` uses the link, guarded by the
//! hosted pages' double-submit nonce since there is no session yet.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;

use super::{
    first, guard, refusal, see_other, views, FormPairs, Posted, QueryPairs, Visit, LANGUAGE_COOKIE,
};
use crate::domain::tenant::Environment;
use crate::http::HttpState;

const SESSION_COOKIE: &str = "verilink-console";

/// The console's cookies: `Secure` and `__Host-` prefixed when its URL is https.
#[derive(Debug, Clone, Copy)]
pub struct Cookies {
    secure: bool,
}

impl Cookies {
    pub fn for_url(console_url: &str) -> Self {
        Cookies {
            secure: console_url.starts_with("https://"),
        }
    }

    pub fn secure(self) -> bool {
        self.secure
    }

    fn name(self) -> String {
        if self.secure {
            format!("__Host-{SESSION_COOKIE}")
        } else {
            SESSION_COOKIE.to_owned()
        }
    }

    fn cookie(self, value: &str, max_age: Option<u32>) -> HeaderValue {
        let secure = if self.secure { "; Secure" } else { "" };
        let max_age = max_age.map_or(String::new(), |s| format!("; Max-Age={s}"));
        let cookie = format!(
            "{}={value}; Path=/; HttpOnly; SameSite=Strict{secure}{max_age}",
            self.name()
        );
        // Our tokens are base62 with a prefix: always valid header text.
        HeaderValue::from_str(&cookie).unwrap_or_else(|_| HeaderValue::from_static(""))
    }

    pub fn session(self, token: &str) -> HeaderValue {
        self.cookie(token, None)
    }

    pub fn clear_session(self) -> HeaderValue {
        self.cookie("", Some(0))
    }

    pub fn session_token(self, headers: &HeaderMap) -> Option<String> {
        guard::read_cookie(headers, &self.name()).filter(|t| !t.is_empty())
    }

    /// The hosted pages' form nonce, for the one form posted before a session exists.
    fn forms(self) -> guard::Cookies {
        guard::Cookies {
            secure: self.secure,
        }
    }
}

/// `GET /login`: how to get in.
pub async fn login_page(State(state): State<HttpState>, headers: HeaderMap) -> Response {
    let visit = Visit::of(&state, &headers);
    views::login(&visit, state.config.console_login.oidc.is_some())
}

/// `GET /login/link?token=…`: a Continue button, and nothing used yet.
pub async fn link_page(
    State(state): State<HttpState>,
    headers: HeaderMap,
    QueryPairs(pairs): QueryPairs,
) -> Response {
    let visit = Visit::of(&state, &headers);
    let Ok((nonce, cookie)) = visit.cookies.forms().nonce(&headers) else {
        return refusal(&visit, &crate::app::Error::Internal("no randomness".into()));
    };
    let mut response = views::login_link(&visit, first(&pairs, "token"), &nonce);
    if let Some(cookie) = cookie {
        guard::set_cookie(&mut response, cookie);
    }
    response
}

/// `POST /login/link`: uses the link once and opens a session.
pub async fn link_login(
    State(state): State<HttpState>,
    headers: HeaderMap,
    FormPairs(form): FormPairs,
) -> Response {
    let visit = Visit::of(&state, &headers);
    let nonce = Some(first(&form, "csrf")).filter(|n| !n.is_empty());
    if !visit.cookies.forms().accepts_post(&headers, nonce) {
        return views::message(
            &visit,
            StatusCode::FORBIDDEN,
            visit.t.forbidden_title,
            visit.t.login_form_refused,
        );
    }
    match state.app.log_in_with_link(first(&form, "token")).await {
        Ok(opened) => {
            tracing::info!(
                session = %opened.session.id,
                operator = %opened.session.operator.subject,
                "console login with a link"
            );
            let mut response = see_other("/inquiries");
            guard::set_cookie(&mut response, visit.cookies.session(&opened.token));
            response
        }
        Err(err) => refusal(&visit, &err),
    }
}

/// `POST /logout`: ends the session in the database, then forgets the cookie.
pub async fn log_out(State(state): State<HttpState>, Posted { signed, .. }: Posted) -> Response {
    if let Err(err) = state.app.log_out(&signed.session).await {
        return refusal(&signed.visit, &err);
    }
    let mut response = see_other("/login");
    guard::set_cookie(&mut response, signed.visit.cookies.clear_session());
    response
}

/// `POST /settings`: the environment shown, or the time zone dates are shown in.
pub async fn settings(State(state): State<HttpState>, Posted { signed, form }: Posted) -> Response {
    let app = &state.app;
    let changed = match (first(&form, "environment"), first(&form, "time_zone")) {
        ("", "") => Ok(()),
        ("", zone) => app.set_time_zone(&signed.session, zone).await,
        (environment, _) => match Environment::parse(environment) {
            Some(environment) => app.switch_environment(&signed.session, environment).await,
            None => Err(crate::domain::Error::invalid("environment", "is sandbox or live").into()),
        },
    };
    match changed {
        Ok(()) => see_other(back(first(&form, "back"))),
        Err(err) => refusal(&signed.visit, &err),
    }
}

/// A path of ours to return to, never another site (`//host` included).
fn back(path: &str) -> &str {
    if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') {
        path
    } else {
        "/inquiries"
    }
}

/// `GET /language?set=es&back=/inquiries`: remembers the language, then returns.
pub async fn language(QueryPairs(pairs): QueryPairs) -> Response {
    let lang = match first(&pairs, "set") {
        "es" => "es",
        _ => "en",
    };
    let mut response = see_other(back(first(&pairs, "back")));
    let cookie = format!("{LANGUAGE_COOKIE}={lang}; Path=/; SameSite=Strict; Max-Age=31536000");
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        guard::set_cookie(&mut response, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_cookie_is_strict_http_only_and_host_prefixed_on_https() {
        let https = Cookies::for_url("https://console.acme.example");
        assert_eq!(
            https.session("vlo_x").to_str().unwrap(),
            "__Host-verilink-console=vlo_x; Path=/; HttpOnly; SameSite=Strict; Secure"
        );
        let http = Cookies::for_url("http://localhost:8081");
        assert_eq!(
            http.clear_session().to_str().unwrap(),
            "verilink-console=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
        );
    }

    #[test]
    fn returning_never_leaves_the_console() {
        assert_eq!(back("/inquiries/inq_x"), "/inquiries/inq_x");
        assert_eq!(back("//evil.example/x"), "/inquiries");
        assert_eq!(back("https://evil.example"), "/inquiries");
        assert_eq!(back("/\\evil.example"), "/inquiries");
    }
}
