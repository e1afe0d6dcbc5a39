//! The test harness: one migrated template database per run, a fresh database per test,
//! the real server in-process on 127.0.0.1 port 0, and a clock the test moves.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use chrono::Utc;
use diesel::{Connection, PgConnection, RunQueryDsl};
use tokio::sync::oneshot;
use tonic::{Code, Status};
use verilink::app::App;
use verilink::clock::ManualClock;
use verilink::domain::ids::IdKind;
use verilink::domain::template::{Template, TemplateDraft, TemplateSettings};
use verilink::domain::tenant::{Environment, Tenant};
use verilink::net::pace::Pace;
use verilink::net::ConnectionLimits;
use verilink::store::{migrate, templates, tenancy, Store, StoreConfig};
use verilink_client::{error_reason, pb, VerilinkClient};

pub fn admin_url() -> String {
    std::env::var("VERILINK_TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://verilink:verilink@127.0.0.1:5432/postgres".into())
}

/// The admin URL with its database name replaced.
pub fn url_for(database: &str) -> String {
    let admin = admin_url();
    let (base, query) = admin
        .split_once('?')
        .map_or((admin.as_str(), None), |(b, q)| (b, Some(q)));
    let prefix = &base[..base.rfind('/').expect("database URL has a path")];
    match query {
        Some(q) => format!("{prefix}/{database}?{q}"),
        None => format!("{prefix}/{database}"),
    }
}

fn admin() -> PgConnection {
    PgConnection::establish(&admin_url())
        .expect("connect to the test PostgreSQL (run scripts/pg-up)")
}

fn execute(conn: &mut PgConnection, sql: &str) {
    diesel::sql_query(sql)
        .execute(conn)
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

fn random_suffix() -> String {
    verilink::domain::secrets::random_base62(12)
        .expect("randomness")
        .to_ascii_lowercase()
}

/// The migrated template, named after the migrations so a changed schema gets a new one.
fn template_database() -> &'static str {
    static NAME: OnceLock<String> = OnceLock::new();
    NAME.get_or_init(|| {
        let mut hasher = DefaultHasher::new();
        for m in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations"))
            .expect("migrations")
        {
            let dir = m.expect("entry").path();
            for file in ["up.sql", "down.sql"] {
                dir.join(file).hash(&mut hasher);
                std::fs::read(dir.join(file))
                    .expect("migration file")
                    .hash(&mut hasher);
            }
        }
        let name = format!("verilink_tmpl_{:016x}", hasher.finish());
        let mut conn = admin();
        execute(&mut conn, "SELECT pg_advisory_lock(7421)");
        #[derive(diesel::QueryableByName)]
        struct Exists {
            #[diesel(sql_type = diesel::sql_types::Bool)]
            exists: bool,
        }
        let found: Exists = diesel::sql_query(format!(
            "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = '{name}') AS exists"
        ))
        .get_result(&mut conn)
        .expect("query pg_database");
        if !found.exists {
            let building = format!("{name}_building");
            execute(&mut conn, &format!("DROP DATABASE IF EXISTS {building}"));
            execute(&mut conn, &format!("CREATE DATABASE {building}"));
            let mut db = PgConnection::establish(&url_for(&building)).expect("connect template");
            migrate::run_pending(&mut db).expect("migrate template");
            drop(db);
            execute(
                &mut conn,
                &format!("ALTER DATABASE {building} RENAME TO {name}"),
            );
        }
        execute(&mut conn, "SELECT pg_advisory_unlock(7421)");
        name
    })
}

/// A database of its own for one test, dropped when the test ends.
pub struct TestDb {
    pub name: String,
    pub url: String,
}

impl TestDb {
    pub fn new() -> Self {
        let template = template_database();
        let name = format!("verilink_test_{}", random_suffix());
        let mut conn = admin();
        execute(
            &mut conn,
            &format!("CREATE DATABASE {name} TEMPLATE {template}"),
        );
        TestDb {
            url: url_for(&name),
            name,
        }
    }

    /// An empty database with no migrations applied.
    pub fn empty() -> Self {
        let name = format!("verilink_test_{}", random_suffix());
        execute(&mut admin(), &format!("CREATE DATABASE {name}"));
        TestDb {
            url: url_for(&name),
            name,
        }
    }

