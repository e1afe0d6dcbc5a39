//! Inquiry input validation, prefill fields, tags and expiry arithmetic.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use super::access::LinkStatus;
use super::error::{check_storable, quoted, Violations};
use super::events::{Changes, EventKind, Happened};
use super::seconds;
use super::status::{refuse_if_redacted, transition, InquiryAction, InquiryStatus};
use super::template::{check_interval, Template, TemplateSettings};
use super::tenant::{Environment, Principal, Tenant};
use super::Error;

pub const REFERENCE_ID_MAX_LEN: usize = 255;
pub const NOTE_MAX_BYTES: usize = 4096;
pub const COMMENT_MAX_BYTES: usize = 4096;
pub const TAGS_MAX: usize = 50;
pub const TAG_MAX_LEN: usize = 64;
pub const FIELDS_MAX: usize = 100;
pub const FIELD_NAME_MAX_LEN: usize = 64;
pub const FIELD_VALUE_MAX_BYTES: usize = 4096;

/// A typed prefill or collected value. Stored as `{"type": …, "value": …}` JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "lowercase")]
pub enum FieldValue {
    String(String),
    Date(NaiveDate),
    Bool(bool),
    Number(f64),
}

/// A value as it arrived, before its kind-specific checks.
#[derive(Debug, Clone, PartialEq)]
pub enum RawFieldValue {
    Missing,
    String(String),
    Date { year: i32, month: i32, day: i32 },
    Bool(bool),
    Number(f64),
}

pub type Fields = BTreeMap<String, FieldValue>;

fn check_field(path: &str, value: &RawFieldValue) -> Result<FieldValue, Error> {
    match value {
        RawFieldValue::Missing => Err(Error::invalid(
            path,
            "must hold a string, date, bool or number value",
        )),
        RawFieldValue::String(s) if s.len() > FIELD_VALUE_MAX_BYTES => Err(Error::invalid(
            path,
            format!("must be at most {FIELD_VALUE_MAX_BYTES} bytes"),
        )),
        RawFieldValue::String(s) => {
            check_storable(path, s)?;
            Ok(FieldValue::String(s.clone()))
        }
        RawFieldValue::Date { year, month, day } => date_of(*year, *month, *day)
            .map(FieldValue::Date)
            .ok_or_else(|| Error::invalid(path, "must be a valid calendar date")),
        RawFieldValue::Bool(b) => Ok(FieldValue::Bool(*b)),
        RawFieldValue::Number(n) if n.is_finite() => Ok(FieldValue::Number(*n)),
        RawFieldValue::Number(_) => Err(Error::invalid(path, "must be a finite number")),
    }
}

/// A valid calendar date of the years 1 to 9999, if these numbers make one.
pub fn date_of(year: i32, month: i32, day: i32) -> Option<NaiveDate> {
    u32::try_from(month)
        .ok()
        .zip(u32::try_from(day).ok())
        .and_then(|(m, d)| NaiveDate::from_ymd_opt(year, m, d))
        .filter(|d| (1..=9999).contains(&chrono::Datelike::year(d)))
}

/// Field names: 1 to 64 characters of letters, digits, `_`, `-` and `.`, starting with a
/// letter.
pub fn is_field_name(name: &str) -> bool {
    if name.len() > FIELD_NAME_MAX_LEN {
        return false;
    }
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')
}

/// Validates a whole map of fields (prefill or collected).
pub fn check_fields(field: &str, raw: &BTreeMap<String, RawFieldValue>) -> Result<Fields, Error> {
    if raw.len() > FIELDS_MAX {
        return Err(Error::invalid(
            field,
            format!("must hold at most {FIELDS_MAX} fields"),
        ));
    }
    let mut v = Violations::default();
    let mut out = Fields::new();
    for (name, value) in raw {
        let path = format!("{field}[{}]", quoted(name));
        if !is_field_name(name) {
            v.add(
                &path,
                format!(
                    "field names are 1 to {FIELD_NAME_MAX_LEN} characters of letters, digits, \
                     '_', '-' and '.', starting with a letter"
                ),
            );
            continue;
        }
        if let Some(value) = v.check(check_field(&path, value)) {
            out.insert(name.clone(), value);
        }
    }
    v.into_result()?;
    Ok(out)
}

