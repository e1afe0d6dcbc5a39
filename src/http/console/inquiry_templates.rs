//! Inquiry templates in the console: the list and one template for every role; creating,
//! editing (its expiry intervals, lifetimes and collected fields) and archiving one for
//! administrators — the use cases gRPC calls, each an audit entry with the operator as actor.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;

use super::forms::{at_lines, parse_fields, parse_interval, show_fields, show_interval};
use super::views::{render, Frame};
use super::{first, next_page, refusal, see_other, Pairs, Posted, QueryPairs, Signed};
use crate::app::templates::{
    ArchiveTemplate, CreateTemplate, GetTemplate, ListTemplates, UpdateTemplate,
};
use crate::domain::actor::Role;
use crate::domain::error::Violations;
use crate::domain::template::{TemplateDraft, TemplateSettings};
use crate::domain::Error;
use crate::http::HttpState;

/// Templates per page of the list.
const PAGE_SIZE: i32 = 50;

/// The intervals the form sets, by their names in the API (and the form).
const INTERVALS: [&str; 5] = [
    "expire_after_create",
    "expire_after_start",
    "expire_after_resume",
    "one_time_link_ttl",
    "session_ttl",
];

pub fn router() -> Router<HttpState> {
    Router::new()
        .route("/templates", get(list).post(create))
        .route("/templates/{id}", get(detail))
        .route("/templates/{id}/edit", post(edit))
        .route("/templates/{id}/archive", post(archive))
}

/// What the template form shows: the name, each interval as written, the fields' lines.
#[derive(Default)]
pub struct TemplateForm {
    pub name: String,
    /// `(name in the form, label, value)`, in the order of [`INTERVALS`].
    pub intervals: Vec<(&'static str, &'static str, String)>,
    pub fields: String,
}

impl TemplateForm {
    fn new(signed: &Signed, name: &str, values: [String; 5], fields: String) -> Self {
        let t = signed.visit.t;
        let labels = [
            t.expire_after_create_label,
            t.expire_after_start_label,
            t.expire_after_resume_label,
            t.one_time_link_ttl_label,
            t.session_ttl_label,
        ];
        let intervals = INTERVALS
            .into_iter()
            .zip(labels)
            .zip(values)
            .map(|((name, label), value)| (name, label, value))
            .collect();
        TemplateForm {
            name: name.to_owned(),
            intervals,
            fields,
        }
    }

    fn of(signed: &Signed, settings: &TemplateSettings) -> Self {
        let values = [
            settings.expire_after_create,
            settings.expire_after_start,
            settings.expire_after_resume,
            settings.one_time_link_ttl,
            settings.session_ttl,
        ]
        .map(show_interval);
        let fields = show_fields(&settings.collected_fields);
        TemplateForm::new(signed, &settings.name, values, fields)
    }
}

/// A posted template form as a draft, with the line each collected field came from; every
/// problem of the form at once.
fn draft(form: &Pairs) -> Result<(TemplateDraft, Vec<usize>), Error> {
    let mut v = Violations::default();
    let [create, start, resume, link, session] =
        INTERVALS.map(|name| v.check(parse_interval(name, first(form, name))).flatten());
    let fields = v.check(parse_fields(first(form, "collected_fields")));
    v.into_result()?;
    let (collected_fields, lines) = fields.unwrap_or_default();
    let draft = TemplateDraft {
        name: first(form, "name").to_owned(),
        expire_after_create: create,
        expire_after_start: start,
        expire_after_resume: resume,
        one_time_link_ttl: link,
        session_ttl: session,
        collected_fields,
        ..TemplateDraft::default()
    };
    Ok((draft, lines))
}

pub struct Row {
    pub id: String,
    pub name: String,
    pub archived: bool,
    pub created: String,
}

#[derive(askama::Template)]
#[template(path = "console_templates.html")]
struct ListPage {
    frame: Frame,
    rows: Vec<Row>,
    next: Option<String>,
    can_admin: bool,
    form: TemplateForm,
}

