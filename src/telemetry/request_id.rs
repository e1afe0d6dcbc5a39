//! Request IDs: every call on either port has one, so a support engineer can go from a
//! client's error to the server's log line and to the events the call caused. A caller's
//! `x-request-id` is kept when it is 1 to 128 visible ASCII characters; otherwise (or when
//! none was sent) the server makes one. Either way the call sees it in its headers (gRPC
//! metadata), the access log line names it, and the answer carries it back.

use std::sync::atomic::{AtomicU64, Ordering};

use http::{HeaderMap, HeaderValue};
use rand::rngs::SysRng;
use rand::TryRng;

/// The header (and gRPC metadata key) in both directions.
pub const HEADER: &str = "x-request-id";

/// The longest request ID kept from a caller.
pub const MAX_LEN: usize = 128;

/// The call's request ID: the caller's if well formed, else a new one, written back into
/// `headers` so everything downstream reads the same value.
pub fn assign(headers: &mut HeaderMap) -> HeaderValue {
    let id = headers
        .get(HEADER)
        .filter(|value| well_formed(value.as_bytes()))
        .cloned()
        .unwrap_or_else(generate);
    headers.insert(HEADER, id.clone());
    id
}

/// 1 to [`MAX_LEN`] visible ASCII characters (no space, no control character).
fn well_formed(id: &[u8]) -> bool {
    !id.is_empty() && id.len() <= MAX_LEN && id.iter().all(|b| (0x21..0x7f).contains(b))
}

/// 32 hex digits from OS randomness; should that fail, the process's start and a counter
/// (unique within the process, which is all a log search needs then).
fn generate() -> HeaderValue {
    let mut bytes = [0u8; 16];
    let id = match SysRng.try_fill_bytes(&mut bytes) {
        Ok(()) => hex::encode(bytes),
        Err(_) => {
            static NEXT: AtomicU64 = AtomicU64::new(0);
            format!(
                "{:016x}{:016x}",
                std::process::id(),
                NEXT.fetch_add(1, Ordering::Relaxed)
            )
        }
    };
    HeaderValue::from_str(&id).unwrap_or_else(|_| HeaderValue::from_static("unknown"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_well_formed_id_is_kept_and_anything_else_replaced() {
        let mut headers = HeaderMap::new();
        headers.insert(HEADER, HeaderValue::from_static("abc-123:XYZ"));
        assert_eq!(assign(&mut headers), "abc-123:XYZ");

        for bad in ["", "has space", &"x".repeat(MAX_LEN + 1)] {
            let mut headers = HeaderMap::new();
            headers.insert(HEADER, HeaderValue::from_str(bad).expect("header"));
            let id = assign(&mut headers);
            assert_ne!(id, bad);
            assert_eq!(id.len(), 32, "a generated ID: {id:?}");
            assert_eq!(headers.get(HEADER), Some(&id), "written back");
        }
        let longest = "x".repeat(MAX_LEN);
        let mut headers = HeaderMap::new();
        headers.insert(HEADER, HeaderValue::from_str(&longest).expect("header"));
        assert_eq!(assign(&mut headers), longest.as_str());
    }

    #[test]
    fn generated_ids_differ() {
        let (a, b) = (assign(&mut HeaderMap::new()), assign(&mut HeaderMap::new()));
        assert_ne!(a, b);
        assert!(a
            .to_str()
            .expect("ASCII")
            .bytes()
            .all(|b| b.is_ascii_hexdigit()));
    }
}
