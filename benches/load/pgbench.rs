//! The own-SQL floor: pgbench running, with the same concurrency and for the same time, the SQL
//! statements the service issues for one call (benches/sql/<scenario>.sql, written from the
//! statements PostgreSQL logs for the call), against the service's own schema and data; and
//! the pgbench runner the minimal floor (`minimal.rs`) shares.

use std::process::Command;

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection, RunQueryDsl};

use crate::scenarios::{Limits, Scenario};
use crate::server::Server;

type Error = Box<dyn std::error::Error>;

/// The scenario's pgbench script in `benches/<dir>/`.
pub fn script(dir: &str, scenario: Scenario) -> String {
    let name = match scenario {
        Scenario::Create => "create_inquiry",
        Scenario::Get => "get_inquiry",
        Scenario::List => "list_inquiries",
        Scenario::Generate => "generate_one_time_link",
        Scenario::Redeem => "redeem_one_time_link",
    };
    format!("{}/benches/{dir}/{name}.sql", env!("CARGO_MANIFEST_DIR"))
}

#[derive(diesel::QueryableByName)]
struct Numbered {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    rows: i64,
    #[diesel(sql_type = diesel::sql_types::Text)]
    first: String,
}

/// Numbers the scenario's rows so a script can pick one at random, as the service's load
/// does; returns how many there are and the oldest inquiry.
fn number_rows(server: &Server, scenario: Scenario) -> Result<Numbered, Error> {
    let mut conn = PgConnection::establish(&server.database_url)?;
    conn.batch_execute(
        "DROP TABLE IF EXISTS bench_inquiries, bench_links; \
         CREATE TABLE bench_inquiries AS \
             SELECT row_number() OVER (ORDER BY id)::int AS n, id FROM inquiries; \
         ALTER TABLE bench_inquiries ADD PRIMARY KEY (n); \
         CREATE TABLE bench_links AS \
             SELECT row_number() OVER (ORDER BY id)::int AS n, id, inquiry_id, code_hash \
             FROM one_time_links WHERE status <> 'pending'; \
         ALTER TABLE bench_links ADD PRIMARY KEY (n); \
         ANALYZE bench_inquiries; ANALYZE bench_links;",
    )?;
    let table = if scenario == Scenario::Redeem {
        "bench_links"
    } else {
        "bench_inquiries"
    };
    Ok(diesel::sql_query(format!(
        "SELECT count(*) AS rows, (SELECT id FROM inquiries ORDER BY create_time, id LIMIT 1) AS first \
         FROM {table}"
    ))
    .get_result(&mut conn)?)
}

/// The most connections the floor opens: with the server's pool beside it, more would pass
/// PostgreSQL's default `max_connections` (100). Deeper rows are measured at this many.
pub const MAX_CLIENTS: usize = 64;

/// How long pgbench runs: for a time, or a number of transactions per client.
#[derive(Debug, Clone, Copy)]
pub enum Bound {
    Seconds(u64),
    TransactionsPerClient(usize),
}

/// One pgbench run of `script` against `url`, every statement prepared once per connection:
/// the transactions per second it reached.
pub fn run(
    url: &str,
    script: &str,
    clients: usize,
    bound: Bound,
    defines: &[(&str, String)],
) -> Result<f64, Error> {
    let mut command = Command::new("pgbench");
    command
        .args(["--no-vacuum", "--protocol=prepared"])
        .arg(format!("--client={clients}"))
        .arg(format!("--jobs={}", clients.min(2)))
        .arg(match bound {
            Bound::Seconds(seconds) => format!("--time={}", seconds.max(1)),
            Bound::TransactionsPerClient(count) => format!("--transactions={}", count.max(1)),
        })
        .arg(format!("--file={script}"));
    for (name, value) in defines {
        command.arg(format!("--define={name}={value}"));
    }
    let output = command.arg(url).output()?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!(
            "pgbench {script} failed: {}{}",
            stdout,
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    stdout
        .lines()
        .find_map(|line| line.strip_prefix("tps = "))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|tps| tps.parse().ok())
        .ok_or_else(|| format!("no tps in pgbench's output: {stdout}").into())
}

/// Transactions per second pgbench reaches for the scenario's statements, with as many clients
/// as calls in flight (at most [`MAX_CLIENTS`]).
pub fn floor(
    server: &Server,
    scenario: Scenario,
    in_flight: usize,
    limits: Limits,
) -> Result<f64, Error> {
    let numbered = number_rows(server, scenario)?;
    // As the service sends them: every statement of a call prepared once per connection.
    run(
        &server.database_url,
        &script("sql", scenario),
        in_flight.min(MAX_CLIENTS),
        Bound::Seconds(limits.duration.as_secs()),
        &[
            ("rows", numbered.rows.max(1).to_string()),
            ("inquiry_id", numbered.first),
            ("organization_id", server.organization_id()?),
        ],
    )
}
