//! The hosted verification flow: the pages a link opens.
//!
//! `GET /verify?code=…` and `GET /v/<short code>` show the template's name and a Continue
//! button and change nothing (mail scanners fetch and pre-render links; `HEAD` is the same
//! GET without a body). Only the button's form `POST /verify`, guarded against other sites
//! (see [`guard`]), redeems: it sets the session cookie and answers 303 to `/verify/flow`, a
//! URL without code or token. The flow page collects the template's fields, checks them on
//! the server, and submits them through the same use case as `SubmitSession`; then the
//! template's `redirect_uri` (303, with `inquiry-id`, `reference-id` and `status`) or
//! `/verify/done`. Every other ending is a plain page with its status. Each action calls the
//! use cases of [`crate::app`]; nothing here decides what a link or a session may do.

mod flow;
pub(super) mod guard;
pub(super) mod i18n;
mod views;

use std::collections::BTreeMap;

use axum::extract::{DefaultBodyLimit, FromRequest, FromRequestParts, Path, Request, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, LOCATION, RETRY_AFTER, USER_AGENT};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use reqwest::Url;

use super::urlencoded::{self, FormRefusal, Pairs};
use super::{ClientAddr, HttpState};
use crate::app::sessions::CurrentSession;
use crate::app::{self, Call};
use crate::domain::access::{Client, USER_AGENT_MAX_BYTES};
use crate::domain::collect::{check_answers, shown, Problem};
use crate::domain::inquiry::{Inquiry, SandboxOutcome};
use crate::domain::tenant::Environment;
use crate::domain::{Error, Reason};
use guard::Cookies;
use i18n::Catalogue;
use views::{FieldView, FlowPage, LanguageLink};

/// The largest form the pages accept (50 fields of up to 4 KiB each fit).
const FORM_LIMIT: usize = 256 * 1024;

/// The hosted pages' routes.
pub fn router() -> Router<HttpState> {
    let pages = Router::new()
        .route("/verify", get(entry_page).post(enter))
        .route("/v/{short_code}", get(short_entry_page))
        .route("/verify/flow", get(flow::flow_page).post(flow::submit))
        .route("/verify/done", get(flow::done_page))
        .layer(DefaultBodyLimit::max(FORM_LIMIT))
        .layer(axum::middleware::map_response(guard::page_headers));
    pages.route("/assets/verilink.css", get(stylesheet))
}

/// The first value of `name` in a query string or form (a repeated name counts once).
fn first<'a>(pairs: &'a Pairs, name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// The 400 page for a query string or form with a field that is not UTF-8 text, naming it.
fn not_text(state: &HttpState, headers: &HeaderMap, err: &Error) -> Response {
    let visit = Visit::new(state, headers, &Pairs::new());
    let field = match err {
        Error::InvalidArgument(violations) => violations.first().map(|v| v.field.as_str()),
        _ => None,
    };
    let detail = field.map(|field| visit.t.not_utf8.replace("{n}", field));
    views::ending(
        visit.t,
        StatusCode::BAD_REQUEST,
        &visit.t.bad_request,
        detail,
    )
}

/// A page's query string (see [`urlencoded`]); one with a field that is not text is refused.
struct PageQuery(Pairs);

impl FromRequestParts<HttpState> for PageQuery {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &HttpState) -> Result<Self, Response> {
        urlencoded::query(&parts.uri)
            .map(PageQuery)
            .map_err(|err| not_text(state, &parts.headers, &err))
    }
}

/// A page's posted form: `None` if the body is not a readable form; one with a field that is
/// not text is refused.
struct PageForm(Option<Pairs>);

impl FromRequest<HttpState> for PageForm {
    type Rejection = Response;

    async fn from_request(request: Request, state: &HttpState) -> Result<Self, Response> {
        let headers = request.headers().clone();
        match urlencoded::form(request, state).await {
            Ok(pairs) => Ok(PageForm(Some(pairs))),
            Err(FormRefusal::Unreadable) => Ok(PageForm(None)),
            Err(FormRefusal::NotText(err)) => Err(not_text(state, &headers, &err)),
        }
    }
}

/// How an end user comes in: a one-time link's code (long or short), or an inquiry's ID.
enum Entry {
    Code(String),
    InquiryId(String),
}

impl Entry {
    fn of(pairs: &Pairs) -> Option<Entry> {
        first(pairs, "code")
            .map(|c| Entry::Code(c.to_owned()))
            .or_else(|| first(pairs, "inquiry-id").map(|i| Entry::InquiryId(i.to_owned())))
            .filter(|e| !matches!(e, Entry::Code(c) | Entry::InquiryId(c) if c.is_empty()))
    }

    /// The form field that carries it to the POST.
    fn hidden(&self) -> (&'static str, String) {
        match self {
            Entry::Code(code) => ("code", code.clone()),
            Entry::InquiryId(id) => ("inquiry-id", id.clone()),
        }
    }
}

