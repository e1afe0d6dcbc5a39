//! Row types, one per table, mapped 1:1 by diesel, and their conversions to and from the
//! domain's objects. Stored enums are typed (see `enums`); durations are whole seconds.

use std::io::Write;

use chrono::{DateTime, Utc};
use diesel::deserialize::FromSqlRow;
use diesel::deserialize::{self, FromSql};
use diesel::expression::AsExpression;
use diesel::pg::{Pg, PgValue};
use diesel::prelude::*;
use diesel::serialize::{self, IsNull, Output, ToSql};
use diesel::sql_types::Jsonb;

use super::schema::{
    api_keys, email_outbox, inquiries, inquiry_sessions, inquiry_templates, one_time_links,
    organizations,
};
use crate::domain::access::{
    EmailDelivery, EmailStatus, LinkStatus, OneTimeLink, Session, SessionOrigin, SessionStatus,
};
use crate::domain::actor::{Actor, ActorKind, Origin};
use crate::domain::collect::CollectedField;
use crate::domain::email::{EmailSettings, EmailTemplate, Mailbox};
use crate::domain::inquiry::{Fields, Inquiry, InquirySettings};
use crate::domain::status::InquiryStatus;
use crate::domain::template::{Template, TemplateSettings};
use crate::domain::tenant::{Environment, Tenant};

mod columns;
mod event_rows;
mod webhook_rows;
use columns::*;
pub use event_rows::*;
pub use webhook_rows::*;

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
    pub environment: Environment,
    pub secret_hash: Vec<u8>,
    pub display_prefix: String,
    pub create_time: DateTime<Utc>,
    pub revoke_time: Option<DateTime<Utc>>,
    /// Unique among the organization's unrevoked keys of the environment.
    pub name: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = inquiry_templates, check_for_backend(diesel::pg::Pg), treat_none_as_null = true)]
pub struct TemplateRow {
    pub id: String,
    pub organization_id: String,
    pub environment: Environment,
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
    pub collected_fields: CollectedFieldsColumn,
    pub allow_inquiry_id_links: bool,
    pub email_templates: EmailTemplatesColumn,
    pub default_language: String,
}

/// A template's email texts in their JSONB column (`{"es": {"subject": …, …}}`).
#[derive(Debug, Clone, PartialEq, AsExpression, FromSqlRow)]
#[diesel(sql_type = Jsonb)]
pub struct EmailTemplatesColumn(pub std::collections::BTreeMap<String, EmailTemplate>);

impl ToSql<Jsonb, Pg> for EmailTemplatesColumn {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
        out.write_all(&[1])?; // JSONB's binary format version
        serde_json::to_writer(out, &self.0)?;
        Ok(IsNull::No)
    }
}

impl FromSql<Jsonb, Pg> for EmailTemplatesColumn {
    fn from_sql(value: PgValue<'_>) -> deserialize::Result<Self> {
        match value.as_bytes().split_first() {
            Some((1, json)) => Ok(EmailTemplatesColumn(serde_json::from_slice(json)?)),
            _ => Err("unsupported JSONB format".into()),
        }
    }
}

impl From<&Template> for TemplateRow {
    fn from(t: &Template) -> Self {
        let s = &t.settings;
        TemplateRow {
            id: t.id.clone(),
            organization_id: t.tenant.organization_id.clone(),
            environment: t.tenant.environment,
            name: s.name.clone(),
            expire_after_create_secs: secs(s.expire_after_create),
            expire_after_start_secs: secs(s.expire_after_start),
            expire_after_resume_secs: secs(s.expire_after_resume),
            one_time_link_ttl_secs: secs(s.one_time_link_ttl),
            session_ttl_secs: secs(s.session_ttl),
            max_sessions_per_inquiry: s.max_sessions_per_inquiry,
            redirect_uri: s.redirect_uri.clone(),
            auto_approve: s.auto_approve,
            redact_after_secs: s.redact_after.map(secs),
            archive_time: t.archive_time,
            create_time: t.create_time,
            update_time: t.update_time,
            collected_fields: CollectedFieldsColumn(s.collected_fields.clone()),
            allow_inquiry_id_links: s.allow_inquiry_id_links,
            email_templates: EmailTemplatesColumn(s.email.templates.clone()),
            default_language: s.email.default_language.clone(),
        }
    }
}

