//! What runs on a connection: the calls open on it (so that it is not idle while one is), the
//! answers waiting for the client to take them, and what its requests know of it.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::extract::ConnectInfo;
use tonic::transport::server::TcpConnectInfo;

/// What a connection is doing: how many calls are open on it, since when it has had none, and
/// since when each answer with something for the client has waited for the connection to ask
/// for it (over HTTP/2 the connection asks only while the client's flow-control window allows
/// sending, so an answer waits as long as the client takes nothing).
#[derive(Debug)]
pub struct Activity {
    open: AtomicUsize,
    idle_since: Mutex<Instant>,
    calls: AtomicU64,
    waiting: Mutex<HashMap<u64, Instant>>,
}

impl Activity {
    pub(super) fn new() -> Arc<Self> {
        Arc::new(Activity {
            open: AtomicUsize::new(0),
            idle_since: Mutex::new(Instant::now()),
            calls: AtomicU64::new(0),
            waiting: Mutex::new(HashMap::new()),
        })
    }

    fn waiting(&self) -> MutexGuard<'_, HashMap<u64, Instant>> {
        self.waiting.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Since when the answer that has waited longest for the client has waited.
    pub(super) fn undelivered_since(&self) -> Option<Instant> {
        self.waiting().values().min().copied()
    }

    /// When the connection becomes too idle: `None` while a call is open.
    pub(super) fn idle_deadline(&self, timeout: Duration) -> Option<Instant> {
        if self.open.load(Ordering::SeqCst) > 0 {
            return None;
        }
        let since = *self.idle_since.lock().unwrap_or_else(|e| e.into_inner());
        Some(since + timeout)
    }
}

/// One call open on a connection: the connection is not idle while it lives.
#[derive(Debug)]
pub struct OpenCall(Arc<Activity>, u64);

impl OpenCall {
    pub(super) fn on(activity: &Arc<Activity>) -> Self {
        activity.open.fetch_add(1, Ordering::SeqCst);
        OpenCall(
            activity.clone(),
            activity.calls.fetch_add(1, Ordering::SeqCst),
        )
    }

    /// The call's answer has something for the client: from now it waits for the connection
    /// to ask for it.
    pub fn answer_ready(&self) {
        self.0.waiting().insert(self.1, Instant::now());
    }

    /// The connection asks the answer for more: nothing of it waits.
    pub fn answer_asked(&self) {
        self.0.waiting().remove(&self.1);
    }
}

impl Drop for OpenCall {
    fn drop(&mut self) {
        self.answer_asked();
        let mut since = self.0.idle_since.lock().unwrap_or_else(|e| e.into_inner());
        if self.0.open.fetch_sub(1, Ordering::SeqCst) == 1 {
            *since = Instant::now();
        }
    }
}

/// The call a request opens on its connection (either port), for as long as the returned value
/// lives. On the gRPC port it also puts the connection's `TcpConnectInfo` where
/// `tonic::Request::remote_addr` looks for it.
pub fn open_call(extensions: &mut http::Extensions) -> Option<OpenCall> {
    if let Some(info) = extensions.get::<ConnInfo>().cloned() {
        extensions.insert(info.tcp);
        return Some(OpenCall::on(&info.activity));
    }
    let peer = extensions.get::<ConnectInfo<Peer>>()?;
    Some(OpenCall::on(&peer.0.activity))
}

/// A gRPC connection's information, in each of its requests' extensions.
#[derive(Debug, Clone)]
pub struct ConnInfo {
    pub(super) tcp: TcpConnectInfo,
    pub(super) activity: Arc<Activity>,
}

/// An HTTP connection's remote address and activity, for axum's `ConnectInfo`.
#[derive(Debug, Clone)]
pub struct Peer {
    pub addr: SocketAddr,
    pub(super) activity: Arc<Activity>,
}
