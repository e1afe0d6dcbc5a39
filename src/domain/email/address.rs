//! Email addresses, read as RFC 5321/5322 write them (with RFC 6532's UTF-8) and written one
//! canonical way, so that every spelling of one mailbox is one address: to send to, to store,
//! and to count against the per-recipient limit.

use std::fmt;

use serde::{Serialize, Serializer};
use sha2::{Digest, Sha256};

use crate::domain::Error;

pub const ADDRESS_MAX_LEN: usize = 254;
/// RFC 5321 §4.5.3.1.1.
const LOCAL_MAX_LEN: usize = 64;

/// Top-level names that are never a public mail domain: special-use names (RFC 6761
/// `localhost` and `invalid`, RFC 6762 `local`, RFC 7686 `onion`, RFC 9476 `alt`, the `arpa`
/// infrastructure zone with RFC 8375 `home.arpa`), ICANN's reserved `internal`, and the names
/// private networks commonly use (`lan`, `home`, `corp`, `intranet`). `example` and `test`
/// (RFC 2606) are kept: documentation and test set-ups send to them.
const NOT_PUBLIC: [&str; 11] = [
    "localhost",
    "local",
    "invalid",
    "onion",
    "alt",
    "arpa",
    "internal",
    "lan",
    "home",
    "corp",
    "intranet",
];

/// A mailbox in its canonical form: the local part unquoted when it needs no quotes
/// (`"ada"` and `"a\da"` are `ada`), otherwise quoted with only `"` and `\` escaped, its case
/// kept (RFC 5321 leaves it to the receiving server); the domain in ASCII (IDNA 2008 / UTS #46:
/// `Bücher.example` is `xn--bcher-kva.example`) and lower case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailbox {
    local: String,
    domain: String,
}

impl fmt::Display for Mailbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.local, self.domain)
    }
}

impl Serialize for Mailbox {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// RFC 5322 `atext`, with RFC 6532's non-ASCII characters.
fn is_atext(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c) || !c.is_ascii()
}

/// Whether `local` is a dot-atom: atoms of `atext` joined by single dots.
fn is_dot_atom(local: &str) -> bool {
    local
        .split('.')
        .all(|atom| !atom.is_empty() && atom.chars().all(is_atext))
}

/// Reads a quoted local part after its opening quote: its content with the quoted pairs
/// resolved, and what follows the closing quote.
fn unquote(text: &str) -> Option<(String, &str)> {
    let mut content = String::new();
    let mut chars = text.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => return Some((content, &text[at + 1..])),
            '\\' => content.push(chars.next()?.1),
            c => content.push(c),
        }
    }
    None
}

/// The domain in ASCII, lower case, if it is a host name (UTS #46 with the STD3 rules and
/// DNS lengths: letters, digits and inner hyphens, labels of 1 to 63, no trailing dot).
fn ascii_domain(domain: &str) -> Option<String> {
    use idna::uts46::{AsciiDenyList, DnsLength, Hyphens, Uts46};
    let ascii = Uts46::new()
        .to_ascii(
            domain.as_bytes(),
            AsciiDenyList::STD3,
            Hyphens::CheckFirstLast,
            DnsLength::Verify,
        )
        .ok()?;
    Some(ascii.into_owned())
}

impl Mailbox {
    /// Reads a plain `local@domain` address (no display name, no comments, no spaces), at most
    /// 254 characters; what is wrong is said for the request field `field`. A domain must be
    /// a host name: an address literal (`[127.0.0.1]`) or a bare IP address is refused.
    pub fn parse(field: &str, address: &str) -> Result<Mailbox, Error> {
        let invalid = |why: &str| {
            Error::invalid(
                field,
                format!("must be an email address such as name@example.com{why}"),
            )
        };
        let text = address.trim();
        if text.is_empty()
            || text.len() > ADDRESS_MAX_LEN
            || text.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(invalid(&format!(", at most {ADDRESS_MAX_LEN} characters")));
        }
        let (content, rest) = match text.strip_prefix('"') {
            Some(quoted) => unquote(quoted).ok_or_else(|| invalid(": a quote is not closed"))?,
            None => match text.split_once('@') {
                Some((local, _)) if is_dot_atom(local) => (local.to_owned(), &text[local.len()..]),
                _ => return Err(invalid("")),
            },
        };
        let domain = rest.strip_prefix('@').ok_or_else(|| invalid(""))?;
        if domain.starts_with('[') {
            return Err(invalid(": its domain must be a name, not an IP address"));
        }
        let domain = ascii_domain(domain).ok_or_else(|| invalid(""))?;
        let last = domain.rsplit('.').next().unwrap_or_default();
        if last.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid(": its domain must be a name, not an IP address"));
        }
        let local = match is_dot_atom(&content) {
            true => content.clone(),
            false => format!("\"{}\"", content.replace('\\', "\\\\").replace('"', "\\\"")),
        };
        if content.is_empty() || local.len() > LOCAL_MAX_LEN {
            return Err(invalid(&format!(
                ": the part before @ is 1 to {LOCAL_MAX_LEN} characters"
            )));
        }
        let mailbox = Mailbox { local, domain };
        if mailbox.to_string().len() > ADDRESS_MAX_LEN {
            return Err(invalid(&format!(", at most {ADDRESS_MAX_LEN} characters")));
        }
        Ok(mailbox)
    }

    /// Reads an address that Verilink may send to: as [`Mailbox::parse`], and its domain
    /// public — not `localhost` or a name under it, not a single label (`mailhost`), not a
    /// special-use or private-network name (see [`NOT_PUBLIC`]).
    pub fn recipient(field: &str, address: &str) -> Result<Mailbox, Error> {
        let mailbox = Mailbox::parse(field, address)?;
        let top = mailbox.domain.rsplit('.').next().unwrap_or_default();
        if !mailbox.domain.contains('.') || NOT_PUBLIC.contains(&top) {
            return Err(Error::invalid(
                field,
                format!(
                    "{} is not a public mail domain: addresses at localhost, single-label \
                     names and special-use or private names ({}) are refused",
                    mailbox.domain,
                    NOT_PUBLIC.map(|n| format!(".{n}")).join(", ")
                ),
            ));
        }
        Ok(mailbox)
    }

    /// The local part as written in the canonical form (quoted only if it must be).
    pub fn local(&self) -> &str {
        &self.local
    }

    /// The domain, in ASCII and lower case.
    pub fn domain(&self) -> &str {
        &self.domain
    }

    /// The mailbox the per-recipient limit counts: the canonical address in lower case (most
    /// servers ignore case, and counting two spellings as one errs on the safe side), without
    /// a `+tag` subaddress (RFC 5233), and for Gmail without dots (Gmail ignores them; its two
    /// domains are one).
    pub fn limit_key(&self) -> String {
        let mut local = self.local.to_lowercase();
        let mut domain = self.domain.as_str();
        if !local.starts_with('"') {
            if let Some((base, _tag)) = local.split_once('+').filter(|(b, _)| !b.is_empty()) {
                local = base.to_owned();
            }
            if matches!(domain, "gmail.com" | "googlemail.com") {
                local.retain(|c| c != '.');
                domain = "gmail.com";
            }
        }
        format!("{local}@{domain}")
    }

    /// The SHA-256 digest of [`Mailbox::limit_key`]: what the store keeps to count on, so the
    /// count outlives the address when an inquiry is redacted.
    pub fn limit_digest(&self) -> Vec<u8> {
        Sha256::digest(self.limit_key().as_bytes()).to_vec()
    }
}
