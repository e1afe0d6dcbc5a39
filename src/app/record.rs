//! Writing what a change did: the inquiry, the end of its links and sessions when its access
//! ends, and every event with its snapshot — in the change's transaction, under the inquiry's
//! row lock. And settling passed deadlines, which is itself such a change.

use chrono::{DateTime, Utc};
use diesel::PgConnection;

use super::{AppResult, Ctx};
use crate::contract::{convert, json};
use crate::domain::access::LinkStatus;
use crate::domain::actor::system;
use crate::domain::actor::Actor;
use crate::domain::events::EventKind;
use crate::domain::inquiry::Inquiry;
use crate::domain::inquiry::{Changes, Happened, Subject};
use crate::domain::status::InquiryAction;
use crate::domain::tenant::Tenant;
use crate::store::{events, inquiries, links, sessions, StoreError};

/// The proto3 JSON snapshot of an event's subject (never a code, token or secret: the
/// messages have no field for them).
pub fn snapshot(subject: &Subject) -> AppResult<serde_json::Value> {
    let encoded = match subject {
        Subject::Inquiry(inquiry) => json::to_json(&convert::inquiry(inquiry)),
        Subject::Link(link) => json::to_json(&convert::link(link)),
        Subject::Session(session) => json::to_json(&convert::session(session)),
    };
    encoded.map_err(|e| StoreError::Internal(e.to_string()))
}

/// Records events of one inquiry in order, by the context's actor.
pub fn record_events(
    cx: &mut Ctx<'_>,
    tenant: &Tenant,
    inquiry_id: &str,
    happened: Vec<Happened>,
) -> AppResult<()> {
    let recorded = happened
        .iter()
        .map(|h| Ok((h.kind.as_str(), snapshot(&h.subject)?)))
        .collect::<AppResult<Vec<_>>>()?;
    let subscriptions = cx.app.subscriptions(cx.conn, tenant)?;
    events::record(
        cx.conn,
        (&cx.actor, tenant),
        &subscriptions,
        inquiry_id,
        recorded,
        cx.now,
    )
}

/// Records a change of the tenant's configuration (an API key, a template, a webhook) as an
/// audit entry by the context's actor: the changed resource's ID and, for a key, its name —
/// never a secret.
pub fn configured(
    cx: &mut Ctx<'_>,
    tenant: &Tenant,
    kind: EventKind,
    id: &str,
    name: Option<&str>,
) -> AppResult<()> {
    configured_by(cx.conn, &cx.actor, tenant, (kind, id, name), cx.now)
}

/// [`configured`] by `actor` on a connection of its own (the command line's).
pub fn configured_by(
    conn: &mut PgConnection,
    actor: &Actor,
    tenant: &Tenant,
    (kind, id, name): (EventKind, &str, Option<&str>),
    now: DateTime<Utc>,
) -> AppResult<()> {
    let mut data = serde_json::json!({ "id": id });
    if let Some(name) = name {
        data["name"] = name.into();
    }
    events::record_audit(conn, actor, tenant, None, kind, data, now)
}

/// Ends the inquiry's pending link as `status` (EXPIRED if overdue); returns its event.
pub fn end_pending_link(
    conn: &mut PgConnection,
    inquiry_id: &str,
    status: LinkStatus,
    now: DateTime<Utc>,
) -> AppResult<Vec<Happened>> {
    Ok(links::end_pending(conn, inquiry_id, status, now)?
        .iter()
        .map(|link| Happened::link(link_ended(link.status), link))
        .collect())
}

/// Ends the inquiry's pending link as `status` (EXPIRED if overdue) and expires its active
/// sessions; returns their events.
fn end_access(
    conn: &mut PgConnection,
    inquiry_id: &str,
    status: LinkStatus,
    now: DateTime<Utc>,
) -> AppResult<Vec<Happened>> {
    let mut happened = end_pending_link(conn, inquiry_id, status, now)?;
    for session in sessions::expire_active(conn, inquiry_id, DateTime::<Utc>::MAX_UTC, now)? {
        happened.push(Happened::session(EventKind::SessionExpired, &session));
    }
    Ok(happened)
}

fn link_ended(status: LinkStatus) -> EventKind {
    if status == LinkStatus::Revoked {
        EventKind::LinkRevoked
    } else {
        EventKind::LinkExpired
    }
}

