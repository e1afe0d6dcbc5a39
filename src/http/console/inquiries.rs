//! Inquiries in the console: the list, the detail page (whose opening is audited), and the
//! operator's actions — each one the same use case gRPC calls, with the operator as its actor.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};

use super::views::{render, Frame};
use super::{first, next_page, refusal, see_other, Pairs, Posted, Signed};
use crate::app;
use crate::app::audit::{AuditQuery, ListAuditEvents};
use crate::app::inquiries::{
    GetInquiry, InquiryQuery, InquiryUpdate, ListInquiries, RedactInquiry, ResumeInquiry,
    RetagInquiry, ReviewInquiry, ViewInquiry,
};
use crate::app::links::{GenerateLink, LinkRequest, ListLinks, ResendLink};
use crate::app::sessions::ListSessions;
use crate::app::webhooks::ListDeliveries;
use crate::domain::actor::{Actor, ActorKind, Role};
use crate::domain::events::Event;
use crate::domain::ids::IdKind;
use crate::domain::inquiry::Inquiry;
use crate::domain::status::{transition, InquiryAction, InquiryStatus};
use crate::domain::Error;
use crate::http::HttpState;

/// Inquiries per page of the list.
const PAGE_SIZE: i32 = 50;
/// Events, sessions and links shown on an inquiry's page (the audit log has every event).
const DETAIL_ROWS: i32 = 100;

pub fn router() -> Router<HttpState> {
    Router::new()
        .route("/inquiries", get(list))
        .route("/inquiries/{id}", get(detail))
        .route("/inquiries/{id}/decide", post(decide))
        .route("/inquiries/{id}/link", post(link))
        .route("/inquiries/{id}/resend", post(resend))
        .route("/inquiries/{id}/edit", post(edit))
        .route("/inquiries/{id}/expire", post(expire))
        .route("/inquiries/{id}/redact", post(redact))
        .route("/audit", get(audit))
}

/// A date of a filter (`YYYY-MM-DD`), as the start of that day in the operator's zone.
fn day_start(signed: &Signed, field: &str, value: &str) -> Result<Option<DateTime<Utc>>, Error> {
    if value.is_empty() {
        return Ok(None);
    }
    let date = NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map_err(|_| Error::invalid(field, "is a date like 2026-12-01"))?;
    let midnight = date.and_hms_opt(0, 0, 0).unwrap_or_default();
    Ok(signed
        .zone
        .from_local_datetime(&midnight)
        .earliest()
        .map(|t| t.with_timezone(&Utc)))
}

pub struct Row {
    pub id: String,
    pub status: &'static str,
    pub reference_id: String,
    pub template_id: String,
    pub created: String,
}

/// The values a filter form shows again.
#[derive(Default)]
pub struct Filters {
    pub q: String,
    pub status: String,
    pub template: String,
    pub tag: String,
    pub after: String,
    pub before: String,
}

#[derive(askama::Template)]
#[template(path = "console_inquiries.html")]
struct ListPage {
    frame: Frame,
    filters: Filters,
    statuses: Vec<(&'static str, &'static str)>,
    rows: Vec<Row>,
    next: Option<String>,
}

