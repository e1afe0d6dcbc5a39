//! `verilink serve`: migrate, then serve gRPC and HTTP until SIGTERM or SIGINT.

use std::sync::Arc;
use std::time::Duration;

use verilink::app::App;
use verilink::clock::SystemClock;
use verilink::config::{GlobalArgs, ServeArgs};
use verilink::server::{Listeners, ServeOptions};
use verilink::store::{migrate, Store};

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

pub async fn run(global: &GlobalArgs, args: ServeArgs) -> Result<(), String> {
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
        console: bind(args.console_addr, "console").await?,
    };
    let app = App::new(Store::new(&config), Arc::new(SystemClock), app_config);
    verilink::server::serve(
        listeners,
        app,
        ServeOptions {
            health_interval: Duration::from_millis(args.health_interval_ms.max(100)),
            drain_timeout: Duration::from_millis(args.drain_timeout_ms),
            worker_interval: Some(Duration::from_millis(args.worker_interval_ms.max(50))),
            limits: args.connections.limits(),
        },
        args.http_config()?,
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
