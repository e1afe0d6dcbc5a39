//! Sessions: end-user access to one inquiry, authenticated by a token stored as a digest.

use chrono::{DateTime, TimeDelta, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;

use super::inquiries;
use super::models::{InquiryRow, SessionRow};
use super::schema::{inquiries as i, inquiry_sessions as s};
use super::{events, load_page, snapshot, StoreError, StoreResult};
use crate::domain::access::{capped_deadline, SessionOrigin, SessionStatus};
use crate::domain::ids::IdKind;
use crate::domain::paging::PageRequest;
use crate::domain::secrets::generate_session_token;
use crate::domain::tenant::Tenant;
use crate::domain::Error;

fn record(
    conn: &mut PgConnection,
    tenant: &Tenant,
    row: &SessionRow,
    name: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    events::record(
        conn,
        tenant,
        &row.inquiry_id,
        name,
        snapshot::session(row),
        now,
    )
}

pub fn record_started(
    conn: &mut PgConnection,
    tenant: &Tenant,
    row: &SessionRow,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    record(conn, tenant, row, "inquiry-session.started", now)
}

/// Opens a session on a locked, active inquiry; returns it with its token (shown once).
pub fn open(
    conn: &mut PgConnection,
    inquiry: &InquiryRow,
    origin: SessionOrigin,
    one_time_link_id: Option<&str>,
    client_ip: &str,
    user_agent: &str,
    now: DateTime<Utc>,
) -> StoreResult<(SessionRow, String)> {
    let count: i64 = s::table
        .filter(s::inquiry_id.eq(&inquiry.id))
        .count()
        .get_result(conn)?;
    if count >= i64::from(inquiry.max_sessions_per_inquiry) {
        return Err(Error::ResourceExhausted {
            reason: "SESSION_LIMIT_REACHED",
            message: format!(
                "the inquiry already had its maximum of {} sessions",
                inquiry.max_sessions_per_inquiry
            ),
        }
        .into());
    }
    let (token, token_hash) = generate_session_token()?;
    let row = SessionRow {
        id: IdKind::InquirySession.generate()?,
        inquiry_id: inquiry.id.clone(),
        status: SessionStatus::Active.as_str().to_owned(),
        origin: origin.as_str().to_owned(),
        one_time_link_id: one_time_link_id.map(str::to_owned),
        token_hash,
        create_time: now,
        expires_at: capped_deadline(
            now,
            TimeDelta::seconds(inquiry.session_ttl_secs),
            inquiry.expires_at,
        ),
        expire_time: None,
        complete_time: None,
        client_ip: client_ip.to_owned(),
        user_agent: user_agent.to_owned(),
    };
    let row = diesel::insert_into(s::table)
        .values(&row)
        .get_result(conn)?;
    Ok((row, token))
}

fn expire_where(
    conn: &mut PgConnection,
    tenant: &Tenant,
    inquiry_id: &str,
    due_by: DateTime<Utc>,
    now: DateTime<Utc>,
) -> StoreResult<Vec<SessionRow>> {
    inquiries::lock_row(conn, inquiry_id)?;
    let expired: Vec<SessionRow> = diesel::update(
        s::table
            .filter(s::inquiry_id.eq(inquiry_id))
            .filter(s::status.eq(SessionStatus::Active.as_str()))
            .filter(s::expires_at.le(due_by)),
    )
    .set((
        s::status.eq(SessionStatus::Expired.as_str()),
        s::expire_time.eq(now),
    ))
    .get_results(conn)?;
    for row in &expired {
        record(conn, tenant, row, "inquiry-session.expired", now)?;
    }
    Ok(expired)
}

/// Expires every active session of the inquiry (its access ended, or ExpireAllSessions).
pub fn expire_active(
    conn: &mut PgConnection,
    tenant: &Tenant,
    inquiry_id: &str,
    now: DateTime<Utc>,
) -> StoreResult<Vec<SessionRow>> {
    expire_where(conn, tenant, inquiry_id, DateTime::<Utc>::MAX_UTC, now)
}

/// Moves the inquiry's sessions past their deadline to EXPIRED, with their events.
pub fn expire_due(
    conn: &mut PgConnection,
    tenant: &Tenant,
    inquiry_id: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    expire_where(conn, tenant, inquiry_id, now, now).map(|_| ())
}

/// The sweeper's share of sessions: active sessions past their deadline, for up to `limit`
/// inquiries, expired with their events.
pub fn sweep(conn: &mut PgConnection, now: DateTime<Utc>, limit: i64) -> StoreResult<usize> {
    let inquiry_ids: Vec<String> = s::table
        .filter(s::status.eq(SessionStatus::Active.as_str()))
        .filter(s::expires_at.le(now))
        .select(s::inquiry_id)
        .distinct()
        .limit(limit)
        .load(conn)?;
    inquiries::settle_each(conn, &inquiry_ids, |conn, tenant, id| {
        expire_due(conn, tenant, id, now)
    })
}

/// The session and its (locked) inquiry behind a token, if the session is still active.
pub fn authenticate(
    conn: &mut PgConnection,
    token_digest: &[u8],
    now: DateTime<Utc>,
) -> StoreResult<(SessionRow, InquiryRow)> {
    let expired = || {
        Error::unauthenticated(
            "SESSION_EXPIRED",
            "the session has ended; open the link again",
        )
    };
    let session: SessionRow = s::table
        .filter(s::token_hash.eq(token_digest))
        .first(conn)
        .optional()?
        .ok_or_else(|| Error::unauthenticated("SESSION_TOKEN_INVALID", "unknown session token"))?;
    let tenant = inquiries::tenant_of(conn, &session.inquiry_id)?;
    let inquiry = match inquiries::lock(conn, &tenant, &session.inquiry_id, now) {
        Ok(row) => row,
        Err(StoreError::Domain(_)) => return Err(expired().into()),
        Err(other) => return Err(other),
    };
    expire_due(conn, &tenant, &session.inquiry_id, now)?;
    let session: SessionRow = s::table.find(&session.id).first(conn)?;
    if session.status()? != SessionStatus::Active {
        return Err(expired().into());
    }
    Ok((session, inquiry))
}

/// Marks the session COMPLETED after the end user submitted.
pub fn complete(
    conn: &mut PgConnection,
    tenant: &Tenant,
    session: &SessionRow,
    now: DateTime<Utc>,
) -> StoreResult<SessionRow> {
    let row: SessionRow = diesel::update(s::table.find(&session.id))
        .set((
            s::status.eq(SessionStatus::Completed.as_str()),
            s::complete_time.eq(now),
        ))
        .get_result(conn)?;
    record(conn, tenant, &row, "inquiry-session.completed", now)?;
    Ok(row)
}

fn find(conn: &mut PgConnection, tenant: &Tenant, id: &str) -> StoreResult<SessionRow> {
    s::table
        .inner_join(i::table)
        .filter(s::id.eq(id))
        .filter(i::organization_id.eq(&tenant.organization_id))
        .filter(i::environment.eq(tenant.environment.as_str()))
        .select(SessionRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| IdKind::InquirySession.not_found(id).into())
}

/// A session of the tenant, with passed deadlines settled first.
pub fn get(
    conn: &mut PgConnection,
    tenant: &Tenant,
    id: &str,
    now: DateTime<Utc>,
) -> StoreResult<SessionRow> {
    let row = find(conn, tenant, id)?;
    inquiries::get(conn, tenant, &row.inquiry_id, now)?;
    expire_due(conn, tenant, &row.inquiry_id, now)?;
    find(conn, tenant, id)
}

pub fn list(
    conn: &mut PgConnection,
    tenant: &Tenant,
    inquiry_id: &str,
    page: &PageRequest,
    now: DateTime<Utc>,
) -> StoreResult<(Vec<SessionRow>, String)> {
    inquiries::get(conn, tenant, inquiry_id, now)?;
    expire_due(conn, tenant, inquiry_id, now)?;
    let mut query = s::table
        .filter(s::inquiry_id.eq(inquiry_id.to_owned()))
        .into_boxed();
    load_page!(conn, query, s, page, SessionRow, r => r)
}

/// Expires one session; expiring a session that already ended changes nothing.
pub fn expire(
    conn: &mut PgConnection,
    tenant: &Tenant,
    id: &str,
    now: DateTime<Utc>,
) -> StoreResult<SessionRow> {
    let row = get(conn, tenant, id, now)?;
    inquiries::lock_row(conn, &row.inquiry_id)?;
    if row.status()? != SessionStatus::Active {
        return Ok(row);
    }
    let expired: SessionRow = diesel::update(s::table.find(id))
        .set((
            s::status.eq(SessionStatus::Expired.as_str()),
            s::expire_time.eq(now),
        ))
        .get_result(conn)?;
    record(conn, tenant, &expired, "inquiry-session.expired", now)?;
    Ok(expired)
}
