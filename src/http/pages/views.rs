//! The hosted pages as askama templates (HTML auto-escaped) and what each one shows.

use askama::Template;
use axum::http::header::{CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::guard::content_security_policy;
use super::i18n::{Catalogue, Ending};
use crate::domain::collect::{CollectedField, FieldKind, Problem};

/// A link to the same page in another language.
pub struct LanguageLink {
    pub lang: &'static str,
    pub name: &'static str,
    pub href: String,
    pub current: bool,
}

/// The interstitial a link opens: the template's name and a Continue button.
#[derive(Template)]
#[template(path = "entry.html")]
pub struct EntryPage<'a> {
    pub t: &'static Catalogue,
    pub languages: Vec<LanguageLink>,
    pub template_name: &'a str,
    pub hidden: Vec<(&'static str, String)>,
}

/// The form of the flow: the fields the template collects, pre-filled, with problems beside
/// them; the sandbox's switch.
#[derive(Template)]
#[template(path = "flow.html")]
pub struct FlowPage<'a> {
    pub t: &'static Catalogue,
    pub languages: Vec<LanguageLink>,
    pub template_name: &'a str,
    pub hidden: Vec<(&'static str, String)>,
    pub fields: Vec<FieldView>,
    /// (field id, message) of every problem, for the summary at the top.
    pub problems: Vec<(String, String)>,
    pub sandbox: bool,
    pub pass: bool,
}

/// Where a journey ends: done, or why it cannot go on.
#[derive(Template)]
#[template(path = "ending.html")]
pub struct EndingPage {
    pub t: &'static Catalogue,
    pub languages: Vec<LanguageLink>,
    pub ending: &'static Ending,
    /// What exactly was wrong, when the ending's message alone does not say.
    pub detail: Option<String>,
}

/// One option of a select or a radio group.
pub struct Choice {
    pub value: &'static str,
    pub name: &'static str,
    pub selected: bool,
}

/// One collected field as the form shows it.
pub struct FieldView {
    pub id: String,
    pub name: String,
    pub label: String,
    /// The `type` of its input, or `select` / `radio`.
    pub control: &'static str,
    pub value: String,
    pub required: bool,
    pub error: Option<String>,
    pub hint: Option<&'static str>,
    pub autocomplete: &'static str,
    pub inputmode: &'static str,
    pub described_by: String,
    pub choices: Vec<Choice>,
}

/// The `autocomplete` token of a well-known field (WCAG 1.3.5: the input's purpose).
fn autocomplete(field: &CollectedField) -> &'static str {
    match (field.name.as_str(), field.kind) {
        ("name_first", _) => "given-name",
        ("name_last", _) => "family-name",
        ("birthdate", _) => "bday",
        ("address_street_1", _) => "address-line1",
        ("address_city", _) => "address-level2",
        ("address_postal_code", _) => "postal-code",
        ("address_country_code", _) => "country",
        ("email_address", _) | (_, FieldKind::Email) => "email",
        ("phone_number", _) | (_, FieldKind::Phone) => "tel",
        _ => "",
    }
}

impl FieldView {
    /// A field showing `value` (what the inquiry holds, or what the user typed), and the
    /// problem with it if there is one.
    pub fn new(
        t: &'static Catalogue,
        field: &CollectedField,
        value: String,
        problem: Option<&Problem>,
    ) -> Self {
        let id = format!("field-{}", field.name);
        let label = match field.label.as_str() {
            "" => t.field_label(&field.name).unwrap_or(&field.name).to_owned(),
            label => label.to_owned(),
        };
        let (control, inputmode, hint) = match field.kind {
            FieldKind::Text => ("text", "", None),
            FieldKind::Date => ("date", "", Some(t.date_hint)),
            FieldKind::Email => ("email", "", None),
            FieldKind::Phone => ("tel", "", Some(t.phone_hint)),
            FieldKind::Number => ("text", "decimal", None),
            FieldKind::Country => ("select", "", None),
            FieldKind::YesNo => ("radio", "", None),
        };
        let choices = match field.kind {
            FieldKind::Country => t
                .countries
                .iter()
                .map(|(code, name)| Choice {
                    value: code,
                    name,
                    selected: value.eq_ignore_ascii_case(code),
                })
                .collect(),
            FieldKind::YesNo => [("yes", t.yes), ("no", t.no)]
                .into_iter()
                .map(|(v, name)| Choice {
                    value: v,
                    name,
                    selected: value == v,
                })
                .collect(),
            _ => Vec::new(),
        };
        let error = problem.map(|p| t.problem(p));
        let described_by = [
            hint.map(|_| format!("{id}-hint")),
            error.as_ref().map(|_| format!("{id}-error")),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
        FieldView {
            name: field.name.clone(),
            autocomplete: autocomplete(field),
            required: field.required,
            id,
            label,
            control,
            value,
            error,
            hint,
            inputmode,
            described_by,
            choices,
        }
    }
}

/// A rendered page with its status; a page that cannot render is a plain 500.
pub fn html(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(body) => (
            status,
            [(
                CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            )],
            body,
        )
            .into_response(),
        Err(err) => {
            tracing::error!(%err, "a hosted page failed to render");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// The flow page, whose form may be answered with a redirect to `form_target`.
pub fn flow(status: StatusCode, page: &FlowPage<'_>, form_target: Option<&str>) -> Response {
    let mut response = html(status, page);
    response.headers_mut().insert(
        CONTENT_SECURITY_POLICY,
        content_security_policy(form_target),
    );
    response
}

/// An ending page, with what exactly was wrong if `detail` says.
pub fn ending(
    t: &'static Catalogue,
    status: StatusCode,
    ending: &'static Ending,
    detail: Option<String>,
) -> Response {
    html(
        status,
        &EndingPage {
            t,
            languages: Vec::new(),
            ending,
            detail,
        },
    )
}
