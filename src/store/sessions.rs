//! Sessions: end-user access to one inquiry, authenticated by a token stored as a digest. Every
//! change to an inquiry's sessions is made under the inquiry's row lock.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;

use super::models::SessionRow;
use super::prepared::prepared;
use super::schema::{inquiries as i, inquiry_sessions as s};
use super::{load_page, StoreResult};
use crate::domain::access::{Session, SessionStatus};
use crate::domain::ids::IdKind;
use crate::domain::paging::Page;
use crate::domain::tenant::Tenant;

fn sessions(rows: Vec<SessionRow>) -> Vec<Session> {
    rows.into_iter().map(Session::from).collect()
}

/// Stores a new session with the digest of its token (never the token).
pub fn insert(conn: &mut PgConnection, session: &Session, token_digest: &[u8]) -> StoreResult<()> {
    prepared(diesel::insert_into(s::table).values(SessionRow {
        id: session.id.clone(),
        inquiry_id: session.inquiry_id.clone(),
        status: session.status,
        origin: session.origin,
        one_time_link_id: session.one_time_link_id.clone(),
        token_hash: token_digest.to_vec(),
        create_time: session.create_time,
        expires_at: session.expires_at,
        expire_time: session.expire_time,
        complete_time: session.complete_time,
        client_ip: session.client_ip.clone(),
        user_agent: session.user_agent.clone(),
    }))
    .run(conn)?;
    Ok(())
}

/// How many sessions the inquiry has had (the cap counts every one ever opened).
pub fn count(conn: &mut PgConnection, inquiry_id: &str) -> StoreResult<i64> {
    Ok(s::table
        .filter(s::inquiry_id.eq(inquiry_id))
        .count()
        .get_result(conn)?)
}

/// The session whose token has this digest.
pub fn find_by_token(conn: &mut PgConnection, digest: &[u8]) -> StoreResult<Option<Session>> {
    Ok(s::table
        .filter(s::token_hash.eq(digest))
        .first::<SessionRow>(conn)
        .optional()?
        .map(Session::from))
}

/// A session of the tenant, as stored.
pub fn find(conn: &mut PgConnection, tenant: &Tenant, id: &str) -> StoreResult<Session> {
    s::table
        .inner_join(i::table)
        .filter(s::id.eq(id))
        .filter(i::organization_id.eq(&tenant.organization_id))
        .filter(i::environment.eq(tenant.environment))
        .select(SessionRow::as_select())
        .first(conn)
        .optional()?
        .map(Session::from)
        .ok_or_else(|| IdKind::InquirySession.not_found(id).into())
}

/// Marks a session COMPLETED after its end user submitted.
pub fn complete(conn: &mut PgConnection, id: &str, now: DateTime<Utc>) -> StoreResult<Session> {
    Ok(prepared(
        diesel::update(s::table.find(id))
            .set((
                s::status.eq(SessionStatus::Completed),
                s::complete_time.eq(now),
            ))
            .returning(s::all_columns),
    )
    .get_result::<SessionRow>(conn)?
    .into())
}

/// Expires the inquiry's active sessions whose deadline is at or before `due_by` (every
/// active one with `DateTime::MAX_UTC`); returns them.
pub fn expire_active(
    conn: &mut PgConnection,
    inquiry_id: &str,
    due_by: DateTime<Utc>,
    now: DateTime<Utc>,
) -> StoreResult<Vec<Session>> {
    let expired = prepared(
        diesel::update(
            s::table
                .filter(s::inquiry_id.eq(inquiry_id))
                .filter(s::status.eq(SessionStatus::Active))
                .filter(s::expires_at.le(due_by)),
        )
        .set((s::status.eq(SessionStatus::Expired), s::expire_time.eq(now)))
        .returning(s::all_columns),
    )
    .get_results::<SessionRow>(conn)?;
    Ok(sessions(expired))
}

/// Expires one session if it is still active; `None` if it is not.
pub fn expire(
    conn: &mut PgConnection,
    id: &str,
    now: DateTime<Utc>,
) -> StoreResult<Option<Session>> {
    Ok(prepared(
        diesel::update(
            s::table
                .filter(s::id.eq(id))
                .filter(s::status.eq(SessionStatus::Active)),
        )
        .set((s::status.eq(SessionStatus::Expired), s::expire_time.eq(now)))
        .returning(s::all_columns),
    )
    .get_result::<SessionRow>(conn)
    .optional()?
    .map(Session::from))
}

pub fn list(
    conn: &mut PgConnection,
    inquiry_id: &str,
    page: &Page,
) -> StoreResult<(Vec<Session>, String)> {
    let mut query = s::table
        .filter(s::inquiry_id.eq(inquiry_id.to_owned()))
        .into_boxed();
    let (rows, token) = load_page!(conn, query, s, page, SessionRow, r => r);
    Ok((sessions(rows), token))
}

/// Every session of an inquiry, oldest first (for the export).
pub fn all_of(conn: &mut PgConnection, inquiry_id: &str) -> StoreResult<Vec<Session>> {
    let rows = s::table
        .filter(s::inquiry_id.eq(inquiry_id))
        .order((s::create_time.asc(), s::id.asc()))
        .load::<SessionRow>(conn)?;
    Ok(sessions(rows))
}

/// The IDs of these inquiries' sessions, oldest first, by inquiry (JSON:API relationships):
/// only the tenant's inquiries' when a tenant is given, and only sessions opened at or before
/// `until` when that is given (what an event of that time saw).
pub fn ids_of(
    conn: &mut PgConnection,
    tenant: Option<&Tenant>,
    inquiry_ids: &[String],
    until: Option<DateTime<Utc>>,
) -> StoreResult<BTreeMap<String, Vec<String>>> {
    let mut query = s::table
        .inner_join(i::table)
        .filter(s::inquiry_id.eq_any(inquiry_ids.to_vec()))
        .select((s::inquiry_id, s::id))
        .order((s::create_time.asc(), s::id.asc()))
        .into_boxed();
    if let Some(tenant) = tenant {
        query = query
            .filter(i::organization_id.eq(tenant.organization_id.clone()))
            .filter(i::environment.eq(tenant.environment));
    }
    if let Some(until) = until {
        query = query.filter(s::create_time.le(until));
    }
    let mut ids: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (inquiry_id, id) in query.load::<(String, String)>(conn)? {
        ids.entry(inquiry_id).or_default().push(id);
    }
    Ok(ids)
}

/// Up to `limit` inquiries with an active session past its deadline (for the sweeper).
pub fn overdue_inquiry_ids(
    conn: &mut PgConnection,
    now: DateTime<Utc>,
    limit: i64,
) -> StoreResult<Vec<String>> {
    Ok(s::table
        .filter(s::status.eq(SessionStatus::Active))
        .filter(s::expires_at.le(now))
        .select(s::inquiry_id)
        .distinct()
        .limit(limit)
        .load(conn)?)
}
