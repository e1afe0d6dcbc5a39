//! Creates a template and an inquiry with a one-time link, redeems it as the end user would,
//! and submits the session: the whole sandbox lifecycle. Then reads the audit log: who did
//! what to the inquiry.
//!
//! ```sh
//! VERILINK_ADDR=http://127.0.0.1:50051 VERILINK_API_KEY=vlk_sandbox_… \
//!   cargo run -p verilink-client --example quickstart
//! ```

use std::collections::HashMap;

use verilink_client::tonic::Request;
use verilink_client::{error_reason, pb, VerilinkClient};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let addr = std::env::var("VERILINK_ADDR").unwrap_or_else(|_| "http://127.0.0.1:50051".into());
    let key = std::env::var("VERILINK_API_KEY")?;
    let client = VerilinkClient::connect(addr, &key).await?;

    let template = client
        .templates()
        .create_inquiry_template(pb::CreateInquiryTemplateRequest {
            inquiry_template: Some(pb::InquiryTemplate {
                name: "Age check".into(),
                auto_approve: true,
                ..Default::default()
            }),
        })
        .await?
        .into_inner()
        .inquiry_template
        .ok_or("no template in response")?;
    println!("template {} ({})", template.id, template.name);

    // Create the inquiry and its one-time link in one call, with a request ID of our own: the
    // response carries it back, and the events the call causes record it.
    let mut request = Request::new(pb::CreateInquiryRequest {
        inquiry: Some(pb::Inquiry {
            inquiry_template_id: template.id.clone(),
            reference_id: "user-42".into(),
            tags: vec!["signup".into()],
            fields: HashMap::from([(
                "name_first".to_string(),
                pb::FieldValue {
                    value: Some(pb::field_value::Value::StringValue("Ada".into())),
                },
            )]),
            ..Default::default()
        }),
        create_one_time_link: true,
        ..Default::default()
    });
    request
        .metadata_mut()
        .insert("x-request-id", "signup-42".parse()?);
    let response = client.inquiries().create_inquiry(request).await?;
    println!("request ID {:?}", response.metadata().get("x-request-id")); // Some("signup-42")
    let created = response.into_inner();
    let inquiry = created.inquiry.ok_or("no inquiry in response")?;
    let link = created.one_time_link.ok_or("no link in response")?;
    println!("inquiry {} is {:?}", inquiry.id, inquiry.status());
    println!("send the user {} (or {})", link.url, link.short_url);

    // What the user's browser does: redeem the code, without any credential.
    let anonymous = client.with_credential("")?;
    let redeemed = anonymous
        .one_time_links()
        .redeem_one_time_link(pb::RedeemOneTimeLinkRequest {
            code: link.code.clone(),
            ..Default::default()
        })
        .await?
        .into_inner();
    let end_user = client.with_credential(&redeemed.session_token)?;
    let current = end_user
        .sessions()
        .get_current_session(pb::GetCurrentSessionRequest {})
        .await?
        .into_inner();
    println!(
        "session for a {} inquiry, status {:?}",
        current.inquiry_template_name,
        current.inquiry_status()
    );
    let submitted = end_user
        .sessions()
        .submit_session(pb::SubmitSessionRequest {
            sandbox_outcome: pb::SandboxOutcome::Pass as i32,
            ..Default::default()
        })
        .await?
        .into_inner();
    println!("after submitting: {:?}", submitted.inquiry_status());

    // Links are single-use; errors carry a google.rpc.ErrorInfo reason.
    let again = anonymous
        .one_time_links()
        .redeem_one_time_link(pb::RedeemOneTimeLinkRequest {
            code: link.code,
            ..Default::default()
        })
        .await
        .expect_err("a link works once");
    println!(
        "redeeming again: {:?} {:?}",
        again.code(),
        error_reason(&again)
    );

    // The audit log: the inquiry's events, newest first, each with who caused it. Here only
    // those of API keys (the end user's are ACTOR_KIND_END_USER).
    let audit = client
        .audit()
        .list_audit_events(pb::ListAuditEventsRequest {
            inquiry_id: inquiry.id.clone(),
            actor_kind: pb::ActorKind::ApiKey as i32,
            ..Default::default()
        })
        .await?
        .into_inner();
    for event in &audit.events {
        let actor = event.actor.clone().unwrap_or_default();
        // e.g. "inquiry.created by bootstrap (key_…), request signup-42"
        println!(
            "{} by {} ({}), request {}",
            event.name, actor.display_name, actor.id, actor.request_id
        );
    }

    Ok(())
}
