//! Inquiry templates, always scoped to the caller's tenant.

use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;

use super::models::TemplateRow;
use super::schema::inquiry_templates as t;
use super::{load_page, StoreResult};
use crate::domain::ids::IdKind;
use crate::domain::paging::PageRequest;
use crate::domain::template::TemplateSettings;
use crate::domain::tenant::Tenant;
use crate::domain::Error;

pub fn create(
    conn: &mut PgConnection,
    tenant: &Tenant,
    settings: &TemplateSettings,
    now: DateTime<Utc>,
) -> StoreResult<TemplateRow> {
    let row = TemplateRow::new(IdKind::InquiryTemplate.generate()?, tenant, settings, now);
    Ok(diesel::insert_into(t::table)
        .values(&row)
        .get_result(conn)?)
}

fn scoped(tenant: &Tenant) -> t::BoxedQuery<'static, diesel::pg::Pg> {
    t::table
        .filter(t::organization_id.eq(tenant.organization_id.clone()))
        .filter(t::environment.eq(tenant.environment.as_str()))
        .into_boxed()
}

pub fn get(conn: &mut PgConnection, tenant: &Tenant, id: &str) -> StoreResult<TemplateRow> {
    scoped(tenant)
        .filter(t::id.eq(id.to_owned()))
        .first(conn)
        .optional()?
        .ok_or_else(|| IdKind::InquiryTemplate.not_found(id).into())
}

fn get_for_update(conn: &mut PgConnection, tenant: &Tenant, id: &str) -> StoreResult<TemplateRow> {
    t::table
        .filter(t::id.eq(id))
        .filter(t::organization_id.eq(&tenant.organization_id))
        .filter(t::environment.eq(tenant.environment.as_str()))
        .for_update()
        .first(conn)
        .optional()?
        .ok_or_else(|| IdKind::InquiryTemplate.not_found(id).into())
}

/// The first template with this name in the tenant, if any (used by `bootstrap`).
pub fn find_by_name(
    conn: &mut PgConnection,
    tenant: &Tenant,
    name: &str,
) -> StoreResult<Option<TemplateRow>> {
    Ok(scoped(tenant)
        .filter(t::name.eq(name.to_owned()))
        .first(conn)
        .optional()?)
}

pub fn list(
    conn: &mut PgConnection,
    tenant: &Tenant,
    show_archived: bool,
    page: &PageRequest,
) -> StoreResult<(Vec<TemplateRow>, String)> {
    let mut query = scoped(tenant);
    if !show_archived {
        query = query.filter(t::archive_time.is_null());
    }
    load_page!(conn, query, t, page, TemplateRow, r => r)
}

pub fn update(
    conn: &mut PgConnection,
    tenant: &Tenant,
    id: &str,
    now: DateTime<Utc>,
    change: impl FnOnce(&TemplateSettings) -> Result<TemplateSettings, Error>,
) -> StoreResult<TemplateRow> {
    let mut row = get_for_update(conn, tenant, id)?;
    if row.archive_time.is_some() {
        return Err(Error::precondition(
            "TEMPLATE_ARCHIVED",
            "an archived template cannot be changed",
        )
        .into());
    }
    let settings = change(&row.settings())?;
    row.set_settings(&settings);
    row.update_time = now;
    Ok(diesel::update(t::table.find(&row.id))
        .set(&row)
        .get_result(conn)?)
}

/// Archives a template; archiving an archived template changes nothing.
pub fn archive(
    conn: &mut PgConnection,
    tenant: &Tenant,
    id: &str,
    now: DateTime<Utc>,
) -> StoreResult<TemplateRow> {
    let mut row = get_for_update(conn, tenant, id)?;
    if row.archive_time.is_none() {
        row.archive_time = Some(now);
        row.update_time = now;
        row = diesel::update(t::table.find(&row.id))
            .set(&row)
            .get_result(conn)?;
    }
    Ok(row)
}
