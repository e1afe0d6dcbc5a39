//! The benchmark harness (`scripts/bench`): starts the release server against a fresh
//! database, drives it over loopback with a bounded load per scenario and concurrency, and in
//! the same run measures two floors — pgbench running the same SQL statements the service
//! issues for that call (benches/sql/) against the service's own schema, and pgbench running
//! the least work any one-time-link service must do for it on a minimal schema
//! (benches/minimal/) — and prints all three side by side. With `--scale N`, it then runs the
//! same scenarios again against a database loaded with N inquiries and 10·N events, and prints
//! those rates beside the small database's.

mod minimal;
mod pgbench;
mod scale;
mod scenarios;
mod server;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use clap::Parser;

use scenarios::Scenario;

#[derive(Debug, Parser)]
#[command(about = "Verilink's benchmark harness (see scripts/bench)")]
struct Args {
    /// The server binary (release build).
    #[arg(long, default_value = "target/release/verilink")]
    bin: std::path::PathBuf,
    /// An admin URL of the PostgreSQL server; the harness creates and drops its own database.
    #[arg(long, env = "VERILINK_TEST_DATABASE_URL")]
    admin_url: String,
    /// Seconds each row runs for (at most).
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Calls each row makes (at most).
    #[arg(long, default_value_t = 200_000)]
    max_calls: usize,
    /// Calls in flight, one row each.
    #[arg(long, value_delimiter = ',', default_value = "1,8,32,128")]
    concurrency: Vec<usize>,
    /// Scenarios to run.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "create,get,list,generate,redeem"
    )]
    scenarios: Vec<Scenario>,
    /// The server's database pool size.
    #[arg(long, default_value_t = 10)]
    pool_size: u32,
    /// Skip the pgbench floors (own SQL and minimal).
    #[arg(long)]
    no_floor: bool,
    /// After the table, run the same rows again against a database loaded (by SQL, before its
    /// server starts) with this many inquiries, their links and sessions, and ten times as
    /// many events, most of another tenant; print both rates and their ratio.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    scale: Option<u64>,
    /// After the table, GetInquiry and GenerateOneTimeLink at four times the pool in flight
    /// for this many seconds, every call with a 1 s deadline (0: skip).
    #[arg(long, default_value_t = 0)]
    overload_seconds: u64,
    /// `cargo bench` passes this; ignored.
    #[arg(long, hide = true)]
    bench: bool,
}

/// One measured row.
pub struct Row {
    pub calls: usize,
    /// What the failed calls answered.
    pub errors: Vec<String>,
    pub elapsed: Duration,
    pub p50: Duration,
    pub p99: Duration,
    pub max: Duration,
}

