//! Emailed one-time links, sent through a real SMTP server on loopback (`smtp::SmtpSink`) by
//! the mailer, driven by hand.

use std::collections::HashMap;
use std::time::Duration;

use chrono::TimeDelta;
use diesel::RunQueryDsl;
use tonic::{Code, Status};
use verilink_client::{pb, VerilinkClient};

use crate::common::{
    assert_error, create_inquiry, event_names, export_inquiry, generate_link, links_of, redeem,
    violated_fields, Limits, TestServer, PATIENCE,
};
use crate::receiver::Receiver;
use crate::smtp::{Mode, SmtpSink};

async fn email_link(
    client: &VerilinkClient,
    inquiry_id: &str,
    to: &str,
    language: &str,
) -> Result<pb::GenerateOneTimeLinkResponse, Status> {
    client
        .one_time_links()
        .generate_one_time_link(pb::GenerateOneTimeLinkRequest {
            inquiry_id: inquiry_id.into(),
            recipient_email: to.into(),
            language: language.into(),
            ..Default::default()
        })
        .await
        .map(tonic::Response::into_inner)
}

async fn get_link(client: &VerilinkClient, id: &str) -> pb::OneTimeLink {
    client
        .one_time_links()
        .get_one_time_link(pb::GetOneTimeLinkRequest { id: id.into() })
        .await
        .expect("get link")
        .into_inner()
        .one_time_link
        .expect("link")
}

fn delivery(link: &pb::OneTimeLink) -> pb::OneTimeLinkEmailDelivery {
    link.email_delivery.clone().expect("an email delivery")
}

fn status(link: &pb::OneTimeLink) -> pb::EmailDeliveryStatus {
    pb::EmailDeliveryStatus::try_from(delivery(link).status).expect("known status")
}

/// The long code in a link URL found in `text`.
fn code_in(text: &str) -> String {
    let (_, rest) = text.split_once("?code=").expect("a link URL in the text");
    rest.chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect()
}

