//! Request bodies must keep arriving, on every port: a body awaited by its handler that sends
//! nothing for [`Pace::timeout`], or that — once that long has passed since it was first awaited
//! — has averaged fewer than [`Pace::min_rate`] bytes a second, fails with [`Stalled`]. Without
//! this a client holds a connection (and a call, so the connection is never idle) by announcing
//! a body and sending it a byte at a time, or not at all. The HTTP ports answer such a request
//! 408 and close its connection; the gRPC port ends the call with `DEADLINE_EXCEEDED`
//! `REQUEST_TIMEOUT`.

use std::error::Error as StdError;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Buf;
use http_body::{Body, Frame, SizeHint};
use pin_project_lite::pin_project;
use tokio::time::{Instant, Sleep};

/// An error of a request body, as bodies box them.
pub type BoxError = Box<dyn StdError + Send + Sync>;

/// How a request body must arrive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pace {
    /// The longest a body may send nothing while it is awaited; also its grace before
    /// `min_rate` applies.
    pub timeout: Duration,
    /// Bytes a second a body must average once `timeout` has passed since it was first
    /// awaited (0: no minimum).
    pub min_rate: u64,
}

/// Why a request body was given up on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Stalled {
    #[error("the request body stopped arriving: nothing for {0:?}")]
    Silent(Duration),
    #[error("the request body arrived slower than {0} bytes per second")]
    Slow(u64),
}

