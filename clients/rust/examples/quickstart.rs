//! Creates a template and an inquiry, then drives it through the sandbox lifecycle.
//!
//! ```sh
//! VERILINK_ADDR=http://127.0.0.1:50051 VERILINK_API_KEY=vlk_sandbox_… \
//!   cargo run -p verilink-client --example quickstart
//! ```

use std::collections::HashMap;

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

    let inquiry = client
        .inquiries()
        .create_inquiry(pb::CreateInquiryRequest {
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
            create_one_time_link: false,
        })
        .await?
        .into_inner()
        .inquiry
        .ok_or("no inquiry in response")?;
    println!("inquiry {} is {:?}", inquiry.id, inquiry.status());

    for action in [
        pb::SimulatedInquiryAction::Start,
        pb::SimulatedInquiryAction::Complete,
    ] {
        let inquiry = client
            .inquiries()
            .simulate_inquiry_action(pb::SimulateInquiryActionRequest {
                id: inquiry.id.clone(),
                action: action as i32,
            })
            .await?
            .into_inner()
            .inquiry
            .ok_or("no inquiry in response")?;
        println!("after {action:?}: {:?}", inquiry.status());
    }

    // Errors carry a google.rpc.ErrorInfo reason.
    let err = client
        .inquiries()
        .approve_inquiry(pb::ApproveInquiryRequest {
            id: inquiry.id,
            comment: String::new(),
        })
        .await
        .expect_err("an approved inquiry cannot be approved again");
    println!(
        "approving again: {:?} {:?}: {}",
        err.code(),
        error_reason(&err),
        err.message()
    );
    Ok(())
}
