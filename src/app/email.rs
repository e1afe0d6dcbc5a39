//! Emailed links. Asking for one: the limits, the template's text in the chosen language, and
//! the message queued in the link's own transaction. Sending: what the mailer on every replica
//! claims, and each outcome recorded under the inquiry's row lock with its event.

use chrono::{DateTime, TimeDelta, Utc};
use serde::Serialize;

use super::record::record_events;
use super::{App, AppResult, Ctx};
use crate::domain::access::{EmailDelivery, EmailStatus, LinkStatus, OneTimeLink};
use crate::domain::actor::{system, Actor};
use crate::domain::email::{
    check_language, compose, load_message, next_attempt, store_message, ComposedEmail,
    EmailTemplate, LinkFacts, Mailbox, SmtpUrl, LAST_ERROR_MAX_CHARS,
};
use crate::domain::events::EventKind;
use crate::domain::inquiry::Happened;
use crate::domain::inquiry::Inquiry;
use crate::domain::secrets::Keyring;
use crate::domain::tenant::Principal;
use crate::domain::{Error, Reason};
use crate::store::{emails, inquiries};

/// Email delivery of links, when the server has SMTP (`VERILINK_SMTP_URL`).
#[derive(Debug, Clone)]
pub struct EmailConfig {
    /// Where the mailer sends (its password never shown by `Debug`).
    pub smtp_url: SmtpUrl,
    /// The sender, as checked by `domain::email::check_sender`.
    pub from: String,
    /// Emails asked for per recipient address and hour (all tenants, all replicas).
    pub per_recipient_per_hour: u32,
    /// Emails asked for per API key and hour (all replicas).
    pub per_key_per_hour: u32,
}

/// A request to email a new link: a checked address and language tag.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EmailRequest {
    pub(super) recipient: Mailbox,
    pub(super) language: Option<String>,
    /// The request field that named the language (for errors).
    #[serde(skip)]
    pub(super) language_field: &'static str,
}

