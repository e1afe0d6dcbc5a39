use super::*;
use crate::app::inquiries::{InquiryQuery, ListInquiries};
use crate::domain::collect::FieldKind;
use crate::domain::status::InquiryStatus;
use serde_json::json;

#[test]
fn bodies_are_read_in_any_inflection_with_meta_beside_or_inside_data() {
    let body = Body::parse(
            br#"{"data": {"attributes": {"referenceId": "u"}, "meta": {"a": 1}}, "meta": {"auto-create-one-time-link": true}}"#,
        )
        .unwrap();
    assert_eq!(
        body.attributes.string("reference_id").unwrap().as_deref(),
        Some("u")
    );
    assert!(body.meta.flag("auto_create_one_time_link").unwrap());
    assert!(body.meta.has("a"));
    for spelling in ["reference-id", "referenceId", "reference_id"] {
        let body = format!(r#"{{"data": {{"attributes": {{"{spelling}": "u"}}}}}}"#);
        let attributes = Body::parse(body.as_bytes()).unwrap().attributes;
        assert_eq!(
            attributes.string("reference_id").unwrap().as_deref(),
            Some("u")
        );
    }
    assert!(Body::parse(b"").unwrap().attributes.map.is_empty());
    assert!(Body::parse(b"[1]").is_err());
    assert!(Body::parse(b"{").is_err());
    assert!(Body::parse(br#"{"data": {"attributes": 3}}"#).is_err());
}

/// What a request refused as bad says.
fn details(failure: Failure) -> String {
    let (status, details) = failure.said();
    assert_eq!(status, http::StatusCode::BAD_REQUEST);
    details.to_owned()
}

#[test]
fn a_key_given_twice_in_any_inflection_is_refused_by_its_path() {
    let refused = |body: &str| details(Body::parse(body.as_bytes()).unwrap_err());
    assert_eq!(
        refused(r#"{"data": {"attributes": {"note": "a", "note": "b"}}}"#),
        "data.attributes.note is given twice"
    );
    assert_eq!(
        refused(r#"{"data": {"attributes": {"referenceId": "a", "reference-id": "b"}}}"#),
        "data.attributes.reference-id is given twice (also as referenceId)"
    );
    assert_eq!(
        refused(r#"{"data": {"attributes": {"fields": {"name-first": "A", "nameFirst": "B"}}}}"#),
        "data.attributes.fields.nameFirst is given twice (also as name-first)"
    );
    assert_eq!(
        refused(r#"{"data": {"meta": {"comment": "a"}}, "meta": {"comment": "b"}}"#),
        "meta.comment is given twice: in data.meta and in meta"
    );
    assert_eq!(
        refused(r#"{"meta": {"tag-name": ["a"]}, "meta": {}}"#),
        "meta is given twice"
    );
    let both = Body::parse(
        br#"{"data": {"attributes": {"inquiry-template-id": "itmpl_x", "template-id": "itmpl_y"}}}"#,
    )
    .unwrap();
    let Err(failure) = Create::read(&both) else {
        panic!("two template IDs");
    };
    assert!(details(failure).contains("give one"));
}

#[test]
fn plain_fields_are_typed_by_the_template() {
    let collected = [CollectedField::new("birthdate", FieldKind::Date, true)];
    let fields = json!({
        "birthdate": "1977-08-31",
        "name_first": "Alexander",
        "vip": true,
        "score": {"type": "number", "value": 7},
        "gone": null,
    });
    let typed = typed_fields(fields.as_object().unwrap(), &collected).unwrap();
    assert_eq!(
        typed["birthdate"],
        Some(RawFieldValue::Date {
            year: 1977,
            month: 8,
            day: 31
        })
    );
    assert_eq!(
        typed["name_first"],
        Some(RawFieldValue::String("Alexander".into()))
    );
    assert_eq!(typed["vip"], Some(RawFieldValue::Bool(true)));
    assert_eq!(typed["score"], Some(RawFieldValue::Number(7.0)));
    assert_eq!(typed["gone"], None);
    let bad = json!({"birthdate": "31/08/1977", "x": {"type": "selfie", "value": 1}});
    let Err(Error::InvalidArgument(violations)) =
        typed_fields(bad.as_object().unwrap(), &collected)
    else {
        panic!("refused");
    };
    assert_eq!(violations.len(), 2);
}

#[test]
fn list_queries_take_persona_filters_and_pages() {
    let (query, pages) = List::read(Some(
        "filter%5Breference-id%5D=usr_ABC123&filter[status]=needs_review&page[size]=2",
    ))
    .unwrap();
    let asked = InquiryQuery {
        page_size: 2,
        reference_id: "usr_ABC123",
        status: Some(InquiryStatus::NeedsReview),
        ..InquiryQuery::default()
    };
    let read_as = |asked| format!("{:?}", ListInquiries::new(&asked).unwrap());
    assert_eq!(format!("{query:?}"), read_as(asked));
    assert_eq!(
            pages.next_link("inq_x"),
            "/api/v1/inquiries?filter%5Breference-id%5D=usr_ABC123&filter%5Bstatus%5D=needs_review&page%5Bafter%5D=inq_x&page%5Bsize%5D=2"
        );
    for bad in [
        "page[size]=0",
        "page[size]=101",
        "page[before]=inq_x",
        "filter[status]=done",
        "filter[account-id]=act_x",
        "sort=created-at",
    ] {
        assert!(List::read(Some(bad)).is_err(), "{bad}");
    }
    assert!(List::read(Some("page[after]=nope")).is_err());
    for (twice, says) in [
        (
            "filter[status]=created&filter[status]=approved",
            "filter[status] is given twice",
        ),
        (
            "filter[reference-id]=a&filter[referenceId]=b",
            "filter[referenceId] is given twice (also as filter[reference-id])",
        ),
        (
            "filter[template-id]=itmpl_x&filter[inquiry-template-id]=itmpl_y",
            "filter[inquiry-template-id] is given twice (also as filter[template-id])",
        ),
        ("page[size]=2&page[size]=3", "page[size] is given twice"),
    ] {
        let Err(failure) = List::read(Some(twice)) else {
            panic!("{twice}");
        };
        assert_eq!(details(failure), says);
    }
    let (query, _) = List::read(Some("page[after]=inq_AAAAAAAAAAAAAAAAAAAAAAAA")).unwrap();
    let after = InquiryQuery {
        page_size: 10,
        after_inquiry: "inq_AAAAAAAAAAAAAAAAAAAAAAAA",
        ..InquiryQuery::default()
    };
    assert_eq!(format!("{query:?}"), read_as(after));
}
