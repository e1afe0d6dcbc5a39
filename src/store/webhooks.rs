//! Webhook endpoints, their delivery queue and log. Dispatchers on every replica claim due
//! deliveries with `FOR UPDATE SKIP LOCKED` and a lease, so each is sent once in the normal case.

use chrono::{DateTime, TimeDelta, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;

use super::models::{DeliveryRow, EventRow, WebhookRow};
use super::prepared::prepared;
use super::schema::{events as e, webhook_deliveries as d, webhooks as w};
use super::{load_page, StoreResult};
use crate::domain::events::Event;
use crate::domain::ids::IdKind;
use crate::domain::paging::Page;
use crate::domain::tenant::Tenant;
use crate::domain::webhook::{Delivery, DeliveryStatus, Subscription, Webhook};

/// How long a claimed delivery is reserved for the dispatcher that claimed it. Longer than
/// the 10 s request timeout, so another replica retries only after a dispatcher died.
pub const LEASE: TimeDelta = TimeDelta::seconds(60);

pub fn insert(conn: &mut PgConnection, webhook: &Webhook) -> StoreResult<()> {
    diesel::insert_into(w::table)
        .values(WebhookRow::from(webhook))
        .execute(conn)?;
    Ok(())
}

pub fn save(conn: &mut PgConnection, webhook: &Webhook) -> StoreResult<()> {
    diesel::update(w::table.find(&webhook.id))
        .set(WebhookRow::from(webhook))
        .execute(conn)?;
    Ok(())
}

fn scoped(tenant: &Tenant) -> w::BoxedQuery<'static, diesel::pg::Pg> {
    w::table
        .filter(w::organization_id.eq(tenant.organization_id.clone()))
        .filter(w::environment.eq(tenant.environment))
        .into_boxed()
}

pub fn get(conn: &mut PgConnection, tenant: &Tenant, id: &str) -> StoreResult<Webhook> {
    scoped(tenant)
        .filter(w::id.eq(id.to_owned()))
        .first::<WebhookRow>(conn)
        .optional()?
        .map(Webhook::from)
        .ok_or_else(|| IdKind::Webhook.not_found(id).into())
}

/// A webhook of the tenant, locked for a change by this transaction.
pub fn lock(conn: &mut PgConnection, tenant: &Tenant, id: &str) -> StoreResult<Webhook> {
    w::table
        .filter(w::id.eq(id))
        .filter(w::organization_id.eq(&tenant.organization_id))
        .filter(w::environment.eq(tenant.environment))
        .for_update()
        .first::<WebhookRow>(conn)
        .optional()?
        .map(Webhook::from)
        .ok_or_else(|| IdKind::Webhook.not_found(id).into())
}

/// Every webhook of every tenant, locked (re-sealing their secrets after a key change).
pub fn lock_all(conn: &mut PgConnection) -> StoreResult<Vec<Webhook>> {
    Ok(w::table
        .order(w::id)
        .for_update()
        .load::<WebhookRow>(conn)?
        .into_iter()
        .map(Webhook::from)
        .collect())
}

pub fn list(
    conn: &mut PgConnection,
    tenant: &Tenant,
    page: &Page,
) -> StoreResult<(Vec<Webhook>, String)> {
    let mut query = scoped(tenant);
    let (rows, token) = load_page!(conn, query, w, page, WebhookRow, r => r);
    Ok((rows.into_iter().map(Webhook::from).collect(), token))
}

pub fn delete(conn: &mut PgConnection, tenant: &Tenant, id: &str) -> StoreResult<()> {
    let webhook = lock(conn, tenant, id)?;
    diesel::delete(w::table.find(&webhook.id)).execute(conn)?;
    Ok(())
}

fn new_delivery(
    webhook_id: &str,
    event_seq: i64,
    inquiry_id: Option<String>,
    now: DateTime<Utc>,
) -> StoreResult<DeliveryRow> {
    Ok(DeliveryRow {
        id: IdKind::WebhookDelivery.generate()?,
        webhook_id: webhook_id.to_owned(),
        event_seq,
        inquiry_id,
        status: DeliveryStatus::Pending,
        attempt_count: 0,
        last_status_code: 0,
        last_error: String::new(),
        next_attempt_time: now,
        create_time: now,
        update_time: now,
        complete_time: None,
    })
}

