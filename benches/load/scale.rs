//! The scale run's data: `--scale N` loads N inquiries, N links, their sessions and 10·N events
//! into a fresh service database by SQL (scale.sql: a few INSERT … SELECT over
//! generate_series), before its server starts; then vacuums, analyzes and checkpoints, so the
//! rows measured afterwards pay for neither the load nor its aftermath.

use std::time::Instant;

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};

type Error = Box<dyn std::error::Error>;

/// The tables the load writes, vacuumed and analyzed after it.
const TABLES: [&str; 4] = ["inquiries", "one_time_links", "inquiry_sessions", "events"];

/// Loads `inquiries` inquiries (and their links, sessions and events) into the database at
/// `url`, a tenth of them in the sandbox template `template`'s tenant; prints how long each
/// step took.
pub fn load(url: &str, template: &str, inquiries: u64) -> Result<(), Error> {
    let started = Instant::now();
    let mut conn = PgConnection::establish(url)?;
    conn.batch_execute(&format!(
        "SET session_replication_role = replica; SET bench.n = '{inquiries}'; \
         SET bench.template = '{}';",
        template.replace('\'', "''")
    ))?;
    eprintln!(
        "scale: loading {inquiries} inquiries and {} events",
        10 * inquiries
    );
    for step in include_str!("scale.sql").split("\n-- step: ").skip(1) {
        let (name, sql) = step.split_once('\n').unwrap_or((step, ""));
        let at = Instant::now();
        conn.transaction(|conn| conn.batch_execute(sql))?;
        eprintln!("scale: {name}: {:.1} s", at.elapsed().as_secs_f64());
    }
    let at = Instant::now();
    conn.batch_execute("RESET session_replication_role")?;
    for table in TABLES {
        conn.batch_execute(&format!("VACUUM (ANALYZE) {table}"))?;
    }
    conn.batch_execute("CHECKPOINT")?;
    eprintln!(
        "scale: vacuum, analyze and checkpoint: {:.1} s",
        at.elapsed().as_secs_f64()
    );
    println!(
        "scale: loaded {inquiries} inquiries and {} events in {:.0} s",
        10 * inquiries,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
