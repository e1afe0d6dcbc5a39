//! Inquiry-ID links: the hosted flow opened by an inquiry's ID (`/verify?inquiry-id=…`), for
//! inquiries whose template allows it. Anyone who learns the ID can use such a link, as often
//! as the session cap allows, so templates leave it off unless they need it; one-time links are
//! the safer way in. Unknown IDs, and IDs of inquiries whose template does not allow it, count
//! as guesses and answer as an unknown link does.

use super::inquiries::{resume, Resumed};
use super::redeem::Preview;
use super::{App, AppResult, Call, Ctx};
use crate::domain::access::{link_not_found, Client};
use crate::domain::actor::Actor;
use crate::domain::ids::IdKind;
use crate::domain::inquiry::{check_enterable, Inquiry};
use crate::store::inquiries;

/// The inquiry by this ID, if the ID is well-formed, the inquiry exists and its template
/// allows inquiry-ID links.
fn linkable(cx: &mut Ctx<'_>, inquiry_id: &str) -> AppResult<Option<Inquiry>> {
    if IdKind::Inquiry.parse("inquiry-id", inquiry_id).is_err() {
        return Ok(None);
    }
    let Some(inquiry) = inquiries::find_by_id(cx.conn, inquiry_id)? else {
        return Ok(None);
    };
    let template = cx
        .app
        .template(cx.conn, &inquiry.tenant, &inquiry.inquiry_template_id)?;
    Ok(template.settings.allow_inquiry_id_links.then_some(inquiry))
}

impl App {
    /// What the page an inquiry-ID link opens shows, found without changing anything.
    pub async fn peek_inquiry(&self, call: &Call, inquiry_id: &str) -> AppResult<Preview> {
        let id = inquiry_id.to_owned();
        let actor = Actor::end_user("", call.origin());
        self.guarded(Self::end_user(call), actor, link_not_found, move |cx| {
            let Some(inquiry) = linkable(cx, &id)? else {
                return Ok(None);
            };
            check_enterable(&inquiry, cx.now)?;
            Preview::of(cx, &inquiry).map(Some)
        })
        .await
    }

    /// Opens a session on a CREATED or PENDING inquiry by its ID, as ResumeInquiry does (a
    /// fresh deadline, origin RESUME), if its template allows inquiry-ID links. Unlike
    /// ResumeInquiry it never revives an EXPIRED inquiry: that is the operator's call.
    pub async fn open_inquiry(
        &self,
        call: &Call,
        inquiry_id: &str,
        client: Client,
    ) -> AppResult<Resumed> {
        let id = inquiry_id.to_owned();
        let actor = Actor::end_user("", call.origin());
        self.guarded(Self::end_user(call), actor, link_not_found, move |cx| {
            if linkable(cx, &id)?.is_none() {
                return Ok(None);
            }
            let mut inquiry = inquiries::lock_by_id(cx.conn, &id)?;
            super::record::settle(cx, &mut inquiry)?;
            check_enterable(&inquiry, cx.now)?;
            resume(cx, inquiry, client.clone()).map(Some)
        })
        .await
    }
}
