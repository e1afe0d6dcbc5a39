//! Accepting connections, for the gRPC and the HTTP ports alike: `TCP_NODELAY` on every socket
//! (Nagle's algorithm against a client's delayed ACK costs ~40 ms a call), a cap on open
//! connections (accepting pauses at the cap) and on one client's ([`per_address`]), a deadline
//! for a new connection's first bytes (silent sockets are closed), an idle timeout (a connection
//! with no call open for that long is closed, as gRPC's `MAX_CONNECTION_IDLE`; calls are
//! counted by the telemetry layer through [`open_call`]), a send timeout (a connection that
//! takes none of what it is sent for that long, at the socket or by leaving an answer waiting,
//! is closed), and accept errors (such as running out of descriptors) logged and backed off
//! instead of spinning. [`pace`] holds request bodies to a pace.

mod activity;
mod conn;
pub mod pace;
mod per_address;

pub use activity::{open_call, ConnInfo, OpenCall, Peer};
pub use conn::Conn;

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use futures_util::Stream;
use ipnet::IpNet;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

use self::pace::Pace;
use self::per_address::PerAddress;

/// What a client may hold of a port: its connections, and how long a connection or a request
/// may keep the server waiting.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    /// Open connections at most; accepting pauses while at the cap.
    pub max_connections: usize,
    /// Open connections of one client (an IPv4 address or an IPv6 /64) at most; more are
    /// closed at once. Trusted proxies are exempt.
    pub max_connections_per_address: usize,
    /// How long a new connection may stay silent before it is closed.
    pub handshake_timeout: Duration,
    /// How long a connection may stay open with no call in progress.
    pub idle_timeout: Duration,
    /// How long a connection may take none of what it is sent (read nothing, or over HTTP/2
    /// open no flow-control window for an answer) before it is closed.
    pub send_timeout: Duration,
    /// HTTP ports: how long a request's line and headers may take to arrive, from when the
    /// connection waits for them (so also how long a kept-alive connection waits for its next
    /// request).
    pub header_timeout: Duration,
    /// How request bodies must arrive, on every port.
    pub body: Pace,
}

/// Accepts connections on one listening socket within its limits.
pub struct Acceptor {
    listener: TcpListener,
    limits: ConnectionLimits,
    permits: Arc<Semaphore>,
    per_address: PerAddress,
    name: &'static str,
}

const BACKOFF_START: Duration = Duration::from_millis(10);
const BACKOFF_MAX: Duration = Duration::from_secs(1);

impl Acceptor {
    /// An acceptor for `listener`; connections from `trusted_proxies` are exempt from the cap
    /// per client.
    pub fn new(
        listener: TcpListener,
        limits: ConnectionLimits,
        trusted_proxies: &[IpNet],
        name: &'static str,
    ) -> Self {
        Acceptor {
            permits: Arc::new(Semaphore::new(limits.max_connections.max(1))),
            per_address: PerAddress::new(limits.max_connections_per_address, trusted_proxies, name),
            listener,
            limits,
            name,
        }
    }

    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// The next connection: waits while at the cap, closes at once one whose client is at its
    /// own cap; on accept errors logs and backs off.
    pub async fn next(&mut self) -> Conn {
        let mut backoff = BACKOFF_START;
        loop {
            let Ok(permit) = self.permits.clone().acquire_owned().await else {
                std::future::pending::<()>().await;
                continue;
            };
            match self.listener.accept().await {
                Ok((stream, remote)) => {
                    let Some(slot) = self.per_address.admit(remote.ip()) else {
                        continue;
                    };
                    if let Err(err) = stream.set_nodelay(true) {
                        tracing::debug!(%err, "cannot set TCP_NODELAY");
                    }
                    return Conn::new(stream, remote, (permit, slot), &self.limits);
                }
                Err(err) => {
                    tracing::warn!(port = self.name, %err, ?backoff, "accept failed; backing off");
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(BACKOFF_MAX);
                }
            }
        }
    }

    /// The accepted connections as a stream, for tonic's `serve_with_incoming`.
    pub fn into_stream(self) -> impl Stream<Item = io::Result<Conn>> + Send + 'static {
        futures_util::stream::unfold(self, |mut acceptor| async move {
            let conn = acceptor.next().await;
            Some((Ok(conn), acceptor))
        })
    }
}

#[cfg(test)]
mod tests {
    use std::net::IpAddr;

    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpStream;

    use super::*;

    fn limits(max_connections: usize, idle_timeout: Duration) -> ConnectionLimits {
        ConnectionLimits {
            max_connections,
            max_connections_per_address: max_connections,
            handshake_timeout: Duration::from_millis(200),
            idle_timeout,
            send_timeout: Duration::from_millis(300),
            header_timeout: Duration::from_secs(1),
            body: Pace {
                timeout: Duration::from_secs(1),
                min_rate: 0,
            },
        }
    }

    async fn acceptor(max_connections: usize, idle_timeout: Duration) -> (Acceptor, SocketAddr) {
        acceptor_with(limits(max_connections, idle_timeout)).await
    }

