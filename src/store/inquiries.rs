//! Inquiries: persisted and loaded whole; the rules that change them live in the domain.

use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;

use super::models::InquiryRow;
use super::prepared::prepared;
use super::schema::inquiries as i;
use super::{load_page, StoreResult};
use crate::domain::ids::IdKind;
use crate::domain::inquiry::{Inquiry, InquiryFilter};
use crate::domain::paging::Page;
use crate::domain::status::InquiryStatus;
use crate::domain::tenant::Tenant;

/// The statuses in which a deadline can pass.
const ACTIVE: [InquiryStatus; 2] = [InquiryStatus::Created, InquiryStatus::Pending];

pub fn insert(conn: &mut PgConnection, inquiry: &Inquiry) -> StoreResult<()> {
    prepared(diesel::insert_into(i::table).values(InquiryRow::from(inquiry))).run(conn)?;
    Ok(())
}

pub fn save(conn: &mut PgConnection, inquiry: &Inquiry) -> StoreResult<()> {
    prepared(diesel::update(i::table.find(&inquiry.id)).set(InquiryRow::from(inquiry)))
        .run(conn)?;
    Ok(())
}

/// One inquiry of the tenant, as stored (a passed deadline not yet applied).
pub fn find(conn: &mut PgConnection, tenant: &Tenant, id: &str) -> StoreResult<Inquiry> {
    i::table
        .filter(i::id.eq(id))
        .filter(i::organization_id.eq(&tenant.organization_id))
        .filter(i::environment.eq(tenant.environment))
        .first::<InquiryRow>(conn)
        .optional()?
        .map(Inquiry::from)
        .ok_or_else(|| IdKind::Inquiry.not_found(id).into())
}

/// Locks one inquiry of the tenant for a change by this transaction. Every change to an
/// inquiry, its links and its sessions, and every event of it, is written under this lock, so
/// the inquiry's events commit in `seq` order — which lets watchers resume by `seq`.
pub fn lock(conn: &mut PgConnection, tenant: &Tenant, id: &str) -> StoreResult<Inquiry> {
    i::table
        .filter(i::id.eq(id))
        .filter(i::organization_id.eq(&tenant.organization_id))
        .filter(i::environment.eq(tenant.environment))
        .for_update()
        .first::<InquiryRow>(conn)
        .optional()?
        .map(Inquiry::from)
        .ok_or_else(|| IdKind::Inquiry.not_found(id).into())
}

/// An inquiry by its ID alone, unlocked (the end-user plane knows no tenant).
pub fn find_by_id(conn: &mut PgConnection, id: &str) -> StoreResult<Option<Inquiry>> {
    Ok(i::table
        .find(id)
        .first::<InquiryRow>(conn)
        .optional()?
        .map(Inquiry::from))
}

/// Locks an inquiry known by a link or a session of it (the end-user plane knows no tenant).
pub fn lock_by_id(conn: &mut PgConnection, id: &str) -> StoreResult<Inquiry> {
    i::table
        .find(id)
        .for_update()
        .first::<InquiryRow>(conn)
        .optional()?
        .map(Inquiry::from)
        .ok_or_else(|| IdKind::Inquiry.not_found(id).into())
}

pub fn list(
    conn: &mut PgConnection,
    tenant: &Tenant,
    filter: &InquiryFilter,
    page: &Page,
) -> StoreResult<(Vec<Inquiry>, String)> {
    let mut query = i::table
        .filter(i::organization_id.eq(tenant.organization_id.clone()))
        .filter(i::environment.eq(tenant.environment))
        .into_boxed();
    if let Some(status) = filter.status {
        query = query.filter(i::status.eq(status));
    }
    if let Some(reference_id) = &filter.reference_id {
        query = query.filter(i::reference_id.eq(reference_id.clone()));
    }
    if let Some(template_id) = &filter.inquiry_template_id {
        query = query.filter(i::inquiry_template_id.eq(template_id.clone()));
    }
    if let Some(tag) = &filter.tag {
        query = query.filter(i::tags.contains(vec![Some(tag.clone())]));
    }
    if let Some(after) = filter.created_after {
        query = query.filter(i::create_time.ge(after));
    }
    if let Some(before) = filter.created_before {
        query = query.filter(i::create_time.lt(before));
    }
    if let Some(email) = &filter.email {
        // The expression of inquiries_email_idx.
        query = query.filter(
            diesel::dsl::sql::<diesel::sql_types::Bool>(
                "lower(fields -> 'email_address' ->> 'value') = ",
            )
            .bind::<diesel::sql_types::Text, _>(email.clone()),
        );
    }
    let (rows, token) = load_page!(conn, query, i, page, InquiryRow, r => r);
    Ok((rows.into_iter().map(Inquiry::from).collect(), token))
}

