//! gRPC services: one file per service, authentication, error mapping and conversions.

pub mod auth;
pub mod convert;
pub mod error;
pub mod inquiries;
pub mod one_time_links;
pub mod sessions;
pub mod templates;
pub mod webhooks;

use chrono::{DateTime, Utc};

use crate::clock::SharedClock;
use crate::store::Store;

/// What every service shares: the store and the clock.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub clock: SharedClock,
}

impl AppState {
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }
}
