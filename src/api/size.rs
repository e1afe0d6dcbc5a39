//! The request size limit of the gRPC port: a message over [`MAX_MESSAGE_BYTES`] is refused
//! `RESOURCE_EXHAUSTED` (gRPC's convention for a message over the receiver's limit) with an
//! `ErrorInfo` of `MESSAGE_TOO_LARGE`, as soon as its length prefix arrives and before any of
//! it is buffered. tonic's own check would answer `OUT_OF_RANGE` without details; this layer
//! reads the same prefix first.

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Buf, Bytes};
use http::Request;
use http_body::{Body, Frame, SizeHint};
use tonic::{Code, Status};

use super::error::status;
use crate::domain::Reason;

/// The largest request message accepted, as gRPC's default: 4 MiB.
pub const MAX_MESSAGE_BYTES: usize = 4 * 1024 * 1024;

/// Bytes of a gRPC message prefix: a compression flag and a big-endian u32 length.
const PREFIX: usize = 5;

/// Wraps every request body of the services it layers in a [`SizeChecked`] body.
#[derive(Debug, Clone, Copy, Default)]
pub struct MessageSizeLayer;

impl<S> tower::Layer<S> for MessageSizeLayer {
    type Service = MessageSize<S>;

    fn layer(&self, inner: S) -> MessageSize<S> {
        MessageSize { inner }
    }
}

/// The service [`MessageSizeLayer`] makes.
#[derive(Debug, Clone)]
pub struct MessageSize<S> {
    inner: S,
}

impl<S> tower::Service<Request<tonic::body::Body>> for MessageSize<S>
where
    S: tower::Service<Request<tonic::body::Body>>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<tonic::body::Body>) -> Self::Future {
        self.inner.call(request.map(|body| {
            tonic::body::Body::new(SizeChecked {
                inner: body,
                frames: Frames::default(),
            })
        }))
    }
}

/// Where the body is in its sequence of length-prefixed messages.
#[derive(Debug, Default)]
struct Frames {
    /// The prefix bytes seen of the next message.
    prefix: [u8; PREFIX],
    prefix_len: usize,
    /// Bytes of the current message still to come.
    remaining: usize,
}

impl Frames {
    /// Follows one chunk of the body; the refusal if a message in it is too large.
    fn follow(&mut self, mut chunk: &[u8]) -> Result<(), Status> {
        while !chunk.is_empty() {
            if self.remaining > 0 {
                let take = self.remaining.min(chunk.len());
                self.remaining -= take;
                chunk.advance(take);
                continue;
            }
            let take = (PREFIX - self.prefix_len).min(chunk.len());
            self.prefix[self.prefix_len..self.prefix_len + take].copy_from_slice(&chunk[..take]);
            self.prefix_len += take;
            chunk.advance(take);
            if self.prefix_len == PREFIX {
                self.prefix_len = 0;
                let [_, a, b, c, d] = self.prefix;
                let len = u32::from_be_bytes([a, b, c, d]) as usize;
                if len > MAX_MESSAGE_BYTES {
                    return Err(too_large(len));
                }
                self.remaining = len;
            }
        }
        Ok(())
    }
}

fn too_large(len: usize) -> Status {
    status(
        Code::ResourceExhausted,
        Reason::MessageTooLarge,
        format!(
            "the request message is {len} bytes, over the limit of {MAX_MESSAGE_BYTES} bytes (4 MiB)"
        ),
    )
}

/// A request body that fails with [`too_large`] when a message's prefix announces more than
/// [`MAX_MESSAGE_BYTES`].
struct SizeChecked {
    inner: tonic::body::Body,
    frames: Frames,
}

impl Body for SizeChecked {
    type Data = Bytes;
    type Error = Status;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Status>>> {
        let polled = Pin::new(&mut self.inner).poll_frame(cx);
        if let Poll::Ready(Some(Ok(frame))) = &polled {
            if let Some(data) = frame.data_ref() {
                let data = data.clone();
                if let Err(refused) = self.frames.follow(&data) {
                    return Poll::Ready(Some(Err(refused)));
                }
            }
        }
        polled
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
    use super::*;

    fn prefix(len: u32) -> Vec<u8> {
        let mut bytes = vec![0];
        bytes.extend_from_slice(&len.to_be_bytes());
        bytes
    }

    #[test]
    fn prefixes_are_read_across_chunks_and_messages() {
        let mut frames = Frames::default();
        let mut body = prefix(3);
        body.extend_from_slice(b"abc");
        body.extend(prefix(MAX_MESSAGE_BYTES as u32));
        frames.follow(&body[..2]).expect("half a prefix");
        frames
            .follow(&body[2..7])
            .expect("rest of it and some message");
        frames
            .follow(&body[7..])
            .expect("a message of exactly the limit");
        frames
            .follow(&vec![0; MAX_MESSAGE_BYTES])
            .expect("its bytes are not a prefix");

        let refused = frames
            .follow(&prefix(MAX_MESSAGE_BYTES as u32 + 1))
            .expect_err("over the limit");
        assert_eq!(refused.code(), Code::ResourceExhausted);
        assert!(refused.message().contains("4194305 bytes"), "{refused:?}");
    }
}
