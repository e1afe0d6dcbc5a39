//! Secrets (API keys, session tokens, link codes) are random from the OS CSPRNG, shown once,
//! and stored only as SHA-256 digests. They carry at least 128 bits of entropy, so a plain
//! digest (not a slow password hash) is enough to make a leaked table useless.

use rand::rngs::SysRng;
use rand::TryRng;
use sha2::{Digest, Sha256};

use super::tenant::Environment;
use super::{Error, Reason};

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// Characters of randomness in an API key or session token (32 × log2(62) ≈ 190 bits).
pub const SECRET_RANDOM_LEN: usize = 32;

pub const API_KEY_PREFIX: &str = "vlk_";
pub const SESSION_TOKEN_PREFIX: &str = "vls_";

/// `len` characters of base62, each drawn without modulo bias from OS randomness.
pub fn random_base62(len: usize) -> Result<String, Error> {
    let mut out = String::with_capacity(len);
    let mut buf = [0u8; 64];
    while out.len() < len {
        SysRng
            .try_fill_bytes(&mut buf)
            .map_err(|_| Error::precondition(Reason::RandomnessUnavailable, "no OS randomness"))?;
        // 248 = 4 × 62: bytes at or above it are discarded so every character is equally likely.
        for b in buf.iter().filter(|b| **b < 248) {
            if out.len() == len {
                break;
            }
            out.push(BASE62[usize::from(*b % 62)] as char);
        }
    }
    Ok(out)
}

pub fn digest(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

/// A freshly generated API key: the secret is shown once, only the digest is stored.
pub struct NewApiKey {
    pub secret: String,
    pub digest: Vec<u8>,
    /// Enough of the key to recognise it in a listing, never enough to use it.
    pub display_prefix: String,
}

pub fn generate_api_key(environment: Environment) -> Result<NewApiKey, Error> {
    let secret = format!(
        "{API_KEY_PREFIX}{}_{}",
        environment.as_str(),
        random_base62(SECRET_RANDOM_LEN)?
    );
    let display_prefix = secret[..secret.len() - SECRET_RANDOM_LEN + 4].to_owned();
    Ok(NewApiKey {
        digest: digest(&secret),
        display_prefix,
        secret,
    })
}

/// Crockford's base32: no I, L, O or U, so a short code survives being read aloud or retyped.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

pub const SHORT_CODE_LEN: usize = 10;

/// The two codes of a one-time link, each stored only as a digest.
pub struct LinkCodes {
    /// 32 base62 characters: about 190 bits.
    pub code: String,
    /// 10 Crockford base32 characters: 50 bits, for short URLs; guessing is throttled.
    pub short_code: String,
    pub code_digest: Vec<u8>,
    pub short_code_digest: Vec<u8>,
}

pub fn generate_link_codes() -> Result<LinkCodes, Error> {
    let code = random_base62(SECRET_RANDOM_LEN)?;
    let mut bytes = [0u8; SHORT_CODE_LEN];
    SysRng
        .try_fill_bytes(&mut bytes)
        .map_err(|_| Error::precondition(Reason::RandomnessUnavailable, "no OS randomness"))?;
    // 256 is a multiple of 32, so `% 32` is unbiased.
    let short_code: String = bytes
        .iter()
        .map(|b| CROCKFORD[usize::from(b % 32)] as char)
        .collect();
    Ok(LinkCodes {
        code_digest: digest(&code),
        short_code_digest: digest(&short_code),
        code,
        short_code,
    })
}

/// The digest to look a presented code up by. Short codes are case-insensitive, may carry
/// hyphens, and read I/L as 1 and O as 0 (Crockford's decoding rules).
pub fn redeemable_code_digest(presented: &str) -> Option<Vec<u8>> {
    let trimmed = presented.trim();
    let short: String = trimmed
        .chars()
        .filter(|c| *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'I' | 'L' => '1',
            'O' => '0',
            other => other,
        })
        .collect();
    if short.len() == SHORT_CODE_LEN && short.bytes().all(|b| CROCKFORD.contains(&b)) {
        Some(digest(&short))
    } else if trimmed.len() == SECRET_RANDOM_LEN
        && trimmed.bytes().all(|b| b.is_ascii_alphanumeric())
    {
        Some(digest(trimmed))
    } else {
        None
    }
}

