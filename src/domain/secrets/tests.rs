use super::*;

#[test]
fn api_keys_round_trip_through_the_bearer_parser() {
    let key = generate_api_key(Environment::Live).unwrap();
    assert!(key.secret.starts_with("vlk_live_"));
    assert!(key.display_prefix.starts_with("vlk_live_"));
    assert!(key.display_prefix.len() < key.secret.len());
    let parsed = parse_bearer(Some(&format!("Bearer {}", key.secret))).unwrap();
    assert_eq!(
        parsed,
        Credential::ApiKey {
            environment: Environment::Live,
            digest: key.digest
        }
    );
}

#[test]
fn garbage_credentials_are_unauthenticated() {
    for bad in [
        None,
        Some(""),
        Some("Bearer"),
        Some("Basic abc"),
        Some("Bearer vlk_prod_0123456789abcdef0123456789abcdef"),
        Some("Bearer vlk_live_short"),
        Some("Bearer vls_!!"),
    ] {
        assert!(
            matches!(parse_bearer(bad), Err(Error::Unauthenticated { .. })),
            "{bad:?}"
        );
    }
}

#[test]
fn link_codes_are_found_by_either_form() {
    let codes = generate_link_codes().unwrap();
    assert_eq!(codes.short_code.len(), SHORT_CODE_LEN);
    assert_eq!(
        redeemable_code_digest(&codes.code),
        Some(codes.code_digest.clone())
    );
    assert_eq!(
        redeemable_code_digest(&codes.short_code),
        Some(codes.short_code_digest.clone())
    );
    let retyped = format!(
        "{}-{}",
        &codes.short_code[..5].to_ascii_lowercase(),
        &codes.short_code[5..]
    );
    assert_eq!(
        redeemable_code_digest(&retyped),
        Some(codes.short_code_digest)
    );
    assert_eq!(
        redeemable_code_digest("0O1IL-abcde"),
        Some(digest("00111ABCDE"))
    );
    assert_eq!(redeemable_code_digest("nope"), None);
    assert_eq!(redeemable_code_digest("UUUUUUUUUU"), None);
}

#[test]
fn webhook_secrets_are_sealed_per_webhook_and_open_during_a_key_rotation() {
    let old = Keyring {
        current: Some(SecretString::new("o".repeat(32))),
        previous: None,
    };
    let stored = old.seal_secret("wbh_a", "whsec_abc").unwrap();
    assert!(!stored.contains("whsec_abc"));
    assert_eq!(
        old.open_secret("wbh_a", &stored).as_deref(),
        Some("whsec_abc")
    );
    assert_eq!(
        old.open_secret("wbh_b", &stored),
        None,
        "bound to its webhook"
    );
    let rotating = Keyring {
        current: Some(SecretString::new("n".repeat(32))),
        previous: old.current.clone(),
    };
    assert_eq!(
        rotating.open_secret("wbh_a", &stored).as_deref(),
        Some("whsec_abc")
    );
    assert!(!rotating.is_current("wbh_a", &stored));
    let resealed = rotating.seal_secret("wbh_a", "whsec_abc").unwrap();
    assert!(rotating.is_current("wbh_a", &resealed));
    let unkeyed = Keyring::default();
    assert_eq!(
        unkeyed.seal_secret("wbh_a", "whsec_abc").unwrap(),
        "whsec_abc"
    );
    assert_eq!(unkeyed.open_secret("wbh_a", &resealed), None);
    assert!(!old.is_current("wbh_a", "whsec_plain"));
}

#[test]
fn sealed_responses_open_only_with_their_key() {
    let sealed = seal("key-1", b"vls_secret").unwrap();
    assert!(!sealed.windows(10).any(|w| w == b"vls_secret"));
    assert_eq!(
        open_sealed("key-1", &sealed).as_deref(),
        Some(&b"vls_secret"[..])
    );
    assert_eq!(open_sealed("key-2", &sealed), None);
    assert_ne!(
        seal("key-1", b"vls_secret").unwrap(),
        sealed,
        "fresh nonce each time"
    );
}

#[test]
fn bound_seals_open_only_for_their_purpose_and_context() {
    let sealed = seal_bound("mail v1", "key", b"otl_1", b"code").unwrap();
    assert_eq!(
        open_bound("mail v1", "key", b"otl_1", &sealed).as_deref(),
        Some(&b"code"[..])
    );
    assert_eq!(open_bound("mail v1", "key", b"otl_2", &sealed), None);
    assert_eq!(open_bound("other v1", "key", b"otl_1", &sealed), None);
    assert_eq!(open_sealed("key", &sealed), None);
}

#[test]
fn base62_is_uniform_enough_and_sized() {
    let s = random_base62(4000).unwrap();
    assert_eq!(s.len(), 4000);
    let distinct: std::collections::HashSet<char> = s.chars().collect();
    assert_eq!(distinct.len(), 62);
}
