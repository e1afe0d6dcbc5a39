//! Webhooks: endpoints, their secrets, and the delivery log. Every change of a webhook is an
//! audit entry with its caller as actor.

use chrono::TimeDelta;
use serde::{Deserialize, Serialize};

use super::record::configured;
use super::{App, AppResult, Command, Ctx, Query};
use crate::domain::actor::Role;
use crate::domain::error::check_update_paths;
use crate::domain::events::EventKind;
use crate::domain::ids::IdKind;
use crate::domain::paging::PageRequest;
use crate::domain::tenant::Principal;
use crate::domain::webhook::{
    check_events, check_grace, check_url, Delivery, Webhook, WebhookFormat, WebhookPatch,
    UPDATABLE_PATHS,
};
use crate::domain::{Error, Reason};
use crate::store::{events, inquiries, webhooks};

/// A webhook with its signing secret: shown only when created or rotated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookWithSecret {
    pub webhook: Webhook,
    pub secret: String,
}

impl WebhookWithSecret {
    /// A webhook whose secret was just made: it is stored sealed under the operator's key (if
    /// one is set) and the plain secret kept for the caller, this once.
    fn sealing(mut webhook: Webhook, cx: &Ctx<'_>) -> AppResult<Self> {
        let secret = std::mem::take(&mut webhook.secret);
        webhook.secret = cx.config().keyring.seal_secret(&webhook.id, &secret)?;
        Ok(WebhookWithSecret { webhook, secret })
    }
}

#[derive(Debug, Serialize)]
pub struct CreateWebhook {
    url: String,
    enabled_events: Vec<String>,
    #[serde(skip_serializing_if = "WebhookFormat::is_default")]
    format: WebhookFormat,
}

impl CreateWebhook {
    /// `format`: `None` asks for the default.
    pub fn new(
        url: &str,
        enabled_events: &[String],
        format: Option<WebhookFormat>,
    ) -> Result<Self, Error> {
        Ok(CreateWebhook {
            url: check_url(url)?,
            enabled_events: check_events(enabled_events)?,
            format: format.unwrap_or_default(),
        })
    }
}

/// Refuses a URL that points inside the network: by its host now, and — when the host is a
/// name — by every address the name resolves to. A name that does not resolve yet is accepted;
/// the dispatcher judges the addresses again when it connects (or, through an egress proxy, the
/// proxy does).
async fn check_target(app: &App, principal: &Principal, url: &str) -> AppResult<()> {
    let policy = &app.config().outbound;
    let Some(name) = policy.check_target(url, principal.tenant.environment)? else {
        return Ok(());
    };
    if policy.allow_private_networks {
        return Ok(());
    }
    let resolved = tokio::time::timeout(
        std::time::Duration::from_secs(5),
        tokio::net::lookup_host((name.as_str(), 443)),
    )
    .await;
    if let Ok(Ok(addresses)) = resolved {
        policy.check_resolved(&name, addresses.map(|address| address.ip()))?;
    }
    Ok(())
}

impl Command for CreateWebhook {
    const NAME: &'static str = "CreateWebhook";
    type Output = WebhookWithSecret;

    fn committed(app: &App, principal: &Principal, _output: &Self::Output) {
        app.forget_subscriptions(&principal.tenant);
    }

    fn role(&self) -> Role {
        Role::Admin
    }

    async fn preflight(&self, app: &App, principal: &Principal) -> AppResult<()> {
        check_target(app, principal, &self.url).await
    }

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<WebhookWithSecret> {
        let webhook = Webhook {
            format: self.format,
            ..Webhook::new(
                IdKind::Webhook.generate()?,
                principal.tenant.clone(),
                self.url.clone(),
                self.enabled_events.clone(),
                cx.now,
            )?
        };
        let created = WebhookWithSecret::sealing(webhook, cx)?;
        webhooks::insert(cx.conn, &created.webhook)?;
        let (tenant, id) = (&principal.tenant, &created.webhook.id);
        configured(cx, tenant, EventKind::WebhookCreated, id, None)?;
        Ok(created)
    }
}

pub struct GetWebhook {
    id: String,
}

impl GetWebhook {
    pub fn new(id: &str) -> Result<Self, Error> {
        Ok(GetWebhook {
            id: IdKind::Webhook.parse("id", id)?,
        })
    }
}

impl Query for GetWebhook {
    type Output = Webhook;

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Webhook> {
        webhooks::get(cx.conn, &principal.tenant, &self.id)
    }
}

pub struct ListWebhooks {
    page: PageRequest,
}

impl ListWebhooks {
    pub fn new(page_size: i32, page_token: &str) -> Result<Self, Error> {
        Ok(ListWebhooks {
            page: PageRequest::parse(page_size, page_token, "ListWebhooks", "")?,
        })
    }
}

