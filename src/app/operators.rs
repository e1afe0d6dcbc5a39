//! Operators in the console: login links, sessions, and the caller an operator's session makes
//! of each console request. How an operator proved who they are (OpenID Connect, a trusted
//! proxy, a link) is the console's business; what they may do once in is decided here and in
//! each use case's role.

use chrono::{DateTime, Utc};

use super::{Admitted, App, AppResult, Call};
use crate::domain::actor::{Actor, Role};
use crate::domain::operator::{
    login_token_digest, new_csrf_token, new_login_token, new_session_id, new_session_token,
    session_token_digest, LoginMethod, Operator, OperatorSession, SessionLimits, LOGIN_LINK_TTL,
};
use crate::domain::secrets::digest;
use crate::domain::tenant::Environment;
use crate::domain::{Error, Reason};
use crate::store::{operators, tenancy};

/// Settings of the console's sessions.
#[derive(Debug, Clone)]
pub struct ConsoleConfig {
    /// The console's own URL (login links point there; https makes its cookies `Secure`).
    pub url: String,
    pub limits: SessionLimits,
}

/// A login link as the CLI prints it.
#[derive(Debug, Clone)]
pub struct LoginLink {
    pub url: String,
    pub expires_at: DateTime<Utc>,
}

/// Who an identity provider or a trusted proxy says is logging in, and what their groups
/// give them.
#[derive(Debug, Clone)]
pub struct Vouched {
    /// The organization, by name or ID, as the role rules name it.
    pub organization: String,
    pub subject: String,
    pub email: String,
    pub role: Role,
}

/// A session just opened: the token for the browser's cookie (shown nowhere else) and the
/// session.
#[derive(Debug, Clone)]
pub struct Opened {
    pub token: String,
    pub session: OperatorSession,
}

fn link_refused() -> Error {
    Error::unauthenticated(
        Reason::LoginLinkInvalid,
        "this login link was used already, has expired, or never existed; ask for a new one",
    )
}

fn session_refused(why: &str) -> Error {
    Error::unauthenticated(Reason::ConsoleSessionInvalid, why)
}

impl App {
    fn console(&self) -> &ConsoleConfig {
        &self.config().console
    }

    /// Uses a login link (once) and opens the operator's session.
    pub async fn log_in_with_link(&self, token: &str) -> AppResult<Opened> {
        let digest = login_token_digest(token).ok_or_else(link_refused)?;
        let now = self.now();
        self.store()
            .transaction(move |conn| {
                let operator =
                    operators::consume_login_link(conn, &digest, now)?.ok_or_else(link_refused)?;
                open(conn, operator, LoginMethod::Link, now)
            })
            .await
    }

    /// Opens a session for someone an identity provider or a trusted proxy vouched for: their
    /// subject and email, and the organization (name or ID) and role their groups give.
    pub async fn log_in(&self, vouched: Vouched, method: LoginMethod) -> AppResult<Opened> {
        let now = self.now();
        self.store()
            .transaction(move |conn| {
                let organization = tenancy::find_organization(conn, &vouched.organization)?;
                let operator = Operator::new(
                    &organization.id,
                    &vouched.subject,
                    &vouched.email,
                    vouched.role,
                )?;
                open(conn, operator, method, now)
            })
            .await
    }

    /// Remembers an OpenID Connect login under way: the nonce and PKCE verifier its callback
    /// needs, under the digest of its `state`.
    pub async fn begin_login(
        &self,
        state: &str,
        nonce: &str,
        pkce_verifier: &str,
    ) -> AppResult<()> {
        let (digest, now) = (digest(state), self.now());
        let (nonce, verifier) = (nonce.to_owned(), pkce_verifier.to_owned());
        self.store()
            .run(move |conn| operators::begin_login(conn, &digest, &nonce, &verifier, now))
            .await
    }

    /// Takes the login under way that `state` names, once: its nonce and PKCE verifier. A
    /// state never issued, used already, or older than ten minutes is refused.
    pub async fn take_login(&self, state: &str) -> AppResult<(String, String)> {
        let (digest, now) = (digest(state), self.now());
        self.store()
            .run(move |conn| operators::take_login(conn, &digest, now))
            .await?
            .ok_or_else(|| {
                Error::unauthenticated(
                    Reason::LoginStateInvalid,
                    "this login was not started here, was finished already or took too long; log in again",
                )
                .into()
            })
    }

