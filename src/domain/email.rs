//! Emailed one-time links: the recipient's address, what the email says (per template and
//! language; English and Spanish built in), composing a message from it, keeping the queued
//! message, and the retry schedule. Pure: the mailer (`worker::mailer`) does the sending.

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use super::error::Violations;
use super::secrets::{seal_bound, Keyring, SecretString};
use super::Error;

pub const ADDRESS_MAX_LEN: usize = 254;

/// Validates a recipient: a plain `name@domain` address (no display name), at most 254
/// characters. The domain is lowercased; the local part is kept as written.
pub fn check_address(field: &str, address: &str) -> Result<String, Error> {
    let invalid = || {
        Error::invalid(
            field,
            format!("must be an email address such as name@example.com, at most {ADDRESS_MAX_LEN} characters"),
        )
    };
    let trimmed = address.trim();
    if trimmed.is_empty()
        || trimmed.len() > ADDRESS_MAX_LEN
        || trimmed.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(invalid());
    }
    let parsed = lettre::Address::from_str(trimmed).map_err(|_| invalid())?;
    Ok(format!(
        "{}@{}",
        parsed.user(),
        parsed.domain().to_ascii_lowercase()
    ))
}

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

/// What one language's email says; see [`compose`] for the placeholders.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailTemplate {
    pub subject: String,
    pub text_body: String,
    /// Empty: made from the text body.
    pub html_body: String,
}

/// The placeholders a template may use, written `{{name}}`.
pub const PLACEHOLDERS: [&str; 4] = ["link_url", "short_url", "expires_at", "template_name"];

pub const SUBJECT_MAX_CHARS: usize = 255;
pub const TEXT_BODY_MAX_BYTES: usize = 16 * 1024;
pub const HTML_BODY_MAX_BYTES: usize = 64 * 1024;
pub const MAX_LANGUAGES: usize = 20;
pub const DEFAULT_LANGUAGE: &str = "en";

/// A template text, cut into literal text and placeholders. A `{{` without a closing `}}`
/// is literal text.
#[derive(Debug, PartialEq)]
enum Piece<'a> {
    Text(&'a str),
    Placeholder(&'a str),
}

fn pieces(mut text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    while let Some(start) = text.find("{{") {
        let Some(length) = text[start + 2..].find("}}") else {
            break;
        };
        if start > 0 {
            out.push(Piece::Text(&text[..start]));
        }
        out.push(Piece::Placeholder(
            text[start + 2..start + 2 + length].trim(),
        ));
        text = &text[start + 2 + length + 2..];
    }
    if !text.is_empty() {
        out.push(Piece::Text(text));
    }
    out
}

fn names_the_link(text: &str) -> bool {
    pieces(text)
        .iter()
        .any(|p| matches!(p, Piece::Placeholder("link_url" | "short_url")))
}

/// Reports the unknown placeholders of one text.
fn check_placeholders(field: &str, text: &str, v: &mut Violations) {
    for piece in pieces(text) {
        if let Piece::Placeholder(name) = piece {
            if !PLACEHOLDERS.contains(&name) {
                v.add(
                    field,
                    format!(
                        "unknown placeholder {{{{{name}}}}}; known: {}",
                        PLACEHOLDERS.map(|p| format!("{{{{{p}}}}}")).join(", ")
                    ),
                );
            }
        }
    }
}

impl EmailTemplate {
    /// Reports every violation of this language's template, its fields under `field`.
    fn check(&self, field: &str, v: &mut Violations) {
        let subject_chars = self.subject.trim().chars().count();
        if subject_chars == 0
            || subject_chars > SUBJECT_MAX_CHARS
            || self.subject.chars().any(char::is_control)
        {
            v.add(
                format!("{field}.subject"),
                format!("is required: 1 to {SUBJECT_MAX_CHARS} characters on one line"),
            );
        }
        let text = format!("{field}.text_body");
        if self.text_body.len() > TEXT_BODY_MAX_BYTES || !names_the_link(&self.text_body) {
            v.add(
                &text,
                format!("is required: at most {TEXT_BODY_MAX_BYTES} bytes, containing {{{{link_url}}}} or {{{{short_url}}}}"),
            );
        }
        let html = format!("{field}.html_body");
        if self.html_body.len() > HTML_BODY_MAX_BYTES
            || !(self.html_body.is_empty() || names_the_link(&self.html_body))
        {
            v.add(
                &html,
                format!("must be at most {HTML_BODY_MAX_BYTES} bytes and contain {{{{link_url}}}} or {{{{short_url}}}}"),
            );
        }
        check_placeholders(&format!("{field}.subject"), &self.subject, v);
        check_placeholders(&text, &self.text_body, v);
        check_placeholders(&html, &self.html_body, v);
    }
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

/// What a link's email may say about it: nothing else of the inquiry goes in.
#[derive(Debug, Clone, Copy)]
pub struct LinkFacts<'a> {
    pub url: &'a str,
    pub short_url: &'a str,
    pub expires_at: DateTime<Utc>,
    pub template_name: &'a str,
}

impl LinkFacts<'_> {
    fn value(&self, placeholder: &str) -> String {
        match placeholder {
            "link_url" => self.url.to_owned(),
            "short_url" => self.short_url.to_owned(),
            "expires_at" => self.expires_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            "template_name" => self.template_name.to_owned(),
            _ => String::new(),
        }
    }
}

