//! Limits all replicas share, as one replica holds them: refusals it has learned (failed
//! authentications per client address) and leases on each caller's call budget.

use std::collections::HashMap;
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

/// Keys refused until a time: what a replica learned of a budget all replicas share, so it
/// refuses without asking the database again.
#[derive(Debug, Default)]
pub struct Refusals(HashMap<String, DateTime<Utc>>);

impl Refusals {
    /// `Some(retry_after)` while `key` is refused.
    pub fn check(&self, key: &str, now: DateTime<Utc>) -> Option<TimeDelta> {
        self.0
            .get(key)
            .filter(|until| **until > now)
            .map(|until| *until - now)
    }

    pub fn refuse(&mut self, key: &str, until: DateTime<Utc>, now: DateTime<Utc>) {
        if self.0.len() >= SWEEP_AT {
            self.0.retain(|_, until| *until > now);
        }
        self.0.insert(key.to_owned(), until);
    }
}

/// How many calls of a caller's budget a replica leases at once: a fiftieth of the limit, so
/// one call in a slice goes to the database, and all replicas together overshoot the limit by
/// at most one unspent slice each.
pub fn lease_slice(limit: u32) -> u32 {
    (limit / 50).max(1)
}

/// What a replica holds of one caller's budget.
#[derive(Debug, Clone, Copy)]
struct Held {
    /// Calls left of the slices leased.
    left: u32,
    /// When they lapse (a lease is spent within the window it was granted in).
    until: DateTime<Utc>,
}

/// A replica's leases on the call budgets shared by all replicas (per caller, per `window`).
#[derive(Debug)]
pub struct Leases {
    window: TimeDelta,
    held: HashMap<String, Held>,
    /// Callers whose shared budget is spent: refused here without asking again.
    refused: Refusals,
}

/// Whether a call may go on with what the replica holds.
#[derive(Debug, PartialEq, Eq)]
pub enum Take {
    /// Spent from a lease held.
    Spent,
    /// The shared budget is spent; retry after this long.
    Refused(TimeDelta),
    /// Nothing held: lease a slice from the shared budget.
    Lease,
}

impl Leases {
    pub fn new(window: TimeDelta) -> Self {
        Leases {
            window,
            held: HashMap::new(),
            refused: Refusals::default(),
        }
    }

    /// Spends one call of `key`'s lease, if the replica holds one.
    pub fn take(&mut self, key: &str, now: DateTime<Utc>) -> Take {
        if let Some(wait) = self.refused.check(key, now) {
            return Take::Refused(wait);
        }
        let Some(held) = self.held.get_mut(key) else {
            return Take::Lease;
        };
        if held.left > 0 && held.until > now {
            held.left -= 1;
            return Take::Spent;
        }
        Take::Lease
    }

    /// What the shared budget granted: `calls` (one of them spent by the call that asked), or
    /// none and when to ask again.
    pub fn granted(&mut self, key: &str, now: DateTime<Utc>, calls: u32, retry: TimeDelta) {
        if calls == 0 {
            self.refused.refuse(key, now + retry, now);
            return;
        }
        if self.held.len() >= SWEEP_AT {
            self.held.retain(|_, held| held.until > now);
        }
        let held = self.held.entry(key.to_owned()).or_insert(Held {
            left: 0,
            until: now,
        });
        if held.until <= now {
            held.left = 0;
        }
        held.left += calls - 1;
        held.until = now + self.window;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_holds_until_its_time() {
        let now = DateTime::from_timestamp(1_000_000, 0).unwrap();
        let mut refusals = Refusals::default();
        assert_eq!(refusals.check("1.2.3.4", now), None);
        refusals.refuse("1.2.3.4", now + TimeDelta::seconds(30), now);
        assert_eq!(refusals.check("1.2.3.4", now), Some(TimeDelta::seconds(30)));
        assert_eq!(
            refusals.check("5.6.7.8", now),
            None,
            "others are unaffected"
        );
        assert_eq!(
            refusals.check("1.2.3.4", now + TimeDelta::seconds(30)),
            None
        );
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
    fn a_lease_is_spent_locally_then_asked_for_again() {
        let now = DateTime::from_timestamp(1_000_000, 0).unwrap();
        let mut leases = Leases::new(TimeDelta::minutes(1));
        assert_eq!(leases.take("key", now), Take::Lease);
        leases.granted("key", now, 3, TimeDelta::zero());
        assert_eq!(leases.take("key", now), Take::Spent);
        assert_eq!(leases.take("key", now), Take::Spent);
        assert_eq!(
            leases.take("key", now),
            Take::Lease,
            "3 granted, 1 spent asking"
        );
        leases.granted("key", now, 0, TimeDelta::seconds(20));
        assert_eq!(
            leases.take("key", now),
            Take::Refused(TimeDelta::seconds(20))
        );
        let later = now + TimeDelta::seconds(20);
        assert_eq!(leases.take("key", later), Take::Lease);
        leases.granted("key", later, 5, TimeDelta::zero());
        assert_eq!(
            leases.take("key", later + TimeDelta::minutes(1)),
            Take::Lease,
            "a lease lapses with its window"
        );
        assert_eq!(leases.take("other", later), Take::Lease);
        assert_eq!(lease_slice(300), 6);
        assert_eq!(lease_slice(10), 1);
    }
}
