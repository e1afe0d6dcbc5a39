//! Organizations and their API keys: as the `verilink` command manages them, on a connection
//! of its own (no server needs to run), each in one transaction; and a tenant's keys as use
//! cases of its administrators (the console), where making and revoking one is an audit entry.
//! Both make and revoke keys with the same store functions.

use chrono::{DateTime, Utc};
use diesel::{Connection, PgConnection};
use serde::{Deserialize, Serialize};

use super::record::{configured, configured_by};
use super::{AppResult, Command, Ctx, Query};
use crate::domain::actor::{system, Actor, Role};
use crate::domain::collect::kyc_fields;
use crate::domain::events::EventKind;
use crate::domain::ids::IdKind;
use crate::domain::secrets::NewApiKey;
use crate::domain::template::{Template, TemplateDraft, TemplateSettings};
use crate::domain::tenant::{check_key_name, ApiKey, Environment, Principal, Tenant};
use crate::domain::Error;
use crate::store::models::OrganizationRow;
use crate::store::{templates, tenancy};

/// What `bootstrap` made: the organization (and whether it is new), the `KYC` templates it
/// created (per environment, only where there was none) and a key per environment.
pub struct Bootstrapped {
    pub organization: OrganizationRow,
    pub created: bool,
    pub templates: Vec<Template>,
    /// The keys, with their secrets (shown once).
    pub keys: Vec<(ApiKey, NewApiKey)>,
}

/// Creates the organization called `name` if it is new, a `KYC` template in each environment
/// that has none, and a sandbox and a live key named `bootstrap` (then `bootstrap-2`, …).
pub fn bootstrap(
    conn: &mut PgConnection,
    name: &str,
    now: DateTime<Utc>,
) -> AppResult<Bootstrapped> {
    conn.transaction(|conn| {
        let (organization, created) = tenancy::ensure_organization(conn, name, now)?;
        let mut made = Bootstrapped {
            organization,
            created,
            templates: Vec::new(),
            keys: Vec::new(),
        };
        for environment in Environment::ALL {
            let tenant = Tenant {
                organization_id: made.organization.id.clone(),
                environment,
            };
            if templates::find_by_name(conn, &tenant, "KYC")?.is_none() {
                let settings = TemplateSettings::create(&TemplateDraft {
                    name: "KYC".into(),
                    collected_fields: kyc_fields(),
                    ..TemplateDraft::default()
                })?;
                let id = IdKind::InquiryTemplate.generate()?;
                let template = Template::new(id, tenant, settings, now)?;
                templates::insert(conn, &template)?;
                made.templates.push(template);
            }
            let org = &made.organization.id;
            let key_name = tenancy::free_key_name(conn, org, environment, "bootstrap")?;
            let made_key = tenancy::create_api_key(conn, org, environment, &key_name, now)?;
            by_cli(conn, EventKind::ApiKeyCreated, &made_key.0, now)?;
            made.keys.push(made_key);
        }
        Ok(made)
    })
}

/// Creates a key called `name` for the organization (its ID or name) in `environment`.
pub fn create_key(
    conn: &mut PgConnection,
    organization: &str,
    environment: Environment,
    name: &str,
    now: DateTime<Utc>,
) -> AppResult<(ApiKey, NewApiKey)> {
    conn.transaction(|conn| {
        let organization = tenancy::find_organization(conn, organization)?;
        let made = tenancy::create_api_key(conn, &organization.id, environment, name, now)?;
        by_cli(conn, EventKind::ApiKeyCreated, &made.0, now)?;
        Ok(made)
    })
}

/// The audit entry of a key the command line made or revoked: its actor is the service's
/// `cli`, for no person is known to it.
fn by_cli(
    conn: &mut PgConnection,
    kind: EventKind,
    key: &ApiKey,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let actor = Actor::system(system::CLI);
    configured_by(
        conn,
        &actor,
        &key.tenant,
        (kind, &key.id, Some(&key.name)),
        now,
    )
}

/// Every key with its organization's name (never a secret).
pub fn list_keys(conn: &mut PgConnection) -> AppResult<Vec<(ApiKey, String)>> {
    tenancy::list_api_keys(conn, None)
}

