//! PostgreSQL through diesel and r2d2: the only place that writes SQL.
//!
//! Diesel is synchronous, so every database call runs on tokio's blocking pool behind a
//! semaphore sized to the connection pool; a short checkout timeout turns an unreachable
//! database into `Unavailable` instead of a hang.

pub mod events;
pub mod export;
pub mod idempotency;
pub mod inquiries;
pub mod links;
pub mod listen;

pub mod migrate;
pub mod models;
pub mod schema;
pub mod sessions;
pub mod snapshot;
pub mod templates;
pub mod tenancy;
pub mod webhooks;

use std::sync::Arc;
use std::time::Duration;

use diesel::pg::PgConnection;
use diesel::r2d2::{ConnectionManager, Pool};
use diesel::Connection;
use tokio::sync::Semaphore;

use crate::domain;

pub type PgPool = Pool<ConnectionManager<PgConnection>>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Domain(#[from] domain::Error),
    /// The database cannot be reached right now; the client may retry.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// A bug or an unexpected database answer; logged, never shown to clients.
    #[error("internal error: {0}")]
    Internal(String),
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
    /// How long a request waits for a connection before it is answered `UNAVAILABLE`.
    pub checkout_timeout: Duration,
}

/// A cloneable handle on the connection pool.
#[derive(Clone)]
pub struct Store {
    pool: PgPool,
    permits: Arc<Semaphore>,
    database_url: Arc<str>,
}

impl Store {
    /// Builds the pool without connecting: the server starts (and reports NOT_SERVING)
    /// even while the database is down.
    pub fn new(config: &StoreConfig) -> Self {
        let manager =
            ConnectionManager::<PgConnection>::new(with_connect_timeout(&config.database_url));
        let pool = Pool::builder()
            .max_size(config.pool_size)
            .min_idle(Some(0))
            .connection_timeout(config.checkout_timeout)
            .test_on_check_out(true)
            .build_unchecked(manager);
        Store {
            pool,
            permits: Arc::new(Semaphore::new(config.pool_size as usize)),
            database_url: Arc::from(with_connect_timeout(&config.database_url)),
        }
    }

    /// Runs `f` with a pooled connection on the blocking pool.
    pub async fn run<T, F>(&self, f: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut PgConnection) -> StoreResult<T> + Send + 'static,
    {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| StoreError::Unavailable("store is shutting down".into()))?;
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get()?;
            f(&mut conn)
        })
        .await
        .map_err(|e| StoreError::Internal(format!("database task failed: {e}")))?
    }

    /// Runs `f` inside one transaction: a state change and its events commit together.
    pub async fn transaction<T, F>(&self, f: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut PgConnection) -> StoreResult<T> + Send + 'static,
    {
        self.run(move |conn| conn.transaction(f)).await
    }

    /// For the few connections that live outside the pool (LISTEN).
    pub fn database_url(&self) -> &str {
        &self.database_url
    }

    /// Whether the database answers a trivial query right now.
    pub async fn ping(&self) -> bool {
        use diesel::RunQueryDsl;
        self.run(|conn| {
            diesel::sql_query("SELECT 1").execute(conn)?;
            Ok(())
        })
        .await
        .is_ok()
    }
}

/// libpq waits forever for a black-holed host unless told otherwise.
fn with_connect_timeout(url: &str) -> String {
    if url.contains("connect_timeout=") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&connect_timeout=3")
    } else {
        format!("{url}?connect_timeout=3")
    }
}

/// Loads one newest-first page of a boxed query on `$table` (ordered by create_time, id),
/// returning the rows and the next page token. `$pat => $row` picks the row out of an item.
macro_rules! load_page {
    ($conn:expr, $query:ident, $table:ident, $page:expr, $item:ty, $pat:pat => $row:expr) => {{
        if let Some(cursor) = &$page.after {
            $query = $query.filter(
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
        Ok($page.finish(rows, |item: &$item| {
            let $pat = item;
            $crate::domain::paging::Cursor {
                create_time: $row.create_time,
                id: $row.id.clone(),
            }
        }))
    }};
}
pub(crate) use load_page;