/// The tenant's enabled webhooks and the events each takes.
pub fn subscriptions(conn: &mut PgConnection, tenant: &Tenant) -> StoreResult<Vec<Subscription>> {
    Ok(w::table
        .filter(w::organization_id.eq(&tenant.organization_id))
        .filter(w::environment.eq(tenant.environment))
        .filter(w::enabled.eq(true))
        .select((w::id, w::enabled_events))
        .load::<(String, Vec<Option<String>>)>(conn)?
        .into_iter()
        .map(|(webhook_id, enabled_events)| Subscription {
            webhook_id,
            enabled_events: enabled_events.into_iter().flatten().collect(),
        })
        .collect())
}

/// Queues a delivery of each event (`seq`, name) to each of `subscriptions` that selects
/// it. The subscriptions may be a little stale (a replica's cache): a webhook deleted or
/// disabled meanwhile gets nothing, in the same statement, which locks the webhooks it
/// queues for (`FOR KEY SHARE`) against a concurrent delete.
pub fn enqueue(
    conn: &mut PgConnection,
    subscriptions: &[Subscription],
    events: &[(i64, String)],
    inquiry_id: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    use diesel::sql_types::{Array, BigInt, Text, Timestamptz};
    let (mut ids, mut webhook_ids, mut seqs) = (Vec::new(), Vec::new(), Vec::new());
    for (seq, name) in events {
        for subscription in subscriptions.iter().filter(|s| s.selects(name)) {
            ids.push(IdKind::WebhookDelivery.generate()?);
            webhook_ids.push(subscription.webhook_id.as_str());
            seqs.push(*seq);
        }
    }
    if ids.is_empty() {
        return Ok(());
    }
    prepared(
        diesel::sql_query(
            "INSERT INTO webhook_deliveries (id, webhook_id, event_seq, inquiry_id, status, \
                 attempt_count, last_status_code, last_error, next_attempt_time, create_time, \
                 update_time) \
             SELECT q.id, q.webhook_id, q.event_seq, $4, 'pending', 0, 0, '', $5, $5, $5 \
               FROM unnest($1::text[], $2::text[], $3::bigint[]) AS q (id, webhook_id, event_seq) \
               JOIN webhooks ON webhooks.id = q.webhook_id AND webhooks.enabled \
                FOR KEY SHARE OF webhooks",
        )
        .bind::<Array<Text>, _>(&ids)
        .bind::<Array<Text>, _>(&webhook_ids)
        .bind::<Array<BigInt>, _>(&seqs)
        .bind::<Text, _>(inquiry_id)
        .bind::<Timestamptz, _>(now),
    )
    .run(conn)?;
    Ok(())
}

/// Queues one more delivery of an event to a webhook (RedeliverEvent).
pub fn redeliver(
    conn: &mut PgConnection,
    webhook: &Webhook,
    event: &Event,
    now: DateTime<Utc>,
) -> StoreResult<Delivery> {
    let row = new_delivery(&webhook.id, event.seq, event.inquiry_id.clone(), now)?;
    let row: DeliveryRow = diesel::insert_into(d::table)
        .values(&row)
        .get_result(conn)?;
    Ok(Delivery {
        id: row.id,
        webhook_id: row.webhook_id,
        event_id: event.id.clone(),
        event_name: event.name.clone(),
        inquiry_id: row.inquiry_id,
        status: row.status,
        attempt_count: row.attempt_count,
        last_status_code: row.last_status_code,
        last_error: row.last_error,
        next_attempt_time: row.next_attempt_time,
        create_time: row.create_time,
        update_time: row.update_time,
        complete_time: row.complete_time,
    })
}

/// The delivery log of a webhook or of an inquiry (or both), newest first.
pub fn deliveries(
    conn: &mut PgConnection,
    tenant: &Tenant,
    webhook_id: Option<&str>,
    inquiry_id: Option<&str>,
    page: &Page,
) -> StoreResult<(Vec<Delivery>, String)> {
    let mut query = d::table
        .inner_join(w::table)
        .inner_join(e::table)
        .filter(w::organization_id.eq(tenant.organization_id.clone()))
        .filter(w::environment.eq(tenant.environment))
        .select((DeliveryRow::as_select(), EventRow::as_select()))
        .into_boxed();
    if let Some(webhook_id) = webhook_id {
        query = query.filter(d::webhook_id.eq(webhook_id.to_owned()));
    }
    if let Some(inquiry_id) = inquiry_id {
        query = query.filter(d::inquiry_id.eq(inquiry_id.to_owned()));
    }
    let (rows, token) = load_page!(
        conn,
        query,
        d,
        page,
        (DeliveryRow, EventRow),
        (r, _) => r
    );
    let deliveries = rows
        .into_iter()
        .map(|(delivery, event)| delivery.into_delivery(&event))
        .collect();
    Ok((deliveries, token))
}