/// Rows of a table holding `needle` anywhere (as text), read straight from the database.
async fn rows_holding(server: &TestServer, table: &str, needle: &str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let url = server.db.url.clone();
    let sql = format!("SELECT count(*) AS n FROM {table} t WHERE t::text ILIKE $1");
    let pattern = format!("%{needle}%");
    tokio::task::spawn_blocking(move || {
        use diesel::Connection;
        let mut conn = diesel::PgConnection::establish(&url).expect("connect");
        diesel::sql_query(sql)
            .bind::<diesel::sql_types::Text, _>(pattern)
            .get_result::<Count>(&mut conn)
            .expect("count")
            .n
    })
    .await
    .expect("count task")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_emailed_link_arrives_in_both_parts_and_its_code_redeems() {
    let sink = SmtpSink::start().await;
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let inquiry = create_inquiry(&client, &org.sandbox_template, "user-1").await;
    let generated = email_link(&client, &inquiry.id, "Ada.Lovelace@Example.COM", "")
        .await
        .expect("generate with email");
    let link = generated.one_time_link.clone().expect("link");
    let queued = delivery(&link);
    assert_eq!(queued.recipient, "Ada.Lovelace@example.com");
    assert_eq!(queued.language, "en");
    assert_eq!(status(&link), pb::EmailDeliveryStatus::Queued);
    assert_eq!(queued.attempt_count, 0);
    assert!(queued.queue_time.is_some() && queued.send_time.is_none());
    assert_eq!(
        rows_holding(&server, "email_outbox", &generated.code).await,
        0,
        "the queued message is sealed"
    );

    let mailer = server.mailer(&sink.url());
    assert_eq!(mailer.run_once().await.expect("mailer pass"), 1);
    let received = sink.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].from, "no-reply@verify.example");
    assert_eq!(received[0].to, ["Ada.Lovelace@example.com"]);
    let letter = received[0].letter();
    assert_eq!(letter.to, "Ada.Lovelace@example.com");
    assert_eq!(letter.from, "no-reply@verify.example");
    assert_eq!(letter.subject, "Your verification link");
    assert_eq!(letter.layout, "multipart/alternative");
    assert!(letter.text.contains(&generated.url), "{}", letter.text);
    assert!(letter.text.contains("(KYC)"), "the template's name");
    assert!(letter.html.contains(&format!("href=\"{}\"", generated.url)));
    assert!(letter.html.contains("<html lang=\"en\">"));
    assert!(
        !letter.text.contains("user-1"),
        "nothing else of the inquiry"
    );
    let code = code_in(&letter.text);
    assert_eq!(code, generated.code);

    let sent = get_link(&client, &link.id).await;
    assert_eq!(status(&sent), pb::EmailDeliveryStatus::Sent);
    assert_eq!(delivery(&sent).attempt_count, 1);
    assert!(delivery(&sent).send_time.is_some());
    assert_eq!(rows_holding(&server, "email_outbox", "").await, 0);
    let names = event_names(&server, &inquiry.id).await;
    assert_eq!(
        names.iter().filter(|n| *n == "one-time-link.sent").count(),
        1
    );

    let session = redeem(&server.addr, &code).await.expect("the emailed code");
    assert_eq!(session.session.expect("session").one_time_link_id, link.id);
    assert_eq!(mailer.run_once().await.expect("pass"), 0);
    assert_eq!(sink.received().len(), 1, "sent once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn templates_say_what_the_email_says_per_language() {
    let sink = SmtpSink::start().await;
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let german = pb::EmailTemplate {
        subject: "Ihre Prüfung für {{template_name}}".into(),
        text_body: "Bitte öffnen: {{link_url}} (gültig bis {{expires_at}})".into(),
        html_body: "<p>{{template_name}}: <a href=\"{{short_url}}\">weiter</a></p>".into(),
    };
    let bad = client
        .templates()
        .create_inquiry_template(pb::CreateInquiryTemplateRequest {
            inquiry_template: Some(pb::InquiryTemplate {
                name: "Bad".into(),
                email_templates: HashMap::from([(
                    "fr".to_owned(),
                    pb::EmailTemplate {
                        subject: "Bonjour {{reference_id}}".into(),
                        text_body: "pas de lien".into(),
                        ..Default::default()
                    },
                )]),
                default_language: "it".into(),
                ..Default::default()
            }),
        })
        .await;
    assert_eq!(
        violated_fields(bad),
        [
            "email_templates[fr].text_body",
            "email_templates[fr].subject",
            "default_language"
        ]
    );
    let template = client
        .templates()
        .create_inquiry_template(pb::CreateInquiryTemplateRequest {
            inquiry_template: Some(pb::InquiryTemplate {
                name: "Alter & <Identität>".into(),
                email_templates: HashMap::from([("DE".to_owned(), german)]),
                default_language: "de".into(),
                ..Default::default()
            }),
        })
        .await
        .expect("template")
        .into_inner()
        .inquiry_template
        .expect("template");
    assert_eq!(template.default_language, "de");
    assert_eq!(
        template.email_templates.keys().collect::<Vec<_>>(),
        ["de"],
        "only its own texts, tags normalized"
    );
    let inquiry = create_inquiry(&client, &template.id, "user-2").await;
    let german_link = email_link(&client, &inquiry.id, "ada@example.com", "")
        .await
        .expect("default language");
    assert_eq!(
        delivery(german_link.one_time_link.as_ref().expect("link")).language,
        "de"
    );
    let mailer = server.mailer(&sink.url());
    mailer.run_once().await.expect("pass");
    let letter = sink.received()[0].letter();
    assert_eq!(letter.subject, "Ihre Prüfung für Alter & <Identität>");
    assert!(letter.text.contains(&german_link.url));
    assert_eq!(
        letter.html,
        format!(
            "<p>Alter &amp; &lt;Identität&gt;: <a href=\"{}\">weiter</a></p>",
            german_link.short_url
        )
    );

    let spanish = email_link(&client, &inquiry.id, "ada@example.com", "es-mx")
        .await
        .expect("built-in Spanish");
    assert_eq!(
        delivery(spanish.one_time_link.as_ref().expect("link")).language,
        "es"
    );
    mailer.run_once().await.expect("pass");
    let letter = sink.received()[1].letter();
    assert_eq!(letter.subject, "Tu enlace de verificación");
    assert!(letter.text.contains(&spanish.url) && letter.html.contains("lang=\"es\""));
    assert!(letter.text.contains("Alter & <Identität>"));
    assert!(letter.html.contains("Alter &amp; &lt;Identität&gt;"));

    let unknown = email_link(&client, &inquiry.id, "ada@example.com", "fr").await;
    assert_eq!(violated_fields(unknown), ["language"]);
    let orphaned_default = client
        .templates()
        .update_inquiry_template(pb::UpdateInquiryTemplateRequest {
            inquiry_template: Some(pb::InquiryTemplate {
                id: template.id.clone(),
                ..Default::default()
            }),
            update_mask: Some(prost_types::FieldMask {
                paths: vec!["email_templates".into()],
            }),
        })
        .await;
    assert_eq!(violated_fields(orphaned_default), ["default_language"]);
    client
        .templates()
        .update_inquiry_template(pb::UpdateInquiryTemplateRequest {
            inquiry_template: Some(pb::InquiryTemplate {
                id: template.id.clone(),
                ..Default::default()
            }),
            update_mask: Some(prost_types::FieldMask {
                paths: vec!["email_templates".into(), "default_language".into()],
            }),
        })
        .await
        .expect("back to the built-in texts");
    let resent = client
        .one_time_links()
        .resend_one_time_link(pb::ResendOneTimeLinkRequest {
            id: german_link.one_time_link.expect("link").id,
            ..Default::default()
        })
        .await
        .expect("resend")
        .into_inner()
        .one_time_link
        .expect("link");
    assert_eq!(
        delivery(&resent).language,
        "en",
        "German is gone: the default applies"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_for_email_are_validated_and_refused_without_smtp() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let inquiry = create_inquiry(&client, &org.sandbox_template, "user-3").await;
    for bad in [
        "ada",
        "Ada <ada@example.com>",
        "ada@example.com\r\nBcc: x@y.z",
    ] {
        let result = email_link(&client, &inquiry.id, bad, "").await;
        assert_eq!(violated_fields(result), ["recipient_email"], "{bad:?}");
    }
    let no_recipient = email_link(&client, &inquiry.id, "", "es").await;
    assert_eq!(violated_fields(no_recipient), ["language"]);
    let not_a_tag = email_link(&client, &inquiry.id, "ada@example.com", "español").await;
    assert_eq!(violated_fields(not_a_tag), ["language"]);
    let without_link = client
        .inquiries()
        .create_inquiry(pb::CreateInquiryRequest {
            inquiry: Some(pb::Inquiry {
                inquiry_template_id: org.sandbox_template.clone(),
                ..Default::default()
            }),
            one_time_link_recipient_email: "ada@example.com".into(),
            ..Default::default()
        })
        .await;
    assert_eq!(
        violated_fields(without_link),
        ["one_time_link_recipient_email"]
    );

    let no_smtp = TestServer::start_limited(Limits {
        email: false,
        ..Limits::default()
    })
    .await;
    let org = no_smtp.org("acme").await;
    let client = no_smtp.client(&org.sandbox_key).await;
    let inquiry = create_inquiry(&client, &org.sandbox_template, "user-3").await;
    assert_error(
        email_link(&client, &inquiry.id, "ada@example.com", "").await,
        Code::FailedPrecondition,
        "EMAIL_NOT_CONFIGURED",
    );
    let links = links_of(&client, &inquiry.id).await;
    assert!(links.is_empty(), "nothing was generated");
    let plain = generate_link(&client, &inquiry.id).await;
    assert!(plain.one_time_link.expect("link").email_delivery.is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_smtp_outage_then_recovery_delivers_every_queued_email_exactly_once() {
    let sink = SmtpSink::start().await;
    sink.set_mode(Mode::Down);
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let mut expected = Vec::new();
    for i in 0..3 {
        let inquiry = create_inquiry(&client, &org.sandbox_template, &format!("u{i}")).await;
        let to = format!("person{i}@example.com");
        let generated = email_link(&client, &inquiry.id, &to, "")
            .await
            .expect("queued");
        expected.push((to, generated));
    }
    let created = client
        .inquiries()
        .create_inquiry(pb::CreateInquiryRequest {
            inquiry: Some(pb::Inquiry {
                inquiry_template_id: org.sandbox_template.clone(),
                ..Default::default()
            }),
            create_one_time_link: true,
            one_time_link_recipient_email: "person3@example.com".into(),
            one_time_link_language: "es".into(),
        })
        .await
        .expect("create with an emailed link")
        .into_inner()
        .one_time_link
        .expect("link");
    expected.push(("person3@example.com".into(), created));
    let mailer = server.mailer(&sink.url());

    assert_eq!(mailer.run_once().await.expect("pass"), 4);
    assert!(sink.received().is_empty());
    for (_, generated) in &expected {
        let link = get_link(&client, &generated.one_time_link.as_ref().expect("l").id).await;
        assert_eq!(status(&link), pb::EmailDeliveryStatus::Queued);
        assert_eq!(delivery(&link).attempt_count, 1);
        assert!(!delivery(&link).last_error.is_empty());
    }
    assert_eq!(mailer.run_once().await.expect("pass"), 0, "not due yet");

    sink.set_mode(Mode::Temporary);
    server.clock.advance(TimeDelta::seconds(40));
    assert_eq!(mailer.run_once().await.expect("pass"), 4);
    let link = get_link(
        &client,
        &expected[0].1.one_time_link.as_ref().expect("l").id,
    )
    .await;
    assert_eq!(delivery(&link).attempt_count, 2);
    assert!(delivery(&link).last_error.contains("451"), "{link:?}");

    sink.set_mode(Mode::Accept);
    server.clock.advance(TimeDelta::minutes(2));
    assert_eq!(mailer.run_once().await.expect("pass"), 4);
    server.clock.advance(TimeDelta::hours(1));
    assert_eq!(mailer.run_once().await.expect("pass"), 0);
    let received = sink.received();
    assert_eq!(received.len(), 4, "each exactly once");
    for (to, generated) in &expected {
        let mine: Vec<_> = received.iter().filter(|r| r.to == [to.clone()]).collect();
        assert_eq!(mine.len(), 1, "{to}");
        assert_eq!(code_in(&mine[0].letter().text), generated.code);
        let link = get_link(&client, &generated.one_time_link.as_ref().expect("l").id).await;
        assert_eq!(status(&link), pb::EmailDeliveryStatus::Sent);
        assert_eq!(delivery(&link).attempt_count, 3);
        assert!(delivery(&link).last_error.is_empty());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mailers_on_two_replicas_send_each_email_once() {
    let sink = SmtpSink::start().await;
    let server = TestServer::start().await;
    let replica = server.replica(Limits::default()).await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    for i in 0..12 {
        let inquiry = create_inquiry(&client, &org.sandbox_template, &format!("u{i}")).await;
        email_link(&client, &inquiry.id, &format!("p{i}@example.com"), "")
            .await
            .expect("queued");
    }
    let (one, two) = (server.mailer(&sink.url()), replica.mailer(&sink.url()));
    let (a, b) = tokio::join!(one.run_once(), two.run_once());
    assert_eq!(a.expect("pass") + b.expect("pass"), 12);
    let mut recipients: Vec<String> = sink.received().into_iter().flat_map(|r| r.to).collect();
    recipients.sort();
    recipients.dedup();
    assert_eq!((sink.received().len(), recipients.len()), (12, 12));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_permanent_rejection_marks_the_delivery_failed_and_emits_the_event() {
    let sink = SmtpSink::start().await;
    sink.set_mode(Mode::Permanent);
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let receiver = Receiver::default();
    let url = receiver.serve().await;
    client
        .webhooks()
        .create_webhook(pb::CreateWebhookRequest {
            webhook: Some(pb::Webhook {
                url,
                enabled_events: vec!["one-time-link.delivery-failed".into()],
                ..Default::default()
            }),
        })
        .await
        .expect("webhook");
    let inquiry = create_inquiry(&client, &org.sandbox_template, "user-4").await;
    let mut events = client
        .inquiries()
        .watch_inquiry(pb::WatchInquiryRequest {
            inquiry_id: inquiry.id.clone(),
            after_event_id: String::new(),
        })
        .await
        .expect("watch")
        .into_inner();
    let generated = email_link(&client, &inquiry.id, "nobody@example.com", "")
        .await
        .expect("queued");
    let id = generated.one_time_link.expect("link").id;
    assert_eq!(
        server.mailer(&sink.url()).run_once().await.expect("pass"),
        1
    );

    let link = get_link(&client, &id).await;
    assert_eq!(status(&link), pb::EmailDeliveryStatus::Failed);
    assert_eq!(delivery(&link).attempt_count, 1);
    assert!(delivery(&link).last_error.contains("550"), "{link:?}");
    assert!(delivery(&link).end_time.is_some());
    assert_eq!(
        pb::OneTimeLinkStatus::try_from(link.status),
        Ok(pb::OneTimeLinkStatus::Pending),
        "the link itself still works"
    );
    assert_eq!(rows_holding(&server, "email_outbox", "").await, 0);
    assert!(sink.received().is_empty());

    let failed = loop {
        let event = tokio::time::timeout(PATIENCE, events.message())
            .await
            .expect("an event")
            .expect("stream ok")
            .expect("stream open")
            .event
            .expect("event");
        if event.name == "one-time-link.delivery-failed" {
            break event;
        }
    };
    let data = failed.data.expect("snapshot");
    assert_eq!(
        data.fields.get("id").and_then(|v| v.kind.clone()),
        Some(prost_types::value::Kind::StringValue(id.clone()))
    );
    assert_eq!(server.dispatcher().run_once().await.expect("dispatch"), 1);
    let body: serde_json::Value =
        serde_json::from_slice(&receiver.received()[0].body).expect("JSON");
    assert_eq!(body["type"], "one-time-link.delivery-failed");
    let sent = &body["data"]["object"]["emailDelivery"];
    assert_eq!(sent["status"], "EMAIL_DELIVERY_STATUS_FAILED");
    assert_eq!(sent["recipient"], "nobody@example.com");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hourly_limits_answer_resource_exhausted_with_retry_info() {
    let server = TestServer::start_limited(Limits {
        emails_per_recipient_per_hour: 3,
        emails_per_key_per_hour: 5,
        ..Limits::default()
    })
    .await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let inquiry = create_inquiry(&client, &org.sandbox_template, "user-5").await;
    for to in ["ada@example.com", "ADA@example.com", "ada@EXAMPLE.com"] {
        email_link(&client, &inquiry.id, to, "")
            .await
            .expect("within the limit");
        server.clock.advance(TimeDelta::minutes(10));
    }
    let refused = email_link(&client, &inquiry.id, "Ada@example.com", "").await;
    let status = assert_error(refused, Code::ResourceExhausted, "EMAIL_RECIPIENT_LIMIT");
    use verilink_client::tonic_types::StatusExt;
    let wait = status
        .get_details_retry_info()
        .and_then(|r| r.retry_delay)
        .expect("RetryInfo");
    assert_eq!(
        wait,
        Duration::from_secs(30 * 60),
        "until the first leaves the hour"
    );
    let links = links_of(&client, &inquiry.id).await;
    assert_eq!(links.len(), 3, "the refused call generated nothing");
    assert_eq!(
        pb::OneTimeLinkStatus::try_from(links[0].status),
        Ok(pb::OneTimeLinkStatus::Pending),
        "and revoked nothing"
    );

    email_link(&client, &inquiry.id, "grace@example.com", "")
        .await
        .expect("another address");
    email_link(&client, &inquiry.id, "alan@example.com", "")
        .await
        .expect("fifth of the key");
    assert_error(
        email_link(&client, &inquiry.id, "edsger@example.com", "").await,
        Code::ResourceExhausted,
        "EMAIL_KEY_LIMIT",
    );
    server.clock.advance(TimeDelta::minutes(31));
    email_link(&client, &inquiry.id, "ada@example.com", "")
        .await
        .expect("an hour later");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resend_emails_a_fresh_link_and_revokes_the_earlier_one() {
    let sink = SmtpSink::start().await;
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let mailer = server.mailer(&sink.url());
    let inquiry = create_inquiry(&client, &org.sandbox_template, "user-6").await;
    let first = email_link(&client, &inquiry.id, "ada@example.com", "es")
        .await
        .expect("first");
    let first_id = first.one_time_link.expect("link").id;
    mailer.run_once().await.expect("pass");

    let resend = |id: String, to: &str| {
        let (client, to) = (client.clone(), to.to_owned());
        async move {
            client
                .one_time_links()
                .resend_one_time_link(pb::ResendOneTimeLinkRequest {
                    id,
                    recipient_email: to,
                    ..Default::default()
                })
                .await
                .map(|r| r.into_inner().one_time_link.expect("link"))
        }
    };
    let second = resend(first_id.clone(), "")
        .await
        .expect("to the same address");
    assert_eq!(delivery(&second).recipient, "ada@example.com");
    assert_eq!(delivery(&second).language, "es", "as before");
    assert_eq!(status(&second), pb::EmailDeliveryStatus::Queued);
    let earlier = get_link(&client, &first_id).await;
    assert_eq!(
        pb::OneTimeLinkStatus::try_from(earlier.status),
        Ok(pb::OneTimeLinkStatus::Revoked)
    );
    let third = resend(second.id.clone(), "grace@example.com")
        .await
        .expect("to a new address");
    assert_eq!(mailer.run_once().await.expect("pass"), 2);
    assert_eq!(
        status(&get_link(&client, &second.id).await),
        pb::EmailDeliveryStatus::Canceled,
        "a revoked link's email is not sent"
    );
    let received = sink.received();
    assert_eq!(received.len(), 2);
    assert_eq!(received[1].to, ["grace@example.com"]);
    let letter = received[1].letter();
    assert_eq!(letter.subject, "Tu enlace de verificación");
    assert_error(
        redeem(&server.addr, &code_in(&received[0].letter().text)).await,
        Code::FailedPrecondition,
        "LINK_REVOKED",
    );
    let session = redeem(&server.addr, &code_in(&letter.text))
        .await
        .expect("the resent code");
    assert_eq!(session.session.expect("session").one_time_link_id, third.id);

    let other = create_inquiry(&client, &org.sandbox_template, "user-7").await;
    let plain = generate_link(&client, &other.id).await;
    let nowhere = resend(plain.one_time_link.expect("link").id, "").await;
    assert_eq!(violated_fields(nowhere), ["recipient_email"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_includes_the_address_and_redaction_wipes_it_everywhere() {
    let sink = SmtpSink::start().await;
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let mailer = server.mailer(&sink.url());
    let inquiry = create_inquiry(&client, &org.sandbox_template, "user-8").await;
    let sent = email_link(&client, &inquiry.id, "ada@example.com", "")
        .await
        .expect("first");
    mailer.run_once().await.expect("pass");
    sink.set_mode(Mode::Down);
    let queued = email_link(&client, &inquiry.id, "ada@example.com", "")
        .await
        .expect("second");
    mailer.run_once().await.expect("pass");
    let document = export_inquiry(&client, &inquiry.id).await;
    let json: serde_json::Value = serde_json::from_str(&document).expect("JSON");
    assert_eq!(
        json["oneTimeLinks"][0]["emailDelivery"]["recipient"],
        "ada@example.com"
    );
    assert!(!document.contains(&sent.code) && !document.contains(&queued.code));
    assert!(rows_holding(&server, "events", "ada@example.com").await > 0);

    client
        .inquiries()
        .redact_inquiry(pb::RedactInquiryRequest {
            id: inquiry.id.clone(),
        })
        .await
        .expect("redact");
    for table in ["one_time_links", "events", "email_outbox"] {
        assert_eq!(
            rows_holding(&server, table, "ada@example.com").await,
            0,
            "{table}"
        );
    }
    assert_eq!(rows_holding(&server, "email_outbox", "").await, 0);
    let canceled = get_link(&client, &queued.one_time_link.expect("link").id).await;
    assert_eq!(status(&canceled), pb::EmailDeliveryStatus::Canceled);
    assert_eq!(delivery(&canceled).recipient, "");
    assert_eq!(delivery(&canceled).last_error, "");
    assert!(!export_inquiry(&client, &inquiry.id)
        .await
        .contains("ada@example.com"));
    sink.set_mode(Mode::Accept);
    server.clock.advance(TimeDelta::hours(1));
    assert_eq!(mailer.run_once().await.expect("pass"), 0);
    assert_eq!(sink.received().len(), 1, "only the email sent before");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replayed_request_queues_no_second_email() {
    let sink = SmtpSink::start().await;
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let inquiry = create_inquiry(&client, &org.sandbox_template, "user-9").await;
    let request = || {
        verilink_client::idempotent(
            pb::GenerateOneTimeLinkRequest {
                inquiry_id: inquiry.id.clone(),
                recipient_email: "ada@example.com".into(),
                ..Default::default()
            },
            "email-ada",
        )
        .expect("key")
    };
    let first = client
        .one_time_links()
        .generate_one_time_link(request())
        .await
        .expect("first")
        .into_inner();
    let again = client
        .one_time_links()
        .generate_one_time_link(request())
        .await
        .expect("replay")
        .into_inner();
    assert_eq!(again, first);
    let other_language = client
        .one_time_links()
        .generate_one_time_link(
            verilink_client::idempotent(
                pb::GenerateOneTimeLinkRequest {
                    inquiry_id: inquiry.id.clone(),
                    recipient_email: "ada@example.com".into(),
                    language: "es".into(),
                    ..Default::default()
                },
                "email-ada",
            )
            .expect("key"),
        )
        .await;
    assert_error(
        other_language,
        Code::InvalidArgument,
        "IDEMPOTENCY_KEY_REUSED",
    );
    assert_eq!(
        server.mailer(&sink.url()).run_once().await.expect("pass"),
        1
    );
    assert_eq!(sink.received().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_that_expires_while_its_email_waits_fails_the_delivery() {
    let sink = SmtpSink::start().await;
    sink.set_mode(Mode::Down);
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let inquiry = create_inquiry(&client, &org.sandbox_template, "user-10").await;
    let generated = client
        .one_time_links()
        .generate_one_time_link(pb::GenerateOneTimeLinkRequest {
            inquiry_id: inquiry.id.clone(),
            expires_in: crate::common::duration(60),
            recipient_email: "ada@example.com".into(),
            ..Default::default()
        })
        .await
        .expect("queued")
        .into_inner();
    let mailer = server.mailer(&sink.url());
    mailer.run_once().await.expect("pass");
    sink.set_mode(Mode::Accept);
    server.clock.advance(TimeDelta::minutes(2));
    assert_eq!(mailer.run_once().await.expect("pass"), 1);
    assert!(sink.received().is_empty(), "a dead link is not sent");
    let link = get_link(&client, &generated.one_time_link.expect("link").id).await;
    assert_eq!(status(&link), pb::EmailDeliveryStatus::Failed);
    assert_eq!(delivery(&link).attempt_count, 1);
    assert!(
        delivery(&link)
            .last_error
            .starts_with("the link expired before its email could be sent; last error: "),
        "{link:?}"
    );
    let names = event_names(&server, &inquiry.id).await;
    assert!(names.contains(&"one-time-link.delivery-failed".to_owned()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_text_smtp_is_used_only_when_asked_for() {
    let sink = SmtpSink::start().await;
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let inquiry = create_inquiry(&client, &org.sandbox_template, "user-11").await;
    let generated = email_link(&client, &inquiry.id, "ada@example.com", "")
        .await
        .expect("queued");
    // The sink offers no STARTTLS: without `?tls=none` nothing is sent in plain text.
    let demanding_tls = server.mailer(&format!("smtp://{}", sink.addr));
    assert_eq!(demanding_tls.run_once().await.expect("pass"), 1);
    assert!(sink.received().is_empty());
    let link = get_link(&client, &generated.one_time_link.expect("link").id).await;
    assert_eq!(
        status(&link),
        pb::EmailDeliveryStatus::Queued,
        "retried later"
    );
    assert!(
        delivery(&link).last_error.to_lowercase().contains("tls"),
        "{link:?}"
    );
    server.clock.advance(TimeDelta::minutes(1));
    assert_eq!(
        server.mailer(&sink.url()).run_once().await.expect("pass"),
        1
    );
    assert_eq!(sink.received().len(), 1);
}
