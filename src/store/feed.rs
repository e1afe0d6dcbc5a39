//! The change feed: how a replica learns what committed on any replica — events (to wake the
//! watchers of their inquiries), revoked API keys, changed templates and webhooks (to drop
//! them from its caches) — with nothing added to any write transaction. Every change already
//! writes its events; each replica follows the `events` table by `seq` from a thread of its
//! own, with one indexed query per tick on a connection outside the pool: every
//! [`TICK`], and at once (at most every [`SPACING`]) after a commit on this replica.
//!
//! `seq` comes from a sequence, so a transaction that took a smaller `seq` may commit after
//! one that took a larger: the follower remembers every `seq` it skipped (a hole) and asks for
//! it again on every tick until it appears or [`HOLE_TTL`] has passed (it was rolled back —
//! or its transaction ran that long, which the server's own never do: then caches are cleared,
//! as after any break in the feed).

use std::collections::BTreeMap;
use std::sync::{Arc, Condvar, Mutex, PoisonError, Weak};
use std::time::{Duration, Instant};

use diesel::pg::PgConnection;
use diesel::sql_types::{Array, BigInt, Nullable, Text};
use diesel::{Connection, QueryableByName, RunQueryDsl};

use super::prepared::prepared;
use crate::domain::tenant::Environment;

/// How often the feed is read when nothing committed on this replica.
pub const TICK: Duration = Duration::from_millis(100);
/// The least time between two reads, however often this replica commits.
const SPACING: Duration = Duration::from_millis(10);
/// How many events one read takes at most; a replica that is behind reads again at once.
const BATCH: i64 = 5_000;
/// How long a skipped `seq` is waited for.
const HOLE_TTL: Duration = Duration::from_secs(30);
/// A jump larger than this (a restored database) is not waited for hole by hole.
const MAX_HOLES: i64 = 100_000;
const RECONNECT: Duration = Duration::from_secs(1);

/// One committed event: as much of it as a replica needs to react.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct Change {
    #[diesel(sql_type = BigInt)]
    pub seq: i64,
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub inquiry_id: Option<String>,
    #[diesel(sql_type = Text)]
    pub organization_id: String,
    #[diesel(sql_type = Text)]
    pub environment: Environment,
    /// A configuration event's resource (the key, template or webhook ID).
    #[diesel(sql_type = Nullable<Text>)]
    pub subject: Option<String>,
}

/// What the follower tells the replica.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// The feed is read again (at start, or after a break): every change from now on is told,
    /// but some before may have been missed, so caches start empty.
    Following,
    /// The feed cannot be read (the database is away), or a change may have been missed:
    /// caches are not to be trusted until `Following`.
    Behind,
    /// A change committed.
    Changed(Change),
}

/// Wakes the follower before its tick: something committed on this replica.
#[derive(Debug, Default, Clone)]
pub struct Commits(Arc<(Mutex<bool>, Condvar)>);

impl Commits {
    pub fn committed(&self) {
        let (pending, wake) = &*self.0;
        *pending.lock().unwrap_or_else(PoisonError::into_inner) = true;
        wake.notify_one();
    }

    /// Waits for a commit or for `timeout`, whichever comes first.
    fn wait(&self, timeout: Duration) {
        let (pending, wake) = &*self.0;
        let guard = pending.lock().unwrap_or_else(PoisonError::into_inner);
        let (mut guard, _) = wake
            .wait_timeout_while(guard, timeout, |pending| !*pending)
            .unwrap_or_else(PoisonError::into_inner);
        *guard = false;
    }
}

/// Where the follower is: the last `seq` read, and the smaller ones still missing.
#[derive(Debug, Default)]
struct Cursor {
    last: Option<i64>,
    holes: BTreeMap<i64, Instant>,
}

impl Cursor {
    /// Takes in the changes read (in `seq` order); `false` if one may have been missed.
    fn advance(&mut self, changes: &[Change], now: Instant) -> bool {
        let mut intact = true;
        for change in changes {
            if self.holes.remove(&change.seq).is_some() {
                continue;
            }
            let last = self.last.unwrap_or(change.seq - 1);
            if change.seq - last > MAX_HOLES {
                intact = false;
            } else {
                self.holes
                    .extend((last + 1..change.seq).map(|seq| (seq, now)));
            }
            self.last = Some(last.max(change.seq));
        }
        let before = self.holes.len();
        self.holes
            .retain(|_, since| now.duration_since(*since) < HOLE_TTL);
        intact && self.holes.len() == before
    }
}

/// Follows the feed, telling `deliver` every notice, until `alive` can no longer be upgraded
/// (the server that started it is gone) or `deliver` answers false (it is draining).
pub fn spawn_follower<T: Send + Sync + 'static>(
    database_url: String,
    commits: Commits,
    alive: Weak<T>,
    deliver: impl Fn(Notice) -> bool + Send + 'static,
) {
    let spawned = std::thread::Builder::new()
        .name("verilink-feed".into())
        .spawn(move || {
            let mut cursor = Cursor::default();
            while alive.upgrade().is_some() {
                let result = follow(&database_url, &commits, &mut cursor, &alive, &deliver);
                if !deliver(Notice::Behind) {
                    return;
                }
                match result {
                    Ok(()) => return,
                    Err(err) => {
                        tracing::debug!(%err, "the change feed lost its connection; reconnecting");
                        std::thread::sleep(RECONNECT);
                    }
                }
            }
        });
    if let Err(err) = spawned {
        tracing::error!(%err, "cannot follow the change feed; watchers fall back to polling");
    }
}

