//! The service's own keys, made by a migration and shared by every replica.

use diesel::pg::PgConnection;
use diesel::prelude::*;

use super::schema::server_keys as k;
use super::{StoreError, StoreResult};

/// The key that signs page tokens.
pub fn page_tokens(conn: &mut PgConnection) -> StoreResult<Vec<u8>> {
    k::table
        .find("page_tokens")
        .select(k::value)
        .first(conn)
        .optional()?
        .ok_or_else(|| StoreError::Internal("no page token key: run the migrations".into()))
}
