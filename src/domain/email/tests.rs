use super::*;
use crate::domain::secrets::{Keyring, SecretString};
use chrono::{DateTime, TimeDelta};
use sha2::Digest;

fn facts() -> LinkFacts<'static> {
    LinkFacts {
        url: "https://verify.example/verify?code=abc&x=<1>",
        short_url: "https://vl.example/v/ABCDEFGHJK",
        expires_at: DateTime::from_timestamp(1_800_000_000, 0).unwrap(),
        template_name: "KYC <Plus>",
    }
}

fn canonical(address: &str) -> String {
    Mailbox::recipient("to", address)
        .unwrap_or_else(|e| panic!("{address:?}: {e}"))
        .to_string()
}

fn refusal(address: &str) -> String {
    match Mailbox::recipient("to", address) {
        Err(Error::InvalidArgument(v)) if v.len() == 1 && v[0].field == "to" => {
            v[0].description.clone()
        }
        other => panic!("{address:?}: {other:?}"),
    }
}

#[test]
fn addresses_are_written_one_canonical_way() {
    for (typed, written) in [
        (" Ada.Lovelace@Example.COM ", "Ada.Lovelace@example.com"),
        ("\"victim\"@example.com", "victim@example.com"),
        ("\"v\\ictim\"@example.com", "victim@example.com"),
        ("\"a.b\"@example.com", "a.b@example.com"),
        ("ada@bücher.example", "ada@xn--bcher-kva.example"),
        ("ada@BÜCHER.example", "ada@xn--bcher-kva.example"),
        ("ada@XN--BCHER-KVA.example", "ada@xn--bcher-kva.example"),
        ("ada@ｅxample.com", "ada@example.com"),
        ("jösé@example.com", "jösé@example.com"),
        // Quotes are kept where the local part needs them, with only `"` and `\` escaped.
        ("\"a..b\"@example.com", "\"a..b\"@example.com"),
        ("\"a@b\"@example.com", "\"a@b\"@example.com"),
        ("\"a\\\"b\"@example.com", "\"a\\\"b\"@example.com"),
        ("\".ada\"@example.com", "\".ada\"@example.com"),
    ] {
        assert_eq!(canonical(typed), written, "{typed:?}");
        assert_eq!(
            canonical(written),
            written,
            "the canonical form reads back as itself"
        );
        let mailbox = Mailbox::recipient("to", written).unwrap();
        let sendable = lettre::Address::new(mailbox.local(), mailbox.domain());
        assert_eq!(
            sendable.map(|a| a.to_string()).ok(),
            Some(written.to_owned()),
            "the mailer sends to it"
        );
    }
    for bad in [
        "",
        "ada",
        "ada@",
        "@example.com",
        "Ada <ada@example.com>",
        "ada@example.com\r\nBcc: x@y.z",
        "a b@example.com",
        "a..b@example.com",
        ".ada@example.com",
        "a\"b@example.com",
        "\"unclosed@example.com",
        "\"\"@example.com",
        "ada@example..com",
        "ada@example.com.",
        "ada@-example.com",
        "ada@exa_mple.com",
        "ada@xn--zz.example",
        "ada@example.com@example.org",
        &format!("{}@example.com", "a".repeat(65)),
        &format!("ada@{}.com", "a".repeat(250)),
    ] {
        assert!(Mailbox::recipient("to", bad).is_err(), "{bad:?}");
    }
}

#[test]
fn addresses_at_ip_literals_and_non_public_names_are_refused() {
    for literal in [
        "root@[127.0.0.1]",
        "root@[IPv6:::1]",
        "root@127.0.0.1",
        "root@0x7f.1",
    ] {
        assert!(
            refusal(literal).contains("not an IP address"),
            "{literal:?}"
        );
    }
    for private in [
        "root@localhost",
        "root@LOCALHOST",
        "root@mail.localhost",
        "root@mailhost",
        "root@printer.local",
        "root@db.internal",
        "root@x.invalid",
        "root@abc.onion",
        "root@nas.home.arpa",
        "root@1.0.0.127.in-addr.arpa",
        "root@router.lan",
        "root@host.corp",
    ] {
        assert!(
            refusal(private).contains("is not a public mail domain"),
            "{private:?}"
        );
    }
    for accepted in [
        "ada@example.com",
        "ada@mail.example",
        "ada@smtp.test",
        "ada@localhost.example.com",
    ] {
        assert!(Mailbox::recipient("to", accepted).is_ok(), "{accepted:?}");
    }
    // An operator's address is an identity, never mailed: only its syntax is checked.
    assert!(Mailbox::parse("email", "ops@corp.internal").is_ok());
    assert!(Mailbox::parse("email", "ops@[10.0.0.1]").is_err());
    assert!(check_sender("Verilink <no-reply@example.com>").is_ok());
    assert!(check_sender("nobody").is_err());
}

