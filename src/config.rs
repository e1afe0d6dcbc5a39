//! Command line and environment configuration (every setting is both a flag and a variable).

use std::net::SocketAddr;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::app;
use crate::app::email::EmailConfig;
use crate::domain::email::{check_sender, SmtpUrl};
use crate::domain::secrets::{Keyring, SecretString};
use crate::store::StoreConfig;

mod connections;
mod console;
pub use connections::ConnectionArgs;
pub use console::{ConsoleArgs, ConsoleCommand, RoleArg};

#[derive(Debug, Parser)]
#[command(
    name = "verilink",
    version,
    about = "Identity-verification inquiries and one-time links over gRPC and HTTP"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// PostgreSQL URL, over TCP or by a Unix socket
    /// (postgres://user:password@/db?host=/var/run/postgresql), or libpq key=value settings;
    /// falls back to DATABASE_URL.
    #[arg(
        long,
        env = "VERILINK_DATABASE_URL",
        global = true,
        hide_env_values = true
    )]
    pub database_url: Option<String>,
    /// Connections in the pool (and database calls in flight at once).
    #[arg(
        long,
        env = "VERILINK_DB_POOL_SIZE",
        default_value_t = 10,
        global = true
    )]
    pub db_pool_size: u32,
    /// How long a call waits for a free database connection (or for a new one to be made)
    /// before it is refused with UNAVAILABLE (and a RetryInfo), in milliseconds.
    #[arg(
        long,
        env = "VERILINK_DB_QUEUE_TIMEOUT_MS",
        default_value_t = 1000,
        global = true
    )]
    pub db_queue_timeout_ms: u64,
    /// Log line format; filter with RUST_LOG (default "info").
    #[arg(long, env = "VERILINK_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,
    /// A secret of at least 32 characters that seals, in the database, webhook signing secrets
    /// and queued emails (which hold link codes). Unset: they are stored as they are.
    #[arg(
        long,
        env = "VERILINK_ENCRYPTION_KEY",
        hide_env_values = true,
        global = true
    )]
    pub encryption_key: Option<SecretString>,
    /// During a key rotation: the key being replaced, which still opens what it sealed until
    /// `verilink secrets reseal` has sealed everything again under the current key.
    #[arg(
        long,
        env = "VERILINK_ENCRYPTION_KEY_PREVIOUS",
        hide_env_values = true,
        global = true
    )]
    pub encryption_key_previous: Option<SecretString>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EnvironmentArg {
    Sandbox,
    Live,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Migrate, then serve gRPC and the HTTP port until SIGTERM or SIGINT.
    Serve(Box<ServeArgs>),
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create an organization (if new), a sandbox and a live API key, and a KYC template.
    Bootstrap {
        /// Organization name.
        #[arg(long)]
        org: String,
    },
    /// Manage API keys.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Manage the secrets sealed with VERILINK_ENCRYPTION_KEY.
    #[command(subcommand)]
    Secrets(SecretsCommand),
    /// The operators' console.
    #[command(subcommand)]
    Console(ConsoleCommand),
}

