//! The one request pipeline of the management plane. Every operation is a [`Query`] or a
//! [`Command`]; the pipeline authenticates the caller, applies the per-key rate limit and, for
//! commands, idempotency — all in one blocking task on one pooled connection, and for commands
//! in the very transaction that does the work, so the recorded response commits with the
//! change it describes.

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use diesel::PgConnection;
use serde::de::DeserializeOwned;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{App, AppResult, Config, Fault};
use crate::domain::actor::Role;
use crate::domain::actor::{Actor, ActorKind, Origin};
use crate::domain::paging::{Page, PageRequest};
use crate::domain::secrets::{digest, open_sealed, seal};
use crate::domain::tenant::Principal;
use crate::domain::Error as DomainError;
use crate::domain::Reason;
use crate::store::{idempotency, StoreError};

pub const IDEMPOTENCY_KEY_MAX_LEN: usize = 255;

/// What a transport knows about a call besides its message.
#[derive(Debug, Clone, Default)]
pub struct Call {
    /// The `authorization` value as sent (`Bearer …`).
    pub credential: Option<String>,
    /// The `idempotency-key` as sent.
    pub idempotency_key: Option<String>,
    /// The caller's address (the socket's, or the trusted proxy's client).
    pub client: Option<IpAddr>,
    /// When the caller stops waiting (its deadline), if it said.
    pub deadline: Option<std::time::Instant>,
    /// The call's request ID (see `telemetry::request_id`).
    pub request_id: Option<String>,
    /// The caller's `user-agent` as sent.
    pub user_agent: Option<String>,
}

impl Call {
    /// Where the call came from, for the actor of what it changes.
    pub fn origin(&self) -> Origin {
        Origin {
            client_ip: self.client.map(|ip| ip.to_string()),
            user_agent: None,
            request_id: self.request_id.clone(),
            idempotency_key_digest: self
                .idempotency_key
                .as_deref()
                .map(|key| hex::encode(digest(key))),
        }
        .with_user_agent(self.user_agent.as_deref())
    }
}

/// What a use case works with: the connection (in the call's transaction for commands), the
/// time of the call, the settings, the application, and who is acting (recorded on every
/// event the work writes).
pub struct Ctx<'a> {
    pub conn: &'a mut PgConnection,
    pub now: DateTime<Utc>,
    pub app: &'a App,
    pub actor: Actor,
}

impl Ctx<'_> {
    pub fn config(&self) -> &Config {
        self.app.config()
    }

    /// An end user acting is known by their session from the moment it opens or is found.
    pub fn in_session(&mut self, session_id: &str) {
        if self.actor.kind == ActorKind::EndUser {
            session_id.clone_into(&mut self.actor.id);
        }
    }

    /// Runs `work` as the service's own actor `name` (a passed deadline is nobody's call),
    /// then acts as before.
    pub fn as_system<T>(
        &mut self,
        name: &str,
        work: impl FnOnce(&mut Ctx<'_>) -> AppResult<T>,
    ) -> AppResult<T> {
        let caller = std::mem::replace(&mut self.actor, Actor::system(name));
        let result = work(self);
        self.actor = caller;
        result
    }

    /// Opens a requested page: its token must be one this service signed, for this list, to
    /// the caller's tenant.
    pub fn page(&mut self, request: &PageRequest, principal: &Principal) -> AppResult<Page> {
        let key = self.app.page_key(self.conn)?;
        Ok(request.open(key, &principal.tenant)?)
    }
}

/// A read of the management plane. It may run twice (on a fresh connection after a broken
/// one), so it must not change anything except through its own transactions.
pub trait Query: Send + Sync + 'static {
    type Output: Send + 'static;

    /// The role a caller needs for this read: any.
    fn role(&self) -> Role {
        Role::Viewer
    }

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Self::Output>;
}

