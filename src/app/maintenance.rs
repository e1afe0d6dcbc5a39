//! Housekeeping run by the maintenance worker on every replica: passed deadlines of inquiries,
//! links and sessions (with their events), retention (`redact_after`), and forgetting
//! idempotency records and guesses past their time. Each step claims its rows with
//! `FOR UPDATE SKIP LOCKED` (or under the inquiry's lock), in bounded batches.

use chrono::TimeDelta;

use super::inquiries::redact;
use super::{record, App, AppResult, BUDGET_WINDOW};
use crate::domain::actor::{system, Actor};
use crate::store::{budgets, guesses, idempotency, inquiries, links, sessions};

/// Rows (or inquiries) each step handles per pass.
const BATCH: i64 = 200;

/// How long guesses are kept: the throttle looks back one minute.
const GUESSES_KEPT: TimeDelta = TimeDelta::minutes(2);

impl App {
    /// One pass of every step; returns the work done.
    pub async fn maintenance_pass(&self) -> AppResult<usize> {
        let mut done = 0;
        done += self
            .transact(Actor::system(system::EXPIRY), |cx| {
                let overdue = inquiries::lock_overdue(cx.conn, None, cx.now, BATCH)?;
                let count = overdue.len();
                for mut inquiry in overdue {
                    record::settle(cx, &mut inquiry)?;
                }
                Ok(count)
            })
            .await?;
        done += self
            .transact(Actor::system(system::EXPIRY), |cx| {
                let mut ids = links::overdue_inquiry_ids(cx.conn, cx.now, BATCH)?;
                ids.extend(sessions::overdue_inquiry_ids(cx.conn, cx.now, BATCH)?);
                ids.sort();
                ids.dedup();
                for id in &ids {
                    let mut inquiry = inquiries::lock_by_id(cx.conn, id)?;
                    record::settle(cx, &mut inquiry)?;
                    record::settle_access(cx, &inquiry)?;
                }
                Ok(ids.len())
            })
            .await?;
        done += self
            .transact(Actor::system(system::RETENTION), |cx| {
                let due = inquiries::lock_due_for_redaction(cx.conn, cx.now, BATCH)?;
                let count = due.len();
                for inquiry in due {
                    redact(cx, inquiry)?;
                }
                Ok(count)
            })
            .await?;
        done += self
            .transact(Actor::system(system::EXPIRY), |cx| {
                Ok(idempotency::purge(cx.conn, cx.now)?
                    + guesses::purge(cx.conn, cx.now - GUESSES_KEPT)?
                    + budgets::purge(cx.conn, cx.now - BUDGET_WINDOW)?)
            })
            .await?;
        Ok(done)
    }
}
