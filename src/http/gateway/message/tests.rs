use http::Method;

use super::*;
use crate::domain::error::FieldViolation;
use crate::http::gateway::routes::{Lookup, RouteTable};
use crate::pb;

/// The request `method path?query` with `body` becomes, as a prost message.
fn decode<M: prost::Message + Default>(
    method: Method,
    target: &str,
    body: &str,
) -> Result<M, Vec<FieldViolation>> {
    let table = RouteTable::from_pool(json::pool().unwrap()).unwrap();
    let (path, query) = target
        .split_once('?')
        .map_or((target, None), |(p, q)| (p, Some(q)));
    let Lookup::Found(route, bindings) = table.find(&method, path) else {
        panic!("no route for {method} {path}");
    };
    let parts = Parts {
        bindings,
        query,
        body: body.as_bytes(),
        overrides: Vec::new(),
    };
    match request(route, parts) {
        Ok(message) => Ok(message.transcode_to().unwrap()),
        Err(Error::InvalidArgument(violations)) => Err(violations),
        Err(other) => panic!("{other:?}"),
    }
}

fn fields(violations: Vec<FieldViolation>) -> Vec<String> {
    violations.into_iter().map(|v| v.field).collect()
}

#[test]
fn query_parameters_fill_the_remaining_fields_in_either_spelling() {
    let list: pb::ListInquiriesRequest = decode(
        Method::GET,
        "/v1/inquiries?page_size=10&status=INQUIRY_STATUS_PENDING\
             &createTimeAfter=2026-01-01T00:00:00Z&referenceId=user%2042",
        "",
    )
    .unwrap();
    assert_eq!(list.page_size, 10);
    assert_eq!(list.status, pb::InquiryStatus::Pending as i32);
    assert_eq!(list.reference_id, "user 42");
    assert_eq!(list.create_time_after.unwrap().seconds, 1_767_225_600);
    let list: pb::ListInquiriesRequest =
        decode(Method::GET, "/v1/inquiries?pageSize=7", "").unwrap();
    assert_eq!(list.page_size, 7);
    let twice =
        decode::<pb::ListInquiriesRequest>(Method::GET, "/v1/inquiries?pageSize=7&page_size=8", "");
    assert_eq!(fields(twice.unwrap_err()), ["page_size"]);
}

#[test]
fn a_partial_body_goes_to_its_field_and_the_rest_to_the_query() {
    let create: pb::CreateInquiryRequest = decode(
        Method::POST,
        "/v1/inquiries?createOneTimeLink=true",
        r#"{"inquiryTemplateId": "itmpl_x", "reference_id": "r-1",
                "expireAfterCreate": "3600s", "fields": {"age": {"numberValue": 42}}}"#,
    )
    .unwrap();
    assert!(create.create_one_time_link);
    let inquiry = create.inquiry.unwrap();
    assert_eq!(inquiry.inquiry_template_id, "itmpl_x");
    assert_eq!(inquiry.reference_id, "r-1");
    assert_eq!(inquiry.expire_after_create.unwrap().seconds, 3600);
    let update: pb::UpdateInquiryRequest = decode(
        Method::PATCH,
        "/v1/inquiries/inq_1?updateMask=note,referenceId",
        r#"{"note": "hi"}"#,
    )
    .unwrap();
    assert_eq!(
        update.inquiry.as_ref().unwrap().id,
        "inq_1",
        "nested path field"
    );
    assert_eq!(update.update_mask.unwrap().paths, ["note", "reference_id"]);
}

#[test]
fn path_variables_and_the_whole_body_agree_or_are_refused() {
    let approve: pb::ApproveInquiryRequest = decode(
        Method::POST,
        "/v1/inquiries/inq_1:approve",
        r#"{"comment": "ok", "id": "inq_1"}"#,
    )
    .unwrap();
    assert_eq!(
        (approve.id.as_str(), approve.comment.as_str()),
        ("inq_1", "ok")
    );
    let empty: pb::ApproveInquiryRequest =
        decode(Method::POST, "/v1/inquiries/inq_1:approve", "").unwrap();
    assert_eq!(empty.id, "inq_1", "an empty body is an empty object");
    let other = decode::<pb::ApproveInquiryRequest>(
        Method::POST,
        "/v1/inquiries/inq_1:approve",
        r#"{"id": "inq_2"}"#,
    );
    assert_eq!(fields(other.unwrap_err()), ["id"]);
    let query = decode::<pb::ApproveInquiryRequest>(
        Method::POST,
        "/v1/inquiries/inq_1:approve?comment=x",
        "",
    );
    assert_eq!(fields(query.unwrap_err()), ["comment"]);
}

