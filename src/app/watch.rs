//! WatchInquiry: an inquiry's events as they commit, on whichever replica. Events are read
//! from the database by `seq` (an inquiry's events commit in that order), so a client that
//! resumes after the last event it saw misses nothing and sees nothing twice.

use std::time::Duration;

use tokio::sync::{broadcast, mpsc};

use super::{record, App, AppResult, Call, Ctx, Query};
use crate::domain::events::{Event, EventKind};
use crate::domain::ids::IdKind;
use crate::domain::tenant::Principal;
use crate::domain::{Error, Reason};
use crate::store::events;

/// How often a watcher re-reads even without a notification (a safety net, not the path).
const POLL: Duration = Duration::from_secs(5);

/// Where a watch starts: after this event of this inquiry (or from its first event).
pub struct Start {
    inquiry_id: String,
    after_event_id: Option<String>,
}

impl Start {
    /// `after_event_id`: empty to start from the inquiry's first event.
    pub fn new(inquiry_id: &str, after_event_id: &str) -> Result<Self, Error> {
        Ok(Start {
            inquiry_id: IdKind::Inquiry.parse("inquiry_id", inquiry_id)?,
            after_event_id: IdKind::Event.parse_optional("after_event_id", after_event_id)?,
        })
    }
}

impl Query for Start {
    /// The `seq` to resume after, and the watching key.
    type Output = (i64, String);

    fn run(&self, cx: &mut Ctx<'_>, principal: &Principal) -> AppResult<(i64, String)> {
        record::current(cx, &principal.tenant, &self.inquiry_id)?;
        let Some(after) = &self.after_event_id else {
            return Ok((0, principal.actor.id.clone()));
        };
        let event = events::get(cx.conn, &principal.tenant, after)?;
        if event.inquiry_id.as_deref() != Some(self.inquiry_id.as_str()) {
            return Err(Error::invalid("after_event_id", "is an event of another inquiry").into());
        }
        Ok((event.seq, principal.actor.id.clone()))
    }
}

/// A watch in progress: events in order, then the end. An error (the database, or the key
/// revoked) ends it; it also ends, cleanly, after `inquiry.redacted`, when the server drains
/// and when the stream reaches its maximum lifetime.
pub type Watch = mpsc::Receiver<AppResult<Event>>;

impl App {
    /// Starts watching an inquiry (`start`: the decoded request).
    pub async fn watch(&self, call: &Call, start: Result<Start, Error>) -> AppResult<Watch> {
        // Subscribe before reading, so nothing that commits in between is missed.
        let wakeups = self.0.hub.subscribe();
        let revocations = self.revocations();
        let inquiry_id = start
            .as_ref()
            .map(|s| s.inquiry_id.clone())
            .unwrap_or_default();
        let (after_seq, key_id) = self.query(call, start).await?;
        let (tx, rx) = mpsc::channel(64);
        let stream = Stream {
            app: self.clone(),
            inquiry_id,
            key_id,
            last_seq: after_seq,
            tx,
        };
        tokio::spawn(stream.run(wakeups, revocations));
        Ok(rx)
    }
}

struct Stream {
    app: App,
    inquiry_id: String,
    key_id: String,
    last_seq: i64,
    tx: mpsc::Sender<AppResult<Event>>,
}

impl Stream {
    async fn run(
        mut self,
        mut wakeups: broadcast::Receiver<String>,
        mut revocations: broadcast::Receiver<String>,
    ) {
        let shutdown = self.app.shutting_down();
        let lifetime = tokio::time::sleep(self.app.config().stream_max_lifetime);
        tokio::pin!(shutdown, lifetime);
        loop {
            match self.send_new().await {
                Ok(true) => {}
                Ok(false) => return,
                Err(err) => {
                    let _ = self.tx.send(Err(err)).await;
                    return;
                }
            }
            tokio::select! {
                () = self.tx.closed() => return,
                () = &mut shutdown => return,
                () = &mut lifetime => return,
                revoked = revoked(&mut revocations, &self.key_id) => {
                    let _ = self.tx.send(Err(revoked)).await;
                    return;
                }
                () = next_wakeup(&mut wakeups, &self.inquiry_id) => {}
                () = tokio::time::sleep(POLL) => {}
            }
        }
    }

    /// Sends the events committed since the last one sent; `false` when the stream is over
    /// (the client left, or the inquiry was redacted).
    async fn send_new(&mut self) -> AppResult<bool> {
        let (id, after) = (self.inquiry_id.clone(), self.last_seq);
        let fresh = self
            .app
            .store()
            .run(move |conn| events::for_inquiry_after(conn, &id, after))
            .await?;
        for event in fresh {
            self.last_seq = event.seq;
            let redacted = event.name == EventKind::InquiryRedacted.as_str();
            if self.tx.send(Ok(event)).await.is_err() || redacted {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

/// Waits for a notification about this inquiry (or for having missed some).
async fn next_wakeup(wakeups: &mut broadcast::Receiver<String>, inquiry_id: &str) {
    use broadcast::error::RecvError;
    loop {
        match wakeups.recv().await {
            Ok(id) if id == inquiry_id => return,
            Ok(_) => {}
            Err(RecvError::Lagged(_)) => return,
            Err(RecvError::Closed) => std::future::pending::<()>().await,
        }
    }
}

/// Resolves when the stream's API key is revoked on any replica.
async fn revoked(
    revocations: &mut broadcast::Receiver<String>,
    key_id: &str,
) -> crate::store::StoreError {
    use broadcast::error::RecvError;
    loop {
        match revocations.recv().await {
            Ok(id) if id == key_id => break,
            Ok(_) | Err(RecvError::Lagged(_)) => {}
            Err(RecvError::Closed) => std::future::pending::<()>().await,
        }
    }
    Error::unauthenticated(
        Reason::ApiKeyInvalid,
        "the API key of this stream was revoked",
    )
    .into()
}
