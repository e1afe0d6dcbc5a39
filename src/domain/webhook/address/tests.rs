use super::*;

fn judged(address: &str) -> Option<&'static str> {
    internal_range(address.parse().expect(address))
}

#[test]
fn every_special_purpose_range_is_inside() {
    for (address, what) in [
        ("0.1.2.3", "a \"this network\" address"),
        ("10.20.30.40", "a private-use address"),
        ("100.127.255.254", "a shared (carrier-grade NAT) address"),
        ("127.8.8.8", "a loopback address"),
        ("169.254.169.254", "a link-local address"),
        ("172.31.0.1", "a private-use address"),
        ("192.0.0.9", "an IETF protocol assignment"),
        ("192.0.2.10", "a documentation address"),
        ("192.31.196.1", "an AS112 address"),
        ("192.52.193.1", "an AMT address"),
        ("192.88.99.1", "a former 6to4 relay anycast address"),
        ("192.168.255.1", "a private-use address"),
        ("192.175.48.6", "an AS112 address"),
        ("198.19.255.255", "a benchmarking address"),
        ("198.51.100.1", "a documentation address"),
        ("203.0.113.1", "a documentation address"),
        ("239.255.255.250", "a multicast address"),
        ("255.255.255.255", "the limited broadcast address"),
        ("240.0.0.1", "a reserved address"),
        ("::", "the unspecified address"),
        ("::1", "the loopback address"),
        ("64:ff9b:1::a00:1", "a local-use NAT64 address"),
        ("64:ff9b:1:ffff::808:808", "a local-use NAT64 address"),
        ("100::1", "a discard-only address"),
        ("100:0:0:1::1", "a dummy address"),
        ("2001:0:4136:e378:8000:63bf:3fff:fdd2", "a Teredo address"),
        ("2001:2::1", "an IETF protocol assignment"),
        ("2001:1::1", "an IETF protocol assignment"),
        ("2001:db8::1", "a documentation address"),
        ("2002:808:808::1", "a 6to4 address"),
        ("2620:4f:8000::1", "an AS112 address"),
        ("3fff:fff::1", "a documentation address"),
        ("5f00::1", "a segment routing (SRv6) address"),
        ("fd00::1", "a unique-local address"),
        ("fc00::1", "a unique-local address"),
        ("fe80::1", "a link-local address"),
        ("febf::1", "a link-local address"),
        ("fec0::1", "a site-local address"),
        ("ff02::1", "a multicast address"),
        ("4000::1", "an address outside global unicast space"),
        ("e000::1", "an address outside global unicast space"),
        ("::1:0:0:1", "an address outside global unicast space"),
    ] {
        assert_eq!(judged(address), Some(what), "{address}");
    }
}

#[test]
fn every_form_that_carries_an_ipv4_address_is_judged_as_that_address() {
    for (inside, outside) in [
        // IPv4-mapped, -compatible and -translated (SIIT).
        ("::ffff:127.0.0.1", "::ffff:93.184.216.34"),
        ("::127.0.0.1", "::93.184.216.34"),
        ("::ffff:0:7f00:1", "::ffff:0:5db8:d822"),
        // NAT64's well-known prefix.
        ("64:ff9b::7f00:1", "64:ff9b::5db8:d822"),
        ("64:ff9b::a00:1", "64:ff9b::808:808"),
        // ISATAP interface identifiers under a global prefix, the u bit clear and set.
        ("2600:1f18::5efe:a00:1", "2600:1f18::5efe:808:808"),
        (
            "2600:1f18::200:5efe:c0a8:101",
            "2600:1f18::200:5efe:808:808",
        ),
    ] {
        assert!(judged(inside).is_some(), "{inside}");
        assert_eq!(judged(outside), None, "{outside}");
    }
    assert_eq!(
        judged("::ffff:169.254.169.254"),
        Some("a link-local address")
    );
    assert_eq!(judged("64:ff9b::a9fe:a9fe"), Some("a link-local address"));
    assert_eq!(
        judged("fe80::5efe:808:808"),
        Some("a link-local address"),
        "ISATAP under an inside prefix is inside whatever it carries"
    );
}

#[test]
fn transition_forms_are_refused_whatever_they_carry() {
    for address in [
        // 6to4 of 127.0.0.1 and of a public address.
        "2002:7f00:1::",
        "2002:5db8:d822::1",
        // Teredo: server 65.54.227.120, client 192.0.2.45 obfuscated; and a public client.
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",
        "2001:0:4136:e378:8000:63bf:a247:29dd",
    ] {
        assert!(judged(address).is_some(), "{address}");
    }
}

#[test]
fn global_addresses_are_outside() {
    for address in [
        "93.184.216.34",
        "8.8.8.8",
        "1.1.1.1",
        "100.63.255.255",
        "100.128.0.0",
        "172.32.0.1",
        "192.0.1.255",
        "198.17.255.255",
        "198.20.0.0",
        "223.255.255.255",
        "2606:2800:220:1:248:1893:25c8:1946",
        "2001:4860:4860::8888",
        "2001:200::1",
        "2003::1",
    ] {
        assert_eq!(judged(address), None, "{address}");
    }
}
