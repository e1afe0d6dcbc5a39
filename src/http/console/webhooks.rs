//! Webhooks in the console: the list, one webhook and its recent deliveries for every role;
//! creating, editing, turning off and on, rotating the secret of (the new one shown once),
//! deleting a webhook and redelivering an event for administrators — the use cases gRPC
//! calls, each change an audit entry with the operator as actor.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;

use super::forms::parse_interval;
use super::views::{render, secret_page, Frame, Secret};
use super::{first, next_page, refusal, see_other, Pairs, Posted, QueryPairs, Signed};
use crate::app::webhooks::{
    CreateWebhook, DeleteWebhook, GetWebhook, ListDeliveries, ListWebhooks, RedeliverEvent,
    RotateWebhookSecret, UpdateWebhook, WebhookUpdate, WebhookWithSecret,
};
use crate::domain::actor::Role;
use crate::domain::events::EventKind;
use crate::domain::webhook::{Webhook, WebhookFormat};
use crate::domain::Error;
use crate::http::HttpState;

/// Webhooks per page of the list.
const PAGE_SIZE: i32 = 50;
/// Deliveries shown on a webhook's page, newest first.
const RECENT_DELIVERIES: i32 = 50;

pub fn router() -> Router<HttpState> {
    Router::new()
        .route("/webhooks", get(list).post(create))
        .route("/webhooks/{id}", get(detail))
        .route("/webhooks/{id}/edit", post(edit))
        .route("/webhooks/{id}/enabled", post(enabled))
        .route("/webhooks/{id}/rotate", post(rotate))
        .route("/webhooks/{id}/delete", post(delete))
        .route("/webhooks/{id}/redeliver", post(redeliver))
}

/// An event a webhook may select: its name (`*` is every event), its label, whether selected.
pub struct EventChoice {
    pub name: &'static str,
    pub label: &'static str,
    pub checked: bool,
}

/// What the webhook form shows.
pub struct WebhookForm {
    pub url: String,
    pub events: Vec<EventChoice>,
    /// `(value, label, selected)`.
    pub formats: Vec<(&'static str, &'static str, bool)>,
}

impl WebhookForm {
    /// The form for `webhook`, or an empty one (every event, the default format).
    fn new(signed: &Signed, webhook: Option<&Webhook>) -> Self {
        let t = signed.visit.t;
        let selected = |name: &str| {
            webhook.map_or(name == "*", |w| w.enabled_events.iter().any(|e| e == name))
        };
        let subscribable = EventKind::ALL
            .iter()
            .filter(|kind| !kind.is_audit_only())
            .map(|kind| (kind.as_str(), kind.as_str()));
        let events = std::iter::once(("*", t.all_events))
            .chain(subscribable)
            .map(|(name, label)| EventChoice {
                name,
                label,
                checked: selected(name),
            })
            .collect();
        let format = webhook.map_or_else(WebhookFormat::default, |w| w.format);
        let formats = WebhookFormat::ALL
            .into_iter()
            .map(|f| {
                let label = match f {
                    WebhookFormat::Verilink => t.format_verilink,
                    WebhookFormat::Persona => t.format_persona,
                };
                (f.as_str(), label, f == format)
            })
            .collect();
        WebhookForm {
            url: webhook.map_or_else(String::new, |w| w.url.clone()),
            events,
            formats,
        }
    }
}

/// The events a posted form selects (every checked box).
fn events_of(form: &Pairs) -> Vec<String> {
    form.iter()
        .filter(|(name, _)| name == "events")
        .map(|(_, value)| value.clone())
        .collect()
}

fn format_of(form: &Pairs) -> Result<WebhookFormat, Error> {
    WebhookFormat::parse(first(form, "format"))
        .ok_or_else(|| Error::invalid("format", "is verilink or persona"))
}

pub struct Row {
    pub id: String,
    pub url: String,
    pub events: String,
    pub format: &'static str,
    pub enabled: bool,
}