/// Writes what a change did: the inquiry if it changed, the end of its links and sessions if
/// its access ended, and every event. Nothing when nothing happened.
pub fn commit(cx: &mut Ctx<'_>, inquiry: &Inquiry, changes: Changes) -> AppResult<()> {
    if changes.is_empty() {
        return Ok(());
    }
    let inquiry_changed = changes
        .events
        .iter()
        .any(|h| matches!(h.subject, Subject::Inquiry(_)));
    if inquiry_changed {
        inquiries::save(cx.conn, inquiry)?;
    }
    let mut happened = changes.events;
    if let Some(status) = changes.end_access {
        happened.extend(end_access(cx.conn, &inquiry.id, status, cx.now)?);
    }
    record_events(cx, &inquiry.tenant, &inquiry.id, happened)
}

/// Expires a locked inquiry whose deadline has passed, with its links and sessions (the
/// service's doing, whoever's call noticed it).
pub fn settle(cx: &mut Ctx<'_>, inquiry: &mut Inquiry) -> AppResult<()> {
    if inquiry.is_overdue(cx.now) {
        let changes = inquiry.act(InquiryAction::Expire, cx.now)?;
        cx.as_system(system::EXPIRY, |cx| commit(cx, inquiry, changes))?;
    }
    Ok(())
}

/// Applies the passed deadlines of a locked inquiry's pending link and active sessions.
pub fn settle_access(cx: &mut Ctx<'_>, inquiry: &Inquiry) -> AppResult<()> {
    let mut happened = Vec::new();
    for link in links::expire_due(cx.conn, &inquiry.id, cx.now)? {
        happened.push(Happened::link(EventKind::LinkExpired, &link));
    }
    for session in sessions::expire_active(cx.conn, &inquiry.id, cx.now, cx.now)? {
        happened.push(Happened::session(EventKind::SessionExpired, &session));
    }
    cx.as_system(system::EXPIRY, |cx| {
        record_events(cx, &inquiry.tenant, &inquiry.id, happened)
    })
}

/// Locks an inquiry of the tenant for a change, with its passed deadline applied first.
pub fn lock(cx: &mut Ctx<'_>, tenant: &Tenant, id: &str) -> AppResult<Inquiry> {
    let mut inquiry = inquiries::lock(cx.conn, tenant, id)?;
    settle(cx, &mut inquiry)?;
    Ok(inquiry)
}

/// Locks an inquiry for a change that redacted inquiries refuse.
pub fn lock_unredacted(cx: &mut Ctx<'_>, tenant: &Tenant, id: &str) -> AppResult<Inquiry> {
    let inquiry = lock(cx, tenant, id)?;
    inquiry.refuse_if_redacted()?;
    Ok(inquiry)
}

/// Reads an inquiry of the tenant as it is now: one SELECT while its deadline has not passed;
/// an overdue inquiry is expired (with its events) in a transaction of its own first.
pub fn current(cx: &mut Ctx<'_>, tenant: &Tenant, id: &str) -> AppResult<Inquiry> {
    let inquiry = inquiries::find(cx.conn, tenant, id)?;
    if !inquiry.is_overdue(cx.now) {
        return Ok(inquiry);
    }
    in_transaction(cx, |cx| lock(cx, tenant, id))
}

/// Something of an inquiry (a link, a session, a page of them) as it is now: `found` as read
/// when neither a deadline of it (`due`) nor its inquiry's has passed; otherwise read again
/// with `read` after settling them in a transaction of its own.
pub fn as_of_now<T>(
    cx: &mut Ctx<'_>,
    tenant: &Tenant,
    inquiry_id: &str,
    found: T,
    due: bool,
    read: impl FnOnce(&mut PgConnection) -> AppResult<T>,
) -> AppResult<T> {
    let inquiry = inquiries::find(cx.conn, tenant, inquiry_id)?;
    if !due && !inquiry.is_overdue(cx.now) {
        return Ok(found);
    }
    in_transaction(cx, |cx| {
        let inquiry = lock(cx, tenant, inquiry_id)?;
        settle_access(cx, &inquiry)?;
        read(cx.conn)
    })
}

/// Runs `work` in a transaction of its own (a read that finds something to settle).
pub fn in_transaction<T>(
    cx: &mut Ctx<'_>,
    work: impl FnOnce(&mut Ctx<'_>) -> AppResult<T>,
) -> AppResult<T> {
    use diesel::Connection;
    let (now, app, actor) = (cx.now, cx.app, cx.actor.clone());
    cx.conn.transaction(|conn| {
        work(&mut Ctx {
            conn,
            now,
            app,
            actor,
        })
    })
}