/// What the pages know of a request: its language (and whether the user chose it), cookies.
struct Visit {
    t: &'static Catalogue,
    chosen: Option<&'static str>,
    cookies: Cookies,
}

impl Visit {
    fn new(state: &HttpState, headers: &HeaderMap, pairs: &Pairs) -> Visit {
        let chosen = first(pairs, "language")
            .and_then(Catalogue::of)
            .map(|c| c.lang);
        Visit {
            t: Catalogue::choose(chosen, headers),
            chosen,
            cookies: Cookies::for_public_url(&state.app.config().public_url),
        }
    }

    /// Hidden fields every form carries: the nonce, and the language if the user chose it.
    fn hidden(&self, nonce: &str) -> Vec<(&'static str, String)> {
        let mut hidden = vec![("csrf", nonce.to_owned())];
        hidden.extend(self.chosen.map(|l| ("language", l.to_owned())));
        hidden
    }

    /// A path of ours with the chosen language kept.
    fn path(&self, path: &str) -> String {
        match self.chosen {
            Some(lang) => format!("{path}?language={lang}"),
            None => path.to_owned(),
        }
    }

    fn ending(&self, status: StatusCode, ending: &'static i18n::Ending) -> Response {
        views::ending(self.t, status, ending, None)
    }
}

/// The same page in each language: `path` with `pairs` and `language` as its query.
fn languages(visit: &Visit, path: &[&str], pairs: &[(&str, &str)]) -> Vec<LanguageLink> {
    i18n::LANGUAGES
        .into_iter()
        .filter_map(|c| {
            let mut url = Url::parse("http://page/").ok()?;
            url.path_segments_mut().ok()?.extend(path);
            url.query_pairs_mut()
                .extend_pairs(pairs)
                .append_pair("language", c.lang);
            Some(LanguageLink {
                lang: c.lang,
                name: c.name,
                href: format!("{}?{}", url.path(), url.query().unwrap_or_default()),
                current: c.lang == visit.t.lang,
            })
        })
        .collect()
}

/// An end user's call: no credential (so guesses count against their address), with the
/// browser's request ID and user agent.
fn end_user(client: ClientAddr, headers: &HeaderMap) -> Call {
    Call {
        credential: None,
        idempotency_key: None,
        ..super::call_of(headers, client)
    }
}

/// A call with the session token of the browser's cookie.
fn with_session(client: ClientAddr, headers: &HeaderMap, token: &str) -> Call {
    Call {
        credential: Some(format!("Bearer {token}")),
        ..end_user(client, headers)
    }
}

/// The page an error answers with: its ending, its status, `Retry-After` when waiting helps.
fn refusal(visit: &Visit, err: &app::Error) -> Response {
    let t = visit.t;
    let (status, ending, retry_after) = match err {
        app::Error::Domain(err) => match err {
            Error::NotFound { .. } => (StatusCode::NOT_FOUND, &t.not_found, None),
            Error::FailedPrecondition { reason, .. } => {
                let ending = match reason {
                    Reason::LinkAlreadyUsed => &t.used,
                    Reason::LinkExpired => &t.expired,
                    Reason::LinkRevoked => &t.revoked,
                    _ => &t.inactive,
                };
                (StatusCode::GONE, ending, None)
            }
            Error::Unauthenticated {
                reason: Reason::SessionExpired,
                ..
            } => (StatusCode::GONE, &t.session_ended, None),
            Error::Unauthenticated { .. } | Error::Forbidden { .. } => {
                (StatusCode::FORBIDDEN, &t.no_session, None)
            }
            Error::ResourceExhausted {
                retry_after: Some(wait),
                ..
            } => (
                StatusCode::TOO_MANY_REQUESTS,
                &t.throttled,
                Some(wait.as_secs().max(1)),
            ),
            // The inquiry's session cap: no later attempt will do better.
            Error::ResourceExhausted { .. } => (StatusCode::GONE, &t.inactive, None),
            Error::InvalidArgument(_) | Error::Conflict { .. } => {
                (StatusCode::BAD_REQUEST, &t.bad_request, None)
            }
            Error::Aborted { .. } => (StatusCode::SERVICE_UNAVAILABLE, &t.unavailable, Some(1)),
        },
        app::Error::Unavailable(_) | app::Error::Busy(_) | app::Error::CommitUnknown(_) => {
            (StatusCode::SERVICE_UNAVAILABLE, &t.unavailable, Some(1))
        }
        app::Error::Internal(message) => {
            tracing::error!(%message, "a hosted page failed");
            (StatusCode::INTERNAL_SERVER_ERROR, &t.internal, None)
        }
    };
    let mut response = visit.ending(status, ending);
    if let Some(secs) = retry_after {
        response
            .headers_mut()
            .insert(RETRY_AFTER, HeaderValue::from(secs));
    }
    response
}

