//! Rows of the events table.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::domain::actor::{Actor, ActorKind, Origin};
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
    #[diesel(embed)]
    pub actor: ActorColumns,
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
    #[diesel(embed)]
    pub actor: ActorColumns,
}

/// An event's actor as stored.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = events, check_for_backend(diesel::pg::Pg))]
pub struct ActorColumns {
    pub actor_kind: ActorKind,
    pub actor_id: String,
    pub actor_name: Option<String>,
    pub client_ip: Option<String>,
    pub user_agent: Option<String>,
    pub request_id: Option<String>,
    pub idempotency_key_digest: Option<String>,
}

impl From<&Actor> for ActorColumns {
    fn from(actor: &Actor) -> Self {
        let origin = actor.origin.clone();
        ActorColumns {
            actor_kind: actor.kind,
            actor_id: actor.id.clone(),
            actor_name: actor.display_name.clone(),
            client_ip: origin.client_ip,
            user_agent: origin.user_agent,
            request_id: origin.request_id,
            idempotency_key_digest: origin.idempotency_key_digest,
        }
    }
}

impl From<ActorColumns> for Actor {
    fn from(row: ActorColumns) -> Self {
        Actor {
            kind: row.actor_kind,
            id: row.actor_id,
            display_name: row.actor_name,
            origin: Origin {
                client_ip: row.client_ip,
                user_agent: row.user_agent,
                request_id: row.request_id,
                idempotency_key_digest: row.idempotency_key_digest,
            },
        }
    }
}
