//! Row types, one per table, mapped 1:1 by diesel. Durations are whole seconds.

use chrono::{DateTime, TimeDelta, Utc};
use diesel::prelude::*;

use super::schema::{
    api_keys, events, inquiries, inquiry_sessions, inquiry_templates, one_time_links,
    organizations, webhook_deliveries, webhooks,
};
use super::{StoreError, StoreResult};
use crate::domain::access::{LinkStatus, SessionOrigin, SessionStatus};
use crate::domain::inquiry::{Fields, InquiryExpiry};
use crate::domain::status::InquiryStatus;
use crate::domain::template::TemplateSettings;
use crate::domain::tenant::{Environment, Tenant};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = organizations, check_for_backend(diesel::pg::Pg))]
pub struct OrganizationRow {
    pub id: String,
    pub name: String,
    pub create_time: DateTime<Utc>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = api_keys, check_for_backend(diesel::pg::Pg))]
pub struct ApiKeyRow {
    pub id: String,
    pub organization_id: String,
    pub environment: String,
    pub secret_hash: Vec<u8>,
    pub display_prefix: String,
    pub create_time: DateTime<Utc>,
    pub revoke_time: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = inquiry_templates, check_for_backend(diesel::pg::Pg), treat_none_as_null = true)]
pub struct TemplateRow {
    pub id: String,
    pub organization_id: String,
    pub environment: String,
    pub name: String,
    pub expire_after_create_secs: i64,
    pub expire_after_start_secs: i64,
    pub expire_after_resume_secs: i64,
    pub one_time_link_ttl_secs: i64,
    pub session_ttl_secs: i64,
    pub max_sessions_per_inquiry: i32,
    pub redirect_uri: Option<String>,
    pub auto_approve: bool,
    pub redact_after_secs: Option<i64>,
    pub archive_time: Option<DateTime<Utc>>,
    pub create_time: DateTime<Utc>,
    pub update_time: DateTime<Utc>,
}

fn secs(d: TimeDelta) -> i64 {
    d.num_seconds()
}

impl TemplateRow {
    pub fn new(id: String, tenant: &Tenant, s: &TemplateSettings, now: DateTime<Utc>) -> Self {
        let mut row = TemplateRow {
            id,
            organization_id: tenant.organization_id.clone(),
            environment: tenant.environment.as_str().to_owned(),
            name: String::new(),
            expire_after_create_secs: 0,
            expire_after_start_secs: 0,
            expire_after_resume_secs: 0,
            one_time_link_ttl_secs: 0,
            session_ttl_secs: 0,
            max_sessions_per_inquiry: 0,
            redirect_uri: None,
            auto_approve: false,
            redact_after_secs: None,
            archive_time: None,
            create_time: now,
            update_time: now,
        };
        row.set_settings(s);
        row
    }

    pub fn set_settings(&mut self, s: &TemplateSettings) {
        self.name = s.name.clone();
        self.expire_after_create_secs = secs(s.expire_after_create);
        self.expire_after_start_secs = secs(s.expire_after_start);
        self.expire_after_resume_secs = secs(s.expire_after_resume);
        self.one_time_link_ttl_secs = secs(s.one_time_link_ttl);
        self.session_ttl_secs = secs(s.session_ttl);
        self.max_sessions_per_inquiry = s.max_sessions_per_inquiry;
        self.redirect_uri = s.redirect_uri.clone();
        self.auto_approve = s.auto_approve;
        self.redact_after_secs = s.redact_after.map(secs);
    }