impl From<TemplateRow> for Template {
    fn from(row: TemplateRow) -> Self {
        Template {
            id: row.id,
            tenant: Tenant {
                organization_id: row.organization_id,
                environment: row.environment,
            },
            settings: TemplateSettings {
                name: row.name,
                expire_after_create: delta(row.expire_after_create_secs),
                expire_after_start: delta(row.expire_after_start_secs),
                expire_after_resume: delta(row.expire_after_resume_secs),
                one_time_link_ttl: delta(row.one_time_link_ttl_secs),
                session_ttl: delta(row.session_ttl_secs),
                max_sessions_per_inquiry: row.max_sessions_per_inquiry,
                redirect_uri: row.redirect_uri,
                auto_approve: row.auto_approve,
                redact_after: row.redact_after_secs.map(delta),
                collected_fields: row.collected_fields.0,
                allow_inquiry_id_links: row.allow_inquiry_id_links,
                email: EmailSettings {
                    default_language: row.default_language,
                    templates: row.email_templates.0,
                },
            },
            archive_time: row.archive_time,
            create_time: row.create_time,
            update_time: row.update_time,
        }
    }
}

/// A JSONB column holding a serde value.
macro_rules! jsonb_column {
    ($(#[$doc:meta])* $name:ident($inner:ty)) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, AsExpression, FromSqlRow)]
        #[diesel(sql_type = Jsonb)]
        pub struct $name(pub $inner);

        impl ToSql<Jsonb, Pg> for $name {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
                out.write_all(&[1])?; // JSONB's binary format version
                serde_json::to_writer(out, &self.0)?;
                Ok(IsNull::No)
            }
        }

        impl FromSql<Jsonb, Pg> for $name {
            fn from_sql(value: PgValue<'_>) -> deserialize::Result<Self> {
                match value.as_bytes().split_first() {
                    Some((1, json)) => Ok($name(serde_json::from_slice(json)?)),
                    _ => Err("unsupported JSONB format".into()),
                }
            }
        }
    };
}

jsonb_column!(
    /// An inquiry's typed fields in their JSONB column (`{"name": {"type": …, "value": …}}`).
    FieldsColumn(Fields)
);

jsonb_column!(
    /// A template's collected fields, in display order.
    CollectedFieldsColumn(Vec<CollectedField>)
);

// Declared after `jsonb_column!`, which its rows use.
mod inquiry_rows;
pub use inquiry_rows::*;

#[derive(Debug, Clone, Queryable, QueryableByName, Selectable, Insertable)]
#[diesel(table_name = one_time_links, check_for_backend(diesel::pg::Pg))]
pub struct LinkRow {
    pub id: String,
    pub inquiry_id: String,
    pub status: LinkStatus,
    pub code_hash: Vec<u8>,
    pub short_code_hash: Vec<u8>,
    pub expires_at: DateTime<Utc>,
    pub create_time: DateTime<Utc>,
    pub consume_time: Option<DateTime<Utc>>,
    pub revoke_time: Option<DateTime<Utc>>,
    pub expire_time: Option<DateTime<Utc>>,
    pub session_id: Option<String>,
    pub email_recipient: Option<String>,
    pub email_language: Option<String>,
    pub email_status: Option<EmailStatus>,
    pub email_attempt_count: i32,
    pub email_last_error: String,
    pub email_queue_time: Option<DateTime<Utc>>,
    pub email_send_time: Option<DateTime<Utc>>,
    pub email_end_time: Option<DateTime<Utc>>,
    pub email_requested_by: Option<String>,
    /// The digest the per-recipient limit counts (see `Mailbox::limit_digest`); kept when a
    /// redaction empties the address.
    pub email_recipient_key: Option<Vec<u8>>,
}

