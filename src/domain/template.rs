//! Inquiry template settings: defaults, limits and field-mask updates.

use std::collections::BTreeMap;

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use super::collect::{check_collected_fields, CollectedField, CollectedFieldDraft};
use super::email::{EmailSettings, EmailTemplate};
use super::error::{check_storable, quoted, Violations};
use super::http_url;
use super::seconds;
use super::tenant::{Environment, Tenant};
use super::{Error, Reason};

pub const NAME_MAX_LEN: usize = 255;
pub const REDIRECT_URI_MAX_LEN: usize = 2048;
pub const DEFAULT_MAX_SESSIONS: i32 = 25;
pub const MAX_SESSIONS_LIMIT: i32 = 1000;

pub fn minutes(n: i64) -> TimeDelta {
    TimeDelta::minutes(n)
}

/// What a caller sent: every setting optional, defaults and limits applied by [`TemplateSettings`].
#[derive(Debug, Clone, Default, Serialize)]
pub struct TemplateDraft {
    pub name: String,
    #[serde(with = "seconds::option")]
    pub expire_after_create: Option<TimeDelta>,
    #[serde(with = "seconds::option")]
    pub expire_after_start: Option<TimeDelta>,
    #[serde(with = "seconds::option")]
    pub expire_after_resume: Option<TimeDelta>,
    #[serde(with = "seconds::option")]
    pub one_time_link_ttl: Option<TimeDelta>,
    #[serde(with = "seconds::option")]
    pub session_ttl: Option<TimeDelta>,
    pub max_sessions_per_inquiry: i32,
    pub redirect_uri: String,
    pub auto_approve: bool,
    #[serde(with = "seconds::option")]
    pub redact_after: Option<TimeDelta>,
    pub collected_fields: Vec<CollectedFieldDraft>,
    pub allow_inquiry_id_links: bool,
    /// Email texts by language tag, as sent (checked into [`EmailSettings`]).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub email_templates: BTreeMap<String, EmailTemplate>,
    /// Empty: English.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub default_language: String,
}

/// Settings that passed validation; every duration is positive and whole seconds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateSettings {
    pub name: String,
    #[serde(with = "seconds")]
    pub expire_after_create: TimeDelta,
    #[serde(with = "seconds")]
    pub expire_after_start: TimeDelta,
    #[serde(with = "seconds")]
    pub expire_after_resume: TimeDelta,
    #[serde(with = "seconds")]
    pub one_time_link_ttl: TimeDelta,
    #[serde(with = "seconds")]
    pub session_ttl: TimeDelta,
    pub max_sessions_per_inquiry: i32,
    pub redirect_uri: Option<String>,
    pub auto_approve: bool,
    #[serde(with = "seconds::option")]
    pub redact_after: Option<TimeDelta>,
    /// What the hosted flow asks the end user for, in display order.
    #[serde(default)]
    pub collected_fields: Vec<CollectedField>,
    /// Whether `/verify?inquiry-id=…` opens the hosted flow of this template's inquiries.
    #[serde(default)]
    pub allow_inquiry_id_links: bool,
    /// What the emails of its links say. Read when a link is emailed (not copied into
    /// inquiries: a corrected text applies to the next email of every inquiry).
    #[serde(default, skip_serializing_if = "is_default_email")]
    pub email: EmailSettings,
}

fn is_default_email(email: &EmailSettings) -> bool {
    *email == EmailSettings::default()
}

/// An inquiry template of one tenant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Template {
    pub id: String,
    pub tenant: Tenant,
    pub settings: TemplateSettings,
    pub archive_time: Option<DateTime<Utc>>,
    pub create_time: DateTime<Utc>,
    pub update_time: DateTime<Utc>,
}

impl Template {
    /// A new template of `tenant` with checked `settings`, which must also suit the tenant's
    /// environment (a live template redirects only to https).
    pub fn new(
        id: String,
        tenant: Tenant,
        settings: TemplateSettings,
        now: DateTime<Utc>,
    ) -> Result<Self, Error> {
        check_redirect_scheme(settings.redirect_uri.as_deref(), tenant.environment)?;
        Ok(Template {
            id,
            tenant,
            settings,
            archive_time: None,
            create_time: now,
            update_time: now,
        })
    }

    /// Archived templates make no new inquiries and take no edits.
    pub fn check_usable(&self) -> Result<(), Error> {
        if self.archive_time.is_some() {
            return Err(Error::precondition(
                Reason::TemplateArchived,
                "an archived template cannot make inquiries or be changed",
            ));
        }
        Ok(())
    }

    /// Applies an update of the masked settings; refused once archived.
    pub fn update(
        &mut self,
        draft: &TemplateDraft,
        paths: &[String],
        now: DateTime<Utc>,
    ) -> Result<(), Error> {
        self.check_usable()?;
        let settings = self.settings.update(draft, paths)?;
        if paths.iter().any(|p| p == "redirect_uri") {
            check_redirect_scheme(settings.redirect_uri.as_deref(), self.tenant.environment)?;
        }
        self.settings = settings;
        self.update_time = now;
        Ok(())
    }