/// A message ready to send: what waits in the outbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComposedEmail {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Escapes text for HTML content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Fills a template text's placeholders, each value passed through `value`.
fn render(text: &str, mut value: impl FnMut(&str) -> String) -> String {
    pieces(text)
        .into_iter()
        .map(|piece| match piece {
            Piece::Text(text) => text.to_owned(),
            Piece::Placeholder(name) => value(name),
        })
        .collect()
}

/// The HTML part made from the text body: escaped, paragraphs kept, the link clickable.
fn html_from_text(text_body: &str, facts: &LinkFacts<'_>, language: &str) -> String {
    let body = render(&escape_literals(text_body), |name| match name {
        "link_url" | "short_url" => {
            let url = escape_html(&facts.value(name));
            format!("<a href=\"{url}\">{url}</a>")
        }
        other => escape_html(&facts.value(other)),
    });
    let paragraphs: Vec<String> = body
        .replace("\r\n", "\n")
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| format!("<p>{}</p>", p.replace('\n', "<br>\n")))
        .collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head><meta charset=\"utf-8\"></head>\n<body>\n{}\n</body>\n</html>\n",
        escape_html(language),
        paragraphs.join("\n")
    )
}

/// Writes a link's email from its template: placeholders filled in (HTML-escaped in the HTML
/// part), the subject on one line.
pub fn compose(template: &EmailTemplate, facts: &LinkFacts<'_>, language: &str) -> ComposedEmail {
    let subject: String = render(&template.subject, |name| facts.value(name))
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let html = if template.html_body.is_empty() {
        html_from_text(&template.text_body, facts, language)
    } else {
        render(&template.html_body, |name| escape_html(&facts.value(name)))
    };
    ComposedEmail {
        subject: subject.trim().to_owned(),
        text: render(&template.text_body, |name| facts.value(name)),
        html,
    }
}

/// Escapes a template text's literal parts for HTML, leaving its placeholders as they are.
fn escape_literals(text: &str) -> String {
    pieces(text)
        .into_iter()
        .map(|piece| match piece {
            Piece::Text(text) => escape_html(text),
            Piece::Placeholder(name) => format!("{{{{{name}}}}}"),
        })
        .collect()
}

/// Keeps what waits in the outbox: `VERILINK_ENCRYPTION_KEY` seals it (bound to its link, so
/// rows cannot be swapped), else it is stored as JSON. Returns the bytes and whether sealed.
pub fn store_message(
    message: &ComposedEmail,
    key: Option<&SecretString>,
    link_id: &str,
) -> Result<(Vec<u8>, bool), Error> {
    let json = serde_json::to_vec(message)
        .map_err(|_| Error::precondition("SEALING_FAILED", "could not encode the email"))?;
    match key {
        Some(key) => Ok((
            seal_bound(OUTBOX_LABEL, key.expose(), link_id.as_bytes(), &json)?,
            true,
        )),
        None => Ok((json, false)),
    }
}

/// Opens a queued message with the current or, during a rotation, the previous key; `None` if
/// it does not open (sealed with another key, or without one configured now).
pub fn load_message(
    stored: &[u8],
    sealed: bool,
    keyring: &Keyring,
    link_id: &str,
) -> Option<ComposedEmail> {
    let json = if sealed {
        keyring.open(OUTBOX_LABEL, link_id.as_bytes(), stored)?
    } else {
        stored.to_vec()
    };
    serde_json::from_slice(&json).ok()
}