#[derive(askama::Template)]
#[template(path = "console_webhooks.html")]
struct ListPage {
    frame: Frame,
    rows: Vec<Row>,
    next: Option<String>,
    can_admin: bool,
    form: WebhookForm,
}

/// `GET /webhooks`: the environment's webhooks; the form that creates one for administrators.
async fn list(
    State(state): State<HttpState>,
    signed: Signed,
    QueryPairs(pairs): QueryPairs,
) -> Response {
    let listed = ListWebhooks::new(PAGE_SIZE, first(&pairs, "page"));
    let (webhooks, next) = match signed.ask(&state, listed).await {
        Ok(page) => page,
        Err(err) => return refusal(&signed.visit, &err),
    };
    let rows = webhooks
        .into_iter()
        .map(|w| Row {
            events: w.enabled_events.join(", "),
            format: w.format.as_str(),
            enabled: w.enabled,
            url: w.url,
            id: w.id,
        })
        .collect();
    render(
        StatusCode::OK,
        &ListPage {
            frame: Frame::signed(&signed, "webhooks", "/webhooks"),
            rows,
            next: next_page("/webhooks", &pairs, &next),
            can_admin: signed.may(Role::Admin),
            form: WebhookForm::new(&signed, None),
        },
    )
}

/// The page that shows a webhook's new signing secret, this once.
fn secret_shown(signed: &Signed, made: WebhookWithSecret) -> Response {
    let t = signed.visit.t;
    let path = format!("/webhooks/{}", made.webhook.id);
    secret_page(
        signed,
        "webhooks",
        Secret {
            title: t.webhook_secret_title,
            label: t.webhook_secret_label,
            secret: made.secret,
            hint: t.webhook_secret_hint,
            back: path,
            back_label: t.back_to_webhook,
        },
    )
}

/// `POST /webhooks`: creates a webhook and shows its signing secret once.
async fn create(State(state): State<HttpState>, Posted { signed, form }: Posted) -> Response {
    let url = first(&form, "url").trim();
    let command = format_of(&form)
        .and_then(|format| CreateWebhook::new(url, &events_of(&form), Some(format)));
    match signed.act(&state, command).await {
        Ok(made) => secret_shown(&signed, made),
        Err(err) => refusal(&signed.visit, &err),
    }
}

/// A delivery as the webhook's page lists it.
pub struct DeliveryRow {
    pub event_id: String,
    pub event_name: String,
    pub status: &'static str,
    pub attempts: i32,
    pub answer: String,
    pub created: String,
}

#[derive(askama::Template)]
#[template(path = "console_webhook.html")]
struct DetailPage {
    frame: Frame,
    id: String,
    url: String,
    events: String,
    format: &'static str,
    enabled: bool,
    disabled_reason: String,
    previous_secret_until: Option<String>,
    created: String,
    updated: String,
    deliveries: Vec<DeliveryRow>,
    can_admin: bool,
    form: WebhookForm,
}

