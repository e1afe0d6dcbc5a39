use std::collections::HashMap;

use chrono::TimeDelta;
use tonic::Code;
use verilink_client::{pb, VerilinkClient};

use crate::common::{
    assert_error, create_inquiry, duration, event_names, get_inquiry, string_field,
    violated_fields, ClockExt, TestServer,
};

fn field(value: pb::field_value::Value) -> pb::FieldValue {
    pb::FieldValue { value: Some(value) }
}

async fn simulate(
    client: &VerilinkClient,
    id: &str,
    action: pb::SimulatedInquiryAction,
) -> Result<pb::Inquiry, tonic::Status> {
    client
        .inquiries()
        .simulate_inquiry_action(pb::SimulateInquiryActionRequest {
            id: id.into(),
            action: action as i32,
        })
        .await
        .map(|r| r.into_inner().inquiry.expect("inquiry"))
}

fn status_of(inquiry: &pb::Inquiry) -> pb::InquiryStatus {
    pb::InquiryStatus::try_from(inquiry.status).expect("known status")
}

fn secs(t: &Option<prost_types::Timestamp>) -> i64 {
    t.as_ref().expect("timestamp set").seconds
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_stores_everything_the_caller_sent() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let fields = HashMap::from([
        ("name_first".to_string(), string_field("Ada")),
        (
            "birthdate".to_string(),
            field(pb::field_value::Value::DateValue(pb::Date {
                year: 1990,
                month: 2,
                day: 28,
            })),
        ),
        (
            "is_member".to_string(),
            field(pb::field_value::Value::BoolValue(true)),
        ),
        (
            "score".to_string(),
            field(pb::field_value::Value::NumberValue(7.5)),
        ),
    ]);
    let created = client
        .inquiries()
        .create_inquiry(pb::CreateInquiryRequest {
            inquiry: Some(pb::Inquiry {
                inquiry_template_id: org.sandbox_template.clone(),
                reference_id: "user-42".into(),
                note: "VIP".into(),
                tags: vec!["vip".into(), "eu:de".into(), "vip".into()],
                fields: fields.clone(),
                expire_after_create: duration(7_200),
                ..Default::default()
            }),
            create_one_time_link: false,
            ..Default::default()
        })
        .await
        .expect("create")
        .into_inner()
        .inquiry
        .expect("inquiry");
    assert!(created.id.starts_with("inq_"));
    assert_eq!(status_of(&created), pb::InquiryStatus::Created);
    assert_eq!(created.environment, pb::Environment::Sandbox as i32);
    assert_eq!(created.reference_id, "user-42");
    assert_eq!(created.note, "VIP");
    assert_eq!(created.tags, ["vip", "eu:de"]);
    assert_eq!(created.fields, fields);
    assert_eq!(created.creator, org.sandbox_key_id);
    assert_eq!(created.expire_after_create, duration(7_200));
    assert_eq!(created.expire_after_start, duration(86_400));
    assert_eq!(
        secs(&created.expires_at) - secs(&created.create_time),
        7_200
    );
    assert_eq!(get_inquiry(&client, &created.id).await, created);
    assert_eq!(event_names(&server, &created.id).await, ["inquiry.created"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_validation_limit_is_enforced() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let attempt = |inquiry: pb::Inquiry| {
        let client = client.clone();
        async move {
            client
                .inquiries()
                .create_inquiry(pb::CreateInquiryRequest {
                    inquiry: Some(inquiry),
                    create_one_time_link: false,
                    ..Default::default()
                })
                .await
        }
    };
    let base = pb::Inquiry {
        inquiry_template_id: org.sandbox_template.clone(),
        ..Default::default()
    };
    let cases: Vec<(pb::Inquiry, &str)> = vec![
        (
            pb::Inquiry {
                reference_id: "r".repeat(256),
                ..base.clone()
            },
            "reference_id",
        ),
        (
            pb::Inquiry {
                note: "n".repeat(4097),
                ..base.clone()
            },
            "inquiry.note",
        ),
        (
            pb::Inquiry {
                tags: (0..51).map(|i| format!("t{i}")).collect(),
                ..base.clone()
            },
            "inquiry.tags",
        ),
        (
            pb::Inquiry {
                tags: vec!["ok".into(), "no/slash".into()],
                ..base.clone()
            },
            "inquiry.tags[1]",
        ),
        (
            pb::Inquiry {
                tags: vec!["x".repeat(65)],
                ..base.clone()
            },
            "inquiry.tags[0]",
        ),
        (
            pb::Inquiry {
                tags: vec![String::new()],
                ..base.clone()
            },
            "inquiry.tags[0]",
        ),
        (
            pb::Inquiry {
                fields: (0..101)
                    .map(|i| (format!("f{i}"), string_field("v")))
                    .collect(),
                ..base.clone()
            },
            "inquiry.fields",
        ),
        (
            pb::Inquiry {
                fields: HashMap::from([("a".repeat(65), string_field("v"))]),
                ..base.clone()
            },
            &*Box::leak(format!("inquiry.fields[{:?}]", "a".repeat(65)).into_boxed_str()),
        ),
        (
            pb::Inquiry {
                fields: HashMap::from([("big".into(), string_field(&"v".repeat(4097)))]),
                ..base.clone()
            },
            "inquiry.fields[\"big\"]",
        ),
        (
            pb::Inquiry {
                fields: HashMap::from([(
                    "dob".into(),
                    field(pb::field_value::Value::DateValue(pb::Date {
                        year: 2023,
                        month: 2,
                        day: 29,
                    })),
                )]),
                ..base.clone()
            },
            "inquiry.fields[\"dob\"]",
        ),
        (
            pb::Inquiry {
                fields: HashMap::from([("empty".into(), pb::FieldValue { value: None })]),
                ..base.clone()
            },
            "inquiry.fields[\"empty\"]",
        ),
        (
            pb::Inquiry {
                fields: HashMap::from([(
                    "n".into(),
                    field(pb::field_value::Value::NumberValue(f64::INFINITY)),
                )]),
                ..base.clone()
            },
            "inquiry.fields[\"n\"]",
        ),
        (
            pb::Inquiry {
                expire_after_create: duration(30),
                ..base.clone()
            },
            "inquiry.expire_after_create",
        ),
        (
            pb::Inquiry {
                expire_after_resume: duration(366 * 86_400),
                ..base.clone()
            },
            "inquiry.expire_after_resume",
        ),
        (
            pb::Inquiry {
                inquiry_template_id: "bogus".into(),
                ..base.clone()
            },
            "inquiry.inquiry_template_id",
        ),
    ];
    for (inquiry, field) in cases {
        assert_eq!(violated_fields(attempt(inquiry).await), [field]);
    }
    // At the limits, everything is accepted.
    let at_limits = pb::Inquiry {
        reference_id: "r".repeat(255),
        note: "n".repeat(4096),
        tags: (0..50).map(|i| format!("{i:0>64}")).collect(),
        fields: (0..100)
            .map(|i| (format!("f{i}"), string_field(&"v".repeat(4096))))
            .collect(),
        ..base.clone()
    };
    assert!(attempt(at_limits).await.is_ok());
    assert_eq!(
        event_names(&server, "inq_000000000000000000000000").await,
        Vec::<String>::new(),
        "refused requests write nothing"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lifecycle_follows_the_status_machine_and_records_every_event() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let inquiry = create_inquiry(&client, &org.sandbox_template, "user-1").await;

    let refused = client
        .inquiries()
        .approve_inquiry(pb::ApproveInquiryRequest {
            id: inquiry.id.clone(),
            comment: String::new(),
        })
        .await;
    assert!(refused.is_ok(), "CREATED may be approved directly");
    let decided = get_inquiry(&client, &inquiry.id).await;
    assert_eq!(status_of(&decided), pb::InquiryStatus::Approved);
    let again = client
        .inquiries()
        .decline_inquiry(pb::DeclineInquiryRequest {
            id: inquiry.id.clone(),
            comment: String::new(),
        })
        .await;
    let status = assert_error(again, Code::FailedPrecondition, "INQUIRY_DECIDED");
    assert!(
        status.message().contains("APPROVED"),
        "{}",
        status.message()
    );

    let inquiry = create_inquiry(&client, &org.sandbox_template, "user-2").await;
    let complete_early = simulate(&client, &inquiry.id, pb::SimulatedInquiryAction::Complete).await;
    assert_error(
        complete_early,
        Code::FailedPrecondition,
        "INQUIRY_NOT_STARTED",
    );
    server.clock.advance(TimeDelta::minutes(5));
    let started = simulate(&client, &inquiry.id, pb::SimulatedInquiryAction::Start)
        .await
        .expect("start");
    assert_eq!(status_of(&started), pb::InquiryStatus::Pending);
    assert_eq!(
        secs(&started.expires_at) - secs(&started.start_time),
        86_400
    );
    let completed = simulate(&client, &inquiry.id, pb::SimulatedInquiryAction::Complete)
        .await
        .expect("complete");
    assert_eq!(status_of(&completed), pb::InquiryStatus::Completed);
    assert!(completed.complete_time.is_some());
    let reviewed = client
        .inquiries()
        .mark_inquiry_for_review(pb::MarkInquiryForReviewRequest {
            id: inquiry.id.clone(),
            comment: "blurry".into(),
        })
        .await
        .expect("review")
        .into_inner()
        .inquiry
        .expect("inquiry");
    assert_eq!(status_of(&reviewed), pb::InquiryStatus::NeedsReview);
    assert_eq!(reviewed.reviewer_comment, "blurry");
    let declined = client
        .inquiries()
        .decline_inquiry(pb::DeclineInquiryRequest {
            id: inquiry.id.clone(),
            comment: "mismatch".into(),
        })
        .await
        .expect("decline")
        .into_inner()
        .inquiry
        .expect("inquiry");
    assert_eq!(status_of(&declined), pb::InquiryStatus::Declined);
    assert_eq!(declined.reviewer_comment, "mismatch");
    assert!(declined.decision_time.is_some());
    assert_eq!(
        event_names(&server, &inquiry.id).await,
        [
            "inquiry.created",
            "inquiry.started",
            "inquiry.completed",
            "inquiry.marked-for-review",
            "inquiry.declined"
        ]
    );

    let failed = create_inquiry(&client, &org.sandbox_template, "user-3").await;
    simulate(&client, &failed.id, pb::SimulatedInquiryAction::Start)
        .await
        .expect("start");
    let f = simulate(&client, &failed.id, pb::SimulatedInquiryAction::Fail)
        .await
        .expect("fail");
    assert_eq!(status_of(&f), pb::InquiryStatus::Failed);
    assert!(f.fail_time.is_some());
    let expire_failed = client
        .inquiries()
        .expire_inquiry(pb::ExpireInquiryRequest {
            id: failed.id.clone(),
        })
        .await;
    assert_error(expire_failed, Code::FailedPrecondition, "INQUIRY_FAILED");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_approve_templates_approve_completed_inquiries() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let template = client
        .templates()
        .create_inquiry_template(pb::CreateInquiryTemplateRequest {
            inquiry_template: Some(pb::InquiryTemplate {
                name: "Auto".into(),
                auto_approve: true,
                ..Default::default()
            }),
        })
        .await
        .expect("template")
        .into_inner()
        .inquiry_template
        .expect("template");
    let inquiry = create_inquiry(&client, &template.id, "u").await;
    simulate(&client, &inquiry.id, pb::SimulatedInquiryAction::Start)
        .await
        .expect("start");
    let done = simulate(&client, &inquiry.id, pb::SimulatedInquiryAction::Complete)
        .await
        .expect("complete");
    assert_eq!(status_of(&done), pb::InquiryStatus::Approved);
    assert!(done.complete_time.is_some() && done.decision_time.is_some());
    assert_eq!(
        event_names(&server, &inquiry.id).await,
        [
            "inquiry.created",
            "inquiry.started",
            "inquiry.completed",
            "inquiry.approved"
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deadlines_expire_inquiries_when_the_clock_passes_them() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let idle = create_inquiry(&client, &org.sandbox_template, "idle").await;
    server.clock.advance(TimeDelta::seconds(1));
    let manual = create_inquiry(&client, &org.sandbox_template, "manual").await;
    let expired = client
        .inquiries()
        .expire_inquiry(pb::ExpireInquiryRequest {
            id: manual.id.clone(),
        })
        .await
        .expect("expire")
        .into_inner()
        .inquiry
        .expect("inquiry");
    assert_eq!(status_of(&expired), pb::InquiryStatus::Expired);
    assert!(expired.expire_time.is_some());

    server.clock.advance(TimeDelta::hours(23));
    assert_eq!(
        status_of(&get_inquiry(&client, &idle.id).await),
        pb::InquiryStatus::Created
    );
    server.clock.advance(TimeDelta::hours(1));
    let listed = client
        .inquiries()
        .list_inquiries(pb::ListInquiriesRequest {
            status: pb::InquiryStatus::Expired as i32,
            ..Default::default()
        })
        .await
        .expect("list")
        .into_inner()
        .inquiries;
    let ids: Vec<_> = listed.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, [manual.id.as_str(), idle.id.as_str()]);
    let after = get_inquiry(&client, &idle.id).await;
    assert!(after.expire_time.is_some());
    let approve = client
        .inquiries()
        .approve_inquiry(pb::ApproveInquiryRequest {
            id: idle.id.clone(),
            comment: String::new(),
        })
        .await;
    assert_error(approve, Code::FailedPrecondition, "INQUIRY_EXPIRED");
    assert_eq!(
        event_names(&server, &idle.id).await,
        ["inquiry.created", "inquiry.expired"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn simulation_is_sandbox_only() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let live = server.client(&org.live_key).await;
    let inquiry = create_inquiry(&live, &org.live_template, "u").await;
    let refused = simulate(&live, &inquiry.id, pb::SimulatedInquiryAction::Start).await;
    assert_error(refused, Code::FailedPrecondition, "SANDBOX_ONLY");
    let sandbox = server.client(&org.sandbox_key).await;
    let inquiry = create_inquiry(&sandbox, &org.sandbox_template, "u").await;
    let unspecified = simulate(
        &sandbox,
        &inquiry.id,
        pb::SimulatedInquiryAction::Unspecified,
    )
    .await;
    assert_eq!(violated_fields(unspecified), ["action"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tags_and_updates_change_only_what_was_asked() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let inquiry = create_inquiry(&client, &org.sandbox_template, "u").await;
    let id = inquiry.id.clone();
    let tags = |r: pb::Inquiry| r.tags;
    let added = client
        .inquiries()
        .add_inquiry_tag(pb::AddInquiryTagRequest {
            id: id.clone(),
            tag: "vip".into(),
        })
        .await
        .expect("add");
    assert_eq!(tags(added.into_inner().inquiry.expect("i")), ["vip"]);
    let again = client
        .inquiries()
        .add_inquiry_tag(pb::AddInquiryTagRequest {
            id: id.clone(),
            tag: "vip".into(),
        })
        .await
        .expect("add again");
    assert_eq!(tags(again.into_inner().inquiry.expect("i")), ["vip"]);
    let set = client
        .inquiries()
        .set_inquiry_tags(pb::SetInquiryTagsRequest {
            id: id.clone(),
            tags: vec!["a".into(), "b".into()],
        })
        .await
        .expect("set");
    assert_eq!(tags(set.into_inner().inquiry.expect("i")), ["a", "b"]);
    let removed = client
        .inquiries()
        .remove_inquiry_tag(pb::RemoveInquiryTagRequest {
            id: id.clone(),
            tag: "a".into(),
        })
        .await
        .expect("remove");
    assert_eq!(tags(removed.into_inner().inquiry.expect("i")), ["b"]);
    let bad = client
        .inquiries()
        .add_inquiry_tag(pb::AddInquiryTagRequest {
            id: id.clone(),
            tag: "<script>".into(),
        })
        .await;
    assert_eq!(violated_fields(bad), ["tag"]);
    let too_many = client
        .inquiries()
        .set_inquiry_tags(pb::SetInquiryTagsRequest {
            id: id.clone(),
            tags: (0..51).map(|i| i.to_string()).collect(),
        })
        .await;
    assert_eq!(violated_fields(too_many), ["tags"]);
    let fifty = client
        .inquiries()
        .set_inquiry_tags(pb::SetInquiryTagsRequest {
            id: id.clone(),
            tags: (0..50).map(|i| i.to_string()).collect(),
        })
        .await;
    assert!(fifty.is_ok());
    let fifty_first = client
        .inquiries()
        .add_inquiry_tag(pb::AddInquiryTagRequest {
            id: id.clone(),
            tag: "51st".into(),
        })
        .await;
    assert_eq!(violated_fields(fifty_first), ["tag"]);

    let updated = client
        .inquiries()
        .update_inquiry(pb::UpdateInquiryRequest {
            inquiry: Some(pb::Inquiry {
                id: id.clone(),
                note: "checked by phone".into(),
                reference_id: "not in the mask".into(),
                fields: HashMap::from([("city".into(), string_field("Berlin"))]),
                ..Default::default()
            }),
            update_mask: Some(prost_types::FieldMask {
                paths: vec!["note".into(), "fields".into()],
            }),
        })
        .await
        .expect("update")
        .into_inner()
        .inquiry
        .expect("inquiry");
    assert_eq!(updated.note, "checked by phone");
    assert_eq!(updated.reference_id, "u");
    assert_eq!(
        updated.fields,
        HashMap::from([("city".into(), string_field("Berlin"))])
    );
    let status_path = client
        .inquiries()
        .update_inquiry(pb::UpdateInquiryRequest {
            inquiry: Some(pb::Inquiry {
                id: id.clone(),
                ..Default::default()
            }),
            update_mask: Some(prost_types::FieldMask {
                paths: vec!["status".into()],
            }),
        })
        .await;
    assert_eq!(violated_fields(status_path), ["update_mask"]);
    assert_eq!(
        event_names(&server, &id).await,
        [
            "inquiry.created",
            "inquiry.tags-updated",
            "inquiry.tags-updated",
            "inquiry.tags-updated",
            "inquiry.tags-updated",
            "inquiry.updated"
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn listing_pages_and_filters() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let start = server.clock.now_timestamp();
    let mut ids = Vec::new();
    for i in 0..7 {
        server.clock.advance(TimeDelta::seconds(10));
        let inquiry = create_inquiry(
            &client,
            &org.sandbox_template,
            if i % 2 == 0 { "even" } else { "odd" },
        )
        .await;
        if i == 3 {
            client
                .inquiries()
                .add_inquiry_tag(pb::AddInquiryTagRequest {
                    id: inquiry.id.clone(),
                    tag: "vip".into(),
                })
                .await
                .expect("tag");
            simulate(&client, &inquiry.id, pb::SimulatedInquiryAction::Start)
                .await
                .expect("start");
        }
        ids.push(inquiry.id);
    }
    ids.reverse();
    let list = |req: pb::ListInquiriesRequest| {
        let client = client.clone();
        async move {
            client
                .inquiries()
                .list_inquiries(req)
                .await
                .map(|r| r.into_inner())
        }
    };
    // Three pages of 3, 3 and 1, newest first.
    let mut seen = Vec::new();
    let mut token = String::new();
    let mut pages = 0;
    loop {
        let page = list(pb::ListInquiriesRequest {
            page_size: 3,
            page_token: token.clone(),
            ..Default::default()
        })
        .await
        .expect("page");
        pages += 1;
        seen.extend(page.inquiries.into_iter().map(|i| i.id));
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    assert_eq!((pages, seen.clone()), (3, ids.clone()));

    let first = list(pb::ListInquiriesRequest {
        page_size: 2,
        ..Default::default()
    })
    .await
    .expect("first");
    let changed_filter = list(pb::ListInquiriesRequest {
        page_size: 2,
        page_token: first.next_page_token.clone(),
        reference_id: "even".into(),
        ..Default::default()
    })
    .await;
    assert_eq!(violated_fields(changed_filter), ["page_token"]);
    let negative = list(pb::ListInquiriesRequest {
        page_size: -1,
        ..Default::default()
    })
    .await;
    assert_eq!(violated_fields(negative), ["page_size"]);
    let garbage = list(pb::ListInquiriesRequest {
        page_token: "not-a-token".into(),
        ..Default::default()
    })
    .await;
    assert_eq!(violated_fields(garbage), ["page_token"]);
    let huge = list(pb::ListInquiriesRequest {
        page_size: 100_000,
        ..Default::default()
    })
    .await
    .expect("coerced");
    assert_eq!(huge.inquiries.len(), 7);

    let ids_of =
        |r: pb::ListInquiriesResponse| r.inquiries.into_iter().map(|i| i.id).collect::<Vec<_>>();
    let even = ids_of(
        list(pb::ListInquiriesRequest {
            reference_id: "even".into(),
            ..Default::default()
        })
        .await
        .expect("even"),
    );
    assert_eq!(
        even,
        [
            ids[0].clone(),
            ids[2].clone(),
            ids[4].clone(),
            ids[6].clone()
        ]
    );
    let vip = ids_of(
        list(pb::ListInquiriesRequest {
            tag: "vip".into(),
            ..Default::default()
        })
        .await
        .expect("vip"),
    );
    assert_eq!(vip, [ids[3].clone()]);
    let pending = ids_of(
        list(pb::ListInquiriesRequest {
            status: pb::InquiryStatus::Pending as i32,
            ..Default::default()
        })
        .await
        .expect("pending"),
    );
    assert_eq!(pending, [ids[3].clone()]);
    let by_template = ids_of(
        list(pb::ListInquiriesRequest {
            inquiry_template_id: org.sandbox_template.clone(),
            ..Default::default()
        })
        .await
        .expect("template"),
    );
    assert_eq!(by_template.len(), 7);
    let window = ids_of(
        list(pb::ListInquiriesRequest {
            create_time_after: Some(prost_types::Timestamp {
                seconds: start.seconds + 20,
                nanos: start.nanos,
            }),
            create_time_before: Some(prost_types::Timestamp {
                seconds: start.seconds + 40,
                nanos: start.nanos,
            }),
            ..Default::default()
        })
        .await
        .expect("window"),
    );
    assert_eq!(window, [ids[4].clone(), ids[5].clone()]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inquiries_are_listed_by_the_end_users_email_on_every_transport() {
    let server = TestServer::start().await;
    let org = server.org("acme").await;
    let client = server.client(&org.sandbox_key).await;
    let mut made = Vec::new();
    for address in ["Ada@Example.com", "grace@example.com"] {
        let fields = HashMap::from([(
            "email_address".to_owned(),
            field(pb::field_value::Value::StringValue(address.into())),
        )]);
        let created = client
            .inquiries()
            .create_inquiry(pb::CreateInquiryRequest {
                inquiry: Some(pb::Inquiry {
                    inquiry_template_id: org.sandbox_template.clone(),
                    fields,
                    ..Default::default()
                }),
                ..Default::default()
            })
            .await
            .expect("create")
            .into_inner()
            .inquiry
            .expect("inquiry");
        made.push(created.id);
    }
    let listed = client
        .inquiries()
        .list_inquiries(pb::ListInquiriesRequest {
            email_address: "ada@EXAMPLE.com".into(),
            ..Default::default()
        })
        .await
        .expect("list")
        .into_inner()
        .inquiries;
    let ids: Vec<&str> = listed.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, [made[0].as_str()]);
    let rest = crate::rest::Rest::new(&server, Some(&org.sandbox_key));
    let json = rest
        .get("/v1/inquiries?emailAddress=GRACE%40example.com")
        .await
        .ok();
    assert_eq!(json["inquiries"][0]["id"], made[1].as_str());
    assert_eq!(json["inquiries"].as_array().map(Vec::len), Some(1));
    let refused = assert_error(
        client
            .inquiries()
            .list_inquiries(pb::ListInquiriesRequest {
                email_address: "not an address".into(),
                ..Default::default()
            })
            .await,
        Code::InvalidArgument,
        "INVALID_ARGUMENT",
    );
    assert!(refused.message().contains("email_address"), "{refused:?}");
}
