//! The guessing throttle's memory: unknown link codes presented per end-user address, kept in
//! PostgreSQL so every replica counts against the same budget.

use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;

use super::schema::redemption_guesses as g;
use super::StoreResult;

/// How many guesses `address` made after `since`, and when the oldest of them was.
pub fn since(
    conn: &mut PgConnection,
    address: &str,
    since: DateTime<Utc>,
) -> StoreResult<(i64, Option<DateTime<Utc>>)> {
    Ok(g::table
        .filter(g::address.eq(address))
        .filter(g::guess_time.gt(since))
        .select((diesel::dsl::count_star(), diesel::dsl::min(g::guess_time)))
        .first(conn)?)
}

pub fn record(conn: &mut PgConnection, address: &str, now: DateTime<Utc>) -> StoreResult<()> {
    diesel::insert_into(g::table)
        .values((g::address.eq(address), g::guess_time.eq(now)))
        .execute(conn)?;
    Ok(())
}

/// Forgets guesses made at or before `before`; returns how many.
pub fn purge(conn: &mut PgConnection, before: DateTime<Utc>) -> StoreResult<usize> {
    Ok(diesel::delete(g::table.filter(g::guess_time.le(before))).execute(conn)?)
}