/// A session token (`vls_…`), shown once; only its digest is stored.
pub fn generate_session_token() -> Result<(String, Vec<u8>), Error> {
    let token = format!(
        "{SESSION_TOKEN_PREFIX}{}",
        random_base62(SECRET_RANDOM_LEN)?
    );
    let token_digest = digest(&token);
    Ok((token, token_digest))
}

/// Seals `plaintext` (a stored response that may hold secrets) with a key derived from
/// `key_material` that is not stored beside it: `nonce ‖ ciphertext`.
pub fn seal(key_material: &str, plaintext: &[u8]) -> Result<Vec<u8>, Error> {
    seal_bound(RESPONSE_LABEL, key_material, b"", plaintext)
}

/// Opens what [`seal`] produced with the same key material; `None` if it does not authenticate.
pub fn open_sealed(key_material: &str, sealed: &[u8]) -> Option<Vec<u8>> {
    open_bound(RESPONSE_LABEL, key_material, b"", sealed)
}

const RESPONSE_LABEL: &str = "verilink sealed response v1";

/// Seals `plaintext` with ChaCha20-Poly1305 under a key derived from `key_material` for one
/// purpose (`label`), bound to `context` (authenticated, not stored): `nonce ‖ ciphertext`.
/// What was sealed for one purpose or context never opens for another.
pub fn seal_bound(
    label: &str,
    key_material: &str,
    context: &[u8],
    plaintext: &[u8],
) -> Result<Vec<u8>, Error> {
    use chacha20poly1305::aead::{Aead, KeyInit, Payload};
    let cipher = chacha20poly1305::ChaCha20Poly1305::new(&sealing_key(label, key_material).into());
    let mut nonce = [0u8; 12];
    SysRng
        .try_fill_bytes(&mut nonce)
        .map_err(|_| Error::precondition(Reason::RandomnessUnavailable, "no OS randomness"))?;
    let payload = Payload {
        msg: plaintext,
        aad: context,
    };
    let ciphertext = cipher
        .encrypt(&nonce.into(), payload)
        .map_err(|_| Error::precondition(Reason::SealingFailed, "could not seal the data"))?;
    Ok([nonce.as_slice(), &ciphertext].concat())
}

/// Opens what [`seal_bound`] produced with the same label, key material and context.
pub fn open_bound(
    label: &str,
    key_material: &str,
    context: &[u8],
    sealed: &[u8],
) -> Option<Vec<u8>> {
    use chacha20poly1305::aead::{Aead, KeyInit, Payload};
    let (nonce, ciphertext) = sealed.split_at_checked(12)?;
    let cipher = chacha20poly1305::ChaCha20Poly1305::new(&sealing_key(label, key_material).into());
    let payload = Payload {
        msg: ciphertext,
        aad: context,
    };
    cipher.decrypt(nonce.into(), payload).ok()
}

fn sealing_key(label: &str, key_material: &str) -> [u8; 32] {
    Sha256::new()
        .chain_update(label.as_bytes())
        .chain_update([0])
        .chain_update(key_material.as_bytes())
        .finalize()
        .into()
}

/// A secret setting (a key, a password): usable, but never shown by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretString(String);

impl SecretString {
    pub fn new(secret: impl Into<String>) -> Self {
        SecretString(secret.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for SecretString {
    type Err = std::convert::Infallible;

    fn from_str(secret: &str) -> Result<Self, Self::Err> {
        Ok(SecretString::new(secret))
    }
}

impl std::fmt::Debug for SecretString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretString([redacted])")
    }
}

/// The operator's keys for secrets the service must keep readable (webhook signing secrets):
/// `VERILINK_ENCRYPTION_KEY` seals them, and opens them together with
/// `VERILINK_ENCRYPTION_KEY_PREVIOUS` while a rotation re-seals what the old key sealed.
/// Without a key, such secrets are stored as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keyring {
    pub current: Option<SecretString>,
    pub previous: Option<SecretString>,
}

/// How a sealed secret starts in its column (a plain one starts `whsec_`).
const SEALED_PREFIX: &str = "sealed:v1:";
const WEBHOOK_SECRET_LABEL: &str = "verilink webhook secret v1";

