//! Sliding-window limits: failed link redemptions per client address, calls per API key.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;

use chrono::{DateTime, TimeDelta, Utc};

/// Past this many tracked keys, stale ones are swept out on the next record.
const SWEEP_AT: usize = 10_000;

/// Whose budget a client address spends: an IPv4 address itself (an IPv4-mapped IPv6 address
/// as its IPv4 address), an IPv6 address by its /64 — the block one subscriber is given and
/// inside which anyone picks addresses freely, so counting single IPv6 addresses would give one
/// client 2⁶⁴ budgets.
pub fn address_key(ip: IpAddr) -> String {
    match ip.to_canonical() {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let [a, b, c, d, ..] = v6.segments();
            format!("{a:x}:{b:x}:{c:x}:{d:x}::/64")
        }
    }
}

#[derive(Debug)]
pub struct SlidingWindow {
    limit: usize,
    window: TimeDelta,
    events: HashMap<String, VecDeque<DateTime<Utc>>>,
}

impl SlidingWindow {
    /// Allows `limit` events per `window` for each key.
    pub fn new(limit: usize, window: TimeDelta) -> Self {
        SlidingWindow {
            limit,
            window,
            events: HashMap::new(),
        }
    }

    /// `Err(retry_after)` while `key` has used up its events in the window.
    pub fn check(&mut self, key: &str, now: DateTime<Utc>) -> Result<(), TimeDelta> {
        let window = self.window;
        let Some(times) = self.events.get_mut(key) else {
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

    pub fn record(&mut self, key: &str, now: DateTime<Utc>) {
        if self.events.len() >= SWEEP_AT {
            let window = self.window;
            self.events
                .retain(|_, times| times.back().is_some_and(|t| *t + window > now));
        }
        self.events
            .entry(key.to_owned())
            .or_default()
            .push_back(now);
    }

    /// Checks and, if allowed, records in one step (for limits on every call).
    pub fn admit(&mut self, key: &str, now: DateTime<Utc>) -> Result<(), TimeDelta> {
        self.check(key, now)?;
        self.record(key, now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_eleventh_failure_in_a_minute_is_refused_until_the_window_slides() {
        let start = DateTime::from_timestamp(1_000_000, 0).unwrap();
        let mut throttle = SlidingWindow::new(10, TimeDelta::minutes(1));
        for i in 0..10 {
            let now = start + TimeDelta::seconds(i);
            assert!(throttle.check("1.2.3.4", now).is_ok());
            throttle.record("1.2.3.4", now);
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

    #[test]
    fn an_ipv6_client_is_counted_by_its_64_and_a_mapped_ipv4_as_itself() {
        let key = |ip: &str| address_key(ip.parse().unwrap());
        assert_eq!(key("2001:db8:1:2::1"), "2001:db8:1:2::/64");
        assert_eq!(key("2001:db8:1:2:ffff:1:2:3"), key("2001:db8:1:2::1"));
        assert_ne!(key("2001:db8:1:3::1"), key("2001:db8:1:2::1"));
        assert_eq!(key("::ffff:192.0.2.7"), "192.0.2.7");
        assert_eq!(key("192.0.2.7"), "192.0.2.7");
    }

    #[test]
    fn admit_counts_every_call() {
        let now = DateTime::from_timestamp(1_000_000, 0).unwrap();
        let mut limit = SlidingWindow::new(2, TimeDelta::minutes(1));
        assert!(limit.admit("key", now).is_ok());
        assert!(limit.admit("key", now).is_ok());
        assert_eq!(limit.admit("key", now), Err(TimeDelta::minutes(1)));
        assert!(limit.admit("other", now).is_ok());
    }
}
