//! Inquiries: creation, lookups, the status machine's effects, and their events.

use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;

use super::models::InquiryRow;
use super::schema::inquiries as i;
use super::{events, links, load_page, sessions, snapshot, templates, StoreResult};
use crate::domain::access::LinkStatus;
use crate::domain::ids::IdKind;
use crate::domain::inquiry::{InquiryFilter, NewInquiry};
use crate::domain::paging::PageRequest;
use crate::domain::status::{refuse_if_redacted, transition, InquiryAction, InquiryStatus};
use crate::domain::tenant::{Principal, Tenant};
use crate::domain::Error;

/// What a change did: events to record in order (each with a snapshot taken at that step), and
/// whether end-user access ends with it (links then end with this status, sessions expire).
#[derive(Debug, Default)]
pub struct Changes {
    events: Vec<(&'static str, serde_json::Value)>,
    end_access: Option<LinkStatus>,
}

impl Changes {
    pub fn new() -> Self {
        Changes::default()
    }

    pub fn push(&mut self, name: &'static str, snapshot: serde_json::Value) {
        self.events.push((name, snapshot));
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// Appends what another change did.
    pub fn extend(&mut self, other: Changes) {
        self.events.extend(other.events);
        self.end_access = other.end_access.or(self.end_access);
    }

    /// Pending links end as `links` (expired or revoked) and active sessions expire.
    pub fn end_access(&mut self, links: LinkStatus) {
        self.end_access = Some(links);
    }
}

pub fn create(
    conn: &mut PgConnection,
    principal: &Principal,
    template_id: &str,
    new: NewInquiry,
    now: DateTime<Utc>,
) -> StoreResult<InquiryRow> {
    let tenant = &principal.tenant;
    let template = templates::get(conn, tenant, template_id)?;
    if template.archive_time.is_some() {
        return Err(Error::precondition(
            "TEMPLATE_ARCHIVED",
            "inquiries cannot be created from an archived template",
        )
        .into());
    }
    let mut row = InquiryRow {
        id: IdKind::Inquiry.generate()?,
        organization_id: tenant.organization_id.clone(),
        environment: tenant.environment.as_str().to_owned(),
        inquiry_template_id: template.id,
        status: InquiryStatus::Created.as_str().to_owned(),
        reference_id: new.reference_id,
        note: new.note,
        tags: Vec::new(),
        fields: serde_json::Value::Null,
        creator: principal.api_key_id.clone(),
        reviewer_comment: String::new(),
        expire_after_create_secs: new.expiry.expire_after_create.num_seconds(),
        expire_after_start_secs: new.expiry.expire_after_start.num_seconds(),
        expire_after_resume_secs: new.expiry.expire_after_resume.num_seconds(),
        one_time_link_ttl_secs: template.one_time_link_ttl_secs,
        session_ttl_secs: template.session_ttl_secs,
        max_sessions_per_inquiry: template.max_sessions_per_inquiry,
        redirect_uri: template.redirect_uri,
        auto_approve: template.auto_approve,
        redact_after_secs: template.redact_after_secs,
        expires_at: now + new.expiry.expire_after_create,
        create_time: now,
        update_time: now,
        start_time: None,
        complete_time: None,
        fail_time: None,
        mark_for_review_time: None,
        decision_time: None,
        expire_time: None,
        redact_time: None,
    };
    row.set_tags(new.tags);
    row.set_fields(&new.fields)?;
    let row: InquiryRow = diesel::insert_into(i::table)
        .values(&row)
        .get_result(conn)?;
    events::record(
        conn,
        tenant,
        &row.id,
        "inquiry.created",
        snapshot::inquiry(&row)?,
        now,
    )?;
    Ok(row)
}

fn scoped(tenant: &Tenant) -> i::BoxedQuery<'static, diesel::pg::Pg> {
    i::table
        .filter(i::organization_id.eq(tenant.organization_id.clone()))
        .filter(i::environment.eq(tenant.environment.as_str()))
        .into_boxed()
}

/// Moves every inquiry of `tenant` (or only `id`) whose deadline has passed to EXPIRED, with its
/// event. Rows another transaction holds are skipped: that transaction sees them due itself.
pub fn expire_due(
    conn: &mut PgConnection,
    tenant: &Tenant,
    id: Option<&str>,
    now: DateTime<Utc>,
    limit: i64,
) -> StoreResult<usize> {
    let base = i::table
        .filter(i::organization_id.eq(&tenant.organization_id))
        .filter(i::environment.eq(tenant.environment.as_str()))
        .filter(i::status.eq_any([
            InquiryStatus::Created.as_str(),
            InquiryStatus::Pending.as_str(),
        ]))
        .filter(i::expires_at.le(now))
        .order(i::expires_at.asc())
        .limit(limit);
    let due: Vec<InquiryRow> = match id {
        Some(id) => base
            .filter(i::id.eq(id))
            .for_update()
            .skip_locked()
            .load(conn)?,
        None => base.for_update().skip_locked().load(conn)?,
    };
    expire_rows(conn, due, now)
}

fn expire_rows(
    conn: &mut PgConnection,
    rows: Vec<InquiryRow>,
    now: DateTime<Utc>,
) -> StoreResult<usize> {
    let count = rows.len();
    for mut row in rows {
        let changes = apply(&mut row, InquiryAction::Expire, now)?;
        save(conn, &mut row, changes, now)?;
    }
    Ok(count)
}

/// The sweeper's share of inquiries: up to `limit` overdue inquiries of any tenant that no
/// other transaction holds, expired with their events.
pub fn sweep(conn: &mut PgConnection, now: DateTime<Utc>, limit: i64) -> StoreResult<usize> {
    let due: Vec<InquiryRow> = i::table
        .filter(i::status.eq_any([
            InquiryStatus::Created.as_str(),
            InquiryStatus::Pending.as_str(),
        ]))
        .filter(i::expires_at.le(now))
        .order(i::expires_at.asc())
        .limit(limit)
        .for_update()
        .skip_locked()
        .load(conn)?;
    expire_rows(conn, due, now)
}

/// Reads one inquiry of the tenant, first applying its expiry if the deadline has passed.
pub fn get(
    conn: &mut PgConnection,
    tenant: &Tenant,
    id: &str,
    now: DateTime<Utc>,
) -> StoreResult<InquiryRow> {
    expire_due(conn, tenant, Some(id), now, 1)?;
    scoped(tenant)
        .filter(i::id.eq(id.to_owned()))
        .first(conn)
        .optional()?
        .ok_or_else(|| IdKind::Inquiry.not_found(id).into())
}

/// How many overdue inquiries a listing settles before it reads; the sweeper does the rest.
const LIST_EXPIRY_BATCH: i64 = 500;

pub fn list(
    conn: &mut PgConnection,
    tenant: &Tenant,
    filter: &InquiryFilter,
    page: &PageRequest,
    now: DateTime<Utc>,
) -> StoreResult<(Vec<InquiryRow>, String)> {
    expire_due(conn, tenant, None, now, LIST_EXPIRY_BATCH)?;
    let mut query = scoped(tenant);
    if let Some(status) = filter.status {
        query = query.filter(i::status.eq(status.as_str()));
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
    load_page!(conn, query, i, page, InquiryRow, r => r)
}

/// Locks one inquiry of the tenant for a change, settling a passed deadline first and
/// refusing redacted inquiries.
pub fn lock(
    conn: &mut PgConnection,
    tenant: &Tenant,
    id: &str,
    now: DateTime<Utc>,
) -> StoreResult<InquiryRow> {
    expire_due(conn, tenant, Some(id), now, 1)?;
    let row: InquiryRow = i::table
        .filter(i::id.eq(id))
        .filter(i::organization_id.eq(&tenant.organization_id))
        .filter(i::environment.eq(tenant.environment.as_str()))
        .for_update()
        .first(conn)
        .optional()?
        .ok_or_else(|| IdKind::Inquiry.not_found(id))?;
    refuse_if_redacted(row.redact_time.is_some())?;
    Ok(row)
}

/// Takes the inquiry's row lock (a no-op when this transaction holds it). Every write of an
/// inquiry's events and of its links and sessions happens under it, so the inquiry's events
/// commit in `seq` order — which is what lets watchers resume by `seq` with no gap.
pub fn lock_row(conn: &mut PgConnection, id: &str) -> StoreResult<()> {
    i::table
        .find(id)
        .select(i::id)
        .for_update()
        .load::<String>(conn)?;
    Ok(())
}

/// Runs `settle` for each inquiry in `ids` with its tenant (the sweepers of links and
/// sessions); returns how many inquiries there were.
pub fn settle_each(
    conn: &mut PgConnection,
    ids: &[String],
    mut settle: impl FnMut(&mut PgConnection, &Tenant, &str) -> StoreResult<()>,
) -> StoreResult<usize> {
    for id in ids {
        let tenant = tenant_of(conn, id)?;
        settle(conn, &tenant, id)?;
    }
    Ok(ids.len())
}

/// The tenant an inquiry belongs to, for end-user calls that know only a link or a session.
pub fn tenant_of(conn: &mut PgConnection, id: &str) -> StoreResult<Tenant> {
    let row: InquiryRow = i::table.find(id).first(conn)?;
    Ok(row.tenant())
}

/// Locks the inquiry, lets `change` mutate the row and name its events, then writes the row
/// and the events together.
pub fn change(
    conn: &mut PgConnection,
    tenant: &Tenant,
    id: &str,
    now: DateTime<Utc>,
    change: impl FnOnce(&mut InquiryRow) -> StoreResult<Changes>,
) -> StoreResult<InquiryRow> {
    let mut row = lock(conn, tenant, id, now)?;
    let changes = change(&mut row)?;
    save(conn, &mut row, changes, now)?;
    Ok(row)
}

/// Writes a changed inquiry, its events, and the end of its links and sessions if it ended
/// end-user access. Does nothing when nothing changed.
pub fn save(
    conn: &mut PgConnection,
    row: &mut InquiryRow,
    changes: Changes,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    if changes.is_empty() {
        return Ok(());
    }
    row.update_time = now;
    diesel::update(i::table.find(&row.id))
        .set(&*row)
        .execute(conn)?;
    let tenant = row.tenant();
    for (name, data) in changes.events {
        events::record(conn, &tenant, &row.id, name, data, now)?;
    }
    if let Some(link_status) = changes.end_access {
        links::end_pending(conn, &tenant, &row.id, link_status, now)?;
        sessions::expire_active(conn, &tenant, &row.id, now)?;
    }
    Ok(())
}

/// Applies one action of the status machine to the row and returns its events.
/// Completing an inquiry whose template auto-approves also approves it.
pub fn apply(
    row: &mut InquiryRow,
    action: InquiryAction,
    now: DateTime<Utc>,
) -> StoreResult<Changes> {
    let mut changes = Changes::new();
    step(row, action, now, &mut changes)?;
    if action == InquiryAction::Complete && row.auto_approve {
        step(row, InquiryAction::Approve, now, &mut changes)?;
    }
    match action {
        InquiryAction::Expire => changes.end_access(LinkStatus::Expired),
        InquiryAction::Approve | InquiryAction::Decline => changes.end_access(LinkStatus::Revoked),
        _ => {}
    }
    Ok(changes)
}

fn step(
    row: &mut InquiryRow,
    action: InquiryAction,
    now: DateTime<Utc>,
    changes: &mut Changes,
) -> StoreResult<()> {
    let next = transition(row.status()?, action)?;
    row.set_status(next);
    let expiry = row.expiry();
    match action {
        InquiryAction::Start => {
            row.start_time = Some(now);
            row.expires_at = now + expiry.expire_after_start;
        }
        InquiryAction::Resume => {
            row.start_time.get_or_insert(now);
            row.expires_at = now + expiry.expire_after_resume;
        }
        InquiryAction::Expire => row.expire_time = Some(now),
        InquiryAction::Complete => row.complete_time = Some(now),
        InquiryAction::Fail => row.fail_time = Some(now),
        InquiryAction::MarkForReview => row.mark_for_review_time = Some(now),
        InquiryAction::Approve | InquiryAction::Decline => row.decision_time = Some(now),
    }
    row.update_time = now;
    changes.push(action.event_name(), snapshot::inquiry(row)?);
    Ok(())
}

/// Redacts an inquiry: its personal data (fields, note, tags, and the client address and user
/// agent of its sessions) is wiped — also from the snapshots of its earlier events — its links
/// are revoked and its sessions expired. The reference ID and the status stay.
pub fn redact(
    conn: &mut PgConnection,
    tenant: &Tenant,
    id: &str,
    now: DateTime<Utc>,
) -> StoreResult<InquiryRow> {
    let row = lock(conn, tenant, id, now)?;
    redact_locked(conn, row, now)
}

/// Redacts up to `limit` inquiries whose template's `redact_after` (counted from creation)
/// has passed; other replicas skip the ones this transaction holds.
pub fn redact_due(conn: &mut PgConnection, now: DateTime<Utc>, limit: i64) -> StoreResult<usize> {
    use diesel::dsl::sql;
    use diesel::sql_types::{Bool, Timestamptz};
    let due: Vec<InquiryRow> = i::table
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
        .load(conn)?;
    let count = due.len();
    for row in due {
        redact_locked(conn, row, now)?;
    }
    Ok(count)
}

fn redact_locked(
    conn: &mut PgConnection,
    mut row: InquiryRow,
    now: DateTime<Utc>,
) -> StoreResult<InquiryRow> {
    let id = row.id.clone();
    row.note.clear();
    row.set_tags(Vec::new());
    row.set_fields(&Default::default())?;
    row.redact_time = Some(now);
    scrub_history(conn, &id)?;
    let mut changes = Changes::new();
    changes.push("inquiry.redacted", snapshot::inquiry(&row)?);
    changes.end_access(LinkStatus::Revoked);
    save(conn, &mut row, changes, now)?;
    Ok(row)
}

/// Wipes personal data from what was recorded before the redaction.
fn scrub_history(conn: &mut PgConnection, inquiry_id: &str) -> StoreResult<()> {
    use diesel::sql_types::Text;
    diesel::sql_query(
        "UPDATE events SET data = data || '{\"fields\": {}, \"note\": \"\", \"tags\": []}'::jsonb \
         WHERE inquiry_id = $1 AND data ? 'fields'",
    )
    .bind::<Text, _>(inquiry_id)
    .execute(conn)?;
    diesel::sql_query(
        "UPDATE events SET data = data || '{\"clientIp\": \"\", \"userAgent\": \"\"}'::jsonb \
         WHERE inquiry_id = $1 AND data ? 'clientIp'",
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
