//! The console's pages as askama templates (HTML auto-escaped) and what each one shows.

use askama::Template;
use axum::http::header::CONTENT_TYPE;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::i18n::{Catalogue, LANGUAGES};
use super::{Signed, Visit};

/// A link to the same page in another language.
pub struct LanguageLink {
    pub lang: &'static str,
    pub name: &'static str,
    pub href: String,
    pub current: bool,
}

/// What surrounds every signed-in page: who is signed in, the environment shown, the menu.
pub struct Chrome {
    pub email: String,
    pub role: &'static str,
    pub csrf: String,
    pub live: bool,
    pub time_zone: String,
    /// The menu entry of this page.
    pub current: &'static str,
    /// This page's path, to come back to after a setting changes.
    pub path: String,
    /// Whether the menu shows what only administrators may open (API keys).
    pub admin: bool,
}

/// The frame of every page: its language, the request ID, and the chrome when signed in.
pub struct Frame {
    pub t: &'static Catalogue,
    pub languages: Vec<LanguageLink>,
    pub request_id: String,
    pub chrome: Option<Chrome>,
}

fn languages(t: &Catalogue, path: &str) -> Vec<LanguageLink> {
    let back: String = url::form_urlencoded::byte_serialize(path.as_bytes()).collect();
    LANGUAGES
        .into_iter()
        .map(|c| LanguageLink {
            lang: c.lang,
            name: c.name,
            href: format!("/language?set={}&back={back}", c.lang),
            current: c.lang == t.lang,
        })
        .collect()
}

impl Frame {
    fn anonymous(visit: &Visit, path: &str) -> Frame {
        Frame {
            t: visit.t,
            languages: languages(visit.t, path),
            request_id: visit.request_id.clone(),
            chrome: None,
        }
    }

    /// The frame of a signed-in page at `path`, under the menu entry `current`.
    pub fn signed(signed: &Signed, current: &'static str, path: &str) -> Frame {
        let t = signed.visit.t;
        let session = &signed.session;
        Frame {
            t,
            languages: languages(t, path),
            request_id: signed.visit.request_id.clone(),
            chrome: Some(Chrome {
                email: session.operator.email.clone(),
                role: t.role(session.operator.role),
                csrf: session.csrf.clone(),
                live: session.environment == crate::domain::tenant::Environment::Live,
                time_zone: session.time_zone.clone(),
                current,
                path: path.to_owned(),
                admin: signed.may(crate::domain::actor::Role::Admin),
            }),
        }
    }
}

impl Frame {
    /// The session's CSRF token, which every form of a signed-in page carries.
    pub fn csrf(&self) -> &str {
        self.chrome.as_ref().map_or("", |c| c.csrf.as_str())
    }
}

/// Renders a page with `status`.
pub fn render(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => (status, [(CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response(),
        Err(err) => {
            tracing::error!(%err, "console page failed to render");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// A secret just made (an API key, a webhook's signing secret): shown this once, as text to
/// select and copy.
pub struct Secret {
    pub title: &'static str,
    pub label: &'static str,
    pub secret: String,
    pub hint: &'static str,
    /// Where the secret's owner is shown.
    pub back: String,
    pub back_label: &'static str,
}

#[derive(Template)]
#[template(path = "console_secret.html")]
struct SecretPage {
    frame: Frame,
    secret: Secret,
}

/// The page of a secret shown once, under the menu entry `current`.
pub fn secret_page(signed: &Signed, current: &'static str, secret: Secret) -> Response {
    render(
        StatusCode::OK,
        &SecretPage {
            frame: Frame::signed(signed, current, &secret.back),
            secret,
        },
    )
}

#[derive(Template)]
#[template(path = "console_login.html")]
struct LoginPage {
    frame: Frame,
    oidc: bool,
}

/// How to get in: the company's sign-in when configured, and how to get a login link.
pub fn login(visit: &Visit, oidc: bool) -> Response {
    render(
        StatusCode::OK,
        &LoginPage {
            frame: Frame::anonymous(visit, "/login"),
            oidc,
        },
    )
}

#[derive(Template)]
#[template(path = "console_entered.html")]
struct EnteredPage {
    frame: Frame,
}

/// The page a login from elsewhere ends on: it moves on to the inquiries by itself.
pub fn entered(visit: &Visit) -> Response {
    render(
        StatusCode::OK,
        &EnteredPage {
            frame: Frame::anonymous(visit, "/inquiries"),
        },
    )
}

#[derive(Template)]
#[template(path = "console_login_link.html")]
struct LoginLinkPage<'a> {
    frame: Frame,
    token: &'a str,
    nonce: &'a str,
}

pub fn login_link(visit: &Visit, token: &str, nonce: &str) -> Response {
    render(
        StatusCode::OK,
        &LoginLinkPage {
            frame: Frame::anonymous(visit, "/login"),
            token,
            nonce,
        },
    )
}

#[derive(Template)]
#[template(path = "console_message.html")]
struct MessagePage<'a> {
    frame: Frame,
    title: &'a str,
    message: &'a str,
    problems: Vec<String>,
}

/// A page that only says something: an error, a refusal.
pub fn message(visit: &Visit, status: StatusCode, title: &str, message: &str) -> Response {
    render(
        status,
        &MessagePage {
            frame: Frame::anonymous(visit, "/inquiries"),
            title,
            message,
            problems: Vec::new(),
        },
    )
}

/// The `400` page of a form that was refused: every problem with what was entered.
pub fn problems(visit: &Visit, message: &str, problems: Vec<String>) -> Response {
    render(
        StatusCode::BAD_REQUEST,
        &MessagePage {
            frame: Frame::anonymous(visit, "/inquiries"),
            title: visit.t.bad_request_title,
            message,
            problems,
        },
    )
}
