//! Organizations and API keys.

use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;

use super::models::{ApiKeyRow, OrganizationRow};
use super::schema::{api_keys, organizations};
use super::{StoreError, StoreResult};
use crate::domain::ids::IdKind;
use crate::domain::secrets::{generate_api_key, NewApiKey};
use crate::domain::tenant::{check_key_name, ApiKey, Environment, Principal, Tenant};
use crate::domain::{Error, Reason};

impl From<ApiKeyRow> for ApiKey {
    fn from(row: ApiKeyRow) -> Self {
        ApiKey {
            id: row.id,
            name: row.name,
            tenant: Tenant {
                organization_id: row.organization_id,
                environment: row.environment,
            },
            display_prefix: row.display_prefix,
            create_time: row.create_time,
            revoke_time: row.revoke_time,
        }
    }
}

/// Returns the organization called `name`, creating it if it is new (`true` when created).
pub fn ensure_organization(
    conn: &mut PgConnection,
    name: &str,
    now: DateTime<Utc>,
) -> StoreResult<(OrganizationRow, bool)> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 255 {
        return Err(Error::invalid("org", "an organization name is 1 to 255 characters").into());
    }
    let inserted = diesel::insert_into(organizations::table)
        .values(OrganizationRow {
            id: IdKind::Organization.generate()?,
            name: name.to_owned(),
            create_time: now,
        })
        .on_conflict(organizations::name)
        .do_nothing()
        .get_result::<OrganizationRow>(conn)
        .optional()?;
    match inserted {
        Some(org) => Ok((org, true)),
        None => Ok((
            organizations::table
                .filter(organizations::name.eq(name))
                .first(conn)?,
            false,
        )),
    }
}

/// Finds an organization by ID or by exact name.
pub fn find_organization(
    conn: &mut PgConnection,
    id_or_name: &str,
) -> StoreResult<OrganizationRow> {
    organizations::table
        .filter(
            organizations::id
                .eq(id_or_name)
                .or(organizations::name.eq(id_or_name)),
        )
        .first(conn)
        .optional()?
        .ok_or_else(|| IdKind::Organization.not_found(id_or_name).into())
}

/// Creates a key called `name` (see [`check_key_name`]; taken by an unrevoked key of the
/// organization and environment: `ALREADY_EXISTS`); the secret in the returned [`NewApiKey`]
/// is shown once and never stored.
pub fn create_api_key(
    conn: &mut PgConnection,
    organization_id: &str,
    environment: Environment,
    name: &str,
    now: DateTime<Utc>,
) -> StoreResult<(ApiKey, NewApiKey)> {
    use diesel::result::{DatabaseErrorKind, Error as E};
    let name = check_key_name(name)?;
    let key = generate_api_key(environment)?;
    let inserted: Result<ApiKeyRow, _> = diesel::insert_into(api_keys::table)
        .values(ApiKeyRow {
            id: IdKind::ApiKey.generate()?,
            organization_id: organization_id.to_owned(),
            environment,
            secret_hash: key.digest.clone(),
            display_prefix: key.display_prefix.clone(),
            create_time: now,
            revoke_time: None,
            name: name.clone(),
        })
        .get_result(conn);
    match inserted {
        Ok(row) => Ok((row.into(), key)),
        Err(E::DatabaseError(DatabaseErrorKind::UniqueViolation, info))
            if info.constraint_name() == Some("api_keys_name_idx") =>
        {
            Err(Error::Conflict {
                reason: Reason::KeyNameTaken,
                field: "name",
                message: format!(
                    "an unrevoked {} key of this organization is already called {name:?}; \
                     choose another name (or revoke that key first)",
                    environment.as_str()
                ),
            }
            .into())
        }
        Err(other) => Err(other.into()),
    }
}

/// The first of `base`, `base-2`, `base-3`, … that no unrevoked key of the organization and
/// environment is called.
pub fn free_key_name(
    conn: &mut PgConnection,
    organization_id: &str,
    environment: Environment,
    base: &str,
) -> StoreResult<String> {
    let taken: Vec<String> = api_keys::table
        .filter(api_keys::organization_id.eq(organization_id))
        .filter(api_keys::environment.eq(environment))
        .filter(api_keys::revoke_time.is_null())
        .filter(api_keys::name.like(format!("{base}%")))
        .select(api_keys::name)
        .load(conn)?;
    let free = std::iter::once(base.to_owned())
        .chain((2..).map(|n| format!("{base}-{n}")))
        .find(|name| !taken.contains(name));
    Ok(free.unwrap_or_else(|| base.to_owned()))
}

/// Every key with its organization's name (of `tenant` only, when one is named), newest
/// first within an organization.
pub fn list_api_keys(
    conn: &mut PgConnection,
    tenant: Option<&Tenant>,
) -> StoreResult<Vec<(ApiKey, String)>> {
    let mut query = api_keys::table
        .inner_join(organizations::table)
        .into_boxed();
    if let Some(tenant) = tenant {
        query = query
            .filter(api_keys::organization_id.eq(tenant.organization_id.clone()))
            .filter(api_keys::environment.eq(tenant.environment));
    }
    let rows: Vec<(ApiKeyRow, String)> = query
        .order((organizations::name.asc(), api_keys::create_time.desc()))
        .select((ApiKeyRow::as_select(), organizations::name))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(row, org)| (row.into(), org))
        .collect())
}

/// Revokes a key (of `tenant` only, when one is named: another tenant's key is not found) and
/// tells every replica (which drop it from their caches and end its streams) when the
/// revocation commits. Returns the key and whether this call revoked it (`false`: it already
/// was revoked).
pub fn revoke_api_key(
    conn: &mut PgConnection,
    tenant: Option<&Tenant>,
    key_id: &str,
    now: DateTime<Utc>,
) -> StoreResult<(ApiKey, bool)> {
    let id = IdKind::ApiKey.parse("key_id", key_id)?;
    let of_tenant = |row: &ApiKeyRow| {
        tenant.is_none_or(|t| {
            row.organization_id == t.organization_id && row.environment == t.environment
        })
    };
    let row: ApiKeyRow = api_keys::table
        .find(&id)
        .for_update()
        .first(conn)
        .optional()?
        .filter(of_tenant)
        .ok_or_else(|| StoreError::from(IdKind::ApiKey.not_found(&id)))?;
    if row.revoke_time.is_some() {
        return Ok((row.into(), false));
    }
    let row: ApiKeyRow = diesel::update(api_keys::table.find(&id))
        .set(api_keys::revoke_time.eq(now))
        .get_result(conn)?;
    Ok((row.into(), true))
}

/// The principal behind a key digest, if the key exists, is not revoked and matches `environment`.
pub fn authenticate(
    conn: &mut PgConnection,
    environment: Environment,
    digest: &[u8],
) -> StoreResult<Option<Principal>> {
    let row: Option<ApiKeyRow> = api_keys::table
        .filter(api_keys::secret_hash.eq(digest))
        .filter(api_keys::revoke_time.is_null())
        .filter(api_keys::environment.eq(environment))
        .select(ApiKeyRow::as_select())
        .first(conn)
        .optional()?;
    Ok(row.map(|key| {
        let tenant = Tenant {
            organization_id: key.organization_id,
            environment,
        };
        Principal::api_key(tenant, &key.id, &key.name)
    }))
}