impl Query for ListWebhooks {
    type Output = (Vec<Webhook>, String);

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Self::Output> {
        let page = cx.page(&self.page, principal)?;
        webhooks::list(cx.conn, &principal.tenant, &page)
    }
}

/// What a caller asks UpdateWebhook to change, as sent: the values `paths` names.
#[derive(Debug, Clone, Copy, Default)]
pub struct WebhookUpdate<'a> {
    pub id: &'a str,
    pub paths: &'a [String],
    pub url: &'a str,
    pub enabled_events: &'a [String],
    pub enabled: bool,
    /// `None` asks for the default.
    pub format: Option<WebhookFormat>,
}

#[derive(Debug, Serialize)]
pub struct UpdateWebhook {
    id: String,
    patch: WebhookPatch,
}

impl UpdateWebhook {
    pub fn new(update: &WebhookUpdate<'_>) -> Result<Self, Error> {
        let id = IdKind::Webhook.parse("webhook.id", update.id)?;
        check_update_paths(update.paths, UPDATABLE_PATHS)?;
        let has = |path: &str| update.paths.iter().any(|p| p == path);
        let patch = WebhookPatch {
            url: has("url").then(|| check_url(update.url)).transpose()?,
            enabled_events: has("enabled_events")
                .then(|| check_events(update.enabled_events))
                .transpose()?,
            enabled: has("enabled").then_some(update.enabled),
            format: has("format").then(|| update.format.unwrap_or_default()),
        };
        Ok(UpdateWebhook { id, patch })
    }
}

impl Command for UpdateWebhook {
    const NAME: &'static str = "UpdateWebhook";
    type Output = Webhook;

    fn committed(app: &App, principal: &Principal, _output: &Self::Output) {
        app.forget_subscriptions(&principal.tenant);
    }

    fn role(&self) -> Role {
        Role::Admin
    }

    async fn preflight(&self, app: &App, principal: &Principal) -> AppResult<()> {
        match &self.patch.url {
            Some(url) => check_target(app, principal, url).await,
            None => Ok(()),
        }
    }

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Webhook> {
        let mut webhook = webhooks::lock(cx.conn, &principal.tenant, &self.id)?;
        webhook.update(self.patch.clone(), cx.now);
        webhooks::save(cx.conn, &webhook)?;
        configured(
            cx,
            &principal.tenant,
            EventKind::WebhookUpdated,
            &webhook.id,
            None,
        )?;
        Ok(webhook)
    }
}

#[derive(Debug, Serialize)]
pub struct DeleteWebhook {
    id: String,
}

impl DeleteWebhook {
    pub fn new(id: &str) -> Result<Self, Error> {
        Ok(DeleteWebhook {
            id: IdKind::Webhook.parse("id", id)?,
        })
    }
}

impl Command for DeleteWebhook {
    const NAME: &'static str = "DeleteWebhook";
    type Output = ();

    fn committed(app: &App, principal: &Principal, _output: &Self::Output) {
        app.forget_subscriptions(&principal.tenant);
    }

    fn role(&self) -> Role {
        Role::Admin
    }

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<()> {
        webhooks::delete(cx.conn, &principal.tenant, &self.id)?;
        configured(
            cx,
            &principal.tenant,
            EventKind::WebhookDeleted,
            &self.id,
            None,
        )
    }
}

#[derive(Debug, Serialize)]
pub struct RotateWebhookSecret {
    id: String,
    #[serde(with = "crate::domain::seconds")]
    grace: TimeDelta,
}

impl RotateWebhookSecret {
    /// `grace_period`: how long the previous secret still signs too; `None` is none.
    pub fn new(id: &str, grace_period: Option<TimeDelta>) -> Result<Self, Error> {
        Ok(RotateWebhookSecret {
            id: IdKind::Webhook.parse("id", id)?,
            grace: check_grace(grace_period.unwrap_or_default())?,
        })
    }
}

impl Command for RotateWebhookSecret {
    const NAME: &'static str = "RotateWebhookSecret";
    type Output = WebhookWithSecret;

    fn role(&self) -> Role {
        Role::Admin
    }

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<WebhookWithSecret> {
        let mut webhook = webhooks::lock(cx.conn, &principal.tenant, &self.id)?;
        webhook.rotate_secret(self.grace, cx.now)?;
        let rotated = WebhookWithSecret::sealing(webhook, cx)?;
        webhooks::save(cx.conn, &rotated.webhook)?;
        let (tenant, id) = (&principal.tenant, &rotated.webhook.id);
        configured(cx, tenant, EventKind::WebhookSecretRotated, id, None)?;
        Ok(rotated)
    }
}

