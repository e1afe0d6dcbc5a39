//! Inquiry templates. Every change of one is an audit entry with its caller as actor.

use serde::Serialize;

use super::record::configured;
use super::{App, AppResult, Command, Ctx, Query};
use crate::domain::actor::Role;
use crate::domain::error::check_update_paths;
use crate::domain::events::EventKind;
use crate::domain::ids::IdKind;
use crate::domain::paging::PageRequest;
use crate::domain::template::{Template, TemplateDraft, TemplateSettings, UPDATABLE_PATHS};
use crate::domain::tenant::Principal;
use crate::domain::Error;
use crate::store::templates;

/// CreateInquiryTemplate.
#[derive(Debug, Serialize)]
pub struct CreateTemplate {
    settings: TemplateSettings,
}

impl CreateTemplate {
    /// The template's settings, absent ones taking their defaults.
    pub fn new(draft: &TemplateDraft) -> Result<Self, Error> {
        Ok(CreateTemplate {
            settings: TemplateSettings::create(draft)?,
        })
    }
}

impl Command for CreateTemplate {
    const NAME: &'static str = "CreateInquiryTemplate";
    type Output = Template;

    fn role(&self) -> Role {
        Role::Admin
    }

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Template> {
        let template = Template::new(
            IdKind::InquiryTemplate.generate()?,
            principal.tenant.clone(),
            self.settings.clone(),
            cx.now,
        )?;
        templates::insert(cx.conn, &template)?;
        let tenant = &principal.tenant;
        configured(cx, tenant, EventKind::TemplateCreated, &template.id, None)?;
        Ok(template)
    }
}

pub struct GetTemplate {
    id: String,
}

impl GetTemplate {
    pub fn new(id: &str) -> Result<Self, Error> {
        Ok(GetTemplate {
            id: IdKind::InquiryTemplate.parse("id", id)?,
        })
    }
}

impl Query for GetTemplate {
    type Output = Template;

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Template> {
        templates::get(cx.conn, &principal.tenant, &self.id)
    }
}

pub struct ListTemplates {
    show_archived: bool,
    page: PageRequest,
}

impl ListTemplates {
    pub fn new(show_archived: bool, page_size: i32, page_token: &str) -> Result<Self, Error> {
        let filters = format!("show_archived={show_archived}");
        Ok(ListTemplates {
            show_archived,
            page: PageRequest::parse(page_size, page_token, "ListInquiryTemplates", &filters)?,
        })
    }
}

impl Query for ListTemplates {
    type Output = (Vec<Template>, String);

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Self::Output> {
        let page = cx.page(&self.page, principal)?;
        templates::list(cx.conn, &principal.tenant, self.show_archived, &page)
    }
}

/// UpdateInquiryTemplate: the masked settings; archived templates refuse.
#[derive(Debug, Serialize)]
pub struct UpdateTemplate {
    id: String,
    draft: TemplateDraft,
    paths: Vec<String>,
}

impl UpdateTemplate {
    /// The settings `paths` names, with their values in `draft` (checked when applied: a
    /// setting left empty resets to its default).
    pub fn new(id: &str, paths: &[String], draft: TemplateDraft) -> Result<Self, Error> {
        let id = IdKind::InquiryTemplate.parse("inquiry_template.id", id)?;
        check_update_paths(paths, UPDATABLE_PATHS)?;
        Ok(UpdateTemplate {
            id,
            draft,
            paths: paths.to_vec(),
        })
    }
}

impl Command for UpdateTemplate {
    const NAME: &'static str = "UpdateInquiryTemplate";
    type Output = Template;

    fn committed(app: &App, _principal: &Principal, template: &Self::Output) {
        app.forget_template(&template.id);
    }

    fn role(&self) -> Role {
        Role::Admin
    }

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Template> {
        let mut template = templates::lock(cx.conn, &principal.tenant, &self.id)?;
        template.update(&self.draft, &self.paths, cx.now)?;
        templates::save(cx.conn, &template)?;
        let tenant = &principal.tenant;
        configured(cx, tenant, EventKind::TemplateUpdated, &template.id, None)?;
        Ok(template)
    }
}

/// ArchiveInquiryTemplate: archiving an archived template changes nothing (and records no
/// audit entry).
#[derive(Debug, Serialize)]
pub struct ArchiveTemplate {
    id: String,
}

impl ArchiveTemplate {
    pub fn new(id: &str) -> Result<Self, Error> {
        Ok(ArchiveTemplate {
            id: IdKind::InquiryTemplate.parse("id", id)?,
        })
    }
}

impl Command for ArchiveTemplate {
    const NAME: &'static str = "ArchiveInquiryTemplate";
    type Output = Template;

    fn committed(app: &App, _principal: &Principal, template: &Self::Output) {
        app.forget_template(&template.id);
    }

    fn role(&self) -> Role {
        Role::Admin
    }

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Template> {
        let mut template = templates::lock(cx.conn, &principal.tenant, &self.id)?;
        if template.archive(cx.now) {
            templates::save(cx.conn, &template)?;
            let tenant = &principal.tenant;
            configured(cx, tenant, EventKind::TemplateArchived, &template.id, None)?;
        }
        Ok(template)
    }
}
