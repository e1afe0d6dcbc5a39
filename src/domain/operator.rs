//! Operators: the company's people in the console. Who they are comes from outside (the
//! identity provider, a trusted proxy, or a login link the CLI printed); what they may do is
//! their [`Role`] in one organization. Their sessions are server-side: the browser holds only a
//! random token, the database its digest.

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use super::actor::{Actor, Origin, Role};
use super::email::Mailbox;
use super::error::quoted;
use super::secrets::{digest, random_base62};
use super::tenant::{Environment, Principal, Tenant};
use super::Error;

/// The longest subject an operator may have (OpenID Connect's `sub` is at most 255 ASCII
/// characters).
pub const SUBJECT_MAX_BYTES: usize = 255;

/// How a login link lives: long enough to paste, short enough not to linger.
pub const LOGIN_LINK_TTL: TimeDelta = TimeDelta::minutes(15);

const SESSION_TOKEN_PREFIX: &str = "vlo_";
const LOGIN_TOKEN_PREFIX: &str = "vll_";
const TOKEN_RANDOM_LEN: usize = 43;
const CSRF_LEN: usize = 32;

/// How an operator proved who they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LoginMethod {
    /// OpenID Connect against the company's identity provider.
    Oidc,
    /// A reverse proxy's user and groups headers, from a trusted address.
    Proxy,
    /// A single-use link printed by `verilink console login-link`.
    Link,
}

impl LoginMethod {
    pub const ALL: [LoginMethod; 3] = [LoginMethod::Oidc, LoginMethod::Proxy, LoginMethod::Link];

    pub fn as_str(self) -> &'static str {
        match self {
            LoginMethod::Oidc => "oidc",
            LoginMethod::Proxy => "proxy",
            LoginMethod::Link => "link",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == value)
    }
}

/// A person of one organization with a role there, as their login established.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Operator {
    pub organization_id: String,
    /// Stable across logins: the identity provider's `sub`, the proxy's user, or
    /// `email:<address>` for a login link.
    pub subject: String,
    pub email: String,
    pub role: Role,
}

impl Operator {
    /// Checks what an identity source said: a subject of at most 255 bytes with no control
    /// characters, and an email address.
    pub fn new(
        organization_id: &str,
        subject: &str,
        email: &str,
        role: Role,
    ) -> Result<Self, Error> {
        let subject = subject.trim();
        if subject.is_empty()
            || subject.len() > SUBJECT_MAX_BYTES
            || subject.chars().any(char::is_control)
        {
            return Err(Error::invalid(
                "subject",
                format!("an operator's subject is 1 to {SUBJECT_MAX_BYTES} bytes, no control characters"),
            ));
        }
        Ok(Operator {
            organization_id: organization_id.to_owned(),
            subject: subject.to_owned(),
            email: Mailbox::parse("email", email)?.to_string().to_lowercase(),
            role,
        })
    }

    /// The subject of someone who logs in with a link: their address, which is all the CLI
    /// knows of them.
    pub fn link_subject(email: &str) -> String {
        format!("email:{}", email.to_lowercase())
    }

    /// The caller this operator is in `environment`.
    pub fn principal(&self, environment: Environment) -> Principal {
        Principal {
            tenant: Tenant {
                organization_id: self.organization_id.clone(),
                environment,
            },
            actor: Actor::operator(&self.subject, &self.email, Origin::default()),
            role: self.role,
        }
    }
}

/// Which groups of the identity provider (or the proxy) make whom an operator of which
/// organization: `ORG:ROLE=GROUP` rules, e.g. `acme:admin=verilink-admins`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoleMap {
    rules: Vec<GroupRule>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct GroupRule {
    organization: String,
    role: Role,
    group: String,
}

