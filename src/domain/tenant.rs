//! Who is calling: every resource belongs to one (organization, environment) pair.

use serde::{Deserialize, Serialize};

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

/// An authenticated API key: its tenant, its own ID (recorded as an inquiry's creator) and its
/// name (shown as the actor of what it changes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principal {
    pub tenant: Tenant,
    pub api_key_id: String,
    pub api_key_name: String,
}
