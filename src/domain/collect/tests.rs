use super::*;
use crate::domain::inquiry::FieldValue;
use chrono::NaiveDate;
use std::collections::BTreeMap;

fn field(kind: FieldKind) -> CollectedField {
    CollectedField::new("f", kind, true)
}

fn answers(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn each_kind_accepts_its_values_and_stores_its_type() {
    let ok = |kind, answer: &str| check_answer(&field(kind), answer);
    assert_eq!(
        ok(FieldKind::Text, "Alexander"),
        Ok(FieldValue::String("Alexander".into()))
    );
    assert_eq!(
        ok(FieldKind::Date, "1977-08-31"),
        Ok(FieldValue::Date(
            NaiveDate::from_ymd_opt(1977, 8, 31).unwrap()
        ))
    );
    assert_eq!(
        ok(FieldKind::Email, "alex@example.com"),
        Ok(FieldValue::String("alex@example.com".into()))
    );
    assert_eq!(
        ok(FieldKind::Phone, "+1 (555) 010-9999"),
        Ok(FieldValue::String("+15550109999".into()))
    );
    assert_eq!(
        ok(FieldKind::Country, "us"),
        Ok(FieldValue::String("US".into()))
    );
    assert_eq!(ok(FieldKind::Number, "3,5"), Ok(FieldValue::Number(3.5)));
    assert_eq!(ok(FieldKind::YesNo, "no"), Ok(FieldValue::Bool(false)));
}

#[test]
fn plain_prefill_values_take_their_collected_fields_type() {
    use serde_json::json;
    let typed = |kind, value| typed_prefill("f", kind, &value);
    assert_eq!(
        typed(Some(FieldKind::Date), json!("1977-08-31")),
        Ok(RawFieldValue::Date {
            year: 1977,
            month: 8,
            day: 31
        })
    );
    assert_eq!(
        typed(None, json!("1977-08-31")),
        Ok(RawFieldValue::String("1977-08-31".into())),
        "a field the template does not collect keeps its JSON type"
    );
    assert_eq!(
        typed(Some(FieldKind::Number), json!("3.5")),
        Ok(RawFieldValue::Number(3.5))
    );
    assert_eq!(
        typed(Some(FieldKind::YesNo), json!(true)),
        Ok(RawFieldValue::Bool(true))
    );
    assert_eq!(
        typed(Some(FieldKind::Email), json!("a@b.example")),
        Ok(RawFieldValue::String("a@b.example".into()))
    );
    for (kind, value) in [
        (Some(FieldKind::Date), json!("31/08/1977")),
        (Some(FieldKind::Date), json!("1977-02-30")),
        (Some(FieldKind::Date), json!(19770831)),
        (Some(FieldKind::Text), json!(42)),
        (Some(FieldKind::YesNo), json!("yes")),
        (None, json!([1])),
    ] {
        assert!(typed(kind, value.clone()).is_err(), "{kind:?} {value}");
    }
}

#[test]
fn each_kind_refuses_what_is_not_its_value() {
    let problem = |kind, answer: &str| check_answer(&field(kind), answer).unwrap_err();
    assert_eq!(problem(FieldKind::Date, "31/08/1977"), Problem::NotADate);
    assert_eq!(problem(FieldKind::Date, "1977-02-30"), Problem::NotADate);
    assert_eq!(problem(FieldKind::Email, "alex@"), Problem::NotAnEmail);
    assert_eq!(
        problem(FieldKind::Email, "a b@example.com"),
        Problem::NotAnEmail
    );
    assert_eq!(
        problem(FieldKind::Email, "alex@localhost"),
        Problem::NotAnEmail
    );
    assert_eq!(problem(FieldKind::Phone, "12345"), Problem::NotAPhone);
    assert_eq!(problem(FieldKind::Phone, "call me"), Problem::NotAPhone);
    assert_eq!(problem(FieldKind::Country, "XX"), Problem::NotACountry);
    assert_eq!(problem(FieldKind::Number, "1e400"), Problem::NotANumber);
    assert_eq!(problem(FieldKind::Number, "NaN"), Problem::NotANumber);
    assert_eq!(problem(FieldKind::Number, "0x10"), Problem::NotANumber);
    assert_eq!(problem(FieldKind::YesNo, "maybe"), Problem::NotYesNo);
    assert_eq!(problem(FieldKind::Text, "a\u{7}b"), Problem::NotText);
}

#[test]
fn limits_bound_lengths_numbers_and_dates() {
    let mut text = field(FieldKind::Text);
    text.min_length = 2;
    text.max_length = 3;
    assert_eq!(check_answer(&text, "a"), Err(Problem::TooShort { min: 2 }));
    assert_eq!(
        check_answer(&text, "abcd"),
        Err(Problem::TooLong { max: 3 })
    );
    assert!(check_answer(&text, "ñañ").is_ok(), "characters, not bytes");
    let mut number = field(FieldKind::Number);
    number.min_value = Some(0.0);
    number.max_value = Some(10.0);
    assert_eq!(
        check_answer(&number, "-1"),
        Err(Problem::TooSmall { min: 0.0 })
    );
    assert_eq!(
        check_answer(&number, "10.5"),
        Err(Problem::TooLarge { max: 10.0 })
    );
    let mut date = field(FieldKind::Date);
    let (min, max) = (
        NaiveDate::from_ymd_opt(1900, 1, 1).unwrap(),
        NaiveDate::from_ymd_opt(2000, 1, 1).unwrap(),
    );
    (date.min_date, date.max_date) = (Some(min), Some(max));
    assert_eq!(
        check_answer(&date, "1899-12-31"),
        Err(Problem::TooEarly { min })
    );
    assert_eq!(
        check_answer(&date, "2000-01-02"),
        Err(Problem::TooLate { max })
    );
}

#[test]
fn answers_report_every_problem_and_skip_empty_optional_fields() {
    let fields = vec![
        CollectedField::new("name_first", FieldKind::Text, true),
        CollectedField::new("birthdate", FieldKind::Date, true),
        CollectedField::new("phone_number", FieldKind::Phone, false),
        CollectedField::new("email_address", FieldKind::Email, true),
    ];
    let problems = check_answers(
        &fields,
        &answers(&[
            ("name_first", "  "),
            ("birthdate", "soon"),
            ("email_address", "x@y.z"),
        ]),
    )
    .unwrap_err();
    assert_eq!(
        problems.into_iter().collect::<Vec<_>>(),
        [
            ("birthdate".to_owned(), Problem::NotADate),
            ("name_first".to_owned(), Problem::Required)
        ]
    );
    let values = check_answers(
        &fields,
        &answers(&[
            ("name_first", " Alexander "),
            ("birthdate", "1977-08-31"),
            ("email_address", "x@y.z"),
            ("other", "ignored"),
        ]),
    )
    .unwrap();
    assert_eq!(values.len(), 3, "{values:?}");
    assert_eq!(values["name_first"], FieldValue::String("Alexander".into()));
}

#[test]
fn a_template_sets_valid_unique_fields_with_limits_that_fit_their_kind() {
    let draft = |name: &str, kind| CollectedFieldDraft {
        name: name.into(),
        kind,
        ..CollectedFieldDraft::default()
    };
    let fine = check_collected_fields(
        "f",
        &[
            draft("name_first", Some(FieldKind::Text)),
            draft("birthdate", Some(FieldKind::Date)),
        ],
    )
    .unwrap();
    assert_eq!(fine[0].max_length, DEFAULT_MAX_LENGTH);
    let mut bad_lengths = draft("b", Some(FieldKind::Text));
    bad_lengths.min_length = 10;
    bad_lengths.max_length = 5;
    let mut number_on_text = draft("c", Some(FieldKind::Text));
    number_on_text.min_value = Some(1.0);
    let mut dates = draft("d", Some(FieldKind::Date));
    dates.min_date = Some((2000, 2, 30));
    let Err(Error::InvalidArgument(v)) = check_collected_fields(
        "f",
        &[
            draft("a", None),
            bad_lengths,
            number_on_text,
            dates,
            draft("1x", Some(FieldKind::Text)),
            draft("a", Some(FieldKind::YesNo)),
        ],
    ) else {
        panic!("expected violations")
    };
    let fields: Vec<&str> = v.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "f[0].kind",
            "f[1].min_length",
            "f[2].min_value",
            "f[3].min_date",
            "f[4].name",
            "f[5].name"
        ]
    );
    let many = vec![draft("a", Some(FieldKind::Text)); COLLECTED_FIELDS_MAX + 1];
    assert!(check_collected_fields("f", &many).is_err());
}

