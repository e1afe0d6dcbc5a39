//! Emailed links: the outbox of messages waiting to be sent (written in the same transaction as
//! their link, deleted as soon as the email is sent, given up or canceled), the delivery state
//! kept on the link, and the counts behind the hourly limits. Mailers on every replica claim
//! due messages with `FOR UPDATE SKIP LOCKED` and a lease, so each is sent once in the normal
//! case. Outcomes are recorded under the inquiry's row lock (see `inquiries::lock_by_id`).

use chrono::{DateTime, Utc};
use diesel::dsl::{count_star, min};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bytea, Text, Timestamptz};

use super::models::{LinkRow, OutboxRow};
use super::prepared::{columns, prepared};
use super::schema::{email_outbox as o, one_time_links as l};
use super::StoreResult;
use crate::domain::access::{EmailStatus, OneTimeLink};

/// Queues a link's message (its link row, with the delivery, is inserted just before).
pub fn enqueue(
    conn: &mut PgConnection,
    link: &OneTimeLink,
    message: Vec<u8>,
    sealed: bool,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::insert_into(o::table)
        .values(OutboxRow {
            link_id: link.id.clone(),
            inquiry_id: link.inquiry_id.clone(),
            message,
            sealed,
            next_attempt_time: now,
            create_time: now,
        })
        .execute(conn)?;
    Ok(())
}

/// Serializes, until this transaction ends, requests that email one mailbox (its limit key's
/// digest): its hourly count then cannot be overtaken by a concurrent request on any replica.
pub fn lock_recipient(conn: &mut PgConnection, key: &[u8]) -> StoreResult<()> {
    prepared(
        diesel::sql_query(
            "SELECT pg_advisory_xact_lock(hashtextextended('email:' || encode($1, 'hex'), 0))",
        )
        .bind::<Bytea, _>(key),
    )
    .run(conn)?;
    Ok(())
}

/// Emails asked for to the mailbox of limit key digest `key` (any tenant, redacted ones too)
/// since `since`, and the oldest time.
pub fn count_to_recipient(
    conn: &mut PgConnection,
    key: &[u8],
    since: DateTime<Utc>,
) -> StoreResult<(i64, Option<DateTime<Utc>>)> {
    Ok(l::table
        .filter(l::email_recipient_key.eq(key))
        .filter(l::email_queue_time.ge(since))
        .select((count_star(), min(l::email_queue_time)))
        .first(conn)?)
}

/// Emails asked for by the API key `key_id` since `since`, and the oldest time.
pub fn count_by_key(
    conn: &mut PgConnection,
    key_id: &str,
    since: DateTime<Utc>,
) -> StoreResult<(i64, Option<DateTime<Utc>>)> {
    Ok(l::table
        .filter(l::email_status.is_not_null())
        .filter(l::email_requested_by.eq(key_id))
        .filter(l::email_queue_time.ge(since))
        .select((count_star(), min(l::email_queue_time)))
        .first(conn)?)
}

/// A claimed message with its link as it is now.
pub struct Queued {
    pub link: OneTimeLink,
    pub message: Vec<u8>,
    pub sealed: bool,
}

/// Claims up to `limit` due messages for this mailer until `lease_until`, in a transaction of
/// its own, before anything is sent: another mailer takes them only once the lease passes.
pub fn claim_due(
    conn: &mut PgConnection,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: i64,
) -> StoreResult<Vec<Queued>> {
    let claimed: Vec<OutboxRow> = prepared(
        diesel::sql_query(format!(
            "UPDATE email_outbox SET next_attempt_time = $2 \
             WHERE link_id IN (SELECT link_id FROM email_outbox WHERE next_attempt_time <= $1 \
                 ORDER BY next_attempt_time LIMIT $3 FOR UPDATE SKIP LOCKED) \
             RETURNING {}",
            columns::<OutboxRow>()
        ))
        .bind::<Timestamptz, _>(now)
        .bind::<Timestamptz, _>(lease_until)
        .bind::<BigInt, _>(limit),
    )
    .load(conn)?;
    let ids: Vec<&str> = claimed.iter().map(|row| row.link_id.as_str()).collect();
    let mut links: Vec<LinkRow> = l::table.filter(l::id.eq_any(&ids)).load(conn)?;
    Ok(claimed
        .into_iter()
        .filter_map(|row| {
            let at = links.iter().position(|link| link.id == row.link_id)?;
            Some(Queued {
                link: links.swap_remove(at).into(),
                message: row.message,
                sealed: row.sealed,
            })
        })
        .collect())
}

