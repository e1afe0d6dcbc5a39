//! Exponential backoff with jitter, shared by call retries and the resumable watch.

use std::hash::{BuildHasher, RandomState};
use std::time::Duration;

/// Delays that start at `initial`, double after each use up to `max`, and are each spread by
/// ±20 % so that many clients cut off together do not come back in lockstep.
#[derive(Clone, Debug)]
pub(crate) struct Backoff {
    initial: Duration,
    max: Duration,
    next: Duration,
}

impl Backoff {
    pub(crate) fn new(initial: Duration, max: Duration) -> Self {
        Backoff {
            initial,
            max,
            next: initial,
        }
    }

    /// The delay to wait now; the following one is twice as long (at most `max`).
    pub(crate) fn next_delay(&mut self) -> Duration {
        let delay = self.next;
        self.next = (self.next * 2).min(self.max);
        // A fresh RandomState is randomly keyed: its hash of nothing is a uniform u64.
        let unit = RandomState::new().hash_one(()) as f64 / u64::MAX as f64;
        delay.mul_f64(0.8 + 0.4 * unit)
    }

    /// Starts again from `initial` (after a success).
    pub(crate) fn reset(&mut self) {
        self.next = self.initial;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_up_to_the_maximum_with_jitter_and_resets() {
        let mut backoff = Backoff::new(Duration::from_millis(100), Duration::from_millis(500));
        let delays: Vec<Duration> = (0..5).map(|_| backoff.next_delay()).collect();
        for (delay, nominal) in delays.iter().zip([100, 200, 400, 500, 500]) {
            let nominal = Duration::from_millis(nominal);
            assert!(
                *delay >= nominal.mul_f64(0.8) && *delay <= nominal.mul_f64(1.2),
                "{delay:?} is not within 20 % of {nominal:?} ({delays:?})"
            );
        }
        backoff.reset();
        assert!(backoff.next_delay() <= Duration::from_millis(120));
    }
}
