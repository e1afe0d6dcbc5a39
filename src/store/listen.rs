//! LISTEN for committed events, so a change made through any replica wakes the watchers on
//! every replica. Runs on a thread of its own with a connection outside the pool.

use std::sync::Weak;
use std::time::Duration;

use diesel::pg::PgConnection;
use diesel::{Connection, RunQueryDsl};
use tokio::sync::{broadcast, watch};

use super::events::CHANNEL;

/// How often the connection is checked for notifications (PQconsumeInput does not block).
const POLL: Duration = Duration::from_millis(50);
const RECONNECT: Duration = Duration::from_secs(1);

/// Whether the server that started the listener is gone or draining.
fn stopped(stop: &Weak<watch::Sender<bool>>) -> bool {
    stop.upgrade().is_none_or(|s| *s.borrow())
}

/// Forwards the inquiry ID of every committed event to `hub` until the server stops.
/// While the database is away it reconnects; watchers re-read from the database on every
/// wake-up and on a timer, so a missed notification delays an event but never loses it.
pub fn spawn_listener(
    database_url: String,
    hub: broadcast::Sender<String>,
    stop: Weak<watch::Sender<bool>>,
) {
    let spawned = std::thread::Builder::new()
        .name("verilink-listen".into())
        .spawn(move || {
            while !stopped(&stop) {
                if let Err(err) = listen(&database_url, &hub, &stop) {
                    tracing::debug!(%err, "event listener lost its connection; reconnecting");
                    std::thread::sleep(RECONNECT);
                }
            }
        });
    if let Err(err) = spawned {
        tracing::error!(%err, "cannot start the event listener; watchers fall back to polling");
    }
}

fn listen(
    database_url: &str,
    hub: &broadcast::Sender<String>,
    stop: &Weak<watch::Sender<bool>>,
) -> Result<(), diesel::result::Error> {
    let mut conn = PgConnection::establish(database_url)
        .map_err(|e| diesel::result::Error::QueryBuilderError(Box::new(e)))?;
    diesel::sql_query(format!("LISTEN {CHANNEL}")).execute(&mut conn)?;
    while !stopped(stop) {
        for notification in conn.notifications_iter() {
            let notification = notification?;
            if let Some((inquiry_id, _seq)) = notification.payload.split_once(':') {
                // No receiver is fine: nobody is watching.
                let _ = hub.send(inquiry_id.to_owned());
            }
        }
        std::thread::sleep(POLL);
    }
    Ok(())
}
