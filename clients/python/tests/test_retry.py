"""Client(retry=...) against a real server of the test's own that starts about a second after
the call, and against an address where nothing listens."""

from __future__ import annotations

import secrets
import threading
import time
from typing import Callable, Iterator

import grpc
import pytest

import verilink
from server import OwnServer, free_port
from verilink.v1 import inquiry_pb2, inquiry_template_pb2


@pytest.fixture()
def late_server(own_server: OwnServer) -> Iterator[OwnServer]:
    """A server that starts listening about a second after the test begins."""
    starter = threading.Timer(1.0, own_server.start)
    starter.start()
    try:
        yield own_server
    finally:
        starter.join(15)  # so that the fixture's stop() finds the process it started


def fails(call: Callable[[], object], within: float, *codes: grpc.StatusCode) -> None:
    """Runs call(), which must fail with one of codes (UNAVAILABLE if none) within that many
    seconds."""
    started = time.monotonic()
    with pytest.raises(grpc.RpcError) as raised:
        call()
    assert isinstance(raised.value, grpc.Call)
    assert raised.value.code() in (codes or (grpc.StatusCode.UNAVAILABLE,)), raised.value
    assert time.monotonic() - started < within


def test_a_read_waits_for_a_server_that_starts_later(late_server: OwnServer, api_key: str) -> None:
    request = inquiry_template_pb2.ListInquiryTemplatesRequest()
    with verilink.Client(late_server.addr, api_key, timeout=15) as plain:
        fails(lambda: plain.templates.ListInquiryTemplates(request), within=0.5)
    with verilink.Client(late_server.addr, api_key, timeout=15, retry=True) as retrying:
        started = time.monotonic()
        templates = retrying.templates.ListInquiryTemplates(request).inquiry_templates
        assert time.monotonic() - started > 0.5, "the server was not down: nothing to retry"
    assert "KYC" in [t.name for t in templates]


def test_only_a_mutation_with_an_idempotency_key_is_retried(
    late_server: OwnServer, api_key: str, client: verilink.Client
) -> None:
    templates = client.templates.ListInquiryTemplates(
        inquiry_template_pb2.ListInquiryTemplatesRequest()
    ).inquiry_templates
    reference_id = "py-retry-" + secrets.token_hex(8)
    request = inquiry_pb2.CreateInquiryRequest(
        inquiry=inquiry_pb2.Inquiry(
            inquiry_template_id=next(t.id for t in templates if t.name == "KYC"),
            reference_id=reference_id,
        )
    )
    key = verilink.idempotency(secrets.token_hex(16))
    with verilink.Client(late_server.addr, api_key, timeout=15, retry=True) as retrying:
        fails(lambda: retrying.inquiries.CreateInquiry(request), within=0.5)
        created = retrying.inquiries.CreateInquiry(request, metadata=key).inquiry
        again = retrying.inquiries.CreateInquiry(request, metadata=key).inquiry
    assert again.id == created.id  # the retried key was used once: its replay is the same
    listed = client.inquiries.ListInquiries(
        inquiry_pb2.ListInquiriesRequest(reference_id=reference_id)
    ).inquiries
    assert [i.id for i in listed] == [created.id]


def test_retries_stop_at_the_deadline() -> None:
    # Nothing listens there: every attempt fails at once with UNAVAILABLE.
    request = inquiry_pb2.GetInquiryRequest(id="inq_000000000000000000000000")
    with verilink.Client(f"127.0.0.1:{free_port()}", "vlk_sandbox_x", retry=True) as retrying:
        started = time.monotonic()
        # The last attempt may also be cut short by the deadline.
        fails(
            lambda: retrying.inquiries.GetInquiry(request, timeout=1.0),
            1.5,
            grpc.StatusCode.UNAVAILABLE,
            grpc.StatusCode.DEADLINE_EXCEEDED,
        )
        assert time.monotonic() - started > 0.3, "no retry happened"
    policy = verilink.RetryPolicy(max_attempts=1)
    with verilink.Client(f"127.0.0.1:{free_port()}", "vlk_sandbox_x", retry=policy) as once:
        fails(lambda: once.inquiries.GetInquiry(request, timeout=5.0), within=0.3)