/// A change of the management plane, run in one transaction. Its validated input identifies
/// the request for idempotency; its output is what a replay returns.
pub trait Command: Serialize + Send + Sync + 'static {
    /// Names the operation in idempotency records (stable across releases).
    const NAME: &'static str;
    type Output: Serialize + DeserializeOwned + Send + 'static;
    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<Self::Output>;

    /// The role a caller needs for this change: working inquiries needs a reviewer; what
    /// ends an end user's access or configures the tenant says it needs an admin.
    fn role(&self) -> Role {
        Role::Reviewer
    }

    /// Checks that need I/O outside the database (such as resolving a name), run before the
    /// transaction so it is never held open for them.
    fn preflight(
        &self,
        _app: &App,
        _principal: &Principal,
    ) -> impl std::future::Future<Output = AppResult<()>> + Send {
        async { Ok(()) }
    }

    /// Runs once the work has committed on this replica (never for a replay): counts what
    /// the command made, drops what it changed from this replica's caches.
    fn committed(_app: &App, _principal: &Principal, _output: &Self::Output) {}
}

/// What identifies a request: the operation and its validated input.
fn request_digest<C: Command>(command: &C) -> AppResult<Vec<u8>> {
    let input = serde_json::to_vec(command)
        .map_err(|e| StoreError::Internal(format!("{}: {e}", C::NAME)))?;
    Ok(Sha256::new()
        .chain_update(C::NAME.as_bytes())
        .chain_update([0])
        .chain_update(input)
        .finalize()
        .to_vec())
}

fn check_idempotency_key(key: &str) -> AppResult<String> {
    let printable = key.bytes().all(|b| (0x20..0x7f).contains(&b));
    if key.is_empty() || key.len() > IDEMPOTENCY_KEY_MAX_LEN || !printable {
        return Err(DomainError::invalid(
            "idempotency-key",
            format!("must be 1 to {IDEMPOTENCY_KEY_MAX_LEN} printable ASCII characters"),
        )
        .into());
    }
    Ok(key.to_owned())
}

/// How a command ended inside its transaction.
enum Outcome<T> {
    Done(T),
    /// An earlier call with the same key and request: its sealed response.
    Replay(Vec<u8>),
}

/// A caller authenticated and admitted (by the per-key rate limit) once, for a transport that
/// runs several use cases for one request — the Persona-compatible API reads the template
/// before creating an inquiry and the inquiry's sessions after changing it — so that the
/// request counts once against the key's limit.
#[derive(Debug, Clone)]
pub struct Admitted {
    principal: Principal,
    idempotency_key: Option<String>,
    deadline: Option<std::time::Instant>,
    actor: Actor,
}

impl Admitted {
    /// A caller known otherwise than by an API key (an operator's console session), acting as
    /// `actor` with the call's idempotency key and deadline.
    pub(super) fn new(actor: Actor, principal: Principal, call: &Call) -> Self {
        Admitted {
            principal,
            idempotency_key: call.idempotency_key.clone(),
            deadline: call.deadline,
            actor,
        }
    }

    pub fn principal(&self) -> &Principal {
        &self.principal
    }
}

impl App {
    /// Authenticates the caller and applies the per-key rate limit.
    pub async fn admitted(&self, call: &Call) -> AppResult<Admitted> {
        let principal = self.authenticate(call).await?;
        self.admit(&principal).await?;
        let actor = Actor {
            origin: call.origin(),
            ..principal.actor.clone()
        };
        Ok(Admitted::new(actor, principal, call))
    }

    /// Runs a read for the caller. `input` is the decoded request: a malformed one is refused
    /// only once the caller is known to be allowed to ask.
    pub async fn query<Q: Query>(
        &self,
        call: &Call,
        input: Result<Q, DomainError>,
    ) -> AppResult<Q::Output> {
        let admitted = self.admitted(call).await?;
        self.query_as(&admitted, input?).await
    }

