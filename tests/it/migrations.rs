use diesel::RunQueryDsl;
use verilink::store::migrate;

use crate::common::TestDb;

#[test]
fn every_migration_runs_up_down_and_up_again() {
    let db = TestDb::empty();
    let mut conn = db.connect();
    let up = migrate::run_pending(&mut conn).expect("up");
    assert!(up.len() >= 4, "{up:?}");
    let down = migrate::revert_all(&mut conn).expect("down");
    assert_eq!(down.len(), up.len());
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let left: Count = diesel::sql_query(
        "SELECT count(*) AS n FROM information_schema.tables \
         WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations'",
    )
    .get_result(&mut conn)
    .expect("count tables");
    assert_eq!(left.n, 0, "down.sql files leave no table behind");
    assert_eq!(migrate::run_pending(&mut conn).expect("up again"), up);
    assert!(migrate::run_pending(&mut conn)
        .expect("nothing pending")
        .is_empty());
}
