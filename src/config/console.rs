//! The console's settings: its URL, the `console` subcommand, and how operators log in
//! (OpenID Connect, a trusted proxy) as the HTTP port's settings.

use clap::{Args, Subcommand, ValueEnum};

use super::ServeArgs;

#[derive(Debug, Subcommand)]
pub enum ConsoleCommand {
    /// Print a single-use link that logs `email` into the console as `role` of the
    /// organization, valid for 15 minutes: the first administrator's way in, and break-glass
    /// when the identity provider is down.
    LoginLink {
        /// Organization ID or name.
        #[arg(long)]
        org: String,
        /// The operator's email address (their name in the audit log).
        #[arg(long)]
        email: String,
        #[arg(long, value_enum)]
        role: RoleArg,
        #[command(flatten)]
        console: ConsoleArgs,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    Viewer,
    Reviewer,
    Admin,
}

impl RoleArg {
    pub fn role(self) -> crate::domain::actor::Role {
        use crate::domain::actor::Role;
        match self {
            RoleArg::Viewer => Role::Viewer,
            RoleArg::Reviewer => Role::Reviewer,
            RoleArg::Admin => Role::Admin,
        }
    }
}

/// Where operators' browsers reach the console.
#[derive(Debug, Clone, Args)]
pub struct ConsoleArgs {
    /// The console's URL as operators' browsers reach it (login links point there; https makes
    /// its cookies `Secure` and `__Host-` prefixed).
    #[arg(
        long,
        env = "VERILINK_CONSOLE_URL",
        default_value = "http://localhost:8081"
    )]
    pub console_url: String,
}

impl ServeArgs {
    /// The HTTP port's and the console's settings; an error if the console's logins are half
    /// set up (an issuer without a client ID, a login way with no role rules).
    pub fn http_config(&self) -> Result<crate::http::HttpConfig, String> {
        use crate::http::console::{LoginSettings, OidcSettings, ProxyHeaders};
        let oidc = match (&self.oidc_issuer, &self.oidc_client_id) {
            (None, None) => None,
            (Some(issuer), Some(client_id)) => Some(OidcSettings::new(
                issuer.trim_end_matches('/').to_owned(),
                client_id.clone(),
                self.oidc_client_secret.clone(),
                self.oidc_scopes
                    .split_whitespace()
                    .map(str::to_owned)
                    .collect(),
                self.oidc_groups_claim.clone(),
            )),
            (Some(_), None) => {
                return Err("VERILINK_OIDC_ISSUER needs VERILINK_OIDC_CLIENT_ID".into())
            }
            (None, Some(_)) => {
                return Err("VERILINK_OIDC_CLIENT_ID needs VERILINK_OIDC_ISSUER".into())
            }
        };
        let proxy = self
            .console_proxy_user_header
            .as_ref()
            .map(|user| ProxyHeaders {
                user: user.to_ascii_lowercase(),
                email: self.console_proxy_email_header.to_ascii_lowercase(),
                groups: self.console_proxy_groups_header.to_ascii_lowercase(),
            });
        let roles = crate::domain::operator::RoleMap::parse(&self.console_roles)
            .map_err(|e| format!("VERILINK_CONSOLE_ROLES: {e}"))?;
        if (oidc.is_some() || proxy.is_some()) && roles.is_empty() {
            return Err(
                "console logins through OpenID Connect or a proxy need VERILINK_CONSOLE_ROLES \
                 (ORG:ROLE=GROUP,…), or nobody could get a role"
                    .into(),
            );
        }
        if proxy.is_some() && self.trusted_proxies.is_empty() {
            return Err("VERILINK_CONSOLE_PROXY_USER_HEADER needs VERILINK_TRUSTED_PROXIES".into());
        }
        Ok(crate::http::HttpConfig {
            trusted_proxies: self.trusted_proxies.clone(),
            console_login: LoginSettings { oidc, proxy, roles },
        })
    }
}
