//! Who is calling. API keys are looked up by digest, in the same blocking task and on the same
//! connection as the call's work, and then kept in a short-lived in-process cache. The cache is
//! trusted only while this replica listens for revocations: a key revoked on any replica is
//! dropped from every cache (and its streams ended) within a second, and when the listener
//! loses its connection the cache is bypassed until it is back.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::TimeDelta;

use super::{lock, App, AppResult, Call, BUDGET_WINDOW};
use crate::domain::secrets::{parse_bearer, Credential};
use crate::domain::tenant::{Environment, Principal};
use crate::domain::throttle::{address_key, lease_slice, Take};
use crate::domain::{Error, Reason};
use crate::store::budgets::{self, Ask};
use crate::store::tenancy;

/// How long a cached key is trusted without being looked up again.
const TTL: Duration = Duration::from_secs(30);

/// API keys that authenticated recently, by digest.
#[derive(Default)]
pub struct KeyCache {
    entries: Mutex<HashMap<Vec<u8>, (Principal, Instant)>>,
    /// Whether the listener is connected: only then are revocations heard.
    listening: AtomicBool,
    /// Bumped by every revocation: a lookup that started before one may not fill the cache.
    epoch: AtomicU64,
}

impl KeyCache {
    /// The listener (re)connected or lost its connection; either way what was cached before
    /// may have missed a revocation.
    pub fn listening(&self, connected: bool) {
        lock(&self.entries).clear();
        self.epoch.fetch_add(1, Ordering::SeqCst);
        self.listening.store(connected, Ordering::SeqCst);
    }

    pub fn revoke(&self, key_id: &str) {
        self.epoch.fetch_add(1, Ordering::SeqCst);
        lock(&self.entries).retain(|_, (principal, _)| principal.actor.id != key_id);
    }

    pub fn is_listening(&self) -> bool {
        self.listening.load(Ordering::SeqCst)
    }

    fn get(&self, digest: &[u8]) -> Option<Principal> {
        if !self.is_listening() {
            return None;
        }
        let entries = lock(&self.entries);
        let (principal, at) = entries.get(digest)?;
        (at.elapsed() < TTL).then(|| principal.clone())
    }

    fn epoch(&self) -> u64 {
        self.epoch.load(Ordering::SeqCst)
    }

    /// Caches a key looked up in epoch `seen`, unless a revocation happened since.
    fn put(&self, digest: Vec<u8>, principal: Principal, seen: u64) {
        if !self.listening.load(Ordering::SeqCst) {
            return;
        }
        let mut entries = lock(&self.entries);
        if self.epoch() == seen {
            entries.insert(digest, (principal, Instant::now()));
        }
    }
}

/// A presented API key, parsed but not yet looked up.
#[derive(Debug, Clone)]
struct ApiKey {
    environment: Environment,
    digest: Vec<u8>,
    /// The cache's answer when the call began, and the epoch it was read in.
    cached: Option<Principal>,
    epoch: u64,
}

impl App {
    /// Parses the management plane's credential: an API key (a session token is refused
    /// here).
    fn api_key(&self, credential: Option<&str>) -> AppResult<ApiKey> {
        let (environment, digest) = match parse_bearer(credential)? {
            Credential::ApiKey {
                environment,
                digest,
            } => (environment, digest),
            Credential::SessionToken { .. } => {
                return Err(Error::unauthenticated(
                    Reason::SessionTokenNotAllowed,
                    "a session token cannot call the management plane; use an API key",
                )
                .into())
            }
        };
        Ok(ApiKey {
            cached: self.0.keys.get(&digest),
            epoch: self.0.keys.epoch(),
            environment,
            digest,
        })
    }

    /// The management plane's caller: the API key's principal, from the cache or looked up
    /// (and then cached). An unknown or revoked key is `UNAUTHENTICATED` and counts against the
    /// client's address; an address over its failures is refused before the lookup, while keys
    /// already known to this replica keep working from it (a shared address is not locked out).
    pub async fn authenticate(&self, call: &Call) -> AppResult<Principal> {
        let key = self.api_key(call.credential.as_deref())?;
        if let Some(principal) = key.cached.clone() {
            return Ok(principal);
        }
        self.check_auth_failures(call.client)?;
        let (environment, digest) = (key.environment, key.digest.clone());
        let found = self
            .store()
            .run(move |conn| tenancy::authenticate(conn, environment, &digest))
            .await?;
        match found {
            Some(principal) => {
                self.0.keys.put(key.digest, principal.clone(), key.epoch);
                Ok(principal)
            }
            None => {
                if let Some(ip) = call.client {
                    self.count_auth_failure(ip).await?;
                }
                Err(
                    Error::unauthenticated(Reason::ApiKeyInvalid, "unknown or revoked API key")
                        .into(),
                )
            }
        }
    }

