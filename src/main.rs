//! The `verilink` binary: serve, migrate, bootstrap and manage API keys.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::Parser;
use tracing_subscriber::EnvFilter;
use verilink::app::App;
use verilink::clock::{Clock, SystemClock};
use verilink::config::{
    Cli, Command, EnvironmentArg, GlobalArgs, KeysCommand, LogFormat, SecretsCommand, ServeArgs,
};
use verilink::domain::collect::kyc_fields;
use verilink::domain::ids::IdKind;
use verilink::domain::template::{Template, TemplateDraft, TemplateSettings};
use verilink::domain::tenant::{Environment, Tenant};
use verilink::server::{Listeners, ServeOptions};
use verilink::store::{migrate, templates, tenancy, Store, StoreError};

fn init_logging(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

fn environment(arg: EnvironmentArg) -> Environment {
    match arg {
        EnvironmentArg::Sandbox => Environment::Sandbox,
        EnvironmentArg::Live => Environment::Live,
    }
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(err) => {
                    tracing::error!(%err, "cannot listen for SIGTERM");
                    let _ = ctrl_c.await;
                    return;
                }
            };
        tokio::select! {
            _ = ctrl_c => {},
            _ = term.recv() => {},
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}

async fn serve(global: &GlobalArgs, args: ServeArgs) -> Result<(), String> {
    let config = global.store_config()?;
    let app_config = args.app_config(global)?;
    raise_descriptor_limit();
    let url = config.database_url.clone();
    let applied = tokio::task::spawn_blocking(move || migrate::migrate_url(&url))
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())?;
    tracing::info!(count = applied.len(), "migrations applied");
    let bind = |addr: std::net::SocketAddr, port: &'static str| async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        let bound = listener.local_addr().map_err(|e| e.to_string())?;
        tracing::info!(addr = %bound, "{port} listening");
        Ok::<_, String>(listener)
    };
    let listeners = Listeners {
        grpc: bind(args.grpc_addr, "gRPC").await?,
        http: bind(args.http_addr, "HTTP").await?,
    };
    let app = App::new(Store::new(&config), Arc::new(SystemClock), app_config);
    verilink::server::serve(
        listeners,
        app,
        ServeOptions {
            health_interval: Duration::from_millis(args.health_interval_ms.max(100)),
            drain_timeout: Duration::from_millis(args.drain_timeout_ms),
            worker_interval: Some(Duration::from_millis(args.worker_interval_ms.max(50))),
            limits: args.connection_limits(),
        },
        args.http_config(),
        shutdown_signal(),
    )
    .await
    .map_err(|e| e.to_string())?;
    tracing::info!("stopped");
    Ok(())
}

/// Raises the soft limit on open descriptors to the hard limit: every connection is one, and
/// the common soft default (1,024) is reached by a modest crowd of clients.
fn raise_descriptor_limit() {
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => tracing::info!(limit, "open descriptor limit"),
        Err(err) => tracing::warn!(%err, "cannot raise the open descriptor limit"),
    }
}

fn connect(global: &GlobalArgs) -> Result<diesel::PgConnection, String> {
    use diesel::Connection;
    let url = global.database_url()?;
    migrate::migrate_url(&url).map_err(|e| e.to_string())?;
    diesel::PgConnection::establish(&url)
        .map_err(|e| format!("cannot connect to the database: {e}"))
}

