//! Idempotency records: the first call with a key claims it, later ones replay its response.

use chrono::{DateTime, TimeDelta, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;

use super::schema::idempotency_records as r;
use super::StoreResult;
use crate::domain::tenant::Tenant;
use crate::domain::Error;

/// How long a response is replayed.
pub const RETENTION: TimeDelta = TimeDelta::hours(24);
/// A claim whose call has not finished after this long is taken to have died with its replica.
pub const ABANDONED_AFTER: TimeDelta = TimeDelta::minutes(2);

pub enum Claim {
    /// This call owns the key: do the work, then [`complete`] (or [`release`] on failure).
    Fresh,
    /// An earlier call with the same key and request finished: its sealed response.
    Replay(Vec<u8>),
}

/// The record of one key in one tenant.
type Scoped<'a> = diesel::dsl::Filter<
    diesel::dsl::Filter<
        diesel::dsl::Filter<r::table, diesel::dsl::Eq<r::organization_id, &'a str>>,
        diesel::dsl::Eq<r::environment, &'static str>,
    >,
    diesel::dsl::Eq<r::key_digest, &'a [u8]>,
>;

fn scoped<'a>(tenant: &'a Tenant, key_digest: &'a [u8]) -> Scoped<'a> {
    r::table
        .filter(r::organization_id.eq(tenant.organization_id.as_str()))
        .filter(r::environment.eq(tenant.environment.as_str()))
        .filter(r::key_digest.eq(key_digest))
}

pub fn claim(
    conn: &mut PgConnection,
    tenant: &Tenant,
    key_digest: &[u8],
    request_digest: &[u8],
    now: DateTime<Utc>,
) -> StoreResult<Claim> {
    // Forget records past retention, and claims whose call died without finishing.
    diesel::delete(
        scoped(tenant, key_digest).filter(
            r::create_time.le(now - RETENTION).or(r::response
                .is_null()
                .and(r::create_time.le(now - ABANDONED_AFTER))),
        ),
    )
    .execute(conn)?;
    let inserted = diesel::insert_into(r::table)
        .values((
            r::organization_id.eq(&tenant.organization_id),
            r::environment.eq(tenant.environment.as_str()),
            r::key_digest.eq(key_digest),
            r::request_digest.eq(request_digest),
            r::create_time.eq(now),
        ))
        .on_conflict_do_nothing()
        .execute(conn)?;
    if inserted == 1 {
        return Ok(Claim::Fresh);
    }
    let (stored_request, response): (Vec<u8>, Option<Vec<u8>>) = scoped(tenant, key_digest)
        .select((r::request_digest, r::response))
        .first(conn)?;
    if stored_request != request_digest {
        return Err(Error::Conflict {
            reason: "IDEMPOTENCY_KEY_REUSED",
            field: "idempotency-key",
            message: "this idempotency key was used for a different request in the last 24 hours"
                .into(),
        }
        .into());
    }
    response.map(Claim::Replay).ok_or_else(|| {
        Error::Aborted {
            reason: "IDEMPOTENCY_KEY_IN_USE",
            message: "a call with this idempotency key is still running; retry shortly".into(),
        }
        .into()
    })
}

pub fn complete(
    conn: &mut PgConnection,
    tenant: &Tenant,
    key_digest: &[u8],
    sealed: &[u8],
) -> StoreResult<()> {
    diesel::update(scoped(tenant, key_digest))
        .set(r::response.eq(sealed))
        .execute(conn)?;
    Ok(())
}

/// Gives the key back after a failed call, so a corrected request may use it.
pub fn release(conn: &mut PgConnection, tenant: &Tenant, key_digest: &[u8]) -> StoreResult<()> {
    diesel::delete(scoped(tenant, key_digest).filter(r::response.is_null())).execute(conn)?;
    Ok(())
}

/// Removes records past retention; returns how many.
pub fn purge(conn: &mut PgConnection, now: DateTime<Utc>) -> StoreResult<usize> {
    Ok(diesel::delete(r::table.filter(r::create_time.le(now - RETENTION))).execute(conn)?)
}
