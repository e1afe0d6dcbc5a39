//! Operators' sessions and login links.

use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;

use super::schema::{operator_login_links, operator_logins, operator_sessions};
use super::StoreResult;
use crate::domain::actor::Role;
use crate::domain::operator::{LoginMethod, Operator, OperatorSession};
use crate::domain::tenant::Environment;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = operator_sessions, check_for_backend(diesel::pg::Pg))]
struct SessionRow {
    id: String,
    token_hash: Vec<u8>,
    organization_id: String,
    subject: String,
    email: String,
    role: Role,
    login_method: LoginMethod,
    environment: Environment,
    csrf_token: String,
    time_zone: String,
    create_time: DateTime<Utc>,
    last_seen_time: DateTime<Utc>,
    end_time: Option<DateTime<Utc>>,
}

impl From<SessionRow> for OperatorSession {
    fn from(row: SessionRow) -> Self {
        OperatorSession {
            id: row.id,
            operator: Operator {
                organization_id: row.organization_id,
                subject: row.subject,
                email: row.email,
                role: row.role,
            },
            method: row.login_method,
            environment: row.environment,
            csrf: row.csrf_token,
            time_zone: row.time_zone,
            create_time: row.create_time,
            last_seen_time: row.last_seen_time,
            end_time: row.end_time,
        }
    }
}

/// Stores a new session under the digest of its token.
pub fn insert_session(
    conn: &mut PgConnection,
    session: &OperatorSession,
    token_digest: &[u8],
) -> StoreResult<()> {
    let s = session.clone();
    diesel::insert_into(operator_sessions::table)
        .values(SessionRow {
            id: s.id,
            token_hash: token_digest.to_vec(),
            organization_id: s.operator.organization_id,
            subject: s.operator.subject,
            email: s.operator.email,
            role: s.operator.role,
            login_method: s.method,
            environment: s.environment,
            csrf_token: s.csrf,
            time_zone: s.time_zone,
            create_time: s.create_time,
            last_seen_time: s.last_seen_time,
            end_time: s.end_time,
        })
        .execute(conn)?;
    Ok(())
}

/// The session whose token has this digest, ended or not.
pub fn session_by_token(
    conn: &mut PgConnection,
    token_digest: &[u8],
) -> StoreResult<Option<OperatorSession>> {
    Ok(operator_sessions::table
        .filter(operator_sessions::token_hash.eq(token_digest))
        .select(SessionRow::as_select())
        .first(conn)
        .optional()?
        .map(OperatorSession::from))
}

/// Records that the session was used at `now` (its idle timeout counts from here).
pub fn touch(conn: &mut PgConnection, id: &str, now: DateTime<Utc>) -> StoreResult<()> {
    diesel::update(operator_sessions::table.find(id))
        .set(operator_sessions::last_seen_time.eq(now))
        .execute(conn)?;
    Ok(())
}

/// Ends one session (logout); ending an ended one changes nothing.
pub fn end_session(conn: &mut PgConnection, id: &str, now: DateTime<Utc>) -> StoreResult<()> {
    diesel::update(
        operator_sessions::table
            .find(id)
            .filter(operator_sessions::end_time.is_null()),
    )
    .set(operator_sessions::end_time.eq(now))
    .execute(conn)?;
    Ok(())
}

/// Switches the environment a session shows.
pub fn set_environment(
    conn: &mut PgConnection,
    id: &str,
    environment: Environment,
) -> StoreResult<()> {
    diesel::update(operator_sessions::table.find(id))
        .set(operator_sessions::environment.eq(environment))
        .execute(conn)?;
    Ok(())
}

/// Sets the zone a session shows dates in.
pub fn set_time_zone(conn: &mut PgConnection, id: &str, time_zone: &str) -> StoreResult<()> {
    diesel::update(operator_sessions::table.find(id))
        .set(operator_sessions::time_zone.eq(time_zone))
        .execute(conn)?;
    Ok(())
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = operator_login_links, check_for_backend(diesel::pg::Pg))]
struct LoginLinkRow {
    token_hash: Vec<u8>,
    organization_id: String,
    email: String,
    role: Role,
    create_time: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    consume_time: Option<DateTime<Utc>>,
}

/// Stores a login link for `operator` (its subject is derived from the email) until
/// `expires_at`.
pub fn insert_login_link(
    conn: &mut PgConnection,
    operator: &Operator,
    token_digest: &[u8],
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::insert_into(operator_login_links::table)
        .values(LoginLinkRow {
            token_hash: token_digest.to_vec(),
            organization_id: operator.organization_id.clone(),
            email: operator.email.clone(),
            role: operator.role,
            create_time: now,
            expires_at,
            consume_time: None,
        })
        .execute(conn)?;
    Ok(())
}

/// Uses a login link: once, before it expires — one conditional UPDATE, so two browsers
/// racing with one link cannot both get in. The operator it was for, if it was usable.
pub fn consume_login_link(
    conn: &mut PgConnection,
    token_digest: &[u8],
    now: DateTime<Utc>,
) -> StoreResult<Option<Operator>> {
    let row: Option<LoginLinkRow> = diesel::update(
        operator_login_links::table
            .find(token_digest)
            .filter(operator_login_links::consume_time.is_null())
            .filter(operator_login_links::expires_at.gt(now)),
    )
    .set(operator_login_links::consume_time.eq(now))
    .returning(LoginLinkRow::as_returning())
    .get_result(conn)
    .optional()?;
    Ok(row.map(|link| Operator {
        subject: Operator::link_subject(&link.email),
        organization_id: link.organization_id,
        email: link.email,
        role: link.role,
    }))
}

/// How long an OpenID Connect login may take, from the redirect to the callback.
pub const LOGIN_ATTEMPT_TTL: chrono::TimeDelta = chrono::TimeDelta::minutes(10);

/// Remembers a login under way (and forgets those older than [`LOGIN_ATTEMPT_TTL`]).
pub fn begin_login(
    conn: &mut PgConnection,
    state_digest: &[u8],
    nonce: &str,
    pkce_verifier: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    diesel::delete(
        operator_logins::table.filter(operator_logins::create_time.lt(now - LOGIN_ATTEMPT_TTL)),
    )
    .execute(conn)?;
    diesel::insert_into(operator_logins::table)
        .values((
            operator_logins::state_hash.eq(state_digest),
            operator_logins::nonce.eq(nonce),
            operator_logins::pkce_verifier.eq(pkce_verifier),
            operator_logins::create_time.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Takes a login under way, once: its nonce and PKCE verifier, if it exists and is recent.
pub fn take_login(
    conn: &mut PgConnection,
    state_digest: &[u8],
    now: DateTime<Utc>,
) -> StoreResult<Option<(String, String)>> {
    Ok(diesel::delete(
        operator_logins::table
            .find(state_digest)
            .filter(operator_logins::create_time.ge(now - LOGIN_ATTEMPT_TTL)),
    )
    .returning((operator_logins::nonce, operator_logins::pkce_verifier))
    .get_result(conn)
    .optional()?)
}