/// `GET /templates`: every template of the environment, archived ones too; the form that
/// creates one for administrators.
async fn list(
    State(state): State<HttpState>,
    signed: Signed,
    QueryPairs(pairs): QueryPairs,
) -> Response {
    let listed = ListTemplates::new(true, PAGE_SIZE, first(&pairs, "page"));
    let (templates, next) = match signed.ask(&state, listed).await {
        Ok(page) => page,
        Err(err) => return refusal(&signed.visit, &err),
    };
    let rows = templates
        .into_iter()
        .map(|t| Row {
            created: signed.when(t.create_time),
            archived: t.archive_time.is_some(),
            name: t.settings.name,
            id: t.id,
        })
        .collect();
    let form = TemplateForm::new(&signed, "", Default::default(), String::new());
    render(
        StatusCode::OK,
        &ListPage {
            frame: Frame::signed(&signed, "templates", "/templates"),
            rows,
            next: next_page("/templates", &pairs, &next),
            can_admin: signed.may(Role::Admin),
            form,
        },
    )
}

/// `POST /templates`: creates a template, then shows it.
async fn create(State(state): State<HttpState>, Posted { signed, form }: Posted) -> Response {
    let created = match draft(&form) {
        Ok((draft, lines)) => signed
            .act(&state, CreateTemplate::new(&draft))
            .await
            .map_err(|err| at_lines(err, &lines)),
        Err(err) => Err(err.into()),
    };
    match created {
        Ok(template) => see_other(&format!("/templates/{}", template.id)),
        Err(err) => refusal(&signed.visit, &err),
    }
}

/// A collected field as the template's page lists it.
pub struct FieldRow {
    pub name: String,
    pub kind: &'static str,
    pub required: bool,
    pub label: String,
}

#[derive(askama::Template)]
#[template(path = "console_template.html")]
struct DetailPage {
    frame: Frame,
    id: String,
    name: String,
    created: String,
    updated: String,
    archived: Option<String>,
    fields: Vec<FieldRow>,
    can_admin: bool,
    form: TemplateForm,
}

/// `GET /templates/{id}`: the template's settings and fields; for administrators, the forms
/// that edit and archive it.
async fn detail(
    State(state): State<HttpState>,
    signed: Signed,
    Path(id): Path<String>,
) -> Response {
    let template = match signed.ask(&state, GetTemplate::new(&id)).await {
        Ok(template) => template,
        Err(err) => return refusal(&signed.visit, &err),
    };
    let settings = &template.settings;
    let page = DetailPage {
        frame: Frame::signed(&signed, "templates", &format!("/templates/{}", template.id)),
        name: settings.name.clone(),
        created: signed.when(template.create_time),
        updated: signed.when(template.update_time),
        archived: template.archive_time.map(|t| signed.when(t)),
        fields: settings
            .collected_fields
            .iter()
            .map(|f| FieldRow {
                name: f.name.clone(),
                kind: f.kind.as_str(),
                required: f.required,
                label: f.label.clone(),
            })
            .collect(),
        can_admin: signed.may(Role::Admin),
        form: TemplateForm::of(&signed, settings),
        id: template.id,
    };
    render(StatusCode::OK, &page)
}

/// `POST /templates/{id}/edit`: the name, intervals and collected fields as the form has them
/// (an interval left empty goes back to its default).
async fn edit(
    State(state): State<HttpState>,
    Path(id): Path<String>,
    Posted { signed, form }: Posted,
) -> Response {
    let paths: Vec<String> = ["name", "collected_fields"]
        .into_iter()
        .chain(INTERVALS)
        .map(str::to_owned)
        .collect();
    let updated = match draft(&form) {
        Ok((draft, lines)) => signed
            .act(&state, UpdateTemplate::new(&id, &paths, draft))
            .await
            .map_err(|err| at_lines(err, &lines)),
        Err(err) => Err(err.into()),
    };
    match updated {
        Ok(_) => see_other(&format!("/templates/{id}")),
        Err(err) => refusal(&signed.visit, &err),
    }
}

/// `POST /templates/{id}/archive`.
async fn archive(
    State(state): State<HttpState>,
    Path(id): Path<String>,
    Posted { signed, .. }: Posted,
) -> Response {
    signed.finish(
        &format!("/templates/{id}"),
        signed.act(&state, ArchiveTemplate::new(&id)).await,
    )
}