#[test]
fn the_kyc_template_collects_the_persona_fields() {
    let kyc = check_collected_fields("f", &kyc_fields()).unwrap();
    let names: Vec<&str> = kyc.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "name_first",
            "name_last",
            "birthdate",
            "address_street_1",
            "address_city",
            "address_postal_code",
            "address_country_code",
            "email_address"
        ]
    );
    assert!(kyc.iter().all(|f| f.required));
}

#[test]
fn stored_values_show_as_their_inputs_expect() {
    assert_eq!(
        shown(&FieldValue::Date(
            NaiveDate::from_ymd_opt(1977, 8, 31).unwrap()
        )),
        "1977-08-31"
    );
    assert_eq!(shown(&FieldValue::Bool(true)), "yes");
    assert_eq!(shown(&FieldValue::Number(2.0)), "2");
    assert_eq!(shown(&FieldValue::Number(2.5)), "2.5");
}

#[test]
fn kind_names_are_the_stored_names() {
    for kind in FieldKind::ALL {
        let stored = serde_json::to_value(kind).expect("serializes");
        assert_eq!(stored, serde_json::json!(kind.as_str()));
        assert_eq!(FieldKind::parse(kind.as_str()), Some(kind));
    }
    assert_eq!(FieldKind::parse("yes-no"), None);
}