impl LinkRow {
    /// The row of a new link, with the digests of its codes (never the codes).
    pub fn new(link: &OneTimeLink, code_hash: Vec<u8>, short_code_hash: Vec<u8>) -> Self {
        let email = link.email.as_ref();
        LinkRow {
            id: link.id.clone(),
            inquiry_id: link.inquiry_id.clone(),
            status: link.status,
            code_hash,
            short_code_hash,
            expires_at: link.expires_at,
            create_time: link.create_time,
            consume_time: link.consume_time,
            revoke_time: link.revoke_time,
            expire_time: link.expire_time,
            session_id: link.session_id.clone(),
            email_recipient: email.map(|e| e.recipient.clone()),
            email_language: email.map(|e| e.language.clone()),
            email_status: email.map(|e| e.status),
            email_attempt_count: email.map_or(0, |e| e.attempt_count),
            email_last_error: email.map(|e| e.last_error.clone()).unwrap_or_default(),
            email_queue_time: email.map(|e| e.queue_time),
            email_send_time: email.and_then(|e| e.send_time),
            email_end_time: email.and_then(|e| e.end_time),
            email_requested_by: email.map(|e| e.requested_by.clone()),
            email_recipient_key: email
                .and_then(|e| Mailbox::parse("recipient", &e.recipient).ok())
                .map(|mailbox| mailbox.limit_digest()),
        }
    }

    /// The link's email, if it was generated with a recipient.
    fn email(&self) -> Option<EmailDelivery> {
        Some(EmailDelivery {
            recipient: self.email_recipient.clone()?,
            language: self.email_language.clone()?,
            status: self.email_status?,
            attempt_count: self.email_attempt_count,
            last_error: self.email_last_error.clone(),
            queue_time: self.email_queue_time?,
            send_time: self.email_send_time,
            end_time: self.email_end_time,
            requested_by: self.email_requested_by.clone().unwrap_or_default(),
        })
    }
}

impl From<LinkRow> for OneTimeLink {
    fn from(row: LinkRow) -> Self {
        let email = row.email();
        OneTimeLink {
            id: row.id,
            inquiry_id: row.inquiry_id,
            status: row.status,
            expires_at: row.expires_at,
            create_time: row.create_time,
            consume_time: row.consume_time,
            revoke_time: row.revoke_time,
            expire_time: row.expire_time,
            session_id: row.session_id,
            email,
        }
    }
}

/// A message waiting to be sent (see `store::emails`).
#[derive(Debug, Clone, Queryable, QueryableByName, Selectable, Insertable)]
#[diesel(table_name = email_outbox, check_for_backend(diesel::pg::Pg))]
pub struct OutboxRow {
    pub link_id: String,
    pub inquiry_id: String,
    pub message: Vec<u8>,
    pub sealed: bool,
    pub next_attempt_time: DateTime<Utc>,
    pub create_time: DateTime<Utc>,
}

#[derive(Debug, Clone, Queryable, QueryableByName, Selectable, Insertable)]
#[diesel(table_name = inquiry_sessions, check_for_backend(diesel::pg::Pg))]
pub struct SessionRow {
    pub id: String,
    pub inquiry_id: String,
    pub status: SessionStatus,
    pub origin: SessionOrigin,
    pub one_time_link_id: Option<String>,
    pub token_hash: Vec<u8>,
    pub create_time: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub expire_time: Option<DateTime<Utc>>,
    pub complete_time: Option<DateTime<Utc>>,
    pub client_ip: String,
    pub user_agent: String,
}

impl From<SessionRow> for Session {
    fn from(row: SessionRow) -> Self {
        Session {
            id: row.id,
            inquiry_id: row.inquiry_id,
            status: row.status,
            origin: row.origin,
            one_time_link_id: row.one_time_link_id,
            create_time: row.create_time,
            expires_at: row.expires_at,
            expire_time: row.expire_time,
            complete_time: row.complete_time,
            client_ip: row.client_ip,
            user_agent: row.user_agent,
        }
    }
}