pub fn check_tag(field: &str, tag: &str) -> Result<String, Error> {
    let ok = !tag.is_empty()
        && tag.chars().count() <= TAG_MAX_LEN
        && tag
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '_' | '.' | ':' | '-'));
    if ok {
        Ok(tag.to_owned())
    } else {
        Err(Error::invalid(
            field,
            format!("tags are 1 to {TAG_MAX_LEN} characters of A-Z a-z 0-9 space _ . : -"),
        ))
    }
}

/// Validates a tag list; duplicates collapse, first occurrence keeps its place.
pub fn check_tags(field: &str, tags: &[String]) -> Result<Vec<String>, Error> {
    let mut v = Violations::default();
    let mut out: Vec<String> = Vec::with_capacity(tags.len());
    for (i, tag) in tags.iter().enumerate() {
        if let Some(tag) = v.check(check_tag(&format!("{field}[{i}]"), tag)) {
            if !out.contains(&tag) {
                out.push(tag);
            }
        }
    }
    v.into_result()?;
    limit_tags(field, out)
}

pub fn limit_tags(field: &str, tags: Vec<String>) -> Result<Vec<String>, Error> {
    if tags.len() > TAGS_MAX {
        Err(Error::invalid(
            field,
            format!("an inquiry holds at most {TAGS_MAX} tags"),
        ))
    } else {
        Ok(tags)
    }
}

pub fn check_reference_id(reference_id: &str) -> Result<String, Error> {
    check_storable("reference_id", reference_id)?;
    if reference_id.chars().count() > REFERENCE_ID_MAX_LEN {
        Err(Error::invalid(
            "reference_id",
            format!("must be at most {REFERENCE_ID_MAX_LEN} characters"),
        ))
    } else {
        Ok(reference_id.to_owned())
    }
}

pub fn check_note(field: &str, note: &str, max: usize) -> Result<String, Error> {
    check_storable(field, note)?;
    if note.len() > max {
        Err(Error::invalid(
            field,
            format!("must be at most {max} bytes"),
        ))
    } else {
        Ok(note.to_owned())
    }
}

/// The settings an inquiry copies from its template when it is created (with its own
/// overrides of the expiry intervals), so later template edits never change it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InquirySettings {
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
}

impl InquirySettings {
    /// What an inquiry made from `template` copies.
    pub fn from_template(template: &TemplateSettings) -> Self {
        InquirySettings {
            expire_after_create: template.expire_after_create,
            expire_after_start: template.expire_after_start,
            expire_after_resume: template.expire_after_resume,
            one_time_link_ttl: template.one_time_link_ttl,
            session_ttl: template.session_ttl,
            max_sessions_per_inquiry: template.max_sessions_per_inquiry,
            redirect_uri: template.redirect_uri.clone(),
            auto_approve: template.auto_approve,
            redact_after: template.redact_after,
        }
    }
}

/// What the caller may set on an inquiry (create, or update through a mask).
#[derive(Debug, Clone, Default)]
pub struct InquiryDraft {
    pub reference_id: String,
    pub note: String,
    pub tags: Vec<String>,
    pub fields: BTreeMap<String, RawFieldValue>,
    pub expire_after_create: Option<TimeDelta>,
    pub expire_after_start: Option<TimeDelta>,
    pub expire_after_resume: Option<TimeDelta>,
}

/// Validated contents of a new inquiry: its values, and the settings it copies from its
/// template with the caller's overrides applied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewInquiry {
    pub reference_id: String,
    pub note: String,
    pub tags: Vec<String>,
    pub fields: Fields,
    #[serde(with = "seconds::option")]
    pub expire_after_create: Option<TimeDelta>,
    #[serde(with = "seconds::option")]
    pub expire_after_start: Option<TimeDelta>,
    #[serde(with = "seconds::option")]
    pub expire_after_resume: Option<TimeDelta>,
}

