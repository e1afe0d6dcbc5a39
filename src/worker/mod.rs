//! Background loops, each safe to run on every replica at once.

pub mod dispatcher;
pub mod mailer;
pub mod maintenance;

use std::future::Future;
use std::time::Duration;

use rand::rngs::SysRng;
use rand::TryRng;

/// A number in [0, 1] from OS randomness (0.5 without it), to spread retries.
pub fn jitter() -> f64 {
    let mut bytes = [0u8; 4];
    match SysRng.try_fill_bytes(&mut bytes) {
        Ok(()) => f64::from(u32::from_le_bytes(bytes)) / f64::from(u32::MAX),
        Err(_) => 0.5,
    }
}

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