/// Revokes a key of any organization; every replica stops accepting it within a second.
pub fn revoke_key(conn: &mut PgConnection, key_id: &str, now: DateTime<Utc>) -> AppResult<ApiKey> {
    conn.transaction(|conn| {
        let (key, revoked) = tenancy::revoke_api_key(conn, None, key_id, now)?;
        if revoked {
            by_cli(conn, EventKind::ApiKeyRevoked, &key, now)?;
        }
        Ok(key)
    })
}

/// A key just made, with its secret: shown this once, never stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKeyWithSecret {
    pub key: ApiKey,
    pub secret: String,
}

/// CreateApiKey: a key of the caller's tenant called `name` (what will use it), unique among
/// the tenant's unrevoked keys.
#[derive(Debug, Serialize)]
pub struct CreateApiKey {
    name: String,
}

impl CreateApiKey {
    pub fn new(name: &str) -> Result<Self, Error> {
        Ok(CreateApiKey {
            name: check_key_name(name)?,
        })
    }
}

impl Command for CreateApiKey {
    const NAME: &'static str = "CreateApiKey";
    type Output = ApiKeyWithSecret;

    fn role(&self) -> Role {
        Role::Admin
    }

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<ApiKeyWithSecret> {
        let tenant = &principal.tenant;
        let (key, made) = tenancy::create_api_key(
            cx.conn,
            &tenant.organization_id,
            tenant.environment,
            &self.name,
            cx.now,
        )?;
        configured(
            cx,
            tenant,
            EventKind::ApiKeyCreated,
            &key.id,
            Some(&key.name),
        )?;
        Ok(ApiKeyWithSecret {
            key,
            secret: made.secret,
        })
    }
}

/// ListApiKeys: the caller's tenant's keys, revoked ones too, newest first. Keys are
/// configuration: only administrators list them.
#[derive(Debug)]
pub struct ListApiKeys(());

impl ListApiKeys {
    pub fn new() -> Result<Self, Error> {
        Ok(ListApiKeys(()))
    }
}

impl Query for ListApiKeys {
    type Output = Vec<ApiKey>;

    fn role(&self) -> Role {
        Role::Admin
    }

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Vec<ApiKey>> {
        let listed = tenancy::list_api_keys(cx.conn, Some(&principal.tenant))?;
        Ok(listed.into_iter().map(|(key, _)| key).collect())
    }
}

/// RevokeApiKey: a key of the caller's tenant (another's is not found); every replica stops
/// accepting it within a second. Revoking a revoked key changes nothing.
#[derive(Debug, Serialize)]
pub struct RevokeApiKey {
    id: String,
}

impl RevokeApiKey {
    pub fn new(id: &str) -> Result<Self, Error> {
        Ok(RevokeApiKey {
            id: IdKind::ApiKey.parse("id", id)?,
        })
    }
}

impl Command for RevokeApiKey {
    const NAME: &'static str = "RevokeApiKey";
    type Output = ApiKey;

    fn role(&self) -> Role {
        Role::Admin
    }

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<ApiKey> {
        let tenant = &principal.tenant;
        let (key, revoked) = tenancy::revoke_api_key(cx.conn, Some(tenant), &self.id, cx.now)?;
        if revoked {
            let name = Some(key.name.as_str());
            configured(cx, tenant, EventKind::ApiKeyRevoked, &key.id, name)?;
        }
        Ok(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_inputs_are_checked_before_anything_is_read() {
        assert!(CreateApiKey::new("  billing ").is_ok_and(|c| c.name == "billing"));
        assert!(CreateApiKey::new("   ").is_err());
        assert!(CreateApiKey::new("a\nb").is_err());
        assert!(RevokeApiKey::new("key_nope").is_err());
        let id = IdKind::ApiKey.generate().expect("id");
        assert!(RevokeApiKey::new(&id).is_ok());
        assert_eq!(CreateApiKey::new("x").expect("ok").role(), Role::Admin);
        assert_eq!(ListApiKeys::new().expect("ok").role(), Role::Admin);
    }
}