#[test]
fn the_limit_counts_one_mailbox_however_it_is_spelled() {
    let key = |address: &str| Mailbox::recipient("to", address).unwrap().limit_key();
    for spelling in [
        "victim@example.com",
        "\"victim\"@example.com",
        "\"v\\ictim\"@example.com",
        "Victim@EXAMPLE.com",
        "victim+1@example.com",
        "\"victim+news\"@example.com",
    ] {
        assert_eq!(key(spelling), "victim@example.com", "{spelling:?}");
    }
    assert_eq!(key("ada@bücher.example"), key("ada@xn--bcher-kva.example"));
    assert_eq!(key("v.ic.tim@googlemail.com"), "victim@gmail.com");
    assert_eq!(key("v.ictim+x@gmail.com"), "victim@gmail.com");
    assert_eq!(
        key("v.ictim@example.com"),
        "v.ictim@example.com",
        "dots count elsewhere"
    );
    assert_eq!(key("+tag@example.com"), "+tag@example.com");
    assert_eq!(key("\"a..b\"@example.com"), "\"a..b\"@example.com");
    assert_ne!(key("ada@example.com"), key("ada@example.org"));
    let digest = Mailbox::recipient("to", "Victim@example.com")
        .unwrap()
        .limit_digest();
    assert_eq!(
        hex::encode(digest),
        hex::encode(sha2::Sha256::digest("victim@example.com"))
    );
}

#[test]
fn language_tags_are_checked_and_normalized() {
    assert_eq!(check_language("l", "EN").unwrap(), "en");
    assert_eq!(check_language("l", "pt-br").unwrap(), "pt-BR");
    assert_eq!(check_language("l", "zh-hant-tw").unwrap(), "zh-Hant-TW");
    assert_eq!(check_language("l", "es-419").unwrap(), "es-419");
    for bad in [
        "",
        "e",
        "english",
        "en_US",
        "en--US",
        "1a",
        "en-toolongsubtag",
    ] {
        assert!(check_language("l", bad).is_err(), "{bad:?}");
    }
}

#[test]
fn languages_resolve_to_the_templates_own_text_then_the_built_in_one() {
    let mut settings = EmailSettings::default();
    let own = EmailTemplate {
        subject: "Hallo".into(),
        text_body: "{{link_url}}".into(),
        html_body: String::new(),
    };
    settings.templates.insert("de".into(), own.clone());
    assert_eq!(settings.template_for(None, "language").unwrap().0, "en");
    assert_eq!(
        settings.template_for(Some("de-AT"), "language").unwrap(),
        ("de".to_owned(), own)
    );
    assert_eq!(settings.template_for(Some("es-MX"), "l").unwrap().0, "es");
    let err = settings.template_for(Some("fr"), "language").unwrap_err();
    assert!(err.to_string().contains("available: de, en, es"), "{err}");
}

#[test]
fn templates_report_every_violation() {
    let templates = BTreeMap::from([
        (
            "fr".to_owned(),
            EmailTemplate {
                subject: "Line\nbreak".into(),
                text_body: "no link {{inquiry_fields}}".into(),
                html_body: "<p>{{template_name}}</p>".into(),
            },
        ),
        ("not a tag".to_owned(), EmailTemplate::default()),
    ]);
    let mut v = Violations::default();
    EmailSettings::check("de", &templates, &mut v);
    let Err(Error::InvalidArgument(found)) = v.into_result() else {
        panic!("expected violations")
    };
    let mut fields: Vec<&str> = found.iter().map(|f| f.field.as_str()).collect();
    fields.dedup();
    assert_eq!(
        fields,
        [
            "email_templates[fr].subject",
            "email_templates[fr].text_body",
            "email_templates[fr].html_body",
            "email_templates[fr].text_body",
            "email_templates[not a tag]",
            "default_language"
        ]
    );
}

#[test]
fn composing_fills_placeholders_and_escapes_them_in_html() {
    let template = EmailTemplate {
        subject: "Verify for {{ template_name }}".into(),
        text_body: "Go: {{link_url}} until {{expires_at}} {{unclosed".into(),
        html_body: "<a href=\"{{link_url}}\">{{template_name}}</a>".into(),
    };
    let email = compose(&template, &facts(), "en");
    assert_eq!(email.subject, "Verify for KYC <Plus>");
    assert_eq!(
        email.text,
        "Go: https://verify.example/verify?code=abc&x=<1> until 2027-01-15 08:00 UTC {{unclosed"
    );
    assert_eq!(
        email.html,
        "<a href=\"https://verify.example/verify?code=abc&amp;x=&lt;1&gt;\">KYC &lt;Plus&gt;</a>"
    );
}

