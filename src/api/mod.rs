//! gRPC services: one file per service, authentication, error mapping and conversions.

pub mod auth;
pub mod convert;
pub mod error;
pub mod idempotency;
pub mod inquiries;
pub mod one_time_links;
pub mod qr;
pub mod sessions;
pub mod templates;
pub mod webhooks;

use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, TimeDelta, Utc};
use tokio::sync::{broadcast, watch};

use crate::clock::SharedClock;
use crate::domain::throttle::SlidingWindow;
use crate::store::Store;

/// Settings of the end-user plane.
#[derive(Debug, Clone)]
pub struct AccessConfig {
    /// Base of link URLs: `<public_url>/verify?code=<code>`.
    pub public_url: String,
    /// Base of short links: `<short_url>/v/<short code>`.
    pub short_url: String,
    /// Failed redemptions allowed per client address and minute.
    pub redeem_failures_per_minute: usize,
    /// Management calls allowed per API key and minute (per replica).
    pub calls_per_key_per_minute: usize,
}

/// What every service shares: the store, the clock, the end-user plane's settings, the hub
/// that wakes watchers, and the shutdown signal.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub clock: SharedClock,
    pub access: Arc<AccessConfig>,
    throttle: Arc<Mutex<SlidingWindow>>,
    rate_limit: Arc<Mutex<SlidingWindow>>,
    /// Inquiry IDs of committed events, from the LISTEN connection.
    pub hub: broadcast::Sender<String>,
    shutdown: Arc<watch::Sender<bool>>,
}

impl AppState {
    pub fn new(store: Store, clock: SharedClock, access: AccessConfig) -> Self {
        let minute = TimeDelta::minutes(1);
        let throttle = SlidingWindow::new(access.redeem_failures_per_minute, minute);
        let rate_limit = SlidingWindow::new(access.calls_per_key_per_minute, minute);
        AppState {
            store,
            clock,
            access: Arc::new(access),
            throttle: Arc::new(Mutex::new(throttle)),
            rate_limit: Arc::new(Mutex::new(rate_limit)),
            hub: broadcast::channel(1024).0,
            shutdown: Arc::new(watch::channel(false).0),
        }
    }

    /// Tells streams and workers that the server is draining.
    pub fn begin_shutdown(&self) {
        self.shutdown.send_replace(true);
    }

    /// Resolves once shutdown has begun.
    pub fn shutting_down(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        let mut receiver = self.shutdown.subscribe();
        async move {
            let _ = receiver.wait_for(|down| *down).await;
        }
    }

    /// For threads that must stop with the server: gone once every copy of the state is.
    pub fn shutdown_handle(&self) -> std::sync::Weak<watch::Sender<bool>> {
        Arc::downgrade(&self.shutdown)
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The redemption throttle (a panic elsewhere never disables it).
    fn throttle(&self) -> std::sync::MutexGuard<'_, SlidingWindow> {
        self.throttle.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The per-key call limit.
    fn rate_limit(&self) -> std::sync::MutexGuard<'_, SlidingWindow> {
        self.rate_limit
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}