/// The inquiry of a message still in the outbox; `None` once it has left it.
pub fn queued_inquiry(conn: &mut PgConnection, link_id: &str) -> StoreResult<Option<String>> {
    Ok(o::table
        .find(link_id)
        .select(o::inquiry_id)
        .first(conn)
        .optional()?)
}

/// Locks a message still in the outbox (after its inquiry); `false` once it has left it.
pub fn lock_queued(conn: &mut PgConnection, link_id: &str) -> StoreResult<bool> {
    Ok(o::table
        .find(link_id)
        .select(o::link_id)
        .for_update()
        .first::<String>(conn)
        .optional()?
        .is_some())
}

/// Every queued message (link ID, stored bytes, whether sealed), locked until the transaction
/// ends: for resealing under a new key.
pub fn lock_all_queued(conn: &mut PgConnection) -> StoreResult<Vec<(String, Vec<u8>, bool)>> {
    Ok(o::table
        .select((o::link_id, o::message, o::sealed))
        .order(o::link_id)
        .for_update()
        .load(conn)?)
}

/// Replaces a queued message's stored bytes.
pub fn store_queued(
    conn: &mut PgConnection,
    link_id: &str,
    message: Vec<u8>,
    sealed: bool,
) -> StoreResult<()> {
    diesel::update(o::table.find(link_id))
        .set((o::message.eq(message), o::sealed.eq(sealed)))
        .execute(conn)?;
    Ok(())
}

/// Counts an attempt on a queued email and the error it ended with (empty on success).
pub fn count_attempt(
    conn: &mut PgConnection,
    link_id: &str,
    error: &str,
) -> StoreResult<OneTimeLink> {
    Ok(diesel::update(l::table.find(link_id))
        .set((
            l::email_attempt_count.eq(l::email_attempt_count + 1),
            l::email_last_error.eq(error),
        ))
        .get_result::<LinkRow>(conn)?
        .into())
}

/// Leaves a message in the outbox for another attempt at `at`.
pub fn reschedule(conn: &mut PgConnection, link_id: &str, at: DateTime<Utc>) -> StoreResult<()> {
    diesel::update(o::table.find(link_id))
        .set(o::next_attempt_time.eq(at))
        .execute(conn)?;
    Ok(())
}

/// Ends a queued email as `status` (SENT, FAILED or CANCELED) and deletes its message; an
/// error, when given, becomes the last error. Returns the link as it is now.
pub fn finish(
    conn: &mut PgConnection,
    link_id: &str,
    status: EmailStatus,
    error: Option<&str>,
    now: DateTime<Utc>,
) -> StoreResult<OneTimeLink> {
    use diesel::sql_types::Nullable;
    diesel::delete(o::table.find(link_id)).execute(conn)?;
    let row: LinkRow = diesel::sql_query(
        "UPDATE one_time_links SET email_status = $2, \
             email_send_time = CASE WHEN $2 = 'sent' THEN $4 ELSE email_send_time END, \
             email_end_time = CASE WHEN $2 = 'sent' THEN email_end_time ELSE $4 END, \
             email_last_error = COALESCE($3, email_last_error) \
         WHERE id = $1 RETURNING *",
    )
    .bind::<Text, _>(link_id)
    .bind::<Text, _>(status)
    .bind::<Nullable<Text>, _>(error)
    .bind::<Timestamptz, _>(now)
    .get_result(conn)?;
    Ok(row.into())
}

/// Wipes an inquiry's email addresses (personal data) from its links, their recorded
/// snapshots and its outbox: queued emails are canceled and their messages deleted. Part of
/// a redaction, before its own events are recorded. The limit key's digest stays: the
/// recipient's hourly count is theirs, not the inquiry's.
pub fn scrub(conn: &mut PgConnection, inquiry_id: &str, now: DateTime<Utc>) -> StoreResult<()> {
    diesel::delete(o::table.filter(o::inquiry_id.eq(inquiry_id))).execute(conn)?;
    diesel::sql_query(
        "UPDATE one_time_links SET email_recipient = '', email_last_error = '', \
             email_end_time = CASE WHEN email_status = 'queued' THEN $2 ELSE email_end_time END, \
             email_status = CASE WHEN email_status = 'queued' THEN 'canceled' ELSE email_status END \
         WHERE inquiry_id = $1 AND email_status IS NOT NULL",
    )
    .bind::<Text, _>(inquiry_id)
    .bind::<Timestamptz, _>(now)
    .execute(conn)?;
    diesel::sql_query(
        "UPDATE events SET data = data #- '{emailDelivery,recipient}' #- '{emailDelivery,lastError}' \
         WHERE inquiry_id = $1 AND data ? 'emailDelivery'",
    )
    .bind::<Text, _>(inquiry_id)
    .execute(conn)?;
    Ok(())
}