/// `GET /inquiries`: newest first, filtered; a search for an inquiry ID opens it.
async fn list(
    State(state): State<HttpState>,
    signed: Signed,
    Query(pairs): Query<Pairs>,
) -> Response {
    let filters = Filters {
        q: first(&pairs, "q").trim().to_owned(),
        status: first(&pairs, "status").to_owned(),
        template: first(&pairs, "template").trim().to_owned(),
        tag: first(&pairs, "tag").trim().to_owned(),
        after: first(&pairs, "after").to_owned(),
        before: first(&pairs, "before").to_owned(),
    };
    if IdKind::Inquiry.is_well_formed(&filters.q) {
        return see_other(&format!("/inquiries/{}", filters.q));
    }
    let query = (|| -> Result<InquiryQuery<'_>, Error> {
        Ok(InquiryQuery {
            page_size: PAGE_SIZE,
            page_token: first(&pairs, "page"),
            status: match filters.status.as_str() {
                "" => None,
                s => Some(
                    InquiryStatus::parse(s)
                        .ok_or_else(|| Error::invalid("status", "is not a status"))?,
                ),
            },
            reference_id: if filters.q.contains('@') {
                ""
            } else {
                &filters.q
            },
            email: if filters.q.contains('@') {
                &filters.q
            } else {
                ""
            },
            inquiry_template_id: &filters.template,
            tag: &filters.tag,
            created_after: day_start(&signed, "after", &filters.after)?,
            created_before: day_start(&signed, "before", &filters.before)?,
            after_inquiry: "",
        })
    })();
    let listed = match query {
        Ok(query) => signed.ask(&state, ListInquiries::new(&query)).await,
        Err(err) => Err(err.into()),
    };
    let (inquiries, next) = match listed {
        Ok(page) => page,
        Err(err) => return refusal(&signed.visit, &err),
    };
    let t = signed.visit.t;
    let rows = inquiries
        .iter()
        .map(|i| Row {
            id: i.id.clone(),
            status: t.status(i.status),
            reference_id: i.reference_id.clone(),
            template_id: i.inquiry_template_id.clone(),
            created: signed.when(i.create_time),
        })
        .collect();
    let next = next_page("/inquiries", &pairs, &next);
    let statuses = InquiryStatus::ALL
        .iter()
        .map(|s| (s.as_str(), t.status(*s)))
        .collect();
    render(
        StatusCode::OK,
        &ListPage {
            frame: Frame::signed(&signed, "inquiries", "/inquiries"),
            filters,
            statuses,
            rows,
            next,
        },
    )
}

/// An actor as a person reads it: the kind, and the name or ID.
pub struct ActorView {
    pub kind: &'static str,
    pub name: String,
    pub origin: String,
}

fn actor_view(signed: &Signed, actor: &Actor) -> ActorView {
    let t = signed.visit.t;
    let name = match (&actor.display_name, actor.kind) {
        (Some(name), _) if !name.is_empty() => format!("{name} ({})", actor.id),
        (_, ActorKind::Unknown) => String::new(),
        _ => actor.id.clone(),
    };
    let origin = [&actor.origin.client_ip, &actor.origin.request_id]
        .into_iter()
        .flatten()
        .cloned()
        .collect::<Vec<_>>()
        .join(" · ");
    ActorView {
        kind: t.actor_kind(actor.kind),
        name,
        origin,
    }
}

pub struct EventRow {
    pub time: String,
    pub name: String,
    pub actor: ActorView,
}

pub struct SessionRow {
    pub id: String,
    pub status: String,
    pub created: String,
    pub expires: String,
}

pub struct LinkRow {
    pub id: String,
    pub status: String,
    pub created: String,
    pub expires: String,
    pub email: String,
    /// Whether its email can be sent again (a new link to the same address).
    pub resendable: bool,
}

pub struct DeliveryRow {
    pub event: String,
    pub webhook: String,
    pub status: String,
    pub attempts: i32,
    pub last: String,
    pub time: String,
}

#[derive(askama::Template)]
#[template(path = "console_inquiry.html")]
struct DetailPage {
    frame: Frame,
    id: String,
    status: &'static str,
    reference_id: String,
    template_id: String,
    created: String,
    updated: String,
    expires: String,
    decided: Option<String>,
    tags: String,
    note: String,
    creator: ActorView,
    reviewer: Option<ActorView>,
    comment: String,
    fields: Vec<(String, String)>,
    events: Vec<EventRow>,
    sessions: Vec<SessionRow>,
    links: Vec<LinkRow>,
    deliveries: Vec<DeliveryRow>,
    redacted: bool,
    can_review: bool,
    /// What the inquiry's status allows (the use cases refuse the rest anyway).
    can_decide: bool,
    can_mark: bool,
    can_link: bool,
    can_admin: bool,
    link_minutes: i64,
    /// Whether this server sends email (`VERILINK_SMTP_URL`): only then is "Email it to" shown.
    can_email: bool,
    email: String,
}

/// The inquiry's email, if a field holds one: the prefill of "Email it to".
fn email_of(inquiry: &Inquiry) -> String {
    ["email_address", "email"]
        .into_iter()
        .find_map(|name| match inquiry.fields.get(name) {
            Some(crate::domain::field::FieldValue::String(s)) => Some(s.clone()),
            _ => None,
        })
        .unwrap_or_default()
}