/// Reads the feed until the server is gone (`Ok`) or the connection fails.
fn follow<T>(
    database_url: &str,
    commits: &Commits,
    cursor: &mut Cursor,
    alive: &Weak<T>,
    deliver: &impl Fn(Notice) -> bool,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let mut conn = PgConnection::establish(database_url)?;
    if cursor.last.is_none() {
        cursor.last = Some(newest(&mut conn)?);
    }
    let mut following = false;
    while alive.upgrade().is_some() {
        let after = cursor.last.unwrap_or(0);
        let holes: Vec<i64> = cursor.holes.keys().copied().collect();
        let changes = read(&mut conn, after, &holes)?;
        // A full batch: more are waiting, read them at once.
        let behind = changes.iter().filter(|c| c.seq > after).count() as i64 >= BATCH;
        let intact = cursor.advance(&changes, Instant::now());
        if !following || !intact {
            if following && !deliver(Notice::Behind) {
                return Ok(());
            }
            following = true;
            if !deliver(Notice::Following) {
                return Ok(());
            }
        }
        for change in &changes {
            if !deliver(Notice::Changed(change.clone())) {
                return Ok(());
            }
        }
        if !behind {
            commits.wait(TICK);
        }
        std::thread::sleep(SPACING);
    }
    Ok(())
}

/// The newest `seq`: where a replica starts following.
fn newest(conn: &mut PgConnection) -> diesel::QueryResult<i64> {
    #[derive(QueryableByName)]
    struct Newest {
        #[diesel(sql_type = BigInt)]
        seq: i64,
    }
    diesel::sql_query("SELECT coalesce(max(seq), 0) AS seq FROM events")
        .get_result::<Newest>(conn)
        .map(|newest| newest.seq)
}

/// The events after `after`, and the missing ones among `holes`, in `seq` order: two index
/// scans of the primary key (the second only while a `seq` is missing).
fn read(conn: &mut PgConnection, after: i64, holes: &[i64]) -> diesel::QueryResult<Vec<Change>> {
    const COLUMNS: &str = "SELECT seq, name, inquiry_id, organization_id, environment, \
        CASE WHEN inquiry_id IS NULL THEN data ->> 'id' END AS subject FROM events";
    if holes.is_empty() {
        return prepared(
            diesel::sql_query(format!("{COLUMNS} WHERE seq > $1 ORDER BY seq LIMIT $2"))
                .bind::<BigInt, _>(after)
                .bind::<BigInt, _>(BATCH),
        )
        .load(conn);
    }
    prepared(
        diesel::sql_query(format!(
            "({COLUMNS} WHERE seq > $1 ORDER BY seq LIMIT $2) \
             UNION ALL ({COLUMNS} WHERE seq = ANY($3)) ORDER BY seq"
        ))
        .bind::<BigInt, _>(after)
        .bind::<BigInt, _>(BATCH)
        .bind::<Array<BigInt>, _>(holes),
    )
    .load(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(seq: i64) -> Change {
        Change {
            seq,
            name: "inquiry.created".into(),
            inquiry_id: Some("inq_x".into()),
            organization_id: "org_x".into(),
            environment: Environment::Sandbox,
            subject: None,
        }
    }

    #[test]
    fn a_skipped_seq_is_waited_for_until_it_commits() {
        let now = Instant::now();
        let mut cursor = Cursor {
            last: Some(10),
            ..Cursor::default()
        };
        assert!(cursor.advance(&[change(11), change(14)], now));
        assert_eq!(cursor.holes.keys().copied().collect::<Vec<_>>(), [12, 13]);
        assert_eq!(cursor.last, Some(14));
        assert!(cursor.advance(&[change(13), change(15)], now));
        assert_eq!(cursor.holes.keys().copied().collect::<Vec<_>>(), [12]);
        assert_eq!(cursor.last, Some(15));
    }

    #[test]
    fn a_hole_given_up_on_says_a_change_may_be_missed() {
        let now = Instant::now();
        let mut cursor = Cursor {
            last: Some(1),
            ..Cursor::default()
        };
        assert!(cursor.advance(&[change(3)], now));
        assert!(cursor.advance(&[], now + HOLE_TTL / 2));
        assert!(!cursor.advance(&[], now + HOLE_TTL));
        assert!(cursor.holes.is_empty());
    }

    #[test]
    fn a_jump_is_not_waited_for_hole_by_hole() {
        let mut cursor = Cursor {
            last: Some(1),
            ..Cursor::default()
        };
        assert!(!cursor.advance(&[change(2 + MAX_HOLES)], Instant::now()));
        assert!(cursor.holes.is_empty());
        assert_eq!(cursor.last, Some(2 + MAX_HOLES));
    }
}
