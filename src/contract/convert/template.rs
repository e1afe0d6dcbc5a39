//! Inquiry templates, their collected fields and email texts, to and from the contract's messages.

use super::scalars::*;
use crate::domain::collect::{CollectedField, CollectedFieldDraft, FieldKind};
use crate::domain::email::EmailTemplate;
use crate::domain::template::{Template, TemplateDraft};
use crate::domain::Error;
use crate::pb;

pub fn template(t: &Template) -> pb::InquiryTemplate {
    let s = &t.settings;
    pb::InquiryTemplate {
        id: t.id.clone(),
        environment: environment(t.tenant.environment) as i32,
        name: s.name.clone(),
        expire_after_create: Some(duration(s.expire_after_create)),
        expire_after_start: Some(duration(s.expire_after_start)),
        expire_after_resume: Some(duration(s.expire_after_resume)),
        one_time_link_ttl: Some(duration(s.one_time_link_ttl)),
        session_ttl: Some(duration(s.session_ttl)),
        max_sessions_per_inquiry: s.max_sessions_per_inquiry,
        redirect_uri: s.redirect_uri.clone().unwrap_or_default(),
        auto_approve: s.auto_approve,
        redact_after: s.redact_after.map(duration),
        archive_time: opt_timestamp(t.archive_time),
        create_time: Some(timestamp(t.create_time)),
        update_time: Some(timestamp(t.update_time)),
        email_templates: s
            .email
            .templates
            .iter()
            .map(|(language, t)| {
                let message = pb::EmailTemplate {
                    subject: t.subject.clone(),
                    text_body: t.text_body.clone(),
                    html_body: t.html_body.clone(),
                };
                (language.clone(), message)
            })
            .collect(),
        default_language: s.email.default_language.clone(),
        collected_fields: s.collected_fields.iter().map(collected_field).collect(),
        allow_inquiry_id_links: s.allow_inquiry_id_links,
    }
}

const FIELD_KINDS: [(FieldKind, pb::CollectedFieldKind); 7] = [
    (FieldKind::Text, pb::CollectedFieldKind::Text),
    (FieldKind::Date, pb::CollectedFieldKind::Date),
    (FieldKind::Email, pb::CollectedFieldKind::Email),
    (FieldKind::Phone, pb::CollectedFieldKind::Phone),
    (FieldKind::Country, pb::CollectedFieldKind::Country),
    (FieldKind::Number, pb::CollectedFieldKind::Number),
    (FieldKind::YesNo, pb::CollectedFieldKind::YesNo),
];

fn collected_field(f: &CollectedField) -> pb::CollectedField {
    let kind = FIELD_KINDS
        .iter()
        .find(|(k, _)| *k == f.kind)
        .map_or(pb::CollectedFieldKind::Unspecified, |(_, pb)| *pb);
    let length = |n: usize| {
        if f.kind.has_length() {
            i32::try_from(n).unwrap_or(i32::MAX)
        } else {
            0
        }
    };
    pb::CollectedField {
        name: f.name.clone(),
        label: f.label.clone(),
        kind: kind as i32,
        required: f.required,
        min_length: length(f.min_length),
        max_length: length(f.max_length),
        min_value: f.min_value,
        max_value: f.max_value,
        min_date: f.min_date.map(date),
        max_date: f.max_date.map(date),
    }
}

fn collected_field_draft(f: &pb::CollectedField) -> CollectedFieldDraft {
    let raw = |d: &pb::Date| (d.year, d.month, d.day);
    CollectedFieldDraft {
        name: f.name.clone(),
        label: f.label.clone(),
        kind: FIELD_KINDS
            .iter()
            .find(|(_, pb)| *pb as i32 == f.kind)
            .map(|(k, _)| *k),
        required: f.required,
        min_length: f.min_length,
        max_length: f.max_length,
        min_value: f.min_value,
        max_value: f.max_value,
        min_date: f.min_date.as_ref().map(raw),
        max_date: f.max_date.as_ref().map(raw),
    }
}

pub fn template_draft(t: &pb::InquiryTemplate) -> Result<TemplateDraft, Error> {
    let field = |name: &str| format!("inquiry_template.{name}");
    Ok(TemplateDraft {
        name: t.name.clone(),
        expire_after_create: opt_duration(
            &field("expire_after_create"),
            t.expire_after_create.as_ref(),
        )?,
        expire_after_start: opt_duration(
            &field("expire_after_start"),
            t.expire_after_start.as_ref(),
        )?,
        expire_after_resume: opt_duration(
            &field("expire_after_resume"),
            t.expire_after_resume.as_ref(),
        )?,
        one_time_link_ttl: opt_duration(&field("one_time_link_ttl"), t.one_time_link_ttl.as_ref())?,
        session_ttl: opt_duration(&field("session_ttl"), t.session_ttl.as_ref())?,
        max_sessions_per_inquiry: t.max_sessions_per_inquiry,
        redirect_uri: t.redirect_uri.clone(),
        auto_approve: t.auto_approve,
        redact_after: opt_duration(&field("redact_after"), t.redact_after.as_ref())?,
        collected_fields: t
            .collected_fields
            .iter()
            .map(collected_field_draft)
            .collect(),
        allow_inquiry_id_links: t.allow_inquiry_id_links,
        email_templates: t
            .email_templates
            .iter()
            .map(|(language, t)| {
                let template = EmailTemplate {
                    subject: t.subject.clone(),
                    text_body: t.text_body.clone(),
                    html_body: t.html_body.clone(),
                };
                (language.clone(), template)
            })
            .collect(),
        default_language: t.default_language.clone(),
    })
}
