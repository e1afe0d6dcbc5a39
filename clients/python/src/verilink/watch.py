"""A resumable ``WatchInquiry``: every event of an inquiry once, in order, across reconnects."""

from __future__ import annotations

import threading
from types import TracebackType
from typing import Iterator, Optional, Protocol, Type

import grpc

from verilink.retry import Backoff
from verilink.v1 import event_pb2, inquiry_pb2, inquiry_pb2_grpc

__all__ = ["InquiryWatch"]

#: The event after which nothing more happens to an inquiry: the watch ends with it.
_LAST_EVENT = "inquiry.redacted"


class _Stream(Protocol):
    """What a ``WatchInquiry`` call is: an iterator of responses that is also a gRPC call."""

    def __next__(self) -> inquiry_pb2.WatchInquiryResponse: ...

    def initial_metadata(self) -> object: ...

    def is_active(self) -> bool: ...

    def cancel(self) -> bool: ...


class InquiryWatch(Iterator[event_pb2.Event]):
    """An iterator of an inquiry's events (``verilink.v1.Event``) that resumes the
    ``WatchInquiry`` stream after a drain or an ``UNAVAILABLE``, from the last event it
    returned, so that each event comes once and in commit order.

    Made by :meth:`verilink.Client.watch_inquiry`. It ends after ``inquiry.redacted`` or once
    closed; an error other than ``UNAVAILABLE`` is raised (a ``grpc.RpcError``) and ends it.
    :meth:`close` may be called from any thread, also while another one waits for the next
    event; iterate it from one thread at a time.
    """

    def __init__(
        self,
        stub: inquiry_pb2_grpc.InquiryServiceStub,
        inquiry_id: str,
        after_event_id: str = "",
        *,
        initial_backoff: float = 0.1,
        max_backoff: float = 5.0,
    ) -> None:
        self._stub = stub
        self._inquiry_id = inquiry_id
        self.last_event_id = after_event_id
        """The ID of the last event returned (at first the ``after_event_id`` given): keep it
        to resume later with ``watch_inquiry(inquiry_id, after_event_id=...)``."""
        self._backoff = Backoff(initial_backoff, max_backoff)
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._finished = False
        self._stream: Optional[_Stream] = None

    def __iter__(self) -> InquiryWatch:
        return self

    def __next__(self) -> event_pb2.Event:
        while not self._finished and not self._closed.is_set():
            stream = self._stream or self._connect()
            if stream is None:
                break
            try:
                response = next(stream)
            except StopIteration:  # status OK before inquiry.redacted: the server drained
                self._reconnect_later()
                continue
            except grpc.RpcError as err:
                if self._closed.is_set():
                    break
                if not isinstance(err, grpc.Call) or err.code() != grpc.StatusCode.UNAVAILABLE:
                    self._finished = True
                    raise
                self._reconnect_later()
                continue
            event = response.event
            self.last_event_id = event.id
            if event.name == _LAST_EVENT:
                self._finished = True
                self._cancel()
            return event
        self._cancel()
        raise StopIteration

    def close(self) -> None:
        """Stops the watch: the current or next wait for an event ends, iteration stops."""
        with self._lock:
            self._closed.set()
            if self._stream is not None:
                self._stream.cancel()

    def __enter__(self) -> InquiryWatch:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        self.close()

    def _connect(self) -> Optional[_Stream]:
        """Starts a stream after the last event, or returns None when closed."""
        request = inquiry_pb2.WatchInquiryRequest(
            inquiry_id=self._inquiry_id, after_event_id=self.last_event_id
        )
        with self._lock:
            if self._closed.is_set():
                return None
            stream: _Stream = self._stub.WatchInquiry(request)
            self._stream = stream
        stream.initial_metadata()  # waits until the server answers (or the call ends)
        if stream.is_active():  # the server took the stream: the next outage starts over
            self._backoff.reset()
        return stream

    def _reconnect_later(self) -> None:
        """Forgets the stream that ended and waits before the next (unless closed)."""
        with self._lock:
            self._stream = None
        self._closed.wait(self._backoff.next_delay())

    def _cancel(self) -> None:
        with self._lock:
            if self._stream is not None:
                self._stream.cancel()
                self._stream = None
