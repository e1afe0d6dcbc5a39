//! One-time links on the management plane: generate, resend, read, list, revoke (the end
//! user's redemption is in `redeem`).

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use super::email::{language, plan, still_offered, EmailRequest};
use super::record::{self, end_pending_link, record_events};
use super::{App, AppResult, Command, Ctx, Query};
use crate::contract::qr;
use crate::domain::access::{check_link_ttl, redeem_refusal, LinkStatus, OneTimeLink};
use crate::domain::email::Mailbox;
use crate::domain::events::EventKind;
use crate::domain::ids::IdKind;
use crate::domain::inquiry::{check_linkable, Happened, Inquiry};
use crate::domain::paging::PageRequest;
use crate::domain::secrets::generate_link_codes;
use crate::domain::tenant::Principal;
use crate::domain::Error;
use crate::store::links;
use crate::telemetry;

/// A new link with its codes and URLs: the only place the codes are ever shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GeneratedLink {
    pub link: OneTimeLink,
    pub url: String,
    pub short_url: String,
    pub code: String,
    pub short_code: String,
    /// `data:image/png;base64,…` of the URL, when asked for.
    pub qr_code_data_url: Option<String>,
}

/// Generates a link for a locked inquiry, revoking its earlier pending link in the same
/// transaction; with `email`, queues the link's email in that transaction too (refused whole,
/// before anything changes, if it cannot be sent or is past a limit).
pub(super) fn generate(
    cx: &mut Ctx<'_>,
    inquiry: &Inquiry,
    ttl: Option<TimeDelta>,
    include_qr_code: bool,
    email: Option<(&EmailRequest, &Principal)>,
) -> AppResult<GeneratedLink> {
    let planned = email
        .map(|(request, principal)| plan(cx, inquiry, request, principal))
        .transpose()?;
    check_linkable(inquiry)?;
    let mut happened = end_pending_link(cx.conn, &inquiry.id, LinkStatus::Revoked, cx.now)?;
    let codes = generate_link_codes()?;
    let ttl = ttl.unwrap_or(inquiry.settings.one_time_link_ttl);
    let mut link = OneTimeLink::new(IdKind::OneTimeLink.generate()?, inquiry, ttl, cx.now);
    link.email = planned.as_ref().map(|p| p.delivery(cx.now));
    links::insert(cx.conn, &link, &codes)?;
    let config = cx.config();
    let url = format!("{}/verify?code={}", config.public_url, codes.code);
    let short_url = format!("{}/v/{}", config.short_url, codes.short_code);
    if let Some(planned) = &planned {
        planned.queue(cx, &link, &url, &short_url)?;
    }
    happened.push(Happened::link(EventKind::LinkCreated, &link));
    record_events(cx, &inquiry.tenant, &inquiry.id, happened)?;
    let qr_code_data_url = include_qr_code
        .then(|| qr::png_data_url(&url))
        .transpose()?;
    Ok(GeneratedLink {
        short_url,
        url,
        code: codes.code,
        short_code: codes.short_code,
        qr_code_data_url,
        link,
    })
}

/// A link's lifetime as asked for: `None` is the template's.
fn lifetime(expires_in: Option<TimeDelta>) -> Result<Option<TimeDelta>, Error> {
    expires_in
        .map(|ttl| check_link_ttl("expires_in", ttl))
        .transpose()
}

/// What a caller asks GenerateOneTimeLink for, as sent: empty strings ask for no email.
#[derive(Debug, Clone, Copy, Default)]
pub struct LinkRequest<'a> {
    pub inquiry_id: &'a str,
    /// `None`: the template's link lifetime.
    pub expires_in: Option<TimeDelta>,
    pub include_qr_code: bool,
    pub recipient_email: &'a str,
    pub language: &'a str,
}

/// GenerateOneTimeLink.
#[derive(Debug, Serialize)]
pub struct GenerateLink {
    inquiry_id: String,
    #[serde(with = "crate::domain::seconds::option")]
    expires_in: Option<TimeDelta>,
    include_qr_code: bool,
    /// Emails the link too.
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<EmailRequest>,
}

impl GenerateLink {
    pub fn new(request: &LinkRequest<'_>) -> Result<Self, Error> {
        Ok(GenerateLink {
            inquiry_id: IdKind::Inquiry.parse("inquiry_id", request.inquiry_id)?,
            expires_in: lifetime(request.expires_in)?,
            include_qr_code: request.include_qr_code,
            email: EmailRequest::asked(
                ("recipient_email", request.recipient_email),
                ("language", request.language),
            )?,
        })
    }
}

impl Command for GenerateLink {
    const NAME: &'static str = "GenerateOneTimeLink";
    type Output = GeneratedLink;

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<GeneratedLink> {
        let inquiry = record::lock(cx, &principal.tenant, &self.inquiry_id)?;
        let email = self.email.as_ref().map(|request| (request, principal));
        generate(cx, &inquiry, self.expires_in, self.include_qr_code, email)
    }

    fn committed(_app: &App, _principal: &Principal, _link: &GeneratedLink) {
        telemetry::link_generated();
    }
}

/// ResendOneTimeLink: a fresh link for the inquiry of link `id` (its pending link revoked as
/// by any generation), emailed to the address given or to the one link `id` went to. Only the
/// recipient gets the new codes.
#[derive(Debug, Serialize)]
pub struct ResendLink {
    id: String,
    /// `None`: the address link `id` was emailed to.
    recipient: Option<Mailbox>,
    /// `None`: the language of link `id`'s email, else the template's default.
    language: Option<String>,
    #[serde(with = "crate::domain::seconds::option")]
    expires_in: Option<TimeDelta>,
}

