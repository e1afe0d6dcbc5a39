//! The use cases, one function per operation, shared by every transport (gRPC, the REST
//! gateway, the hosted pages, the Persona-compatible API). Each takes its input and the
//! caller, and returns domain results or an error. An input is built only by its constructor
//! here (`GetInquiry::new`, `ListInquiries::new(&InquiryQuery)`, …), from the values a caller
//! sent, which it checks, so every transport validates alike. This layer owns the transaction
//! boundary, authentication, idempotency (recorded in the work's own transaction), the
//! throttles, the hub that wakes watchers, and shutdown.

pub mod audit;
pub mod auth;
mod cache;
pub mod email;
pub mod inquiries;
pub mod inquiry_links;
pub mod links;
pub mod maintenance;
pub mod operators;
mod pipeline;
mod record;
pub mod redeem;
pub mod sessions;
pub mod templates;
pub mod tenancy;
pub mod watch;
pub mod webhooks;

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use diesel::PgConnection;
use tokio::sync::{broadcast, watch as signal};

pub use pipeline::{Admitted, Call, Command, Ctx, Query};

use crate::clock::SharedClock;
use crate::domain::actor::Actor;
use crate::domain::events::EventKind;
use crate::domain::template::Template;
use crate::domain::tenant::Tenant;
use crate::domain::throttle::{Leases, Refusals};
use crate::domain::webhook::Subscription;
use crate::store::feed::{spawn_follower, Change, Notice};
use crate::store::templates as template_store;
use crate::store::webhooks as webhook_store;
use crate::store::{Store, StoreError};
use cache::Cache;

/// Every failure of a use case: a domain error (the caller's to fix), or the store's.
pub type Error = StoreError;
pub type AppResult<T> = Result<T, Error>;

/// Settings of the use cases.
#[derive(Debug, Clone)]
pub struct Config {
    /// Base of link URLs: `<public_url>/verify?code=<code>`.
    pub public_url: String,
    /// Base of short links: `<short_url>/v/<short code>`.
    pub short_url: String,
    /// Unknown link codes allowed per end-user address and minute (all replicas together).
    pub redeem_guesses_per_minute: u32,
    /// Management calls allowed per caller (API key or operator) and minute, all replicas
    /// together.
    pub calls_per_key_per_minute: u32,
    /// Failed authentications allowed per client address and minute, all replicas together.
    pub auth_failures_per_minute: u32,
    /// The operator's keys that seal webhook signing secrets in the database.
    pub keyring: crate::domain::secrets::Keyring,
    /// Where webhooks (and other outbound requests) may go.
    pub outbound: crate::domain::webhook::OutboundPolicy,
    /// How long a WatchInquiry stream may stay open before the server ends it (the client
    /// resumes with `after_event_id`).
    pub stream_max_lifetime: Duration,
    /// Email delivery of links; `None` when the server has no SMTP (asking for an email is
    /// then `EMAIL_NOT_CONFIGURED`).
    pub email: Option<email::EmailConfig>,
    /// The operators' console: its URL and how long its sessions last.
    pub console: operators::ConsoleConfig,
}

/// The window of the budgets all replicas share: calls per caller, failed authentications
/// per address.
const BUDGET_WINDOW: TimeDelta = TimeDelta::minutes(1);
/// How long a template or a tenant's webhooks are cached at most, changes aside (which the
/// change feed tells every replica of within a tick).
const CONFIGURATION_TTL: Duration = Duration::from_secs(60);

/// Faults a test can inject into the next command of a name, to prove what survives a crash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The command's work and idempotency record are written, then the transaction fails.
    BeforeCommit,
    /// The transaction commits, then the response is lost on its way to the caller.
    AfterCommit,
    /// The command's work is done, then the database connection is lost: the COMMIT fails
    /// without the server knowing whether it took effect (here it did not).
    ConnectionLostAtCommit,
}

