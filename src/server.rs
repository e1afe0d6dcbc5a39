//! Wiring: the gRPC services, health, reflection, the HTTP port, the background workers, and
//! graceful shutdown of both ports together.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tonic::server::NamedService;
use tonic::service::Routes;
use tonic::transport::Server;
use tonic_health::server::HealthReporter;
use tonic_health::ServingStatus;

use crate::api::audit::Audit;
use crate::api::inquiries::Inquiries;
use crate::api::one_time_links::OneTimeLinks;
use crate::api::sessions::Sessions;
use crate::api::templates::Templates;
use crate::api::webhooks::Webhooks;
use crate::app::App;
use crate::http::gateway::Gateway;
use crate::http::serve::serve as serve_http;
use crate::http::{HttpConfig, HttpState, Readiness};
use crate::net::{Acceptor, ConnectionLimits};
use crate::pb::audit_service_server::AuditServiceServer;
use crate::pb::inquiry_service_server::InquiryServiceServer;
use crate::pb::inquiry_template_service_server::InquiryTemplateServiceServer;
use crate::pb::one_time_link_service_server::OneTimeLinkServiceServer;
use crate::pb::session_service_server::SessionServiceServer;
use crate::pb::webhook_service_server::WebhookServiceServer;
use crate::telemetry::layer::TelemetryLayer;
use crate::worker;
use crate::worker::dispatcher::{Dispatcher, DispatcherConfig};
use crate::worker::mailer::{Mailer, MailerError};
use crate::worker::maintenance::Maintenance;

/// How many bytes of headers a gRPC call may send.
const MAX_HEADER_LIST_BYTES: u32 = 256 * 1024;

