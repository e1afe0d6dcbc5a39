//! The operators' console, on its own listener (`VERILINK_CONSOLE_ADDR`, loopback by
//! default): server-rendered pages where the company's people find an inquiry, resume it, send
//! its person a new link and decide it, where administrators manage templates, webhooks and API
//! keys, and where every action is theirs in the audit log.
//!
//! Like the hosted pages it works without JavaScript, loads nothing from another origin and
//! answers with a strict policy (`frame-ancestors 'none'`, `no-store`). An operator's session is
//! server-side ([`crate::app::operators`]); every form carries the session's CSRF token. What an
//! operator may do is decided by the use cases' roles in [`crate::app`], never here: a page
//! only hides a button the role could not use anyway.

mod auth;
mod forms;
mod i18n;
mod inquiries;
mod inquiry_templates;
mod keys;
mod login;
mod views;
mod webhooks;

pub use login::{LoginSettings, OidcSettings, ProxyHeaders};

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, LOCATION, RETRY_AFTER};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::{DateTime, Utc};

use super::pages::guard;
use super::urlencoded::{self, FormRefusal, Pairs};
use super::{call_of, ClientAddr, HttpState};
use crate::app::{self, Admitted, Call};
use crate::domain::actor::Role;
use crate::domain::operator::{same_csrf, OperatorSession};
use crate::domain::Error;
use crate::telemetry::layer::TelemetryLayer;
use i18n::Catalogue;

/// The largest form the console accepts.
const FORM_LIMIT: usize = 64 * 1024;

/// The console's routes.
pub fn router(state: HttpState) -> Router {
    Router::new()
        .route("/", get(|| async { see_other("/inquiries") }))
        .route("/login", get(auth::login_page))
        .route("/login/link", get(auth::link_page).post(auth::link_login))
        .route("/login/oidc", get(login::oidc_start))
        .route("/login/oidc/callback", get(login::oidc_callback))
        .route("/login/proxy", get(login::proxy_login))
        .route("/logout", post(auth::log_out))
        .route("/settings", post(auth::settings))
        .route("/language", get(auth::language))
        .merge(inquiries::router())
        .merge(inquiry_templates::router())
        .merge(webhooks::router())
        .merge(keys::router())
        .route("/assets/console.css", get(stylesheet))
        .route("/assets/console.js", get(script))
        .layer(axum::extract::DefaultBodyLimit::max(FORM_LIMIT))
        .layer(axum::middleware::from_fn(super::serve::answer_stalled))
        .layer(axum::middleware::map_response(headers))
        .layer(TelemetryLayer::http())
        .with_state(state)
}