    pub fn settings(&self) -> TemplateSettings {
        TemplateSettings {
            name: self.name.clone(),
            expire_after_create: TimeDelta::seconds(self.expire_after_create_secs),
            expire_after_start: TimeDelta::seconds(self.expire_after_start_secs),
            expire_after_resume: TimeDelta::seconds(self.expire_after_resume_secs),
            one_time_link_ttl: TimeDelta::seconds(self.one_time_link_ttl_secs),
            session_ttl: TimeDelta::seconds(self.session_ttl_secs),
            max_sessions_per_inquiry: self.max_sessions_per_inquiry,
            redirect_uri: self.redirect_uri.clone(),
            auto_approve: self.auto_approve,
            redact_after: self.redact_after_secs.map(TimeDelta::seconds),
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = inquiries, check_for_backend(diesel::pg::Pg), treat_none_as_null = true)]
pub struct InquiryRow {
    pub id: String,
    pub organization_id: String,
    pub environment: String,
    pub inquiry_template_id: String,
    pub status: String,
    pub reference_id: String,
    pub note: String,
    pub tags: Vec<Option<String>>,
    pub fields: serde_json::Value,
    pub creator: String,
    pub reviewer_comment: String,
    pub expire_after_create_secs: i64,
    pub expire_after_start_secs: i64,
    pub expire_after_resume_secs: i64,
    pub one_time_link_ttl_secs: i64,
    pub session_ttl_secs: i64,
    pub max_sessions_per_inquiry: i32,
    pub redirect_uri: Option<String>,
    pub auto_approve: bool,
    pub redact_after_secs: Option<i64>,
    pub expires_at: DateTime<Utc>,
    pub create_time: DateTime<Utc>,
    pub update_time: DateTime<Utc>,
    pub start_time: Option<DateTime<Utc>>,
    pub complete_time: Option<DateTime<Utc>>,
    pub fail_time: Option<DateTime<Utc>>,
    pub mark_for_review_time: Option<DateTime<Utc>>,
    pub decision_time: Option<DateTime<Utc>>,
    pub expire_time: Option<DateTime<Utc>>,
    pub redact_time: Option<DateTime<Utc>>,
}

impl InquiryRow {
    pub fn status(&self) -> StoreResult<InquiryStatus> {
        InquiryStatus::parse(&self.status).ok_or_else(|| {
            StoreError::Internal(format!("unknown inquiry status {:?}", self.status))
        })
    }

    pub fn set_status(&mut self, status: InquiryStatus) {
        self.status = status.as_str().to_owned();
    }

    pub fn tags(&self) -> Vec<String> {
        self.tags.iter().flatten().cloned().collect()
    }

    pub fn set_tags(&mut self, tags: Vec<String>) {
        self.tags = tags.into_iter().map(Some).collect();
    }

    pub fn fields(&self) -> StoreResult<Fields> {
        serde_json::from_value(self.fields.clone())
            .map_err(|e| StoreError::Internal(format!("stored fields unreadable: {e}")))
    }

    pub fn set_fields(&mut self, fields: &Fields) -> StoreResult<()> {
        self.fields = serde_json::to_value(fields)
            .map_err(|e| StoreError::Internal(format!("fields not serializable: {e}")))?;
        Ok(())
    }

    pub fn expiry(&self) -> InquiryExpiry {
        InquiryExpiry {
            expire_after_create: TimeDelta::seconds(self.expire_after_create_secs),
            expire_after_start: TimeDelta::seconds(self.expire_after_start_secs),
            expire_after_resume: TimeDelta::seconds(self.expire_after_resume_secs),
        }
    }

    pub fn environment(&self) -> Environment {
        Environment::parse(&self.environment).unwrap_or(Environment::Sandbox)
    }

    pub fn tenant(&self) -> Tenant {
        Tenant {
            organization_id: self.organization_id.clone(),
            environment: self.environment(),
        }
    }
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = events, check_for_backend(diesel::pg::Pg))]
pub struct NewEventRow {
    pub id: String,
    pub organization_id: String,
    pub environment: String,
    pub inquiry_id: Option<String>,
    pub name: String,
    pub data: serde_json::Value,
    pub create_time: DateTime<Utc>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = events, check_for_backend(diesel::pg::Pg))]