impl Keyring {
    /// `secret` as stored: sealed for `owner` (the webhook's ID) under the current key, or as
    /// it is without one.
    pub fn seal_secret(&self, owner: &str, secret: &str) -> Result<String, Error> {
        use base64::engine::general_purpose::STANDARD;
        use base64::Engine;
        let Some(key) = &self.current else {
            return Ok(secret.to_owned());
        };
        let sealed = seal_bound(
            WEBHOOK_SECRET_LABEL,
            key.expose(),
            owner.as_bytes(),
            secret.as_bytes(),
        )?;
        Ok(format!("{SEALED_PREFIX}{}", STANDARD.encode(sealed)))
    }

    /// The secret behind a stored value, with the current key or the previous one; `None` if
    /// neither opens it.
    pub fn open_secret(&self, owner: &str, stored: &str) -> Option<String> {
        use base64::engine::general_purpose::STANDARD;
        use base64::Engine;
        let Some(sealed) = stored.strip_prefix(SEALED_PREFIX) else {
            return Some(stored.to_owned());
        };
        let sealed = STANDARD.decode(sealed).ok()?;
        self.open(WEBHOOK_SECRET_LABEL, owner.as_bytes(), &sealed)
            .and_then(|plain| String::from_utf8(plain).ok())
    }

    /// Opens what [`seal_bound`] sealed for `label` and `context` under the current key or,
    /// during a rotation, the previous one; `None` if neither opens it.
    pub fn open(&self, label: &str, context: &[u8], sealed: &[u8]) -> Option<Vec<u8>> {
        [&self.current, &self.previous]
            .into_iter()
            .flatten()
            .find_map(|key| open_bound(label, key.expose(), context, sealed))
    }

    /// Whether a stored value is already sealed under the current key (or needs no sealing).
    pub fn is_current(&self, owner: &str, stored: &str) -> bool {
        use base64::engine::general_purpose::STANDARD;
        use base64::Engine;
        match (&self.current, stored.strip_prefix(SEALED_PREFIX)) {
            (None, sealed) => sealed.is_none(),
            (Some(_), None) => false,
            (Some(key), Some(sealed)) => STANDARD.decode(sealed).ok().is_some_and(|sealed| {
                open_bound(
                    WEBHOOK_SECRET_LABEL,
                    key.expose(),
                    owner.as_bytes(),
                    &sealed,
                )
                .is_some()
            }),
        }
    }
}

/// A bearer credential as presented, classified by its shape before any lookup.
#[derive(Debug, PartialEq, Eq)]
pub enum Credential {
    ApiKey {
        environment: Environment,
        digest: Vec<u8>,
    },
    SessionToken {
        digest: Vec<u8>,
    },
}

/// Parses an `authorization` header value: `Bearer vlk_<env>_<secret>` or `Bearer vls_<secret>`.
pub fn parse_bearer(header: Option<&str>) -> Result<Credential, Error> {
    let header = header.ok_or_else(|| {
        Error::unauthenticated(
            Reason::CredentialsMissing,
            "missing authorization metadata: send `authorization: Bearer <key>`",
        )
    })?;
    let malformed = || {
        Error::unauthenticated(
            Reason::CredentialsMalformed,
            "authorization must be `Bearer vlk_<environment>_<secret>` or `Bearer vls_<secret>`",
        )
    };
    let token = header
        .strip_prefix("Bearer ")
        .or_else(|| header.strip_prefix("bearer "))
        .map(str::trim)
        .ok_or_else(malformed)?;
    let well_formed_secret =
        |s: &str| s.len() == SECRET_RANDOM_LEN && s.bytes().all(|b| b.is_ascii_alphanumeric());
    if let Some(rest) = token.strip_prefix(SESSION_TOKEN_PREFIX) {
        return if well_formed_secret(rest) {
            Ok(Credential::SessionToken {
                digest: digest(token),
            })
        } else {
            Err(malformed())
        };
    }
    let rest = token.strip_prefix(API_KEY_PREFIX).ok_or_else(malformed)?;
    let (env, secret) = rest.split_once('_').ok_or_else(malformed)?;
    let environment = Environment::parse(env).ok_or_else(malformed)?;
    if !well_formed_secret(secret) {
        return Err(malformed());
    }
    Ok(Credential::ApiKey {
        environment,
        digest: digest(token),
    })
}

#[cfg(test)]
mod tests;
