//! Where deliveries may go: a webhook URL's form, and the outbound policy that keeps them off
//! internal addresses (server-side request forgery).

use std::net::IpAddr;

use url::{Host, Url};

use crate::domain::http_url;
use crate::domain::tenant::Environment;
use crate::domain::Error;

/// The longest webhook URL accepted.
pub const URL_MAX_LEN: usize = 2048;

/// Checks a webhook URL's form ([`http_url::check`]: absolute http(s) with a host and a valid
/// port, no credentials, at most [`URL_MAX_LEN`] characters). Returns it normalized (WHATWG:
/// `http://2130706433/` becomes `http://127.0.0.1/`), which is what [`check_target`] then
/// judges.
pub fn check_url(url: &str) -> Result<String, Error> {
    http_url::check("webhook.url", url, URL_MAX_LEN).map(String::from)
}

/// Where outbound requests may go: by default nowhere inside (loopback, private, link-local,
/// unique-local, CGNAT, unspecified); `VERILINK_WEBHOOK_ALLOW_PRIVATE_NETWORKS` allows it for
/// self-hosted setups whose receivers live there.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutboundPolicy {
    pub allow_private_networks: bool,
}

/// Whether an address is inside: loopback, private, link-local, unique-local, CGNAT,
/// unspecified, multicast or broadcast (IPv4-mapped IPv6 addresses judged as IPv4).
pub fn is_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
        }
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_internal(IpAddr::V4(v4)),
            None => {
                let first = v6.segments()[0];
                v6.is_loopback()
                    || v6.is_unspecified()
                    || v6.is_multicast()
                    || (first & 0xfe00) == 0xfc00
                    || (first & 0xffc0) == 0xfe80
            }
        },
    }
}

impl OutboundPolicy {
    /// Refuses an address the policy keeps requests away from.
    pub fn check_address(self, ip: IpAddr) -> Result<(), Error> {
        if is_internal(ip) && !self.allow_private_networks {
            return Err(Error::invalid(
                "webhook.url",
                "must not point inside the network (loopback, private, link-local, \
                 unique-local, CGNAT or unspecified addresses); an operator may allow it with \
                 VERILINK_WEBHOOK_ALLOW_PRIVATE_NETWORKS",
            ));
        }
        Ok(())
    }

    /// Checks where a (normalized) webhook URL points, before any name is resolved: live
    /// webhooks need https; an address host is judged here, `localhost` names are inside.
    /// Returns the host name still to resolve and judge, if the host is a name.
    pub fn check_target(
        self,
        url: &str,
        environment: Environment,
    ) -> Result<Option<String>, Error> {
        let parsed = Url::parse(url)
            .map_err(|_| Error::invalid("webhook.url", "must be an absolute http(s) URL"))?;
        if environment == Environment::Live && parsed.scheme() != "https" {
            return Err(Error::invalid(
                "webhook.url",
                "live webhooks must use https://",
            ));
        }
        match parsed.host() {
            Some(Host::Ipv4(v4)) => self.check_address(IpAddr::V4(v4)).map(|()| None),
            Some(Host::Ipv6(v6)) => self.check_address(IpAddr::V6(v6)).map(|()| None),
            Some(Host::Domain(name)) => {
                let name = name.trim_end_matches('.').to_ascii_lowercase();
                if name == "localhost" || name.ends_with(".localhost") {
                    self.check_address(IpAddr::V4(std::net::Ipv4Addr::LOCALHOST))?;
                }
                Ok(Some(name))
            }
            None => Err(Error::invalid("webhook.url", "must name a host")),
        }
    }
}
