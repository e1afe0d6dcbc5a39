//! The console's languages, by the same mechanism as the hosted pages: one catalogue per
//! language holding every string (a struct, so a language missing one does not compile),
//! chosen from `?language=` or `Accept-Language`.

mod en;
mod es;

use axum::http::HeaderMap;

use crate::domain::access::{EmailStatus, LinkStatus, SessionStatus};
use crate::domain::actor::{ActorKind, Role};
use crate::domain::status::InquiryStatus;
use crate::domain::webhook::DeliveryStatus;

/// Every string of the console in one language; `{x}` marks where a value is filled in.
#[derive(Debug)]
pub struct Catalogue {
    pub lang: &'static str,
    pub name: &'static str,
    pub title: &'static str,
    pub skip_link: &'static str,
    pub nav_label: &'static str,
    pub nav_inquiries: &'static str,
    pub nav_audit: &'static str,
    pub language_label: &'static str,
    pub signed_in_as: &'static str,
    pub log_out: &'static str,
    pub environment_label: &'static str,
    pub sandbox: &'static str,
    pub live: &'static str,
    pub sandbox_banner: &'static str,
    pub live_banner: &'static str,
    pub switch_button: &'static str,
    pub time_zone_label: &'static str,
    pub time_zone_hint: &'static str,
    pub save: &'static str,
    pub login_title: &'static str,
    pub login_intro: &'static str,
    pub login_oidc_button: &'static str,
    pub login_link_help: &'static str,
    pub link_title: &'static str,
    pub link_intro: &'static str,
    pub continue_button: &'static str,
    pub inquiries_title: &'static str,
    pub filter_legend: &'static str,
    pub search_label: &'static str,
    pub status_label: &'static str,
    pub any: &'static str,
    pub template_label: &'static str,
    pub tag_label: &'static str,
    pub created_after_label: &'static str,
    pub created_before_label: &'static str,
    pub apply_filters: &'static str,
    pub clear_filters: &'static str,
    pub no_inquiries: &'static str,
    pub next_page: &'static str,
    pub col_inquiry: &'static str,
    pub col_status: &'static str,
    pub col_reference: &'static str,
    pub col_created: &'static str,
    pub col_time: &'static str,
    pub col_event: &'static str,
    pub col_actor: &'static str,
    pub col_origin: &'static str,
    pub col_id: &'static str,
    pub col_expires: &'static str,
    pub col_email: &'static str,
    pub inquiry_title: &'static str,
    pub overview_heading: &'static str,
    pub field_created: &'static str,
    pub field_updated: &'static str,
    pub field_expires: &'static str,
    pub field_decided: &'static str,
    pub field_tags: &'static str,
    pub field_note: &'static str,
    pub field_creator: &'static str,
    pub field_reviewer: &'static str,
    pub field_comment: &'static str,
    pub none: &'static str,
    pub fields_heading: &'static str,
    pub no_fields: &'static str,
    pub timeline_heading: &'static str,
    pub sessions_heading: &'static str,
    pub no_sessions: &'static str,
    pub links_heading: &'static str,
    pub no_links: &'static str,
    pub actions_heading: &'static str,
    pub resend: &'static str,
    pub inquiry_deliveries_heading: &'static str,
    pub inquiry_no_deliveries: &'static str,
    pub col_webhook: &'static str,
    pub col_last: &'static str,
    pub decide_heading: &'static str,
    pub comment_label: &'static str,
    pub approve: &'static str,
    pub decline: &'static str,
    pub mark_for_review: &'static str,
    pub resume_heading: &'static str,
    pub resume_help: &'static str,
    pub link_expiry_label: &'static str,
    pub link_expiry_hint: &'static str,
    pub email_label: &'static str,
    pub email_hint: &'static str,
    pub create_link: &'static str,
    pub tags_heading: &'static str,
    pub tags_label: &'static str,
    pub tags_hint: &'static str,
    pub note_label: &'static str,
    pub save_changes: &'static str,
    pub admin_heading: &'static str,
    pub expire_button: &'static str,
    pub redact_help: &'static str,
    pub redact_label: &'static str,
    pub redact_button: &'static str,
    pub link_title_once: &'static str,
    pub link_shown_once: &'static str,
    pub qr_alt: &'static str,
    pub link_emailed: &'static str,
    pub back_to_inquiry: &'static str,
    pub back: &'static str,
    pub forbidden_title: &'static str,
    pub forbidden_message: &'static str,
    pub not_found_title: &'static str,
    pub not_found_message: &'static str,
    pub refused_title: &'static str,
    pub bad_request_title: &'static str,
    pub login_failed_title: &'static str,
    pub busy_title: &'static str,
    pub busy_message: &'static str,
    pub error_title: &'static str,
    pub error_message: &'static str,
    pub audit_title: &'static str,
    pub audit_intro: &'static str,
    pub actor_kind_label: &'static str,
    pub actor_id_label: &'static str,
    pub event_name_label: &'static str,
    pub inquiry_id_label: &'static str,
    pub no_events: &'static str,
    pub nav_templates: &'static str,
    pub nav_webhooks: &'static str,
    pub nav_keys: &'static str,
    pub bad_request_message: &'static str,
    pub col_name: &'static str,
    pub col_subject: &'static str,
    pub col_kind: &'static str,
    pub col_required: &'static str,
    pub col_label: &'static str,
    pub col_url: &'static str,
    pub col_events: &'static str,
    pub col_attempts: &'static str,
    pub col_answer: &'static str,
    pub col_action: &'static str,
    pub col_prefix: &'static str,
    pub col_revoked: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub templates_title: &'static str,
    pub templates_intro: &'static str,
    pub no_templates: &'static str,
    pub template_active: &'static str,
    pub template_archived: &'static str,
    pub new_template_heading: &'static str,
    pub template_name_label: &'static str,
    pub intervals_legend: &'static str,
    pub intervals_hint: &'static str,
    pub expire_after_create_label: &'static str,
    pub expire_after_start_label: &'static str,
    pub expire_after_resume_label: &'static str,
    pub one_time_link_ttl_label: &'static str,
    pub session_ttl_label: &'static str,
    pub collected_fields_label: &'static str,
    pub collected_fields_hint: &'static str,
    pub create_template: &'static str,
    pub template_title: &'static str,
    pub field_archived: &'static str,
    pub edit_template_heading: &'static str,
    pub archive_heading: &'static str,
    pub archive_help: &'static str,
    pub archive_button: &'static str,
    pub back_to_templates: &'static str,
    pub webhooks_title: &'static str,
    pub webhooks_intro: &'static str,
    pub no_webhooks: &'static str,
    pub webhook_enabled: &'static str,
    pub webhook_disabled: &'static str,
    pub new_webhook_heading: &'static str,
    pub url_label: &'static str,
    pub url_hint: &'static str,
    pub events_legend: &'static str,
    pub events_hint: &'static str,
    pub all_events: &'static str,
    pub format_label: &'static str,
    pub format_verilink: &'static str,
    pub format_persona: &'static str,
    pub create_webhook: &'static str,
    pub webhook_title: &'static str,
    pub field_disabled_reason: &'static str,
    pub field_previous_secret_until: &'static str,
    pub deliveries_heading: &'static str,
    pub no_deliveries: &'static str,
    pub redeliver_button: &'static str,
    pub edit_webhook_heading: &'static str,
    pub manage_webhook_heading: &'static str,
    pub disable_heading: &'static str,
    pub disable_help: &'static str,
    pub disable_button: &'static str,
    pub enable_heading: &'static str,
    pub enable_help: &'static str,
    pub enable_button: &'static str,
    pub rotate_heading: &'static str,
    pub grace_label: &'static str,
    pub grace_hint: &'static str,
    pub rotate_button: &'static str,
    pub delete_heading: &'static str,
    pub delete_help: &'static str,
    pub delete_button: &'static str,
    pub back_to_webhooks: &'static str,
    pub back_to_webhook: &'static str,
    pub webhook_secret_title: &'static str,
    pub webhook_secret_label: &'static str,
    pub webhook_secret_hint: &'static str,
    pub keys_title: &'static str,
    pub keys_intro: &'static str,
    pub no_keys: &'static str,
    pub key_active: &'static str,
    pub key_revoked: &'static str,
    pub new_key_heading: &'static str,
    pub key_name_label: &'static str,
    pub key_name_hint: &'static str,
    pub create_key: &'static str,
    pub key_title: &'static str,
    pub revoke_heading: &'static str,
    pub revoke_help: &'static str,
    pub revoke_label: &'static str,
    pub revoke_button: &'static str,
    pub back_to_keys: &'static str,
    pub back_to_key: &'static str,
    pub key_secret_title: &'static str,
    pub key_secret_label: &'static str,
    pub key_secret_hint: &'static str,
    pub secret_shown_once: &'static str,
    /// Indexed like [`InquiryStatus::ALL`].
    pub statuses: [&'static str; 8],
    /// Indexed like [`LinkStatus::ALL`].
    pub link_statuses: [&'static str; 4],
    /// Indexed like [`SessionStatus::ALL`].
    pub session_statuses: [&'static str; 3],
    /// Indexed like [`EmailStatus::ALL`].
    pub email_statuses: [&'static str; 4],
    pub request_id_label: &'static str,
    pub copy: &'static str,
    pub copied: &'static str,
    pub short_url_label: &'static str,
    pub form_refused: &'static str,
    pub login_form_refused: &'static str,
    /// Indexed like [`Role::ALL`].
    pub roles: [&'static str; 3],
    /// Indexed like [`ActorKind::ALL`].
    pub actor_kinds: [&'static str; 5],
    /// Indexed like [`DeliveryStatus::ALL`].
    pub delivery_statuses: [&'static str; 3],
}

pub const LANGUAGES: [&Catalogue; 2] = [&en::EN, &es::ES];

impl Catalogue {
    /// `?language=` if we have it, else the best of `Accept-Language`, else English.
    pub fn choose(explicit: Option<&str>, headers: &HeaderMap) -> &'static Catalogue {
        let tags = LANGUAGES.map(|c| c.lang);
        LANGUAGES[crate::http::pages::i18n::choose(&tags, explicit, headers)]
    }

    pub fn status(&self, status: InquiryStatus) -> &'static str {
        let index = InquiryStatus::ALL.iter().position(|s| *s == status);
        index.map_or("", |i| self.statuses[i])
    }

    pub fn link_status(&self, status: LinkStatus) -> &'static str {
        let index = LinkStatus::ALL.iter().position(|s| *s == status);
        index.map_or("", |i| self.link_statuses[i])
    }

    pub fn session_status(&self, status: SessionStatus) -> &'static str {
        let index = SessionStatus::ALL.iter().position(|s| *s == status);
        index.map_or("", |i| self.session_statuses[i])
    }

    pub fn email_status(&self, status: EmailStatus) -> &'static str {
        let index = EmailStatus::ALL.iter().position(|s| *s == status);
        index.map_or("", |i| self.email_statuses[i])
    }

    pub fn role(&self, role: Role) -> &'static str {
        let index = Role::ALL.iter().position(|r| *r == role);
        index.map_or("", |i| self.roles[i])
    }

    pub fn actor_kind(&self, kind: ActorKind) -> &'static str {
        let index = ActorKind::ALL.iter().position(|k| *k == kind);
        index.map_or("", |i| self.actor_kinds[i])
    }

