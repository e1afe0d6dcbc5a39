//! What a client may hold of a port: connections, and how long a connection or a request may
//! keep the server waiting (see `net` and `http::serve`).

use std::time::Duration;

use clap::Args;

use crate::net::pace::Pace;
use crate::net::ConnectionLimits;

#[derive(Debug, Clone, Args)]
pub struct ConnectionArgs {
    /// Open connections allowed per port; accepting pauses at the cap.
    #[arg(long, env = "VERILINK_MAX_CONNECTIONS", default_value_t = 10_000)]
    pub max_connections: usize,
    /// Open connections allowed per port to one client (an IPv4 address or an IPv6 /64);
    /// more are closed at once. Trusted proxies are exempt.
    #[arg(
        long,
        env = "VERILINK_MAX_CONNECTIONS_PER_ADDRESS",
        default_value_t = 1000
    )]
    pub max_connections_per_address: usize,
    /// How long a new connection may stay silent before it is closed, in milliseconds.
    #[arg(long, env = "VERILINK_HANDSHAKE_TIMEOUT_MS", default_value_t = 5000)]
    pub handshake_timeout_ms: u64,
    /// How long an HTTP request's line and headers may take to arrive, in milliseconds (also
    /// how long a kept-alive HTTP connection waits for its next request).
    #[arg(long, env = "VERILINK_HEADER_TIMEOUT_MS", default_value_t = 10_000)]
    pub header_timeout_ms: u64,
    /// How long a request body (on any port) may send nothing before the request is refused
    /// (HTTP 408), in milliseconds; also the body's grace before its minimum rate applies.
    #[arg(long, env = "VERILINK_BODY_TIMEOUT_MS", default_value_t = 10_000)]
    pub body_timeout_ms: u64,
    /// Bytes a second a request body must average once its grace has passed (0: no minimum).
    #[arg(long, env = "VERILINK_BODY_MIN_BYTES_PER_SEC", default_value_t = 500)]
    pub body_min_bytes_per_sec: u64,
    /// How long a connection may take none of what it is sent (read nothing, or over HTTP/2
    /// open no flow-control window for an answer) before it is closed, in milliseconds.
    #[arg(long, env = "VERILINK_SEND_TIMEOUT_MS", default_value_t = 30_000)]
    pub send_timeout_ms: u64,
    /// How long a connection may stay open with no call in progress, in seconds (gRPC's
    /// `MAX_CONNECTION_IDLE`); clients reconnect for their next call.
    #[arg(long, env = "VERILINK_IDLE_TIMEOUT_SECS", default_value_t = 300)]
    pub idle_timeout_secs: u64,
}

impl ConnectionArgs {
    pub fn limits(&self) -> ConnectionLimits {
        let millis = |ms: u64| Duration::from_millis(ms.max(100));
        ConnectionLimits {
            max_connections: self.max_connections.max(1),
            max_connections_per_address: self.max_connections_per_address.max(1),
            handshake_timeout: millis(self.handshake_timeout_ms),
            idle_timeout: Duration::from_secs(self.idle_timeout_secs.max(1)),
            send_timeout: millis(self.send_timeout_ms),
            header_timeout: millis(self.header_timeout_ms),
            body: Pace {
                timeout: millis(self.body_timeout_ms),
                min_rate: self.body_min_bytes_per_sec,
            },
        }
    }
}