/// `GET /inquiries/{id}`: everything about one inquiry. Opening it records `inquiry.viewed`.
async fn detail(
    State(state): State<HttpState>,
    signed: Signed,
    Path(id): Path<String>,
) -> Response {
    let inquiry = match signed.act(&state, ViewInquiry::new(&id)).await {
        Ok(inquiry) => inquiry,
        Err(err) => return refusal(&signed.visit, &err),
    };
    let audit = AuditQuery {
        page_size: DETAIL_ROWS,
        inquiry_id: &inquiry.id,
        ..AuditQuery::default()
    };
    let read = async {
        let events = signed.ask(&state, ListAuditEvents::new(&audit)).await?;
        let sessions = signed
            .ask(&state, ListSessions::new(&inquiry.id, DETAIL_ROWS, ""))
            .await?;
        let links = signed
            .ask(&state, ListLinks::new(&inquiry.id, DETAIL_ROWS, ""))
            .await?;
        let deliveries = ListDeliveries::new("", &inquiry.id, DETAIL_ROWS, "");
        let deliveries = signed.ask(&state, deliveries).await?;
        Ok::<_, app::Error>((events.0, sessions.0, links.0, deliveries.0))
    };
    let (events, sessions, links, deliveries) = match read.await {
        Ok(read) => read,
        Err(err) => return refusal(&signed.visit, &err),
    };
    let t = signed.visit.t;
    let can_email = state.app.config().email.is_some();
    let page = DetailPage {
        frame: Frame::signed(&signed, "inquiries", &format!("/inquiries/{}", inquiry.id)),
        status: t.status(inquiry.status),
        reference_id: inquiry.reference_id.clone(),
        template_id: inquiry.inquiry_template_id.clone(),
        created: signed.when(inquiry.create_time),
        updated: signed.when(inquiry.update_time),
        expires: signed.when(inquiry.expires_at),
        decided: inquiry.decision_time.map(|d| signed.when(d)),
        tags: inquiry.tags.join(", "),
        note: inquiry.note.clone(),
        creator: actor_view(&signed, &inquiry.creator),
        reviewer: inquiry.reviewer.as_ref().map(|r| actor_view(&signed, r)),
        comment: inquiry.reviewer_comment.clone(),
        fields: inquiry
            .fields
            .iter()
            .map(|(name, value)| (name.clone(), value.to_string()))
            .collect(),
        events: events
            .iter()
            .map(|e| EventRow {
                time: signed.when(e.create_time),
                name: e.name.clone(),
                actor: actor_view(&signed, &e.actor),
            })
            .collect(),
        sessions: sessions
            .iter()
            .map(|s| SessionRow {
                id: s.id.clone(),
                status: t.session_status(s.status).to_owned(),
                created: signed.when(s.create_time),
                expires: signed.when(s.expires_at),
            })
            .collect(),
        links: links
            .iter()
            .map(|l| LinkRow {
                id: l.id.clone(),
                status: t.link_status(l.status).to_owned(),
                created: signed.when(l.create_time),
                expires: signed.when(l.expires_at),
                email: l.email.as_ref().map_or(String::new(), |e| {
                    format!("{} — {}", e.recipient, t.email_status(e.status))
                }),
                resendable: l.email.is_some(),
            })
            .collect(),
        deliveries: deliveries
            .iter()
            .map(|d| DeliveryRow {
                event: d.event_name.clone(),
                webhook: d.webhook_id.clone(),
                status: format!("{:?}", d.status),
                attempts: d.attempt_count,
                last: match (d.last_status_code, d.last_error.as_str()) {
                    (0, "") => String::new(),
                    (0, error) => error.to_owned(),
                    (code, _) => format!("HTTP {code}"),
                },
                time: signed.when(d.update_time),
            })
            .collect(),
        redacted: inquiry.redact_time.is_some(),
        can_review: signed.may(Role::Reviewer),
        can_decide: transition(inquiry.status, InquiryAction::Approve).is_ok(),
        can_mark: transition(inquiry.status, InquiryAction::MarkForReview).is_ok(),
        can_link: matches!(
            inquiry.status,
            InquiryStatus::Created | InquiryStatus::Pending | InquiryStatus::Expired
        ),
        can_admin: signed.may(Role::Admin),
        link_minutes: inquiry
            .settings
            .expire_after_resume
            .num_minutes()
            .clamp(1, TimeDelta::days(30).num_minutes()),
        can_email,
        email: if can_email {
            email_of(&inquiry)
        } else {
            String::new()
        },
        id: inquiry.id,
    };
    render(StatusCode::OK, &page)
}