pub struct EventRow {
    pub seq: i64,
    pub id: String,
    pub organization_id: String,
    pub environment: String,
    pub inquiry_id: Option<String>,
    pub name: String,
    pub data: serde_json::Value,
    pub create_time: DateTime<Utc>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = one_time_links, check_for_backend(diesel::pg::Pg), treat_none_as_null = true)]
pub struct LinkRow {
    pub id: String,
    pub inquiry_id: String,
    pub status: String,
    pub code_hash: Vec<u8>,
    pub short_code_hash: Vec<u8>,
    pub expires_at: DateTime<Utc>,
    pub create_time: DateTime<Utc>,
    pub consume_time: Option<DateTime<Utc>>,
    pub revoke_time: Option<DateTime<Utc>>,
    pub expire_time: Option<DateTime<Utc>>,
    pub session_id: Option<String>,
}

impl LinkRow {
    pub fn status(&self) -> StoreResult<LinkStatus> {
        LinkStatus::parse(&self.status)
            .ok_or_else(|| StoreError::Internal(format!("unknown link status {:?}", self.status)))
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = inquiry_sessions, check_for_backend(diesel::pg::Pg), treat_none_as_null = true)]
pub struct SessionRow {
    pub id: String,
    pub inquiry_id: String,
    pub status: String,
    pub origin: String,
    pub one_time_link_id: Option<String>,
    pub token_hash: Vec<u8>,
    pub create_time: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub expire_time: Option<DateTime<Utc>>,
    pub complete_time: Option<DateTime<Utc>>,
    pub client_ip: String,
    pub user_agent: String,
}

impl SessionRow {
    pub fn status(&self) -> StoreResult<SessionStatus> {
        SessionStatus::parse(&self.status).ok_or_else(|| {
            StoreError::Internal(format!("unknown session status {:?}", self.status))
        })
    }

    pub fn origin(&self) -> StoreResult<SessionOrigin> {
        SessionOrigin::parse(&self.origin).ok_or_else(|| {
            StoreError::Internal(format!("unknown session origin {:?}", self.origin))
        })
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = webhooks, check_for_backend(diesel::pg::Pg), treat_none_as_null = true)]
pub struct WebhookRow {
    pub id: String,
    pub organization_id: String,
    pub environment: String,
    pub url: String,
    pub enabled_events: Vec<Option<String>>,
    pub enabled: bool,
    pub disabled_reason: String,
    pub disable_time: Option<DateTime<Utc>>,
    pub secret: String,
    pub previous_secret: Option<String>,
    pub previous_secret_expire_time: Option<DateTime<Utc>>,
    pub failing_since: Option<DateTime<Utc>>,
    pub create_time: DateTime<Utc>,
    pub update_time: DateTime<Utc>,
}

impl WebhookRow {
    pub fn events(&self) -> Vec<String> {
        self.enabled_events.iter().flatten().cloned().collect()
    }

    /// The secrets that sign a delivery now: the current one, and the previous one during
    /// its rotation grace period.
    pub fn signing_secrets(&self, now: DateTime<Utc>) -> Vec<&str> {
        let mut secrets = vec![self.secret.as_str()];
        if let (Some(previous), Some(until)) =
            (&self.previous_secret, self.previous_secret_expire_time)
        {
            if until > now {
                secrets.push(previous);
            }
        }
        secrets
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = webhook_deliveries, check_for_backend(diesel::pg::Pg), treat_none_as_null = true)]
pub struct DeliveryRow {
    pub id: String,
    pub webhook_id: String,
    pub event_seq: i64,
    pub inquiry_id: Option<String>,
    pub status: String,
    pub attempt_count: i32,
    pub last_status_code: i32,
    pub last_error: String,
    pub next_attempt_time: DateTime<Utc>,
    pub create_time: DateTime<Utc>,
    pub update_time: DateTime<Utc>,
    pub complete_time: Option<DateTime<Utc>>,
}
