//! The maintenance worker: the housekeeping pass of `app::maintenance`, on a timer.

use crate::app::{App, Error};

#[derive(Clone)]
pub struct Maintenance {
    app: App,
}

impl Maintenance {
    pub fn new(app: App) -> Self {
        Maintenance { app }
    }

    /// One pass of every step, each in a transaction of its own; returns the work done.
    pub async fn run_once(&self) -> Result<usize, Error> {
        self.app.maintenance_pass().await
    }
}