    pub fn delivery_status(&self, status: DeliveryStatus) -> &'static str {
        let index = DeliveryStatus::ALL.iter().position(|s| *s == status);
        index.map_or("", |i| self.delivery_statuses[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_role_actor_kind_and_delivery_status_has_a_name_in_every_language() {
        assert_eq!(InquiryStatus::ALL.len(), 8);
        for t in LANGUAGES {
            for status in InquiryStatus::ALL {
                assert!(!t.status(status).is_empty(), "{} {status:?}", t.lang);
            }
            assert!(Role::ALL.into_iter().all(|r| !t.role(r).is_empty()));
            assert_eq!(LinkStatus::ALL.len(), t.link_statuses.len());
            assert_eq!(SessionStatus::ALL.len(), t.session_statuses.len());
            assert_eq!(EmailStatus::ALL.len(), t.email_statuses.len());
            assert!(ActorKind::ALL
                .into_iter()
                .all(|k| !t.actor_kind(k).is_empty()));
            assert!(DeliveryStatus::ALL
                .into_iter()
                .all(|s| !t.delivery_status(s).is_empty()));
        }
        let mut headers = HeaderMap::new();
        headers.insert("accept-language", "es-ES,es;q=0.9".parse().unwrap());
        assert_eq!(Catalogue::choose(None, &headers).lang, "es");
        assert_eq!(Catalogue::choose(Some("en"), &headers).lang, "en");
    }
}