const OUTBOX_LABEL: &str = "verilink email outbox v1";

/// Attempts per email before it is given up (about 19 hours of retries), unless the link
/// ends first.
pub const MAX_ATTEMPTS: i32 = 25;

/// When to try again after the `attempt`-th attempt failed temporarily (1-based), or `None`
/// when the email has used every attempt: 30 s doubling to at most an hour, ±20 % jitter
/// (`jitter` in [0, 1)).
pub fn next_attempt(now: DateTime<Utc>, attempt: i32, jitter: f64) -> Option<DateTime<Utc>> {
    if attempt >= MAX_ATTEMPTS {
        return None;
    }
    let exponent = u32::try_from(attempt.clamp(1, 20) - 1).unwrap_or(0);
    let base = (30_i64 << exponent).min(3600) as f64;
    let delay = base * (0.8 + 0.4 * jitter.clamp(0.0, 1.0));
    Some(now + TimeDelta::milliseconds((delay * 1000.0) as i64))
}

/// Longest error kept on a delivery.
pub const LAST_ERROR_MAX_CHARS: usize = 500;

/// How an SMTP server is reached (`VERILINK_SMTP_URL`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// `smtp://` (or `?tls=required`): STARTTLS, refused if the server does not offer it.
    StartTls,
    /// `smtp://…?tls=opportunistic`: STARTTLS when offered, else plain text.
    Opportunistic,
    /// `smtps://`: TLS from the first byte.
    ImplicitTls,
    /// `smtp://…?tls=none`: plain text, only when asked for.
    None,
}

/// A parsed `VERILINK_SMTP_URL`. Its `Debug` never shows the password.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpUrl {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    pub username: String,
    pub password: Option<SecretString>,
}

impl std::fmt::Debug for SmtpUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "SmtpUrl({}:{} {:?}, user {:?}{})",
            self.host,
            self.port,
            self.security,
            self.username,
            if self.password.is_some() {
                ", password [redacted]"
            } else {
                ""
            }
        )
    }
}

impl FromStr for SmtpUrl {
    type Err = String;

