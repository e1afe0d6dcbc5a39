//! Webhook endpoints, their delivery queue and log. Dispatchers on every replica claim due
//! deliveries with `FOR UPDATE SKIP LOCKED` and a lease, so each is sent once in the normal case.

use chrono::{DateTime, TimeDelta, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;

use super::models::{DeliveryRow, EventRow, WebhookRow};
use super::schema::{events as e, webhook_deliveries as d, webhooks as w};
use super::{load_page, StoreResult};
use crate::domain::ids::IdKind;
use crate::domain::paging::PageRequest;
use crate::domain::tenant::Tenant;
use crate::domain::webhook::{generate_secret, selects};
use crate::domain::Error;

pub const PENDING: &str = "pending";
pub const SUCCEEDED: &str = "succeeded";
pub const FAILED: &str = "failed";

/// How long a claimed delivery is reserved for the dispatcher that claimed it. Longer than
/// the 10 s request timeout, so another replica retries only after a dispatcher died.
pub const LEASE: TimeDelta = TimeDelta::seconds(60);

fn scoped(tenant: &Tenant) -> w::BoxedQuery<'static, diesel::pg::Pg> {
    w::table
        .filter(w::organization_id.eq(tenant.organization_id.clone()))
        .filter(w::environment.eq(tenant.environment.as_str()))
        .into_boxed()
}

pub fn create(
    conn: &mut PgConnection,
    tenant: &Tenant,
    url: String,
    enabled_events: Vec<String>,
    now: DateTime<Utc>,
) -> StoreResult<WebhookRow> {
    let row = WebhookRow {
        id: IdKind::Webhook.generate()?,
        organization_id: tenant.organization_id.clone(),
        environment: tenant.environment.as_str().to_owned(),
        url,
        enabled_events: enabled_events.into_iter().map(Some).collect(),
        enabled: true,
        disabled_reason: String::new(),
        disable_time: None,
        secret: generate_secret()?,
        previous_secret: None,
        previous_secret_expire_time: None,
        failing_since: None,
        create_time: now,
        update_time: now,
    };
    Ok(diesel::insert_into(w::table)
        .values(&row)
        .get_result(conn)?)
}

pub fn get(conn: &mut PgConnection, tenant: &Tenant, id: &str) -> StoreResult<WebhookRow> {
    scoped(tenant)
        .filter(w::id.eq(id.to_owned()))
        .first(conn)
        .optional()?
        .ok_or_else(|| IdKind::Webhook.not_found(id).into())
}

pub fn list(
    conn: &mut PgConnection,
    tenant: &Tenant,
    page: &PageRequest,
) -> StoreResult<(Vec<WebhookRow>, String)> {
    let mut query = scoped(tenant);
    load_page!(conn, query, w, page, WebhookRow, r => r)
}

/// Applies `change` to a webhook of the tenant and saves it.
pub fn update(
    conn: &mut PgConnection,
    tenant: &Tenant,
    id: &str,
    now: DateTime<Utc>,
    change: impl FnOnce(&mut WebhookRow) -> Result<(), Error>,
) -> StoreResult<WebhookRow> {
    let mut row = get(conn, tenant, id)?;
    change(&mut row)?;
    row.update_time = now;
    Ok(diesel::update(w::table.find(&row.id))
        .set(&row)
        .get_result(conn)?)
}

pub fn delete(conn: &mut PgConnection, tenant: &Tenant, id: &str) -> StoreResult<()> {
    let row = get(conn, tenant, id)?;
    diesel::delete(w::table.find(&row.id)).execute(conn)?;
    Ok(())
}

/// A new secret; the previous one keeps signing (beside it) until `now + grace`.
pub fn rotate_secret(
    conn: &mut PgConnection,
    tenant: &Tenant,
    id: &str,
    grace: TimeDelta,
    now: DateTime<Utc>,
) -> StoreResult<WebhookRow> {
    let secret = generate_secret()?;
    update(conn, tenant, id, now, |row| {
        let previous = std::mem::replace(&mut row.secret, secret);
        (row.previous_secret, row.previous_secret_expire_time) = if grace > TimeDelta::zero() {
            (Some(previous), Some(now + grace))
        } else {
            (None, None)
        };
        Ok(())
    })
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
        status: PENDING.to_owned(),
        attempt_count: 0,
        last_status_code: 0,
        last_error: String::new(),
        next_attempt_time: now,
        create_time: now,
        update_time: now,
        complete_time: None,
    })
}

/// Queues the event for every enabled webhook of the tenant that selects it.
pub fn enqueue(
    conn: &mut PgConnection,
    tenant: &Tenant,
    event_seq: i64,
    event_name: &str,
    inquiry_id: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let hooks: Vec<WebhookRow> = scoped(tenant).filter(w::enabled.eq(true)).load(conn)?;
    let rows = hooks
        .iter()
        .filter(|hook| selects(&hook.events(), event_name))
        .map(|hook| new_delivery(&hook.id, event_seq, Some(inquiry_id.to_owned()), now))
        .collect::<StoreResult<Vec<_>>>()?;
    if !rows.is_empty() {
        diesel::insert_into(d::table).values(&rows).execute(conn)?;
    }
    Ok(())
}