impl Signed {
    /// The page an action ends on: back to the inquiry, where its effect shows, or why not.
    fn done<T>(&self, id: &str, result: app::AppResult<T>) -> Response {
        self.finish(&format!("/inquiries/{id}"), result)
    }
}

/// `POST /inquiries/{id}/decide`: approve, decline or mark for review, with a comment.
async fn decide(
    State(state): State<HttpState>,
    Path(id): Path<String>,
    Posted { signed, form }: Posted,
) -> Response {
    let comment = first(&form, "comment");
    let review = match first(&form, "action") {
        "approve" => ReviewInquiry::approve(&id, comment),
        "decline" => ReviewInquiry::decline(&id, comment),
        "review" => ReviewInquiry::mark_for_review(&id, comment),
        _ => Err(Error::invalid("action", "is approve, decline or review")),
    };
    signed.done(&id, signed.act(&state, review).await)
}

#[derive(askama::Template)]
#[template(path = "console_link.html")]
struct LinkPage {
    frame: Frame,
    inquiry_id: String,
    url: String,
    short_url: String,
    qr: String,
    emailed_to: String,
}

/// `POST /inquiries/{id}/link`: resumes an expired inquiry, then makes a new one-time link
/// (emailed if asked) and shows it once.
async fn link(
    State(state): State<HttpState>,
    Path(id): Path<String>,
    Posted { signed, form }: Posted,
) -> Response {
    let minutes = match first(&form, "minutes").trim() {
        "" => Ok(None),
        m => m
            .parse::<i64>()
            .ok()
            .filter(|m| *m > 0)
            .map(|m| Some(TimeDelta::minutes(m)))
            .ok_or_else(|| Error::invalid("minutes", "is a whole number of minutes")),
    };
    let recipient = first(&form, "email").trim().to_owned();
    let generated = async {
        let current = signed.ask(&state, GetInquiry::new(&id)).await?;
        if current.status == InquiryStatus::Expired {
            signed.act(&state, ResumeInquiry::new(&id, "", "")).await?;
        }
        let request = LinkRequest {
            inquiry_id: &id,
            expires_in: minutes?,
            include_qr_code: true,
            recipient_email: &recipient,
            language: "",
        };
        signed.act(&state, GenerateLink::new(&request)).await
    };
    match generated.await {
        Ok(link) => render(
            StatusCode::OK,
            &LinkPage {
                frame: Frame::signed(&signed, "inquiries", &format!("/inquiries/{id}")),
                inquiry_id: id.clone(),
                url: link.url,
                short_url: link.short_url,
                qr: link.qr_code_data_url.unwrap_or_default(),
                emailed_to: recipient,
            },
        ),
        Err(err) => refusal(&signed.visit, &err),
    }
}

/// `POST /inquiries/{id}/resend`: a link's email again — a new link to the same address,
/// through the same outbox and limits as the API.
async fn resend(
    State(state): State<HttpState>,
    Path(id): Path<String>,
    Posted { signed, form }: Posted,
) -> Response {
    let resend = ResendLink::new(first(&form, "link"), "", "", None);
    signed.done(&id, signed.act(&state, resend).await)
}

/// `POST /inquiries/{id}/edit`: tags and note.
async fn edit(
    State(state): State<HttpState>,
    Path(id): Path<String>,
    Posted { signed, form }: Posted,
) -> Response {
    let tags: Vec<String> = first(&form, "tags")
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect();
    let paths = ["note".to_owned()];
    let fields = Default::default();
    let update = InquiryUpdate {
        id: &id,
        paths: &paths,
        note: first(&form, "note"),
        reference_id: "",
        tags: &[],
        fields: &fields,
    };
    let edited = async {
        signed.act(&state, RetagInquiry::set(&id, &tags)).await?;
        signed
            .act(&state, crate::app::inquiries::UpdateInquiry::new(&update))
            .await
    };
    signed.done(&id, edited.await)
}