    /// The live session a browser's token belongs to, its idle clock restarted; an ended,
    /// idle or too old session is refused.
    pub async fn operator_session(&self, token: &str) -> AppResult<OperatorSession> {
        let digest = session_token_digest(token)
            .ok_or_else(|| session_refused("no console session; log in"))?;
        let (limits, now) = (self.console().limits, self.now());
        self.store()
            .run(move |conn| {
                let session = operators::session_by_token(conn, &digest)?
                    .ok_or_else(|| session_refused("no console session; log in"))?;
                if let Some(why) = session.refusal(limits, now) {
                    return Err(session_refused(why).into());
                }
                operators::touch(conn, &session.id, now)?;
                Ok(OperatorSession {
                    last_seen_time: now,
                    ..session
                })
            })
            .await
    }

    /// The caller an operator's session makes of a console request, admitted by the same
    /// per-caller limit as an API key.
    pub async fn operator_caller(
        &self,
        session: &OperatorSession,
        call: &Call,
    ) -> AppResult<Admitted> {
        let principal = session.operator.principal(session.environment);
        self.admit(&principal).await?;
        Ok(Admitted::new(
            Actor {
                origin: call.origin(),
                ..principal.actor.clone()
            },
            principal,
            call,
        ))
    }

    /// Logout: ends the session everywhere it is stored (there is one place, the database).
    pub async fn log_out(&self, session: &OperatorSession) -> AppResult<()> {
        let (id, now) = (session.id.clone(), self.now());
        self.store()
            .run(move |conn| operators::end_session(conn, &id, now))
            .await
    }

    /// Switches the environment the session shows.
    pub async fn switch_environment(
        &self,
        session: &OperatorSession,
        environment: Environment,
    ) -> AppResult<()> {
        let id = session.id.clone();
        self.store()
            .run(move |conn| operators::set_environment(conn, &id, environment))
            .await
    }

    /// Sets the time zone the session shows dates in (an IANA name, checked).
    pub async fn set_time_zone(&self, session: &OperatorSession, name: &str) -> AppResult<()> {
        let zone = crate::domain::operator::check_time_zone(name)?;
        let id = session.id.clone();
        self.store()
            .run(move |conn| operators::set_time_zone(conn, &id, &zone))
            .await
    }
}

/// `verilink console login-link`: a single-use link to the console at `console_url` for
/// `email` as `role` in the organization `org` (ID or name), valid for 15 minutes.
pub fn issue_login_link(
    conn: &mut diesel::PgConnection,
    console_url: &str,
    org: &str,
    email: &str,
    role: Role,
    now: DateTime<Utc>,
) -> AppResult<LoginLink> {
    let organization = tenancy::find_organization(conn, org)?;
    let operator = Operator::new(
        &organization.id,
        &Operator::link_subject(email),
        email,
        role,
    )?;
    let token = new_login_token()?;
    let expires_at = now + LOGIN_LINK_TTL;
    operators::insert_login_link(conn, &operator, &token.digest, now, expires_at)?;
    Ok(LoginLink {
        url: format!(
            "{}/login/link?token={}",
            console_url.trim_end_matches('/'),
            token.token
        ),
        expires_at,
    })
}

/// A new session (a new ID and token at every login, so none survives from before it), in the
/// sandbox, dates in UTC.
fn open(
    conn: &mut diesel::PgConnection,
    operator: Operator,
    method: LoginMethod,
    now: DateTime<Utc>,
) -> AppResult<Opened> {
    let token = new_session_token()?;
    let session = OperatorSession {
        id: new_session_id()?,
        operator,
        method,
        environment: Environment::Sandbox,
        csrf: new_csrf_token()?,
        time_zone: "UTC".into(),
        create_time: now,
        last_seen_time: now,
        end_time: None,
    };
    operators::insert_session(conn, &session, &token.digest)?;
    Ok(Opened {
        token: token.token,
        session,
    })
}
