//! Health follows the database: the test owns a PostgreSQL it can stop and start.

use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use tonic::Code;
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::health_client::HealthClient;
use tonic_health::pb::HealthCheckRequest;
use verilink::clock::ManualClock;
use verilink_client::{pb, VerilinkClient};

use crate::common::{assert_error, spawn_server, Limits, Spawned, TestServer, PATIENCE};

const PG_BIN: &str = "/usr/lib/postgresql/15/bin";

/// A throwaway PostgreSQL cluster in a temporary directory, run as the `postgres` user when
/// the tests run as root (PostgreSQL refuses to run as root).
struct OwnedPostgres {
    dir: PathBuf,
    port: u16,
}

fn as_owner(program: &str, args: &[&str]) -> Command {
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0"));
    let mut cmd = if is_root {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--", program]);
        c
    } else {
        Command::new(program)
    };
    cmd.args(args);
    cmd
}

fn run(mut cmd: Command) {
    let out = cmd.output().expect("run command");
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

impl OwnedPostgres {
    fn start() -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .expect("free port")
            .local_addr()
            .expect("addr")
            .port();
        let dir = std::env::temp_dir().join(format!("verilink-pg-{port}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        run({
            let mut c = Command::new("chown");
            c.args(["postgres", dir.to_str().expect("utf-8 path")]);
            c
        });
        let data = dir.join("data");
        run(as_owner(
            &format!("{PG_BIN}/initdb"),
            &[
                "-D",
                data.to_str().expect("path"),
                "-A",
                "trust",
                "-U",
                "postgres",
            ],
        ));
        let pg = OwnedPostgres { dir, port };
        pg.pg_ctl_start();
        pg
    }

    fn data(&self) -> String {
        self.dir.join("data").to_string_lossy().into_owned()
    }

    fn pg_ctl_start(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1",
            self.port,
            self.dir.display()
        );
        let log = self.dir.join("log").to_string_lossy().into_owned();
        run(as_owner(
            &format!("{PG_BIN}/pg_ctl"),
            &[
                "-D",
                &self.data(),
                "-o",
                &options,
                "-l",
                &log,
                "-w",
                "start",
            ],
        ));
    }

    fn stop(&self) {
        run(as_owner(
            &format!("{PG_BIN}/pg_ctl"),
            &["-D", &self.data(), "-m", "immediate", "-w", "stop"],
        ));
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for OwnedPostgres {
    fn drop(&mut self) {
        let _ = as_owner(
            &format!("{PG_BIN}/pg_ctl"),
            &["-D", &self.data(), "-m", "immediate", "stop"],
        )
        .output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The server on `url`'s database, migrated first, and a client whose key it does not know.
async fn migrated_server(url: &str, limits: Limits) -> (Spawned, VerilinkClient) {
    tokio::task::spawn_blocking({
        let url = url.to_owned();
        move || verilink::store::migrate::migrate_url(&url).expect("migrate")
    })
    .await
    .expect("migrate task");
    let server = spawn_server(url, Arc::new(ManualClock::new(Utc::now())), limits).await;
    let client = VerilinkClient::connect(
        server.addr.clone(),
        &format!("vlk_sandbox_{}", "A".repeat(32)),
    )
    .await
    .expect("connect");
    (server, client)
}

async fn status(
    health: &mut HealthClient<tonic::transport::Channel>,
    service: &str,
) -> ServingStatus {
    let response = health
        .check(HealthCheckRequest {
            service: service.into(),
        })
        .await
        .expect("health check");
    ServingStatus::try_from(response.into_inner().status).expect("known status")
}

/// Polls until `service` reports `want` (the health watcher looks every [`HEALTH_INTERVAL`],
/// a look at a stopped database takes the pool's connection timeout), failing only after
/// [`PATIENCE`].
///
/// [`HEALTH_INTERVAL`]: crate::common::HEALTH_INTERVAL
async fn wait_for(
    health: &mut HealthClient<tonic::transport::Channel>,
    service: &str,
    want: ServingStatus,
) {
    let start = Instant::now();
    loop {
        if status(health, service).await == want {
            return;
        }
        assert!(
            start.elapsed() < PATIENCE,
            "{service} did not become {want:?} within {PATIENCE:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// How long a call may take to be refused while the database is down. The store gives up on a
/// connection after its queue timeout (2 s in this test); the bound is generous for a busy
/// machine, and still fails a call that waits for the database to come back (it does not until
/// the test restarts it) or that waits as long as the pool's default (30 s) would.
const REFUSED_PROMPTLY: Duration = Duration::from_secs(20);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn services_follow_database_reachability_while_the_process_stays_serving() {
    let pg = tokio::task::spawn_blocking(OwnedPostgres::start)
        .await
        .expect("start postgres");
    // The periodic probe is an hour away: only a call that loses its connection can make
    // health notice the database is gone, and only the quick probes while it is down can see
    // it return.
    let (_server, client) = migrated_server(
        &pg.url(),
        Limits {
            health_interval: Duration::from_secs(3600),
            queue_timeout: Duration::from_secs(2),
            ..Limits::default()
        },
    )
    .await;
    let mut health = client.health();
    for service in verilink::server::SERVICE_NAMES {
        wait_for(&mut health, service, ServingStatus::Serving).await;
    }
    assert_eq!(status(&mut health, "").await, ServingStatus::Serving);

    pg.stop();
    let call_start = Instant::now();
    let call = client
        .inquiries()
        .list_inquiries(pb::ListInquiriesRequest::default())
        .await;
    let refused = assert_error(call, Code::Unavailable, "DATABASE_UNAVAILABLE");
    use verilink_client::tonic_types::StatusExt;
    assert_eq!(
        refused.get_details_retry_info().and_then(|r| r.retry_delay),
        Some(Duration::from_secs(1)),
        "the client is told when to try again"
    );
    assert!(
        call_start.elapsed() < REFUSED_PROMPTLY,
        "UNAVAILABLE came after {:?}",
        call_start.elapsed()
    );
    for service in verilink::server::SERVICE_NAMES {
        wait_for(&mut health, service, ServingStatus::NotServing).await;
    }
    assert_eq!(
        status(&mut health, "").await,
        ServingStatus::Serving,
        "the process itself is fine"
    );

    pg.pg_ctl_start();
    for service in verilink::server::SERVICE_NAMES {
        wait_for(&mut health, service, ServingStatus::Serving).await;
    }
    let call = client
        .inquiries()
        .list_inquiries(pb::ListInquiriesRequest::default())
        .await;
    assert_error(call, Code::Unauthenticated, "API_KEY_INVALID");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_reports_not_serving_before_the_server_stops() {
    let mut server = TestServer::start().await;
    let client = server.client("").await;
    let mut health = client.health();
    wait_for(&mut health, "", ServingStatus::Serving).await;
    let mut watch = health
        .watch(HealthCheckRequest {
            service: String::new(),
        })
        .await
        .expect("watch")
        .into_inner();
    let first = watch
        .message()
        .await
        .expect("stream")
        .expect("first status");
    assert_eq!(first.status, ServingStatus::Serving as i32);
    let stopping = tokio::spawn(async move { server.stop().await });
    let next = watch.message().await;
    match next {
        Ok(Some(update)) => assert_eq!(update.status, ServingStatus::NotServing as i32),
        other => panic!("expected a NOT_SERVING update before the stream closed, got {other:?}"),
    }
    drop(watch);
    stopping
        .await
        .expect("server stops once the last call ends");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_that_waits_too_long_for_a_connection_is_refused_with_retry_info() {
    let server = TestServer::start_limited(Limits {
        pool_size: 1,
        queue_timeout: Duration::from_millis(200),
        ..Limits::default()
    })
    .await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let inquiry = crate::common::create_inquiry(&client, &org.sandbox_template, "r").await;
    // The only connection is busy until the test frees it.
    let (holding, held) = std::sync::mpsc::channel::<()>();
    let (free, freed) = std::sync::mpsc::channel::<()>();
    let busy = tokio::spawn({
        let store = server.app.store().clone();
        async move {
            store
                .run(move |_| {
                    let _ = holding.send(());
                    // Bounded, so a test that fails before freeing it does not hang.
                    let _ = freed.recv_timeout(PATIENCE);
                    Ok(())
                })
                .await
        }
    });
    tokio::task::spawn_blocking(move || held.recv_timeout(PATIENCE))
        .await
        .expect("join")
        .expect("the busy call holds the connection");
    let refused = tokio::time::timeout(
        PATIENCE,
        client.inquiries().get_inquiry(pb::GetInquiryRequest {
            id: inquiry.id.clone(),
        }),
    )
    .await
    .expect("refused, not queued until the connection freed");
    let status = assert_error(refused, Code::Unavailable, "DATABASE_BUSY");
    assert!(
        !busy.is_finished(),
        "refused, not queued until the connection freed"
    );
    free.send(()).expect("free the connection");
    use verilink_client::tonic_types::StatusExt;
    assert!(status
        .get_details_retry_info()
        .and_then(|r| r.retry_delay)
        .is_some());
    busy.await.expect("task").expect("the busy call ends");
    client
        .inquiries()
        .get_inquiry(pb::GetInquiryRequest { id: inquiry.id })
        .await
        .expect("served once a connection is free");
}

/// A database on the same machine is reached by its Unix socket, named either as a URL
/// (`postgres://…@/db?host=<directory>`) or as libpq's `key=value` settings (`host=<directory> …`):
/// the server migrates, connects its pool and answers from the database with both.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_database_is_reached_by_its_unix_socket_named_as_a_url_or_as_settings() {
    let pg = tokio::task::spawn_blocking(OwnedPostgres::start)
        .await
        .expect("start postgres");
    let socket = pg.dir.display();
    for url in [
        format!(
            "postgres://postgres@/postgres?host={socket}&port={}",
            pg.port
        ),
        format!(
            "host={socket} port={} user=postgres dbname=postgres",
            pg.port
        ),
    ] {
        let (server, client) = migrated_server(&url, Limits::default()).await;
        // An unknown key is looked up in the database: refused as invalid, not as unavailable.
        let call = client
            .inquiries()
            .list_inquiries(pb::ListInquiriesRequest::default())
            .await;
        assert_error(call, Code::Unauthenticated, "API_KEY_INVALID");
        let _ = server.shutdown.send(());
        server.handle.await.expect("the server stops");
    }
}
