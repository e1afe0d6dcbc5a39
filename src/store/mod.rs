//! PostgreSQL through diesel and r2d2: the only place that writes SQL. Repositories persist
//! and load the domain's objects; the use cases in `app` decide what to write.
//!
//! Diesel is synchronous, so every database call runs on tokio's blocking pool behind a
//! semaphore sized to the connection pool. The wait for a permit is bounded (overload is
//! answered, not queued forever), a checkout runs no test query, and a connection that turns
//! out to be broken is discarded and the call retried once on another.

pub mod budgets;
pub mod emails;
pub mod enums;
pub mod events;
pub mod feed;
pub mod guesses;
pub mod idempotency;
pub mod inquiries;
pub mod keys;
pub mod links;
pub mod migrate;
pub mod models;
pub mod operators;
pub mod prepared;
pub mod schema;
pub mod sessions;
pub mod templates;
pub mod tenancy;
pub mod webhooks;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use diesel::pg::PgConnection;
use diesel::r2d2::{ConnectionManager, ManageConnection, Pool};
use diesel::Connection;
use tokio::sync::Semaphore;

use crate::domain;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Domain(#[from] domain::Error),
    /// The database cannot be reached right now; the client may retry.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// The connection was lost while the transaction committed: it may or may not have
    /// committed. Only a retry with the same idempotency key is safe.
    #[error("database connection lost while committing: {0}")]
    CommitUnknown(String),
    /// Every connection is busy and the call waited as long as it may; retry after a while.
    #[error("database busy: every connection has been in use for {0:?}")]
    Busy(Duration),
    /// A bug or an unexpected database answer; logged, never shown to clients.
    #[error("internal error: {0}")]
    Internal(String),
}

impl StoreError {
    fn is_connection_lost(&self) -> bool {
        matches!(self, StoreError::Unavailable(_))
    }
}

impl From<diesel::result::Error> for StoreError {
    fn from(err: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind as Kind, Error as E};
        match err {
            E::DatabaseError(Kind::ClosedConnection | Kind::UnableToSendCommand, info) => {
                StoreError::Unavailable(info.message().to_owned())
            }
            other => StoreError::Internal(other.to_string()),
        }
    }
}

impl From<diesel::r2d2::PoolError> for StoreError {
    fn from(err: diesel::r2d2::PoolError) -> Self {
        StoreError::Unavailable(err.to_string())
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

#[derive(Debug, Clone)]
pub struct StoreConfig {
    pub database_url: String,
    pub pool_size: u32,
    /// How long a call waits for a free connection before it is answered `UNAVAILABLE`.
    pub queue_timeout: Duration,
}

/// A pooled connection that remembers whether a call found it broken, so the pool drops it.
pub struct Tracked {
    conn: PgConnection,
    broken: bool,
}

/// r2d2's manager for [`Tracked`] connections: diesel's, plus the broken flag.
#[derive(Debug)]
struct Manager(ConnectionManager<PgConnection>);

impl ManageConnection for Manager {
    type Connection = Tracked;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<Tracked, Self::Error> {
        Ok(Tracked {
            conn: self.0.connect()?,
            broken: false,
        })
    }

    fn is_valid(&self, tracked: &mut Tracked) -> Result<(), Self::Error> {
        self.0.is_valid(&mut tracked.conn)
    }

    fn has_broken(&self, tracked: &mut Tracked) -> bool {
        tracked.broken || self.0.has_broken(&mut tracked.conn)
    }
}

/// A cloneable handle on the connection pool.
#[derive(Clone)]
pub struct Store {
    pool: Pool<Manager>,
    permits: Arc<Semaphore>,
    queue_timeout: Duration,
    database_url: Arc<str>,
    pool_size: u32,
    waits: Arc<WaitCounters>,
    /// Told when a call loses its connection, so health need not wait for its next probe.
    lost: Arc<tokio::sync::Notify>,
    /// Told when a transaction commits, so the change feed is read without waiting its tick.
    commits: feed::Commits,
}

/// How often calls had to wait for a connection (for metrics).
#[derive(Debug, Default)]
struct WaitCounters {
    waiting: AtomicU64,
    waits: AtomicU64,
    timeouts: AtomicU64,
}

/// The pool right now, and how often calls waited for it since the start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStats {
    pub max: u32,
    pub in_use: u32,
    pub idle: u32,
    /// Calls waiting for a connection now.
    pub waiting: u64,
    /// Calls that found every connection busy and waited.
    pub waits: u64,
    /// Waits that gave up (the call was answered `DATABASE_BUSY`).
    pub wait_timeouts: u64,
}

/// Counts a call as waiting while it lives.
struct Waiting<'a>(&'a WaitCounters);