impl NewInquiry {
    /// Checks every value and override at once; the template's settings apply at creation.
    pub fn validate(draft: &InquiryDraft) -> Result<Self, Error> {
        let mut v = Violations::default();
        let mut interval = |field: &str, value: Option<TimeDelta>| {
            value.and_then(|d| v.check(check_interval(&format!("inquiry.{field}"), d)))
        };
        let expire_after_create = interval("expire_after_create", draft.expire_after_create);
        let expire_after_start = interval("expire_after_start", draft.expire_after_start);
        let expire_after_resume = interval("expire_after_resume", draft.expire_after_resume);
        let new = NewInquiry {
            reference_id: v
                .check(check_reference_id(&draft.reference_id))
                .unwrap_or_default(),
            note: v
                .check(check_note("inquiry.note", &draft.note, NOTE_MAX_BYTES))
                .unwrap_or_default(),
            tags: v
                .check(check_tags("inquiry.tags", &draft.tags))
                .unwrap_or_default(),
            fields: v
                .check(check_fields("inquiry.fields", &draft.fields))
                .unwrap_or_default(),
            expire_after_create,
            expire_after_start,
            expire_after_resume,
        };
        v.into_result()?;
        Ok(new)
    }

    /// The settings of an inquiry made from `template`: its own, with these overrides.
    pub fn settings(&self, template: &TemplateSettings) -> InquirySettings {
        let mut settings = InquirySettings::from_template(template);
        if let Some(d) = self.expire_after_create {
            settings.expire_after_create = d;
        }
        if let Some(d) = self.expire_after_start {
            settings.expire_after_start = d;
        }
        if let Some(d) = self.expire_after_resume {
            settings.expire_after_resume = d;
        }
        settings
    }
}

/// An identity-verification case for one end user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inquiry {
    pub id: String,
    pub tenant: Tenant,
    pub inquiry_template_id: String,
    pub status: InquiryStatus,
    pub reference_id: String,
    pub note: String,
    pub tags: Vec<String>,
    pub fields: Fields,
    pub creator: String,
    pub reviewer_comment: String,
    pub settings: InquirySettings,
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

/// The changes UpdateInquiry may make; `None` leaves a value as it is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InquiryPatch {
    pub note: Option<String>,
    pub reference_id: Option<String>,
    pub tags: Option<Vec<String>>,
    /// Replaces every field.
    pub fields: Option<Fields>,
    /// Sets (`Some`) or removes (`None`) only the fields named, keeping the others — in the
    /// update's transaction, so a concurrent change to other fields (an end user's
    /// submission) is kept. Left out of the idempotency digest when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merge_fields: Option<BTreeMap<String, Option<FieldValue>>>,
}

/// The outcome an end user chooses in the sandbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SandboxOutcome {
    Pass,
    Fail,
}

impl Inquiry {
    /// A new inquiry in CREATED from a template that is not archived, with its event.
    pub fn create(
        id: String,
        principal: &Principal,
        template: &Template,
        new: NewInquiry,
        now: DateTime<Utc>,
    ) -> Result<(Inquiry, Changes), Error> {
        template.check_usable()?;
        let settings = new.settings(&template.settings);
        let inquiry = Inquiry {
            id,
            tenant: principal.tenant.clone(),
            inquiry_template_id: template.id.clone(),
            status: InquiryStatus::Created,
            reference_id: new.reference_id,
            note: new.note,
            tags: new.tags,
            fields: new.fields,
            creator: principal.api_key_id.clone(),
            reviewer_comment: String::new(),
            expires_at: now + settings.expire_after_create,
            settings,
            create_time: now,
            update_time: now,
            start_time: None,
            complete_time: None,
            fail_time: None,
            mark_for_review_time: None,
            decision_time: None,
            expire_time: None,
            redact_time: None,
        };
        let mut changes = Changes::default();
        changes.push(Happened::inquiry(EventKind::InquiryCreated, &inquiry));
        Ok((inquiry, changes))
    }