    pub fn connect(&self) -> PgConnection {
        PgConnection::establish(&self.url).expect("connect test database")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Ok(mut conn) = PgConnection::establish(&admin_url()) {
            let _ = diesel::sql_query(format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ))
            .execute(&mut conn);
        }
    }
}

/// A running server on 127.0.0.1 port 0.
pub struct TestServer {
    pub addr: String,
    /// `http://127.0.0.1:<port>` of the HTTP port.
    pub http: String,
    /// `http://127.0.0.1:<port>` of the console.
    pub console: String,
    pub app: App,
    pub clock: Arc<ManualClock>,
    pub db: Arc<TestDb>,
    shutdown: Option<oneshot::Sender<()>>,
    handle: Option<tokio::task::JoinHandle<()>>,
}

pub const HEALTH_INTERVAL: Duration = Duration::from_millis(1000);

/// How long a test waits for something that normally comes at once (an event, a log line, a
/// state the server reaches within an interval of its own): long enough that a busy machine
/// never reaches it, only a hang does. A wait for a condition returns as soon as it holds.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// Polls `done` every 20 ms until it holds, failing the test (with `what`) after [`PATIENCE`].
pub async fn eventually(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + PATIENCE;
    while !done() {
        assert!(
            std::time::Instant::now() < deadline,
            "{what}: not within {PATIENCE:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The limits of a test server. By default the redemption throttle is the product's (10 a
/// minute) and the per-key call limit is high, so tests that make many calls are not cut off;
/// a call waits for a database connection up to [`PATIENCE`], so tests that race many calls
/// are not refused as `DATABASE_BUSY` on a busy machine.
#[derive(Clone, Copy)]
pub struct Limits {
    pub redeem_failures_per_minute: usize,
    pub calls_per_key_per_minute: u32,
    pub pool_size: u32,
    pub queue_timeout: Duration,
    pub allow_private_networks: bool,
    /// Whether webhook secrets and queued emails are sealed (`VERILINK_ENCRYPTION_KEY` set).
    pub seal_secrets: bool,
    /// Whether the server sends email (`VERILINK_SMTP_URL` set).
    pub email: bool,
    pub emails_per_recipient_per_hour: u32,
    pub emails_per_key_per_hour: u32,
    pub auth_failures_per_minute: u32,
    pub stream_max_lifetime: Duration,
    /// How often the server probes the database (besides when a call loses its connection).
    pub health_interval: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            redeem_failures_per_minute: 10,
            calls_per_key_per_minute: 100_000,
            pool_size: 8,
            queue_timeout: PATIENCE,
            allow_private_networks: true,
            seal_secrets: true,
            email: true,
            emails_per_recipient_per_hour: 10,
            emails_per_key_per_hour: 1000,
            auth_failures_per_minute: 100,
            stream_max_lifetime: Duration::from_secs(3600),
            health_interval: HEALTH_INTERVAL,
        }
    }
}

impl TestServer {
    pub async fn start() -> Self {
        Self::start_limited(Limits::default()).await
    }

    pub async fn start_limited(limits: Limits) -> Self {
        let db = Arc::new(
            tokio::task::spawn_blocking(TestDb::new)
                .await
                .expect("create db"),
        );
        Self::start_with(db, Arc::new(ManualClock::new(Utc::now())), limits).await
    }

    /// Two replicas over one fresh database, both following the change feed.
    pub async fn two_following_replicas() -> (Self, Self) {
        let first = Self::start().await;
        let second = first.replica(Limits::default()).await;
        for replica in [&first, &second] {
            eventually("the replica follows the change feed", || {
                replica.app.is_following()
            })
            .await;
        }
        (first, second)
    }

    /// Another replica over the same database and clock, with limits of its own.
    pub async fn replica(&self, limits: Limits) -> Self {
        Self::start_with(self.db.clone(), self.clock.clone(), limits).await
    }

    pub async fn start_with(db: Arc<TestDb>, clock: Arc<ManualClock>, limits: Limits) -> Self {
        Self::start_on(db, clock, limits, bind_loopback().await, Default::default()).await
    }

    /// A server on a fresh database whose console listens on `console` (bound beforehand, so
    /// that what it needs — an identity provider's redirect URI — can name its address) with
    /// the HTTP port's settings `http`.
    pub async fn start_console(
        console: tokio::net::TcpListener,
        http: verilink::http::HttpConfig,
    ) -> Self {
        let db = Arc::new(
            tokio::task::spawn_blocking(TestDb::new)
                .await
                .expect("create db"),
        );
        let clock = Arc::new(ManualClock::new(Utc::now()));
        Self::start_on(db, clock, Limits::default(), console, http).await
    }

    async fn start_on(
        db: Arc<TestDb>,
        clock: Arc<ManualClock>,
        limits: Limits,
        console: tokio::net::TcpListener,
        http: verilink::http::HttpConfig,
    ) -> Self {
        let Spawned {
            addr,
            http,
            console,
            app,
            shutdown,
            handle,
        } = spawn_server_on(&db.url, clock.clone(), limits, console, http).await;
        TestServer {
            addr,
            http,
            console,
            app,
            clock,
            db,
            shutdown: Some(shutdown),
            handle: Some(handle),
        }
    }

    pub async fn client(&self, credential: &str) -> VerilinkClient {
        VerilinkClient::connect(self.addr.clone(), credential)
            .await
            .expect("connect to test server")
    }

    /// Creates an organization with a sandbox and a live key and, in each, a template like the
    /// `KYC` template `bootstrap` creates.
    pub async fn org(&self, name: &str) -> Org {
        let url = self.db.url.clone();
        let name = name.to_owned();
        let now = verilink::clock::Clock::now(&*self.clock);
        tokio::task::spawn_blocking(move || Org::create(&url, &name, now))
            .await
            .expect("create org")
    }

    /// Stops accepting calls and waits for in-flight ones.
    pub async fn stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(handle) = self.handle.take() {
            let _ = handle.await;
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// A server started by [`spawn_server`].
pub struct Spawned {
    pub addr: String,
    pub http: String,
    /// `http://127.0.0.1:<port>` of the console.
    pub console: String,
    pub app: App,
    pub shutdown: oneshot::Sender<()>,
    pub handle: tokio::task::JoinHandle<()>,
}

/// The application of a test server over `database_url`: the product's settings, with the
/// test's limits.
pub fn test_app(
    database_url: &str,
    clock: Arc<ManualClock>,
    limits: Limits,
    console_url: &str,
) -> App {
    let store = Store::new(&StoreConfig {
        database_url: database_url.to_owned(),
        pool_size: limits.pool_size,
        queue_timeout: limits.queue_timeout,
    });
    App::new(
        store,
        clock,
        verilink::app::Config {
            public_url: "https://verify.example".into(),
            short_url: "https://vl.example".into(),
            redeem_guesses_per_minute: u32::try_from(limits.redeem_failures_per_minute)
                .unwrap_or(u32::MAX),
            calls_per_key_per_minute: limits.calls_per_key_per_minute,
            auth_failures_per_minute: limits.auth_failures_per_minute,
            stream_max_lifetime: limits.stream_max_lifetime,
            // Receivers in the tests listen on loopback.
            outbound: verilink::domain::webhook::OutboundPolicy {
                allow_private_networks: limits.allow_private_networks,
                proxy: None,
            },
            keyring: verilink::domain::secrets::Keyring {
                current: limits
                    .seal_secrets
                    .then(|| verilink::domain::secrets::SecretString::new("w".repeat(32))),
                previous: None,
            },
            email: limits.email.then(|| verilink::app::email::EmailConfig {
                // Tests send through a sink of their own (`TestServer::mailer`).
                smtp_url: "smtp://127.0.0.1:9?tls=none".parse().expect("SMTP URL"),
                from: "Verilink <no-reply@verify.example>".into(),
                per_recipient_per_hour: limits.emails_per_recipient_per_hour,
                per_key_per_hour: limits.emails_per_key_per_hour,
            }),
            console: verilink::app::operators::ConsoleConfig {
                url: console_url.to_owned(),
                limits: verilink::domain::operator::SessionLimits::default(),
            },
        },
    )
}

/// A listener on a free loopback port.
pub async fn bind_loopback() -> tokio::net::TcpListener {
    tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind")
}

/// Starts the real server over `database_url` on three loopback ports.
pub async fn spawn_server(database_url: &str, clock: Arc<ManualClock>, limits: Limits) -> Spawned {
    spawn_server_on(
        database_url,
        clock,
        limits,
        bind_loopback().await,
        Default::default(),
    )
    .await
}

/// Starts the real server with its console on `console` and the HTTP settings `http`.
pub async fn spawn_server_on(
    database_url: &str,
    clock: Arc<ManualClock>,
    limits: Limits,
    console: tokio::net::TcpListener,
    http_config: verilink::http::HttpConfig,
) -> Spawned {
    let listeners = verilink::server::Listeners {
        grpc: bind_loopback().await,
        http: bind_loopback().await,
        console,
    };
    let addr = format!("http://{}", listeners.grpc.local_addr().expect("addr"));
    let http = format!("http://{}", listeners.http.local_addr().expect("addr"));
    let console = format!("http://{}", listeners.console.local_addr().expect("addr"));
    let app = test_app(database_url, clock, limits, &console);
    let (shutdown, rx) = oneshot::channel::<()>();
    let served = app.clone();
    let handle = tokio::spawn(async move {
        let options = verilink::server::ServeOptions {
            health_interval: limits.health_interval,
            drain_timeout: Duration::from_secs(5),
            worker_interval: None,
            limits: ConnectionLimits {
                max_connections: 1000,
                max_connections_per_address: 1000,
                handshake_timeout: Duration::from_secs(5),
                idle_timeout: Duration::from_secs(300),
                send_timeout: Duration::from_secs(30),
                header_timeout: Duration::from_secs(10),
                body: Pace {
                    timeout: Duration::from_secs(10),
                    min_rate: 500,
                },
            },
        };
        verilink::server::serve(listeners, served, options, http_config, async {
            let _ = rx.await;
        })
        .await
        .expect("server runs");
    });
    Spawned {
        addr,
        http,
        console,
        app,
        shutdown,
        handle,
    }
}

pub struct Org {
    pub sandbox_key: String,
    pub sandbox_key_id: String,
    pub live_key: String,
    pub sandbox_template: String,
    pub live_template: String,
}

impl Org {
    fn create(url: &str, name: &str, now: chrono::DateTime<Utc>) -> Org {
        let mut conn = PgConnection::establish(url).expect("connect");
        let (org, _) = tenancy::ensure_organization(&mut conn, name, now).expect("org");
        let per_env = [Environment::Sandbox, Environment::Live].map(|env| {
            let (row, key) =
                tenancy::create_api_key(&mut conn, &org.id, env, "backend", now).expect("key");
            let tenant = Tenant {
                organization_id: org.id.clone(),
                environment: env,
            };
            let template = Template {
                id: IdKind::InquiryTemplate.generate().expect("id"),
                tenant,
                settings: TemplateSettings::create(&TemplateDraft {
                    name: "KYC".into(),
                    collected_fields: verilink::domain::collect::kyc_fields(),
                    ..TemplateDraft::default()
                })
                .expect("settings"),
                archive_time: None,
                create_time: now,
                update_time: now,
            };
            templates::insert(&mut conn, &template).expect("template");
            (row.id, key.secret, template.id)
        });
        let [(sandbox_key_id, sandbox_key, sandbox_template), (_, live_key, live_template)] =
            per_env;
        Org {
            sandbox_key,
            sandbox_key_id,
            live_key,
            sandbox_template,
            live_template,
        }
    }
}

/// Asserts a failed call's code and ErrorInfo reason (and that the domain is ours).
#[track_caller]
pub fn assert_error<T: std::fmt::Debug>(
    result: Result<T, Status>,
    code: Code,
    reason: &str,
) -> Status {
    let status = result.expect_err("call should fail");
    assert_eq!(status.code(), code, "{status:?}");
    assert_eq!(error_reason(&status).as_deref(), Some(reason), "{status:?}");
    use verilink_client::tonic_types::StatusExt;
    assert_eq!(
        status.get_details_error_info().map(|i| i.domain).as_deref(),
        Some("verilink.dev")
    );
    status
}

/// The fields named by an INVALID_ARGUMENT's BadRequest.
#[track_caller]
pub fn violated_fields<T: std::fmt::Debug>(result: Result<T, Status>) -> Vec<String> {
    violations(result)
        .into_iter()
        .map(|(field, _)| field)
        .collect()
}

/// The field violations of an INVALID_ARGUMENT's BadRequest, as (field, description).
#[track_caller]
pub fn violations<T: std::fmt::Debug>(result: Result<T, Status>) -> Vec<(String, String)> {
    let status = assert_error(result, Code::InvalidArgument, "INVALID_ARGUMENT");
    use verilink_client::tonic_types::StatusExt;
    status
        .get_details_bad_request()
        .expect("BadRequest details")
        .field_violations
        .into_iter()
        .map(|v| (v.field, v.description))
        .collect()
}

pub fn duration(secs: i64) -> Option<prost_types::Duration> {
    Some(prost_types::Duration {
        seconds: secs,
        nanos: 0,
    })
}

pub fn string_field(s: &str) -> pb::FieldValue {
    pb::FieldValue {
        value: Some(pb::field_value::Value::StringValue(s.into())),
    }
}

/// Creates an inquiry from `template` with a reference ID, returning it.
pub async fn create_inquiry(
    client: &VerilinkClient,
    template: &str,
    reference_id: &str,
) -> pb::Inquiry {
    client
        .inquiries()
        .create_inquiry(pb::CreateInquiryRequest {
            inquiry: Some(pb::Inquiry {
                inquiry_template_id: template.into(),
                reference_id: reference_id.into(),
                ..Default::default()
            }),
            create_one_time_link: false,
            ..Default::default()
        })
        .await
        .expect("create inquiry")
        .into_inner()
        .inquiry
        .expect("inquiry")
}

/// The names of an inquiry's events, in commit order, read straight from the database.
pub async fn event_names(server: &TestServer, inquiry_id: &str) -> Vec<String> {
    let url = server.db.url.clone();
    let id = inquiry_id.to_owned();
    tokio::task::spawn_blocking(move || {
        let mut conn = PgConnection::establish(&url).expect("connect");
        verilink::store::events::for_inquiry(&mut conn, &id)
            .expect("events")
            .into_iter()
            .map(|e| e.name)
            .collect()
    })
    .await
    .expect("events task")
}

/// Reads the manual clock as a protobuf timestamp.
pub trait ClockExt {
    fn now_timestamp(&self) -> prost_types::Timestamp;
}

impl ClockExt for ManualClock {
    fn now_timestamp(&self) -> prost_types::Timestamp {
        use verilink::clock::Clock;
        let now = self.now();
        prost_types::Timestamp {
            seconds: now.timestamp(),
            nanos: i32::try_from(now.timestamp_subsec_nanos()).unwrap_or(0),
        }
    }
}

pub async fn generate_link(
    client: &VerilinkClient,
    inquiry_id: &str,
) -> pb::GenerateOneTimeLinkResponse {
    client
        .one_time_links()
        .generate_one_time_link(pb::GenerateOneTimeLinkRequest {
            inquiry_id: inquiry_id.into(),
            ..Default::default()
        })
        .await
        .expect("generate link")
        .into_inner()
}

/// The JSON document ExportInquiry answers for an inquiry.
pub async fn export_inquiry(client: &VerilinkClient, id: &str) -> String {
    client
        .inquiries()
        .export_inquiry(pb::ExportInquiryRequest { id: id.into() })
        .await
        .expect("export")
        .into_inner()
        .document_json
}

/// An inquiry as GetInquiry answers it.
pub async fn get_inquiry(client: &VerilinkClient, id: &str) -> pb::Inquiry {
    client
        .inquiries()
        .get_inquiry(pb::GetInquiryRequest { id: id.into() })
        .await
        .expect("get inquiry")
        .into_inner()
        .inquiry
        .expect("inquiry")
}

/// The links of an inquiry, newest first.
pub async fn links_of(client: &VerilinkClient, inquiry_id: &str) -> Vec<pb::OneTimeLink> {
    client
        .one_time_links()
        .list_one_time_links(pb::ListOneTimeLinksRequest {
            inquiry_id: inquiry_id.into(),
            ..Default::default()
        })
        .await
        .expect("list links")
        .into_inner()
        .one_time_links
}

/// Redeems a code without any credential, as an end user's browser would.
pub async fn redeem(addr: &str, code: &str) -> Result<pb::RedeemOneTimeLinkResponse, Status> {
    let client = VerilinkClient::connect(addr.to_owned(), "")
        .await
        .expect("connect");
    client
        .one_time_links()
        .redeem_one_time_link(pb::RedeemOneTimeLinkRequest {
            code: code.into(),
            client_ip: "203.0.113.7".into(),
            user_agent: "Mozilla/5.0 (test)".into(),
        })
        .await
        .map(tonic::Response::into_inner)
}

impl TestServer {
    /// A webhook dispatcher over this server's database and clock, driven by the test.
    pub fn dispatcher(&self) -> verilink::worker::dispatcher::Dispatcher {
        let store = Store::new(&StoreConfig {
            database_url: self.db.url.clone(),
            pool_size: 4,
            // Up to a batch of 50 deliveries share these four connections.
            queue_timeout: PATIENCE,
        });
        let clock: verilink::clock::SharedClock = self.clock.clone();
        let config = verilink::worker::dispatcher::DispatcherConfig {
            policy: verilink::domain::webhook::OutboundPolicy {
                allow_private_networks: true,
                proxy: None,
            },
            keyring: self.app.config().keyring.clone(),
        };
        verilink::worker::dispatcher::Dispatcher::new(store, clock, config).expect("dispatcher")
    }
}

impl TestServer {
    /// The mailer of this server, sending through `smtp_url` (a test's own SMTP sink), driven
    /// by the test.
    pub fn mailer(&self, smtp_url: &str) -> verilink::worker::mailer::Mailer {
        verilink::worker::mailer::Mailer::new(
            self.app.clone(),
            &smtp_url.parse().expect("SMTP URL"),
            "Verilink <no-reply@verify.example>",
        )
        .expect("mailer")
    }
}

/// Revokes an API key as `verilink keys revoke` does, on a connection of its own (every replica
/// hears of it through the change feed), at the server's time.
pub async fn revoke_key(server: &TestServer, key_id: &str) {
    let (url, key_id) = (server.db.url.clone(), key_id.to_owned());
    let now = verilink::clock::Clock::now(&*server.clock);
    tokio::task::spawn_blocking(move || {
        let mut conn = diesel::Connection::establish(&url).expect("connect");
        verilink::app::tenancy::revoke_key(&mut conn, &key_id, now).expect("revoke")
    })
    .await
    .expect("revoke task");
}

/// The `verilink` binary serving a freshly bootstrapped organization (`org`) on loopback ports
/// with JSON logs, for tests that read the whole log of a process of its own. `env` comes on
/// top of the caller's environment less `RUST_LOG` (the default level unless `env` sets one).
/// The process is killed when this is dropped, also when the test fails.
pub struct Served {
    child: std::process::Child,
    /// What `verilink bootstrap` printed (keys, template IDs).
    pub bootstrap: String,
    /// The lines of the server's stderr, read on a thread of their own.
    pub lines: std::sync::mpsc::Receiver<String>,
}

impl Served {
    pub fn start(db: &TestDb, org: &str, env: &[(&str, &str)]) -> Self {
        use std::io::BufRead;
        use std::process::{Command, Stdio};
        let bootstrap = Command::new(env!("CARGO_BIN_EXE_verilink"))
            .args(["bootstrap", "--org", org])
            .env("VERILINK_DATABASE_URL", &db.url)
            .output()
            .expect("bootstrap");
        let mut child = Command::new(env!("CARGO_BIN_EXE_verilink"))
            .args([
                "serve",
                "--grpc-addr",
                "127.0.0.1:0",
                "--http-addr",
                "127.0.0.1:0",
                "--console-addr",
                "127.0.0.1:0",
            ])
            .env("VERILINK_DATABASE_URL", &db.url)
            .env("VERILINK_LOG_FORMAT", "json")
            .env_remove("RUST_LOG")
            .envs(env.iter().copied())
            .stderr(Stdio::piped())
            .spawn()
            .expect("serve");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stderr)
                .lines()
                .map_while(Result::ok)
            {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Served {
            child,
            bootstrap: String::from_utf8(bootstrap.stdout).expect("UTF-8"),
            lines,
        }
    }

    /// The first word of what bootstrap printed that starts with `prefix`.
    pub fn printed(&self, prefix: &str) -> String {
        self.bootstrap
            .split_whitespace()
            .find(|w| w.starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix}… in {}", self.bootstrap))
            .to_owned()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