#[derive(Debug, Subcommand)]
pub enum SecretsCommand {
    /// Seal every webhook secret under the current VERILINK_ENCRYPTION_KEY (opening what the
    /// previous key sealed); run it after changing the key, then drop the previous key.
    Reseal,
}

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Create an API key; its secret is printed once.
    Create {
        /// Organization ID or name.
        #[arg(long)]
        org: String,
        #[arg(long, value_enum)]
        env: EnvironmentArg,
        /// What uses the key, e.g. "billing-service" (1 to 64 characters, unique among the
        /// organization's unrevoked keys of the environment); the actor's name on every change
        /// the key makes.
        #[arg(long)]
        name: String,
    },
    /// List every API key (never the secrets).
    List,
    /// Revoke an API key by its ID (key_…).
    Revoke { key_id: String },
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address of the gRPC server.
    #[arg(long, env = "VERILINK_GRPC_ADDR", default_value = "0.0.0.0:50051")]
    pub grpc_addr: SocketAddr,
    /// Address of the HTTP port (hosted pages, REST, probes).
    #[arg(long, env = "VERILINK_HTTP_ADDR", default_value = "0.0.0.0:8080")]
    pub http_addr: SocketAddr,
    /// Address of the operators' console (loopback unless an operator chooses otherwise).
    #[arg(long, env = "VERILINK_CONSOLE_ADDR", default_value = "127.0.0.1:8081")]
    pub console_addr: SocketAddr,
    #[command(flatten)]
    pub console: ConsoleArgs,
    #[command(flatten)]
    pub connections: ConnectionArgs,
    /// How long a console session may sit unused before it ends, in seconds.
    #[arg(
        long,
        env = "VERILINK_CONSOLE_IDLE_TIMEOUT_SECS",
        default_value_t = 1800
    )]
    pub console_idle_timeout_secs: u32,
    /// How long a console session lasts at most, however busy, in seconds.
    #[arg(
        long,
        env = "VERILINK_CONSOLE_SESSION_LIFETIME_SECS",
        default_value_t = 43_200
    )]
    pub console_session_lifetime_secs: u32,
    /// The OpenID Connect issuer operators log into the console with (discovery at
    /// `<issuer>/.well-known/openid-configuration`); unset: no OpenID Connect login.
    #[arg(long, env = "VERILINK_OIDC_ISSUER")]
    pub oidc_issuer: Option<String>,
    /// The console's client ID at the issuer (its redirect URI is
    /// `<VERILINK_CONSOLE_URL>/login/oidc/callback`).
    #[arg(long, env = "VERILINK_OIDC_CLIENT_ID")]
    pub oidc_client_id: Option<String>,
    /// The console's client secret at the issuer (unset for a public client: PKCE still applies).
    #[arg(long, env = "VERILINK_OIDC_CLIENT_SECRET", hide_env_values = true)]
    pub oidc_client_secret: Option<SecretString>,
    /// Scopes asked for besides `openid`, separated by spaces.
    #[arg(long, env = "VERILINK_OIDC_SCOPES", default_value = "email profile")]
    pub oidc_scopes: String,
    /// The ID token claim that lists a person's groups.
    #[arg(long, env = "VERILINK_OIDC_GROUPS_CLAIM", default_value = "groups")]
    pub oidc_groups_claim: String,
    /// Which groups (of the identity provider or the proxy) make whom an operator:
    /// `ORG:ROLE=GROUP` rules, comma-separated, e.g. `acme:admin=verilink-admins`.
    #[arg(long, env = "VERILINK_CONSOLE_ROLES", default_value = "")]
    pub console_roles: String,
    /// The header in which a trusted proxy names the logged-in user (e.g. `X-Forwarded-User`);
    /// unset: proxy logins are off.
    #[arg(long, env = "VERILINK_CONSOLE_PROXY_USER_HEADER")]
    pub console_proxy_user_header: Option<String>,
    /// The header with the user's email (the user's name is used when it is absent).
    #[arg(
        long,
        env = "VERILINK_CONSOLE_PROXY_EMAIL_HEADER",
        default_value = "x-forwarded-email"
    )]
    pub console_proxy_email_header: String,
    /// The header with the user's groups, comma-separated.
    #[arg(
        long,
        env = "VERILINK_CONSOLE_PROXY_GROUPS_HEADER",
        default_value = "x-forwarded-groups"
    )]
    pub console_proxy_groups_header: String,
    /// How often database reachability is checked for the health service, in milliseconds.
    #[arg(long, env = "VERILINK_HEALTH_INTERVAL_MS", default_value_t = 1000)]
    pub health_interval_ms: u64,
    /// Base URL of one-time links (`<url>/verify?code=…`).
    #[arg(
        long,
        env = "VERILINK_PUBLIC_URL",
        default_value = "http://localhost:8080"
    )]
    pub public_url: String,
    /// Base URL of short links (`<url>/v/<short code>`); defaults to the public URL.
    #[arg(long, env = "VERILINK_SHORT_URL")]
    pub short_url: Option<String>,
    /// Unknown link codes allowed per end-user address and minute (all replicas together).
    #[arg(
        long,
        env = "VERILINK_REDEEM_FAILURES_PER_MINUTE",
        default_value_t = 10
    )]
    pub redeem_failures_per_minute: u32,
    /// Management calls allowed per API key (or console operator) and minute, all replicas
    /// together.
    #[arg(long, env = "VERILINK_RATE_LIMIT_PER_MINUTE", default_value_t = 300)]
    pub rate_limit_per_minute: u32,
    /// Failed authentications allowed per client address and minute, all replicas together.
    #[arg(long, env = "VERILINK_AUTH_FAILURES_PER_MINUTE", default_value_t = 30)]
    pub auth_failures_per_minute: u32,
    /// How long a WatchInquiry stream may stay open, in seconds; the client then resumes.
    #[arg(
        long,
        env = "VERILINK_STREAM_MAX_LIFETIME_SECS",
        default_value_t = 3600
    )]
    pub stream_max_lifetime_secs: u64,
    /// Let webhooks reach addresses that are not globally reachable: loopback, private,
    /// link-local, unique-local, CGNAT, every special-purpose range (off: such targets are
    /// refused when set and again when connecting).
    #[arg(long, env = "VERILINK_WEBHOOK_ALLOW_PRIVATE_NETWORKS", default_value_t = false, action = clap::ArgAction::Set)]
    pub webhook_allow_private_networks: bool,
    /// An egress proxy every webhook delivery goes through (`http://host:port`, e.g.
    /// Smokescreen), which must then refuse internal addresses; unset: deliveries go direct,
    /// whatever HTTP_PROXY, HTTPS_PROXY or ALL_PROXY say.
    #[arg(long, env = "VERILINK_WEBHOOK_PROXY", hide_env_values = true)]
    pub webhook_proxy: Option<SecretString>,
    /// Proxies whose X-Forwarded-For is believed (comma-separated addresses or CIDR ranges);
    /// behind them, the client is the first untrusted hop from the right.
    #[arg(long, env = "VERILINK_TRUSTED_PROXIES", value_delimiter = ',', value_parser = parse_proxy)]
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// How often background workers (webhook dispatcher) look for work, in milliseconds.
    #[arg(long, env = "VERILINK_WORKER_INTERVAL_MS", default_value_t = 1000)]
    pub worker_interval_ms: u64,
    /// How long in-flight calls may finish after SIGTERM/SIGINT, in milliseconds.
    #[arg(long, env = "VERILINK_DRAIN_TIMEOUT_MS", default_value_t = 10_000)]
    pub drain_timeout_ms: u64,
    /// SMTP server that emails one-time links: `smtp://user:pass@host:587` (STARTTLS
    /// required), `smtps://user:pass@host:465` (implicit TLS), `smtp://host:25?tls=none`
    /// (plain text, only when asked). Unset: no email.
    #[arg(long, env = "VERILINK_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<SecretString>,
    /// Sender of emailed links, e.g. `Verilink <no-reply@example.com>` (required with SMTP).
    #[arg(long, env = "VERILINK_EMAIL_FROM")]
    pub email_from: Option<String>,
    /// Emails of links allowed per recipient address and hour (all tenants and replicas).
    #[arg(
        long,
        env = "VERILINK_EMAILS_PER_RECIPIENT_PER_HOUR",
        default_value_t = 10
    )]
    pub emails_per_recipient_per_hour: u32,
    /// Emails of links allowed per API key and hour (all replicas).
    #[arg(long, env = "VERILINK_EMAILS_PER_KEY_PER_HOUR", default_value_t = 1000)]
    pub emails_per_key_per_hour: u32,
}