/// Queues one more delivery of an event to a webhook (RedeliverEvent).
pub fn redeliver(
    conn: &mut PgConnection,
    tenant: &Tenant,
    webhook_id: &str,
    event_id: &str,
    now: DateTime<Utc>,
) -> StoreResult<(DeliveryRow, EventRow)> {
    let hook = get(conn, tenant, webhook_id)?;
    if !hook.enabled {
        return Err(Error::precondition(
            "WEBHOOK_DISABLED",
            "enable the webhook before redelivering to it",
        )
        .into());
    }
    let event = super::events::get(conn, tenant, event_id)?;
    let row = new_delivery(&hook.id, event.seq, event.inquiry_id.clone(), now)?;
    let row = diesel::insert_into(d::table)
        .values(&row)
        .get_result(conn)?;
    Ok((row, event))
}

/// The delivery log of a webhook or of an inquiry, newest first, with each event.
pub fn deliveries(
    conn: &mut PgConnection,
    tenant: &Tenant,
    webhook_id: Option<&str>,
    inquiry_id: Option<&str>,
    page: &PageRequest,
) -> StoreResult<(Vec<(DeliveryRow, EventRow)>, String)> {
    let mut query = d::table
        .inner_join(w::table)
        .inner_join(e::table)
        .filter(w::organization_id.eq(tenant.organization_id.clone()))
        .filter(w::environment.eq(tenant.environment.as_str()))
        .select((DeliveryRow::as_select(), EventRow::as_select()))
        .into_boxed();
    if let Some(webhook_id) = webhook_id {
        query = query.filter(d::webhook_id.eq(webhook_id.to_owned()));
    }
    if let Some(inquiry_id) = inquiry_id {
        query = query.filter(d::inquiry_id.eq(inquiry_id.to_owned()));
    }
    load_page!(
        conn,
        query,
        d,
        page,
        (DeliveryRow, EventRow),
        (r, _) => r
    )
}

/// A claimed delivery with what it takes to send it.
pub struct Claimed {
    pub delivery: DeliveryRow,
    pub webhook: WebhookRow,
    pub event: EventRow,
}

#[derive(QueryableByName)]
struct ClaimedId {
    #[diesel(sql_type = diesel::sql_types::Text)]
    id: String,
}

/// Claims up to `limit` due deliveries of enabled webhooks for this dispatcher: each attempt
/// is counted and the delivery leased, in a transaction of its own, before anything is sent.
pub fn claim_due(
    conn: &mut PgConnection,
    now: DateTime<Utc>,
    limit: i64,
) -> StoreResult<Vec<Claimed>> {
    use diesel::sql_types::{BigInt, Timestamptz};
    let ids: Vec<ClaimedId> = diesel::sql_query(
        "UPDATE webhook_deliveries SET attempt_count = attempt_count + 1, \
             next_attempt_time = $2, update_time = $1 \
         WHERE id IN (SELECT dl.id FROM webhook_deliveries dl JOIN webhooks wh ON wh.id = dl.webhook_id \
             WHERE dl.status = 'pending' AND dl.next_attempt_time <= $1 AND wh.enabled \
             ORDER BY dl.next_attempt_time LIMIT $3 FOR UPDATE OF dl SKIP LOCKED) \
         RETURNING id",
    )
    .bind::<Timestamptz, _>(now)
    .bind::<Timestamptz, _>(now + LEASE)
    .bind::<BigInt, _>(limit)
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
            delivery,
            webhook,
            event,
        })
        .collect())
}

/// How one attempt ended.
pub struct Attempt {
    pub status_code: i32,
    pub error: String,
    pub succeeded: bool,
    /// When to try again; `None` when the delivery has used every attempt.
    pub retry_at: Option<DateTime<Utc>>,
}

/// Records an attempt. A delivery that exhausts its attempts while its webhook has failed
/// continuously since before the delivery was queued disables the webhook.
pub fn record_attempt(
    conn: &mut PgConnection,
    delivery: &DeliveryRow,
    attempt: Attempt,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let mut row = delivery.clone();
    row.last_status_code = attempt.status_code;
    row.last_error = attempt.error.chars().take(1000).collect();
    row.update_time = now;
    let hook: Option<WebhookRow> = w::table
        .find(&row.webhook_id)
        .for_update()
        .first(conn)
        .optional()?;
    let Some(mut hook) = hook else {
        return Ok(()); // deleted meanwhile; its deliveries went with it
    };
    if attempt.succeeded {
        row.status = SUCCEEDED.to_owned();
        row.complete_time = Some(now);
        hook.failing_since = None;
    } else {
        let failing_since = *hook.failing_since.get_or_insert(now);
        match attempt.retry_at {
            Some(at) => row.next_attempt_time = at,
            None => {
                row.status = FAILED.to_owned();
                row.complete_time = Some(now);
                if hook.enabled && failing_since <= row.create_time {
                    hook.enabled = false;
                    hook.disable_time = Some(now);
                    hook.disabled_reason = format!(
                        "disabled after every delivery attempt failed since {}; last error: {}",
                        failing_since.to_rfc3339(),
                        row.last_error
                    );
                }
            }
        }
    }
    diesel::update(d::table.find(&row.id))
        .set(&row)
        .execute(conn)?;
    diesel::update(w::table.find(&hook.id))
        .set(&hook)
        .execute(conn)?;
    Ok(())
}