impl EmailRequest {
    /// The email a request asks for, each value with the field that named it: none without a
    /// recipient (then no language either).
    pub(super) fn asked(
        (recipient_field, recipient): (&'static str, &str),
        (language_field, value): (&'static str, &str),
    ) -> Result<Option<Self>, Error> {
        if recipient.trim().is_empty() {
            if !value.trim().is_empty() {
                return Err(Error::invalid(
                    language_field,
                    format!("applies only to an emailed link: set {recipient_field} too"),
                ));
            }
            return Ok(None);
        }
        Ok(Some(EmailRequest {
            recipient: Mailbox::recipient(recipient_field, recipient)?,
            language: language(language_field, value)?,
            language_field,
        }))
    }
}

/// An optional language tag.
pub(super) fn language(field: &'static str, value: &str) -> Result<Option<String>, Error> {
    (!value.trim().is_empty())
        .then(|| check_language(field, value))
        .transpose()
}

/// An email about to be queued with its link.
pub(super) struct Planned {
    recipient: Mailbox,
    language: String,
    template: EmailTemplate,
    template_name: String,
    requested_by: String,
}

const HOUR: TimeDelta = TimeDelta::hours(1);

fn not_configured() -> Error {
    Error::precondition(
        Reason::EmailNotConfigured,
        "this server sends no email: set VERILINK_SMTP_URL and VERILINK_EMAIL_FROM",
    )
}

/// Everything an emailed link needs decided before the link exists: that the server sends
/// email, the template's text in the language asked for, and that neither the recipient nor
/// the key is past its hourly limit.
pub(super) fn plan(
    cx: &mut Ctx<'_>,
    inquiry: &Inquiry,
    request: &EmailRequest,
    principal: &Principal,
) -> AppResult<Planned> {
    let config = cx.config().email.clone().ok_or_else(not_configured)?;
    let template = cx
        .app
        .template(cx.conn, &inquiry.tenant, &inquiry.inquiry_template_id)?;
    let (language, text) = template
        .settings
        .email
        .template_for(request.language.as_deref(), request.language_field)?;
    check_limits(cx, &config, &request.recipient, &principal.actor.id)?;
    Ok(Planned {
        recipient: request.recipient.clone(),
        language,
        template: text,
        template_name: template.settings.name.clone(),
        requested_by: principal.actor.id.clone(),
    })
}

/// `language` if the inquiry's template still has a text for it (a resend keeps the earlier
/// email's language unless it was removed since; then the default applies).
pub(super) fn still_offered(
    cx: &mut Ctx<'_>,
    inquiry: &Inquiry,
    language: String,
) -> AppResult<Option<String>> {
    let template = cx
        .app
        .template(cx.conn, &inquiry.tenant, &inquiry.inquiry_template_id)?;
    let offered = template
        .settings
        .email
        .template_for(Some(&language), "language")
        .is_ok();
    Ok(offered.then_some(language))
}

/// The hourly limits: per recipient, counted on its mailbox's limit key (every spelling of one
/// mailbox is one recipient, see [`Mailbox::limit_key`]), and per API key.
fn check_limits(
    cx: &mut Ctx<'_>,
    config: &EmailConfig,
    recipient: &Mailbox,
    key_id: &str,
) -> AppResult<()> {
    let recipient = recipient.limit_digest();
    emails::lock_recipient(cx.conn, &recipient)?;
    let since = cx.now - HOUR;
    let refuse = |reason, message: &str, oldest: Option<DateTime<Utc>>| {
        let retry_after = oldest.map_or(HOUR, |oldest| oldest + HOUR - cx.now);
        Err(Error::throttled(reason, message, retry_after).into())
    };
    let (count, oldest) = emails::count_to_recipient(cx.conn, &recipient, since)?;
    if count >= i64::from(config.per_recipient_per_hour.max(1)) {
        return refuse(
            Reason::EmailRecipientLimit,
            "this address has been sent as many links as it may get in an hour; retry later",
            oldest,
        );
    }
    let (count, oldest) = emails::count_by_key(cx.conn, key_id, since)?;
    if count >= i64::from(config.per_key_per_hour.max(1)) {
        return refuse(
            Reason::EmailKeyLimit,
            "this API key has asked for as many emails as it may in an hour; retry later",
            oldest,
        );
    }
    Ok(())
}

impl Planned {
    /// The delivery a new link starts with.
    pub(super) fn delivery(&self, now: DateTime<Utc>) -> EmailDelivery {
        EmailDelivery::queued(
            self.recipient.to_string(),
            self.language.clone(),
            self.requested_by.clone(),
            now,
        )
    }

    /// Writes the message (with the link's URLs) and queues it, in the link's transaction.
    pub(super) fn queue(
        &self,
        cx: &mut Ctx<'_>,
        link: &OneTimeLink,
        url: &str,
        short_url: &str,
    ) -> AppResult<()> {
        let facts = LinkFacts {
            url,
            short_url,
            expires_at: link.expires_at,
            template_name: &self.template_name,
        };
        let message = compose(&self.template, &facts, &self.language);
        let key = cx.config().keyring.current.as_ref();
        let (stored, sealed) = store_message(&message, key, &link.id)?;
        emails::enqueue(cx.conn, link, stored, sealed, cx.now)
    }
}

/// How long a claimed message is reserved for the mailer that claimed it: longer than an SMTP
/// conversation may take, so another replica retries only after a mailer died.
pub const LEASE: TimeDelta = TimeDelta::minutes(2);

/// A claimed email and what to do with it.
#[derive(Debug)]
pub struct Outgoing {
    pub link_id: String,
    pub recipient: String,
    pub action: Action,
}

#[derive(Debug)]
pub enum Action {
    Send(ComposedEmail),
    /// Nothing to send: record this at once.
    End(Outcome),
}

/// How an email's turn ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The SMTP server accepted it.
    Sent,
    /// A temporary failure (a 4xx reply, no connection, a timeout): tried again later, or
    /// given up after its last attempt.
    Retry(String),
    /// Given up at once: refused permanently (a 5xx reply) when `attempted`, or nothing could
    /// be sent (the link expired, the message does not open).
    Failed { error: String, attempted: bool },
    /// The link was revoked or used before its email was sent.
    Canceled,
}

/// What to do with a claimed message, given its link as it is now.
fn outgoing(queued: emails::Queued, keyring: &Keyring, now: DateTime<Utc>) -> Outgoing {
    let link = queued.link;
    let (recipient, last_error) = link
        .email
        .as_ref()
        .map(|e| (e.recipient.clone(), e.last_error.clone()))
        .unwrap_or_default();
    let failed = |error: String| {
        Action::End(Outcome::Failed {
            error,
            attempted: false,
        })
    };
    let action = match link.status {
        LinkStatus::Pending if link.expires_at > now => {
            match load_message(&queued.message, queued.sealed, keyring, &link.id) {
                Some(message) => Action::Send(message),
                None => failed(
                    "the queued message does not open with this server's VERILINK_ENCRYPTION_KEY"
                        .into(),
                ),
            }
        }
        LinkStatus::Pending | LinkStatus::Expired => failed(if last_error.is_empty() {
            "the link expired before its email could be sent".into()
        } else {
            format!("the link expired before its email could be sent; last error: {last_error}")
        }),
        LinkStatus::Revoked | LinkStatus::Consumed => Action::End(Outcome::Canceled),
    };
    Outgoing {
        link_id: link.id,
        recipient,
        action,
    }
}

impl App {
    /// Claims up to `limit` due emails for this replica's mailer.
    pub async fn claim_emails(&self, limit: i64) -> AppResult<Vec<Outgoing>> {
        let keyring = self.config().keyring.clone();
        self.transact(Actor::system(system::MAILER), move |cx| {
            let claimed = emails::claim_due(cx.conn, cx.now, cx.now + LEASE, limit)?;
            Ok(claimed
                .into_iter()
                .map(|queued| outgoing(queued, &keyring, cx.now))
                .collect())
        })
        .await
    }

