//! One-time links. Single use is guaranteed by one conditional `UPDATE … RETURNING`, and at
//! most one pending link per inquiry by a partial unique index.

use chrono::{DateTime, TimeDelta, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;

use super::inquiries::{self, Changes};
use super::models::{InquiryRow, LinkRow, SessionRow};
use super::schema::{inquiries as i, one_time_links as l};
use super::{events, load_page, sessions, snapshot, StoreResult};
use crate::domain::access::{
    capped_deadline, inquiry_not_active, link_not_found, redeem_refusal, LinkStatus, SessionOrigin,
};
use crate::domain::ids::IdKind;
use crate::domain::paging::PageRequest;
use crate::domain::secrets::{generate_link_codes, LinkCodes};
use crate::domain::status::{InquiryAction, InquiryStatus};
use crate::domain::tenant::Tenant;
use crate::domain::Error;

fn record(
    conn: &mut PgConnection,
    tenant: &Tenant,
    row: &LinkRow,
    name: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    events::record(
        conn,
        tenant,
        &row.inquiry_id,
        name,
        snapshot::link(row),
        now,
    )
}

/// Moves the inquiry's pending links past their deadline to EXPIRED, with their events.
pub fn expire_due(
    conn: &mut PgConnection,
    tenant: &Tenant,
    inquiry_id: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    inquiries::lock_row(conn, inquiry_id)?;
    let expired: Vec<LinkRow> = diesel::update(
        l::table
            .filter(l::inquiry_id.eq(inquiry_id))
            .filter(l::status.eq(LinkStatus::Pending.as_str()))
            .filter(l::expires_at.le(now)),
    )
    .set((
        l::status.eq(LinkStatus::Expired.as_str()),
        l::expire_time.eq(now),
    ))
    .get_results(conn)?;
    for row in &expired {
        record(conn, tenant, row, "one-time-link.expired", now)?;
    }
    Ok(())
}

/// The sweeper's share of links: pending links past their deadline, for up to `limit`
/// inquiries, expired with their events.
pub fn sweep(conn: &mut PgConnection, now: DateTime<Utc>, limit: i64) -> StoreResult<usize> {
    let inquiry_ids: Vec<String> = l::table
        .filter(l::status.eq(LinkStatus::Pending.as_str()))
        .filter(l::expires_at.le(now))
        .select(l::inquiry_id)
        .distinct()
        .limit(limit)
        .load(conn)?;
    inquiries::settle_each(conn, &inquiry_ids, |conn, tenant, id| {
        expire_due(conn, tenant, id, now)
    })
}

/// Ends the inquiry's pending link (if any) as `status`: expired or revoked.
pub fn end_pending(
    conn: &mut PgConnection,
    tenant: &Tenant,
    inquiry_id: &str,
    status: LinkStatus,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    expire_due(conn, tenant, inquiry_id, now)?;
    let target = l::table
        .filter(l::inquiry_id.eq(inquiry_id))
        .filter(l::status.eq(LinkStatus::Pending.as_str()));
    let (ended, event): (Vec<LinkRow>, _) = if status == LinkStatus::Revoked {
        let rows = diesel::update(target)
            .set((l::status.eq(status.as_str()), l::revoke_time.eq(now)))
            .get_results(conn)?;
        (rows, "one-time-link.revoked")
    } else {
        let rows = diesel::update(target)
            .set((l::status.eq(status.as_str()), l::expire_time.eq(now)))
            .get_results(conn)?;
        (rows, "one-time-link.expired")
    };
    for row in &ended {
        record(conn, tenant, row, event, now)?;
    }
    Ok(())
}

/// Refuses links for inquiries that are not CREATED or PENDING.
fn check_linkable(inquiry: &InquiryRow) -> StoreResult<()> {
    match inquiry.status()? {
        InquiryStatus::Created | InquiryStatus::Pending => Ok(()),
        InquiryStatus::Expired => Err(Error::precondition(
            "INQUIRY_EXPIRED",
            "the inquiry has expired: resume it first, then generate a link",
        )
        .into()),
        other => Err(Error::precondition(
            "INQUIRY_NOT_ACTIVE",
            format!(
                "links are generated only for CREATED or PENDING inquiries; this one is {}",
                other.as_str().to_ascii_uppercase()
            ),
        )
        .into()),
    }
}

/// Generates a link for a locked inquiry, revoking every earlier pending link of it first.
pub fn generate_locked(
    conn: &mut PgConnection,
    inquiry: &InquiryRow,
    ttl: Option<TimeDelta>,
    now: DateTime<Utc>,
) -> StoreResult<(LinkRow, LinkCodes)> {
    check_linkable(inquiry)?;
    let tenant = inquiry.tenant();
    end_pending(conn, &tenant, &inquiry.id, LinkStatus::Revoked, now)?;
    let ttl = ttl.unwrap_or_else(|| TimeDelta::seconds(inquiry.one_time_link_ttl_secs));
    let codes = generate_link_codes()?;
    let row = LinkRow {
        id: IdKind::OneTimeLink.generate()?,
        inquiry_id: inquiry.id.clone(),
        status: LinkStatus::Pending.as_str().to_owned(),
        code_hash: codes.code_digest.clone(),
        short_code_hash: codes.short_code_digest.clone(),
        expires_at: capped_deadline(now, ttl, inquiry.expires_at),
        create_time: now,
        consume_time: None,
        revoke_time: None,
        expire_time: None,
        session_id: None,
    };
    let row: LinkRow = diesel::insert_into(l::table)
        .values(&row)
        .get_result(conn)?;
    record(conn, &tenant, &row, "one-time-link.created", now)?;
    Ok((row, codes))
}

pub fn generate(
    conn: &mut PgConnection,
    tenant: &Tenant,
    inquiry_id: &str,
    ttl: Option<TimeDelta>,
    now: DateTime<Utc>,
) -> StoreResult<(LinkRow, LinkCodes)> {
    let inquiry = inquiries::lock(conn, tenant, inquiry_id, now)?;
    generate_locked(conn, &inquiry, ttl, now)
}

/// A link of the tenant, with a passed deadline settled first.
pub fn get(
    conn: &mut PgConnection,
    tenant: &Tenant,
    id: &str,
    now: DateTime<Utc>,
) -> StoreResult<LinkRow> {
    let find = |conn: &mut PgConnection| -> StoreResult<LinkRow> {
        l::table
            .inner_join(i::table)
            .filter(l::id.eq(id))
            .filter(i::organization_id.eq(&tenant.organization_id))
            .filter(i::environment.eq(tenant.environment.as_str()))
            .select(LinkRow::as_select())
            .first(conn)
            .optional()?
            .ok_or_else(|| IdKind::OneTimeLink.not_found(id).into())
    };
    let row = find(conn)?;
    inquiries::get(conn, tenant, &row.inquiry_id, now)?;
    expire_due(conn, tenant, &row.inquiry_id, now)?;
    find(conn)
}

/// Every link of an inquiry, newest first, whatever its status (for audit).
pub fn list(
    conn: &mut PgConnection,
    tenant: &Tenant,
    inquiry_id: &str,
    page: &PageRequest,
    now: DateTime<Utc>,
) -> StoreResult<(Vec<LinkRow>, String)> {
    inquiries::get(conn, tenant, inquiry_id, now)?;
    expire_due(conn, tenant, inquiry_id, now)?;
    let mut query = l::table
        .filter(l::inquiry_id.eq(inquiry_id.to_owned()))
        .into_boxed();
    load_page!(conn, query, l, page, LinkRow, r => r)
}

pub fn revoke(
    conn: &mut PgConnection,
    tenant: &Tenant,
    id: &str,
    now: DateTime<Utc>,
) -> StoreResult<LinkRow> {
    let link = get(conn, tenant, id, now)?;
    inquiries::lock(conn, tenant, &link.inquiry_id, now)?;
    let revoked: Option<LinkRow> = diesel::update(
        l::table
            .filter(l::id.eq(id))
            .filter(l::status.eq(LinkStatus::Pending.as_str())),
    )
    .set((
        l::status.eq(LinkStatus::Revoked.as_str()),
        l::revoke_time.eq(now),
    ))
    .get_result(conn)
    .optional()?;
    let Some(row) = revoked else {
        let current: LinkRow = l::table.find(id).first(conn)?;
        return Err(redeem_refusal(current.status()?, current.expires_at <= now).into());
    };
    record(conn, tenant, &row, "one-time-link.revoked", now)?;
    Ok(row)
}

/// What a successful redemption hands the end user.
pub struct Redeemed {
    pub session: SessionRow,
    pub session_token: String,
    pub redirect_uri: Option<String>,
}

/// Redeems a link by its code digest: in one transaction the link is consumed (a conditional
/// update, so of concurrent redemptions exactly one wins), a session opens, and a CREATED
/// inquiry starts. Failures reveal nothing about the inquiry.
pub fn redeem(
    conn: &mut PgConnection,
    code_digest: &[u8],
    client_ip: &str,
    user_agent: &str,
    now: DateTime<Utc>,
) -> StoreResult<Redeemed> {
    let found: LinkRow = l::table
        .filter(
            l::code_hash
                .eq(code_digest)
                .or(l::short_code_hash.eq(code_digest)),
        )
        .first(conn)
        .optional()?
        .ok_or_else(link_not_found)?;
    // Lock order is inquiry, then link, as in generate: concurrent calls cannot deadlock.
    let tenant = inquiries::tenant_of(conn, &found.inquiry_id)?;
    let mut inquiry = match inquiries::lock(conn, &tenant, &found.inquiry_id, now) {
        Ok(row) => row,
        Err(super::StoreError::Domain(Error::FailedPrecondition { .. })) => {
            return Err(inquiry_not_active().into())
        }
        Err(other) => return Err(other),
    };
    let consumed: Option<LinkRow> = diesel::update(
        l::table
            .filter(l::id.eq(&found.id))
            .filter(l::status.eq(LinkStatus::Pending.as_str()))
            .filter(l::expires_at.gt(now)),
    )
    .set((
        l::status.eq(LinkStatus::Consumed.as_str()),
        l::consume_time.eq(now),
    ))
    .get_result(conn)
    .optional()?;
    let Some(link) = consumed else {
        let current: LinkRow = l::table.find(&found.id).first(conn)?;
        return Err(redeem_refusal(current.status()?, current.expires_at <= now).into());
    };
    if !inquiry.status()?.is_active() {
        return Err(inquiry_not_active().into());
    }
    let changes = if inquiry.status()? == InquiryStatus::Created {
        inquiries::apply(&mut inquiry, InquiryAction::Start, now)?
    } else {
        Changes::new()
    };
    let (session, session_token) = sessions::open(
        conn,
        &inquiry,
        SessionOrigin::OneTimeLink,
        Some(&link.id),
        client_ip,
        user_agent,
        now,
    )?;
    let link: LinkRow = diesel::update(l::table.find(&link.id))
        .set(l::session_id.eq(&session.id))
        .get_result(conn)?;
    record(conn, &tenant, &link, "one-time-link.consumed", now)?;
    sessions::record_started(conn, &tenant, &session, now)?;
    inquiries::save(conn, &mut inquiry, changes, now)?;
    Ok(Redeemed {
        session,
        session_token,
        redirect_uri: inquiry.redirect_uri,
    })
}
