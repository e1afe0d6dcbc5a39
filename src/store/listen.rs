//! PostgreSQL LISTEN/NOTIFY between replicas: committed events (so a change made through any
//! replica wakes the watchers on every replica) and revoked API keys (so every replica drops
//! them from its cache and ends their streams within a second). The listener runs on a thread
//! of its own with a connection outside the pool.

use std::sync::Weak;
use std::time::Duration;

use diesel::pg::PgConnection;
use diesel::{Connection, RunQueryDsl};

use super::StoreResult;

/// Committed events are announced here as `<inquiry id>:<seq>`.
pub const EVENTS_CHANNEL: &str = "verilink_events";
/// Revoked API keys are announced here by their ID.
pub const KEYS_CHANNEL: &str = "verilink_keys";

/// How often the connection is checked for notifications (PQconsumeInput does not block).
const POLL: Duration = Duration::from_millis(50);
const RECONNECT: Duration = Duration::from_secs(1);

/// Sends a notification; PostgreSQL delivers it only when the transaction commits.
pub fn notify(conn: &mut PgConnection, channel: &str, payload: &str) -> StoreResult<()> {
    diesel::sql_query("SELECT pg_notify($1, $2)")
        .bind::<diesel::sql_types::Text, _>(channel)
        .bind::<diesel::sql_types::Text, _>(payload)
        .execute(conn)?;
    Ok(())
}

/// What the listener hears.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// The listener (re)connected: anything announced while it was away was missed.
    Connected,
    /// The listener lost its connection: nothing is heard until `Connected` again.
    Disconnected,
    /// An event of this inquiry committed.
    Event { inquiry_id: String },
    /// This API key was revoked.
    KeyRevoked { key_id: String },
}

/// Forwards every notice to `deliver` until `alive` can no longer be upgraded (the server that
/// started the listener is gone) or `deliver` answers false (it is draining). While the database
/// is away it reconnects every second.
pub fn spawn_listener<T: Send + Sync + 'static>(
    database_url: String,
    alive: Weak<T>,
    deliver: impl Fn(Notice) -> bool + Send + 'static,
) {
    let spawned = std::thread::Builder::new()
        .name("verilink-listen".into())
        .spawn(move || {
            while alive.upgrade().is_some() {
                let result = listen(&database_url, &alive, &deliver);
                if !deliver(Notice::Disconnected) {
                    return;
                }
                if let Err(err) = result {
                    tracing::debug!(%err, "listener lost its connection; reconnecting");
                    std::thread::sleep(RECONNECT);
                }
            }
        });
    if let Err(err) = spawned {
        tracing::error!(%err, "cannot start the listener; watchers fall back to polling");
    }
}

fn listen<T>(
    database_url: &str,
    alive: &Weak<T>,
    deliver: &impl Fn(Notice) -> bool,
) -> Result<(), diesel::result::Error> {
    let mut conn = PgConnection::establish(database_url)
        .map_err(|e| diesel::result::Error::QueryBuilderError(Box::new(e)))?;
    diesel::connection::SimpleConnection::batch_execute(
        &mut conn,
        &format!("LISTEN {EVENTS_CHANNEL}; LISTEN {KEYS_CHANNEL}"),
    )?;
    if !deliver(Notice::Connected) {
        return Ok(());
    }
    while alive.upgrade().is_some() {
        for notification in conn.notifications_iter() {
            let notification = notification?;
            let notice = match notification.channel.as_str() {
                KEYS_CHANNEL => Notice::KeyRevoked {
                    key_id: notification.payload,
                },
                _ => match notification.payload.split_once(':') {
                    Some((inquiry_id, _seq)) => Notice::Event {
                        inquiry_id: inquiry_id.to_owned(),
                    },
                    None => continue,
                },
            };
            if !deliver(notice) {
                return Ok(());
            }
        }
        std::thread::sleep(POLL);
    }
    Ok(())
}