/// A claimed delivery with what it takes to send it.
pub struct Claimed {
    pub delivery: Delivery,
    pub webhook: Webhook,
    pub event: Event,
}

#[derive(QueryableByName)]
struct ClaimedId {
    #[diesel(sql_type = diesel::sql_types::Text)]
    id: String,
}

/// Claims up to `limit` due deliveries of enabled webhooks for this dispatcher: each attempt
/// is counted and the delivery leased, in a transaction of its own, before anything is sent.
///
/// At most `per_webhook` deliveries of any one webhook are claimed, and none of the webhooks
/// in `busy` (those this dispatcher already sends as many to as it may), so one webhook's
/// backlog never fills a batch.
pub fn claim_due(
    conn: &mut PgConnection,
    now: DateTime<Utc>,
    limit: i64,
    per_webhook: i64,
    busy: &[String],
) -> StoreResult<Vec<Claimed>> {
    use diesel::sql_types::{Array, BigInt, Text, Timestamptz};
    let ids: Vec<ClaimedId> = prepared(
        diesel::sql_query(
            "UPDATE webhook_deliveries SET attempt_count = attempt_count + 1, \
                 next_attempt_time = $2, update_time = $1 \
             WHERE id IN (SELECT due.id FROM webhooks wh CROSS JOIN LATERAL ( \
                     SELECT dl.id, dl.next_attempt_time FROM webhook_deliveries dl \
                     WHERE dl.webhook_id = wh.id AND dl.status = 'pending' \
                       AND dl.next_attempt_time <= $1 \
                     ORDER BY dl.next_attempt_time LIMIT $4 FOR UPDATE OF dl SKIP LOCKED) due \
                 WHERE wh.enabled AND NOT (wh.id = ANY($5)) \
                 ORDER BY due.next_attempt_time LIMIT $3) \
             RETURNING id",
        )
        .bind::<Timestamptz, _>(now)
        .bind::<Timestamptz, _>(now + LEASE)
        .bind::<BigInt, _>(limit)
        .bind::<BigInt, _>(per_webhook)
        .bind::<Array<Text>, _>(busy),
    )
    .load(conn)?;
    let ids: Vec<String> = ids.into_iter().map(|c| c.id).collect();
    let rows: Vec<(DeliveryRow, WebhookRow, EventRow)> = d::table
        .inner_join(w::table)
        .inner_join(e::table)
        .filter(d::id.eq_any(&ids))
        .select((
            DeliveryRow::as_select(),
            WebhookRow::as_select(),
            EventRow::as_select(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(delivery, webhook, event)| Claimed {
            delivery: delivery.into_delivery(&event),
            webhook: webhook.into(),
            event: event.into(),
        })
        .collect())
}

/// The webhook of a delivery, locked to record an attempt; `None` if it was deleted meanwhile
/// (its deliveries went with it).
pub fn lock_for_attempt(conn: &mut PgConnection, id: &str) -> StoreResult<Option<Webhook>> {
    Ok(w::table
        .find(id)
        .for_update()
        .first::<WebhookRow>(conn)
        .optional()?
        .map(Webhook::from))
}

/// Writes what an attempt changed on a delivery.
pub fn save_delivery(conn: &mut PgConnection, delivery: &Delivery) -> StoreResult<()> {
    prepared(diesel::update(d::table.find(&delivery.id)).set((
        d::status.eq(delivery.status),
        d::last_status_code.eq(delivery.last_status_code),
        d::last_error.eq(&delivery.last_error),
        d::next_attempt_time.eq(delivery.next_attempt_time),
        d::update_time.eq(delivery.update_time),
        d::complete_time.eq(delivery.complete_time),
    )))
    .run(conn)?;
    Ok(())
}

/// The delivery queue at a glance (for metrics).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueStats {
    /// Deliveries of enabled webhooks waiting for their first attempt or a retry.
    pub depth: i64,
    /// When the oldest of them was queued.
    pub oldest: Option<DateTime<Utc>>,
}

/// What the dispatchers still have to send: disabled webhooks' deliveries wait for the
/// webhook to be enabled again, so they are not counted.
pub fn queue_stats(conn: &mut PgConnection) -> StoreResult<QueueStats> {
    let (depth, oldest) = d::table
        .inner_join(w::table)
        .filter(d::status.eq(DeliveryStatus::Pending))
        .filter(w::enabled)
        .select((diesel::dsl::count_star(), diesel::dsl::min(d::create_time)))
        .first::<(i64, Option<DateTime<Utc>>)>(conn)?;
    Ok(QueueStats { depth, oldest })
}