/// The stall behind a body error, wherever it is in the error's chain of sources.
pub fn stalled_in<'a>(err: &'a (dyn StdError + 'static)) -> Option<&'a Stalled> {
    std::iter::successors(Some(err), |e| (*e).source()).find_map(|e| e.downcast_ref::<Stalled>())
}

/// Whether a request's body stalled, readable after its handler is done with it.
#[derive(Debug, Clone, Default)]
pub struct Stall(Arc<OnceLock<Stalled>>);

impl Stall {
    pub fn get(&self) -> Option<&Stalled> {
        self.0.get()
    }
}

pin_project! {
    /// A request body held to a [`Pace`].
    pub struct Paced<B> {
        #[pin]
        inner: B,
        pace: Pace,
        // When the body was first awaited, and when its last bytes came.
        started: Option<Instant>,
        last: Option<Instant>,
        received: u64,
        timer: Option<Pin<Box<Sleep>>>,
        stall: Stall,
    }
}

impl<B> Paced<B> {
    pub fn new(inner: B, pace: Pace) -> Self {
        Paced {
            inner,
            pace,
            started: None,
            last: None,
            received: 0,
            timer: None,
            stall: Stall::default(),
        }
    }

    /// Where the body's stall, if any, will be seen.
    pub fn stall(&self) -> Stall {
        self.stall.clone()
    }
}

impl Pace {
    /// When a body first awaited at `started`, whose last bytes came at `last` and that has
    /// sent `received` bytes, is given up on unless more come; and why it then is.
    fn deadline(&self, started: Instant, last: Instant, received: u64) -> (Instant, Stalled) {
        let silent = (last + self.timeout, Stalled::Silent(self.timeout));
        if self.min_rate == 0 {
            return silent;
        }
        let earned = Duration::from_secs_f64(received as f64 / self.min_rate as f64);
        let slow = (
            started + self.timeout.max(earned),
            Stalled::Slow(self.min_rate),
        );
        if slow.0 < silent.0 {
            slow
        } else {
            silent
        }
    }
}

impl<B> Body for Paced<B>
where
    B: Body,
    B::Error: Into<BoxError>,
{
    type Data = B::Data;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<B::Data>, BoxError>>> {
        let this = self.project();
        let now = Instant::now();
        let started = *this.started.get_or_insert(now);
        let last = this.last.get_or_insert(now);
        match this.inner.poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    *this.received += data.remaining() as u64;
                    *last = now;
                }
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Ready(Some(Err(err))) => Poll::Ready(Some(Err(err.into()))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => {
                let (deadline, why) = this.pace.deadline(started, *last, *this.received);
                let timer = this
                    .timer
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
                if timer.deadline() != deadline {
                    timer.as_mut().reset(deadline);
                }
                if timer.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
                let stalled = this.stall.0.get_or_init(|| why).clone();
                Poll::Ready(Some(Err(Box::new(stalled))))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use bytes::Bytes;
    use http_body_util::{BodyExt, StreamBody};
    use tokio::sync::mpsc;
    use tokio_stream::wrappers::ReceiverStream;

    use super::*;

    type Sender = mpsc::Sender<Result<Frame<Bytes>, std::io::Error>>;

    fn paced(
        min_rate: u64,
    ) -> (
        Sender,
        Paced<impl Body<Data = Bytes, Error = std::io::Error>>,
    ) {
        let (tx, rx) = mpsc::channel(16);
        let pace = Pace {
            timeout: Duration::from_secs(1),
            min_rate,
        };
        (
            tx,
            Paced::new(StreamBody::new(ReceiverStream::new(rx)), pace),
        )
    }

    async fn send(tx: &Sender, bytes: &'static [u8]) {
        tx.send(Ok(Frame::data(Bytes::from_static(bytes))))
            .await
            .expect("body open");
    }

    /// What the reader of a body got, failing (not hanging) if it never ended.
    async fn outcome(
        reader: tokio::task::JoinHandle<Result<http_body_util::Collected<Bytes>, BoxError>>,
    ) -> Result<http_body_util::Collected<Bytes>, BoxError> {
        tokio::time::timeout(Duration::from_secs(60), reader)
            .await
            .expect("the body ends or is given up on")
            .expect("reader")
    }

    #[tokio::test(start_paused = true)]
    async fn a_body_that_sends_nothing_for_the_timeout_stalls() {
        let (tx, body) = paced(0);
        let stall = body.stall();
        let reader = tokio::spawn(body.collect());
        send(&tx, b"{").await;
        tokio::time::sleep(Duration::from_millis(900)).await;
        send(&tx, b"\"a\"").await;
        tokio::time::sleep(Duration::from_millis(900)).await;
        assert!(stall.get().is_none(), "each gap was under the timeout");
        let err = outcome(reader).await.expect_err("then nothing came");
        assert_eq!(
            stalled_in(&*err),
            Some(&Stalled::Silent(Duration::from_secs(1)))
        );
        assert_eq!(stall.get(), Some(&Stalled::Silent(Duration::from_secs(1))));
        assert_eq!(
            err.to_string(),
            "the request body stopped arriving: nothing for 1s"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn after_the_grace_a_body_must_average_the_minimum_rate() {
        let (tx, body) = paced(100);
        let reader = tokio::spawn(body.collect());
        // 50 bytes every 0.8 s: never silent for a second, but 62.5 bytes a second.
        let started = Instant::now();
        for _ in 0..20 {
            if reader.is_finished() {
                break;
            }
            send(&tx, &[b'x'; 50]).await;
            tokio::time::sleep(Duration::from_millis(800)).await;
        }
        let err = outcome(reader).await.expect_err("too slow");
        assert_eq!(stalled_in(&*err), Some(&Stalled::Slow(100)));
        // 4 × 50 bytes had earned 2 s.
        assert!(
            started.elapsed() <= Duration::from_millis(3200),
            "{started:?}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_body_at_the_rate_is_read_to_its_end() {
        let (tx, body) = paced(100);
        let reader = tokio::spawn(body.collect());
        for _ in 0..10 {
            send(&tx, &[b'x'; 60]).await;
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        drop(tx);
        let body = outcome(reader).await.expect("read to its end");
        assert_eq!(body.to_bytes().len(), 600);
    }

    #[tokio::test(start_paused = true)]
    async fn the_clock_starts_when_the_body_is_first_awaited() {
        let (tx, body) = paced(100);
        tokio::time::sleep(Duration::from_secs(5)).await;
        let reader = tokio::spawn(body.collect());
        send(&tx, b"late but not slow").await;
        drop(tx);
        outcome(reader)
            .await
            .expect("the handler's wait is not the client's");
    }
}
