//! The hosted pages' languages: one catalogue per language holding every string the pages
//! show (a struct, so a language missing a string does not compile), and the choice of
//! language from `?language=` or `Accept-Language`.

mod en;
mod es;

use axum::http::HeaderMap;

use crate::domain::collect::Problem;

/// What an ending page says: its title, what happened, and what to do next.
#[derive(Debug)]
pub struct Ending {
    pub title: &'static str,
    pub message: &'static str,
    pub next: &'static str,
}

/// Every string of the hosted pages in one language. `{n}` is filled
/// in where a message names a limit.
#[derive(Debug)]
pub struct Catalogue {
    /// BCP 47 tag, for `<html lang>` and `?language=`.
    pub lang: &'static str,
    /// The language's own name, for the language switch.
    pub name: &'static str,
    pub page_title: &'static str,
    pub language_label: &'static str,
    pub entry_intro: &'static str,
    pub entry_once: &'static str,
    pub continue_button: &'static str,
    pub flow_intro: &'static str,
    pub optional_mark: &'static str,
    pub date_hint: &'static str,
    pub phone_hint: &'static str,
    pub choose_country: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub sandbox_legend: &'static str,
    pub sandbox_hint: &'static str,
    pub pass_switch: &'static str,
    pub submit_button: &'static str,
    pub error_summary: &'static str,
    pub error_title_prefix: &'static str,
    pub required: &'static str,
    pub too_short: &'static str,
    pub too_long: &'static str,
    pub not_text: &'static str,
    pub not_a_date: &'static str,
    pub too_early: &'static str,
    pub too_late: &'static str,
    pub not_an_email: &'static str,
    pub not_a_phone: &'static str,
    pub not_a_country: &'static str,
    pub not_a_number: &'static str,
    pub too_small: &'static str,
    pub too_large: &'static str,
    pub not_yes_no: &'static str,
    /// Labels of the well-known field names, for collected fields without a label.
    pub field_labels: &'static [(&'static str, &'static str)],
    pub done: Ending,
    pub not_found: Ending,
    pub used: Ending,
    pub expired: Ending,
    pub revoked: Ending,
    pub inactive: Ending,
    pub session_ended: Ending,
    pub no_session: Ending,
    pub forbidden: Ending,
    pub throttled: Ending,
    pub bad_request: Ending,
    /// Beside `bad_request` when a field was not UTF-8 text; `{n}` is its name.
    pub not_utf8: &'static str,
    pub unavailable: Ending,
    pub internal: Ending,
    /// Every ISO 3166-1 alpha-2 code with its name, in this language's alphabetical order.
    pub countries: &'static [(&'static str, &'static str)],
}

pub const LANGUAGES: [&Catalogue; 2] = [&en::EN, &es::ES];

impl Catalogue {
    /// The catalogue of a language tag (`es`, `es-MX`, `EN`), if we have it.
    pub fn of(tag: &str) -> Option<&'static Catalogue> {
        let tags = LANGUAGES.map(|c| c.lang);
        language_of(&tags, tag).map(|i| LANGUAGES[i])
    }

    /// The language a page speaks: `?language=` if we have it, else the best of
    /// `Accept-Language` we have, else English.
    pub fn choose(explicit: Option<&str>, headers: &HeaderMap) -> &'static Catalogue {
        LANGUAGES[choose(&LANGUAGES.map(|c| c.lang), explicit, headers)]
    }

    /// The label of a well-known field name, if it is one.
    pub fn field_label(&self, name: &str) -> Option<&'static str> {
        self.field_labels
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, label)| *label)
    }

    /// What a problem with an answer is called in this language.
    pub fn problem(&self, problem: &Problem) -> String {
        let n = |text: &str, n: &dyn std::fmt::Display| text.replace("{n}", &n.to_string());
        match problem {
            Problem::Required => self.required.into(),
            Problem::TooShort { min } => n(self.too_short, min),
            Problem::TooLong { max } => n(self.too_long, max),
            Problem::NotText => self.not_text.into(),
            Problem::NotADate => self.not_a_date.into(),
            Problem::TooEarly { min } => n(self.too_early, &min.format("%Y-%m-%d")),
            Problem::TooLate { max } => n(self.too_late, &max.format("%Y-%m-%d")),
            Problem::NotAnEmail => self.not_an_email.into(),
            Problem::NotAPhone => self.not_a_phone.into(),
            Problem::NotACountry => self.not_a_country.into(),
            Problem::NotANumber => self.not_a_number.into(),
            Problem::TooSmall { min } => n(self.too_small, min),
            Problem::TooLarge { max } => n(self.too_large, max),
            Problem::NotYesNo => self.not_yes_no.into(),
        }
    }
}

