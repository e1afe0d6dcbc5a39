//! Webhooks: endpoints, their secrets, and the delivery log.

use chrono::TimeDelta;
use serde::{Deserialize, Serialize};

use super::{App, AppResult, Command, Ctx, Query};
use crate::domain::actor::Role;
use crate::domain::ids::IdKind;
use crate::domain::paging::PageRequest;
use crate::domain::tenant::Principal;
use crate::domain::webhook::{Delivery, Webhook, WebhookFormat, WebhookPatch};
use crate::domain::{Error, Reason};
use crate::store::{events, webhooks};

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
    pub url: String,
    pub enabled_events: Vec<String>,
    #[serde(skip_serializing_if = "WebhookFormat::is_default")]
    pub format: WebhookFormat,
}

/// Refuses a URL that points inside the network: by its host now, and — when the host is a
/// name — by every address the name resolves to. A name that does not resolve yet is accepted;
/// the dispatcher judges the addresses again when it connects.
async fn check_target(app: &App, principal: &Principal, url: &str) -> AppResult<()> {
    let policy = app.config().outbound;
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
        for address in addresses {
            policy.check_address(address.ip())?;
        }
    }
    Ok(())
}

impl Command for CreateWebhook {
    const NAME: &'static str = "CreateWebhook";
    type Output = WebhookWithSecret;

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
        Ok(created)
    }
}

pub struct GetWebhook {
    pub id: String,
}

impl Query for GetWebhook {
    type Output = Webhook;

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Webhook> {
        webhooks::get(cx.conn, &principal.tenant, &self.id)
    }
}

pub struct ListWebhooks {
    pub page: PageRequest,
}

impl Query for ListWebhooks {
    type Output = (Vec<Webhook>, String);

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Self::Output> {
        let page = cx.page(&self.page)?;
        webhooks::list(cx.conn, &principal.tenant, &page)
    }
}

#[derive(Debug, Serialize)]
pub struct UpdateWebhook {
    pub id: String,
    pub patch: WebhookPatch,
}

impl Command for UpdateWebhook {
    const NAME: &'static str = "UpdateWebhook";
    type Output = Webhook;

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
        Ok(webhook)
    }
}

#[derive(Debug, Serialize)]
pub struct DeleteWebhook {
    pub id: String,
}

impl Command for DeleteWebhook {
    const NAME: &'static str = "DeleteWebhook";
    type Output = ();

    fn role(&self) -> Role {
        Role::Admin
    }

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<()> {
        webhooks::delete(cx.conn, &principal.tenant, &self.id)
    }
}

#[derive(Debug, Serialize)]
pub struct RotateWebhookSecret {
    pub id: String,
    #[serde(with = "crate::domain::seconds")]
    pub grace: TimeDelta,
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
        Ok(rotated)
    }
}

/// ListWebhookDeliveries: by webhook, by inquiry, or both.
pub struct ListDeliveries {
    pub webhook_id: Option<String>,
    pub inquiry_id: Option<String>,
    pub page: PageRequest,
}

impl Query for ListDeliveries {
    type Output = (Vec<Delivery>, String);

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Self::Output> {
        let page = cx.page(&self.page)?;
        if let Some(id) = &self.webhook_id {
            webhooks::get(cx.conn, &principal.tenant, id)?;
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
    pub webhook_id: String,
    pub event_id: String,
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
        webhooks::redeliver(cx.conn, &webhook, &event, cx.now)
    }
}