/// `POST /inquiries/{id}/expire` (administrators).
async fn expire(
    State(state): State<HttpState>,
    Path(id): Path<String>,
    Posted { signed, .. }: Posted,
) -> Response {
    signed.done(&id, signed.act(&state, ReviewInquiry::expire(&id)).await)
}

/// `POST /inquiries/{id}/redact` (administrators): only when the typed confirmation is the
/// inquiry's reference ID (or its ID, when it has none).
async fn redact(
    State(state): State<HttpState>,
    Path(id): Path<String>,
    Posted { signed, form }: Posted,
) -> Response {
    let redacted = async {
        let inquiry = signed.ask(&state, GetInquiry::new(&id)).await?;
        let expected = if inquiry.reference_id.is_empty() {
            &inquiry.id
        } else {
            &inquiry.reference_id
        };
        if first(&form, "confirm").trim() != expected {
            return Err(Error::invalid(
                "confirm",
                "type the inquiry's reference ID exactly to confirm redaction",
            )
            .into());
        }
        signed.act(&state, RedactInquiry::new(&id)).await
    };
    signed.done(&id, redacted.await)
}

#[derive(askama::Template)]
#[template(path = "console_audit.html")]
struct AuditPage {
    frame: Frame,
    kinds: Vec<(&'static str, &'static str)>,
    kind: String,
    actor_id: String,
    event_name: String,
    inquiry_id: String,
    events: Vec<(EventRow, Option<Subject>)>,
    next: Option<String>,
}

/// What an audit entry is about, and where the console shows it.
pub struct Subject {
    pub href: String,
    pub id: String,
}

/// The inquiry of an event, or the template, webhook or API key a configuration change names.
fn subject_of(event: &Event) -> Option<Subject> {
    let (id, path) = match &event.inquiry_id {
        Some(inquiry) => (inquiry.as_str(), "inquiries"),
        None => {
            let id = event.data.get("id").and_then(|id| id.as_str())?;
            let path = [
                (IdKind::InquiryTemplate, "templates"),
                (IdKind::Webhook, "webhooks"),
                (IdKind::ApiKey, "keys"),
            ]
            .into_iter()
            .find(|(kind, _)| kind.is_well_formed(id))?
            .1;
            (id, path)
        }
    };
    Some(Subject {
        href: format!("/{path}/{id}"),
        id: id.to_owned(),
    })
}

/// `GET /audit`: the audit log with the filters of ListAuditEvents.
async fn audit(
    State(state): State<HttpState>,
    signed: Signed,
    Query(pairs): Query<Pairs>,
) -> Response {
    let kind = first(&pairs, "kind");
    let query = AuditQuery {
        page_size: PAGE_SIZE,
        page_token: first(&pairs, "page"),
        actor_kind: ActorKind::parse(kind),
        actor_id: first(&pairs, "actor").trim(),
        event_name: first(&pairs, "event").trim(),
        inquiry_id: first(&pairs, "inquiry").trim(),
        ..AuditQuery::default()
    };
    let (events, next) = match signed.ask(&state, ListAuditEvents::new(&query)).await {
        Ok(page) => page,
        Err(err) => return refusal(&signed.visit, &err),
    };
    let t = signed.visit.t;
    let next = next_page("/audit", &pairs, &next);
    render(
        StatusCode::OK,
        &AuditPage {
            frame: Frame::signed(&signed, "audit", "/audit"),
            kinds: ActorKind::ALL
                .iter()
                .map(|k| (k.as_str(), t.actor_kind(*k)))
                .collect(),
            kind: kind.to_owned(),
            actor_id: query.actor_id.to_owned(),
            event_name: query.event_name.to_owned(),
            inquiry_id: query.inquiry_id.to_owned(),
            events: events
                .iter()
                .map(|e| {
                    let row = EventRow {
                        time: signed.when(e.create_time),
                        name: e.name.clone(),
                        actor: actor_view(&signed, &e.actor),
                    };
                    (row, subject_of(e))
                })
                .collect(),
            next,
        },
    )
}