/// A trusted proxy: a CIDR range, or one address (a range of one). An IPv4-mapped range is
/// the IPv4 range it maps, as peers are judged (see [`crate::http::is_trusted_proxy`]).
fn parse_proxy(value: &str) -> Result<ipnet::IpNet, String> {
    let value = value.trim();
    let net = value
        .parse::<ipnet::IpNet>()
        .or_else(|_| value.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
        .map_err(|_| format!("{value:?} is neither an IP address nor a CIDR range"))?;
    Ok(match net {
        ipnet::IpNet::V6(v6) => match (v6.addr().to_ipv4_mapped(), v6.prefix_len()) {
            (Some(v4), len @ 96..) => ipnet::Ipv4Net::new(v4, len - 96).map_or(net, Into::into),
            _ => net,
        },
        ipnet::IpNet::V4(_) => net,
    })
}

/// Shortest `VERILINK_ENCRYPTION_KEY` accepted.
pub const ENCRYPTION_KEY_MIN_CHARS: usize = 32;

impl ServeArgs {
    /// The use cases' settings; an error (never repeating a secret) if email is half set up.
    pub fn app_config(&self, global: &GlobalArgs) -> Result<app::Config, String> {
        let public_url = self.public_url.trim_end_matches('/').to_owned();
        Ok(app::Config {
            short_url: self.short_url.as_deref().map_or_else(
                || public_url.clone(),
                |u| u.trim_end_matches('/').to_owned(),
            ),
            public_url,
            redeem_guesses_per_minute: self.redeem_failures_per_minute.max(1),
            calls_per_key_per_minute: self.rate_limit_per_minute.max(1),
            auth_failures_per_minute: self.auth_failures_per_minute.max(1),
            stream_max_lifetime: Duration::from_secs(self.stream_max_lifetime_secs.max(1)),
            outbound: crate::domain::webhook::OutboundPolicy {
                allow_private_networks: self.webhook_allow_private_networks,
                proxy: (self.webhook_proxy.as_ref())
                    .map(|proxy| proxy.expose().parse())
                    .transpose()?,
            },
            email: self.email_config()?,
            keyring: global.keyring()?,
            console: app::operators::ConsoleConfig {
                url: self.console.console_url.trim_end_matches('/').to_owned(),
                limits: crate::domain::operator::SessionLimits {
                    idle_timeout: chrono::TimeDelta::seconds(
                        self.console_idle_timeout_secs.max(60).into(),
                    ),
                    lifetime: chrono::TimeDelta::seconds(
                        self.console_session_lifetime_secs.max(60).into(),
                    ),
                },
            },
        })
    }

    /// Email delivery: both VERILINK_SMTP_URL and VERILINK_EMAIL_FROM, or neither.
    pub fn email_config(&self) -> Result<Option<EmailConfig>, String> {
        let (url, from) = match (&self.smtp_url, &self.email_from) {
            (None, None) => return Ok(None),
            (Some(url), Some(from)) => (url, from),
            (Some(_), None) => return Err("VERILINK_SMTP_URL needs VERILINK_EMAIL_FROM".into()),
            (None, Some(_)) => return Err("VERILINK_EMAIL_FROM needs VERILINK_SMTP_URL".into()),
        };
        Ok(Some(EmailConfig {
            smtp_url: url.expose().parse::<SmtpUrl>()?,
            from: check_sender(from)?,
            per_recipient_per_hour: self.emails_per_recipient_per_hour.max(1),
            per_key_per_hour: self.emails_per_key_per_hour.max(1),
        }))
    }
}

impl GlobalArgs {
    /// The operator's encryption keys, each at least [`ENCRYPTION_KEY_MIN_CHARS`] long.
    pub fn keyring(&self) -> Result<Keyring, String> {
        for (name, key) in [
            ("VERILINK_ENCRYPTION_KEY", &self.encryption_key),
            (
                "VERILINK_ENCRYPTION_KEY_PREVIOUS",
                &self.encryption_key_previous,
            ),
        ] {
            if key
                .as_ref()
                .is_some_and(|k| k.expose().chars().count() < ENCRYPTION_KEY_MIN_CHARS)
            {
                return Err(format!(
                    "{name} must be at least {ENCRYPTION_KEY_MIN_CHARS} characters"
                ));
            }
        }
        if self.encryption_key.is_none() && self.encryption_key_previous.is_some() {
            return Err("VERILINK_ENCRYPTION_KEY_PREVIOUS needs VERILINK_ENCRYPTION_KEY".into());
        }
        Ok(Keyring {
            current: self.encryption_key.clone(),
            previous: self.encryption_key_previous.clone(),
        })
    }

    pub fn database_url(&self) -> Result<String, String> {
        self.database_url
            .clone()
            .or_else(|| std::env::var("DATABASE_URL").ok())
            .filter(|url| !url.is_empty())
            .ok_or_else(|| {
                "no database configured: set VERILINK_DATABASE_URL (or DATABASE_URL)".into()
            })
    }

    pub fn store_config(&self) -> Result<StoreConfig, String> {
        Ok(StoreConfig {
            database_url: self.database_url()?,
            pool_size: self.db_pool_size.max(1),
            queue_timeout: Duration::from_millis(self.db_queue_timeout_ms.max(1)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trusted_proxies_are_addresses_or_ranges() {
        let cli = Cli::try_parse_from([
            "verilink",
            "serve",
            "--trusted-proxies",
            "127.0.0.1, 10.0.0.0/8,::1,::ffff:192.168.0.0/112",
        ])
        .expect("parses");
        let Command::Serve(args) = cli.command else {
            panic!("serve")
        };
        let proxies: Vec<String> = args
            .trusted_proxies
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            proxies,
            ["127.0.0.1/32", "10.0.0.0/8", "::1/128", "192.168.0.0/16"]
        );
        assert!(Cli::try_parse_from(["verilink", "serve", "--trusted-proxies", "proxy"]).is_err());
    }
}