    async fn acceptor_with(limits: ConnectionLimits) -> (Acceptor, SocketAddr) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let acceptor = Acceptor::new(listener, limits, &[], "test");
        let addr = acceptor.local_addr().unwrap();
        (acceptor, addr)
    }

    /// A connection past its handshake (its client sent a byte), and its client.
    async fn talking(acceptor: &mut Acceptor, addr: SocketAddr) -> (TcpStream, Conn) {
        let mut client = TcpStream::connect(addr).await.unwrap();
        let mut conn = acceptor.next().await;
        client.write_all(b"x").await.unwrap();
        let mut buf = [0u8; 1];
        conn.read_exact(&mut buf).await.unwrap();
        (client, conn)
    }

    #[tokio::test]
    async fn accepted_sockets_send_without_delay_and_silent_ones_are_closed() {
        let (mut acceptor, addr) = acceptor(10, Duration::from_secs(10)).await;
        let mut talker = TcpStream::connect(addr).await.unwrap();
        let mut conn = acceptor.next().await;
        assert!(conn.stream.nodelay().unwrap(), "TCP_NODELAY is set");
        talker.write_all(b"hello").await.unwrap();
        let mut buf = [0u8; 5];
        conn.read_exact(&mut buf).await.unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
        talker.write_all(b"still here").await.unwrap();
        let mut more = [0u8; 10];
        conn.read_exact(&mut more)
            .await
            .expect("a talking client is never cut off");

        let _silent = TcpStream::connect(addr).await.unwrap();
        let mut quiet = acceptor.next().await;
        let err = quiet.read(&mut buf).await.expect_err("closed for silence");
        assert_eq!(err.kind(), io::ErrorKind::TimedOut);
    }

    #[tokio::test]
    async fn accepting_pauses_at_the_cap_until_a_connection_closes() {
        let (mut acceptor, addr) = acceptor(1, Duration::from_secs(10)).await;
        let _first = TcpStream::connect(addr).await.unwrap();
        let held = acceptor.next().await;
        let _second = TcpStream::connect(addr).await.unwrap();
        let waiting = tokio::time::timeout(Duration::from_millis(200), acceptor.next()).await;
        assert!(waiting.is_err(), "no second connection while at the cap");
        drop(held);
        tokio::time::timeout(Duration::from_secs(2), acceptor.next())
            .await
            .expect("accepted once a place is free");
    }

    #[tokio::test]
    async fn a_connection_with_no_call_open_is_closed_after_the_idle_timeout() {
        let (mut acceptor, addr) = acceptor(10, Duration::from_millis(300)).await;
        let (_talker, mut conn) = talking(&mut acceptor, addr).await;
        let mut buf = [0u8; 1];

        let call = OpenCall::on(&conn.info.activity);
        let waited = tokio::time::timeout(Duration::from_millis(700), conn.read(&mut buf)).await;
        assert!(
            waited.is_err(),
            "open past the idle timeout while a call is"
        );
        drop(call);
        let err = tokio::time::timeout(Duration::from_secs(2), conn.read(&mut buf))
            .await
            .expect("closed once idle")
            .expect_err("closed for idleness");
        assert_eq!(err.kind(), io::ErrorKind::TimedOut);
    }

    /// A client connection from `ip` (any 127.0.0.0/8 address is loopback on Linux).
    async fn connect_from(ip: [u8; 4], addr: SocketAddr) -> TcpStream {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind((ip, 0).into()).unwrap();
        socket.connect(addr).await.unwrap()
    }

    #[tokio::test]
    async fn a_client_at_its_cap_is_closed_at_once_while_others_are_accepted() {
        let (mut acceptor, addr) = acceptor_with(ConnectionLimits {
            max_connections_per_address: 1,
            ..limits(10, Duration::from_secs(10))
        })
        .await;
        let _first = connect_from([127, 0, 0, 1], addr).await;
        let held = acceptor.next().await;
        assert_eq!(held.peer().addr.ip(), IpAddr::from([127, 0, 0, 1]));
        let mut refused = connect_from([127, 0, 0, 1], addr).await;
        let _other = connect_from([127, 0, 0, 2], addr).await;
        let accepted = tokio::time::timeout(Duration::from_secs(2), acceptor.next())
            .await
            .expect("another client is accepted");
        assert_eq!(accepted.peer().addr.ip(), IpAddr::from([127, 0, 0, 2]));
        let mut buf = [0u8; 1];
        let read = tokio::time::timeout(Duration::from_secs(2), refused.read(&mut buf))
            .await
            .expect("closed at once");
        assert!(
            matches!(read, Ok(0) | Err(_)),
            "the client at its cap is closed: {read:?}"
        );
    }

    #[tokio::test]
    async fn an_answer_the_client_never_takes_closes_its_connection_after_the_send_timeout() {
        let (mut acceptor, addr) = acceptor(10, Duration::from_secs(10)).await;
        let (_client, mut conn) = talking(&mut acceptor, addr).await;
        let call = OpenCall::on(&conn.info.activity);
        call.answer_ready();
        call.answer_asked();
        let mut buf = [0u8; 1];
        let waited = tokio::time::timeout(Duration::from_millis(700), conn.read(&mut buf)).await;
        assert!(
            waited.is_err(),
            "an answer the connection asks for does not wait"
        );
        // An HTTP/2 client that opens no flow-control window: the connection never asks.
        call.answer_ready();
        let err = tokio::time::timeout(Duration::from_secs(2), conn.read(&mut buf))
            .await
            .expect("closed")
            .expect_err("for the answer that waited");
        assert_eq!(err.kind(), io::ErrorKind::TimedOut);
    }

    #[tokio::test]
    async fn a_client_that_reads_nothing_is_cut_off_after_the_send_timeout() {
        let (mut acceptor, addr) = acceptor(10, Duration::from_secs(10)).await;
        let (_client, mut conn) = talking(&mut acceptor, addr).await;
        // Far more than the socket buffers on both sides hold.
        let answer = vec![0u8; 64 << 20];
        let err = tokio::time::timeout(Duration::from_secs(10), conn.write_all(&answer))
            .await
            .expect("given up on")
            .expect_err("the client reads nothing");
        assert_eq!(err.kind(), io::ErrorKind::TimedOut);
    }
}
