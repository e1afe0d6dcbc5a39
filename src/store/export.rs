//! ExportInquiry: everything held about one inquiry, as one JSON document (a DSAR answer).

use chrono::{DateTime, SecondsFormat, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde_json::{json, Value};

use super::models::{LinkRow, SessionRow};
use super::schema::{inquiry_sessions as s, one_time_links as l};
use super::{events, inquiries, links, sessions, snapshot, StoreResult};
use crate::domain::tenant::Tenant;

/// The inquiry, its sessions, its links (never their codes) and its events, oldest first.
pub fn inquiry(
    conn: &mut PgConnection,
    tenant: &Tenant,
    id: &str,
    now: DateTime<Utc>,
) -> StoreResult<Value> {
    let inquiry = inquiries::get(conn, tenant, id, now)?;
    links::expire_due(conn, tenant, id, now)?;
    sessions::expire_due(conn, tenant, id, now)?;
    let session_rows: Vec<SessionRow> = s::table
        .filter(s::inquiry_id.eq(id))
        .order((s::create_time.asc(), s::id.asc()))
        .load(conn)?;
    let link_rows: Vec<LinkRow> = l::table
        .filter(l::inquiry_id.eq(id))
        .order((l::create_time.asc(), l::id.asc()))
        .load(conn)?;
    let event_list: Vec<Value> = events::for_inquiry(conn, id)?
        .into_iter()
        .map(|e| {
            json!({
                "id": e.id,
                "name": e.name,
                "createTime": e.create_time.to_rfc3339_opts(SecondsFormat::Micros, true),
                "data": e.data,
            })
        })
        .collect();
    Ok(json!({
        "exportTime": now.to_rfc3339_opts(SecondsFormat::Micros, true),
        "inquiry": snapshot::inquiry(&inquiry)?,
        "sessions": session_rows.iter().map(snapshot::session).collect::<Vec<_>>(),
        "oneTimeLinks": link_rows.iter().map(snapshot::link).collect::<Vec<_>>(),
        "events": event_list,
    }))
}