impl ResendLink {
    /// Empty strings ask for the earlier email's address and language; `expires_in: None`
    /// for the template's link lifetime.
    pub fn new(
        id: &str,
        recipient_email: &str,
        language_tag: &str,
        expires_in: Option<TimeDelta>,
    ) -> Result<Self, Error> {
        Ok(ResendLink {
            id: IdKind::OneTimeLink.parse("id", id)?,
            recipient: (!recipient_email.trim().is_empty())
                .then(|| Mailbox::recipient("recipient_email", recipient_email))
                .transpose()?,
            language: language("language", language_tag)?,
            expires_in: lifetime(expires_in)?,
        })
    }
}

impl Command for ResendLink {
    const NAME: &'static str = "ResendOneTimeLink";
    type Output = OneTimeLink;

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<OneTimeLink> {
        let tenant = &principal.tenant;
        let earlier = links::find(cx.conn, tenant, &self.id)?;
        let inquiry = record::lock(cx, tenant, &earlier.inquiry_id)?;
        check_linkable(&inquiry)?;
        let sent = earlier.email.filter(|e| !e.recipient.is_empty());
        let recipient =
            match (&self.recipient, &sent) {
                (Some(recipient), _) => recipient.clone(),
                // Checked again: an address stored before today's rules may fail them.
                (None, Some(sent)) => Mailbox::recipient("recipient_email", &sent.recipient)?,
                (None, None) => return Err(Error::invalid(
                    "recipient_email",
                    "is required: the link was not emailed, so there is no address to resend to",
                )
                .into()),
            };
        let language = match (&self.language, sent) {
            (Some(language), _) => Some(language.clone()),
            (None, Some(sent)) => still_offered(cx, &inquiry, sent.language)?,
            (None, None) => None,
        };
        let request = EmailRequest {
            recipient,
            language,
            language_field: "language",
        };
        let generated = generate(
            cx,
            &inquiry,
            self.expires_in,
            false,
            Some((&request, principal)),
        )?;
        Ok(generated.link)
    }

    fn committed(_app: &App, _principal: &Principal, _link: &OneTimeLink) {
        telemetry::link_generated();
    }
}

fn overdue(link: &OneTimeLink, now: DateTime<Utc>) -> bool {
    link.status == LinkStatus::Pending && link.expires_at <= now
}

/// GetOneTimeLink.
pub struct GetLink {
    id: String,
}

impl GetLink {
    pub fn new(id: &str) -> Result<Self, Error> {
        Ok(GetLink {
            id: IdKind::OneTimeLink.parse("id", id)?,
        })
    }
}

impl Query for GetLink {
    type Output = OneTimeLink;

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<OneTimeLink> {
        let tenant = &principal.tenant;
        let link = links::find(cx.conn, tenant, &self.id)?;
        let (inquiry_id, due) = (link.inquiry_id.clone(), overdue(&link, cx.now));
        record::as_of_now(cx, tenant, &inquiry_id, link, due, |conn| {
            links::find(conn, tenant, &self.id)
        })
    }
}

/// ListOneTimeLinks: every link of an inquiry, newest first, whatever its status.
pub struct ListLinks {
    inquiry_id: String,
    page: PageRequest,
}

impl ListLinks {
    pub fn new(inquiry_id: &str, page_size: i32, page_token: &str) -> Result<Self, Error> {
        let inquiry_id = IdKind::Inquiry.parse("inquiry_id", inquiry_id)?;
        let filters = format!("inquiry_id={inquiry_id}");
        Ok(ListLinks {
            page: PageRequest::parse(page_size, page_token, "ListOneTimeLinks", &filters)?,
            inquiry_id,
        })
    }
}

impl Query for ListLinks {
    type Output = (Vec<OneTimeLink>, String);

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Self::Output> {
        let tenant = &principal.tenant;
        let page = cx.page(&self.page, principal)?;
        let listed = links::list(cx.conn, &self.inquiry_id, &page)?;
        let due = listed.0.iter().any(|l| overdue(l, cx.now));
        record::as_of_now(cx, tenant, &self.inquiry_id, listed, due, |conn| {
            links::list(conn, &self.inquiry_id, &page)
        })
    }
}

/// RevokeOneTimeLink: a pending link becomes REVOKED; any other is refused with its reason.
#[derive(Debug, Serialize)]
pub struct RevokeLink {
    id: String,
}

impl RevokeLink {
    pub fn new(id: &str) -> Result<Self, Error> {
        Ok(RevokeLink {
            id: IdKind::OneTimeLink.parse("id", id)?,
        })
    }
}

impl Command for RevokeLink {
    const NAME: &'static str = "RevokeOneTimeLink";
    type Output = OneTimeLink;

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<OneTimeLink> {
        let tenant = &principal.tenant;
        let found = links::find(cx.conn, tenant, &self.id)?;
        let inquiry = record::lock(cx, tenant, &found.inquiry_id)?;
        record::settle_access(cx, &inquiry)?;
        let Some(revoked) = links::revoke(cx.conn, &self.id, cx.now)? else {
            let link = links::find(cx.conn, tenant, &self.id)?;
            return Err(redeem_refusal(link.status, link.expires_at <= cx.now).into());
        };
        let happened = vec![Happened::link(EventKind::LinkRevoked, &revoked)];
        record_events(cx, tenant, &inquiry.id, happened)?;
        Ok(revoked)
    }
}