    /// `smtp://[user[:password]@]host[:port][?tls=required|opportunistic|none]` or
    /// `smtps://[user[:password]@]host[:port]`. Errors never repeat the password.
    fn from_str(text: &str) -> Result<Self, String> {
        let url = url::Url::parse(text.trim())
            .map_err(|e| format!("VERILINK_SMTP_URL is not a URL: {e}"))?;
        let tls = url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .try_fold(None, |tls, (key, value)| match key.as_str() {
                "tls" if tls.is_none() => Ok(Some(value)),
                _ => Err(format!(
                    "VERILINK_SMTP_URL: unknown or repeated parameter {key:?} (only tls=…)"
                )),
            })?;
        let security = match (url.scheme(), tls.as_deref()) {
            ("smtp", None | Some("required")) => SmtpSecurity::StartTls,
            ("smtp", Some("opportunistic")) => SmtpSecurity::Opportunistic,
            ("smtp", Some("none")) => SmtpSecurity::None,
            ("smtps", None) => SmtpSecurity::ImplicitTls,
            (scheme, tls) => {
                return Err(format!(
                    "VERILINK_SMTP_URL: use smtp:// (tls=required, opportunistic or none) or \
                     smtps:// (no tls parameter); got {scheme}:// with tls={tls:?}"
                ))
            }
        };
        let host = url
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or("VERILINK_SMTP_URL has no host")?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned();
        if !matches!(url.path(), "" | "/") || url.fragment().is_some() {
            return Err("VERILINK_SMTP_URL may not have a path or fragment".into());
        }
        let decode = |part: &str| {
            percent_encoding::percent_decode_str(part)
                .decode_utf8()
                .map(|s| s.into_owned())
                .map_err(|_| "VERILINK_SMTP_URL: user and password must be UTF-8".to_owned())
        };
        let default_port = match security {
            SmtpSecurity::StartTls | SmtpSecurity::Opportunistic => 587,
            SmtpSecurity::ImplicitTls => 465,
            SmtpSecurity::None => 25,
        };
        Ok(SmtpUrl {
            host,
            port: url.port().unwrap_or(default_port),
            security,
            username: decode(url.username())?,
            password: url
                .password()
                .map(decode)
                .transpose()?
                .map(SecretString::new),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> LinkFacts<'static> {
        LinkFacts {
            url: "https://verify.example/verify?code=abc&x=<1>",
            short_url: "https://vl.example/v/ABCDEFGHJK",
            expires_at: DateTime::from_timestamp(1_800_000_000, 0).unwrap(),
            template_name: "KYC <Plus>",
        }
    }

    #[test]
    fn addresses_are_plain_and_their_domain_lowercased() {
        assert_eq!(
            check_address("to", " Ada.Lovelace@Example.COM ").unwrap(),
            "Ada.Lovelace@example.com"
        );
        for bad in [
            "",
            "ada",
            "ada@",
            "@example.com",
            "Ada <ada@example.com>",
            "ada@example.com\r\nBcc: x@y.z",
            "a b@example.com",
            &format!("{}@example.com", "a".repeat(250)),
        ] {
            assert!(check_address("to", bad).is_err(), "{bad:?}");
        }
        assert!(check_sender("Verilink <no-reply@example.com>").is_ok());
        assert!(check_sender("nobody").is_err());
    }

    #[test]
    fn language_tags_are_checked_and_normalized() {
        assert_eq!(check_language("l", "EN").unwrap(), "en");
        assert_eq!(check_language("l", "pt-br").unwrap(), "pt-BR");
        assert_eq!(check_language("l", "zh-hant-tw").unwrap(), "zh-Hant-TW");
        assert_eq!(check_language("l", "es-419").unwrap(), "es-419");
        for bad in [
            "",
            "e",
            "english",
            "en_US",
            "en--US",
            "1a",
            "en-toolongsubtag",
        ] {
            assert!(check_language("l", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn languages_resolve_to_the_templates_own_text_then_the_built_in_one() {
        let mut settings = EmailSettings::default();
        let own = EmailTemplate {
            subject: "Hallo".into(),
            text_body: "{{link_url}}".into(),
            html_body: String::new(),
        };
        settings.templates.insert("de".into(), own.clone());
        assert_eq!(settings.template_for(None, "language").unwrap().0, "en");
        assert_eq!(
            settings.template_for(Some("de-AT"), "language").unwrap(),
            ("de".to_owned(), own)
        );
        assert_eq!(settings.template_for(Some("es-MX"), "l").unwrap().0, "es");
        let err = settings.template_for(Some("fr"), "language").unwrap_err();
        assert!(err.to_string().contains("available: de, en, es"), "{err}");
    }

    #[test]
    fn templates_report_every_violation() {
        let templates = BTreeMap::from([
            (
                "fr".to_owned(),
                EmailTemplate {
                    subject: "Line\nbreak".into(),
                    text_body: "no link {{inquiry_fields}}".into(),
                    html_body: "<p>{{template_name}}</p>".into(),
                },
            ),
            ("not a tag".to_owned(), EmailTemplate::default()),
        ]);
        let mut v = Violations::default();
        EmailSettings::check("de", &templates, &mut v);
        let Err(Error::InvalidArgument(found)) = v.into_result() else {
            panic!("expected violations")
        };
        let mut fields: Vec<&str> = found.iter().map(|f| f.field.as_str()).collect();
        fields.dedup();
        assert_eq!(
            fields,
            [
                "email_templates[fr].subject",
                "email_templates[fr].text_body",
                "email_templates[fr].html_body",
                "email_templates[fr].text_body",
                "email_templates[not a tag]",
                "default_language"
            ]
        );
    }

    #[test]
    fn composing_fills_placeholders_and_escapes_them_in_html() {
        let template = EmailTemplate {
            subject: "Verify for {{ template_name }}".into(),
            text_body: "Go: {{link_url}} until {{expires_at}} {{unclosed".into(),
            html_body: "<a href=\"{{link_url}}\">{{template_name}}</a>".into(),
        };
        let email = compose(&template, &facts(), "en");
        assert_eq!(email.subject, "Verify for KYC <Plus>");
        assert_eq!(
            email.text,
            "Go: https://verify.example/verify?code=abc&x=<1> until 2027-01-15 08:00 UTC {{unclosed"
        );
        assert_eq!(
            email.html,
            "<a href=\"https://verify.example/verify?code=abc&amp;x=&lt;1&gt;\">KYC &lt;Plus&gt;</a>"
        );
    }

    #[test]
    fn without_an_html_body_the_text_becomes_escaped_html_with_a_live_link() {
        let template = EmailTemplate {
            subject: "s".into(),
            text_body: "Dear <customer>,\n\nopen {{short_url}}\nnow".into(),
            html_body: String::new(),
        };
        let html = compose(&template, &facts(), "es").html;
        assert!(html.contains("<html lang=\"es\">"));
        assert!(html.contains("<p>Dear &lt;customer&gt;,</p>"));
        assert!(html.contains(
            "<p>open <a href=\"https://vl.example/v/ABCDEFGHJK\">https://vl.example/v/ABCDEFGHJK</a><br>\nnow</p>"
        ));
    }

    #[test]
    fn the_built_in_texts_are_valid_and_name_the_link() {
        for language in ["en", "es"] {
            let template = builtin(language).unwrap();
            let mut v = Violations::default();
            template.check("t", &mut v);
            assert!(v.into_result().is_ok(), "{language}");
            let email = compose(&template, &facts(), language);
            assert!(email.text.contains(facts().url));
            assert!(email
                .html
                .contains("https://verify.example/verify?code=abc&amp;x=&lt;1&gt;"));
            assert!(!email.html.contains("{{"), "{language}");
        }
        assert_eq!(builtin("fr"), None);
    }

    fn ring(current: Option<&SecretString>) -> Keyring {
        Keyring {
            current: current.cloned(),
            previous: None,
        }
    }

    #[test]
    fn queued_messages_open_only_with_their_key_and_link() {
        let message = compose(&builtin("en").unwrap(), &facts(), "en");
        let key = SecretString::new("k".repeat(32));
        let (stored, sealed) = store_message(&message, Some(&key), "otl_1").unwrap();
        assert!(sealed);
        assert!(!String::from_utf8_lossy(&stored).contains("code=abc"));
        assert_eq!(
            load_message(&stored, true, &ring(Some(&key)), "otl_1"),
            Some(message.clone())
        );
        assert_eq!(
            load_message(&stored, true, &ring(Some(&key)), "otl_2"),
            None
        );
        assert_eq!(load_message(&stored, true, &ring(None), "otl_1"), None);
        let rotated = Keyring {
            current: Some(SecretString::new("n".repeat(32))),
            previous: Some(key.clone()),
        };
        assert_eq!(
            load_message(&stored, true, &rotated, "otl_1"),
            Some(message.clone()),
            "the previous key still opens what it sealed during a rotation"
        );
        let (plain, sealed) = store_message(&message, None, "otl_1").unwrap();
        assert!(!sealed);
        assert_eq!(
            load_message(&plain, false, &ring(None), "otl_1"),
            Some(message)
        );
    }

    #[test]
    fn retries_back_off_to_an_hour_and_stop() {
        let start = DateTime::from_timestamp(0, 0).unwrap();
        assert_eq!(
            next_attempt(start, 1, 0.5),
            Some(start + TimeDelta::seconds(30))
        );
        assert_eq!(
            next_attempt(start, 12, 0.5),
            Some(start + TimeDelta::hours(1))
        );
        assert_eq!(next_attempt(start, MAX_ATTEMPTS, 0.5), None);
    }

    #[test]
    fn smtp_urls_follow_their_scheme_and_tls_parameter() {
        let url: SmtpUrl = "smtp://user:p%40ss@mail.example:2525".parse().unwrap();
        assert_eq!(url.security, SmtpSecurity::StartTls);
        assert_eq!((url.host.as_str(), url.port), ("mail.example", 2525));
        assert_eq!(url.username, "user");
        assert_eq!(
            url.password.as_ref().map(SecretString::expose),
            Some("p@ss")
        );
        assert!(!format!("{url:?}").contains("p@ss"));
        let implicit: SmtpUrl = "smtps://mail.example".parse().unwrap();
        assert_eq!(
            (implicit.security, implicit.port),
            (SmtpSecurity::ImplicitTls, 465)
        );
        let plain: SmtpUrl = "smtp://127.0.0.1?tls=none".parse().unwrap();
        assert_eq!((plain.security, plain.port), (SmtpSecurity::None, 25));
        let default: SmtpUrl = "smtp://mail.example".parse().unwrap();
        assert_eq!(default.port, 587);
        for bad in [
            "http://mail.example",
            "smtps://mail.example?tls=none",
            "smtp://mail.example?tls=maybe",
            "smtp://mail.example?debug=1",
            "smtp://mail.example/path",
            "smtp://:secret@/",
        ] {
            let err = bad.parse::<SmtpUrl>().unwrap_err();
            assert!(!err.contains("secret"), "{err}");
        }
    }
}
