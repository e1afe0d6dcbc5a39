//! Rows of the inquiries table, and the actors (creator, reviewer) it keeps as JSONB.

use super::*;

/// Who an actor is, as an inquiry keeps its creator and reviewer (without the call's origin).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Identity {
    kind: ActorKind,
    id: String,
    #[serde(default)]
    display_name: Option<String>,
}

jsonb_column!(
    /// An actor's identity in a JSONB column (`{"kind", "id", "display_name"}`).
    ActorColumn(Identity)
);

impl From<&Actor> for ActorColumn {
    fn from(actor: &Actor) -> Self {
        ActorColumn(Identity {
            kind: actor.kind,
            id: actor.id.clone(),
            display_name: actor.display_name.clone(),
        })
    }
}

impl From<ActorColumn> for Actor {
    fn from(ActorColumn(identity): ActorColumn) -> Self {
        Actor {
            kind: identity.kind,
            id: identity.id,
            display_name: identity.display_name,
            origin: Origin::default(),
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = inquiries, check_for_backend(diesel::pg::Pg), treat_none_as_null = true)]
pub struct InquiryRow {
    pub id: String,
    pub organization_id: String,
    pub environment: Environment,
    pub inquiry_template_id: String,
    pub status: InquiryStatus,
    pub reference_id: String,
    pub note: String,
    pub tags: Vec<Option<String>>,
    pub fields: FieldsColumn,
    pub creator: ActorColumn,
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
    pub reviewer: Option<ActorColumn>,
}

impl From<&Inquiry> for InquiryRow {
    fn from(i: &Inquiry) -> Self {
        let s = &i.settings;
        InquiryRow {
            id: i.id.clone(),
            organization_id: i.tenant.organization_id.clone(),
            environment: i.tenant.environment,
            inquiry_template_id: i.inquiry_template_id.clone(),
            status: i.status,
            reference_id: i.reference_id.clone(),
            note: i.note.clone(),
            tags: tags_column(&i.tags),
            fields: FieldsColumn(i.fields.clone()),
            creator: ActorColumn::from(&i.creator),
            reviewer: i.reviewer.as_ref().map(ActorColumn::from),
            reviewer_comment: i.reviewer_comment.clone(),
            expire_after_create_secs: secs(s.expire_after_create),
            expire_after_start_secs: secs(s.expire_after_start),
            expire_after_resume_secs: secs(s.expire_after_resume),
            one_time_link_ttl_secs: secs(s.one_time_link_ttl),
            session_ttl_secs: secs(s.session_ttl),
            max_sessions_per_inquiry: s.max_sessions_per_inquiry,
            redirect_uri: s.redirect_uri.clone(),
            auto_approve: s.auto_approve,
            redact_after_secs: s.redact_after.map(secs),
            expires_at: i.expires_at,
            create_time: i.create_time,
            update_time: i.update_time,
            start_time: i.start_time,
            complete_time: i.complete_time,
            fail_time: i.fail_time,
            mark_for_review_time: i.mark_for_review_time,
            decision_time: i.decision_time,
            expire_time: i.expire_time,
            redact_time: i.redact_time,
        }
    }
}

impl From<InquiryRow> for Inquiry {
    fn from(row: InquiryRow) -> Self {
        Inquiry {
            id: row.id,
            tenant: Tenant {
                organization_id: row.organization_id,
                environment: row.environment,
            },
            inquiry_template_id: row.inquiry_template_id,
            status: row.status,
            reference_id: row.reference_id,
            note: row.note,
            tags: tags_of(row.tags),
            fields: row.fields.0,
            creator: row.creator.into(),
            reviewer: row.reviewer.map(Actor::from),
            reviewer_comment: row.reviewer_comment,
            settings: InquirySettings {
                expire_after_create: delta(row.expire_after_create_secs),
                expire_after_start: delta(row.expire_after_start_secs),
                expire_after_resume: delta(row.expire_after_resume_secs),
                one_time_link_ttl: delta(row.one_time_link_ttl_secs),
                session_ttl: delta(row.session_ttl_secs),
                max_sessions_per_inquiry: row.max_sessions_per_inquiry,
                redirect_uri: row.redirect_uri,
                auto_approve: row.auto_approve,
                redact_after: row.redact_after_secs.map(delta),
            },
            expires_at: row.expires_at,
            create_time: row.create_time,
            update_time: row.update_time,
            start_time: row.start_time,
            complete_time: row.complete_time,
            fail_time: row.fail_time,
            mark_for_review_time: row.mark_for_review_time,
            decision_time: row.decision_time,
            expire_time: row.expire_time,
            redact_time: row.redact_time,
        }
    }
}