impl RoleMap {
    /// Parses comma-separated `ORG:ROLE=GROUP` rules (the organization by name or ID).
    pub fn parse(text: &str) -> Result<Self, String> {
        let rules = text
            .split(',')
            .map(str::trim)
            .filter(|rule| !rule.is_empty())
            .map(|rule| {
                let bad =
                    || format!("{rule:?} is not ORG:ROLE=GROUP (e.g. acme:admin=verilink-admins)");
                let (target, group) = rule.split_once('=').ok_or_else(bad)?;
                let (organization, role) = target.rsplit_once(':').ok_or_else(bad)?;
                let role = Role::parse(role.trim())
                    .ok_or_else(|| format!("{rule:?}: the role is viewer, reviewer or admin"))?;
                let (organization, group) = (organization.trim(), group.trim());
                if organization.is_empty() || group.is_empty() {
                    return Err(bad());
                }
                Ok(GroupRule {
                    organization: organization.to_owned(),
                    role,
                    group: group.to_owned(),
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(RoleMap { rules })
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The organization (as the rules name it) and role that `groups` give: the first
    /// organization a rule matches, with the highest role its matching rules give there.
    pub fn resolve(&self, groups: &[String]) -> Option<(&str, Role)> {
        let matches = |rule: &&GroupRule| groups.iter().any(|g| g == &rule.group);
        let first = self.rules.iter().find(matches)?;
        let role = self
            .rules
            .iter()
            .filter(matches)
            .filter(|rule| rule.organization == first.organization)
            .map(|rule| rule.role)
            .max()?;
        Some((&first.organization, role))
    }

    /// The groups that give any role, for the page that refuses someone in none of them.
    pub fn groups(&self) -> Vec<&str> {
        let mut groups: Vec<&str> = self.rules.iter().map(|r| r.group.as_str()).collect();
        groups.dedup();
        groups
    }
}

/// How long a session lasts: idle and absolute, both settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionLimits {
    pub idle_timeout: TimeDelta,
    pub lifetime: TimeDelta,
}

impl Default for SessionLimits {
    fn default() -> Self {
        SessionLimits {
            idle_timeout: TimeDelta::minutes(30),
            lifetime: TimeDelta::hours(12),
        }
    }
}

/// An operator's session as stored (its token is only a digest there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperatorSession {
    pub id: String,
    pub operator: Operator,
    pub method: LoginMethod,
    /// The environment the console shows (a switch in the console changes it).
    pub environment: Environment,
    /// The token forms carry against cross-site posts, bound to this session.
    pub csrf: String,
    /// IANA name of the zone dates are shown in.
    pub time_zone: String,
    pub create_time: DateTime<Utc>,
    pub last_seen_time: DateTime<Utc>,
    pub end_time: Option<DateTime<Utc>>,
}

impl OperatorSession {
    /// Why the session can no longer be used at `now`, if it cannot.
    pub fn refusal(&self, limits: SessionLimits, now: DateTime<Utc>) -> Option<&'static str> {
        if self.end_time.is_some() {
            Some("the session was ended (logged out)")
        } else if now >= self.create_time + limits.lifetime {
            Some("the session reached its lifetime; log in again")
        } else if now >= self.last_seen_time + limits.idle_timeout {
            Some("the session was idle too long; log in again")
        } else {
            None
        }
    }
}

/// A new secret for a session or a login link: the token the browser (or the CLI's user)
/// holds, and the digest stored.
pub struct NewToken {
    pub token: String,
    pub digest: Vec<u8>,
}

fn new_token(prefix: &str) -> Result<NewToken, Error> {
    let token = format!("{prefix}{}", random_base62(TOKEN_RANDOM_LEN)?);
    Ok(NewToken {
        digest: digest(&token),
        token,
    })
}

pub fn new_session_token() -> Result<NewToken, Error> {
    new_token(SESSION_TOKEN_PREFIX)
}

pub fn new_login_token() -> Result<NewToken, Error> {
    new_token(LOGIN_TOKEN_PREFIX)
}

/// A session's ID (`opsn_…`): what the audit and logs may name, never the token.
pub fn new_session_id() -> Result<String, Error> {
    Ok(format!("opsn_{}", random_base62(24)?))
}

pub fn new_csrf_token() -> Result<String, Error> {
    random_base62(CSRF_LEN)
}

/// The digest of a presented token of `prefix`, if it is shaped like one of ours (anything
/// else is refused without a lookup).
fn presented(prefix: &str, token: &str) -> Option<Vec<u8>> {
    let random = token.strip_prefix(prefix)?;
    (random.len() == TOKEN_RANDOM_LEN && random.bytes().all(|b| b.is_ascii_alphanumeric()))
        .then(|| digest(token))
}

pub fn session_token_digest(token: &str) -> Option<Vec<u8>> {
    presented(SESSION_TOKEN_PREFIX, token)
}

pub fn login_token_digest(token: &str) -> Option<Vec<u8>> {
    presented(LOGIN_TOKEN_PREFIX, token)
}

/// Compares two CSRF tokens in time independent of where they differ.
pub fn same_csrf(expected: &str, presented: &str) -> bool {
    expected.len() == presented.len()
        && expected
            .bytes()
            .zip(presented.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The longest time zone name accepted (IANA names are far shorter).
const TIME_ZONE_MAX_BYTES: usize = 64;

/// An IANA time zone name as an operator chose it: `Europe/Madrid`, `UTC`.
pub fn check_time_zone(name: &str) -> Result<String, Error> {
    let name = name.trim();
    let known = name.len() <= TIME_ZONE_MAX_BYTES && name.parse::<chrono_tz::Tz>().is_ok();
    if !known {
        return Err(Error::invalid(
            "time_zone",
            format!(
                "{} is not an IANA time zone such as Europe/Madrid or UTC",
                quoted(name)
            ),
        ));
    }
    Ok(name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(now: DateTime<Utc>) -> OperatorSession {
        OperatorSession {
            id: "s".into(),
            operator: Operator::new("org_x", "sub", "Ops@Acme.example", Role::Admin).unwrap(),
            method: LoginMethod::Link,
            environment: Environment::Sandbox,
            csrf: "c".into(),
            time_zone: "UTC".into(),
            create_time: now,
            last_seen_time: now,
            end_time: None,
        }
    }

    #[test]
    fn sessions_end_when_idle_past_their_lifetime_or_logged_out() {
        let now = DateTime::<Utc>::UNIX_EPOCH;
        let limits = SessionLimits::default();
        let mut s = session(now);
        assert_eq!(s.operator.email, "ops@acme.example");
        assert_eq!(s.refusal(limits, now + TimeDelta::minutes(29)), None);
        assert!(s.refusal(limits, now + TimeDelta::minutes(30)).is_some());
        s.last_seen_time = now + TimeDelta::hours(11) + TimeDelta::minutes(50);
        assert_eq!(
            s.refusal(limits, now + TimeDelta::hours(11) + TimeDelta::minutes(59)),
            None
        );
        assert!(s.refusal(limits, now + TimeDelta::hours(12)).is_some());
        s.end_time = Some(now);
        assert!(s.refusal(limits, now).is_some());
    }

    #[test]
    fn tokens_are_recognised_by_shape_before_any_lookup() {
        let session = new_session_token().unwrap();
        assert_eq!(session_token_digest(&session.token), Some(session.digest));
        assert_eq!(
            login_token_digest(&session.token),
            None,
            "not a login token"
        );
        let login = new_login_token().unwrap();
        assert_eq!(login_token_digest(&login.token), Some(login.digest));
        assert_eq!(session_token_digest("vlo_short"), None);
        assert_eq!(
            session_token_digest(&format!("vlo_{}", "é".repeat(43))),
            None
        );
    }

    #[test]
    fn groups_give_the_highest_role_in_the_first_organization_they_name() {
        let map = RoleMap::parse(
            "acme:viewer=auditors, acme:admin=verilink-admins,globex:reviewer=kyc, acme:reviewer=kyc",
        )
        .unwrap();
        let groups = |gs: &[&str]| gs.iter().map(|g| (*g).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            map.resolve(&groups(&["auditors"])),
            Some(("acme", Role::Viewer))
        );
        assert_eq!(
            map.resolve(&groups(&["kyc", "auditors"])),
            Some(("acme", Role::Reviewer)),
            "acme's rules come first; kyc is acme's reviewer too"
        );
        assert_eq!(
            map.resolve(&groups(&["verilink-admins", "auditors"])),
            Some(("acme", Role::Admin))
        );
        assert_eq!(map.resolve(&groups(&["marketing"])), None);
        assert_eq!(map.resolve(&[]), None);
        for bad in ["acme=admins", "acme:root=x", ":admin=x", "acme:admin="] {
            assert!(RoleMap::parse(bad).is_err(), "{bad}");
        }
        assert!(RoleMap::parse("").unwrap().is_empty());
    }

    #[test]
    fn subjects_emails_and_time_zones_are_checked() {
        assert!(Operator::new("org_x", "", "a@b.example", Role::Viewer).is_err());
        assert!(Operator::new("org_x", "s\u{7}", "a@b.example", Role::Viewer).is_err());
        assert!(Operator::new("org_x", &"s".repeat(256), "a@b.example", Role::Viewer).is_err());
        assert!(Operator::new("org_x", "s", "not an address", Role::Viewer).is_err());
        assert_eq!(check_time_zone(" Europe/Madrid ").unwrap(), "Europe/Madrid");
        assert!(check_time_zone("Mars/Olympus").is_err());
        assert!(same_csrf("abc", "abc") && !same_csrf("abc", "abd") && !same_csrf("abc", "ab"));
    }
}
