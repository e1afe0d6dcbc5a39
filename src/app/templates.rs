//! Inquiry templates.

use serde::Serialize;

use super::{AppResult, Command, Ctx, Query};
use crate::domain::actor::Role;
use crate::domain::ids::IdKind;
use crate::domain::paging::PageRequest;
use crate::domain::template::{Template, TemplateDraft, TemplateSettings};
use crate::domain::tenant::Principal;
use crate::store::templates;

/// CreateInquiryTemplate.
#[derive(Debug, Serialize)]
pub struct CreateTemplate {
    pub settings: TemplateSettings,
}

impl Command for CreateTemplate {
    const NAME: &'static str = "CreateInquiryTemplate";
    type Output = Template;

    fn role(&self) -> Role {
        Role::Admin
    }

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Template> {
        let template = Template {
            id: IdKind::InquiryTemplate.generate()?,
            tenant: principal.tenant.clone(),
            settings: self.settings.clone(),
            archive_time: None,
            create_time: cx.now,
            update_time: cx.now,
        };
        templates::insert(cx.conn, &template)?;
        Ok(template)
    }
}

pub struct GetTemplate {
    pub id: String,
}

impl Query for GetTemplate {
    type Output = Template;

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Template> {
        templates::get(cx.conn, &principal.tenant, &self.id)
    }
}

pub struct ListTemplates {
    pub show_archived: bool,
    pub page: PageRequest,
}

impl Query for ListTemplates {
    type Output = (Vec<Template>, String);

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Self::Output> {
        let page = cx.page(&self.page)?;
        templates::list(cx.conn, &principal.tenant, self.show_archived, &page)
    }
}

/// UpdateInquiryTemplate: the masked settings; archived templates refuse.
#[derive(Debug, Serialize)]
pub struct UpdateTemplate {
    pub id: String,
    pub draft: TemplateDraft,
    pub paths: Vec<String>,
}

impl Command for UpdateTemplate {
    const NAME: &'static str = "UpdateInquiryTemplate";
    type Output = Template;

    fn role(&self) -> Role {
        Role::Admin
    }

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Template> {
        let mut template = templates::lock(cx.conn, &principal.tenant, &self.id)?;
        template.update(&self.draft, &self.paths, cx.now)?;
        templates::save(cx.conn, &template)?;
        Ok(template)
    }
}

/// ArchiveInquiryTemplate: archiving an archived template changes nothing.
#[derive(Debug, Serialize)]
pub struct ArchiveTemplate {
    pub id: String,
}

impl Command for ArchiveTemplate {
    const NAME: &'static str = "ArchiveInquiryTemplate";
    type Output = Template;

    fn role(&self) -> Role {
        Role::Admin
    }

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Template> {
        let mut template = templates::lock(cx.conn, &principal.tenant, &self.id)?;
        template.archive(cx.now);
        templates::save(cx.conn, &template)?;
        Ok(template)
    }
}