    /// Refuses an address this replica has learned is over its failure budget.
    fn check_auth_failures(&self, client: Option<IpAddr>) -> AppResult<()> {
        let Some(ip) = client else { return Ok(()) };
        match lock(&self.0.auth_failures).check(&address_key(ip), self.now()) {
            Some(wait) => Err(too_many_failures(wait)),
            None => Ok(()),
        }
    }

    /// Counts a failed authentication against its address in the budget all replicas share
    /// (failures already cost a database lookup, so this adds no round trip to a good call);
    /// past the limit this replica refuses the address until the oldest failure leaves the
    /// window. Another replica learns it at its own next failure from the address.
    async fn count_auth_failure(&self, ip: IpAddr) -> AppResult<()> {
        let (address, now) = (address_key(ip), self.now());
        let limit = i64::from(self.config().auth_failures_per_minute.max(1));
        let (count, oldest) = self
            .store()
            .run({
                let address = address.clone();
                move |conn| budgets::auth_failed(conn, &address, BUDGET_WINDOW, now)
            })
            .await?;
        if let Some(oldest) = oldest.filter(|_| count >= limit) {
            lock(&self.0.auth_failures).refuse(&address, oldest + BUDGET_WINDOW, now);
        }
        Ok(())
    }

    /// The per-caller call limit, counted across replicas: calls are spent from a slice of the
    /// budget this replica leased, so one call in a slice asks the database for the next.
    pub async fn admit(&self, principal: &Principal) -> AppResult<()> {
        let (caller, now) = (principal.actor.id.clone(), self.now());
        match lock(&self.0.rate_limit).take(&caller, now) {
            Take::Spent => return Ok(()),
            Take::Refused(wait) => return Err(rate_limited(wait)),
            Take::Lease => {}
        }
        let limit = self.config().calls_per_key_per_minute.max(1);
        let ask = Ask {
            slice: lease_slice(limit),
            limit,
            window: BUDGET_WINDOW,
            now,
        };
        let grant = self
            .store()
            .run({
                let caller = caller.clone();
                move |conn| budgets::lease(conn, &caller, ask)
            })
            .await?;
        lock(&self.0.rate_limit).granted(&caller, now, grant.calls, grant.retry_after);
        match grant.calls {
            0 => Err(rate_limited(grant.retry_after)),
            _ => Ok(()),
        }
    }

    /// Revocations heard from any replica, for open streams to end on.
    pub fn revocations(&self) -> tokio::sync::broadcast::Receiver<String> {
        self.0.revoked_keys.subscribe()
    }
}

fn too_many_failures(wait: TimeDelta) -> super::Error {
    Error::throttled(
        Reason::TooManyFailedAuthentications,
        "too many failed authentications from this address; retry later",
        wait,
    )
    .into()
}

fn rate_limited(wait: TimeDelta) -> super::Error {
    Error::throttled(
        Reason::RateLimited,
        "this caller made too many calls in the last minute; retry later",
        wait,
    )
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::tenant::Tenant;

    fn principal(key: &str) -> Principal {
        let tenant = Tenant {
            organization_id: "org_x".into(),
            environment: Environment::Sandbox,
        };
        Principal::api_key(tenant, key, "billing")
    }

    #[test]
    fn the_cache_is_trusted_only_while_revocations_are_heard() {
        let cache = KeyCache::default();
        cache.put(b"d".to_vec(), principal("key_a"), cache.epoch());
        assert_eq!(cache.get(b"d"), None, "not listening: nothing is cached");
        cache.listening(true);
        cache.put(b"d".to_vec(), principal("key_a"), cache.epoch());
        assert_eq!(cache.get(b"d"), Some(principal("key_a")));
        cache.listening(false);
        assert_eq!(cache.get(b"d"), None, "a lost listener empties the cache");
    }

    #[test]
    fn a_revocation_empties_the_key_and_beats_a_lookup_that_raced_it() {
        let cache = KeyCache::default();
        cache.listening(true);
        cache.put(b"d".to_vec(), principal("key_a"), cache.epoch());
        let seen = cache.epoch();
        cache.revoke("key_a");
        assert_eq!(cache.get(b"d"), None);
        cache.put(b"d".to_vec(), principal("key_a"), seen);
        assert_eq!(
            cache.get(b"d"),
            None,
            "looked up before the revocation: not cached"
        );
    }
}
