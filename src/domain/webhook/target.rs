//! Where deliveries may go: a webhook URL's form, and the outbound policy that keeps them off
//! internal addresses (server-side request forgery).

use std::net::{IpAddr, Ipv4Addr};

use url::{Host, Url};

use super::internal_range;
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

/// Where outbound requests may go: by default nowhere inside (see [`internal_range`]);
/// `VERILINK_WEBHOOK_ALLOW_PRIVATE_NETWORKS` allows it for self-hosted setups whose receivers
/// live there. With an egress proxy, deliveries go through it, and it judges where names lead.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutboundPolicy {
    pub allow_private_networks: bool,
    /// `VERILINK_WEBHOOK_PROXY`; unset, deliveries go direct (whatever `HTTP_PROXY` says).
    pub proxy: Option<EgressProxy>,
}

/// An egress proxy every delivery goes through (`VERILINK_WEBHOOK_PROXY`): an `http://` or
/// `https://` URL with a host (and perhaps credentials), nothing else. Its `Debug` never
/// shows the credentials.
#[derive(Clone, PartialEq, Eq)]
pub struct EgressProxy(Url);

impl EgressProxy {
    pub fn url(&self) -> &str {
        self.0.as_str()
    }
}

impl std::fmt::Debug for EgressProxy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let host = self.0.host_str().unwrap_or_default();
        let port = self.0.port_or_known_default().unwrap_or_default();
        write!(f, "EgressProxy({}://{host}:{port})", self.0.scheme())
    }
}

impl std::str::FromStr for EgressProxy {
    type Err = String;

    /// Errors never repeat the URL (it may hold a password).
    fn from_str(text: &str) -> Result<Self, String> {
        let url = Url::parse(text.trim())
            .map_err(|e| format!("VERILINK_WEBHOOK_PROXY is not a URL: {e}"))?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
            return Err(
                "VERILINK_WEBHOOK_PROXY must be an http:// or https:// URL of a proxy, e.g. \
                 http://smokescreen:4750"
                    .into(),
            );
        }
        if !matches!(url.path(), "" | "/") || url.query().is_some() || url.fragment().is_some() {
            return Err("VERILINK_WEBHOOK_PROXY may not have a path, query or fragment".into());
        }
        Ok(EgressProxy(url))
    }
}

/// A refused target, with the setting that would allow it.
fn inside(why: &str) -> Error {
    Error::invalid(
        "webhook.url",
        format!(
            "must not point inside the network: {why}; an operator may allow internal targets \
             with VERILINK_WEBHOOK_ALLOW_PRIVATE_NETWORKS"
        ),
    )
}

impl OutboundPolicy {
    /// Whether the policy lets requests reach an address.
    pub fn allows(&self, ip: IpAddr) -> bool {
        self.allow_private_networks || internal_range(ip).is_none()
    }

    /// Refuses the addresses a host name resolves to if one is kept from; the message names
    /// no address (a name inside the network stays unmapped).
    pub fn check_resolved(
        &self,
        name: &str,
        addresses: impl IntoIterator<Item = IpAddr>,
    ) -> Result<(), Error> {
        if addresses.into_iter().all(|ip| self.allows(ip)) {
            Ok(())
        } else {
            Err(inside(&format!(
                "{name} resolves to an address that is not globally reachable"
            )))
        }
    }

    /// Checks where a (normalized) webhook URL points, before any name is resolved: live
    /// webhooks need https; an address host is judged here, `localhost` names are inside.
    /// Returns the host name still to resolve and judge, if the host is a name.
    pub fn check_target(
        &self,
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
            Some(Host::Ipv4(v4)) => self.check_literal(IpAddr::V4(v4)).map(|()| None),
            Some(Host::Ipv6(v6)) => self.check_literal(IpAddr::V6(v6)).map(|()| None),
            Some(Host::Domain(name)) => {
                let name = name.trim_end_matches('.').to_ascii_lowercase();
                if name == "localhost" || name.ends_with(".localhost") {
                    self.check_resolved(&name, [IpAddr::V4(Ipv4Addr::LOCALHOST)])?;
                }
                Ok(Some(name))
            }
            None => Err(Error::invalid("webhook.url", "must name a host")),
        }
    }

    /// Refuses an address host the policy keeps requests from, saying what the address is.
    fn check_literal(&self, ip: IpAddr) -> Result<(), Error> {
        match internal_range(ip) {
            Some(what) if !self.allow_private_networks => Err(inside(&format!("{ip} is {what}"))),
            _ => Ok(()),
        }
    }
}
