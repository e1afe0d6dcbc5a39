//! The minimal floor: pgbench running the least work any one-time-link service must do for a
//! call (benches/minimal/<scenario>.sql; why each statement is there and nothing more:
//! benches/minimal/README.md) on a minimal schema (benches/minimal/schema.sql) in a database of
//! its own, with as many clients as calls in flight and for as long as the service's row
//! (RedeemOneTimeLink: as many redemptions as the service's row makes at most, since each
//! consumes a link seeded for it).

use diesel::connection::SimpleConnection;
use diesel::sql_types::BigInt;
use diesel::{Connection, PgConnection, RunQueryDsl};

use crate::pgbench::{self, Bound, MAX_CLIENTS};
use crate::scenarios::{Limits, Scenario};
use crate::server;

type Error = Box<dyn std::error::Error>;

/// The tenant every minimal script works in, and the actor its events name.
const TENANT: &str = "org_bench";
const ACTOR: &str = "key_bench";

/// The minimal schema's database, seeded.
pub struct Minimal {
    admin_url: String,
    database: String,
    url: String,
}

#[derive(diesel::QueryableByName)]
struct Last {
    #[diesel(sql_type = BigInt)]
    inquiry: i64,
    #[diesel(sql_type = BigInt)]
    link: i64,
}

impl Minimal {
    /// Creates the database and its schema, with as many inquiries as the service's read and
    /// link rows spread over (ids 1 to that many), each with a pending link.
    pub fn create(admin_url: &str, limits: Limits) -> Result<Self, Error> {
        let database = server::create_database(admin_url, "_minimal")?;
        let minimal = Minimal {
            admin_url: admin_url.to_owned(),
            url: server::with_database(admin_url, &database),
            database,
        };
        let mut conn = minimal.connect()?;
        conn.batch_execute(include_str!("../minimal/schema.sql"))?;
        minimal.seed(&mut conn, limits.inquiries(), "seed-")?;
        Ok(minimal)
    }

    fn connect(&self) -> Result<PgConnection, Error> {
        Ok(PgConnection::establish(&self.url)?)
    }

    /// Adds `count` inquiries, each with a pending link, numbered after the last ones; link
    /// n's code digest is sha256(`code_prefix` ‖ n). Answers the last link number before them.
    fn seed(&self, conn: &mut PgConnection, count: usize, code_prefix: &str) -> Result<i64, Error> {
        let last: Last = diesel::sql_query(
            "SELECT (SELECT coalesce(max(id), 0) FROM inquiries) AS inquiry, \
                    (SELECT coalesce(max(id), 0) FROM links) AS link",
        )
        .get_result(conn)?;
        diesel::sql_query(
            "INSERT INTO inquiries (id, tenant_id, status, reference_id, expires_at, create_time, \
                 update_time) \
             SELECT $1 + g, $3, 'created', 'bench', now() + interval '1 day', now(), now() \
             FROM generate_series(1, $2) AS g",
        )
        .bind::<BigInt, _>(last.inquiry)
        .bind::<BigInt, _>(count as i64)
        .bind::<diesel::sql_types::Text, _>(TENANT)
        .execute(conn)?;
        diesel::sql_query(
            "INSERT INTO links (id, inquiry_id, status, code_hash, expires_at, create_time) \
             SELECT $1 + g, $2 + g, 'pending', sha256(($4 || ($1 + g))::bytea), \
                 now() + interval '1 day', now() \
             FROM generate_series(1, $3) AS g",
        )
        .bind::<BigInt, _>(last.link)
        .bind::<BigInt, _>(last.inquiry)
        .bind::<BigInt, _>(count as i64)
        .bind::<diesel::sql_types::Text, _>(code_prefix)
        .execute(conn)?;
        conn.batch_execute(
            "SELECT setval(pg_get_serial_sequence('inquiries', 'id'), max(id)) FROM inquiries; \
             SELECT setval(pg_get_serial_sequence('links', 'id'), max(id)) FROM links; \
             ANALYZE inquiries; ANALYZE links;",
        )?;
        Ok(last.link)
    }

    /// Transactions per second of the scenario's minimal work at `in_flight` clients (at most
    /// [`MAX_CLIENTS`]); `None` for a scenario without one (ListInquiries).
    pub fn floor(
        &self,
        scenario: Scenario,
        in_flight: usize,
        limits: Limits,
    ) -> Result<Option<f64>, Error> {
        let clients = in_flight.min(MAX_CLIENTS);
        let mut defines = vec![
            ("tenant", TENANT.to_owned()),
            ("actor", ACTOR.to_owned()),
            ("rows", limits.inquiries().to_string()),
        ];
        let bound = match scenario {
            Scenario::List => return Ok(None),
            Scenario::Create | Scenario::Get | Scenario::Generate => {
                Bound::Seconds(limits.duration.as_secs())
            }
            Scenario::Redeem => {
                // Each client redeems links of its own: base + client × per_client + 1, + 2, …
                let per_client = limits.redemptions().max(1).div_ceil(clients);
                let base = self.seed(&mut self.connect()?, clients * per_client, "")?;
                defines.extend([
                    ("i", "0".to_owned()),
                    ("base", base.to_string()),
                    ("per_client", per_client.to_string()),
                ]);
                Bound::TransactionsPerClient(per_client)
            }
        };
        pgbench::run(
            &self.url,
            &pgbench::script("minimal", scenario),
            clients,
            bound,
            &defines,
        )
        .map(Some)
    }

    pub fn drop(self) {
        server::drop_database(&self.admin_url, &self.database);
    }
}
