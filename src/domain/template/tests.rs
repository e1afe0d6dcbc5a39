use super::*;
use crate::domain::error::sole_violation;

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

fn with_redirect(uri: &str) -> TemplateDraft {
    TemplateDraft {
        redirect_uri: uri.into(),
        ..draft("KYC")
    }
}

fn redirect_problem(result: Result<impl std::fmt::Debug, Error>) -> String {
    let (field, description) = sole_violation(result);
    assert_eq!(field, "redirect_uri");
    description
}

#[test]
fn a_redirect_uri_is_a_parsed_url_without_credentials_fragment_or_bad_port() {
    let created = |uri: &str| TemplateSettings::create(&with_redirect(uri));
    assert_eq!(
        created("HTTPS://App.Example/done?from=verilink")
            .unwrap()
            .redirect_uri
            .as_deref(),
        Some("https://app.example/done?from=verilink")
    );
    for (uri, problem) in [
        ("https://user:pw@app.example/", "credentials"),
        ("https://app.example@evil.example/", "credentials"),
        ("https://app.example:0/", "port"),
        ("https://app.example:65536/", "port"),
        ("https://app.example:x/", "port"),
        ("https://app.example/done#top", "fragment"),
        ("data:text/html,hi", "absolute http"),
        ("https://app.example/\r\nLocation: x", "control"),
    ] {
        let why = redirect_problem(created(uri));
        assert!(why.contains(problem), "{uri}: {why}");
    }
    let long = format!("https://app.example/{}", "a".repeat(REDIRECT_URI_MAX_LEN));
    assert!(redirect_problem(created(&long)).contains("at most 2048"));
}

#[test]
fn a_live_template_redirects_only_to_https_on_create_and_update() {
    let tenant = |environment| Tenant {
        organization_id: "org_x".into(),
        environment,
    };
    let now = Utc::now();
    let new = |uri: &str, environment| {
        let settings = TemplateSettings::create(&with_redirect(uri)).unwrap();
        Template::new("itmpl_x".into(), tenant(environment), settings, now)
    };
    let local = "http://localhost:3000/done";
    assert!(new(local, Environment::Sandbox).is_ok());
    assert!(new("https://app.example/", Environment::Live).is_ok());
    assert!(redirect_problem(new(local, Environment::Live)).contains("https://"));

    let mut live = new("", Environment::Live).unwrap();
    let masked = ["redirect_uri".to_owned()];
    let refused = live.update(&with_redirect(local), &masked, now);
    assert!(redirect_problem(refused).contains("live"));
    assert_eq!(live.settings.redirect_uri, None, "nothing changed");
    live.update(&with_redirect("https://app.example/"), &masked, now)
        .unwrap();
    let mut sandbox = new("", Environment::Sandbox).unwrap();
    sandbox.update(&with_redirect(local), &masked, now).unwrap();
    assert_eq!(sandbox.settings.redirect_uri.as_deref(), Some(local));
}
