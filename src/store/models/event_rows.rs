//! Rows of the events table.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::domain::tenant::Environment;
use crate::store::schema::events;

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = events, check_for_backend(diesel::pg::Pg))]
pub struct NewEventRow {
    pub id: String,
    pub organization_id: String,
    pub environment: Environment,
    pub inquiry_id: Option<String>,
    pub name: String,
    pub data: serde_json::Value,
    pub create_time: DateTime<Utc>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = events, check_for_backend(diesel::pg::Pg))]
pub struct EventRow {
    pub seq: i64,
    pub id: String,
    pub organization_id: String,
    pub environment: Environment,
    pub inquiry_id: Option<String>,
    pub name: String,
    pub data: serde_json::Value,
    pub create_time: DateTime<Utc>,
}
