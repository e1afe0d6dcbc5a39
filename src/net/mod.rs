//! Accepting connections, for the gRPC and the HTTP port alike: `TCP_NODELAY` on every socket
//! (Nagle's algorithm against a client's delayed ACK costs ~40 ms a call), a cap on open
//! connections (accepting pauses at the cap), a deadline for a new connection's first bytes
//! (silent sockets are closed), an idle timeout (a connection with no call open for that long
//! is closed, as gRPC's `MAX_CONNECTION_IDLE`; calls are counted by the telemetry layer through
//! [`open_call`]), and accept errors (such as running out of descriptors) logged and backed off
//! instead of spinning.

mod activity;

pub use activity::{open_call, ConnInfo, OpenCall, Peer};

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use futures_util::Stream;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Sleep;
use tonic::transport::server::{Connected, TcpConnectInfo};

use self::activity::Activity;

/// Limits on the connections of one port.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    /// Open connections at most; accepting pauses while at the cap.
    pub max_connections: usize,
    /// How long a new connection may stay silent before it is closed.
    pub handshake_timeout: Duration,
    /// How long a connection may stay open with no call in progress.
    pub idle_timeout: Duration,
}

/// Accepts connections on one listening socket within its limits.
pub struct Acceptor {
    listener: TcpListener,
    limits: ConnectionLimits,
    permits: Arc<Semaphore>,
    name: &'static str,
}

const BACKOFF_START: Duration = Duration::from_millis(10);
const BACKOFF_MAX: Duration = Duration::from_secs(1);

impl Acceptor {
    pub fn new(listener: TcpListener, limits: ConnectionLimits, name: &'static str) -> Self {
        Acceptor {
            permits: Arc::new(Semaphore::new(limits.max_connections.max(1))),
            listener,
            limits,
            name,
        }
    }

    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// The next connection: waits while at the cap; on accept errors logs and backs off.
    pub async fn next(&mut self) -> (Conn, SocketAddr) {
        let mut backoff = BACKOFF_START;
        loop {
            let Ok(permit) = self.permits.clone().acquire_owned().await else {
                std::future::pending::<()>().await;
                continue;
            };
            match self.listener.accept().await {
                Ok((stream, remote)) => {
                    if let Err(err) = stream.set_nodelay(true) {
                        tracing::debug!(%err, "cannot set TCP_NODELAY");
                    }
                    let local = stream.local_addr().ok();
                    let conn = Conn {
                        stream,
                        _permit: permit,
                        silent: Some(Box::pin(tokio::time::sleep(self.limits.handshake_timeout))),
                        idle: Box::pin(tokio::time::sleep(self.limits.idle_timeout)),
                        idle_timeout: self.limits.idle_timeout,
                        info: ConnInfo {
                            tcp: TcpConnectInfo {
                                local_addr: local,
                                remote_addr: Some(remote),
                            },
                            activity: Activity::new(),
                        },
                    };
                    return (conn, remote);
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
            let (conn, _) = acceptor.next().await;
            Some((Ok(conn), acceptor))
        })
    }
}

impl axum::serve::Listener for Acceptor {
    type Io = Conn;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Conn, SocketAddr) {
        self.next().await
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }
}

impl axum::extract::connect_info::Connected<axum::serve::IncomingStream<'_, Acceptor>> for Peer {
    fn connect_info(stream: axum::serve::IncomingStream<'_, Acceptor>) -> Self {
        Peer {
            addr: *stream.remote_addr(),
            activity: stream.io().info.activity.clone(),
        }
    }
}

/// An accepted connection; it holds its place under the cap until dropped.
pub struct Conn {
    stream: TcpStream,
    _permit: OwnedSemaphorePermit,
    /// Until the first bytes arrive: when the connection is closed for silence.
    silent: Option<Pin<Box<Sleep>>>,
    /// When to look again whether the connection has been idle too long.
    idle: Pin<Box<Sleep>>,
    idle_timeout: Duration,
    info: ConnInfo,
}

impl Conn {
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
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
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
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::*;

    async fn acceptor(max_connections: usize, idle_timeout: Duration) -> (Acceptor, SocketAddr) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let limits = ConnectionLimits {
            max_connections,
            handshake_timeout: Duration::from_millis(200),
            idle_timeout,
        };
        let acceptor = Acceptor::new(listener, limits, "test");
        let addr = acceptor.local_addr().unwrap();
        (acceptor, addr)
    }

    #[tokio::test]
    async fn accepted_sockets_send_without_delay_and_silent_ones_are_closed() {
        let (mut acceptor, addr) = acceptor(10, Duration::from_secs(10)).await;
        let mut talker = TcpStream::connect(addr).await.unwrap();
        let (mut conn, _) = acceptor.next().await;
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
        let (mut quiet, _) = acceptor.next().await;
        let err = quiet.read(&mut buf).await.expect_err("closed for silence");
        assert_eq!(err.kind(), io::ErrorKind::TimedOut);
    }

    #[tokio::test]
    async fn accepting_pauses_at_the_cap_until_a_connection_closes() {
        let (mut acceptor, addr) = acceptor(1, Duration::from_secs(10)).await;
        let _first = TcpStream::connect(addr).await.unwrap();
        let (held, _) = acceptor.next().await;
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
        let mut talker = TcpStream::connect(addr).await.unwrap();
        let (mut conn, _) = acceptor.next().await;
        talker.write_all(b"x").await.unwrap();
        let mut buf = [0u8; 1];
        conn.read_exact(&mut buf).await.unwrap();

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
}
