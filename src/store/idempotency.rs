//! Idempotency records: the sealed response of a call made with an `idempotency-key`, written
//! in the same transaction as the call's work, so no crash can separate the two.

use chrono::{DateTime, TimeDelta, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use super::prepared::prepared;
use super::schema::idempotency_records as r;
use super::StoreResult;
use crate::domain::tenant::Tenant;

/// How long a response is replayed.
pub const RETENTION: TimeDelta = TimeDelta::hours(24);

/// A recorded call: what it was (a digest) and its sealed response.
pub struct Record {
    pub request_digest: Vec<u8>,
    pub response: Vec<u8>,
}

/// Takes the key's lock for this transaction, without waiting: `false` when another call with
/// the same key is running right now. Released when the transaction ends.
pub fn try_lock(conn: &mut PgConnection, tenant: &Tenant, key_digest: &[u8]) -> StoreResult<bool> {
    #[derive(QueryableByName)]
    struct Locked {
        #[diesel(sql_type = diesel::sql_types::Bool)]
        locked: bool,
    }
    let hash = Sha256::new()
        .chain_update(tenant.organization_id.as_bytes())
        .chain_update([0])
        .chain_update(tenant.environment.as_str())
        .chain_update([0])
        .chain_update(key_digest)
        .finalize();
    let mut lock_key = [0u8; 8];
    lock_key.copy_from_slice(&hash[..8]);
    let locked: Locked = prepared(
        diesel::sql_query("SELECT pg_try_advisory_xact_lock($1) AS locked")
            .bind::<diesel::sql_types::BigInt, _>(i64::from_be_bytes(lock_key)),
    )
    .get_result(conn)?;
    Ok(locked.locked)
}

/// The record of a key in the tenant, if one was made within the retention period.
pub fn find(
    conn: &mut PgConnection,
    tenant: &Tenant,
    key_digest: &[u8],
    now: DateTime<Utc>,
) -> StoreResult<Option<Record>> {
    let found: Option<(Vec<u8>, Option<Vec<u8>>)> = r::table
        .filter(r::organization_id.eq(&tenant.organization_id))
        .filter(r::environment.eq(tenant.environment))
        .filter(r::key_digest.eq(key_digest))
        .filter(r::create_time.gt(now - RETENTION))
        .select((r::request_digest, r::response))
        .first(conn)
        .optional()?;
    Ok(found.and_then(|(request_digest, response)| {
        response.map(|response| Record {
            request_digest,
            response,
        })
    }))
}

/// Records a call's response (replacing a record past its retention).
pub fn insert(
    conn: &mut PgConnection,
    tenant: &Tenant,
    key_digest: &[u8],
    record: &Record,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    prepared(
        diesel::insert_into(r::table)
            .values((
                r::organization_id.eq(&tenant.organization_id),
                r::environment.eq(tenant.environment),
                r::key_digest.eq(key_digest),
                r::request_digest.eq(&record.request_digest),
                r::response.eq(&record.response),
                r::create_time.eq(now),
            ))
            .on_conflict((r::organization_id, r::environment, r::key_digest))
            .do_update()
            .set((
                r::request_digest.eq(&record.request_digest),
                r::response.eq(&record.response),
                r::create_time.eq(now),
            )),
    )
    .run(conn)?;
    Ok(())
}

/// Removes records past retention; returns how many.
pub fn purge(conn: &mut PgConnection, now: DateTime<Utc>) -> StoreResult<usize> {
    Ok(diesel::delete(r::table.filter(r::create_time.le(now - RETENTION))).execute(conn)?)
}