#[test]
fn hostile_input_is_refused_with_the_path_of_what_is_wrong() {
    let cases: [(Method, &str, &str, &str); 9] = [
        (Method::POST, "/v1/inquiries/inq_1:setTags", "{", "body"),
        (Method::POST, "/v1/inquiries/inq_1:setTags", "[1]", "body"),
        (
            Method::POST,
            "/v1/inquiries/inq_1:setTags",
            r#"{"tags": "a"}"#,
            "tags",
        ),
        (
            Method::POST,
            "/v1/inquiries/inq_1:setTags",
            r#"{"tags": ["a", 7]}"#,
            "tags[1]",
        ),
        (
            Method::POST,
            "/v1/inquiries/inq_1:setTags",
            r#"{"bogus": 1}"#,
            "body",
        ),
        (
            Method::POST,
            "/v1/inquiries",
            r#"{"note": "x", "nope": true}"#,
            "inquiry",
        ),
        (Method::GET, "/v1/inquiries?nope=1", "", "nope"),
        (Method::GET, "/v1/inquiries?pageToken=%FF", "", "pageToken"),
        (Method::GET, "/v1/inquiries?pageSize=ten", "", "pageSize"),
    ];
    for (method, target, body, field) in cases {
        let refused = decode::<pb::SetInquiryTagsRequest>(method.clone(), target, body);
        let violations = refused.expect_err(target);
        assert_eq!(
            fields(violations.clone()),
            [field],
            "{target} {body}: {violations:?}"
        );
    }
    let flag = decode::<pb::CreateInquiryRequest>(
        Method::POST,
        "/v1/inquiries?createOneTimeLink=yes",
        "{}",
    );
    assert_eq!(fields(flag.unwrap_err()), ["createOneTimeLink"]);
    let get_body = decode::<pb::GetInquiryRequest>(Method::GET, "/v1/inquiries/inq_1", "{}");
    assert_eq!(fields(get_body.unwrap_err()), ["body"]);
}

#[test]
fn answers_use_the_canonical_mapping() {
    let table = RouteTable::from_pool(json::pool().unwrap()).unwrap();
    let Lookup::Found(route, _) = table.find(&Method::GET, "/v1/inquiries/inq_1") else {
        panic!("route");
    };
    let answer = pb::GetInquiryResponse {
        inquiry: Some(pb::Inquiry {
            id: "inq_1".into(),
            status: pb::InquiryStatus::Created as i32,
            ..Default::default()
        }),
    };
    let json = super::answer(route, &prost::Message::encode_to_vec(&answer)).unwrap();
    assert_eq!(json["inquiry"]["id"], "inq_1");
    assert_eq!(json["inquiry"]["status"], "INQUIRY_STATUS_CREATED");
    assert_eq!(json["inquiry"]["referenceId"], "");
}

#[test]
fn a_field_given_twice_is_refused_by_its_path_in_either_spelling_at_any_depth() {
    let cases: [(&str, &str, &str, &str); 7] = [
        (
            "/v1/inquiries/inq_1:setTags",
            r#"{"tags": ["a"], "tags": ["b"]}"#,
            "tags",
            "is given twice",
        ),
        (
            "/v1/inquiries/inq_1:approve",
            r#"{"comment": "a", "id": "inq_1", "comment": "b"}"#,
            "comment",
            "is given twice",
        ),
        (
            "/v1/inquiries",
            r#"{"note": "a", "note": "b"}"#,
            "inquiry.note",
            "is given twice",
        ),
        (
            "/v1/inquiries",
            r#"{"referenceId": "a", "reference_id": "b"}"#,
            "inquiry.reference_id",
            "is given twice, as referenceId and reference_id",
        ),
        (
            "/v1/inquiries",
            r#"{"fields": {"age": {"numberValue": 1, "number_value": 2}}}"#,
            "inquiry.fields.age.number_value",
            "is given twice, as numberValue and number_value",
        ),
        (
            "/v1/inquiryTemplates",
            r#"{"name": "x", "redirectUri": "https://a.example/", "redirect_uri": "https://b.example/"}"#,
            "inquiryTemplate.redirect_uri",
            "is given twice, as redirectUri and redirect_uri",
        ),
        (
            "/v1/inquiryTemplates",
            r#"{"name": "x", "collectedFields": [{"name": "a"}, {"name": "b", "max_length": 1, "maxLength": 9}]}"#,
            "inquiryTemplate.collectedFields[1].max_length",
            "is given twice, as maxLength and max_length",
        ),
    ];
    for (target, body, field, description) in cases {
        let refused = decode::<pb::CreateInquiryRequest>(Method::POST, target, body);
        assert_eq!(
            refused.expect_err(body),
            [FieldViolation::new(field, description)],
            "{body}"
        );
    }
    // One spelling, or the same name in two objects, is no repeat.
    let once: pb::CreateInquiryRequest = decode(
        Method::POST,
        "/v1/inquiries",
        r#"{"reference_id": "a", "fields": {"reference_id": {"stringValue": "b"}}}"#,
    )
    .unwrap();
    assert_eq!(once.inquiry.unwrap().reference_id, "a");
}
