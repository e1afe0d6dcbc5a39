//! Inquiry input validation, prefill fields, tags and expiry arithmetic.

use std::collections::BTreeMap;

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use super::access::LinkStatus;
use super::actor::{system, Actor};
use super::error::Violations;
use super::events::EventKind;
use super::seconds;
use super::status::{refuse_if_redacted, transition, InquiryAction, InquiryStatus};
use super::template::{check_interval, Template, TemplateSettings};
use super::tenant::{Environment, Principal, Tenant};
use super::Error;

mod changes;
mod entry;
mod input;
pub use changes::*;
pub use entry::*;
pub use input::*;

pub use super::field::*;

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
    /// Who created it: an API key or an operator.
    pub creator: Actor,
    /// Who last approved or declined it: an API key, an operator, or the service's
    /// auto-approval; none until decided.
    pub reviewer: Option<Actor>,
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
            creator: principal.actor.identity(),
            reviewer: None,
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
            self.reviewer = Some(Actor::system(system::AUTO_APPROVE));
            self.step(InquiryAction::Approve, now, &mut changes)?;
        }
        changes.end_access = match action {
            InquiryAction::Expire => Some(LinkStatus::Expired),
            InquiryAction::Approve | InquiryAction::Decline => Some(LinkStatus::Revoked),
            _ => None,
        };
        Ok(changes)
    }

    /// A decision or review by `by`, with its optional comment.
    pub fn review(
        &mut self,
        action: InquiryAction,
        comment: &str,
        by: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Changes, Error> {
        // Comment and reviewer are set first, so the decision's event snapshot carries them.
        let before = (self.reviewer_comment.clone(), self.reviewer.clone());
        if !comment.is_empty() {
            self.reviewer_comment = comment.to_owned();
        }
        if matches!(action, InquiryAction::Approve | InquiryAction::Decline) {
            self.reviewer = Some(by.identity());
        }
        self.act(action, now)
            .inspect_err(|_| (self.reviewer_comment, self.reviewer) = before)
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

#[cfg(test)]
pub(crate) mod tests;