/// The console's policy: the hosted pages' (nothing from elsewhere, no scripts, no framing),
/// and `data:` images for the QR code of a link shown once.
async fn headers(response: Response) -> Response {
    let mut response = guard::page_headers(response).await;
    response.headers_mut().insert(
        axum::http::header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    response
}

/// The one script: "Copy" buttons (pages work without it).
async fn script() -> Response {
    (
        [
            (CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("console.js"),
    )
        .into_response()
}

async fn stylesheet() -> Response {
    (
        [
            (CONTENT_TYPE, "text/css; charset=utf-8"),
            (CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("console.css"),
    )
        .into_response()
}

fn see_other(location: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(LOCATION, value);
    }
    response
}

/// The first value of `name` in a query string or form (a repeated name counts once).
fn first<'a>(pairs: &'a Pairs, name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(n, _)| n == name)
        .map_or("", |(_, v)| v.as_str())
}

/// The link to the next page of the list at `path`: its query as it was, with the next page's
/// `token`; none after the last page.
fn next_page(path: &str, pairs: &Pairs, token: &str) -> Option<String> {
    (!token.is_empty()).then(|| {
        let mut url = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in pairs.iter().filter(|(n, _)| n != "page") {
            url.append_pair(name, value);
        }
        url.append_pair("page", token);
        format!("{path}?{}", url.finish())
    })
}

/// The cookie that holds the chosen language (not a secret; it only picks a catalogue).
const LANGUAGE_COOKIE: &str = "verilink-console-language";

/// What every console page knows of its request: the language, the cookies' shape, the
/// request ID (shown on error pages, so an operator can quote it).
pub struct Visit {
    t: &'static Catalogue,
    cookies: auth::Cookies,
    request_id: String,
}

impl Visit {
    fn of(state: &HttpState, headers: &HeaderMap) -> Visit {
        let chosen = guard::read_cookie(headers, LANGUAGE_COOKIE);
        Visit {
            t: Catalogue::choose(chosen.as_deref(), headers),
            cookies: auth::Cookies::for_url(&state.app.config().console.url),
            request_id: headers
                .get(crate::telemetry::request_id::HEADER)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned(),
        }
    }
}

/// A signed-in operator's request: their session, the caller the use cases see, and how to
/// show dates to them.
pub struct Signed {
    visit: Visit,
    session: OperatorSession,
    caller: Admitted,
    zone: chrono_tz::Tz,
}

impl Signed {
    /// Refuses a form that did not come from one of our pages in this session: its CSRF token
    /// must be the session's, and the browser, if it says, sent it from our origin.
    fn refuse_form(&self, headers: &HeaderMap, form: &Pairs) -> Option<Response> {
        let same_origin = matches!(
            headers.get("sec-fetch-site").map(HeaderValue::as_bytes),
            None | Some(b"same-origin")
        );
        if same_origin && same_csrf(&self.session.csrf, first(form, "csrf")) {
            return None;
        }
        Some(views::message(
            &self.visit,
            StatusCode::FORBIDDEN,
            self.visit.t.forbidden_title,
            self.visit.t.form_refused,
        ))
    }

    /// Runs a read as the operator; a malformed input is refused like the use case's errors.
    async fn ask<Q: app::Query>(
        &self,
        state: &HttpState,
        query: Result<Q, Error>,
    ) -> app::AppResult<Q::Output> {
        state.app.query_as(&self.caller, query?).await
    }

    /// Runs a change as the operator (its events name them as actor).
    async fn act<C: app::Command>(
        &self,
        state: &HttpState,
        command: Result<C, Error>,
    ) -> app::AppResult<C::Output> {
        state.app.command_as(&self.caller, command?).await
    }

    /// Whether the operator's role allows what needs `role` (only to hide what it could not
    /// do: the use cases decide).
    fn may(&self, role: Role) -> bool {
        self.session.operator.role >= role
    }

    /// A time in the operator's zone.
    fn when(&self, time: DateTime<Utc>) -> String {
        time.with_timezone(&self.zone)
            .format("%Y-%m-%d %H:%M:%S %Z")
            .to_string()
    }
}

/// A page's query string (see [`urlencoded`]); one with a field that is not UTF-8 text is
/// refused, naming it.
pub struct QueryPairs(Pairs);

impl FromRequestParts<HttpState> for QueryPairs {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &HttpState) -> Result<Self, Response> {
        urlencoded::query(&parts.uri)
            .map(QueryPairs)
            .map_err(|err| refusal(&Visit::of(state, &parts.headers), &err.into()))
    }
}

/// A posted form (see [`urlencoded`]): a body that is not a readable form, or has a field that
/// is not UTF-8 text, is refused with a page that says which.
pub struct FormPairs(Pairs);

impl FromRequest<HttpState> for FormPairs {
    type Rejection = Response;

    async fn from_request(request: Request, state: &HttpState) -> Result<Self, Response> {
        let visit = Visit::of(state, request.headers());
        match urlencoded::form(request, state).await {
            Ok(pairs) => Ok(FormPairs(pairs)),
            Err(FormRefusal::NotText(err)) => Err(refusal(&visit, &err.into())),
            Err(FormRefusal::Unreadable) => Err(views::message(
                &visit,
                StatusCode::BAD_REQUEST,
                visit.t.bad_request_title,
                "The form could not be read.",
            )),
        }
    }
}

/// A form posted by a signed-in operator from one of our pages (see [`Signed::refuse_form`]):
/// the extractor of every action.
pub struct Posted {
    signed: Signed,
    form: Pairs,
}

impl FromRequest<HttpState> for Posted {
    type Rejection = Response;

    async fn from_request(request: Request, state: &HttpState) -> Result<Self, Response> {
        let (mut parts, body) = request.into_parts();
        let signed = Signed::from_request_parts(&mut parts, state).await?;
        let headers = parts.headers.clone();
        let request = Request::from_parts(parts, body);
        let FormPairs(form) = FormPairs::from_request(request, state).await?;
        if let Some(refused) = signed.refuse_form(&headers, &form) {
            return Err(refused);
        }
        Ok(Posted { signed, form })
    }
}

impl Signed {
    /// The page an action ends on: `location`, where its effect shows, or why it was refused.
    fn finish<T>(&self, location: &str, result: app::AppResult<T>) -> Response {
        match result {
            Ok(_) => see_other(location),
            Err(err) => refusal(&self.visit, &err),
        }
    }
}

impl FromRequestParts<HttpState> for Signed {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &HttpState) -> Result<Self, Response> {
        let client = ClientAddr::from_request_parts(parts, state)
            .await
            .unwrap_or_else(|never| match never {});
        let visit = Visit::of(state, &parts.headers);
        // Where someone without a session goes: the proxy's login when a trusted proxy names
        // them, else the login page.
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<crate::net::Peer>>()
            .map(|info| info.0.addr.ip());
        let login = match peer.and_then(|ip| login::proxied_user(state, ip, &parts.headers)) {
            Some(_) => "/login/proxy",
            None => "/login",
        };
        let Some(token) = visit.cookies.session_token(&parts.headers) else {
            return Err(see_other(login));
        };
        let app = &state.app;
        let session = match app.operator_session(&token).await {
            Ok(session) => session,
            Err(app::Error::Domain(Error::Unauthenticated { .. })) => {
                let mut response = see_other(login);
                guard::set_cookie(&mut response, visit.cookies.clear_session());
                return Err(response);
            }
            Err(err) => return Err(refusal(&visit, &err)),
        };
        let call = Call {
            credential: None,
            ..call_of(&parts.headers, client)
        };
        let caller = app
            .operator_caller(&session, &call)
            .await
            .map_err(|err| refusal(&visit, &err))?;
        Ok(Signed {
            zone: session.time_zone.parse().unwrap_or(chrono_tz::UTC),
            visit,
            session,
            caller,
        })
    }
}