fn bootstrap(conn: &mut diesel::PgConnection, org: &str) -> Result<(), StoreError> {
    let now = SystemClock.now();
    let (organization, created) = tenancy::ensure_organization(conn, org, now)?;
    println!(
        "organization {} ({}) {}",
        organization.id,
        organization.name,
        if created {
            "created"
        } else {
            "already existed"
        }
    );
    for env in [Environment::Sandbox, Environment::Live] {
        let tenant = Tenant {
            organization_id: organization.id.clone(),
            environment: env,
        };
        if templates::find_by_name(conn, &tenant, "KYC")?.is_none() {
            let template = Template {
                id: IdKind::InquiryTemplate.generate()?,
                tenant: tenant.clone(),
                settings: TemplateSettings::create(&TemplateDraft {
                    name: "KYC".into(),
                    collected_fields: kyc_fields(),
                    ..TemplateDraft::default()
                })?,
                archive_time: None,
                create_time: now,
                update_time: now,
            };
            templates::insert(conn, &template)?;
            println!("{} template KYC: {}", env.as_str(), template.id);
        }
        let name = tenancy::free_key_name(conn, &organization.id, env, "bootstrap")?;
        let (row, key) = tenancy::create_api_key(conn, &organization.id, env, &name, now)?;
        println!(
            "{} API key {} ({}): {}",
            env.as_str(),
            row.id,
            row.name,
            key.secret
        );
    }
    println!("Keys are shown only now; store them safely.");
    Ok(())
}

fn keys(conn: &mut diesel::PgConnection, command: KeysCommand) -> Result<(), StoreError> {
    let now = SystemClock.now();
    match command {
        KeysCommand::Create { org, env, name } => {
            let organization = tenancy::find_organization(conn, &org)?;
            let (row, key) =
                tenancy::create_api_key(conn, &organization.id, environment(env), &name, now)?;
            println!(
                "{} API key {} ({}): {}",
                row.environment.as_str(),
                row.id,
                row.name,
                key.secret
            );
        }
        KeysCommand::List => {
            // The name is last: it may hold spaces, and scripts read the columns before it.
            println!(
                "{:<28} {:<22} {:<8} {:<22} {:<21} {:<21} NAME",
                "ID", "ORGANIZATION", "ENV", "PREFIX", "CREATED", "REVOKED"
            );
            for (key, org) in tenancy::list_api_keys(conn)? {
                println!(
                    "{:<28} {:<22} {:<8} {:<22} {:<21} {:<21} {}",
                    key.id,
                    org,
                    key.environment.as_str(),
                    format!("{}…", key.display_prefix),
                    key.create_time.format("%Y-%m-%dT%H:%M:%SZ"),
                    key.revoke_time
                        .map_or("-".into(), |t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
                    key.name,
                );
            }
        }
        KeysCommand::Revoke { key_id } => {
            use diesel::Connection;
            let key = conn.transaction(|conn| tenancy::revoke_api_key(conn, &key_id, now))?;
            println!("revoked {}", key.id);
        }
    }
    Ok(())
}

async fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Serve(args) => serve(&cli.global, *args).await,
        Command::Migrate => {
            let url = cli.global.database_url()?;
            let applied = migrate::migrate_url(&url).map_err(|e| e.to_string())?;
            println!("applied {} migration(s)", applied.len());
            Ok(())
        }
        Command::Bootstrap { org } => {
            let mut conn = connect(&cli.global)?;
            bootstrap(&mut conn, &org).map_err(|e| e.to_string())
        }
        Command::Secrets(SecretsCommand::Reseal) => {
            use diesel::Connection;
            let keyring = cli.global.keyring()?;
            if keyring.current.is_none() {
                return Err("set VERILINK_ENCRYPTION_KEY (and, while rotating, \
                            VERILINK_ENCRYPTION_KEY_PREVIOUS) to reseal"
                    .into());
            }
            let mut conn = connect(&cli.global)?;
            let (webhooks, emails) = conn
                .transaction(|conn| {
                    Ok::<_, verilink::app::Error>((
                        verilink::app::webhooks::reseal_all(conn, &keyring)?,
                        verilink::app::email::reseal_queued(conn, &keyring)?,
                    ))
                })
                .map_err(|e| e.to_string())?;
            println!("resealed the secrets of {webhooks} webhook(s) and {emails} queued email(s)");
            Ok(())
        }
        Command::Keys(command) => {
            let mut conn = connect(&cli.global)?;
            keys(&mut conn, command).map_err(|e| e.to_string())
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.global.log_format);
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("verilink: {message}");
            ExitCode::FAILURE
        }
    }
}
