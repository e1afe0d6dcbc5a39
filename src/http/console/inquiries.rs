//! Inquiries in the console: the list, the detail page (whose opening is audited), and the
//! operator's actions — each one the same use case gRPC calls, with the operator as its actor.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};

use super::views::{render, Frame};
use super::{first, next_page, refusal, see_other, Posted, QueryPairs, Signed};
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

mod actions;
mod audit;

use actions::{decide, edit, expire, link, redact, resend};
use audit::audit;

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
    QueryPairs(pairs): QueryPairs,
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
