//! Emailed one-time links: the recipient's address, what the email says (per template and
//! language; English and Spanish built in), composing a message from it, keeping the queued
//! message, and the retry schedule. Pure: the mailer (`worker::mailer`) does the sending.

use std::collections::BTreeMap;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::error::Violations;
use super::Error;

mod smtp;
pub use smtp::*;

mod outbox;
pub use outbox::*;

mod message;
pub use message::*;

mod address;
pub use address::*;

/// Validates the sender (`VERILINK_EMAIL_FROM`): an address, optionally with a display name
/// (`Verilink <no-reply@example.com>`).
pub fn check_sender(from: &str) -> Result<String, String> {
    lettre::message::Mailbox::from_str(from.trim())
        .map(|mailbox| mailbox.to_string())
        .map_err(|e| format!("VERILINK_EMAIL_FROM {from:?} is not an email address: {e}"))
}

pub const LANGUAGE_MAX_LEN: usize = 35;

/// Validates a language tag (BCP 47 shape: `en`, `es-MX`, `zh-Hant-TW`) and writes it the
/// usual way: language lowercase, region uppercase, script titlecase.
pub fn check_language(field: &str, tag: &str) -> Result<String, Error> {
    let invalid = || {
        Error::invalid(
            field,
            "must be a language tag such as en, es or pt-BR (BCP 47)",
        )
    };
    let mut subtags = tag.trim().split('-');
    let primary = subtags.next().unwrap_or_default();
    if tag.len() > LANGUAGE_MAX_LEN
        || !(2..=3).contains(&primary.len())
        || !primary.bytes().all(|b| b.is_ascii_alphabetic())
    {
        return Err(invalid());
    }
    let mut normalized = primary.to_ascii_lowercase();
    for subtag in subtags {
        if !(1..=8).contains(&subtag.len()) || !subtag.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(invalid());
        }
        normalized.push('-');
        let alphabetic = subtag.bytes().all(|b| b.is_ascii_alphabetic());
        match subtag.len() {
            2 if alphabetic => normalized.push_str(&subtag.to_ascii_uppercase()),
            4 if alphabetic => {
                normalized.push_str(&subtag[..1].to_ascii_uppercase());
                normalized.push_str(&subtag[1..].to_ascii_lowercase());
            }
            _ => normalized.push_str(&subtag.to_ascii_lowercase()),
        }
    }
    Ok(normalized)
}

/// A template's email settings: its own texts by language (normalized tags), and the language
/// used when a request names none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailSettings {
    pub default_language: String,
    pub templates: BTreeMap<String, EmailTemplate>,
}

impl Default for EmailSettings {
    fn default() -> Self {
        EmailSettings {
            default_language: DEFAULT_LANGUAGE.to_owned(),
            templates: BTreeMap::new(),
        }
    }
}

impl EmailSettings {
    /// Validated settings from what a caller sent (an empty default language is English);
    /// every violation is added to `v`.
    pub fn check(
        default_language: &str,
        templates: &BTreeMap<String, EmailTemplate>,
        v: &mut Violations,
    ) -> EmailSettings {
        if templates.len() > MAX_LANGUAGES {
            v.add(
                "email_templates",
                format!("at most {MAX_LANGUAGES} languages"),
            );
        }
        let mut checked = BTreeMap::new();
        for (tag, template) in templates {
            let field = format!("email_templates[{tag}]");
            let Some(language) = v.check(check_language(&field, tag)) else {
                continue;
            };
            template.check(&field, v);
            if checked.insert(language, template.clone()).is_some() {
                v.add(&field, "names a language already given");
            }
        }
        let default_language = match default_language.trim() {
            "" => DEFAULT_LANGUAGE.to_owned(),
            tag => v
                .check(check_language("default_language", tag))
                .unwrap_or_else(|| DEFAULT_LANGUAGE.to_owned()),
        };
        let settings = EmailSettings {
            default_language,
            templates: checked,
        };
        if let Err(e) = settings.template_for(None, "default_language") {
            v.check::<()>(Err(e));
        }
        settings
    }

    /// The language and template of an email: the one asked for (else the default), by its
    /// full tag, then by its primary language (`es-MX` → `es`); the template's own text before
    /// the built-in one. `field` names the request's language in the error.
    pub fn template_for(
        &self,
        requested: Option<&str>,
        field: &str,
    ) -> Result<(String, EmailTemplate), Error> {
        let wanted = requested.unwrap_or(&self.default_language);
        let primary = wanted.split('-').next().unwrap_or(wanted);
        for candidate in [wanted, primary] {
            if let Some(template) = self.templates.get(candidate) {
                return Ok((candidate.to_owned(), template.clone()));
            }
            if let Some(template) = builtin(candidate) {
                return Ok((candidate.to_owned(), template));
            }
        }
        let mut available: Vec<&str> = vec!["en", "es"];
        available.extend(self.templates.keys().map(String::as_str));
        available.sort_unstable();
        available.dedup();
        Err(Error::invalid(
            field,
            format!(
                "no email template for language {wanted:?}; available: {}",
                available.join(", ")
            ),
        ))
    }
}

/// The built-in texts (English and Spanish).
pub fn builtin(language: &str) -> Option<EmailTemplate> {
    let (subject, text, lead, button, fine_print) = match language {
        "en" => (
            "Your verification link",
            "Hello,\n\nYou have been asked to complete a verification ({{template_name}}). \
             Open this link to continue:\n\n{{link_url}}\n\nThe link works once and expires on \
             {{expires_at}}. If you did not expect this email, you can ignore it.\n",
            "You have been asked to complete a verification ({{template_name}}).",
            "Continue",
            "The link works once and expires on {{expires_at}}. If you did not expect this \
             email, you can ignore it. If the button does not work, open this address: \
             {{link_url}}",
        ),
        "es" => (
            "Tu enlace de verificación",
            "Hola:\n\nSe te ha pedido completar una verificación ({{template_name}}). \
             Abre este enlace para continuar:\n\n{{link_url}}\n\nEl enlace funciona una sola \
             vez y caduca el {{expires_at}}. Si no esperabas este correo, puedes ignorarlo.\n",
            "Se te ha pedido completar una verificación ({{template_name}}).",
            "Continuar",
            "El enlace funciona una sola vez y caduca el {{expires_at}}. Si no esperabas este \
             correo, puedes ignorarlo. Si el botón no funciona, abre esta dirección: \
             {{link_url}}",
        ),
        _ => return None,
    };
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{language}\">\n<head><meta charset=\"utf-8\">\
         <title>{subject}</title></head>\n<body style=\"font-family: sans-serif; \
         line-height: 1.5; color: #1a1a1a;\">\n<p>{lead}</p>\n<p><a href=\"{{{{link_url}}}}\" \
         style=\"display: inline-block; padding: 0.6em 1.2em; background: #1d4ed8; \
         color: #ffffff; text-decoration: none; border-radius: 4px;\">{button}</a></p>\n\
         <p style=\"font-size: 0.9em; color: #4a4a4a;\">{fine_print}</p>\n</body>\n</html>\n"
    );
    Some(EmailTemplate {
        subject: subject.to_owned(),
        text_body: text.to_owned(),
        html_body: html,
    })
}

#[cfg(test)]
mod tests;