    /// Whether the deadline has passed while the end user could still work on it.
    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        self.status.is_active() && self.expires_at <= now
    }

    /// Redacted inquiries accept no further mutation.
    pub fn refuse_if_redacted(&self) -> Result<(), Error> {
        refuse_if_redacted(self.redact_time.is_some())
    }

    /// Applies one action of the status machine with its effects on times and deadlines.
    /// Completing an inquiry whose template auto-approves also approves it; expiry ends
    /// end-user access with links EXPIRED, a decision with links REVOKED.
    pub fn act(&mut self, action: InquiryAction, now: DateTime<Utc>) -> Result<Changes, Error> {
        let mut changes = Changes::default();
        self.step(action, now, &mut changes)?;
        if action == InquiryAction::Complete && self.settings.auto_approve {
            self.step(InquiryAction::Approve, now, &mut changes)?;
        }
        changes.end_access = match action {
            InquiryAction::Expire => Some(LinkStatus::Expired),
            InquiryAction::Approve | InquiryAction::Decline => Some(LinkStatus::Revoked),
            _ => None,
        };
        Ok(changes)
    }

    /// An operator's decision or review, with its optional comment.
    pub fn review(
        &mut self,
        action: InquiryAction,
        comment: &str,
        now: DateTime<Utc>,
    ) -> Result<Changes, Error> {
        // The comment is set first, so the decision's event snapshot carries it.
        let before = self.reviewer_comment.clone();
        if !comment.is_empty() {
            self.reviewer_comment = comment.to_owned();
        }
        self.act(action, now)
            .inspect_err(|_| self.reviewer_comment = before)
    }

    /// The first session starts: CREATED becomes PENDING; anything else stays as it is.
    pub fn start(&mut self, now: DateTime<Utc>) -> Result<Changes, Error> {
        if self.status == InquiryStatus::Created {
            self.act(InquiryAction::Start, now)
        } else {
            Ok(Changes::default())
        }
    }

    /// ResumeInquiry: CREATED, PENDING and EXPIRED become PENDING with a fresh deadline.
    pub fn resume(&mut self, now: DateTime<Utc>) -> Result<Changes, Error> {
        let mut changes = self.start(now)?;
        changes.extend(self.act(InquiryAction::Resume, now)?);
        Ok(changes)
    }

    fn step(
        &mut self,
        action: InquiryAction,
        now: DateTime<Utc>,
        changes: &mut Changes,
    ) -> Result<(), Error> {
        self.status = transition(self.status, action)?;
        match action {
            InquiryAction::Start => {
                self.start_time = Some(now);
                self.expires_at = now + self.settings.expire_after_start;
            }
            InquiryAction::Resume => {
                self.start_time.get_or_insert(now);
                self.expires_at = now + self.settings.expire_after_resume;
            }
            InquiryAction::Expire => self.expire_time = Some(now),
            InquiryAction::Complete => self.complete_time = Some(now),
            InquiryAction::Fail => self.fail_time = Some(now),
            InquiryAction::MarkForReview => self.mark_for_review_time = Some(now),
            InquiryAction::Approve | InquiryAction::Decline => self.decision_time = Some(now),
        }
        self.update_time = now;
        changes.push(Happened::inquiry(action.event_kind(), self));
        Ok(())
    }

    /// UpdateInquiry: `inquiry.updated` when note, reference ID or fields change, then
    /// `inquiry.tags-updated` when the tags do. Merged fields are applied over the replaced
    /// (or current) ones, under the limit on how many an inquiry holds.
    pub fn update(&mut self, patch: InquiryPatch, now: DateTime<Utc>) -> Result<Changes, Error> {
        let mut fields = patch.fields.unwrap_or_else(|| self.fields.clone());
        for (name, value) in patch.merge_fields.unwrap_or_default() {
            match value {
                Some(value) => fields.insert(name, value),
                None => fields.remove(&name),
            };
        }
        if fields.len() > FIELDS_MAX {
            return Err(Error::invalid(
                "fields",
                format!("the inquiry would hold more than {FIELDS_MAX} fields"),
            ));
        }
        let mut changed = self.fields != fields;
        self.fields = fields;
        if let Some(note) = patch.note {
            changed |= self.note != note;
            self.note = note;
        }
        if let Some(reference_id) = patch.reference_id {
            changed |= self.reference_id != reference_id;
            self.reference_id = reference_id;
        }
        let mut changes = Changes::default();
        if changed {
            self.update_time = now;
            changes.push(Happened::inquiry(EventKind::InquiryUpdated, self));
        }
        if let Some(tags) = patch.tags {
            changes.extend(self.set_tags(tags, now));
        }
        Ok(changes)
    }

    /// Replaces the tags, recording `inquiry.tags-updated` only if they changed.
    pub fn set_tags(&mut self, tags: Vec<String>, now: DateTime<Utc>) -> Changes {
        let mut changes = Changes::default();
        if tags != self.tags {
            self.tags = tags;
            self.update_time = now;
            changes.push(Happened::inquiry(EventKind::InquiryTagsUpdated, self));
        }
        changes
    }

    /// Wipes the personal data (fields, note, tags) and ends end-user access; the reference
    /// ID and the status stay.
    pub fn redact(&mut self, now: DateTime<Utc>) -> Changes {
        self.note.clear();
        self.tags.clear();
        self.fields.clear();
        self.redact_time = Some(now);
        self.update_time = now;
        let mut changes = Changes::default();
        changes.push(Happened::inquiry(EventKind::InquiryRedacted, self));
        changes.end_access = Some(LinkStatus::Revoked);
        changes
    }

    /// The end user submits: the collected fields are merged over what the inquiry holds and
    /// the inquiry completes or fails (in the sandbox, as the user chose).
    pub fn submit(
        &mut self,
        collected: Fields,
        outcome: Option<SandboxOutcome>,
        now: DateTime<Utc>,
    ) -> Result<Changes, Error> {
        let action = submission(self.tenant.environment, outcome)?;
        let mut fields = self.fields.clone();
        fields.extend(collected);
        if fields.len() > FIELDS_MAX {
            return Err(Error::invalid(
                "fields",
                format!("the inquiry would hold more than {FIELDS_MAX} fields"),
            ));
        }
        let changes = self.act(action, now)?;
        self.fields = fields;
        Ok(changes)
    }
}

