//! Following an inquiry's events across reconnections.

use std::time::Duration;

use futures_util::stream::{self, BoxStream, StreamExt};
use tonic::{Code, Status, Streaming};

use crate::backoff::Backoff;
use crate::pb::inquiry_service_client::InquiryServiceClient;
use crate::{pb, AuthedChannel, VerilinkClient};

/// The events of a [`VerilinkClient::watch_inquiry_resumable`] watch, in commit order.
pub type EventStream = BoxStream<'static, Result<pb::Event, Status>>;

/// The event after which the server ends a watch: nothing more will happen to the inquiry.
const REDACTED: &str = "inquiry.redacted";

impl VerilinkClient {
    /// Watches an inquiry's events (`WatchInquiry`) for as long as it takes: the events after
    /// `after_event_id` (all of them when it is empty), then each new one as it commits.
    ///
    /// When the stream ends without `inquiry.redacted` (the server drained or the stream
    /// reached its maximum lifetime), fails with `UNAVAILABLE` or breaks with the connection,
    /// the watch reconnects with the last event's ID, waiting 100 ms, then twice as long after
    /// each failed attempt up to 5 s (from 100 ms again once connected), so you get every
    /// event once, in order. It ends after `inquiry.redacted`, and with the error after any
    /// other failure (`NOT_FOUND`, `UNAUTHENTICATED`, …). Drop the stream to stop watching.
    ///
    /// ```no_run
    /// # async fn demo(client: verilink_client::VerilinkClient) -> Result<(), tonic::Status> {
    /// use futures_util::StreamExt; // or tokio_stream::StreamExt
    ///
    /// let mut events = client.watch_inquiry_resumable("inq_…", "");
    /// while let Some(event) = events.next().await {
    ///     let event = event?;
    ///     println!("{} {}", event.id, event.name);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn watch_inquiry_resumable(
        &self,
        inquiry_id: impl Into<String>,
        after_event_id: impl Into<String>,
    ) -> EventStream {
        let watch = Watch {
            client: self.inquiries(),
            inquiry_id: inquiry_id.into(),
            last_event_id: after_event_id.into(),
            stream: None,
            reconnecting: false,
            backoff: Backoff::new(Duration::from_millis(100), Duration::from_secs(5)),
        };
        stream::unfold(Some(watch), |watch| async move {
            let mut watch = watch?;
            let item = watch.next().await;
            let more = matches!(&item, Ok(event) if event.name != REDACTED);
            Some((item, more.then_some(watch)))
        })
        .boxed()
    }
}

struct Watch {
    client: InquiryServiceClient<AuthedChannel>,
    inquiry_id: String,
    last_event_id: String,
    stream: Option<Streaming<pb::WatchInquiryResponse>>,
    reconnecting: bool,
    backoff: Backoff,
}

impl Watch {
    async fn next(&mut self) -> Result<pb::Event, Status> {
        loop {
            let stream = match self.stream.as_mut() {
                Some(stream) => stream,
                None => {
                    if self.reconnecting {
                        tokio::time::sleep(self.backoff.next_delay()).await;
                    }
                    self.reconnecting = true;
                    let request = pb::WatchInquiryRequest {
                        inquiry_id: self.inquiry_id.clone(),
                        after_event_id: self.last_event_id.clone(),
                    };
                    match self.client.watch_inquiry(request).await {
                        Ok(response) => {
                            self.backoff.reset();
                            self.stream.insert(response.into_inner())
                        }
                        Err(status) if is_resumable(&status) => continue,
                        Err(status) => return Err(status),
                    }
                }
            };
            match stream.message().await {
                Ok(Some(pb::WatchInquiryResponse { event: Some(event) })) => {
                    self.last_event_id.clone_from(&event.id);
                    return Ok(event);
                }
                Ok(Some(pb::WatchInquiryResponse { event: None })) => {}
                Ok(None) => self.stream = None,
                Err(status) if is_resumable(&status) => self.stream = None,
                Err(status) => return Err(status),
            }
        }
    }
}

/// `UNAVAILABLE`, or a broken connection: a status tonic made from a transport error (it has
/// a source) rather than one the server sent. `CANCELLED` is a deadline or a cancellation on
/// this side, not a reason to reconnect.
fn is_resumable(status: &Status) -> bool {
    status.code() == Code::Unavailable
        || (std::error::Error::source(status).is_some() && status.code() != Code::Cancelled)
}
