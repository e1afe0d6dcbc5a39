//! What a replica keeps of data that changes rarely (API keys, webhook subscriptions), so that
//! a call need not read it: trusted only while the replica follows the change feed, which
//! tells it of every change on any replica within a tick, and emptied whenever the feed breaks.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::lock;

/// Entries of `V` by `K`, each trusted for `ttl` at most.
pub struct Cache<K, V> {
    entries: Mutex<HashMap<K, (V, Instant)>>,
    ttl: Duration,
    /// Whether the change feed is followed: only then are changes heard.
    trusted: AtomicBool,
    /// Bumped by every change heard: a read that began before one may not fill the cache.
    epoch: AtomicU64,
}

impl<K: Eq + Hash, V: Clone> Cache<K, V> {
    pub fn new(ttl: Duration) -> Self {
        Cache {
            entries: Mutex::default(),
            ttl,
            trusted: AtomicBool::new(false),
            epoch: AtomicU64::new(0),
        }
    }

    /// The feed is followed (again) or broke; either way what was cached may have missed a
    /// change.
    pub fn trust(&self, following: bool) {
        let mut entries = lock(&self.entries);
        entries.clear();
        self.epoch.fetch_add(1, Ordering::SeqCst);
        self.trusted.store(following, Ordering::SeqCst);
    }

    pub fn is_trusted(&self) -> bool {
        self.trusted.load(Ordering::SeqCst)
    }

    /// Drops the entries a change made stale.
    pub fn forget(&self, stale: impl Fn(&K, &V) -> bool) {
        let mut entries = lock(&self.entries);
        self.epoch.fetch_add(1, Ordering::SeqCst);
        entries.retain(|key, (value, _)| !stale(key, value));
    }

    pub fn get(&self, key: &K) -> Option<V> {
        if !self.is_trusted() {
            return None;
        }
        let entries = lock(&self.entries);
        let (value, at) = entries.get(key)?;
        (at.elapsed() < self.ttl).then(|| value.clone())
    }

    /// The epoch to give [`Cache::put`] for a read that begins now.
    pub fn epoch(&self) -> u64 {
        self.epoch.load(Ordering::SeqCst)
    }

    /// Keeps a value read in epoch `seen`, unless a change was heard since.
    pub fn put(&self, key: K, value: V, seen: u64) {
        let mut entries = lock(&self.entries);
        if self.is_trusted() && self.epoch() == seen {
            entries.insert(key, (value, Instant::now()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache() -> Cache<&'static str, &'static str> {
        Cache::new(Duration::from_secs(30))
    }

    #[test]
    fn the_cache_is_trusted_only_while_the_feed_is_followed() {
        let cache = cache();
        cache.put("d", "key_a", cache.epoch());
        assert_eq!(cache.get(&"d"), None, "not following: nothing is cached");
        cache.trust(true);
        cache.put("d", "key_a", cache.epoch());
        assert_eq!(cache.get(&"d"), Some("key_a"));
        cache.trust(false);
        assert_eq!(cache.get(&"d"), None, "a broken feed empties the cache");
    }

    #[test]
    fn a_change_empties_the_entry_and_beats_a_read_that_raced_it() {
        let cache = cache();
        cache.trust(true);
        cache.put("d", "key_a", cache.epoch());
        let seen = cache.epoch();
        cache.forget(|_, value| *value == "key_a");
        assert_eq!(cache.get(&"d"), None);
        cache.put("d", "key_a", seen);
        assert_eq!(cache.get(&"d"), None, "read before the change: not cached");
    }

    #[test]
    fn an_entry_is_trusted_for_its_time_only() {
        let cache = Cache::new(Duration::ZERO);
        cache.trust(true);
        cache.put("d", "key_a", cache.epoch());
        assert_eq!(cache.get(&"d"), None);
    }
}
