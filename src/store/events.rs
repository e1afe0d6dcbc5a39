//! The outbox: every state change records its event in the same transaction.

use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;

use super::models::{EventRow, NewEventRow};
use super::schema::events;
use super::StoreResult;
use crate::domain::ids::IdKind;
use crate::domain::tenant::Tenant;

pub fn record(
    conn: &mut PgConnection,
    tenant: &Tenant,
    inquiry_id: &str,
    name: &str,
    data: serde_json::Value,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::insert_into(events::table)
        .values(NewEventRow {
            id: IdKind::Event.generate()?,
            organization_id: tenant.organization_id.clone(),
            environment: tenant.environment.as_str().to_owned(),
            inquiry_id: Some(inquiry_id.to_owned()),
            name: name.to_owned(),
            data,
            create_time: now,
        })
        .execute(conn)?;
    Ok(())
}

/// An inquiry's events in commit order.
pub fn for_inquiry(conn: &mut PgConnection, inquiry_id: &str) -> StoreResult<Vec<EventRow>> {
    Ok(events::table
        .filter(events::inquiry_id.eq(inquiry_id))
        .order(events::seq.asc())
        .select(EventRow::as_select())
        .load(conn)?)
}
