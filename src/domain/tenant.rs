//! Who is calling: every resource belongs to one (organization, environment) pair.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::actor::{Actor, Origin, Role};
use super::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    Sandbox,
    Live,
}

impl Environment {
    pub const ALL: [Environment; 2] = [Environment::Sandbox, Environment::Live];

    /// The value stored in the database and shown in webhook bodies.
    pub fn as_str(self) -> &'static str {
        match self {
            Environment::Sandbox => "sandbox",
            Environment::Live => "live",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.as_str() == value)
    }
}

/// The scope of every management-plane query.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Tenant {
    pub organization_id: String,
    pub environment: Environment,
}

/// The longest name of an API key, in characters.
pub const KEY_NAME_MAX_CHARS: usize = 64;

/// An API key's name as given (trimmed): 1 to 64 characters, none of them a control
/// character. It says what uses the key (`billing-service`), and is the actor's display name
/// on everything the key changes.
pub fn check_key_name(name: &str) -> Result<String, Error> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > KEY_NAME_MAX_CHARS {
        return Err(Error::invalid(
            "name",
            format!("a key's name is 1 to {KEY_NAME_MAX_CHARS} characters"),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(Error::invalid(
            "name",
            "a key's name has no control characters",
        ));
    }
    Ok(name.to_owned())
}

/// An API key as it is listed: never its secret (nor the secret's digest).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKey {
    pub id: String,
    pub name: String,
    /// The organization and environment it calls as.
    pub tenant: Tenant,
    /// Enough of the secret to recognise it, never enough to use it.
    pub display_prefix: String,
    pub create_time: DateTime<Utc>,
    pub revoke_time: Option<DateTime<Utc>>,
}

/// An authenticated caller: the tenant it acts in, who it is (the actor of what it changes,
/// without the call's origin, which each call adds) and what it may do. An API key is an
/// administrator of its tenant; an operator has the role their login gave them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principal {
    pub tenant: Tenant,
    pub actor: Actor,
    pub role: Role,
}

impl Principal {
    /// The caller holding the API key `key_id` named `name`.
    pub fn api_key(tenant: Tenant, key_id: &str, name: &str) -> Self {
        Principal {
            tenant,
            actor: Actor::api_key(key_id, name, Origin::default()),
            role: Role::Admin,
        }
    }

    /// Refuses, writing nothing, a use case that needs a role above the caller's.
    pub fn require(&self, needed: Role) -> Result<(), Error> {
        if self.role >= needed {
            return Ok(());
        }
        Err(Error::Forbidden {
            needed,
            message: format!(
                "this needs the {} role; you are {}",
                needed.as_str(),
                self.role.as_str()
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_allows_what_the_roles_below_it_do_and_says_what_is_missing() {
        let tenant = Tenant {
            organization_id: "org_x".into(),
            environment: Environment::Sandbox,
        };
        let mut caller = Principal::api_key(tenant, "key_x", "billing");
        assert!(Role::ALL
            .into_iter()
            .all(|needed| caller.require(needed).is_ok()));
        caller.role = Role::Viewer;
        assert!(caller.require(Role::Viewer).is_ok());
        let refused = caller.require(Role::Reviewer).unwrap_err();
        assert_eq!(refused.reason(), crate::domain::Reason::RoleRequired);
        assert!(refused.to_string().contains("reviewer"), "{refused}");
        caller.role = Role::Reviewer;
        assert!(caller.require(Role::Admin).is_err());
    }
}
