//! Who an email goes to: every spelling of one mailbox is one recipient — for the hourly limit
//! and for the SMTP envelope — and addresses that cannot be a public mailbox are refused when
//! the email is asked for.

use tonic::Code;
use verilink_client::{pb, VerilinkClient};

use crate::common::{assert_error, create_inquiry, links_of, violated_fields, Limits, TestServer};
use crate::smtp::SmtpSink;

/// Emails a new link of inquiry `inquiry_id` to `to`.
async fn email_to(
    client: &VerilinkClient,
    inquiry_id: &str,
    to: &str,
) -> Result<pb::OneTimeLink, tonic::Status> {
    client
        .one_time_links()
        .generate_one_time_link(pb::GenerateOneTimeLinkRequest {
            inquiry_id: inquiry_id.into(),
            recipient_email: to.into(),
            ..Default::default()
        })
        .await
        .map(|r| r.into_inner().one_time_link.expect("link"))
}

/// Emails a link of a new inquiry to `to`.
async fn email_new_inquiry(
    client: &VerilinkClient,
    template: &str,
    to: &str,
) -> Result<pb::OneTimeLink, tonic::Status> {
    let inquiry = create_inquiry(client, template, "user-r").await;
    email_to(client, &inquiry.id, to).await
}

fn recipient(link: &pb::OneTimeLink) -> String {
    link.email_delivery.clone().expect("delivery").recipient
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_spelling_of_one_mailbox_counts_once_against_its_limit_across_tenants() {
    let sink = SmtpSink::start().await;
    let server = TestServer::start_limited(Limits {
        emails_per_recipient_per_hour: 4,
        ..Limits::default()
    })
    .await;
    let (acme, globex) = (server.org("acme").await, server.org("globex").await);
    let tenants = [
        (
            server.client(&acme.sandbox_key).await,
            acme.sandbox_template,
        ),
        (
            server.client(&globex.sandbox_key).await,
            globex.sandbox_template,
        ),
    ];
    let groups = [
        (
            [
                "\"victim\"@example.com",
                "\"v\\ictim\"@example.com",
                "Victim@EXAMPLE.com",
                "victim+news@example.com",
            ],
            [
                "victim@example.com",
                "victim@example.com",
                "Victim@example.com",
                "victim+news@example.com",
            ],
            "victim@example.com",
        ),
        (
            [
                "ada@bücher.example",
                "ada@xn--bcher-kva.example",
                "ada@BÜCHER.example",
                "\"ada\"@XN--BCHER-KVA.example",
            ],
            ["ada@xn--bcher-kva.example"; 4],
            "ada@Bücher.example",
        ),
    ];
    let mut sent_to = Vec::new();
    for (spellings, canonical, another) in groups {
        for (n, (to, written)) in spellings.iter().zip(canonical).enumerate() {
            let (client, template) = &tenants[n % 2];
            let link = email_new_inquiry(client, template, to).await.expect(to);
            assert_eq!(recipient(&link), written, "{to}");
            sent_to.push(written.to_owned());
        }
        for (client, template) in &tenants {
            assert_error(
                email_new_inquiry(client, template, another).await,
                Code::ResourceExhausted,
                "EMAIL_RECIPIENT_LIMIT",
            );
        }
    }

    let mailer = server.mailer(&sink.url());
    assert_eq!(mailer.run_once().await.expect("mailer pass"), 8);
    let mut envelopes: Vec<String> = sink.received().into_iter().flat_map(|r| r.to).collect();
    envelopes.sort();
    sent_to.sort();
    assert_eq!(envelopes, sent_to, "each sent to its canonical address");

    // Redacting the inquiries empties their addresses, not the person's hour.
    let (client, template) = &tenants[0];
    let listed = client
        .inquiries()
        .list_inquiries(pb::ListInquiriesRequest::default())
        .await
        .expect("list")
        .into_inner()
        .inquiries;
    for inquiry in listed {
        client
            .inquiries()
            .redact_inquiry(pb::RedactInquiryRequest { id: inquiry.id })
            .await
            .expect("redact");
    }
    assert_error(
        email_new_inquiry(client, template, "victim@example.com").await,
        Code::ResourceExhausted,
        "EMAIL_RECIPIENT_LIMIT",
    );
    email_new_inquiry(client, template, "victim@example.org")
        .await
        .expect("another mailbox");
}

/// Addresses Verilink never sends to.
const NOT_PUBLIC: [&str; 8] = [
    "root@localhost",
    "root@mail.localhost",
    "root@[127.0.0.1]",
    "root@[IPv6:::1]",
    "root@10.0.0.1",
    "root@mailhost",
    "root@printer.local",
    "root@db.internal",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn addresses_at_private_names_and_ip_literals_are_refused_when_asked_for() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let inquiry = create_inquiry(&client, &org.sandbox_template, "user-p").await;
    let sent = email_to(&client, &inquiry.id, "ada@example.com")
        .await
        .expect("a public address");
    for to in NOT_PUBLIC {
        let generated = email_to(&client, &inquiry.id, to).await;
        assert_eq!(violated_fields(generated), ["recipient_email"], "{to}");
        let created = client
            .inquiries()
            .create_inquiry(pb::CreateInquiryRequest {
                inquiry: Some(pb::Inquiry {
                    inquiry_template_id: org.sandbox_template.clone(),
                    ..Default::default()
                }),
                create_one_time_link: true,
                one_time_link_recipient_email: to.into(),
                ..Default::default()
            })
            .await;
        assert_eq!(
            violated_fields(created),
            ["one_time_link_recipient_email"],
            "{to}"
        );
        let resent = client
            .one_time_links()
            .resend_one_time_link(pb::ResendOneTimeLinkRequest {
                id: sent.id.clone(),
                recipient_email: to.into(),
                ..Default::default()
            })
            .await;
        assert_eq!(violated_fields(resent), ["recipient_email"], "{to}");
    }
    let links = links_of(&client, &inquiry.id).await;
    assert_eq!(links.len(), 1, "no refused request generated a link");
    assert_eq!(
        pb::OneTimeLinkStatus::try_from(links[0].status),
        Ok(pb::OneTimeLinkStatus::Pending),
        "nor revoked one"
    );

    let rest = reqwest::Client::new()
        .post(format!(
            "{}/v1/inquiries/{}/oneTimeLinks",
            server.http, inquiry.id
        ))
        .bearer_auth(&org.sandbox_key)
        .header("content-type", "application/json")
        .body(r#"{"recipientEmail": "root@localhost"}"#)
        .send()
        .await
        .expect("REST");
    assert_eq!(rest.status(), 400);
    let body: serde_json::Value =
        serde_json::from_str(&rest.text().await.expect("body")).expect("JSON");
    assert_eq!(body["error"]["status"], "INVALID_ARGUMENT", "{body}");
    assert!(body.to_string().contains("recipient_email"), "{body}");
}