/// The services whose health follows database reachability.
pub const SERVICE_NAMES: [&str; 6] = [
    <InquiryTemplateServiceServer<Templates> as NamedService>::NAME,
    <InquiryServiceServer<Inquiries> as NamedService>::NAME,
    <SessionServiceServer<Sessions> as NamedService>::NAME,
    <OneTimeLinkServiceServer<OneTimeLinks> as NamedService>::NAME,
    <WebhookServiceServer<Webhooks> as NamedService>::NAME,
    <AuditServiceServer<Audit> as NamedService>::NAME,
];

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("reflection: {0}")]
    Reflection(#[from] tonic_reflection::server::Error),
    #[error("gRPC transport: {0}")]
    Transport(#[from] tonic::transport::Error),
    #[error("webhook client: {0}")]
    HttpClient(#[from] reqwest::Error),
    #[error("REST gateway: {0}")]
    Gateway(String),
    #[error("mailer: {0}")]
    Mailer(#[from] MailerError),
}

/// The three ports, bound by the caller (port 0 allowed).
pub struct Listeners {
    pub grpc: TcpListener,
    pub http: TcpListener,
    /// The operators' console.
    pub console: TcpListener,
}

/// Timing and limits of the server's duties.
#[derive(Debug, Clone, Copy)]
pub struct ServeOptions {
    /// How often database reachability is checked for the health service and `/readyz`.
    pub health_interval: Duration,
    /// How long in-flight calls (and open streams) may run on after shutdown begins.
    pub drain_timeout: Duration,
    /// How often background workers (webhook dispatcher, mailer, maintenance) run; `None` runs none
    /// (tests drive them by hand).
    pub worker_interval: Option<Duration>,
    /// Limits on each port's connections.
    pub limits: ConnectionLimits,
}

/// Settings of the HTTP port beyond its listener.
pub type HttpOptions = HttpConfig;

async fn set_all(reporter: &HealthReporter, status: ServingStatus) {
    for name in SERVICE_NAMES {
        reporter.set_service_status(name, status).await;
    }
}

/// How long the health probe waits for the database's answer.
const PROBE_TIMEOUT: Duration = Duration::from_secs(1);
/// How often the database is probed while it is down, at most (to see it come back soon).
const PROBE_WHILE_DOWN: Duration = Duration::from_secs(1);

/// Checks the database every `interval` — and at once when a call loses its connection — and
/// reports each service SERVING (and `/readyz` ready) only while it answers.
async fn watch_database(
    app: App,
    reporter: HealthReporter,
    readiness: Arc<Readiness>,
    interval: Duration,
) {
    let mut last = None;
    loop {
        let up = tokio::time::timeout(PROBE_TIMEOUT, app.store().ping())
            .await
            .unwrap_or(false);
        readiness.set_database_up(up);
        if last != Some(up) {
            if up {
                tracing::info!("database reachable: services SERVING");
            } else {
                tracing::warn!("database unreachable: services NOT_SERVING");
            }
            let status = if up {
                ServingStatus::Serving
            } else {
                ServingStatus::NotServing
            };
            set_all(&reporter, status).await;
            last = Some(up);
        }
        if up {
            tokio::select! {
                () = tokio::time::sleep(interval) => {}
                () = app.store().connection_lost() => {}
            }
        } else {
            tokio::time::sleep(interval.min(PROBE_WHILE_DOWN)).await;
        }
    }
}

/// Starts the background workers; they stop when shutdown begins.
fn spawn_workers(app: &App, interval: Duration) -> Result<(), ServeError> {
    let dispatcher = Dispatcher::new(
        app.store().clone(),
        app.clock(),
        DispatcherConfig {
            policy: app.config().outbound.clone(),
            keyring: app.config().keyring.clone(),
        },
    )?;
    tokio::spawn(dispatcher.run(interval, app.shutting_down()));
    if let Some(mailer) = Mailer::for_app(app)? {
        let stopped = app.shutting_down();
        tokio::spawn(async move {
            worker::every("email", interval, stopped, || mailer.run_once()).await;
        });
    }
    let maintenance = Maintenance::new(app.clone());
    let stopped = app.shutting_down();
    tokio::spawn(async move {
        worker::every("maintenance", interval, stopped, || maintenance.run_once()).await;
    });
    Ok(())
}

/// Serves gRPC, HTTP and the console until `shutdown` resolves, then reports NOT_SERVING,
/// stops accepting on every port and lets in-flight calls finish, for at most `drain_timeout`.
pub async fn serve(
    listeners: Listeners,
    app: App,
    options: ServeOptions,
    http_options: HttpOptions,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let (reporter, health_service) = tonic_health::server::health_reporter();
    set_all(&reporter, ServingStatus::NotServing).await;
    // Installed before the first call, so every call is counted.
    crate::telemetry::recorder();
    let reflection = || {
        tonic_reflection::server::Builder::configure()
            .register_encoded_file_descriptor_set(crate::pb::FILE_DESCRIPTOR_SET)
            .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
    };
    // v1alpha beside v1: older ghz and grpcurl builds and GUI clients speak only v1alpha.
    let (reflection_v1, reflection_v1alpha) =
        (reflection().build_v1()?, reflection().build_v1alpha()?);
    // One set of services for the gRPC port and, in-process, for the REST gateway.
    let services = Routes::new(InquiryTemplateServiceServer::new(Templates(app.clone())))
        .add_service(InquiryServiceServer::new(Inquiries(app.clone())))
        .add_service(SessionServiceServer::new(Sessions(app.clone())))
        .add_service(OneTimeLinkServiceServer::new(OneTimeLinks(app.clone())))
        .add_service(WebhookServiceServer::new(Webhooks(app.clone())))
        .add_service(AuditServiceServer::new(Audit(app.clone())));
    let gateway = Arc::new(Gateway::new(services.clone()).map_err(ServeError::Gateway)?);
    let readiness = Arc::new(Readiness::default());
    let watcher = tokio::spawn(watch_database(
        app.clone(),
        reporter.clone(),
        readiness.clone(),
        options.health_interval,
    ));
    app.follow_changes();
    if let Some(interval) = options.worker_interval {
        spawn_workers(&app, interval)?;
    }

    let (drain_reporter, drain_app, drain_readiness) =
        (reporter.clone(), app.clone(), readiness.clone());
    tokio::spawn(async move {
        shutdown.await;
        tracing::info!("shutting down: draining in-flight calls");
        watcher.abort();
        drain_readiness.set_draining();
        drain_reporter
            .set_service_status("", ServingStatus::NotServing)
            .await;
        set_all(&drain_reporter, ServingStatus::NotServing).await;
        drain_app.begin_shutdown();
    });

    let limits = options.limits;
    let trusted = http_options.trusted_proxies.clone();
    let grpc = Server::builder()
        // Large enough that an oversized idempotency key reaches its validation (and is refused
        // with INVALID_ARGUMENT) instead of being cut off as HTTP 431.
        .http2_max_header_list_size(MAX_HEADER_LIST_BYTES)
        .layer(TelemetryLayer::grpc())
        .layer(crate::api::pace::layer(limits.body))
        .layer(crate::api::size::MessageSizeLayer)
        .add_routes(services)
        .add_service(health_service)
        .add_service(reflection_v1)
        .add_service(reflection_v1alpha)
        .serve_with_incoming_shutdown(
            Acceptor::new(listeners.grpc, limits, &trusted, "grpc").into_stream(),
            app.shutting_down(),
        );
    let http_state = HttpState {
        app: app.clone(),
        readiness,
        config: Arc::new(http_options),
        gateway,
    };
    let console = serve_http(
        Acceptor::new(listeners.console, limits, &trusted, "console"),
        crate::http::console::router(http_state.clone()),
        &limits,
        app.shutting_down(),
    );
    let http = serve_http(
        Acceptor::new(listeners.http, limits, &trusted, "http"),
        crate::http::router(http_state),
        &limits,
        app.shutting_down(),
    );
    let served = async {
        tokio::try_join!(
            async { grpc.await.map_err(ServeError::from) },
            async {
                http.await;
                Ok(())
            },
            async {
                console.await;
                Ok(())
            }
        )
    };
    let drain_deadline = async {
        app.shutting_down().await;
        tokio::time::sleep(options.drain_timeout).await;
    };
    tokio::select! {
        served = served => { served?; }
        () = drain_deadline => tracing::warn!("drain timeout reached: closing remaining calls"),
    }
    Ok(())
}