    /// Records how an email's turn ended, under its inquiry's row lock, with its event
    /// (`one-time-link.sent`, `one-time-link.delivery-failed`). `jitter` (in [0, 1)) spreads
    /// retries. Nothing happens if the email already left the outbox (another mailer after
    /// its lease passed, or a redaction).
    pub async fn record_email(
        &self,
        link_id: &str,
        outcome: Outcome,
        jitter: f64,
    ) -> AppResult<()> {
        let link_id = link_id.to_owned();
        self.transact(Actor::system(system::MAILER), move |cx| {
            let Some(inquiry_id) = emails::queued_inquiry(cx.conn, &link_id)? else {
                return Ok(());
            };
            let inquiry = inquiries::lock_by_id(cx.conn, &inquiry_id)?;
            if !emails::lock_queued(cx.conn, &link_id)? {
                return Ok(());
            }
            let Some(link) = write_outcome(cx, &link_id, &outcome, jitter)? else {
                return Ok(());
            };
            let kind = match link.email.as_ref().map(|e| e.status) {
                Some(EmailStatus::Sent) => EventKind::LinkSent,
                Some(EmailStatus::Failed) => EventKind::LinkDeliveryFailed,
                _ => return Ok(()),
            };
            let happened = vec![Happened::link(kind, &link)];
            record_events(cx, &inquiry.tenant, &inquiry.id, happened)
        })
        .await
    }
}

fn clipped(error: &str) -> String {
    error.chars().take(LAST_ERROR_MAX_CHARS).collect()
}

/// Writes an outcome on a locked, queued email; the link if its email ended, `None` if it
/// waits for another attempt.
fn write_outcome(
    cx: &mut Ctx<'_>,
    link_id: &str,
    outcome: &Outcome,
    jitter: f64,
) -> AppResult<Option<OneTimeLink>> {
    let finish = |cx: &mut Ctx<'_>, status, error: Option<String>| {
        emails::finish(cx.conn, link_id, status, error.as_deref(), cx.now).map(Some)
    };
    match outcome {
        Outcome::Sent => {
            emails::count_attempt(cx.conn, link_id, "")?;
            finish(cx, EmailStatus::Sent, None)
        }
        Outcome::Retry(error) => {
            let link = emails::count_attempt(cx.conn, link_id, &clipped(error))?;
            let attempts = link.email.as_ref().map_or(1, |e| e.attempt_count);
            match next_attempt(cx.now, attempts, jitter) {
                Some(at) => {
                    emails::reschedule(cx.conn, link_id, at)?;
                    Ok(None)
                }
                None => {
                    let error = clipped(&format!("gave up after {attempts} attempts: {error}"));
                    finish(cx, EmailStatus::Failed, Some(error))
                }
            }
        }
        Outcome::Failed { error, attempted } => {
            if *attempted {
                emails::count_attempt(cx.conn, link_id, "")?;
            }
            finish(cx, EmailStatus::Failed, Some(clipped(error)))
        }
        Outcome::Canceled => finish(cx, EmailStatus::Canceled, None),
    }
}

/// `verilink secrets reseal`: seals every queued message again under the current key (or
/// stores it in the clear when none is set); an error naming the links whose messages neither
/// key opens. Returns how many were resealed.
pub fn reseal_queued(conn: &mut diesel::PgConnection, keyring: &Keyring) -> AppResult<usize> {
    let mut unreadable = Vec::new();
    let mut resealed = 0;
    for (link_id, stored, sealed) in emails::lock_all_queued(conn)? {
        let Some(message) = load_message(&stored, sealed, keyring, &link_id) else {
            unreadable.push(link_id);
            continue;
        };
        let (stored, sealed) = store_message(&message, keyring.current.as_ref(), &link_id)?;
        emails::store_queued(conn, &link_id, stored, sealed)?;
        resealed += 1;
    }
    if !unreadable.is_empty() {
        return Err(crate::store::StoreError::Internal(format!(
            "neither VERILINK_ENCRYPTION_KEY nor VERILINK_ENCRYPTION_KEY_PREVIOUS opens the \
             queued emails of {}",
            unreadable.join(", ")
        )));
    }
    Ok(resealed)
}