#[test]
fn without_an_html_body_the_text_becomes_escaped_html_with_a_live_link() {
    let template = EmailTemplate {
        subject: "s".into(),
        text_body: "Dear <customer>,\n\nopen {{short_url}}\nnow".into(),
        html_body: String::new(),
    };
    let html = compose(&template, &facts(), "es").html;
    assert!(html.contains("<html lang=\"es\">"));
    assert!(html.contains("<p>Dear &lt;customer&gt;,</p>"));
    assert!(html.contains(
            "<p>open <a href=\"https://vl.example/v/ABCDEFGHJK\">https://vl.example/v/ABCDEFGHJK</a><br>\nnow</p>"
        ));
}

#[test]
fn the_built_in_texts_are_valid_and_name_the_link() {
    for language in ["en", "es"] {
        let template = builtin(language).unwrap();
        let mut v = Violations::default();
        template.check("t", &mut v);
        assert!(v.into_result().is_ok(), "{language}");
        let email = compose(&template, &facts(), language);
        assert!(email.text.contains(facts().url));
        assert!(email
            .html
            .contains("https://verify.example/verify?code=abc&amp;x=&lt;1&gt;"));
        assert!(!email.html.contains("{{"), "{language}");
    }
    assert_eq!(builtin("fr"), None);
}

fn ring(current: Option<&SecretString>) -> Keyring {
    Keyring {
        current: current.cloned(),
        previous: None,
    }
}

#[test]
fn queued_messages_open_only_with_their_key_and_link() {
    let message = compose(&builtin("en").unwrap(), &facts(), "en");
    let key = SecretString::new("k".repeat(32));
    let (stored, sealed) = store_message(&message, Some(&key), "otl_1").unwrap();
    assert!(sealed);
    assert!(!String::from_utf8_lossy(&stored).contains("code=abc"));
    assert_eq!(
        load_message(&stored, true, &ring(Some(&key)), "otl_1"),
        Some(message.clone())
    );
    assert_eq!(
        load_message(&stored, true, &ring(Some(&key)), "otl_2"),
        None
    );
    assert_eq!(load_message(&stored, true, &ring(None), "otl_1"), None);
    let rotated = Keyring {
        current: Some(SecretString::new("n".repeat(32))),
        previous: Some(key.clone()),
    };
    assert_eq!(
        load_message(&stored, true, &rotated, "otl_1"),
        Some(message.clone()),
        "the previous key still opens what it sealed during a rotation"
    );
    let (plain, sealed) = store_message(&message, None, "otl_1").unwrap();
    assert!(!sealed);
    assert_eq!(
        load_message(&plain, false, &ring(None), "otl_1"),
        Some(message)
    );
}

#[test]
fn retries_back_off_to_an_hour_and_stop() {
    let start = DateTime::from_timestamp(0, 0).unwrap();
    assert_eq!(
        next_attempt(start, 1, 0.5),
        Some(start + TimeDelta::seconds(30))
    );
    assert_eq!(
        next_attempt(start, 12, 0.5),
        Some(start + TimeDelta::hours(1))
    );
    assert_eq!(next_attempt(start, MAX_ATTEMPTS, 0.5), None);
}

#[test]
fn smtp_urls_follow_their_scheme_and_tls_parameter() {
    let url: SmtpUrl = "smtp://user:p%40ss@mail.example:2525".parse().unwrap();
    assert_eq!(url.security, SmtpSecurity::StartTls);
    assert_eq!((url.host.as_str(), url.port), ("mail.example", 2525));
    assert_eq!(url.username, "user");
    assert_eq!(
        url.password.as_ref().map(SecretString::expose),
        Some("p@ss")
    );
    assert!(!format!("{url:?}").contains("p@ss"));
    let implicit: SmtpUrl = "smtps://mail.example".parse().unwrap();
    assert_eq!(
        (implicit.security, implicit.port),
        (SmtpSecurity::ImplicitTls, 465)
    );
    let plain: SmtpUrl = "smtp://127.0.0.1?tls=none".parse().unwrap();
    assert_eq!((plain.security, plain.port), (SmtpSecurity::None, 25));
    let default: SmtpUrl = "smtp://mail.example".parse().unwrap();
    assert_eq!(default.port, 587);
    for bad in [
        "http://mail.example",
        "smtps://mail.example?tls=none",
        "smtp://mail.example?tls=maybe",
        "smtp://mail.example?debug=1",
        "smtp://mail.example/path",
        "smtp://:secret@/",
    ] {
        let err = bad.parse::<SmtpUrl>().unwrap_err();
        assert!(!err.contains("secret"), "{err}");
    }
}