/// Up to `limit` inquiries (of `tenant`, or of every tenant) whose deadline has passed while
/// still active, locked for this transaction; rows another transaction holds are skipped (it
/// settles them itself).
pub fn lock_overdue(
    conn: &mut PgConnection,
    tenant: Option<&Tenant>,
    now: DateTime<Utc>,
    limit: i64,
) -> StoreResult<Vec<Inquiry>> {
    let due = i::table
        .filter(i::status.eq_any(ACTIVE))
        .filter(i::expires_at.le(now))
        .order(i::expires_at.asc())
        .limit(limit);
    let rows: Vec<InquiryRow> = match tenant {
        Some(tenant) => due
            .filter(i::organization_id.eq(&tenant.organization_id))
            .filter(i::environment.eq(tenant.environment))
            .for_update()
            .skip_locked()
            .load(conn)?,
        None => due.for_update().skip_locked().load(conn)?,
    };
    Ok(rows.into_iter().map(Inquiry::from).collect())
}

/// Up to `limit` unredacted inquiries whose template's `redact_after` (counted from creation)
/// has passed, locked for this transaction; other replicas skip them.
pub fn lock_due_for_redaction(
    conn: &mut PgConnection,
    now: DateTime<Utc>,
    limit: i64,
) -> StoreResult<Vec<Inquiry>> {
    use diesel::dsl::sql;
    use diesel::sql_types::{Bool, Timestamptz};
    Ok(i::table
        .filter(i::redact_time.is_null())
        .filter(i::redact_after_secs.is_not_null())
        .filter(
            sql::<Bool>("create_time + redact_after_secs * interval '1 second' <= ")
                .bind::<Timestamptz, _>(now),
        )
        .order(i::create_time.asc())
        .limit(limit)
        .for_update()
        .skip_locked()
        .load::<InquiryRow>(conn)?
        .into_iter()
        .map(Inquiry::from)
        .collect())
}

/// Wipes personal data from what was recorded before a redaction: the snapshots of the
/// inquiry's earlier events, the address and user agent of its end user (on their events'
/// actors, and on its sessions). The events and their actors stay.
pub fn scrub_history(conn: &mut PgConnection, inquiry_id: &str) -> StoreResult<()> {
    use diesel::sql_types::Text;
    diesel::sql_query(
        "UPDATE events SET data = data || '{\"fields\": {}, \"note\": \"\", \"tags\": []}'::jsonb \
         WHERE inquiry_id = $1 AND data ? 'inquiryTemplateId'",
    )
    .bind::<Text, _>(inquiry_id)
    .execute(conn)?;
    diesel::sql_query(
        "UPDATE events SET data = data || '{\"clientIp\": \"\", \"userAgent\": \"\"}'::jsonb \
         WHERE inquiry_id = $1 AND data ? 'origin'",
    )
    .bind::<Text, _>(inquiry_id)
    .execute(conn)?;
    diesel::sql_query(
        "UPDATE events SET client_ip = NULL, user_agent = NULL \
         WHERE inquiry_id = $1 AND actor_kind = 'end_user' \
           AND (client_ip IS NOT NULL OR user_agent IS NOT NULL)",
    )
    .bind::<Text, _>(inquiry_id)
    .execute(conn)?;
    diesel::sql_query(
        "UPDATE inquiry_sessions SET client_ip = '', user_agent = '' WHERE inquiry_id = $1",
    )
    .bind::<Text, _>(inquiry_id)
    .execute(conn)?;
    Ok(())
}