    /// Archives the template; archiving an archived template changes nothing (`false`).
    pub fn archive(&mut self, now: DateTime<Utc>) -> bool {
        if self.archive_time.is_some() {
            return false;
        }
        self.archive_time = Some(now);
        self.update_time = now;
        true
    }
}

/// Field-mask paths an update may name.
pub const UPDATABLE_PATHS: &[&str] = &[
    "name",
    "expire_after_create",
    "expire_after_start",
    "expire_after_resume",
    "one_time_link_ttl",
    "session_ttl",
    "max_sessions_per_inquiry",
    "redirect_uri",
    "auto_approve",
    "redact_after",
    "collected_fields",
    "allow_inquiry_id_links",
    "email_templates",
    "default_language",
];

/// Limits of each interval: (field, minimum, maximum).
const INTERVAL_LIMITS: &[(&str, i64, i64)] = &[
    ("expire_after_create", 1, 365 * 24 * 60),
    ("expire_after_start", 1, 365 * 24 * 60),
    ("expire_after_resume", 1, 365 * 24 * 60),
    ("one_time_link_ttl", 1, 30 * 24 * 60),
    ("session_ttl", 1, 30 * 24 * 60),
    ("redact_after", 60, 10 * 366 * 24 * 60),
];

/// Checks an interval against its limits (in minutes) and that it is whole seconds.
pub fn check_interval(field: &str, value: TimeDelta) -> Result<TimeDelta, Error> {
    let name = field.rsplit('.').next().unwrap_or(field);
    let (min, max) = INTERVAL_LIMITS
        .iter()
        .find(|(f, _, _)| *f == name)
        .map(|(_, min, max)| (*min, *max))
        .unwrap_or((1, 365 * 24 * 60));
    if value.subsec_nanos() != 0 {
        return Err(Error::invalid(field, "must be a whole number of seconds"));
    }
    if value < minutes(min) || value > minutes(max) {
        return Err(Error::invalid(
            field,
            format!(
                "must be between {} and {}",
                human(minutes(min)),
                human(minutes(max))
            ),
        ));
    }
    Ok(value)
}

fn human(d: TimeDelta) -> String {
    let m = d.num_minutes();
    if m % (24 * 60) == 0 {
        format!("{} days", m / (24 * 60))
    } else if m % 60 == 0 {
        format!("{} hours", m / 60)
    } else {
        format!("{m} minutes")
    }
}

fn check_name(name: &str) -> Result<String, Error> {
    check_storable("name", name)?;
    let trimmed = name.trim();
    if trimmed.is_empty() {
        Err(Error::invalid("name", "is required"))
    } else if trimmed.chars().count() > NAME_MAX_LEN {
        Err(Error::invalid(
            "name",
            format!("must be at most {NAME_MAX_LEN} characters"),
        ))
    } else {
        Ok(trimmed.to_owned())
    }
}

/// Where the hosted flow sends the browser at its end ([`http_url::check`], normalized): also
/// without a fragment, as OAuth's redirection endpoints are (the flow adds its result to the
/// query). Whether its scheme suits the environment is [`check_redirect_scheme`]'s.
fn check_redirect_uri(uri: &str) -> Result<Option<String>, Error> {
    if uri.is_empty() {
        return Ok(None);
    }
    let url = http_url::check("redirect_uri", uri, REDIRECT_URI_MAX_LEN)?;
    if url.fragment().is_some() {
        return Err(Error::invalid(
            "redirect_uri",
            "must not have a fragment (#…): the flow adds its result to the query",
        ));
    }
    Ok(Some(url.into()))
}

/// A live template sends end users only to https; the sandbox also allows http (such as
/// `http://localhost:3000/done` during development).
fn check_redirect_scheme(uri: Option<&str>, environment: Environment) -> Result<(), Error> {
    match uri {
        Some(uri) if environment == Environment::Live && !uri.starts_with("https://") => {
            Err(Error::invalid(
                "redirect_uri",
                "must be an https:// URL in the live environment (http:// is allowed in the \
                 sandbox only)",
            ))
        }
        _ => Ok(()),
    }
}

fn check_max_sessions(value: i32) -> Result<i32, Error> {
    if (1..=MAX_SESSIONS_LIMIT).contains(&value) {
        Ok(value)
    } else {
        Err(Error::invalid(
            "max_sessions_per_inquiry",
            format!("must be between 1 and {MAX_SESSIONS_LIMIT}"),
        ))
    }
}