impl Row {
    fn rate(&self) -> f64 {
        self.calls as f64 / self.elapsed.as_secs_f64()
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

/// Four times the pool in flight, each call with a deadline: every call must end by it,
/// answered or refused (`UNAVAILABLE` with a `RetryInfo` once the wait for a connection is too
/// long), never left waiting.
async fn overload(
    client: &verilink_client::VerilinkClient,
    server: &server::Server,
    args: &Args,
) -> Result<(), Box<dyn std::error::Error>> {
    const DEADLINE: Duration = Duration::from_secs(1);
    let in_flight = 4 * args.pool_size as usize;
    let limits = scenarios::Limits {
        duration: Duration::from_secs(args.overload_seconds),
        max_calls: usize::MAX,
    };
    println!();
    for scenario in [Scenario::Get, Scenario::Generate] {
        let fixture = scenario
            .prepare(client, server, &[in_flight], limits)
            .await?;
        let row = scenario
            .run(&fixture, in_flight, limits, Some(DEADLINE))
            .await?;
        let mut outcomes = BTreeMap::<String, usize>::new();
        for error in &row.errors {
            let code = error.split(':').next().unwrap_or("").to_owned();
            *outcomes.entry(code).or_default() += 1;
        }
        println!(
            "overload: {} at {in_flight} in flight for {} s, deadline {} ms: {} calls ({} OK, refused {:?}), p99 {} ms, slowest {} ms",
            scenario.rpc(),
            args.overload_seconds,
            DEADLINE.as_millis(),
            row.calls,
            row.calls - row.errors.len(),
            outcomes,
            ms(row.p99),
            ms(row.max),
        );
    }
    Ok(())
}

/// How the harness reaches PostgreSQL, from its admin URL.
fn transport(url: &str) -> String {
    let query = url.split_once('?').map_or("", |(_, q)| q);
    let socket = query
        .split('&')
        .find_map(|p| p.strip_prefix("host="))
        .filter(|host| host.starts_with('/'));
    match socket {
        Some(dir) => format!("by its Unix socket in {dir}"),
        None => "over TCP".to_owned(),
    }
}

/// What one row measured, kept for the scale table.
struct Measured {
    scenario: Scenario,
    in_flight: usize,
    rate: f64,
    p99: Duration,
}

/// Runs every scenario at every concurrency against `server`, handing each row to `report`;
/// answers the rows and every failed call's answer, counted.
async fn measure(
    server: &server::Server,
    client: &verilink_client::VerilinkClient,
    args: &Args,
    limits: scenarios::Limits,
    mut report: impl FnMut(Scenario, usize, &Row) -> Result<(), Box<dyn std::error::Error>>,
) -> Result<(Vec<Measured>, BTreeMap<String, usize>), Box<dyn std::error::Error>> {
    let mut measured = Vec::new();
    let mut failures = BTreeMap::<String, usize>::new();
    for &scenario in &args.scenarios {
        let fixture = scenario
            .prepare(client, server, &args.concurrency, limits)
            .await?;
        for &in_flight in &args.concurrency {
            let row = scenario.run(&fixture, in_flight, limits, None).await?;
            report(scenario, in_flight, &row)?;
            for error in &row.errors {
                *failures
                    .entry(format!("{}: {error}", scenario.rpc()))
                    .or_default() += 1;
            }
            measured.push(Measured {
                scenario,
                in_flight,
                rate: row.rate(),
                p99: row.p99,
            });
        }
    }
    Ok((measured, failures))
}

fn print_failures(failures: &BTreeMap<String, usize>) {
    for (failure, count) in failures {
        println!("errors: {count} × {failure}");
    }
}

/// `calls/s` over `tps`, or `-` when there is no floor.
fn ratio(rate: f64, floor: Option<f64>) -> [String; 2] {
    match floor {
        Some(tps) => [format!("{tps:.0}"), format!("{:.2}", rate / tps)],
        None => ["-".into(), "-".into()],
    }
}

/// The scale run: the same rows against a database loaded with `inquiries` inquiries, printed
/// beside the small database's.
async fn at_scale(
    args: &Args,
    limits: scenarios::Limits,
    inquiries: u64,
    small: &[Measured],
) -> Result<(), Box<dyn std::error::Error>> {
    println!();
    let server = server::Server::start(
        &args.bin,
        &args.admin_url,
        args.pool_size,
        "_scale",
        Some(inquiries),
    )
    .await?;
    let client = server.client().await?;
    println!();
    println!(
        "| call | in flight | calls/s, small | calls/s, {inquiries} inquiries | ratio | p99 ms, small | p99 ms, {inquiries} inquiries | errors |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let (_, failures) = measure(
        &server,
        &client,
        args,
        limits,
        |scenario, in_flight, row| {
            let before = small
                .iter()
                .find(|m| m.scenario == scenario && m.in_flight == in_flight)
                .ok_or("no small-table row to compare with")?;
            println!(
                "| {} | {in_flight} | {:.0} | {:.0} | {:.2} | {} | {} | {} |",
                scenario.rpc(),
                before.rate,
                row.rate(),
                row.rate() / before.rate,
                ms(before.p99),
                ms(row.p99),
                row.errors.len(),
            );
            Ok(())
        },
    )
    .await?;
    print_failures(&failures);
    server.stop().await;
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let server =
        server::Server::start(&args.bin, &args.admin_url, args.pool_size, "", None).await?;
    let client = server.client().await?;
    let idle = server.usage()?;
    let limits = scenarios::Limits {
        duration: Duration::from_secs(args.seconds),
        max_calls: args.max_calls,
    };
    println!(
        "Verilink {} on {} cores; PostgreSQL {} (reached {}); pool {}; each row at most {} s or {} calls",
        env!("CARGO_PKG_VERSION"),
        std::thread::available_parallelism().map_or(0, usize::from),
        server.postgres_version()?,
        transport(&args.admin_url),
        args.pool_size,
        args.seconds,
        args.max_calls,
    );
    let minimal = if args.no_floor {
        None
    } else {
        Some(minimal::Minimal::create(&args.admin_url, limits)?)
    };
    println!();
    println!(
        "| call | in flight | calls/s | p50 ms | p99 ms | errors | own SQL (tps) | ratio | minimal (tps) | ratio |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    let started = Instant::now();
    let (small, failures) = measure(&server, &client, &args, limits, |scenario, in_flight, row| {
        let (own, least) = match &minimal {
            None => (None, None),
            Some(minimal) => (
                Some(pgbench::floor(&server, scenario, in_flight, limits)?),
                minimal.floor(scenario, in_flight, limits)?,
            ),
        };
        let [own_tps, own_ratio] = ratio(row.rate(), own);
        let [least_tps, least_ratio] = ratio(row.rate(), least);
        println!(
            "| {} | {} | {:.0} | {} | {} | {} | {own_tps} | {own_ratio} | {least_tps} | {least_ratio} |",
            scenario.rpc(),
            in_flight,
            row.rate(),
            ms(row.p50),
            ms(row.p99),
            row.errors.len(),
        );
        Ok(())
    })
    .await?;
    if let Some(minimal) = minimal {
        minimal.drop();
    }
    if !args.no_floor && args.concurrency.iter().any(|&n| n > pgbench::MAX_CLIENTS) {
        println!(
            "floor: rows deeper than {0} in flight ran pgbench with {0} clients (the server's \
             pool and pgbench share PostgreSQL's max_connections)",
            pgbench::MAX_CLIENTS
        );
    }
    print_failures(&failures);
    if args.overload_seconds > 0 {
        overload(&client, &server, &args).await?;
    }
    let busy = server.usage()?;
    println!();
    println!(
        "server: RSS idle {:.1} MiB, after the load {:.1} MiB; CPU time {:.1} s over {:.0} s",
        idle.rss_mib,
        busy.rss_mib,
        busy.cpu_seconds,
        started.elapsed().as_secs_f64()
    );
    server.stop().await;
    if let Some(inquiries) = args.scale {
        at_scale(&args, limits, inquiries, &small).await?;
    }
    Ok(())
}