/// Which of `tags` (primary language subtags; the first is the default) a tag such as `es`,
/// `es-MX` or `EN` asks for.
fn language_of(tags: &[&str], tag: &str) -> Option<usize> {
    let primary = tag.split(['-', '_']).next().unwrap_or("").trim();
    tags.iter().position(|t| t.eq_ignore_ascii_case(primary))
}

/// Which of `tags` a page speaks: the explicit choice if we have it, else the best of
/// `Accept-Language` we have, else the first. Every set of pages (the hosted flow, the console)
/// chooses its catalogue by this one rule.
pub fn choose(tags: &[&str], explicit: Option<&str>, headers: &HeaderMap) -> usize {
    explicit
        .and_then(|tag| language_of(tags, tag))
        .or_else(|| accepted(tags, headers))
        .unwrap_or(0)
}

/// The first language of `Accept-Language`, by quality, that we have.
fn accepted(tags: &[&str], headers: &HeaderMap) -> Option<usize> {
    let header = headers.get("accept-language")?.to_str().ok()?;
    let mut ranked: Vec<(f32, usize, &str)> = header
        .split(',')
        .enumerate()
        .filter_map(|(i, item)| {
            let mut parts = item.split(';');
            let tag = parts.next()?.trim();
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
            (q > 0.0).then_some((q, i, tag))
        })
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    ranked
        .into_iter()
        .find_map(|(_, _, tag)| language_of(tags, tag))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::countries::COUNTRY_CODES;

    fn headers(accept: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("accept-language", accept.parse().unwrap());
        h
    }

    #[test]
    fn the_language_comes_from_the_query_then_accept_language_then_english() {
        assert_eq!(Catalogue::choose(Some("es"), &HeaderMap::new()).lang, "es");
        assert_eq!(Catalogue::choose(Some("fr"), &headers("es-MX")).lang, "es");
        assert_eq!(
            Catalogue::choose(None, &headers("fr, es;q=0.8, en;q=0.5")).lang,
            "es"
        );
        assert_eq!(
            Catalogue::choose(None, &headers("es;q=0.4, en-GB;q=0.9")).lang,
            "en"
        );
        assert_eq!(Catalogue::choose(None, &headers("es;q=0, de")).lang, "en");
        assert_eq!(Catalogue::choose(None, &HeaderMap::new()).lang, "en");
    }

    #[test]
    fn every_catalogue_names_every_country_and_every_well_known_field() {
        let mut expected: Vec<&str> = COUNTRY_CODES.to_vec();
        expected.sort_unstable();
        for catalogue in LANGUAGES {
            let mut codes: Vec<&str> = catalogue.countries.iter().map(|(c, _)| *c).collect();
            codes.sort_unstable();
            assert_eq!(codes, expected, "{}", catalogue.lang);
            let names: Vec<&str> = catalogue.field_labels.iter().map(|(n, _)| *n).collect();
            let english: Vec<&str> = en::EN.field_labels.iter().map(|(n, _)| *n).collect();
            assert_eq!(names, english, "{}", catalogue.lang);
        }
    }

    #[test]
    fn problems_name_their_limits() {
        assert_eq!(
            en::EN.problem(&Problem::TooLong { max: 16 }),
            "Enter at most 16 characters"
        );
        assert_eq!(
            es::ES.problem(&Problem::TooLong { max: 16 }),
            "Escriba como máximo 16 caracteres"
        );
    }
}
