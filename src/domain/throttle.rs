//! Throttling of failed one-time-link redemptions per client address (a sliding window).

use std::collections::{HashMap, VecDeque};

use chrono::{DateTime, TimeDelta, Utc};

/// Past this many tracked addresses, stale ones are swept out on the next failure.
const SWEEP_AT: usize = 10_000;

#[derive(Debug)]
pub struct FailureThrottle {
    limit: usize,
    window: TimeDelta,
    failures: HashMap<String, VecDeque<DateTime<Utc>>>,
}

impl FailureThrottle {
    /// Allows `limit` failures per `window` for each address.
    pub fn new(limit: usize, window: TimeDelta) -> Self {
        FailureThrottle {
            limit,
            window,
            failures: HashMap::new(),
        }
    }

    /// `Err(retry_after)` while `address` has used up its failures in the window.
    pub fn check(&mut self, address: &str, now: DateTime<Utc>) -> Result<(), TimeDelta> {
        let window = self.window;
        let Some(times) = self.failures.get_mut(address) else {
            return Ok(());
        };
        while times.front().is_some_and(|t| *t + window <= now) {
            times.pop_front();
        }
        match times.front() {
            Some(oldest) if times.len() >= self.limit => Err(*oldest + window - now),
            _ => Ok(()),
        }
    }

    pub fn record_failure(&mut self, address: &str, now: DateTime<Utc>) {
        if self.failures.len() >= SWEEP_AT {
            let window = self.window;
            self.failures
                .retain(|_, times| times.back().is_some_and(|t| *t + window > now));
        }
        self.failures
            .entry(address.to_owned())
            .or_default()
            .push_back(now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_eleventh_failure_in_a_minute_is_refused_until_the_window_slides() {
        let start = DateTime::from_timestamp(1_000_000, 0).unwrap();
        let mut throttle = FailureThrottle::new(10, TimeDelta::minutes(1));
        for i in 0..10 {
            let now = start + TimeDelta::seconds(i);
            assert!(throttle.check("1.2.3.4", now).is_ok());
            throttle.record_failure("1.2.3.4", now);
        }
        let now = start + TimeDelta::seconds(30);
        assert_eq!(throttle.check("1.2.3.4", now), Err(TimeDelta::seconds(30)));
        assert!(
            throttle.check("5.6.7.8", now).is_ok(),
            "other addresses are unaffected"
        );
        assert!(throttle
            .check("1.2.3.4", start + TimeDelta::seconds(60))
            .is_ok());
    }
}