/// ListWebhookDeliveries: by webhook, by inquiry, or both.
pub struct ListDeliveries {
    webhook_id: Option<String>,
    inquiry_id: Option<String>,
    page: PageRequest,
}

impl ListDeliveries {
    /// Empty IDs filter nothing; at least one is needed.
    pub fn new(
        webhook_id: &str,
        inquiry_id: &str,
        page_size: i32,
        page_token: &str,
    ) -> Result<Self, Error> {
        let webhook_id = IdKind::Webhook.parse_optional("webhook_id", webhook_id)?;
        let inquiry_id = IdKind::Inquiry.parse_optional("inquiry_id", inquiry_id)?;
        if webhook_id.is_none() && inquiry_id.is_none() {
            return Err(Error::invalid(
                "webhook_id",
                "name a webhook_id, an inquiry_id, or both",
            ));
        }
        let filters = format!("webhook_id={webhook_id:?},inquiry_id={inquiry_id:?}");
        Ok(ListDeliveries {
            page: PageRequest::parse(page_size, page_token, "ListWebhookDeliveries", &filters)?,
            webhook_id,
            inquiry_id,
        })
    }
}

impl Query for ListDeliveries {
    type Output = (Vec<Delivery>, String);

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Self::Output> {
        let page = cx.page(&self.page, principal)?;
        // A list under a resource the caller cannot see is NOT_FOUND, as the other lists of
        // an inquiry (its sessions, its links) are, rather than empty.
        if let Some(id) = &self.webhook_id {
            webhooks::get(cx.conn, &principal.tenant, id)?;
        }
        if let Some(id) = &self.inquiry_id {
            inquiries::find(cx.conn, &principal.tenant, id)?;
        }
        webhooks::deliveries(
            cx.conn,
            &principal.tenant,
            self.webhook_id.as_deref(),
            self.inquiry_id.as_deref(),
            &page,
        )
    }
}

/// Seals every webhook secret (current and previous) under the current key, opening what the
/// previous key sealed (`verilink secrets reseal`); returns how many webhooks changed. Secrets
/// that neither key opens are left as they are and counted in the error.
pub fn reseal_all(
    conn: &mut diesel::PgConnection,
    keyring: &crate::domain::secrets::Keyring,
) -> AppResult<usize> {
    let mut changed = 0;
    let mut unreadable = Vec::new();
    for mut webhook in webhooks::lock_all(conn)? {
        let id = webhook.id.clone();
        let mut reseal = |stored: &mut String| -> AppResult<bool> {
            if keyring.is_current(&id, stored) {
                return Ok(false);
            }
            let Some(plain) = keyring.open_secret(&id, stored) else {
                unreadable.push(id.clone());
                return Ok(false);
            };
            *stored = keyring.seal_secret(&id, &plain)?;
            Ok(true)
        };
        let mut touched = reseal(&mut webhook.secret)?;
        if let Some(previous) = webhook.previous_secret.as_mut() {
            touched |= reseal(previous)?;
        }
        if touched {
            webhooks::save(conn, &webhook)?;
            changed += 1;
        }
    }
    if !unreadable.is_empty() {
        return Err(crate::store::StoreError::Internal(format!(
            "neither VERILINK_ENCRYPTION_KEY nor VERILINK_ENCRYPTION_KEY_PREVIOUS opens the \
             secrets of {}",
            unreadable.join(", ")
        )));
    }
    Ok(changed)
}

/// RedeliverEvent: queues the event for the webhook once more.
#[derive(Debug, Serialize)]
pub struct RedeliverEvent {
    webhook_id: String,
    event_id: String,
}

impl RedeliverEvent {
    pub fn new(webhook_id: &str, event_id: &str) -> Result<Self, Error> {
        Ok(RedeliverEvent {
            webhook_id: IdKind::Webhook.parse("webhook_id", webhook_id)?,
            event_id: IdKind::Event.parse("event_id", event_id)?,
        })
    }
}

impl Command for RedeliverEvent {
    const NAME: &'static str = "RedeliverEvent";
    type Output = Delivery;

    fn role(&self) -> Role {
        Role::Admin
    }

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Delivery> {
        let webhook = webhooks::get(cx.conn, &principal.tenant, &self.webhook_id)?;
        if !webhook.enabled {
            return Err(Error::precondition(
                Reason::WebhookDisabled,
                "enable the webhook before redelivering to it",
            )
            .into());
        }
        let event = events::get(cx.conn, &principal.tenant, &self.event_id)?;
        if EventKind::parse(&event.name).is_none_or(EventKind::is_audit_only) {
            return Err(Error::invalid(
                "event_id",
                "is an audit entry, which is never sent to webhooks",
            )
            .into());
        }
        webhooks::redeliver(cx.conn, &webhook, &event, cx.now)
    }
}
