//! A real HTTP receiver on 127.0.0.1 for webhook tests, with scripted answers.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use sha2::{Digest, Sha256};

#[derive(Debug, Clone)]
pub struct Received {
    pub event_id: String,
    pub attempt: String,
    pub signature: String,
    /// The `Persona-Signature` header of a PERSONA-format delivery.
    pub persona_signature: String,
    pub body: Bytes,
    pub answered: u16,
}

#[derive(Default)]
struct Inner {
    received: Vec<Received>,
    script: VecDeque<u16>,
}

#[derive(Clone)]
pub struct Receiver {
    inner: Arc<Mutex<Inner>>,
    /// While set, every request waits (after being recorded) until it is released.
    held: Arc<tokio::sync::Semaphore>,
    holding: Arc<std::sync::atomic::AtomicBool>,
}

impl Default for Receiver {
    fn default() -> Self {
        Receiver {
            inner: Arc::default(),
            held: Arc::new(tokio::sync::Semaphore::new(0)),
            holding: Arc::default(),
        }
    }
}

async fn hook(State(receiver): State<Receiver>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    };
    let answered = {
        let mut inner = receiver.inner.lock().expect("lock");
        let answered = inner.script.pop_front().unwrap_or(200);
        inner.received.push(Received {
            event_id: header("verilink-event-id"),
            attempt: header("verilink-attempt"),
            signature: header("verilink-signature"),
            persona_signature: header("persona-signature"),
            body,
            answered,
        });
        answered
    };
    if receiver.holding.load(std::sync::atomic::Ordering::SeqCst) {
        let _ = receiver.held.acquire().await;
    }
    StatusCode::from_u16(answered).expect("status")
}

impl Receiver {
    /// Serves on `addr` (port 0 for any) until the test ends; returns the hook URL.
    pub async fn serve_on(&self, addr: SocketAddr) -> String {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .expect("bind receiver");
        let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
        let app = Router::new()
            .route("/hook", post(hook))
            .with_state(self.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        url
    }

    pub async fn serve(&self) -> String {
        self.serve_on("127.0.0.1:0".parse().expect("addr")).await
    }

    /// Answers the next requests with these status codes, then 200.
    pub fn answer(&self, codes: &[u16]) {
        self.inner.lock().expect("lock").script.extend(codes);
    }

    /// Keeps every request waiting for its answer (a slow receiver) until [`Receiver::release`].
    pub fn hold(&self) {
        self.holding
            .store(true, std::sync::atomic::Ordering::SeqCst);
    }

    pub fn release(&self) {
        self.holding
            .store(false, std::sync::atomic::Ordering::SeqCst);
        self.held.add_permits(1_000);
    }

    pub fn received(&self) -> Vec<Received> {
        self.inner.lock().expect("lock").received.clone()
    }
}

/// HMAC-SHA256 written out from its definition (RFC 2104) over SHA-256, independent of the
/// `hmac` crate the server signs with.
pub fn hmac_sha256_hex(key: &[u8], message: &[u8]) -> String {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.iter().map(|b| b ^ byte).collect::<Vec<u8>>();
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(message)
        .finalize();
    let outer = Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize();
    outer.iter().map(|b| format!("{b:02x}")).collect()
}

/// The `v1` signatures of a `Verilink-Signature` header that verify with `secret`.
pub fn verifies(received: &Received, secret: &str) -> bool {
    let mut timestamp = "";
    let mut signatures = Vec::new();
    for part in received.signature.split(',') {
        match part.split_once('=') {
            Some(("t", t)) => timestamp = t,
            Some(("v1", s)) => signatures.push(s),
            _ => {}
        }
    }
    let signed = [timestamp.as_bytes(), b".", &received.body].concat();
    let expected = hmac_sha256_hex(secret.as_bytes(), &signed);
    signatures.contains(&expected.as_str())
}
