//! Budgets all replicas share: leases on each caller's calls per minute, and failed
//! authentications per client address (counted among the guesses, under `auth ` + address).

use chrono::{DateTime, TimeDelta, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;

use super::prepared::prepared;
use super::schema::call_grants as c;
use super::{guesses, StoreResult};

/// A lease asked of a caller's budget: up to `slice` calls, if the leases granted within
/// `window` before `now` leave them under `limit`.
#[derive(Debug, Clone, Copy)]
pub struct Ask {
    pub slice: u32,
    pub limit: u32,
    pub window: TimeDelta,
    pub now: DateTime<Utc>,
}

/// What the budget granted: calls (0: none left), and when a lease granted in the window lapses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grant {
    pub calls: u32,
    pub retry_after: TimeDelta,
}

/// Grants `caller` a lease from its budget, one replica at a time (a transaction-scoped advisory
/// lock on the caller), so concurrent leases never sum past the limit.
pub fn lease(conn: &mut PgConnection, caller: &str, ask: Ask) -> StoreResult<Grant> {
    conn.transaction(|conn| {
        prepared(
            diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended('calls ' || $1, 0))")
                .bind::<Text, _>(caller),
        )
        .run(conn)?;
        let since = ask.now - ask.window;
        let (used, oldest): (Option<i64>, Option<DateTime<Utc>>) = c::table
            .filter(c::caller.eq(caller))
            .filter(c::grant_time.gt(since))
            .select((diesel::dsl::sum(c::calls), diesel::dsl::min(c::grant_time)))
            .first(conn)?;
        let left = i64::from(ask.limit) - used.unwrap_or(0);
        let calls = u32::try_from(left.clamp(0, i64::from(ask.slice))).unwrap_or(0);
        if calls > 0 {
            diesel::insert_into(c::table)
                .values((
                    c::caller.eq(caller),
                    c::grant_time.eq(ask.now),
                    c::calls.eq(i32::try_from(calls).unwrap_or(i32::MAX)),
                ))
                .execute(conn)?;
        }
        let retry_after = oldest.map_or(ask.window, |oldest| oldest + ask.window - ask.now);
        Ok(Grant { calls, retry_after })
    })
}

/// Forgets leases granted at or before `before`; returns how many.
pub fn purge(conn: &mut PgConnection, before: DateTime<Utc>) -> StoreResult<usize> {
    Ok(diesel::delete(c::table.filter(c::grant_time.le(before))).execute(conn)?)
}

/// Records a failed authentication from `address` and returns how many there were within
/// `window` before `now`, with the oldest of them.
pub fn auth_failed(
    conn: &mut PgConnection,
    address: &str,
    window: TimeDelta,
    now: DateTime<Utc>,
) -> StoreResult<(i64, Option<DateTime<Utc>>)> {
    let key = format!("auth {address}");
    guesses::record(conn, &key, now)?;
    guesses::since(conn, &key, now - window)
}
