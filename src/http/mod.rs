//! The HTTP port: probes for orchestrators, the hosted verification flow (`pages`), the REST
//! gateway (`gateway`), the Persona-compatible API (`persona`) and `/metrics`. Every handler
//! calls the same use cases as gRPC, through [`HttpState::app`] (the gateway through the gRPC
//! services).

pub mod gateway;

use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use ipnet::IpNet;

use crate::app::{App, Call};
use crate::net::Peer;
use crate::telemetry;
use crate::telemetry::layer::TelemetryLayer;

pub mod console;
mod json;
mod pages;
mod persona;
pub mod serve;
mod urlencoded;

/// What the probes report: whether the database answers, and whether the server drains.
#[derive(Debug, Default)]
pub struct Readiness {
    database_up: AtomicBool,
    draining: AtomicBool,
}

impl Readiness {
    pub fn set_database_up(&self, up: bool) {
        self.database_up.store(up, Ordering::SeqCst);
    }

    pub fn set_draining(&self) {
        self.draining.store(true, Ordering::SeqCst);
    }

    fn ready(&self) -> bool {
        self.database_up.load(Ordering::SeqCst) && !self.draining.load(Ordering::SeqCst)
    }
}

/// Settings of the HTTP port.
#[derive(Debug, Clone, Default)]
pub struct HttpConfig {
    /// Proxies whose `X-Forwarded-For` is believed (`VERILINK_TRUSTED_PROXIES`); the console
    /// believes their user and groups headers too, when it is told to.
    pub trusted_proxies: Vec<IpNet>,
    /// How operators log into the console besides login links.
    pub console_login: console::LoginSettings,
}

/// What every HTTP handler shares.
#[derive(Clone)]
pub struct HttpState {
    pub app: App,
    pub readiness: Arc<Readiness>,
    pub config: Arc<HttpConfig>,
    pub gateway: Arc<gateway::Gateway>,
}

/// Whether `ip` is one of the trusted proxies. An IPv4-mapped address (how a dual-stack
/// listener sees an IPv4 peer) is judged as the IPv4 address it is.
pub fn is_trusted_proxy(trusted: &[IpNet], ip: IpAddr) -> bool {
    let ip = ip.to_canonical();
    trusted.iter().any(|net| net.contains(&ip))
}

/// The address a request comes from: the socket's, or — when the socket is a trusted proxy —
/// the first `X-Forwarded-For` hop, from the right, that is not a trusted proxy. The walk
/// stops at a hop that is not an address: what lies left of it the client wrote.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let peer = peer.to_canonical();
    if !is_trusted_proxy(trusted, peer) {
        return peer;
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .collect();
    hops.into_iter()
        .rev()
        .map_while(|hop| hop.trim().parse::<IpAddr>().ok())
        .map(|hop| hop.to_canonical())
        .find(|hop| !is_trusted_proxy(trusted, *hop))
        .unwrap_or(peer)
}

/// The client's address as an extractor (see [`client_address`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

impl FromRequestParts<HttpState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &HttpState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<Peer>>()
            .map_or(IpAddr::from([0, 0, 0, 0]), |info| info.0.addr.ip());
        Ok(ClientAddr(client_address(
            peer,
            &parts.headers,
            &state.config.trusted_proxies,
        )))
    }
}

/// What a request says besides its body: `Authorization`, `Idempotency-Key`, the client, its
/// request ID and `User-Agent`.
pub fn call_of(headers: &HeaderMap, client: ClientAddr) -> Call {
    let text = |name: &str| {
        headers.get(name).map(|v| {
            v.to_str()
                .map(str::to_owned)
                .unwrap_or_else(|_| "\u{fffd}".into())
        })
    };
    Call {
        credential: text("authorization"),
        idempotency_key: text("idempotency-key"),
        client: Some(client.0),
        deadline: None,
        request_id: text(crate::telemetry::request_id::HEADER),
        user_agent: text("user-agent"),
    }
}

/// `/healthz`: the process is up (liveness).
async fn healthz() -> &'static str {
    "ok\n"
}

/// `/readyz`: the database answers and the server is not draining (readiness).
async fn readyz(State(state): State<HttpState>) -> (StatusCode, &'static str) {
    if state.readiness.ready() {
        (StatusCode::OK, "ready\n")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "not ready\n")
    }
}

/// `/metrics`: Prometheus' text format.
async fn metrics(State(state): State<HttpState>) -> Response {
    match telemetry::scrape(&state.app).await {
        Some(text) => (
            [(
                axum::http::header::CONTENT_TYPE,
                "text/plain; version=0.0.4; charset=utf-8",
            )],
            text,
        )
            .into_response(),
        None => (
            StatusCode::SERVICE_UNAVAILABLE,
            "metrics are not recorded in this process\n",
        )
            .into_response(),
    }
}

/// The HTTP port's routes.
pub fn router(state: HttpState) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .merge(pages::router())
        .merge(gateway::router())
        .merge(persona::router())
        .layer(axum::middleware::from_fn(serve::answer_stalled))
        // Last, so that it measures (and logs) every route above.
        .layer(TelemetryLayer::http())
        .with_state(state)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_is_the_first_untrusted_hop_behind_trusted_proxies() {
        let trusted: Vec<IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            "203.0.113.9, 198.51.100.2, 10.1.1.1".parse().unwrap(),
        );
        let proxy: IpAddr = "10.0.0.2".parse().unwrap();
        assert_eq!(
            client_address(proxy, &headers, &trusted),
            "198.51.100.2".parse::<IpAddr>().unwrap(),
            "the rightmost untrusted hop; what it was told is not believed"
        );
        let stranger: IpAddr = "192.0.2.1".parse().unwrap();
        assert_eq!(
            client_address(stranger, &headers, &trusted),
            stranger,
            "an untrusted peer's header is ignored"
        );
        assert_eq!(client_address(proxy, &HeaderMap::new(), &trusted), proxy);
    }

    #[test]
    fn what_a_client_writes_left_of_the_proxies_hops_is_never_the_client() {
        let trusted: Vec<IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        let proxy: IpAddr = "10.0.0.2".parse().unwrap();
        let client: IpAddr = "198.51.100.2".parse().unwrap();
        for forwarded in [
            "not-an-address, 198.51.100.2",
            "203.0.113.9:443, 198.51.100.2, 10.1.1.1",
            "unknown, 198.51.100.2, ::ffff:10.1.1.1",
        ] {
            let mut headers = HeaderMap::new();
            headers.insert("x-forwarded-for", forwarded.parse().unwrap());
            assert_eq!(
                client_address(proxy, &headers, &trusted),
                client,
                "{forwarded}"
            );
        }
    }

    #[test]
    fn an_ipv4_mapped_peer_is_judged_as_its_ipv4_address() {
        let trusted: Vec<IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        let mapped: IpAddr = "::ffff:10.0.0.2".parse().unwrap();
        assert!(is_trusted_proxy(&trusted, mapped));
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", "::ffff:198.51.100.2".parse().unwrap());
        assert_eq!(
            client_address(mapped, &headers, &trusted),
            "198.51.100.2".parse::<IpAddr>().unwrap()
        );
        let stranger: IpAddr = "::ffff:192.0.2.1".parse().unwrap();
        assert_eq!(
            client_address(stranger, &headers, &trusted),
            "192.0.2.1".parse::<IpAddr>().unwrap(),
            "one client, one address, whichever way it connects"
        );
    }
}
