//! The mailer: claims due emails of one-time links, sends them over SMTP, and records how each
//! turn ended (`App::record_email`). Safe on every replica: claims are leased. Nothing it logs
//! holds a message, a code or an address.

use std::time::Duration;

use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::jitter;
use crate::app::email::{Action, Outcome, Outgoing};
use crate::app::App;
use crate::domain::email::{self, ComposedEmail, SmtpSecurity, SmtpUrl};
use crate::store::StoreError;

/// Emails claimed per pass.
const BATCH: i64 = 50;

/// How long one SMTP command may take before the attempt counts as a temporary failure.
pub const TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, thiserror::Error)]
pub enum MailerError {
    #[error("SMTP transport: {0}")]
    Transport(String),
    #[error("VERILINK_EMAIL_FROM: {0}")]
    Sender(String),
}

#[derive(Clone)]
pub struct Mailer {
    app: App,
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

/// An SMTP client for the configured server; the password goes only to the server.
fn transport(smtp: &SmtpUrl) -> Result<AsyncSmtpTransport<Tokio1Executor>, MailerError> {
    let tls =
        || TlsParameters::new(smtp.host.clone()).map_err(|e| MailerError::Transport(e.to_string()));
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(smtp.host.clone())
        .port(smtp.port)
        .timeout(Some(TIMEOUT));
    builder = match smtp.security {
        SmtpSecurity::StartTls => builder.tls(Tls::Required(tls()?)),
        SmtpSecurity::Opportunistic => builder.tls(Tls::Opportunistic(tls()?)),
        SmtpSecurity::ImplicitTls => builder.tls(Tls::Wrapper(tls()?)),
        SmtpSecurity::None => builder.tls(Tls::None),
    };
    if let Some(password) = &smtp.password {
        let credentials = Credentials::new(smtp.username.clone(), password.expose().to_owned());
        builder = builder.credentials(credentials);
    }
    Ok(builder.build())
}

impl Mailer {
    /// The mailer of the server's email settings; `None` when it sends no email.
    pub fn for_app(app: &App) -> Result<Option<Mailer>, MailerError> {
        match &app.config().email {
            Some(email) => Mailer::new(app.clone(), &email.smtp_url, &email.from).map(Some),
            None => Ok(None),
        }
    }

    /// A mailer that sends through `smtp` as `from`.
    pub fn new(app: App, smtp: &SmtpUrl, from: &str) -> Result<Self, MailerError> {
        Ok(Mailer {
            from: from
                .parse()
                .map_err(|e: lettre::address::AddressError| MailerError::Sender(e.to_string()))?,
            transport: transport(smtp)?,
            app,
        })
    }

    /// One pass: claims due emails, sends them concurrently, records the outcomes. Returns
    /// how many were handled.
    pub async fn run_once(&self) -> Result<usize, StoreError> {
        let claimed = self.app.claim_emails(BATCH).await?;
        let count = claimed.len();
        let turns = claimed.into_iter().map(|outgoing| self.deliver(outgoing));
        // Concurrently: a slow exchange must not hold back the others.
        for result in futures_util::future::join_all(turns).await {
            result?;
        }
        Ok(count)
    }

    async fn deliver(&self, outgoing: Outgoing) -> Result<(), StoreError> {
        let outcome = match outgoing.action {
            Action::End(outcome) => outcome,
            Action::Send(message) => self.send(&outgoing.recipient, message).await,
        };
        match &outcome {
            Outcome::Sent => tracing::debug!(link_id = %outgoing.link_id, "email sent"),
            Outcome::Canceled => tracing::debug!(link_id = %outgoing.link_id, "email canceled"),
            Outcome::Retry(_) => {
                tracing::info!(link_id = %outgoing.link_id, "email failed temporarily")
            }
            Outcome::Failed { .. } => {
                tracing::warn!(link_id = %outgoing.link_id, "email given up")
            }
        }
        self.app
            .record_email(&outgoing.link_id, outcome, jitter())
            .await
    }

    /// One SMTP attempt: a 5xx reply is permanent, anything else that fails is temporary.
    /// The recipient is read by the rules every request's address passed (one queued before
    /// them that fails them is not sent) and sent to in its canonical form.
    async fn send(&self, recipient: &str, message: ComposedEmail) -> Outcome {
        let to = email::Mailbox::recipient("recipient", recipient)
            .ok()
            .and_then(|m| lettre::Address::new(m.local(), m.domain()).ok());
        let Some(to) = to else {
            return Outcome::Failed {
                error: "the recipient address cannot be used".into(),
                attempted: false,
            };
        };
        let built = Message::builder()
            .from(self.from.clone())
            .to(Mailbox::new(None, to))
            .subject(message.subject)
            .multipart(MultiPart::alternative_plain_html(
                message.text,
                message.html,
            ));
        let email = match built {
            Ok(email) => email,
            Err(e) => {
                return Outcome::Failed {
                    error: format!("the message cannot be built: {e}"),
                    attempted: false,
                }
            }
        };
        match self.transport.send(email).await {
            Ok(_) => Outcome::Sent,
            Err(e) if e.is_permanent() => Outcome::Failed {
                error: describe(&e),
                attempted: true,
            },
            Err(e) => Outcome::Retry(describe(&e)),
        }
    }
}

/// An SMTP error with its causes, for the delivery's `last_error`.
fn describe(err: &lettre::transport::smtp::Error) -> String {
    let mut message = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        // lettre's own text often repeats its cause already.
        if !message.contains(&cause_text) {
            message.push_str(": ");
            message.push_str(&cause_text);
        }
        source = cause.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn every_security_mode_builds_a_client_without_connecting() {
        for url in [
            "smtp://user:secret@mail.example",
            "smtp://mail.example:2525?tls=opportunistic",
            "smtps://user:secret@mail.example",
            "smtp://127.0.0.1:25?tls=none",
            "smtp://[::1]:2525?tls=none",
        ] {
            let smtp: SmtpUrl = url.parse().expect("URL");
            assert!(transport(&smtp).is_ok(), "{url}");
        }
    }
}
