//! Which addresses are inside: the IANA IPv4 and IPv6 Special-Purpose Address Registries as
//! one table, every IPv6 form that carries an IPv4 address judged as that address.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// What the addresses of a range are to a request leaving the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Not globally reachable, or special-purpose space no receiver lives at: refused.
    Internal,
    /// Carries an IPv4 address in its last 32 bits: judged as that address.
    CarriesIpv4,
    /// Globally reachable.
    Global,
}

/// The addresses whose bits under `mask` equal `bits`.
struct Range {
    bits: u128,
    mask: u128,
    kind: Kind,
    /// What an address of the range is, for messages ("a loopback address").
    what: &'static str,
}

impl Range {
    fn contains(&self, bits: u128) -> bool {
        bits & self.mask == self.bits
    }
}

const fn prefix_mask(len: u32) -> u128 {
    if len == 0 {
        0
    } else {
        u128::MAX << (128 - len)
    }
}

/// The IPv6 range `segments/len`.
const fn v6(segments: [u16; 8], len: u32, kind: Kind, what: &'static str) -> Range {
    let [a, b, c, d, e, f, g, h] = segments;
    Range {
        bits: Ipv6Addr::new(a, b, c, d, e, f, g, h).to_bits(),
        mask: prefix_mask(len),
        kind,
        what,
    }
}

/// The IPv4 range `octets/len`, as IPv4-mapped IPv6 addresses (the form IPv4 is judged in).
const fn v4(octets: [u8; 4], len: u32, what: &'static str) -> Range {
    let [a, b, c, d] = octets;
    Range {
        bits: Ipv4Addr::new(a, b, c, d).to_ipv6_mapped().to_bits(),
        mask: prefix_mask(96 + len),
        kind: Kind::Internal,
        what,
    }
}

use Kind::{CarriesIpv4, Global, Internal};

/// The first range an address is in decides; an address in none is refused (IANA allocates
/// global unicast IPv6 only from 2000::/3).
#[rustfmt::skip]
const RANGES: &[Range] = &[
    // The IPv4 registry's entries that are not globally reachable, multicast, and AS112, AMT
    // and the former 6to4 relay anycast (reachable, but no webhook receiver lives there).
    v4([0, 0, 0, 0], 8, "a \"this network\" address"),
    v4([10, 0, 0, 0], 8, "a private-use address"),
    v4([100, 64, 0, 0], 10, "a shared (carrier-grade NAT) address"),
    v4([127, 0, 0, 0], 8, "a loopback address"),
    v4([169, 254, 0, 0], 16, "a link-local address"),
    v4([172, 16, 0, 0], 12, "a private-use address"),
    v4([192, 0, 0, 0], 24, "an IETF protocol assignment"),
    v4([192, 0, 2, 0], 24, "a documentation address"),
    v4([192, 31, 196, 0], 24, "an AS112 address"),
    v4([192, 52, 193, 0], 24, "an AMT address"),
    v4([192, 88, 99, 0], 24, "a former 6to4 relay anycast address"),
    v4([192, 168, 0, 0], 16, "a private-use address"),
    v4([192, 175, 48, 0], 24, "an AS112 address"),
    v4([198, 18, 0, 0], 15, "a benchmarking address"),
    v4([198, 51, 100, 0], 24, "a documentation address"),
    v4([203, 0, 113, 0], 24, "a documentation address"),
    v4([224, 0, 0, 0], 4, "a multicast address"),
    v4([255, 255, 255, 255], 32, "the limited broadcast address"),
    v4([240, 0, 0, 0], 4, "a reserved address"),
    v6([0, 0, 0, 0, 0, 0xffff, 0, 0], 96, Global, "an IPv4 address"),
    // The IPv6 registry's entries that are not globally reachable (6to4 and Teredo included:
    // transition mechanisms no receiver needs), and the other IPv4-carrying forms.
    v6([0, 0, 0, 0, 0, 0, 0, 0], 128, Internal, "the unspecified address"),
    v6([0, 0, 0, 0, 0, 0, 0, 1], 128, Internal, "the loopback address"),
    v6([0, 0, 0, 0, 0, 0, 0, 0], 96, CarriesIpv4, "an IPv4-compatible address"),
    v6([0, 0, 0, 0, 0xffff, 0, 0, 0], 96, CarriesIpv4, "an IPv4-translated address"),
    // NAT64's well-known prefix is what DNS64 gives IPv6-only hosts for every IPv4-only name.
    v6([0x64, 0xff9b, 0, 0, 0, 0, 0, 0], 96, CarriesIpv4, "a NAT64 address"),
    // Where a local-use prefix carries the IPv4 address depends on its length: not judged.
    v6([0x64, 0xff9b, 1, 0, 0, 0, 0, 0], 48, Internal, "a local-use NAT64 address"),
    v6([0x100, 0, 0, 0, 0, 0, 0, 0], 64, Internal, "a discard-only address"),
    v6([0x100, 0, 0, 1, 0, 0, 0, 0], 64, Internal, "a dummy address"),
    v6([0x2001, 0, 0, 0, 0, 0, 0, 0], 32, Internal, "a Teredo address"),
    v6([0x2001, 0, 0, 0, 0, 0, 0, 0], 23, Internal, "an IETF protocol assignment"),
    v6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0], 32, Internal, "a documentation address"),
    v6([0x2002, 0, 0, 0, 0, 0, 0, 0], 16, Internal, "a 6to4 address"),
    v6([0x2620, 0x4f, 0x8000, 0, 0, 0, 0, 0], 48, Internal, "an AS112 address"),
    v6([0x3fff, 0, 0, 0, 0, 0, 0, 0], 20, Internal, "a documentation address"),
    v6([0x5f00, 0, 0, 0, 0, 0, 0, 0], 16, Internal, "a segment routing (SRv6) address"),
    v6([0xfc00, 0, 0, 0, 0, 0, 0, 0], 7, Internal, "a unique-local address"),
    v6([0xfe80, 0, 0, 0, 0, 0, 0, 0], 10, Internal, "a link-local address"),
    v6([0xfec0, 0, 0, 0, 0, 0, 0, 0], 10, Internal, "a site-local address"),
    v6([0xff00, 0, 0, 0, 0, 0, 0, 0], 8, Internal, "a multicast address"),
    // ISATAP interface identifiers (`…:0:5efe:a.b.c.d`, the u and g bits in any state).
    Range {
        bits: (0x2000 << 112) | (0x5efe << 32),
        mask: prefix_mask(3) | (0xfcff_ffff << 32),
        kind: CarriesIpv4,
        what: "an ISATAP address",
    },
    v6([0x2000, 0, 0, 0, 0, 0, 0, 0], 3, Global, "a global unicast address"),
];

/// What makes an address one that webhooks may not reach ("a loopback address"), or `None`
/// when it is globally reachable. An address that carries an IPv4 address (IPv4-mapped,
/// -compatible or -translated, NAT64, ISATAP) is judged as that IPv4 address.
pub fn internal_range(ip: IpAddr) -> Option<&'static str> {
    let ip = match ip {
        IpAddr::V4(v4) => v4.to_ipv6_mapped(),
        IpAddr::V6(v6) => v6,
    };
    let Some(range) = RANGES.iter().find(|range| range.contains(ip.to_bits())) else {
        return Some("an address outside global unicast space");
    };
    match range.kind {
        Internal => Some(range.what),
        Global => None,
        CarriesIpv4 => {
            let [.., a, b, c, d] = ip.octets();
            internal_range(IpAddr::V4(Ipv4Addr::new(a, b, c, d)))
        }
    }
}

#[cfg(test)]
mod tests;
