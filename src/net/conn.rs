//! An accepted connection: its places under the caps, and the deadlines its reads and writes
//! are held to (see the module above).

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::OwnedSemaphorePermit;
use tokio::time::Sleep;
use tonic::transport::server::{Connected, TcpConnectInfo};

use super::activity::Activity;
use super::per_address::Slot;
use super::{ConnInfo, ConnectionLimits, Peer};

/// An accepted connection; it holds its place under the caps until dropped.
pub struct Conn {
    pub(super) stream: TcpStream,
    _permit: OwnedSemaphorePermit,
    _slot: Slot,
    /// Until the first bytes arrive: when the connection is closed for silence.
    silent: Option<Pin<Box<Sleep>>>,
    /// When to look again whether the connection has been idle, or an answer has waited, too
    /// long (see [`Conn::overdue`]).
    idle: Pin<Box<Sleep>>,
    idle_timeout: Duration,
    /// While a write waits for the client to take what it was sent: when to give up.
    unsent: Option<Pin<Box<Sleep>>>,
    send_timeout: Duration,
    remote: SocketAddr,
    pub(super) info: ConnInfo,
}

impl Conn {
    /// A connection just accepted from `remote`, in its `places` under the port's cap and its
    /// client's.
    pub(super) fn new(
        stream: TcpStream,
        remote: SocketAddr,
        places: (OwnedSemaphorePermit, Slot),
        limits: &ConnectionLimits,
    ) -> Conn {
        let local = stream.local_addr().ok();
        Conn {
            stream,
            _permit: places.0,
            _slot: places.1,
            silent: Some(Box::pin(tokio::time::sleep(limits.handshake_timeout))),
            idle: Box::pin(tokio::time::sleep(
                limits.idle_timeout.min(limits.send_timeout),
            )),
            idle_timeout: limits.idle_timeout,
            unsent: None,
            send_timeout: limits.send_timeout,
            remote,
            info: ConnInfo {
                tcp: TcpConnectInfo {
                    local_addr: local,
                    remote_addr: Some(remote),
                },
                activity: Activity::new(),
            },
        }
    }

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

    /// Why the connection is to be closed: it has had no call open for its idle timeout, or
    /// an answer has waited for the client for the send timeout (an HTTP/2 client that opens no
    /// flow-control window holds its calls without a write ever waiting). Otherwise arms the
    /// timer for the next look (registering the task's waker), at least once a send timeout.
    fn overdue(&mut self, cx: &mut Context<'_>) -> Option<&'static str> {
        while self.idle.as_mut().poll(cx).is_ready() {
            let now = Instant::now();
            let activity = &self.info.activity;
            let undelivered = activity.undelivered_since().map(|s| s + self.send_timeout);
            if undelivered.is_some_and(|deadline| deadline <= now) {
                return Some("the client took no answer within the send timeout");
            }
            let next = match activity.idle_deadline(self.idle_timeout) {
                Some(deadline) if deadline <= now => {
                    return Some("no call within the idle timeout")
                }
                Some(deadline) => deadline,
                None => now + self.idle_timeout,
            };
            let next = next.min(undelivered.unwrap_or(now + self.send_timeout));
            self.idle.as_mut().reset(next.into());
        }
        None
    }
}

impl AsyncRead for Conn {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if let Some(why) = self.overdue(cx) {
            return Poll::Ready(Err(io::Error::new(io::ErrorKind::TimedOut, why)));
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
