//! Wiring: the gRPC services, health, reflection, and graceful shutdown.

use std::future::Future;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio_stream::wrappers::TcpListenerStream;
use tonic::server::NamedService;
use tonic::transport::Server;
use tonic_health::server::HealthReporter;
use tonic_health::ServingStatus;

use crate::api::inquiries::Inquiries;
use crate::api::one_time_links::OneTimeLinks;
use crate::api::sessions::Sessions;
use crate::api::templates::Templates;
use crate::api::webhooks::Webhooks;
use crate::api::AppState;
use crate::pb::inquiry_service_server::InquiryServiceServer;
use crate::pb::inquiry_template_service_server::InquiryTemplateServiceServer;
use crate::pb::one_time_link_service_server::OneTimeLinkServiceServer;
use crate::pb::session_service_server::SessionServiceServer;
use crate::pb::webhook_service_server::WebhookServiceServer;
use crate::store::listen::spawn_listener;
use crate::store::Store;
use crate::worker;
use crate::worker::dispatcher::Dispatcher;
use crate::worker::maintenance::Maintenance;

/// The services whose health follows database reachability.
pub const SERVICE_NAMES: [&str; 5] = [
    <InquiryTemplateServiceServer<Templates> as NamedService>::NAME,
    <InquiryServiceServer<Inquiries> as NamedService>::NAME,
    <SessionServiceServer<Sessions> as NamedService>::NAME,
    <OneTimeLinkServiceServer<OneTimeLinks> as NamedService>::NAME,
    <WebhookServiceServer<Webhooks> as NamedService>::NAME,
];

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("reflection: {0}")]
    Reflection(#[from] tonic_reflection::server::Error),
    #[error("transport: {0}")]
    Transport(#[from] tonic::transport::Error),
    #[error("webhook client: {0}")]
    HttpClient(#[from] reqwest::Error),
}

async fn set_all(reporter: &HealthReporter, status: ServingStatus) {
    for name in SERVICE_NAMES {
        reporter.set_service_status(name, status).await;
    }
}

/// Checks the database every `interval` and reports each service SERVING only while it answers.
async fn watch_database(store: Store, reporter: HealthReporter, interval: Duration) {
    let mut last = None;
    let mut ticker = tokio::time::interval(interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        let up = tokio::time::timeout(Duration::from_secs(2), store.ping())
            .await
            .unwrap_or(false);
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
    }
}

/// Timing of the server's background duties.
#[derive(Debug, Clone, Copy)]
pub struct ServeOptions {
    /// How often database reachability is checked for the health service.
    pub health_interval: Duration,
    /// How long in-flight calls (and open streams) may run on after shutdown begins.
    pub drain_timeout: Duration,
    /// How often background workers (webhook dispatcher, maintenance) run; `None` runs none (tests drive
    /// them by hand).
    pub worker_interval: Option<Duration>,
}

/// Starts the background workers; they stop when shutdown begins.
fn spawn_workers(state: &AppState, interval: Duration) -> Result<(), ServeError> {
    let dispatcher = Dispatcher::new(state.store.clone(), state.clock.clone())?;
    let stopped = state.shutting_down();
    tokio::spawn(async move {
        worker::every("webhooks", interval, stopped, || dispatcher.run_once()).await;
    });
    let maintenance = Maintenance::new(state.store.clone(), state.clock.clone());
    let stopped = state.shutting_down();
    tokio::spawn(async move {
        worker::every("maintenance", interval, stopped, || maintenance.run_once()).await;
    });
    Ok(())
}

/// Serves gRPC on `listener` until `shutdown` resolves, then reports NOT_SERVING and lets
/// in-flight calls finish, for at most `drain_timeout`.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    options: ServeOptions,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), ServeError> {
    let (reporter, health_service) = tonic_health::server::health_reporter();
    set_all(&reporter, ServingStatus::NotServing).await;
    let reflection = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(crate::pb::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .build_v1()?;
    let watcher = tokio::spawn(watch_database(
        state.store.clone(),
        reporter.clone(),
        options.health_interval,
    ));

    spawn_listener(
        state.store.database_url().to_owned(),
        state.hub.clone(),
        state.shutdown_handle(),
    );
    if let Some(interval) = options.worker_interval {
        spawn_workers(&state, interval)?;
    }

    let (drain_started, drain_began) = tokio::sync::oneshot::channel::<()>();
    let drain_reporter = reporter.clone();
    let drain_state = state.clone();
    let draining = async move {
        shutdown.await;
        tracing::info!("shutting down: draining in-flight calls");
        watcher.abort();
        drain_state.begin_shutdown();
        drain_reporter
            .set_service_status("", ServingStatus::NotServing)
            .await;
        set_all(&drain_reporter, ServingStatus::NotServing).await;
        let _ = drain_started.send(());
    };

    let server = Server::builder()
        .add_service(health_service)
        .add_service(reflection)
        .add_service(InquiryTemplateServiceServer::new(Templates(state.clone())))
        .add_service(InquiryServiceServer::new(Inquiries(state.clone())))
        .add_service(SessionServiceServer::new(Sessions(state.clone())))
        .add_service(OneTimeLinkServiceServer::new(OneTimeLinks(state.clone())))
        .add_service(WebhookServiceServer::new(Webhooks(state)))
        .serve_with_incoming_shutdown(TcpListenerStream::new(listener), draining);
    let drain_deadline = async {
        if drain_began.await.is_ok() {
            tokio::time::sleep(options.drain_timeout).await;
        } else {
            std::future::pending::<()>().await;
        }
    };
    tokio::select! {
        served = server => served?,
        () = drain_deadline => tracing::warn!("drain timeout reached: closing remaining calls"),
    }
    Ok(())
}
