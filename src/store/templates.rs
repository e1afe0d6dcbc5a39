//! Inquiry templates, always scoped to the caller's tenant.

use diesel::pg::PgConnection;
use diesel::prelude::*;

use super::models::TemplateRow;
use super::schema::inquiry_templates as t;
use super::{load_page, StoreResult};
use crate::domain::ids::IdKind;
use crate::domain::paging::Page;
use crate::domain::template::Template;
use crate::domain::tenant::Tenant;

pub fn insert(conn: &mut PgConnection, template: &Template) -> StoreResult<()> {
    diesel::insert_into(t::table)
        .values(TemplateRow::from(template))
        .execute(conn)?;
    Ok(())
}

pub fn save(conn: &mut PgConnection, template: &Template) -> StoreResult<()> {
    diesel::update(t::table.find(&template.id))
        .set(TemplateRow::from(template))
        .execute(conn)?;
    Ok(())
}

fn scoped(tenant: &Tenant) -> t::BoxedQuery<'static, diesel::pg::Pg> {
    t::table
        .filter(t::organization_id.eq(tenant.organization_id.clone()))
        .filter(t::environment.eq(tenant.environment))
        .into_boxed()
}

pub fn get(conn: &mut PgConnection, tenant: &Tenant, id: &str) -> StoreResult<Template> {
    t::table
        .filter(t::id.eq(id))
        .filter(t::organization_id.eq(&tenant.organization_id))
        .filter(t::environment.eq(tenant.environment))
        .first::<TemplateRow>(conn)
        .optional()?
        .map(Template::from)
        .ok_or_else(|| IdKind::InquiryTemplate.not_found(id).into())
}

/// The template, locked for a change by this transaction.
pub fn lock(conn: &mut PgConnection, tenant: &Tenant, id: &str) -> StoreResult<Template> {
    t::table
        .filter(t::id.eq(id))
        .filter(t::organization_id.eq(&tenant.organization_id))
        .filter(t::environment.eq(tenant.environment))
        .for_update()
        .first::<TemplateRow>(conn)
        .optional()?
        .map(Template::from)
        .ok_or_else(|| IdKind::InquiryTemplate.not_found(id).into())
}

/// The first template with this name in the tenant, if any (used by `bootstrap`).
pub fn find_by_name(
    conn: &mut PgConnection,
    tenant: &Tenant,
    name: &str,
) -> StoreResult<Option<Template>> {
    Ok(scoped(tenant)
        .filter(t::name.eq(name.to_owned()))
        .first::<TemplateRow>(conn)
        .optional()?
        .map(Template::from))
}

pub fn list(
    conn: &mut PgConnection,
    tenant: &Tenant,
    show_archived: bool,
    page: &Page,
) -> StoreResult<(Vec<Template>, String)> {
    let mut query = scoped(tenant);
    if !show_archived {
        query = query.filter(t::archive_time.is_null());
    }
    let (rows, token) = load_page!(conn, query, t, page, TemplateRow, r => r);
    Ok((rows.into_iter().map(Template::from).collect(), token))
}