    /// Runs a read for a caller already admitted.
    pub async fn query_as<Q: Query>(&self, caller: &Admitted, query: Q) -> AppResult<Q::Output> {
        caller.principal.require(query.role())?;
        let (app, now, principal) = (self.clone(), self.now(), caller.principal.clone());
        let actor = caller.actor.clone();
        self.store()
            .run(move |conn| {
                query.run(
                    &mut Ctx {
                        conn,
                        now,
                        app: &app,
                        actor: actor.clone(),
                    },
                    &principal,
                )
            })
            .await
    }

    /// Runs a change for the caller: once per idempotency key and request, replaying its
    /// response afterwards (for 24 hours).
    pub async fn command<C: Command>(
        &self,
        call: &Call,
        input: Result<C, DomainError>,
    ) -> AppResult<C::Output> {
        if let Some(key) = &call.idempotency_key {
            check_idempotency_key(key)?;
        }
        let admitted = self.admitted(call).await?;
        self.command_as(&admitted, input?).await
    }

    /// Runs a change for a caller already admitted, with the call's idempotency key.
    pub async fn command_as<C: Command>(
        &self,
        caller: &Admitted,
        command: C,
    ) -> AppResult<C::Output> {
        caller.principal.require(command.role())?;
        let idempotency_key = caller
            .idempotency_key
            .as_deref()
            .map(check_idempotency_key)
            .transpose()?;
        let principal = caller.principal.clone();
        command.preflight(self, &principal).await?;
        let request = match &idempotency_key {
            Some(_) => request_digest(&command)?,
            None => Vec::new(),
        };
        let (app, now, actor) = (self.clone(), self.now(), caller.actor.clone());
        let sealing_key = idempotency_key.clone();
        let outcome = self
            .store()
            .until(caller.deadline)
            .transaction(move |conn| {
                let cx = &mut Ctx {
                    conn,
                    now,
                    app: &app,
                    actor: actor.clone(),
                };
                let Some(idempotency_key) = &idempotency_key else {
                    return command.run(cx, &principal).map(Outcome::Done);
                };
                let key_digest = digest(idempotency_key);
                let tenant = &principal.tenant;
                if !idempotency::try_lock(cx.conn, tenant, &key_digest)? {
                    return Err(DomainError::Aborted {
                        reason: Reason::IdempotencyKeyInUse,
                        message: "a call with this idempotency key is still running; retry shortly"
                            .into(),
                    }
                    .into());
                }
                if let Some(record) = idempotency::find(cx.conn, tenant, &key_digest, now)? {
                    if record.request_digest != request {
                        return Err(DomainError::Conflict {
                            reason: Reason::IdempotencyKeyReused,
                            field: "idempotency-key",
                            message: "this idempotency key was used for a different request \
                                      in the last 24 hours"
                                .into(),
                        }
                        .into());
                    }
                    return Ok(Outcome::Replay(record.response));
                }
                let output = command.run(cx, &principal)?;
                let encoded = serde_json::to_vec(&output)
                    .map_err(|e| StoreError::Internal(format!("{}: {e}", C::NAME)))?;
                let record = idempotency::Record {
                    request_digest: request.clone(),
                    response: seal(idempotency_key, &encoded)?,
                };
                idempotency::insert(cx.conn, tenant, &key_digest, &record, now)?;
                app.fault_before_commit(C::NAME, cx.conn)?;
                Ok(Outcome::Done(output))
            })
            .await?;
        if let Outcome::Done(output) = &outcome {
            C::committed(self, &caller.principal, output);
        }
        self.take_fault(C::NAME, Fault::AfterCommit)?;
        match (outcome, sealing_key) {
            (Outcome::Done(output), _) => Ok(output),
            (Outcome::Replay(sealed), Some(key)) => {
                let bytes = open_sealed(&key, &sealed).ok_or_else(|| {
                    StoreError::Internal("stored idempotent response does not open".into())
                })?;
                serde_json::from_slice(&bytes)
                    .map_err(|e| StoreError::Internal(format!("stored idempotent response: {e}")))
            }
            (Outcome::Replay(_), None) => Err(StoreError::Internal(
                "a replay without an idempotency key".into(),
            )),
        }
    }
}
