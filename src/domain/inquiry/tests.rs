use super::*;
use crate::domain::actor::{system, Actor, Origin};
use crate::domain::template::TemplateDraft;
use crate::domain::Reason;
use chrono::NaiveDate;

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
    Principal::api_key(tenant(), "key_AAAAAAAAAAAAAAAAAAAAAAAA", "billing")
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
    assert_eq!(err.reason(), Reason::TemplateArchived);
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
            crate::domain::inquiry::Subject::Inquiry(i) => i.status,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        statuses,
        [InquiryStatus::Completed, InquiryStatus::Approved]
    );
    assert_eq!(inquiry.status, InquiryStatus::Approved);
    assert_eq!(
        inquiry.reviewer,
        Some(Actor::system(system::AUTO_APPROVE)),
        "the template's rule decided"
    );
}

#[test]
fn decisions_end_access_and_keep_the_comment_and_the_reviewer() {
    let mut inquiry = sample_inquiry();
    let now = inquiry.create_time;
    let origin = Origin {
        client_ip: Some("192.0.2.7".into()),
        ..Origin::default()
    };
    let key = Actor::api_key("key_BBBBBBBBBBBBBBBBBBBBBBBB", "review-bot", origin);
    let marked = inquiry
        .review(InquiryAction::MarkForReview, "", &key, now)
        .map(|_| inquiry.reviewer.clone());
    assert!(
        marked.is_err() || marked == Ok(None),
        "only decisions name a reviewer"
    );
    let changes = inquiry
        .review(InquiryAction::Decline, "fraud", &key, now)
        .unwrap();
    assert_eq!(changes.end_access, Some(LinkStatus::Revoked));
    assert_eq!(inquiry.reviewer_comment, "fraud");
    assert_eq!(inquiry.decision_time, Some(now));
    assert_eq!(
        inquiry.reviewer,
        Some(key.identity()),
        "kept without the call's origin"
    );
    let snapshot = changes
        .events
        .iter()
        .find_map(|happened| match &happened.subject {
            crate::domain::inquiry::Subject::Inquiry(i) => {
                Some((i.reviewer_comment.clone(), i.reviewer.clone()))
            }
            _ => None,
        });
    assert_eq!(
        snapshot,
        Some(("fraud".to_owned(), Some(key.identity()))),
        "the event carries the comment and the reviewer"
    );
    let other = Actor::api_key(
        "key_CCCCCCCCCCCCCCCCCCCCCCCC",
        "late-bot",
        Origin::default(),
    );
    let refused = inquiry
        .review(InquiryAction::Approve, "too late", &other, now)
        .unwrap_err();
    assert_eq!(refused.reason(), Reason::InquiryDecided);
    assert_eq!(
        (inquiry.reviewer_comment.as_str(), inquiry.reviewer),
        ("fraud", Some(key.identity())),
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
        Reason::InquiryRedacted
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
