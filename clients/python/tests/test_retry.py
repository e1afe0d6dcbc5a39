"""Client(retry=...) against a real server of the test's own that starts about a second after
the call, and against an address where nothing listens."""

from __future__ import annotations

import secrets
import time
from concurrent import futures
from typing import Callable, List, TypeVar

import grpc
import pytest

import verilink
from server import OwnServer, free_port
from timing import HANG
from verilink.v1 import inquiry_pb2, inquiry_template_pb2

T = TypeVar("T")

#: The default backoff (0.1 s doubling to 5 s, ±20 %), with attempts until the call's deadline
#: (HANG) rather than 10 (about 21 s): a server that is slow to start on a busy machine is
#: still waited for.
PATIENT = verilink.RetryPolicy(max_attempts=1000)

#: A call that is not retried fails at once (in milliseconds) where nothing listens; retried,
#: it would keep trying for over 17 s (the default backoff over 10 attempts; PATIENT: until
#: its deadline), and one that waited for the server would run until its deadline. A bound far
#: from both, so that a busy machine is not taken for a retry. (The attempts themselves are
#: counted against a fake server in test_client.py.)
AT_ONCE = 10.0


def fails(call: Callable[[], object], within: float, *codes: grpc.StatusCode) -> None:
    """Runs call(), which must fail with one of codes (UNAVAILABLE if none) within that many
    seconds."""
    started = time.monotonic()
    with pytest.raises(grpc.RpcError) as raised:
        call()
    assert isinstance(raised.value, grpc.Call)
    assert raised.value.code() in (codes or (grpc.StatusCode.UNAVAILABLE,)), raised.value
    assert time.monotonic() - started < within


def start_later(server: OwnServer, *calls: Callable[[], T]) -> List[T]:
    """Runs each call() on a thread of its own while server is not up yet, starts server about
    a second later, and returns what the calls return once the server answered them."""
    with futures.ThreadPoolExecutor(max_workers=len(calls)) as pool:
        outcomes = [pool.submit(call) for call in calls]
        time.sleep(1.0)  # meanwhile their first attempts fail: the calls wait to retry
        # A call that is retried is still waiting (PATIENT retries until the deadline); one
        # that failed for good is done: then result() raises its error.
        for outcome in outcomes:
            if outcome.done():
                outcome.result()
                raise AssertionError("a call succeeded, but the server is not up yet")
        server.start()
        return [outcome.result(timeout=HANG) for outcome in outcomes]


def test_a_read_waits_for_a_server_that_starts_later(own_server: OwnServer, api_key: str) -> None:
    request = inquiry_template_pb2.ListInquiryTemplatesRequest()
    with verilink.Client(own_server.addr, api_key, timeout=HANG) as plain:
        fails(lambda: plain.templates.ListInquiryTemplates(request), within=AT_ONCE)
    with verilink.Client(own_server.addr, api_key, timeout=HANG, retry=PATIENT) as retrying:
        (templates,) = start_later(
            own_server, lambda: retrying.templates.ListInquiryTemplates(request).inquiry_templates
        )
    assert "KYC" in [t.name for t in templates]


def test_a_mutation_waits_for_a_server_that_starts_later(
    own_server: OwnServer, api_key: str, client: verilink.Client
) -> None:
    templates = client.templates.ListInquiryTemplates(
        inquiry_template_pb2.ListInquiryTemplatesRequest()
    ).inquiry_templates
    template_id = next(t.id for t in templates if t.name == "KYC")
    generated, own = ("py-retry-" + secrets.token_hex(8) for _ in range(2))

    def create(reference_id: str) -> inquiry_pb2.CreateInquiryRequest:
        inquiry = inquiry_pb2.Inquiry(inquiry_template_id=template_id, reference_id=reference_id)
        return inquiry_pb2.CreateInquiryRequest(inquiry=inquiry)

    key = verilink.idempotency(secrets.token_hex(16))
    with verilink.Client(own_server.addr, api_key, timeout=HANG) as plain:
        fails(lambda: plain.inquiries.CreateInquiry(create(generated)), within=AT_ONCE)
    # With retries, a mutation is retried with the key it carries: the client's or the caller's.
    with verilink.Client(own_server.addr, api_key, timeout=HANG, retry=PATIENT) as retrying:
        created = start_later(
            own_server,
            lambda: retrying.inquiries.CreateInquiry(create(generated)).inquiry,
            lambda: retrying.inquiries.CreateInquiry(create(own), metadata=key).inquiry,
        )
        again = retrying.inquiries.CreateInquiry(create(own), metadata=key).inquiry
    assert again.id == created[1].id  # the retried key was used once: its replay is the same
    for reference_id, inquiry in zip((generated, own), created):
        listed = client.inquiries.ListInquiries(
            inquiry_pb2.ListInquiriesRequest(reference_id=reference_id)
        ).inquiries
        assert [i.id for i in listed] == [inquiry.id]


def test_retries_stop_at_the_deadline() -> None:
    # Nothing listens there: every attempt fails at once with UNAVAILABLE.
    request = inquiry_pb2.GetInquiryRequest(id="inq_000000000000000000000000")
    with verilink.Client(f"127.0.0.1:{free_port()}", "vlk_sandbox_x", retry=True) as retrying:
        started = time.monotonic()
        # The last attempt may also be cut short by the deadline.
        fails(
            lambda: retrying.inquiries.GetInquiry(request, timeout=1.0),
            1.0 + AT_ONCE,
            grpc.StatusCode.UNAVAILABLE,
            grpc.StatusCode.DEADLINE_EXCEEDED,
        )
        # The retries before the deadline wait 0.5 s at least (busy or not): none, much less.
        assert time.monotonic() - started > 0.3, "no retry happened"
    policy = verilink.RetryPolicy(max_attempts=1)
    with verilink.Client(f"127.0.0.1:{free_port()}", "vlk_sandbox_x", retry=policy) as once:
        fails(lambda: once.inquiries.GetInquiry(request, timeout=HANG), within=AT_ONCE)
