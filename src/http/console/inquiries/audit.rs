//! The audit log page: ListAuditEvents with its filters, each entry linked to what it concerns.

use super::*;

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
pub(super) async fn audit(
    State(state): State<HttpState>,
    signed: Signed,
    QueryPairs(pairs): QueryPairs,
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