fn bad_request(visit: &Visit) -> Response {
    visit.ending(StatusCode::BAD_REQUEST, &visit.t.bad_request)
}

/// Sets the nonce cookie if the browser needs a new one.
fn with_nonce(mut response: Response, cookie: Option<HeaderValue>) -> Response {
    if let Some(cookie) = cookie {
        guard::set_cookie(&mut response, cookie);
    }
    response
}

/// `GET /verify?code=…` or `?inquiry-id=…`: the interstitial; changes nothing.
async fn entry_page(
    State(state): State<HttpState>,
    client: ClientAddr,
    headers: HeaderMap,
    PageQuery(pairs): PageQuery,
) -> Response {
    let visit = Visit::new(&state, &headers, &pairs);
    let Some(entry) = Entry::of(&pairs) else {
        return visit.ending(StatusCode::NOT_FOUND, &visit.t.not_found);
    };
    let hidden = entry.hidden();
    let links = languages(&visit, &["verify"], &[(hidden.0, &hidden.1)]);
    interstitial(&state, client, &headers, &visit, entry, links).await
}

/// `GET /v/<short code>`: the same interstitial.
async fn short_entry_page(
    State(state): State<HttpState>,
    client: ClientAddr,
    headers: HeaderMap,
    Path(short_code): Path<String>,
    PageQuery(pairs): PageQuery,
) -> Response {
    let visit = Visit::new(&state, &headers, &pairs);
    let links = languages(&visit, &["v", &short_code], &[]);
    let entry = Entry::Code(short_code);
    interstitial(&state, client, &headers, &visit, entry, links).await
}

async fn interstitial(
    state: &HttpState,
    client: ClientAddr,
    headers: &HeaderMap,
    visit: &Visit,
    entry: Entry,
    languages: Vec<LanguageLink>,
) -> Response {
    let call = end_user(client, headers);
    let preview = match &entry {
        Entry::Code(code) => state.app.peek(&call, code).await,
        Entry::InquiryId(id) => state.app.peek_inquiry(&call, id).await,
    };
    let preview = match preview {
        Ok(preview) => preview,
        Err(err) => return refusal(visit, &err),
    };
    let Ok((nonce, cookie)) = visit.cookies.nonce(headers) else {
        return refusal(visit, &app::Error::Internal("no randomness".into()));
    };
    let mut hidden = visit.hidden(&nonce);
    hidden.push(entry.hidden());
    let page = views::EntryPage {
        t: visit.t,
        languages,
        template_name: &preview.template_name,
        hidden,
    };
    with_nonce(views::html(StatusCode::OK, &page), cookie)
}

/// What the end user's browser is, for the session's record.
fn client_of(client: ClientAddr, headers: &HeaderMap) -> Client {
    let mut user_agent = headers
        .get(USER_AGENT)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .unwrap_or_default();
    while user_agent.len() > USER_AGENT_MAX_BYTES {
        user_agent.pop();
    }
    Client {
        ip: client.0.to_string(),
        user_agent,
    }
}

/// A 303 to `location`.
fn see_other(location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(location) => (StatusCode::SEE_OTHER, [(LOCATION, location)]).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// `POST /verify`: the Continue button. Redeems the code (or opens the inquiry by its ID),
/// sets the session cookie and sends the browser to the flow.
async fn enter(
    State(state): State<HttpState>,
    client: ClientAddr,
    headers: HeaderMap,
    PageForm(form): PageForm,
) -> Response {
    let pairs = form.unwrap_or_default();
    let visit = Visit::new(&state, &headers, &pairs);
    if !visit.cookies.accepts_post(&headers, first(&pairs, "csrf")) {
        return visit.ending(StatusCode::FORBIDDEN, &visit.t.forbidden);
    }
    let Some(entry) = Entry::of(&pairs) else {
        return bad_request(&visit);
    };
    let (call, browser) = (end_user(client, &headers), client_of(client, &headers));
    let opened = match &entry {
        Entry::Code(code) => state
            .app
            .redeem(&call, code, browser)
            .await
            .map(|r| r.session_token),
        Entry::InquiryId(id) => {
            (state.app.open_inquiry(&call, id, browser).await).map(|r| r.session_token)
        }
    };
    match opened {
        Ok(token) => {
            let mut response = see_other(&visit.path("/verify/flow"));
            guard::set_cookie(&mut response, visit.cookies.session(&token));
            response
        }
        Err(err) => refusal(&visit, &err),
    }
}

/// The pages' one stylesheet (the only thing they load).
async fn stylesheet() -> Response {
    (
        [
            (CONTENT_TYPE, "text/css; charset=utf-8"),
            (CACHE_CONTROL, "public, max-age=3600"),
            (axum::http::header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        include_str!("verilink.css"),
    )
        .into_response()
}