impl TemplateSettings {
    /// A new template: absent settings take the documented defaults (README, "Templates").
    pub fn create(draft: &TemplateDraft) -> Result<Self, Error> {
        let day = TimeDelta::hours(24);
        let mut v = Violations::default();
        let interval = |v: &mut Violations, field: &str, value: Option<TimeDelta>, default| {
            v.check(check_interval(field, value.unwrap_or(default)))
                .unwrap_or(default)
        };
        let expire_after_create = interval(
            &mut v,
            "expire_after_create",
            draft.expire_after_create,
            day,
        );
        let settings = TemplateSettings {
            name: v.check(check_name(&draft.name)).unwrap_or_default(),
            expire_after_start: interval(
                &mut v,
                "expire_after_start",
                draft.expire_after_start,
                expire_after_create,
            ),
            expire_after_create,
            expire_after_resume: interval(
                &mut v,
                "expire_after_resume",
                draft.expire_after_resume,
                day,
            ),
            one_time_link_ttl: interval(&mut v, "one_time_link_ttl", draft.one_time_link_ttl, day),
            session_ttl: interval(
                &mut v,
                "session_ttl",
                draft.session_ttl,
                TimeDelta::hours(1),
            ),
            max_sessions_per_inquiry: match draft.max_sessions_per_inquiry {
                0 => DEFAULT_MAX_SESSIONS,
                n => v
                    .check(check_max_sessions(n))
                    .unwrap_or(DEFAULT_MAX_SESSIONS),
            },
            redirect_uri: v.check(check_redirect_uri(&draft.redirect_uri)).flatten(),
            auto_approve: draft.auto_approve,
            redact_after: draft
                .redact_after
                .and_then(|d| v.check(check_interval("redact_after", d))),
            collected_fields: v
                .check(check_collected_fields(
                    "collected_fields",
                    &draft.collected_fields,
                ))
                .unwrap_or_default(),
            allow_inquiry_id_links: draft.allow_inquiry_id_links,
            email: EmailSettings::check(&draft.default_language, &draft.email_templates, &mut v),
        };
        v.into_result()?;
        Ok(settings)
    }

    /// Applies the masked fields of `draft`; a masked field left empty resets to its default.
    pub fn update(&self, draft: &TemplateDraft, paths: &[String]) -> Result<Self, Error> {
        let mut v = Violations::default();
        let mut next = self.clone();
        let defaults = TemplateSettings::create(&TemplateDraft {
            name: "defaults".into(),
            ..TemplateDraft::default()
        })?;
        let reset_or =
            |v: &mut Violations, field: &str, value: Option<TimeDelta>, default| match value {
                None => default,
                Some(d) => v.check(check_interval(field, d)).unwrap_or(default),
            };
        for path in paths {
            match path.as_str() {
                "name" => next.name = v.check(check_name(&draft.name)).unwrap_or_default(),
                "expire_after_create" => {
                    next.expire_after_create = reset_or(
                        &mut v,
                        path,
                        draft.expire_after_create,
                        defaults.expire_after_create,
                    )
                }
                "expire_after_start" => {
                    next.expire_after_start = reset_or(
                        &mut v,
                        path,
                        draft.expire_after_start,
                        next.expire_after_create,
                    )
                }
                "expire_after_resume" => {
                    next.expire_after_resume = reset_or(
                        &mut v,
                        path,
                        draft.expire_after_resume,
                        defaults.expire_after_resume,
                    )
                }
                "one_time_link_ttl" => {
                    next.one_time_link_ttl = reset_or(
                        &mut v,
                        path,
                        draft.one_time_link_ttl,
                        defaults.one_time_link_ttl,
                    )
                }
                "session_ttl" => {
                    next.session_ttl =
                        reset_or(&mut v, path, draft.session_ttl, defaults.session_ttl)
                }
                "max_sessions_per_inquiry" => {
                    next.max_sessions_per_inquiry = match draft.max_sessions_per_inquiry {
                        0 => DEFAULT_MAX_SESSIONS,
                        n => v
                            .check(check_max_sessions(n))
                            .unwrap_or(DEFAULT_MAX_SESSIONS),
                    }
                }
                "redirect_uri" => {
                    next.redirect_uri = v.check(check_redirect_uri(&draft.redirect_uri)).flatten()
                }
                "auto_approve" => next.auto_approve = draft.auto_approve,
                "redact_after" => {
                    next.redact_after = draft
                        .redact_after
                        .and_then(|d| v.check(check_interval(path, d)))
                }
                "collected_fields" => {
                    next.collected_fields = v
                        .check(check_collected_fields(path, &draft.collected_fields))
                        .unwrap_or_default()
                }
                "allow_inquiry_id_links" => {
                    next.allow_inquiry_id_links = draft.allow_inquiry_id_links
                }
                // Checked together below: the default language must have a template.
                "email_templates" | "default_language" => {}
                other => v.add(
                    "update_mask",
                    format!(
                        "unknown field {}; updatable fields are {}",
                        quoted(other),
                        UPDATABLE_PATHS.join(", ")
                    ),
                ),
            }
        }
        let masked = |name: &str| paths.iter().any(|p| p == name);
        if masked("email_templates") || masked("default_language") {
            let default_language = if masked("default_language") {
                &draft.default_language
            } else {
                &next.email.default_language
            };
            let templates = if masked("email_templates") {
                &draft.email_templates
            } else {
                &next.email.templates
            };
            next.email = EmailSettings::check(default_language, templates, &mut v);
        }
        v.into_result()?;
        Ok(next)
    }
}

#[cfg(test)]
mod tests;
