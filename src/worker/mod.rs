//! Background loops, each safe to run on every replica at once.

pub mod dispatcher;
pub mod maintenance;

use std::future::Future;
use std::time::Duration;

/// Runs `pass` every `interval` until `stop` resolves; a pass that fails is logged and retried
/// on the next tick.
pub async fn every<F, Fut, E>(
    name: &'static str,
    interval: Duration,
    stop: impl Future<Output = ()>,
    mut pass: F,
) where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<usize, E>>,
    E: std::fmt::Display,
{
    tokio::pin!(stop);
    let mut ticker = tokio::time::interval(interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            () = &mut stop => return,
            _ = ticker.tick() => {}
        }
        match pass().await {
            Ok(0) => {}
            Ok(n) => tracing::debug!(worker = name, n, "pass done"),
            Err(err) => tracing::warn!(worker = name, %err, "pass failed"),
        }
    }
}