struct Inner {
    store: Store,
    clock: SharedClock,
    config: Config,
    keys: auth::KeyCache,
    /// Each tenant's enabled webhooks, so that recording events reads none.
    subscriptions: Cache<Tenant, Arc<[Subscription]>>,
    /// Templates, by tenant and ID, so that a change of an inquiry reads none.
    templates: Cache<(Tenant, String), Arc<Template>>,
    /// This replica's leases on the callers' shared call budgets.
    rate_limit: Mutex<Leases>,
    /// Addresses this replica has learned are over their shared failure budget.
    auth_failures: Mutex<Refusals>,
    /// Inquiry IDs of committed events, from the change feed.
    hub: broadcast::Sender<String>,
    /// The `seq` of the last change taken in from the feed.
    followed_to: std::sync::atomic::AtomicI64,
    /// IDs of API keys revoked on any replica.
    revoked_keys: broadcast::Sender<String>,
    shutdown: signal::Sender<bool>,
    /// A crash test's fault, waiting for its command (debug builds only: tests build them).
    #[cfg(debug_assertions)]
    fault: Mutex<Option<(&'static str, Fault)>>,
    /// The key page tokens are signed with, once read from the database.
    page_key: std::sync::OnceLock<Vec<u8>>,
}

/// What every transport shares: a cheap handle on the use cases and their state.
#[derive(Clone)]
pub struct App(Arc<Inner>);

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl App {
    pub fn new(store: Store, clock: SharedClock, config: Config) -> Self {
        App(Arc::new(Inner {
            rate_limit: Mutex::new(Leases::new(BUDGET_WINDOW)),
            auth_failures: Mutex::new(Refusals::default()),
            keys: auth::key_cache(),
            subscriptions: Cache::new(CONFIGURATION_TTL),
            templates: Cache::new(CONFIGURATION_TTL),
            hub: broadcast::channel(1024).0,
            followed_to: std::sync::atomic::AtomicI64::new(0),
            revoked_keys: broadcast::channel(64).0,
            shutdown: signal::channel(false).0,
            #[cfg(debug_assertions)]
            fault: Mutex::new(None),
            page_key: std::sync::OnceLock::new(),
            store,
            clock,
            config,
        }))
    }

    /// Follows what commits on every replica (this one included) until the server stops.
    pub fn follow_changes(&self) {
        let app = self.clone();
        spawn_follower(
            self.0.store.database_url().to_owned(),
            self.0.store.commits(),
            Arc::downgrade(&self.0),
            move |notice| app.hear(notice),
        );
    }

    /// Whether this replica follows the change feed now (only then does it cache API keys).
    pub fn is_following(&self) -> bool {
        self.0.keys.is_trusted()
    }

    /// The last change this replica has taken in (tests wait for another replica's).
    pub fn followed_to(&self) -> i64 {
        self.0.followed_to.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Handles one notice from the change feed; `false` once the server is draining.
    fn hear(&self, notice: Notice) -> bool {
        match notice {
            Notice::Following => self.trust_caches(true),
            Notice::Behind => self.trust_caches(false),
            Notice::Changed(change) => self.changed(change),
        }
        !*self.0.shutdown.borrow()
    }

    /// Trusts the caches (emptied) while the change feed is followed, or stops trusting them.
    fn trust_caches(&self, following: bool) {
        self.0.keys.trust(following);
        self.0.subscriptions.trust(following);
        self.0.templates.trust(following);
    }

    /// A template of the tenant: cached, or read on `conn` (and then cached).
    pub(crate) fn template(
        &self,
        conn: &mut PgConnection,
        tenant: &Tenant,
        id: &str,
    ) -> AppResult<Arc<Template>> {
        let (cache, key) = (&self.0.templates, (tenant.clone(), id.to_owned()));
        if let Some(cached) = cache.get(&key) {
            return Ok(cached);
        }
        let epoch = cache.epoch();
        let read = Arc::new(template_store::get(conn, tenant, id)?);
        cache.put(key, read.clone(), epoch);
        Ok(read)
    }

    /// Drops a template from this replica's cache (it changed).
    pub(crate) fn forget_template(&self, id: &str) {
        self.0.templates.forget(|(_, cached), _| cached == id);
    }

    /// The tenant's enabled webhooks: cached, or read on `conn` (and then cached).
    pub(crate) fn subscriptions(
        &self,
        conn: &mut PgConnection,
        tenant: &Tenant,
    ) -> AppResult<Arc<[Subscription]>> {
        let cache = &self.0.subscriptions;
        if let Some(cached) = cache.get(tenant) {
            return Ok(cached);
        }
        let epoch = cache.epoch();
        let read: Arc<[Subscription]> = webhook_store::subscriptions(conn, tenant)?.into();
        cache.put(tenant.clone(), read.clone(), epoch);
        Ok(read)
    }

    /// Drops the tenant's webhooks from this replica's cache (one of them changed).
    pub(crate) fn forget_subscriptions(&self, tenant: &Tenant) {
        self.0.subscriptions.forget(|cached, _| cached == tenant);
    }

    /// Wakes the inquiry's watchers, or drops a changed configuration from the caches.
    fn changed(&self, change: Change) {
        let kind = EventKind::parse(&change.name);
        if kind.is_some_and(EventKind::is_webhook_change) {
            self.forget_subscriptions(&Tenant {
                organization_id: change.organization_id,
                environment: change.environment,
            });
        }
        match (kind, change.inquiry_id, change.subject) {
            (Some(EventKind::TemplateUpdated | EventKind::TemplateArchived), _, Some(id)) => {
                self.forget_template(&id);
            }
            (Some(EventKind::ApiKeyRevoked), _, Some(key_id)) => {
                auth::revoke(&self.0.keys, &key_id);
                let _ = self.0.revoked_keys.send(key_id);
            }
            (Some(kind), Some(inquiry_id), _) if !kind.is_audit_only() => {
                // No receiver is fine: nobody is watching.
                let _ = self.0.hub.send(inquiry_id);
            }
            _ => {}
        }
        self.0
            .followed_to
            .fetch_max(change.seq, std::sync::atomic::Ordering::SeqCst);
    }

    pub fn store(&self) -> &Store {
        &self.0.store
    }

    pub fn config(&self) -> &Config {
        &self.0.config
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.0.clock.now()
    }

    pub fn clock(&self) -> SharedClock {
        self.0.clock.clone()
    }

    /// Tells streams and workers that the server is draining.
    pub fn begin_shutdown(&self) {
        self.0.shutdown.send_replace(true);
    }

    /// Resolves once shutdown has begun.
    pub fn shutting_down(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        let mut receiver = self.0.shutdown.subscribe();
        async move {
            let _ = receiver.wait_for(|down| *down).await;
        }
    }

    /// Runs `work` by `actor` in a transaction of its own, at the current time.
    pub(crate) async fn transact<T: Send + 'static>(
        &self,
        actor: Actor,
        work: impl Fn(&mut Ctx<'_>) -> AppResult<T> + Send + 'static,
    ) -> AppResult<T> {
        let (app, now) = (self.clone(), self.now());
        self.store()
            .transaction(move |conn| {
                work(&mut Ctx {
                    conn,
                    now,
                    app: &app,
                    actor: actor.clone(),
                })
            })
            .await
    }

    /// The key page tokens are signed with (read once, on `conn`).
    fn page_key(&self, conn: &mut diesel::PgConnection) -> AppResult<&[u8]> {
        if let Some(key) = self.0.page_key.get() {
            return Ok(key);
        }
        let key = crate::store::keys::page_tokens(conn)?;
        Ok(self.0.page_key.get_or_init(|| key))
    }

    /// Makes the next command named `command` fail as `fault` says (for crash tests; debug
    /// builds only, so no release binary carries the hook).
    #[cfg(debug_assertions)]
    pub fn inject_fault(&self, command: &'static str, fault: Fault) {
        *lock(&self.0.fault) = Some((command, fault));
    }

    /// Takes the injected fault if it is for `command` at `at`.
    #[cfg(debug_assertions)]
    fn taken(&self, command: &str, at: Fault) -> bool {
        let mut fault = lock(&self.0.fault);
        let taken = *fault == Some((command, at));
        if taken {
            *fault = None;
        }
        taken
    }

    /// Release builds inject nothing.
    #[cfg(not(debug_assertions))]
    fn taken(&self, _command: &str, _at: Fault) -> bool {
        false
    }

    /// Fails `command` if a fault was injected for it at `at`.
    fn take_fault(&self, command: &str, at: Fault) -> AppResult<()> {
        if self.taken(command, at) {
            return Err(StoreError::Internal(format!(
                "injected fault {at:?} in {command}"
            )));
        }
        Ok(())
    }

    /// Plays the fault injected for `command` just before its transaction commits: fails it
    /// ([`Fault::BeforeCommit`]) or ends its connection's backend from another connection, so
    /// the COMMIT finds the connection gone ([`Fault::ConnectionLostAtCommit`]).
    fn fault_before_commit(&self, command: &str, conn: &mut PgConnection) -> AppResult<()> {
        self.take_fault(command, Fault::BeforeCommit)?;
        if self.taken(command, Fault::ConnectionLostAtCommit) {
            #[cfg(debug_assertions)]
            self.store().terminate_backend_of(conn)?;
        }
        #[cfg(not(debug_assertions))]
        let _ = conn;
        Ok(())
    }
}
