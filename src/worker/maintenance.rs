//! Housekeeping on every replica: expiry of overdue inquiries, links and sessions, retention
//! (`redact_after`), and removal of idempotency records past 24 hours. Each step claims its
//! rows with `FOR UPDATE SKIP LOCKED` or conditional updates, in bounded batches.

use crate::clock::SharedClock;
use crate::store::{idempotency, inquiries, links, sessions, Store, StoreError};

/// Rows (or inquiries) each step handles per pass.
const BATCH: i64 = 200;

#[derive(Clone)]
pub struct Maintenance {
    store: Store,
    clock: SharedClock,
}

impl Maintenance {
    pub fn new(store: Store, clock: SharedClock) -> Self {
        Maintenance { store, clock }
    }

    /// One pass of every step, each in a transaction of its own; returns the work done.
    pub async fn run_once(&self) -> Result<usize, StoreError> {
        let now = self.clock.now();
        let mut done = 0;
        done += self
            .store
            .transaction(move |c| inquiries::sweep(c, now, BATCH))
            .await?;
        done += self
            .store
            .transaction(move |c| links::sweep(c, now, BATCH))
            .await?;
        done += self
            .store
            .transaction(move |c| sessions::sweep(c, now, BATCH))
            .await?;
        done += self
            .store
            .transaction(move |c| inquiries::redact_due(c, now, BATCH))
            .await?;
        done += self
            .store
            .transaction(move |c| idempotency::purge(c, now))
            .await?;
        Ok(done)
    }
}
