//! The cap on one client's open connections on a port, so that one client cannot take the
//! whole port's cap. A client is an address as the throttles count it ([`address_key`]: an
//! IPv6 client by its /64, which one host picks addresses from freely). Trusted proxies are
//! exempt: every client behind one shares its address, and each request through it is still
//! held to the header and body deadlines.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

use ipnet::IpNet;

use crate::domain::throttle::address_key;
use crate::telemetry::CONNECTIONS_REFUSED;

/// The open connections of each client of one port.
pub struct PerAddress {
    shared: Arc<Shared>,
    exempt: Arc<[IpNet]>,
    port: &'static str,
}

struct Shared {
    cap: usize,
    clients: Mutex<HashMap<String, Client>>,
}

#[derive(Default)]
struct Client {
    open: usize,
    /// Whether a connection was refused since the client was last below the cap (so that a
    /// client hammering at its cap is logged once, not once a connection).
    refusing: bool,
}

/// A connection's place among its client's; freed when dropped.
pub struct Slot(Option<(Arc<Shared>, String)>);

impl PerAddress {
    pub fn new(cap: usize, exempt: &[IpNet], port: &'static str) -> Self {
        PerAddress {
            shared: Arc::new(Shared {
                cap: cap.max(1),
                clients: Mutex::new(HashMap::new()),
            }),
            exempt: exempt.into(),
            port,
        }
    }

    /// A place for a new connection from `ip`; `None` when its client is at the cap.
    pub fn admit(&self, ip: IpAddr) -> Option<Slot> {
        let canonical = ip.to_canonical();
        if self
            .exempt
            .iter()
            .any(|net| net.contains(&ip) || net.contains(&canonical))
        {
            return Some(Slot(None));
        }
        let key = address_key(ip);
        let mut clients = self.shared.lock();
        let client = clients.entry(key.clone()).or_default();
        if client.open < self.shared.cap {
            client.open += 1;
            return Some(Slot(Some((self.shared.clone(), key))));
        }
        metrics::counter!(CONNECTIONS_REFUSED, "port" => self.port).increment(1);
        if !client.refusing {
            client.refusing = true;
            tracing::debug!(
                port = self.port,
                client = %key,
                cap = self.shared.cap,
                "a client is at its cap of open connections; refusing more until some close"
            );
        }
        None
    }
}

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Client>> {
        self.clients.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let Some((shared, key)) = self.0.take() else {
            return;
        };
        let mut clients = shared.lock();
        if let Some(client) = clients.get_mut(&key) {
            client.open = client.open.saturating_sub(1);
            client.refusing = false;
            if client.open == 0 {
                clients.remove(&key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn a_client_gets_its_cap_and_a_place_back_when_one_closes() {
        let caps = PerAddress::new(2, &[], "test");
        let first = caps.admit(ip("192.0.2.1")).expect("first");
        let _second = caps
            .admit(ip("::ffff:192.0.2.1"))
            .expect("second, the same client");
        assert!(caps.admit(ip("192.0.2.1")).is_none(), "third: at the cap");
        let _other = caps.admit(ip("192.0.2.2")).expect("another client is not");
        drop(first);
        let _again = caps.admit(ip("192.0.2.1")).expect("a place came free");
        assert!(caps.admit(ip("192.0.2.1")).is_none());
    }

    #[test]
    fn an_ipv6_client_is_its_64_and_trusted_proxies_are_exempt() {
        let proxy: IpNet = "10.0.0.0/8".parse().unwrap();
        let caps = PerAddress::new(1, &[proxy], "test");
        let _one = caps.admit(ip("2001:db8:1:2::1")).expect("first");
        assert!(
            caps.admit(ip("2001:db8:1:2:ffff::9")).is_none(),
            "the same /64"
        );
        let _next = caps.admit(ip("2001:db8:1:3::1")).expect("the next /64");
        let through_proxy: Vec<Slot> = (0..5)
            .map(|_| caps.admit(ip("10.1.2.3")).expect("a trusted proxy"))
            .collect();
        assert_eq!(through_proxy.len(), 5);
        drop(through_proxy);
        assert!(
            caps.shared.lock().len() == 2,
            "exempt connections are not counted"
        );
    }

    #[test]
    fn a_client_with_no_connection_left_is_forgotten() {
        let caps = PerAddress::new(3, &[], "test");
        let slots: Vec<Slot> = (0..3)
            .map(|_| caps.admit(ip("192.0.2.1")).unwrap())
            .collect();
        drop(slots);
        assert!(caps.shared.lock().is_empty());
    }
}
