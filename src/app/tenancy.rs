//! Organizations and their API keys, as the `verilink` command manages them: on a connection
//! of its own (no server needs to run), each in one transaction.

use chrono::{DateTime, Utc};
use diesel::{Connection, PgConnection};

use super::AppResult;
use crate::domain::collect::kyc_fields;
use crate::domain::ids::IdKind;
use crate::domain::secrets::NewApiKey;
use crate::domain::template::{Template, TemplateDraft, TemplateSettings};
use crate::domain::tenant::{Environment, Tenant};
use crate::store::models::{ApiKeyRow, OrganizationRow};
use crate::store::{templates, tenancy};

/// What `bootstrap` made: the organization (and whether it is new), the `KYC` templates it
/// created (per environment, only where there was none) and a key per environment.
pub struct Bootstrapped {
    pub organization: OrganizationRow,
    pub created: bool,
    pub templates: Vec<Template>,
    /// The keys, with their secrets (shown once).
    pub keys: Vec<(ApiKeyRow, NewApiKey)>,
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
                let template = Template {
                    id: IdKind::InquiryTemplate.generate()?,
                    tenant,
                    settings: TemplateSettings::create(&TemplateDraft {
                        name: "KYC".into(),
                        collected_fields: kyc_fields(),
                        ..TemplateDraft::default()
                    })?,
                    archive_time: None,
                    create_time: now,
                    update_time: now,
                };
                templates::insert(conn, &template)?;
                made.templates.push(template);
            }
            let org = &made.organization.id;
            let key_name = tenancy::free_key_name(conn, org, environment, "bootstrap")?;
            made.keys.push(tenancy::create_api_key(
                conn,
                org,
                environment,
                &key_name,
                now,
            )?);
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
) -> AppResult<(ApiKeyRow, NewApiKey)> {
    conn.transaction(|conn| {
        let organization = tenancy::find_organization(conn, organization)?;
        tenancy::create_api_key(conn, &organization.id, environment, name, now)
    })
}

/// Every key with its organization's name (never a secret).
pub fn list_keys(conn: &mut PgConnection) -> AppResult<Vec<(ApiKeyRow, String)>> {
    tenancy::list_api_keys(conn)
}

/// Revokes a key; every replica stops accepting it within a second.
pub fn revoke_key(
    conn: &mut PgConnection,
    key_id: &str,
    now: DateTime<Utc>,
) -> AppResult<ApiKeyRow> {
    conn.transaction(|conn| tenancy::revoke_api_key(conn, key_id, now))
}
