"""The resumable watch (Client.watch_inquiry) against real servers: one of the test's own that
is restarted in the middle of the stream, and the one clients/with-server started."""

from __future__ import annotations

import queue
import threading
import time
from typing import Callable, List, Optional

import grpc
import pytest

import verilink
from server import OwnServer, free_port
from timing import HANG
from verilink.v1 import event_pb2, inquiry_pb2

Event = event_pb2.Event


class Watcher:
    """Iterates a watch on a thread of its own, so that the test can bound every wait."""

    def __init__(self, watch: verilink.InquiryWatch) -> None:
        self.events: List[Event] = []
        self.error: Optional[BaseException] = None
        self._arrived: queue.Queue[Optional[Event]] = queue.Queue()  # None: the iteration ended
        self._thread = threading.Thread(target=self._run, args=(watch,), daemon=True)
        self._thread.start()

    def _run(self, watch: verilink.InquiryWatch) -> None:
        try:
            for event in watch:
                self._arrived.put(event)
        except BaseException as err:  # reported by the test
            self.error = err
        finally:
            self._arrived.put(None)

    def until(self, name: str, timeout: float = HANG) -> List[Event]:
        """Collects events until one named ``name``; fails after timeout seconds or at the end.
        The event normally comes within a second: the timeout only bounds a hang."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                event = self._arrived.get(timeout=max(deadline - time.monotonic(), 0))
            except queue.Empty:
                raise AssertionError(f"no {name} within {timeout} s; saw {self.names()}")
            assert event is not None, f"the watch ended before {name}: {self.error!r}"
            self.events.append(event)
            if event.name == name:
                return self.events

    def ends(self, timeout: float = HANG) -> None:
        """Fails unless the iteration ends, with no more events, within timeout seconds."""
        try:
            assert self._arrived.get(timeout=timeout) is None, "an event after the end"
        except queue.Empty:
            raise AssertionError(f"the watch did not end within {timeout} s")
        self._thread.join(timeout)
        assert self.error is None, self.error

    def names(self) -> List[str]:
        return [e.name for e in self.events]


def replay(client: verilink.Client, inquiry_id: str, count: int) -> List[Event]:
    """The first ``count`` events of a fresh, non-resumed WatchInquiry (replay from the start)."""
    stream = client.inquiries.WatchInquiry(
        inquiry_pb2.WatchInquiryRequest(inquiry_id=inquiry_id), timeout=HANG
    )
    try:
        return [response.event for _, response in zip(range(count), stream)]
    finally:
        stream.cancel()


def test_watch_resumes_across_a_server_restart(
    client: verilink.Client,
    api_key: str,
    own_server: OwnServer,
    create_inquiry: Callable[[], str],
) -> None:
    inquiry_id = create_inquiry()
    own_server.start()
    with verilink.Client(own_server.addr, api_key) as watching:
        with watching.watch_inquiry(inquiry_id) as watch:
            watcher = Watcher(watch)
            watcher.until("inquiry.created")
            client.inquiries.AddInquiryTag(
                inquiry_pb2.AddInquiryTagRequest(id=inquiry_id, tag="before-restart")
            )
            watcher.until("inquiry.tags-updated")

            own_server.stop()  # drains: the stream ends with OK, reconnects fail meanwhile
            client.inquiries.AddInquiryTag(
                inquiry_pb2.AddInquiryTagRequest(id=inquiry_id, tag="while-down")
            )
            client.inquiries.SimulateInquiryAction(
                inquiry_pb2.SimulateInquiryActionRequest(
                    id=inquiry_id, action=inquiry_pb2.SIMULATED_INQUIRY_ACTION_START
                )
            )
            client.inquiries.ApproveInquiry(inquiry_pb2.ApproveInquiryRequest(id=inquiry_id))
            own_server.start()  # the same port

            seen = watcher.until("inquiry.approved")
            assert len({e.id for e in seen}) == len(seen), f"an event came twice: {seen}"
            expected = replay(client, inquiry_id, len(seen))
            assert [(e.id, e.name) for e in seen] == [(e.id, e.name) for e in expected]
            assert "inquiry.started" in watcher.names()
            assert watch.last_event_id == seen[-1].id

            client.inquiries.RedactInquiry(inquiry_pb2.RedactInquiryRequest(id=inquiry_id))
            watcher.until("inquiry.redacted")
            watcher.ends()
    assert [e.id for e in watcher.events] == [e.id for e in replay(client, inquiry_id, 99)]


def test_watch_resumes_after_an_event_id(
    client: verilink.Client, create_inquiry: Callable[[], str]
) -> None:
    inquiry_id = create_inquiry()
    client.inquiries.AddInquiryTag(inquiry_pb2.AddInquiryTagRequest(id=inquiry_id, tag="x"))
    first, second = replay(client, inquiry_id, 2)
    with client.watch_inquiry(inquiry_id, after_event_id=first.id) as watch:
        assert next(watch).id == second.id
        assert watch.last_event_id == second.id


def test_close_ends_a_waiting_watch(
    client: verilink.Client, create_inquiry: Callable[[], str]
) -> None:
    inquiry_id = create_inquiry()
    watch = client.watch_inquiry(inquiry_id)
    watcher = Watcher(watch)
    watcher.until("inquiry.created")
    time.sleep(0.2)  # the watcher now waits for an event that does not come
    watch.close()
    watcher.ends()  # a watch that close() did not end would wait for good


def test_close_ends_a_watch_that_waits_to_reconnect() -> None:
    # Nothing listens there: every attempt is UNAVAILABLE and the watch keeps retrying, each
    # time after a wait far longer than the test waits for the end: only close() ends it soon.
    backoff = 10 * HANG
    with verilink.Client(f"127.0.0.1:{free_port()}", "vlk_sandbox_x") as nowhere:
        watch = nowhere.watch_inquiry(
            "inq_000000000000000000000000", initial_backoff=backoff, max_backoff=backoff
        )
        watcher = Watcher(watch)
        time.sleep(0.5)  # the first attempt fails at once: the watch now waits to reconnect
        watch.close()
        watcher.ends()
    assert watcher.events == []


def test_other_errors_are_raised(client: verilink.Client, addr: str) -> None:
    with client.watch_inquiry("inq_000000000000000000000000") as watch:
        with pytest.raises(grpc.RpcError) as raised:
            next(watch)
    assert isinstance(raised.value, grpc.Call)
    assert raised.value.code() == grpc.StatusCode.NOT_FOUND
    assert verilink.error_reason(raised.value) == "INQUIRY_NOT_FOUND"
    assert list(watch) == []  # and the watch is over

    with verilink.Client(addr, "vlk_sandbox_" + "A" * 32) as invalid:
        with pytest.raises(grpc.RpcError) as raised:
            next(invalid.watch_inquiry("inq_000000000000000000000000"))
    assert verilink.error_reason(raised.value) == "API_KEY_INVALID"
