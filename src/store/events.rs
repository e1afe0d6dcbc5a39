//! The outbox: every state change records its event in the same transaction, which also
//! queues a delivery for every enabled webhook that selects it and notifies watchers (the
//! notification is sent by PostgreSQL only when the transaction commits).

use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;

use super::models::{EventRow, NewEventRow};
use super::schema::events;
use super::{webhooks, StoreResult};
use crate::domain::ids::IdKind;
use crate::domain::tenant::Tenant;

/// The PostgreSQL channel on which committed events are announced as `<inquiry id>:<seq>`.
pub const CHANNEL: &str = "verilink_events";

pub fn record(
    conn: &mut PgConnection,
    tenant: &Tenant,
    inquiry_id: &str,
    name: &str,
    data: serde_json::Value,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    super::inquiries::lock_row(conn, inquiry_id)?;
    let seq: i64 = diesel::insert_into(events::table)
        .values(NewEventRow {
            id: IdKind::Event.generate()?,
            organization_id: tenant.organization_id.clone(),
            environment: tenant.environment.as_str().to_owned(),
            inquiry_id: Some(inquiry_id.to_owned()),
            name: name.to_owned(),
            data,
            create_time: now,
        })
        .returning(events::seq)
        .get_result(conn)?;
    webhooks::enqueue(conn, tenant, seq, name, inquiry_id, now)?;
    diesel::sql_query("SELECT pg_notify($1, $2)")
        .bind::<diesel::sql_types::Text, _>(CHANNEL)
        .bind::<diesel::sql_types::Text, _>(format!("{inquiry_id}:{seq}"))
        .execute(conn)?;
    Ok(())
}

/// An inquiry's events in commit order, after `after_seq`.
pub fn for_inquiry_after(
    conn: &mut PgConnection,
    inquiry_id: &str,
    after_seq: i64,
) -> StoreResult<Vec<EventRow>> {
    Ok(events::table
        .filter(events::inquiry_id.eq(inquiry_id))
        .filter(events::seq.gt(after_seq))
        .order(events::seq.asc())
        .select(EventRow::as_select())
        .load(conn)?)
}

/// An inquiry's events in commit order.
pub fn for_inquiry(conn: &mut PgConnection, inquiry_id: &str) -> StoreResult<Vec<EventRow>> {
    for_inquiry_after(conn, inquiry_id, 0)
}

/// One event of the tenant by its public ID.
pub fn get(conn: &mut PgConnection, tenant: &Tenant, id: &str) -> StoreResult<EventRow> {
    events::table
        .filter(events::id.eq(id))
        .filter(events::organization_id.eq(&tenant.organization_id))
        .filter(events::environment.eq(tenant.environment.as_str()))
        .select(EventRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| IdKind::Event.not_found(id).into())
}