impl<'a> Waiting<'a> {
    fn new(counters: &'a WaitCounters) -> Self {
        counters.waits.fetch_add(1, Ordering::Relaxed);
        counters.waiting.fetch_add(1, Ordering::Relaxed);
        Waiting(counters)
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.waiting.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Store {
    /// Builds the pool without connecting: the server starts (and reports NOT_SERVING)
    /// even while the database is down.
    pub fn new(config: &StoreConfig) -> Self {
        let url = with_connect_timeout(&config.database_url);
        let pool = Pool::builder()
            .max_size(config.pool_size)
            .min_idle(Some(0))
            // A call waits for a connection (being made) no longer than for a free one.
            .connection_timeout(config.queue_timeout.max(Duration::from_millis(1)))
            .test_on_check_out(false)
            .build_unchecked(Manager(ConnectionManager::new(url.clone())));
        Store {
            pool,
            permits: Arc::new(Semaphore::new(config.pool_size as usize)),
            queue_timeout: config.queue_timeout,
            database_url: Arc::from(url),
            pool_size: config.pool_size,
            waits: Arc::default(),
            lost: Arc::default(),
            commits: feed::Commits::default(),
        }
    }

    /// Runs `work` with a pooled connection on the blocking pool. `work` may run twice: when
    /// the first connection turns out to be broken it is discarded and `work` runs again on
    /// another, so it must be safe to repeat (a read).
    pub async fn run<T, F>(&self, work: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: Fn(&mut PgConnection) -> StoreResult<T> + Send + 'static,
    {
        self.on_connection(move |conn| (work(conn), true)).await
    }

    /// Runs `work` inside one transaction: a state change, its events and its idempotent
    /// response commit together or not at all. It is retried on another connection only when
    /// the connection was lost before the transaction began, never once it may have committed.
    pub async fn transaction<T, F>(&self, work: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: Fn(&mut PgConnection) -> StoreResult<T> + Send + 'static,
    {
        let result = self
            .on_connection(move |conn| {
                let (mut began, mut worked) = (false, false);
                let result = conn.transaction(|conn| {
                    began = true;
                    let result = work(conn);
                    worked = result.is_ok();
                    result
                });
                match result {
                    // The work was done, so it was the COMMIT that lost the connection.
                    Err(StoreError::Unavailable(detail)) if worked => {
                        (Err(StoreError::CommitUnknown(detail)), false)
                    }
                    result => (result, !began),
                }
            })
            .await;
        if result.is_ok() {
            self.commits.committed();
        }
        result
    }

    /// Waits (boundedly) for a permit, then runs `work` on the blocking pool. `work` answers
    /// its result and whether it may be repeated after losing its connection.
    async fn on_connection<T, F>(&self, work: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: Fn(&mut PgConnection) -> (StoreResult<T>, bool) + Send + 'static,
    {
        let permit = match self.permits.clone().try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => self.wait_for_permit().await?,
        };
        let pool = self.pool.clone();
        let result = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            match attempt(&pool, &work) {
                (Err(err), true) if err.is_connection_lost() => attempt(&pool, &work).0,
                (result, _) => result,
            }
        })
        .await
        .map_err(|e| StoreError::Internal(format!("database task failed: {e}")))?;
        if let Err(StoreError::Unavailable(_) | StoreError::CommitUnknown(_)) = &result {
            self.lost.notify_one();
        }
        result
    }

    /// Waits (boundedly, and counted) for a permit when none was free.
    async fn wait_for_permit(&self) -> StoreResult<tokio::sync::OwnedSemaphorePermit> {
        let _waiting = Waiting::new(&self.waits);
        let acquired =
            tokio::time::timeout(self.queue_timeout, self.permits.clone().acquire_owned()).await;
        let Ok(permit) = acquired else {
            self.waits.timeouts.fetch_add(1, Ordering::Relaxed);
            return Err(StoreError::Busy(self.queue_timeout));
        };
        permit.map_err(|_| StoreError::Unavailable("the store is shutting down".into()))
    }

    /// The pool right now (for metrics).
    pub fn pool_stats(&self) -> PoolStats {
        let state = self.pool.state();
        PoolStats {
            max: self.pool_size,
            in_use: state.connections.saturating_sub(state.idle_connections),
            idle: state.idle_connections,
            waiting: self.waits.waiting.load(Ordering::Relaxed),
            waits: self.waits.waits.load(Ordering::Relaxed),
            wait_timeouts: self.waits.timeouts.load(Ordering::Relaxed),
        }
    }

    /// This store for a call that must end by `deadline`: it waits for a connection no longer
    /// than the deadline leaves (nor than its own bound).
    pub fn until(&self, deadline: Option<std::time::Instant>) -> Store {
        let mut bounded = self.clone();
        if let Some(deadline) = deadline {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            bounded.queue_timeout = bounded.queue_timeout.min(left);
        }
        bounded
    }

    /// For the few connections that live outside the pool (the change feed's).
    pub fn database_url(&self) -> &str {
        &self.database_url
    }

    /// Told of every transaction this handle commits (it wakes the change feed's follower).
    pub fn commits(&self) -> feed::Commits {
        self.commits.clone()
    }

    /// Ends `conn`'s server process from a connection of its own and waits until it is gone,
    /// as a failover does to a connection in the middle of a transaction (crash tests only).
    #[cfg(debug_assertions)]
    pub fn terminate_backend_of(&self, conn: &mut PgConnection) -> StoreResult<()> {
        use diesel::RunQueryDsl;
        #[derive(diesel::QueryableByName)]
        struct Pid {
            #[diesel(sql_type = diesel::sql_types::Integer)]
            pid: i32,
        }
        let Pid { pid } =
            diesel::sql_query("SELECT pg_backend_pid() AS pid").get_result::<Pid>(conn)?;
        let mut other = PgConnection::establish(&self.database_url)
            .map_err(|e| StoreError::Unavailable(e.to_string()))?;
        diesel::sql_query("SELECT pg_terminate_backend($1, 5000)")
            .bind::<diesel::sql_types::Integer, _>(pid)
            .execute(&mut other)?;
        Ok(())
    }

    /// Connections in the pool, and calls that may use the database at once.
    pub fn pool_size(&self) -> u32 {
        self.pool_size
    }

    /// Whether the database answers a trivial query right now.
    /// Whether the database answers. Every connection busy counts as answering: the
    /// database is serving other calls, and an overloaded replica that reported otherwise
    /// would be taken out of service and push its load onto the others.
    pub async fn ping(&self) -> bool {
        use diesel::RunQueryDsl;
        let answer = self
            .run(|conn| {
                diesel::sql_query("SELECT 1").execute(conn)?;
                Ok(())
            })
            .await;
        matches!(answer, Ok(()) | Err(StoreError::Busy(_)))
    }

    /// Resolves when a call has lost its connection since the last time it resolved.
    pub async fn connection_lost(&self) {
        self.lost.notified().await;
    }
}

/// One try of `work` on a pooled connection; a connection found broken is marked so the pool
/// discards it instead of handing it to the next call.
fn attempt<T>(
    pool: &Pool<Manager>,
    work: &impl Fn(&mut PgConnection) -> (StoreResult<T>, bool),
) -> (StoreResult<T>, bool) {
    let mut tracked = match pool.get() {
        Ok(tracked) => tracked,
        Err(err) => return (Err(err.into()), false),
    };
    let (result, repeatable) = work(&mut tracked.conn);
    if matches!(&result, Err(err) if err.is_connection_lost()) {
        tracked.broken = true;
    }
    (result, repeatable)
}

/// libpq waits forever for a black-holed host unless told otherwise. `url` is a URI
/// (`postgres://…`, where settings follow a `?`) or libpq's `key=value` settings (separated by
/// spaces: `host=/var/run/postgresql dbname=verilink`).
fn with_connect_timeout(url: &str) -> String {
    if url.contains("connect_timeout=") {
        url.to_owned()
    } else if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        format!("{url} connect_timeout=3")
    } else if url.contains('?') {
        format!("{url}&connect_timeout=3")
    } else {
        format!("{url}?connect_timeout=3")
    }
}

/// Loads one newest-first page of a boxed query on `$table` (ordered by create_time, id):
/// evaluates to the rows and the next page token (a load error returns from the caller).
/// `$pat => $row` picks the row out of an item.
macro_rules! load_page {
    ($conn:expr, $query:ident, $table:ident, $page:expr, $item:ty, $pat:pat => $row:expr) => {{
        if let Some(cursor) = &$page.after {
            // The bound on create_time alone is implied by the OR, but only it lets an index
            // on (…, create_time, id) start the scan at the cursor instead of filtering every
            // newer row (a deep page of a large list: milliseconds instead of seconds).
            $query = $query
                .filter($table::create_time.le(cursor.create_time))
                .filter(
                    $table::create_time
                        .lt(cursor.create_time)
                        .or($table::create_time
                            .eq(cursor.create_time)
                            .and($table::id.lt(cursor.id.clone()))),
                );
        }
        let rows = $query
            .order(($table::create_time.desc(), $table::id.desc()))
            .limit($page.fetch_limit())
            .load::<$item>($conn)?;
        $page.finish(rows, |item: &$item| {
            let $pat = item;
            $crate::domain::paging::Cursor {
                create_time: $row.create_time,
                id: $row.id.clone(),
            }
        })
    }};
}
pub(crate) use load_page;
