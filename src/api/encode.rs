//! The use cases' results into response messages.

use crate::app::inquiries::{CreatedInquiry, Resumed};
use crate::app::links::GeneratedLink;
use crate::app::webhooks::WebhookWithSecret;
use crate::contract::convert;
use crate::domain::access::{OneTimeLink, Session};
use crate::domain::events::Event;
use crate::domain::inquiry::Inquiry;
use crate::domain::template::Template;
use crate::domain::webhook::{Delivery, Webhook};
use crate::pb;

/// Responses that carry one resource in a field: `$field` converted by `$convert`.
macro_rules! one_resource {
    ($output:ty, $convert:path, $field:ident: $($response:ident),+ $(,)?) => {
        $(impl From<$output> for pb::$response {
            fn from(value: $output) -> Self {
                pb::$response { $field: Some($convert(&value)) }
            }
        })+
    };
}

one_resource!(Template, convert::template, inquiry_template:
    CreateInquiryTemplateResponse, GetInquiryTemplateResponse, UpdateInquiryTemplateResponse,
    ArchiveInquiryTemplateResponse);
one_resource!(Inquiry, convert::inquiry, inquiry:
    GetInquiryResponse, UpdateInquiryResponse, ExpireInquiryResponse, ApproveInquiryResponse,
    DeclineInquiryResponse, MarkInquiryForReviewResponse, AddInquiryTagResponse,
    RemoveInquiryTagResponse, SetInquiryTagsResponse, RedactInquiryResponse,
    SimulateInquiryActionResponse);
one_resource!(OneTimeLink, convert::link, one_time_link:
    GetOneTimeLinkResponse, RevokeOneTimeLinkResponse, ResendOneTimeLinkResponse);
one_resource!(Session, convert::session, session: GetSessionResponse, ExpireSessionResponse);
one_resource!(Webhook, convert::webhook, webhook: GetWebhookResponse, UpdateWebhookResponse);
one_resource!(Delivery, convert::delivery, webhook_delivery: RedeliverEventResponse);

/// List responses: the page of resources and the next page token.
macro_rules! page {
    ($item:ty, $convert:path, $response:ident { $field:ident }) => {
        impl From<(Vec<$item>, String)> for pb::$response {
            fn from((items, next_page_token): (Vec<$item>, String)) -> Self {
                pb::$response {
                    $field: items.iter().map($convert).collect(),
                    next_page_token,
                }
            }
        }
    };
}

page!(
    Template,
    convert::template,
    ListInquiryTemplatesResponse { inquiry_templates }
);
page!(
    Inquiry,
    convert::inquiry,
    ListInquiriesResponse { inquiries }
);
page!(
    OneTimeLink,
    convert::link,
    ListOneTimeLinksResponse { one_time_links }
);
page!(Session, convert::session, ListSessionsResponse { sessions });
page!(Webhook, convert::webhook, ListWebhooksResponse { webhooks });
page!(
    Delivery,
    convert::delivery,
    ListWebhookDeliveriesResponse { webhook_deliveries }
);
page!(Event, convert::event, ListAuditEventsResponse { events });

impl From<GeneratedLink> for pb::GenerateOneTimeLinkResponse {
    fn from(generated: GeneratedLink) -> Self {
        pb::GenerateOneTimeLinkResponse {
            one_time_link: Some(convert::link(&generated.link)),
            url: generated.url,
            short_url: generated.short_url,
            code: generated.code,
            short_code: generated.short_code,
            qr_code_data_url: generated.qr_code_data_url.unwrap_or_default(),
        }
    }
}

impl From<CreatedInquiry> for pb::CreateInquiryResponse {
    fn from(created: CreatedInquiry) -> Self {
        pb::CreateInquiryResponse {
            inquiry: Some(convert::inquiry(&created.inquiry)),
            one_time_link: created.link.map(Into::into),
        }
    }
}

impl From<Resumed> for pb::ResumeInquiryResponse {
    fn from(resumed: Resumed) -> Self {
        pb::ResumeInquiryResponse {
            inquiry: Some(convert::inquiry(&resumed.inquiry)),
            session: Some(convert::session(&resumed.session)),
            session_token: resumed.session_token,
        }
    }
}

impl From<Vec<Session>> for pb::ExpireAllSessionsResponse {
    fn from(sessions: Vec<Session>) -> Self {
        pb::ExpireAllSessionsResponse {
            sessions: sessions.iter().map(convert::session).collect(),
        }
    }
}

impl From<WebhookWithSecret> for pb::CreateWebhookResponse {
    fn from(created: WebhookWithSecret) -> Self {
        pb::CreateWebhookResponse {
            webhook: Some(convert::webhook(&created.webhook)),
            secret: created.secret,
        }
    }
}

impl From<WebhookWithSecret> for pb::RotateWebhookSecretResponse {
    fn from(rotated: WebhookWithSecret) -> Self {
        pb::RotateWebhookSecretResponse {
            webhook: Some(convert::webhook(&rotated.webhook)),
            secret: rotated.secret,
        }
    }
}

impl From<()> for pb::DeleteWebhookResponse {
    fn from((): ()) -> Self {
        pb::DeleteWebhookResponse {}
    }
}

impl From<serde_json::Value> for pb::ExportInquiryResponse {
    fn from(document: serde_json::Value) -> Self {
        pb::ExportInquiryResponse {
            document_json: document.to_string(),
        }
    }
}
