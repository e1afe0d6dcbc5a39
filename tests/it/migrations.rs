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

/// Inquiries made before inquiries named their creator and reviewer get both from what was
/// known: the creating key (with its name) and the actor of a decision's event.
#[test]
fn older_inquiries_gain_their_creator_and_reviewer() {
    use diesel_migrations::MigrationHarness;
    let db = TestDb::empty();
    let mut conn = db.connect();
    migrate::run_pending(&mut conn).expect("up");
    // Back to before inquiries kept their actors (and whatever came after).
    while !conn
        .revert_last_migration(migrate::MIGRATIONS)
        .expect("revert")
        .to_string()
        .ends_with("000017")
    {}
    use diesel::connection::SimpleConnection;
    conn.batch_execute(
        "INSERT INTO organizations (id, name, create_time) \
             VALUES ('org_1', 'acme', now());
         INSERT INTO api_keys (id, organization_id, environment, display_prefix, secret_hash, \
             create_time, name) \
             VALUES ('key_1', 'org_1', 'sandbox', 'vlk_sandbox_AB', '\\x00', now(), 'backend');
         INSERT INTO inquiry_templates (id, organization_id, environment, name, \
             collected_fields, expire_after_create_secs, expire_after_start_secs, \
             expire_after_resume_secs, one_time_link_ttl_secs, session_ttl_secs, \
             max_sessions_per_inquiry, auto_approve, create_time, update_time) \
             VALUES ('itmpl_1', 'org_1', 'sandbox', 'KYC', '[]', 60, 60, 60, 60, 60, 5, false, \
             now(), now());",
    )
    .unwrap_or_else(|e| panic!("seed: {e}"));
    for (id, decided) in [("inq_1", true), ("inq_2", false)] {
        diesel::sql_query(format!(
            "INSERT INTO inquiries (id, organization_id, environment, inquiry_template_id, \
                 status, reference_id, note, tags, fields, creator, reviewer_comment, \
                 expire_after_create_secs, expire_after_start_secs, expire_after_resume_secs, \
                 one_time_link_ttl_secs, session_ttl_secs, max_sessions_per_inquiry, \
                 auto_approve, expires_at, create_time, update_time, decision_time) \
             VALUES ('{id}', 'org_1', 'sandbox', 'itmpl_1', '{status}', '', '', '{{}}', '{{}}', \
                 'key_1', '', 60, 60, 60, 60, 60, 5, false, now(), now(), now(), {time})",
            status = if decided { "approved" } else { "created" },
            time = if decided { "now()" } else { "NULL" },
        ))
        .execute(&mut conn)
        .unwrap_or_else(|e| panic!("inquiry: {e}"));
    }
    diesel::sql_query(
        "INSERT INTO events (id, organization_id, environment, inquiry_id, name, data, \
             create_time, actor_kind, actor_id, actor_name) \
         VALUES ('evt_1', 'org_1', 'sandbox', 'inq_1', 'inquiry.approved', '{}', now(), \
             'operator', 'sub-7', 'ops@acme.example')",
    )
    .execute(&mut conn)
    .expect("event");
    migrate::run_pending(&mut conn).expect("up again");

    #[derive(diesel::QueryableByName, Debug, PartialEq)]
    struct Actors {
        #[diesel(sql_type = diesel::sql_types::Text)]
        id: String,
        #[diesel(sql_type = diesel::sql_types::Text)]
        creator: String,
        #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
        reviewer: Option<String>,
    }
    let rows: Vec<Actors> = diesel::sql_query(
        "SELECT id, creator::text AS creator, reviewer::text AS reviewer \
         FROM inquiries ORDER BY id",
    )
    .load(&mut conn)
    .expect("read");
    let key = r#"{"id": "key_1", "kind": "api_key", "display_name": "backend"}"#;
    assert_eq!(
        rows,
        [
            Actors {
                id: "inq_1".into(),
                creator: key.into(),
                reviewer: Some(
                    r#"{"id": "sub-7", "kind": "operator", "display_name": "ops@acme.example"}"#
                        .into()
                ),
            },
            Actors {
                id: "inq_2".into(),
                creator: key.into(),
                reviewer: None,
            },
        ]
    );
}

/// Rolling upgrades run the old and the new binary side by side over one schema, so a
/// migration only adds (expand); what removes or changes what an older binary uses (contract)
/// ships a release after the code stopped using it, and says so: `-- contract: <why it is safe>`.
#[test]
fn a_migration_that_contracts_the_schema_says_why_it_is_safe() {
    let contracting = [
        "drop column",
        "drop table",
        "rename column",
        "rename to",
        "set not null",
        " type ",
        "drop constraint",
    ];
    let mut unsaid = Vec::new();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    for entry in std::fs::read_dir(&root).expect("migrations") {
        let up = entry.expect("entry").path().join("up.sql");
        let Ok(sql) = std::fs::read_to_string(&up) else {
            continue;
        };
        let statements: String = sql
            .lines()
            .filter(|line| !line.trim_start().starts_with("--"))
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        let contracts = contracting.iter().find(|c| statements.contains(*c));
        if let Some(what) = contracts {
            if !sql.lines().any(|line| line.starts_with("-- contract: ")) {
                unsaid.push(format!("{} ({what})", up.display()));
            }
        }
    }
    assert!(
        unsaid.is_empty(),
        "these migrations contract the schema without a `-- contract:` line: {unsaid:#?}"
    );
}
