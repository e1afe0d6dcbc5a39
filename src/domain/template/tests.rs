use super::*;

fn draft(name: &str) -> TemplateDraft {
    TemplateDraft {
        name: name.into(),
        ..TemplateDraft::default()
    }
}

#[test]
fn defaults_follow_the_contract() {
    let s = TemplateSettings::create(&draft("KYC")).unwrap();
    assert_eq!(s.expire_after_create, TimeDelta::hours(24));
    assert_eq!(s.expire_after_start, TimeDelta::hours(24));
    assert_eq!(s.expire_after_resume, TimeDelta::hours(24));
    assert_eq!(s.one_time_link_ttl, TimeDelta::hours(24));
    assert_eq!(s.session_ttl, TimeDelta::hours(1));
    assert_eq!(s.max_sessions_per_inquiry, 25);
    assert_eq!(s.redirect_uri, None);
    assert_eq!(s.redact_after, None);
}

#[test]
fn expire_after_start_defaults_to_expire_after_create() {
    let mut d = draft("KYC");
    d.expire_after_create = Some(TimeDelta::hours(2));
    let s = TemplateSettings::create(&d).unwrap();
    assert_eq!(s.expire_after_start, TimeDelta::hours(2));
}

#[test]
fn every_violation_is_reported_at_once() {
    let d = TemplateDraft {
        name: " ".into(),
        session_ttl: Some(TimeDelta::seconds(5)),
        max_sessions_per_inquiry: -1,
        redirect_uri: "javascript:alert(1)".into(),
        ..TemplateDraft::default()
    };
    let Err(Error::InvalidArgument(v)) = TemplateSettings::create(&d) else {
        panic!("expected invalid argument")
    };
    let mut fields: Vec<&str> = v.iter().map(|f| f.field.as_str()).collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "max_sessions_per_inquiry",
            "name",
            "redirect_uri",
            "session_ttl"
        ]
    );
}

#[test]
fn email_settings_update_together_and_keep_a_usable_default_language() {
    let mut d = draft("KYC");
    let german = EmailTemplate {
        subject: "Hallo".into(),
        text_body: "{{link_url}}".into(),
        html_body: String::new(),
    };
    d.email_templates = BTreeMap::from([("de".to_owned(), german)]);
    d.default_language = "de".into();
    let s = TemplateSettings::create(&d).unwrap();
    assert_eq!(s.email.default_language, "de");
    let cleared = draft("KYC");
    let Err(Error::InvalidArgument(v)) = s.update(&cleared, &["email_templates".into()]) else {
        panic!("the default language would have no text")
    };
    assert_eq!(v[0].field, "default_language");
    let both = s
        .update(
            &cleared,
            &["email_templates".into(), "default_language".into()],
        )
        .unwrap();
    assert_eq!(both.email, EmailSettings::default());
    assert_eq!(
        s.update(&d, &["name".into()]).unwrap().email,
        s.email,
        "unmasked email settings stay"
    );
}

#[test]
fn update_touches_only_masked_fields_and_rejects_unknown_paths() {
    let s = TemplateSettings::create(&draft("KYC")).unwrap();
    let mut d = draft("ignored");
    d.auto_approve = true;
    let next = s.update(&d, &["auto_approve".into()]).unwrap();
    assert!(next.auto_approve);
    assert_eq!(next.name, "KYC");
    assert!(matches!(
        s.update(&d, &["environment".into()]),
        Err(Error::InvalidArgument(_))
    ));
}
