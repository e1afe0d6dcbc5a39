//! Embedded migrations, applied under a Postgres advisory lock so replicas never race.

use diesel::pg::PgConnection;
use diesel::{sql_query, Connection, RunQueryDsl};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use super::{StoreError, StoreResult};

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

/// An arbitrary constant shared by every replica: "verilink" in ASCII.
const MIGRATION_LOCK_KEY: i64 = 0x7665_7269_6c69_6e6b;

fn migration_error(err: impl std::fmt::Display) -> StoreError {
    StoreError::Internal(format!("migration failed: {err}"))
}

fn with_lock<T>(
    conn: &mut PgConnection,
    f: impl FnOnce(&mut PgConnection) -> StoreResult<T>,
) -> StoreResult<T> {
    sql_query(format!("SELECT pg_advisory_lock({MIGRATION_LOCK_KEY})")).execute(conn)?;
    let result = f(conn);
    sql_query(format!("SELECT pg_advisory_unlock({MIGRATION_LOCK_KEY})")).execute(conn)?;
    result
}

/// Applies every pending migration; returns the versions applied.
pub fn run_pending(conn: &mut PgConnection) -> StoreResult<Vec<String>> {
    with_lock(conn, |conn| {
        let applied = conn
            .run_pending_migrations(MIGRATIONS)
            .map_err(migration_error)?;
        Ok(applied.iter().map(ToString::to_string).collect())
    })
}

/// Reverts every migration (used to prove each `down.sql` works).
pub fn revert_all(conn: &mut PgConnection) -> StoreResult<Vec<String>> {
    with_lock(conn, |conn| {
        let reverted = conn
            .revert_all_migrations(MIGRATIONS)
            .map_err(migration_error)?;
        Ok(reverted.iter().map(ToString::to_string).collect())
    })
}

/// Connects directly (outside the pool) and migrates: used by `verilink migrate` and `serve`.
pub fn migrate_url(database_url: &str) -> StoreResult<Vec<String>> {
    let mut conn = PgConnection::establish(database_url)
        .map_err(|e| StoreError::Unavailable(e.to_string()))?;
    run_pending(&mut conn)
}
