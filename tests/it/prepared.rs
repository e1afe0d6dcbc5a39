//! The write path's statements are prepared once per connection, not parsed and planned on every
//! call — here ones diesel itself would never keep (an `UPDATE`, `sql_query` text), run for
//! their rows and for their effect — and stay usable when a migration adds a column while they are prepared (a rolling
//! upgrade: a newer replica migrates while older ones serve).

use chrono::{TimeDelta, Utc};
use diesel::sql_types::Text;
use diesel::{PgConnection, QueryableByName, RunQueryDsl};
use verilink::domain::access::LinkStatus;
use verilink::store::{budgets, links};

use crate::common::TestDb;

#[derive(QueryableByName)]
struct Prepared {
    #[diesel(sql_type = Text)]
    statement: String,
}

/// The statements prepared on this connection.
fn prepared(conn: &mut PgConnection) -> Vec<String> {
    diesel::sql_query("SELECT statement FROM pg_prepared_statements ORDER BY statement")
        .load::<Prepared>(conn)
        .expect("read pg_prepared_statements")
        .into_iter()
        .map(|p| p.statement)
        .collect()
}

fn lease(conn: &mut PgConnection) {
    let ask = budgets::Ask {
        slice: 5,
        limit: 100,
        window: TimeDelta::minutes(1),
        now: Utc::now(),
    };
    assert_eq!(budgets::lease(conn, "key_prepared", ask).unwrap().calls, 5);
}

#[test]
fn writes_are_prepared_once_per_connection() {
    let db = TestDb::new();
    let mut conn = db.connect();
    links::end_pending(&mut conn, "inq_none", LinkStatus::Revoked, Utc::now()).unwrap();
    lease(&mut conn);
    let first = prepared(&mut conn);
    for wanted in [
        "UPDATE one_time_links SET",
        "SELECT pg_advisory_xact_lock(hashtextextended('calls '",
        "INSERT INTO \"call_grants\"",
    ] {
        assert!(
            first.iter().any(|s| s.starts_with(wanted)),
            "{wanted} is not prepared: {first:#?}"
        );
    }

    links::end_pending(&mut conn, "inq_none", LinkStatus::Revoked, Utc::now()).unwrap();
    lease(&mut conn);
    assert_eq!(
        prepared(&mut conn),
        first,
        "a second call prepares nothing new"
    );
}

#[test]
fn a_column_added_while_prepared_changes_nothing() {
    let db = TestDb::new();
    let mut conn = db.connect();
    links::end_pending(&mut conn, "inq_none", LinkStatus::Revoked, Utc::now()).unwrap();
    diesel::sql_query("ALTER TABLE one_time_links ADD COLUMN added_later integer")
        .execute(&mut db.connect())
        .unwrap();
    let ended = links::end_pending(&mut conn, "inq_none", LinkStatus::Revoked, Utc::now());
    assert!(ended.is_ok(), "{ended:?}");
}