/// Which action a submission takes: the sandbox needs an outcome, live refuses one.
fn submission(
    environment: Environment,
    outcome: Option<SandboxOutcome>,
) -> Result<InquiryAction, Error> {
    match (environment, outcome) {
        (Environment::Sandbox, Some(SandboxOutcome::Pass)) => Ok(InquiryAction::Complete),
        (Environment::Sandbox, Some(SandboxOutcome::Fail)) => Ok(InquiryAction::Fail),
        (Environment::Sandbox, None) => Err(Error::invalid(
            "sandbox_outcome",
            "sandbox submissions choose PASS or FAIL",
        )),
        (Environment::Live, None) => Ok(InquiryAction::Complete),
        (Environment::Live, Some(_)) => Err(Error::invalid(
            "sandbox_outcome",
            "is only accepted in the sandbox",
        )),
    }
}

/// ListInquiries filters; every field is optional.
#[derive(Debug, Clone, Default)]
pub struct InquiryFilter {
    pub status: Option<InquiryStatus>,
    pub reference_id: Option<String>,
    pub inquiry_template_id: Option<String>,
    pub tag: Option<String>,
    pub created_after: Option<DateTime<Utc>>,
    pub created_before: Option<DateTime<Utc>>,
}

impl InquiryFilter {
    /// A stable description, so page tokens are bound to the filters they were issued for.
    pub fn describe(&self) -> String {
        format!("{self:?}")
    }
}

