//! What an email says: a template's texts with their placeholders, and composing a link's message
//! from them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::error::Violations;

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
    pub(super) fn check(&self, field: &str, v: &mut Violations) {
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
