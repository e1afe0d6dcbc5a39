//! Where the mailer sends: `VERILINK_SMTP_URL` parsed into a host, port, TLS mode and credentials.

use std::str::FromStr;

use crate::domain::secrets::SecretString;

/// How an SMTP server is reached (`VERILINK_SMTP_URL`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// `smtp://` (or `?tls=required`): STARTTLS, refused if the server does not offer it.
    StartTls,
    /// `smtp://…?tls=opportunistic`: STARTTLS when offered, else plain text.
    Opportunistic,
    /// `smtps://`: TLS from the first byte.
    ImplicitTls,
    /// `smtp://…?tls=none`: plain text, only when asked for.
    None,
}

/// A parsed `VERILINK_SMTP_URL`. Its `Debug` never shows the password.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpUrl {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    pub username: String,
    pub password: Option<SecretString>,
}

impl std::fmt::Debug for SmtpUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "SmtpUrl({}:{} {:?}, user {:?}{})",
            self.host,
            self.port,
            self.security,
            self.username,
            if self.password.is_some() {
                ", password [redacted]"
            } else {
                ""
            }
        )
    }
}

impl FromStr for SmtpUrl {
    type Err = String;

    /// `smtp://[user[:password]@]host[:port][?tls=required|opportunistic|none]` or
    /// `smtps://[user[:password]@]host[:port]`. Errors never repeat the password.
    fn from_str(text: &str) -> Result<Self, String> {
        let url = url::Url::parse(text.trim())
            .map_err(|e| format!("VERILINK_SMTP_URL is not a URL: {e}"))?;
        let tls = url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .try_fold(None, |tls, (key, value)| match key.as_str() {
                "tls" if tls.is_none() => Ok(Some(value)),
                _ => Err(format!(
                    "VERILINK_SMTP_URL: unknown or repeated parameter {key:?} (only tls=…)"
                )),
            })?;
        let security = match (url.scheme(), tls.as_deref()) {
            ("smtp", None | Some("required")) => SmtpSecurity::StartTls,
            ("smtp", Some("opportunistic")) => SmtpSecurity::Opportunistic,
            ("smtp", Some("none")) => SmtpSecurity::None,
            ("smtps", None) => SmtpSecurity::ImplicitTls,
            (scheme, tls) => {
                return Err(format!(
                    "VERILINK_SMTP_URL: use smtp:// (tls=required, opportunistic or none) or \
                     smtps:// (no tls parameter); got {scheme}:// with tls={tls:?}"
                ))
            }
        };
        let host = url
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or("VERILINK_SMTP_URL has no host")?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned();
        if !matches!(url.path(), "" | "/") || url.fragment().is_some() {
            return Err("VERILINK_SMTP_URL may not have a path or fragment".into());
        }
        let decode = |part: &str| {
            percent_encoding::percent_decode_str(part)
                .decode_utf8()
                .map(|s| s.into_owned())
                .map_err(|_| "VERILINK_SMTP_URL: user and password must be UTF-8".to_owned())
        };
        let default_port = match security {
            SmtpSecurity::StartTls | SmtpSecurity::Opportunistic => 587,
            SmtpSecurity::ImplicitTls => 465,
            SmtpSecurity::None => 25,
        };
        Ok(SmtpUrl {
            host,
            port: url.port().unwrap_or(default_port),
            security,
            username: decode(url.username())?,
            password: url
                .password()
                .map(decode)
                .transpose()?
                .map(SecretString::new),
        })
    }
}