/// Paths UpdateInquiry accepts in its mask.
pub const UPDATABLE_PATHS: &[&str] = &["note", "fields", "tags", "reference_id"];

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::template::TemplateDraft;

    fn template_settings() -> TemplateSettings {
        TemplateSettings::create(&TemplateDraft {
            name: "KYC".into(),
            ..TemplateDraft::default()
        })
        .unwrap()
    }

    fn template(settings: TemplateSettings) -> Template {
        let now = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        Template {
            id: "itmpl_AAAAAAAAAAAAAAAAAAAAAAAA".into(),
            tenant: tenant(),
            settings,
            archive_time: None,
            create_time: now,
            update_time: now,
        }
    }

    fn tenant() -> Tenant {
        Tenant {
            organization_id: "org_AAAAAAAAAAAAAAAAAAAAAAAA".into(),
            environment: Environment::Sandbox,
        }
    }

    fn principal() -> Principal {
        Principal {
            tenant: tenant(),
            api_key_id: "key_AAAAAAAAAAAAAAAAAAAAAAAA".into(),
        }
    }

    /// A CREATED sandbox inquiry from the default KYC template.
    pub(crate) fn sample_inquiry() -> Inquiry {
        let template = template(template_settings());
        let new = NewInquiry::validate(&InquiryDraft::default()).unwrap();
        Inquiry::create(
            "inq_AAAAAAAAAAAAAAAAAAAAAAAA".into(),
            &principal(),
            &template,
            new,
            template.create_time,
        )
        .unwrap()
        .0
    }

    fn kinds(changes: &Changes) -> Vec<&'static str> {
        changes.events.iter().map(|e| e.kind.as_str()).collect()
    }

    fn fields_named(v: &Error) -> Vec<String> {
        match v {
            Error::InvalidArgument(v) => v.iter().map(|f| f.field.clone()).collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn limits_are_enforced_per_field() {
        let mut draft = InquiryDraft {
            reference_id: "r".repeat(256),
            note: "n".repeat(4097),
            tags: vec!["ok".into(), "bad/tag".into()],
            ..InquiryDraft::default()
        };
        draft
            .fields
            .insert("1bad".into(), RawFieldValue::Bool(true));
        draft
            .fields
            .insert("big".into(), RawFieldValue::String("x".repeat(4097)));
        draft.fields.insert(
            "dob".into(),
            RawFieldValue::Date {
                year: 2001,
                month: 2,
                day: 30,
            },
        );
        draft
            .fields
            .insert("nan".into(), RawFieldValue::Number(f64::NAN));
        let err = NewInquiry::validate(&draft).unwrap_err();
        assert_eq!(
            fields_named(&err),
            [
                "reference_id",
                "inquiry.note",
                "inquiry.tags[1]",
                "inquiry.fields[\"1bad\"]",
                "inquiry.fields[\"big\"]",
                "inquiry.fields[\"dob\"]",
                "inquiry.fields[\"nan\"]",
            ]
        );
    }

    #[test]
    fn at_the_limits_everything_is_accepted() {
        let mut draft = InquiryDraft {
            reference_id: "r".repeat(255),
            note: "n".repeat(4096),
            tags: (0..50)
                .map(|i| format!("tag-{i}:{}", "x".repeat(50)))
                .collect(),
            ..InquiryDraft::default()
        };
        for i in 0..100 {
            draft
                .fields
                .insert(format!("f{i}"), RawFieldValue::String("v".repeat(4096)));
        }
        let new = NewInquiry::validate(&draft).unwrap();
        assert_eq!(new.tags.len(), 50);
        assert_eq!(new.fields.len(), 100);
        draft.tags.push("one-too-many".into());
        draft
            .fields
            .insert("f100".into(), RawFieldValue::Bool(false));
        let err = NewInquiry::validate(&draft).unwrap_err();
        assert_eq!(fields_named(&err), ["inquiry.tags", "inquiry.fields"]);
    }

    #[test]
    fn overrides_replace_template_intervals() {
        let draft = InquiryDraft {
            expire_after_create: Some(TimeDelta::hours(2)),
            ..InquiryDraft::default()
        };
        let new = NewInquiry::validate(&draft).unwrap();
        let settings = new.settings(&template_settings());
        assert_eq!(settings.expire_after_create, TimeDelta::hours(2));
        assert_eq!(settings.expire_after_resume, TimeDelta::hours(24));
    }

    #[test]
    fn archived_templates_make_no_inquiries() {
        let mut archived = template(template_settings());
        archived.archive_time = Some(archived.create_time);
        let new = NewInquiry::validate(&InquiryDraft::default()).unwrap();
        let err = Inquiry::create(
            "inq_x".into(),
            &principal(),
            &archived,
            new,
            archived.create_time,
        )
        .unwrap_err();
        assert_eq!(err.reason(), Some("TEMPLATE_ARCHIVED"));
    }

    #[test]
    fn each_step_sets_its_time_deadline_and_snapshot() {
        let mut inquiry = sample_inquiry();
        let created = inquiry.create_time;
        assert_eq!(inquiry.expires_at, created + TimeDelta::hours(24));
        let started = created + TimeDelta::minutes(5);
        let changes = inquiry.start(started).unwrap();
        assert_eq!(kinds(&changes), ["inquiry.started"]);
        assert_eq!(inquiry.status, InquiryStatus::Pending);
        assert_eq!(inquiry.start_time, Some(started));
        assert_eq!(
            inquiry.expires_at,
            started + inquiry.settings.expire_after_start
        );
        assert!(
            inquiry.start(started).unwrap().is_empty(),
            "only the first start counts"
        );

        let resumed = started + TimeDelta::hours(1);
        inquiry.resume(resumed).unwrap();
        assert_eq!(
            inquiry.start_time,
            Some(started),
            "resume keeps the first start"
        );
        assert_eq!(
            inquiry.expires_at,
            resumed + inquiry.settings.expire_after_resume
        );

        let expired = inquiry.act(InquiryAction::Expire, resumed).unwrap();
        assert_eq!(expired.end_access, Some(LinkStatus::Expired));
        assert!(
            !inquiry.is_overdue(inquiry.expires_at),
            "expired inquiries are not overdue"
        );
    }

    #[test]
    fn auto_approve_records_both_steps_with_their_own_snapshots() {
        let mut settings = template_settings();
        settings.auto_approve = true;
        let template = template(settings);
        let new = NewInquiry::validate(&InquiryDraft::default()).unwrap();
        let now = template.create_time;
        let (mut inquiry, _) =
            Inquiry::create("inq_x".into(), &principal(), &template, new, now).unwrap();
        inquiry.start(now).unwrap();
        let changes = inquiry
            .submit(Fields::new(), Some(SandboxOutcome::Pass), now)
            .unwrap();
        assert_eq!(kinds(&changes), ["inquiry.completed", "inquiry.approved"]);
        let statuses: Vec<_> = changes
            .events
            .iter()
            .map(|e| match &e.subject {
                crate::domain::events::Subject::Inquiry(i) => i.status,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            statuses,
            [InquiryStatus::Completed, InquiryStatus::Approved]
        );
        assert_eq!(inquiry.status, InquiryStatus::Approved);
    }

    #[test]
    fn decisions_end_access_and_keep_the_comment() {
        let mut inquiry = sample_inquiry();
        let now = inquiry.create_time;
        let changes = inquiry
            .review(InquiryAction::Decline, "fraud", now)
            .unwrap();
        assert_eq!(changes.end_access, Some(LinkStatus::Revoked));
        assert_eq!(inquiry.reviewer_comment, "fraud");
        assert_eq!(inquiry.decision_time, Some(now));
        let snapshot = changes
            .events
            .iter()
            .find_map(|happened| match &happened.subject {
                crate::domain::events::Subject::Inquiry(i) => Some(i.reviewer_comment.clone()),
                _ => None,
            });
        assert_eq!(
            snapshot.as_deref(),
            Some("fraud"),
            "the event carries the comment"
        );
        let refused = inquiry
            .review(InquiryAction::Approve, "too late", now)
            .unwrap_err();
        assert_eq!(refused.reason(), Some("INQUIRY_DECIDED"));
        assert_eq!(
            inquiry.reviewer_comment, "fraud",
            "a refused review changes nothing"
        );
    }

    #[test]
    fn submissions_follow_the_environment() {
        let mut inquiry = sample_inquiry();
        let now = inquiry.create_time;
        inquiry.start(now).unwrap();
        assert!(matches!(
            inquiry.clone().submit(Fields::new(), None, now),
            Err(Error::InvalidArgument(_))
        ));
        let failed = inquiry
            .clone()
            .submit(Fields::new(), Some(SandboxOutcome::Fail), now)
            .unwrap();
        assert_eq!(kinds(&failed), ["inquiry.failed"]);
        inquiry.tenant.environment = Environment::Live;
        assert!(matches!(
            inquiry
                .clone()
                .submit(Fields::new(), Some(SandboxOutcome::Pass), now),
            Err(Error::InvalidArgument(_))
        ));
        let mut collected = Fields::new();
        collected.insert("name_first".into(), FieldValue::String("Ada".into()));
        let completed = inquiry.submit(collected, None, now).unwrap();
        assert_eq!(kinds(&completed), ["inquiry.completed"]);
        assert_eq!(inquiry.fields.len(), 1);
    }

    #[test]
    fn updates_record_only_what_changed() {
        let mut inquiry = sample_inquiry();
        let now = inquiry.create_time + TimeDelta::seconds(1);
        let same = inquiry
            .update(
                InquiryPatch {
                    note: Some(String::new()),
                    tags: Some(Vec::new()),
                    ..InquiryPatch::default()
                },
                now,
            )
            .unwrap();
        assert!(same.is_empty());
        assert_eq!(inquiry.update_time, inquiry.create_time);
        let changed = inquiry
            .update(
                InquiryPatch {
                    note: Some("n".into()),
                    tags: Some(vec!["vip".into()]),
                    ..InquiryPatch::default()
                },
                now,
            )
            .unwrap();
        assert_eq!(kinds(&changed), ["inquiry.updated", "inquiry.tags-updated"]);
        assert_eq!(inquiry.update_time, now);
    }

    #[test]
    fn merged_fields_keep_the_others_and_respect_the_limit() {
        let mut inquiry = sample_inquiry();
        let now = inquiry.create_time;
        let text = |s: &str| FieldValue::String(s.into());
        inquiry.fields = Fields::from([("a".into(), text("1")), ("b".into(), text("2"))]);
        let merge = |pairs: Vec<(&str, Option<FieldValue>)>| InquiryPatch {
            merge_fields: Some(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()),
            ..InquiryPatch::default()
        };
        let changes = inquiry
            .update(merge(vec![("b", None), ("c", Some(text("3")))]), now)
            .unwrap();
        assert_eq!(kinds(&changes), ["inquiry.updated"]);
        assert_eq!(
            inquiry.fields,
            Fields::from([("a".into(), text("1")), ("c".into(), text("3"))])
        );
        let same = inquiry.update(merge(vec![("a", Some(text("1")))]), now);
        assert!(same.unwrap().is_empty());
        let many = (0..FIELDS_MAX).map(|i| (format!("f{i}"), Some(text("x"))));
        let too_many = InquiryPatch {
            merge_fields: Some(many.collect()),
            ..InquiryPatch::default()
        };
        assert!(inquiry.update(too_many, now).is_err());
        assert_eq!(inquiry.fields.len(), 2, "a refused update changes nothing");
    }

    #[test]
    fn redaction_wipes_personal_data_and_ends_access() {
        let mut inquiry = sample_inquiry();
        inquiry.note = "secret".into();
        inquiry.tags = vec!["vip".into()];
        inquiry.reference_id = "user-1".into();
        let now = inquiry.create_time;
        let changes = inquiry.redact(now);
        assert_eq!(kinds(&changes), ["inquiry.redacted"]);
        assert_eq!(changes.end_access, Some(LinkStatus::Revoked));
        assert!(inquiry.note.is_empty() && inquiry.tags.is_empty() && inquiry.fields.is_empty());
        assert_eq!(inquiry.reference_id, "user-1");
        assert_eq!(
            inquiry.refuse_if_redacted().unwrap_err().reason(),
            Some("INQUIRY_REDACTED")
        );
    }

    #[test]
    fn field_values_serialize_with_their_type() {
        let v = serde_json::to_value(FieldValue::Date(
            NaiveDate::from_ymd_opt(1990, 5, 1).unwrap(),
        ))
        .unwrap();
        assert_eq!(
            v,
            serde_json::json!({"type": "date", "value": "1990-05-01"})
        );
    }
}
