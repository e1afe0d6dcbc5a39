//! Redemption: the end user's way in by a one-time link's code, and what the page a link
//! opens shows before that. Only unknown codes count against the end user's address.

use std::net::IpAddr;

use chrono::{DateTime, TimeDelta, Utc};
use diesel::PgConnection;

use super::record;
use super::{App, AppResult, Call, Ctx};
use crate::domain::access::{
    inquiry_not_active, link_not_found, redeem_refusal, Client, OneTimeLink, Session, SessionOrigin,
};
use crate::domain::actor::{Actor, Origin};
use crate::domain::events::EventKind;
use crate::domain::ids::IdKind;
use crate::domain::inquiry::{check_redeemable, check_session_cap, Happened, Inquiry};
use crate::domain::secrets::{generate_session_token, redeemable_code_digest};
use crate::domain::tenant::{Environment, Principal};
use crate::domain::throttle::address_key;
use crate::domain::{Error, Reason};
use crate::store::{guesses, inquiries, links, sessions};
use crate::telemetry;

/// What a successful redemption hands the end user.
#[derive(Debug, Clone)]
pub struct Redeemed {
    pub session: Session,
    pub session_token: String,
    pub inquiry: Inquiry,
}

/// How long an address's unknown codes count against it.
const GUESS_WINDOW: TimeDelta = TimeDelta::minutes(1);

impl App {
    /// Refuses an end-user address that presented too many unknown codes in the last minute
    /// (on any replica), even for a valid code, until its window passes.
    fn check_guesses(
        &self,
        conn: &mut PgConnection,
        address: &str,
        now: DateTime<Utc>,
    ) -> AppResult<()> {
        let (count, oldest) = guesses::since(conn, address, now - GUESS_WINDOW)?;
        let limit = i64::from(self.config().redeem_guesses_per_minute.max(1));
        match oldest {
            Some(oldest) if count >= limit => Err(Error::throttled(
                Reason::TooManyFailedRedemptions,
                "too many unknown link codes from this address; retry later",
                oldest + GUESS_WINDOW - now,
            )
            .into()),
            _ => Ok(()),
        }
    }

    /// Whose guesses a redemption counts against: the end user's address as a trusted caller
    /// (one presenting an API key) names it, else the address the call came from.
    /// Addresses count as [`address_key`] has them (an IPv6 client by its /64).
    fn guesser(call: &Call, principal: Option<&Principal>, client: &Client) -> String {
        let named = client.ip.parse::<IpAddr>().ok();
        match (principal, named) {
            (Some(_), Some(ip)) => address_key(ip),
            (Some(principal), None) => principal.actor.id.clone(),
            (None, _) => call
                .client
                .map_or_else(|| "unknown".to_owned(), address_key),
        }
    }

    /// Runs `lookup` by the end user `actor` in one transaction once `guesser`'s budget is
    /// checked. `None` — nothing is known by what the end user presented — counts as a guess
    /// and answers `not_found`.
    pub(super) async fn guarded<T: Send + 'static>(
        &self,
        guesser: String,
        actor: Actor,
        not_found: fn() -> Error,
        lookup: impl Fn(&mut Ctx<'_>) -> AppResult<Option<T>> + Send + 'static,
    ) -> AppResult<T> {
        let known = self
            .transact(actor.clone(), {
                let guesser = guesser.clone();
                move |cx| {
                    cx.app.check_guesses(cx.conn, &guesser, cx.now)?;
                    lookup(cx)
                }
            })
            .await?;
        match known {
            Some(found) => Ok(found),
            None => {
                self.transact(actor, move |cx| guesses::record(cx.conn, &guesser, cx.now))
                    .await?;
                Err(not_found().into())
            }
        }
    }

    /// Redeems a link by its long or short code: in one transaction the link is consumed (a
    /// conditional update, so of concurrent redemptions exactly one wins), a session opens and
    /// a CREATED inquiry starts. Failures say nothing about the inquiry. Only unknown codes
    /// count as guesses. A caller presenting an API key redeems only its own tenant's links
    /// and names the end user's address.
    pub async fn redeem(&self, call: &Call, code: &str, client: Client) -> AppResult<Redeemed> {
        let redeemed = self.try_redeem(call, code, client).await;
        match &redeemed {
            Ok(_) => telemetry::link_redeemed(),
            Err(err) => telemetry::link_refused(refusal_reason(err)),
        }
        redeemed
    }

    async fn try_redeem(&self, call: &Call, code: &str, client: Client) -> AppResult<Redeemed> {
        let principal = match call.credential {
            Some(_) => Some(self.authenticate(call).await?),
            None => None,
        };
        let guesser = Self::guesser(call, principal.as_ref(), &client);
        let digest = redeemable_code_digest(code);
        let actor = Actor::end_user("", end_user_origin(call, &client));
        self.guarded(guesser, actor, link_not_found, move |cx| {
            let Some(link) = find_by_code(cx.conn, digest.as_deref())? else {
                return Ok(None);
            };
            if let Some(principal) = &principal {
                if links::find(cx.conn, &principal.tenant, &link.id).is_err() {
                    return Ok(None);
                }
            }
            redeem_link(cx, &link, client.clone()).map(Some)
        })
        .await
    }