/// `GET /webhooks/{id}`: the webhook and its recent deliveries; for administrators, the forms
/// that change it.
async fn detail(
    State(state): State<HttpState>,
    signed: Signed,
    Path(id): Path<String>,
) -> Response {
    let read = async {
        let webhook = signed.ask(&state, GetWebhook::new(&id)).await?;
        let recent = ListDeliveries::new(&webhook.id, "", RECENT_DELIVERIES, "");
        let (deliveries, _) = signed.ask(&state, recent).await?;
        Ok::<_, crate::app::Error>((webhook, deliveries))
    };
    let (webhook, deliveries) = match read.await {
        Ok(read) => read,
        Err(err) => return refusal(&signed.visit, &err),
    };
    let t = signed.visit.t;
    let deliveries = deliveries
        .into_iter()
        .map(|d| DeliveryRow {
            status: t.delivery_status(d.status),
            attempts: d.attempt_count,
            answer: match (d.last_status_code, d.last_error.as_str()) {
                (0, error) => error.to_owned(),
                (code, "") => code.to_string(),
                (code, error) => format!("{code} — {error}"),
            },
            created: signed.when(d.create_time),
            event_name: d.event_name,
            event_id: d.event_id,
        })
        .collect();
    let page = DetailPage {
        frame: Frame::signed(&signed, "webhooks", &format!("/webhooks/{}", webhook.id)),
        url: webhook.url.clone(),
        events: webhook.enabled_events.join(", "),
        format: webhook.format.as_str(),
        enabled: webhook.enabled,
        disabled_reason: webhook.disabled_reason.clone(),
        previous_secret_until: webhook
            .previous_secret_expire_time
            .filter(|until| *until > state.app.now())
            .map(|until| signed.when(until)),
        created: signed.when(webhook.create_time),
        updated: signed.when(webhook.update_time),
        deliveries,
        can_admin: signed.may(Role::Admin),
        form: WebhookForm::new(&signed, Some(&webhook)),
        id: webhook.id,
    };
    render(StatusCode::OK, &page)
}

/// `POST /webhooks/{id}/edit`: its URL, events and format as the form has them.
async fn edit(
    State(state): State<HttpState>,
    Path(id): Path<String>,
    Posted { signed, form }: Posted,
) -> Response {
    let paths = ["url", "enabled_events", "format"].map(str::to_owned);
    let events = events_of(&form);
    let command = format_of(&form).and_then(|format| {
        UpdateWebhook::new(&WebhookUpdate {
            id: &id,
            paths: &paths,
            url: first(&form, "url").trim(),
            enabled_events: &events,
            format: Some(format),
            ..WebhookUpdate::default()
        })
    });
    signed.finish(
        &format!("/webhooks/{id}"),
        signed.act(&state, command).await,
    )
}

/// `POST /webhooks/{id}/enabled`: turns deliveries off (`enabled=false`) or back on.
async fn enabled(
    State(state): State<HttpState>,
    Path(id): Path<String>,
    Posted { signed, form }: Posted,
) -> Response {
    let paths = ["enabled".to_owned()];
    let command = match first(&form, "enabled") {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(Error::invalid("enabled", "is true or false")),
    }
    .and_then(|enabled| {
        UpdateWebhook::new(&WebhookUpdate {
            id: &id,
            paths: &paths,
            enabled,
            ..WebhookUpdate::default()
        })
    });
    signed.finish(
        &format!("/webhooks/{id}"),
        signed.act(&state, command).await,
    )
}

/// `POST /webhooks/{id}/rotate`: a new signing secret, shown once; the previous one also
/// signs for the grace period asked for.
async fn rotate(
    State(state): State<HttpState>,
    Path(id): Path<String>,
    Posted { signed, form }: Posted,
) -> Response {
    let command = parse_interval("grace_period", first(&form, "grace_period"))
        .and_then(|grace| RotateWebhookSecret::new(&id, grace));
    match signed.act(&state, command).await {
        Ok(rotated) => secret_shown(&signed, rotated),
        Err(err) => refusal(&signed.visit, &err),
    }
}

/// `POST /webhooks/{id}/delete`: the webhook and its deliveries.
async fn delete(
    State(state): State<HttpState>,
    Path(id): Path<String>,
    Posted { signed, .. }: Posted,
) -> Response {
    match signed.act(&state, DeleteWebhook::new(&id)).await {
        Ok(()) => see_other("/webhooks"),
        Err(err) => refusal(&signed.visit, &err),
    }
}

/// `POST /webhooks/{id}/redeliver`: queues the event (`event`) for the webhook once more.
async fn redeliver(
    State(state): State<HttpState>,
    Path(id): Path<String>,
    Posted { signed, form }: Posted,
) -> Response {
    let command = RedeliverEvent::new(&id, first(&form, "event"));
    signed.finish(
        &format!("/webhooks/{id}"),
        signed.act(&state, command).await,
    )
}
