//! Who is calling. API keys are looked up by digest, in the same blocking task and on the same
//! connection as the call's work, and then kept in a short-lived in-process cache. The cache is
//! trusted only while this replica follows the change feed: a key revoked on any replica is
//! dropped from every cache (and its streams ended) within a second, and while the feed cannot
//! be read the cache is bypassed.

use std::net::IpAddr;
use std::time::Duration;

use chrono::TimeDelta;

use super::cache::Cache;
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
pub type KeyCache = Cache<Vec<u8>, Principal>;

/// A new, empty cache of API keys.
pub fn key_cache() -> KeyCache {
    Cache::new(TTL)
}

/// Drops a revoked key from the cache.
pub fn revoke(cache: &KeyCache, key_id: &str) {
    cache.forget(|_, principal| principal.actor.id == key_id);
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
    fn a_revocation_drops_that_key_only() {
        let cache = key_cache();
        cache.trust(true);
        cache.put(b"a".to_vec(), principal("key_a"), cache.epoch());
        cache.put(b"b".to_vec(), principal("key_b"), cache.epoch());
        revoke(&cache, "key_a");
        assert_eq!(cache.get(&b"a".to_vec()), None);
        assert_eq!(cache.get(&b"b".to_vec()), Some(principal("key_b")));
    }
}