    /// What the page a link opens shows, found without changing anything: the link's template
    /// name, or the refusal redeeming would answer. Unknown codes count as guesses, as
    /// redemptions do (a page that answers "unknown" tells an enumerator as much).
    pub async fn peek(&self, call: &Call, code: &str) -> AppResult<Preview> {
        let guesser = Self::end_user(call);
        let digest = redeemable_code_digest(code);
        let actor = Actor::end_user("", call.origin());
        self.guarded(guesser, actor, link_not_found, move |cx| {
            let Some(link) = find_by_code(cx.conn, digest.as_deref())? else {
                return Ok(None);
            };
            let Some(inquiry) = inquiries::find_by_id(cx.conn, &link.inquiry_id)? else {
                return Ok(None);
            };
            check_redeemable(&link, &inquiry, cx.now)?;
            Preview::of(cx, &inquiry).map(Some)
        })
        .await
    }

    /// Whose guesses an end user's call counts against, given no API key: its address.
    pub(super) fn end_user(call: &Call) -> String {
        Self::guesser(call, None, &Client::default())
    }
}

/// What the page a link opens shows before the end user continues.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    pub template_name: String,
    pub environment: Environment,
}

impl Preview {
    pub(super) fn of(cx: &mut Ctx<'_>, inquiry: &Inquiry) -> AppResult<Preview> {
        let template = cx
            .app
            .template(cx.conn, &inquiry.tenant, &inquiry.inquiry_template_id)?;
        Ok(Preview {
            template_name: template.settings.name.clone(),
            environment: inquiry.tenant.environment,
        })
    }
}

/// Where a redeeming end user is: the address and user agent a trusted caller named for them,
/// else the call's own.
fn end_user_origin(call: &Call, client: &Client) -> Origin {
    let mut origin = call.origin();
    if !client.ip.is_empty() {
        origin.client_ip = Some(client.ip.clone());
    }
    if client.user_agent.is_empty() {
        origin
    } else {
        origin.with_user_agent(Some(&client.user_agent))
    }
}

/// The link a code names, if the code is well-formed and known.
fn find_by_code(conn: &mut PgConnection, digest: Option<&[u8]>) -> AppResult<Option<OneTimeLink>> {
    match digest {
        Some(digest) => links::find_by_code(conn, digest),
        None => Ok(None),
    }
}

/// The ErrorInfo reason a refused redemption is answered with, for the metric.
fn refusal_reason(err: &super::Error) -> Reason {
    use crate::store::StoreError;
    match err {
        StoreError::Domain(e) => e.reason(),
        StoreError::Unavailable(_) => Reason::DatabaseUnavailable,
        StoreError::Busy(_) => Reason::DatabaseBusy,
        StoreError::CommitUnknown(_) => Reason::CommitOutcomeUnknown,
        StoreError::Internal(_) => Reason::Internal,
    }
}

/// The redemption proper, top to bottom, in the caller's transaction.
fn redeem_link(cx: &mut Ctx<'_>, found: &OneTimeLink, client: Client) -> AppResult<Redeemed> {
    // Lock order is inquiry, then link, as in generate: concurrent calls cannot deadlock.
    let mut inquiry = inquiries::lock_by_id(cx.conn, &found.inquiry_id)?;
    record::settle(cx, &mut inquiry)?;
    if inquiry.redact_time.is_some() {
        return Err(inquiry_not_active().into());
    }
    let session_id = IdKind::InquirySession.generate()?;
    let Some(link) = links::consume(cx.conn, &found.id, &session_id, cx.now)? else {
        let current = links::find(cx.conn, &inquiry.tenant, &found.id)?;
        return Err(redeem_refusal(current.status, current.expires_at <= cx.now).into());
    };
    if !inquiry.status.is_active() {
        return Err(inquiry_not_active().into());
    }
    check_session_cap(sessions::count(cx.conn, &inquiry.id)?, &inquiry)?;
    let mut changes = inquiry.start(cx.now)?;
    let (session_token, token_digest) = generate_session_token()?;
    let session = Session::open(
        session_id,
        &inquiry,
        SessionOrigin::OneTimeLink,
        Some(link.id.clone()),
        client,
        cx.now,
    );
    sessions::insert(cx.conn, &session, &token_digest)?;
    cx.in_session(&session.id);
    let mut happened = vec![
        Happened::link(EventKind::LinkConsumed, &link),
        Happened::session(EventKind::SessionStarted, &session),
    ];
    happened.append(&mut changes.events);
    changes.events = happened;
    record::commit(cx, &inquiry, changes)?;
    Ok(Redeemed {
        session,
        session_token,
        inquiry,
    })
}
