//! The HTTP port: probes for orchestrators (and, as they land, the hosted pages, the REST
//! gateway, the Persona-compatible API and metrics).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;

/// What the probes report: whether the database answers, and whether the server drains.
#[derive(Debug, Default)]
pub struct Readiness {
    database_up: AtomicBool,
    draining: AtomicBool,
}

impl Readiness {
    pub fn set_database_up(&self, up: bool) {
        self.database_up.store(up, Ordering::SeqCst);
    }

    pub fn set_draining(&self) {
        self.draining.store(true, Ordering::SeqCst);
    }

    fn ready(&self) -> bool {
        self.database_up.load(Ordering::SeqCst) && !self.draining.load(Ordering::SeqCst)
    }
}

/// `/healthz`: the process is up (liveness).
async fn healthz() -> &'static str {
    "ok\n"
}

/// `/readyz`: the database answers and the server is not draining (readiness).
async fn readyz(State(readiness): State<Arc<Readiness>>) -> (StatusCode, &'static str) {
    if readiness.ready() {
        (StatusCode::OK, "ready\n")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "not ready\n")
    }
}

/// The HTTP port's routes.
pub fn router(readiness: Arc<Readiness>) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .with_state(readiness)
}
