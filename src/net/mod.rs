//! Accepting connections, for the gRPC and the HTTP ports alike: `TCP_NODELAY` on every socket
//! (Nagle's algorithm against a client's delayed ACK costs ~40 ms a call), a cap on open
//! connections (accepting pauses at the cap) and on one client's ([`per_address`]), a deadline
//! for a new connection's first bytes (silent sockets are closed), an idle timeout (a connection
//! with no call open for that long is closed, as gRPC's `MAX_CONNECTION_IDLE`; calls are
//! counted by the telemetry layer through [`open_call`]), a send timeout (a connection that
//! takes none of what it is sent for that long is closed), and accept errors (such as running
//! out of descriptors) logged and backed off instead of spinning. [`pace`] holds request bodies
//! to a pace.

mod activity;
pub mod pace;
mod per_address;

pub use activity::{open_call, ConnInfo, OpenCall, Peer};

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use futures_util::Stream;
use ipnet::IpNet;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Sleep;
use tonic::transport::server::{Connected, TcpConnectInfo};

use self::activity::Activity;
use self::pace::Pace;
use self::per_address::{PerAddress, Slot};

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
    /// How long a connection may take none of what it is sent before it is closed.
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
                    let local = stream.local_addr().ok();
                    return Conn {
                        stream,
                        _permit: permit,
                        _slot: slot,
                        silent: Some(Box::pin(tokio::time::sleep(self.limits.handshake_timeout))),
                        idle: Box::pin(tokio::time::sleep(self.limits.idle_timeout)),
                        idle_timeout: self.limits.idle_timeout,
                        unsent: None,
                        send_timeout: self.limits.send_timeout,
                        remote,
                        info: ConnInfo {
                            tcp: TcpConnectInfo {
                                local_addr: local,
                                remote_addr: Some(remote),
                            },
                            activity: Activity::new(),
                        },
                    };
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

/// An accepted connection; it holds its place under the caps until dropped.
pub struct Conn {
    stream: TcpStream,
    _permit: OwnedSemaphorePermit,
    _slot: Slot,
    /// Until the first bytes arrive: when the connection is closed for silence.
    silent: Option<Pin<Box<Sleep>>>,
    /// When to look again whether the connection has been idle too long.
    idle: Pin<Box<Sleep>>,
    idle_timeout: Duration,
    /// While a write waits for the client to take what it was sent: when to give up.
    unsent: Option<Pin<Box<Sleep>>>,
    send_timeout: Duration,
    remote: SocketAddr,
    info: ConnInfo,
}

impl Conn {
    /// The connection's remote address and activity, for an HTTP port's requests.
    pub fn peer(&self) -> Peer {
        Peer {
            addr: self.remote,
            activity: self.info.activity.clone(),
        }
    }

    /// A write's outcome, or a timeout when writes have waited for the send timeout: a client
    /// that reads nothing cannot hold the connection (and its call) by leaving what it was
    /// sent unread.
    fn sending<T>(
        &mut self,
        cx: &mut Context<'_>,
        polled: Poll<io::Result<T>>,
    ) -> Poll<io::Result<T>> {
        if polled.is_ready() {
            self.unsent = None;
            return polled;
        }
        let timeout = self.send_timeout;
        let unsent = self
            .unsent
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(timeout)));
        if unsent.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client took nothing within the send timeout",
            )));
        }
        Poll::Pending
    }

    /// Whether the connection has had no call open for its idle timeout; otherwise arms the
    /// timer for the next look (registering the task's waker).
    fn idle_too_long(&mut self, cx: &mut Context<'_>) -> bool {
        while self.idle.as_mut().poll(cx).is_ready() {
            let now = Instant::now();
            let next = match self.info.activity.idle_deadline(self.idle_timeout) {
                Some(deadline) if deadline <= now => return true,
                Some(deadline) => deadline,
                None => now + self.idle_timeout,
            };
            self.idle.as_mut().reset(next.into());
        }
        false
    }
}

impl AsyncRead for Conn {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if self.idle_too_long(cx) {
            return Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "no call within the idle timeout",
            )));
        }
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.stream).poll_read(cx, buf);
        let Some(deadline) = self.silent.as_mut() else {
            return polled;
        };
        match polled {
            Poll::Ready(Ok(())) if buf.filled().len() > before => self.silent = None,
            Poll::Pending if deadline.as_mut().poll(cx).is_ready() => {
                return Poll::Ready(Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    "no bytes within the handshake timeout",
                )));
            }
            _ => {}
        }
        polled
    }
}

impl AsyncWrite for Conn {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.stream).poll_write(cx, buf);
        self.sending(cx, polled)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let polled = Pin::new(&mut self.stream).poll_flush(cx);
        self.sending(cx, polled)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        self.sending(cx, polled)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}

impl Connected for Conn {
    type ConnectInfo = ConnInfo;

    fn connect_info(&self) -> ConnInfo {
        self.info.clone()
    }
}

#[cfg(test)]
mod tests {
    use std::net::IpAddr;

    use tokio::io::{AsyncReadExt, AsyncWriteExt};

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