/// The page a failed use case answers with: the role it needs, not found, what was wrong with
/// the input, why the inquiry's state refuses it — never a stack trace.
fn refusal(visit: &Visit, err: &app::Error) -> Response {
    let t = visit.t;
    let (status, title, message) = match err {
        app::Error::Domain(err) => match err {
            Error::Forbidden { needed, .. } => (
                StatusCode::FORBIDDEN,
                t.forbidden_title,
                t.forbidden_message.replace("{x}", t.role(*needed)),
            ),
            Error::NotFound { .. } => (
                StatusCode::NOT_FOUND,
                t.not_found_title,
                t.not_found_message.to_owned(),
            ),
            Error::InvalidArgument(violations) => {
                let problems = violations
                    .iter()
                    .map(|v| match v.field.as_str() {
                        "" => v.description.clone(),
                        field => format!("{field}: {}", v.description),
                    })
                    .collect();
                return views::problems(visit, t.bad_request_message, problems);
            }
            Error::Unauthenticated { .. } => (
                StatusCode::UNAUTHORIZED,
                t.login_failed_title,
                err.to_string(),
            ),
            Error::ResourceExhausted { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                t.refused_title,
                err.to_string(),
            ),
            Error::FailedPrecondition { .. } | Error::Conflict { .. } | Error::Aborted { .. } => {
                (StatusCode::CONFLICT, t.refused_title, err.to_string())
            }
        },
        app::Error::Unavailable(_) | app::Error::Busy(_) | app::Error::CommitUnknown(_) => {
            let mut response = views::message(
                visit,
                StatusCode::SERVICE_UNAVAILABLE,
                t.busy_title,
                t.busy_message,
            );
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from_static("1"));
            return response;
        }
        app::Error::Internal(detail) => {
            tracing::error!(%detail, "console request failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                t.error_title,
                t.error_message.to_owned(),
            )
        }
    };
    views::message(visit, status, title, &message)
}
