//! The server under test: a fresh database, bootstrapped (and loaded, for the scale run), and
//! the release binary on loopback.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use diesel::{Connection, PgConnection, RunQueryDsl};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use verilink_client::VerilinkClient;

type Error = Box<dyn std::error::Error>;

pub struct Server {
    child: Child,
    pub addr: String,
    pub api_key: String,
    pub template: String,
    pub database_url: String,
    admin_url: String,
    database: String,
}

/// What the server process uses.
pub struct Usage {
    pub rss_mib: f64,
    pub cpu_seconds: f64,
}

/// `admin_url` naming `database` instead: a TCP URL (`postgres://u:p@host:port/db?…`) or a Unix
/// socket one (`postgres://u:p@/db?host=/var/run/postgresql`) alike.
pub fn with_database(admin_url: &str, database: &str) -> String {
    let (base, query) = admin_url
        .split_once('?')
        .map_or((admin_url, None), |(b, q)| (b, Some(q)));
    let prefix = &base[..base.rfind('/').unwrap_or(base.len())];
    match query {
        Some(q) => format!("{prefix}/{database}?{q}"),
        None => format!("{prefix}/{database}"),
    }
}

fn grab(output: &str, prefix: &str) -> Result<String, Error> {
    output
        .split_whitespace()
        .find(|w| w.starts_with(prefix))
        .map(str::to_owned)
        .ok_or_else(|| format!("no {prefix}… in the bootstrap output").into())
}

/// Creates (afresh) a database of the run's own, `verilink_bench_<pid><suffix>`; answers its name.
pub fn create_database(admin_url: &str, suffix: &str) -> Result<String, Error> {
    let database = format!("verilink_bench_{}{suffix}", std::process::id());
    let mut admin = PgConnection::establish(admin_url)?;
    diesel::sql_query(format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
        .execute(&mut admin)?;
    diesel::sql_query(format!("CREATE DATABASE {database}")).execute(&mut admin)?;
    Ok(database)
}

/// Drops a database [`create_database`] made (best effort: the run is over).
pub fn drop_database(admin_url: &str, database: &str) {
    if let Ok(mut admin) = PgConnection::establish(admin_url) {
        let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
            .execute(&mut admin);
    }
}

impl Server {
    /// Starts the server on a fresh database named with `suffix`; with `scale`, the database
    /// is first loaded with that many inquiries (see [`crate::scale`]).
    pub async fn start(
        bin: &Path,
        admin_url: &str,
        pool_size: u32,
        suffix: &str,
        scale: Option<u64>,
    ) -> Result<Self, Error> {
        let database = create_database(admin_url, suffix)?;
        let database_url = with_database(admin_url, &database);
        let bootstrap = Command::new(bin)
            .args(["bootstrap", "--org", "bench"])
            .env("VERILINK_DATABASE_URL", &database_url)
            .output()
            .await?;
        if !bootstrap.status.success() {
            return Err(String::from_utf8_lossy(&bootstrap.stderr)
                .into_owned()
                .into());
        }
        let out = String::from_utf8_lossy(&bootstrap.stdout).into_owned();
        let api_key = grab(&out, "vlk_sandbox_")?;
        let template = out
            .lines()
            .find(|l| l.starts_with("sandbox template KYC"))
            .and_then(|l| l.split_whitespace().last())
            .ok_or("no sandbox template in the bootstrap output")?
            .to_owned();
        if let Some(inquiries) = scale {
            crate::scale::load(&database_url, &template, inquiries)?;
        }
        let mut child = Command::new(bin)
            .args([
                "serve",
                "--grpc-addr",
                "127.0.0.1:0",
                "--http-addr",
                "127.0.0.1:0",
                "--console-addr",
                "127.0.0.1:0",
            ])
            .env("VERILINK_DATABASE_URL", &database_url)
            .env("VERILINK_DB_POOL_SIZE", pool_size.to_string())
            .env("VERILINK_RATE_LIMIT_PER_MINUTE", "1000000000")
            .env("VERILINK_LOG_FORMAT", "text")
            .env("RUST_LOG", "warn,verilink=info")
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()?;
        let stderr = child.stderr.take().ok_or("no stderr")?;
        let mut lines = BufReader::new(stderr).lines();
        let addr = tokio::time::timeout(Duration::from_secs(30), async {
            while let Some(line) = lines.next_line().await? {
                if line.contains("gRPC listening") {
                    if let Some(addr) = line.split("addr=").nth(1) {
                        return Ok(addr.split_whitespace().next().unwrap_or("").to_owned());
                    }
                }
            }
            Err::<String, Error>("the server exited before listening".into())
        })
        .await??;
        // Keep draining the server's log so it never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Ok(Server {
            child,
            addr: format!("http://{addr}"),
            api_key,
            template,
            database_url,
            admin_url: admin_url.to_owned(),
            database,
        })
    }

    pub async fn client(&self) -> Result<VerilinkClient, Error> {
        Ok(VerilinkClient::connect(self.addr.clone(), &self.api_key).await?)
    }

    /// The bootstrapped organization (every scenario works in it; the scale run's other tenant
    /// is another).
    pub fn organization_id(&self) -> Result<String, Error> {
        #[derive(diesel::QueryableByName)]
        struct Org {
            #[diesel(sql_type = diesel::sql_types::Text)]
            id: String,
        }
        let mut conn = PgConnection::establish(&self.database_url)?;
        Ok(
            diesel::sql_query("SELECT id FROM organizations WHERE name = 'bench'")
                .get_result::<Org>(&mut conn)?
                .id,
        )
    }

    pub fn postgres_version(&self) -> Result<String, Error> {
        #[derive(diesel::QueryableByName)]
        struct Version {
            #[diesel(sql_type = diesel::sql_types::Text)]
            server_version: String,
        }
        let mut conn = PgConnection::establish(&self.database_url)?;
        Ok(diesel::sql_query("SHOW server_version")
            .get_result::<Version>(&mut conn)?
            .server_version)
    }

    /// Resident memory and CPU time so far, from /proc.
    pub fn usage(&self) -> Result<Usage, Error> {
        let pid = self.child.id().ok_or("the server exited")?;
        let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
        let rss_kib: f64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .ok_or("no VmRSS")?;
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
        // Fields after the command name (which may hold spaces): utime and stime are 14 and 15.
        let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
        let fields: Vec<&str> = after.split_whitespace().collect();
        let ticks = |i: usize| {
            fields
                .get(i)
                .and_then(|v| v.parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        // The clock tick is 100 Hz on Linux.
        Ok(Usage {
            rss_mib: rss_kib / 1024.0,
            cpu_seconds: (ticks(11) + ticks(12)) / 100.0,
        })
    }

    pub async fn stop(mut self) {
        if let Some(pid) = self.child.id() {
            let _ = Command::new("kill")
                .args(["-TERM", &pid.to_string()])
                .status()
                .await;
        }
        let _ = tokio::time::timeout(Duration::from_secs(15), self.child.wait()).await;
        drop_database(&self.admin_url, &self.database);
    }
}
