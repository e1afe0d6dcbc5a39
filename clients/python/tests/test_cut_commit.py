"""Retries across a lost commit: clients/cut-commit makes the server's database connection break
while CreateInquiry commits (as in a failover), so the server answers UNAVAILABLE
COMMIT_OUTCOME_UNKNOWN and the inquiry is not made. Each test cuts only the inquiries with a
reference ID of its own."""

from __future__ import annotations

import hashlib
import pathlib
import secrets
import subprocess
import uuid
from typing import Iterator, List, Tuple

import grpc
import pytest

import verilink
from verilink import Metadata
from timing import HANG
from verilink.v1 import audit_pb2, inquiry_pb2, inquiry_template_pb2

CUT_COMMIT = pathlib.Path(__file__).resolve().parents[2] / "cut-commit"

#: The default backoff, with attempts enough to outlast a busy machine within the deadline.
PATIENT = verilink.RetryPolicy(max_attempts=1000)


def cut_commit(action: str, reference_id: str) -> str:
    """Runs clients/cut-commit on the inquiries with that reference ID, on the database of
    clients/with-server (VERILINK_DATABASE_URL, inherited); returns what it printed."""
    done = subprocess.run(
        [str(CUT_COMMIT), action, "inquiries", "reference_id", reference_id],
        capture_output=True,
        text=True,
        timeout=HANG,
    )
    assert done.returncode == 0, f"clients/cut-commit {action}: {done.stderr}"
    return done.stdout.strip()


#: A reference ID whose next commit is cut, and a CreateInquiry request of it.
Cut = Tuple[str, inquiry_pb2.CreateInquiryRequest]


@pytest.fixture()
def cut(client: verilink.Client) -> Iterator[Cut]:
    """A reference ID of the test's own, whose next commit is cut until the test ends, and a
    CreateInquiry request of it from the KYC template."""
    templates = client.templates.ListInquiryTemplates(
        inquiry_template_pb2.ListInquiryTemplatesRequest()
    ).inquiry_templates
    reference_id = "py-cut-" + secrets.token_hex(8)
    inquiry = inquiry_pb2.Inquiry(
        inquiry_template_id=next(t.id for t in templates if t.name == "KYC"),
        reference_id=reference_id,
    )
    cut_commit("arm", reference_id)
    try:
        yield reference_id, inquiry_pb2.CreateInquiryRequest(inquiry=inquiry)
    finally:
        cut_commit("disarm", reference_id)


@pytest.fixture()
def retrying(addr: str, api_key: str) -> Iterator[verilink.Client]:
    """A client of the server with retries on."""
    with verilink.Client(addr, api_key, timeout=HANG, retry=PATIENT) as client:
        yield client


@pytest.fixture()
def generated_keys(monkeypatch: pytest.MonkeyPatch) -> List[str]:
    """The idempotency keys the client generates during the test, as it generates them."""
    generated: List[str] = []
    real = uuid.uuid4

    def recorded() -> uuid.UUID:
        key = real()
        generated.append(str(key))
        return key

    monkeypatch.setattr(uuid, "uuid4", recorded)  # what verilink.client calls
    return generated


def inquiries_of(client: verilink.Client, reference_id: str) -> List[str]:
    request = inquiry_pb2.ListInquiriesRequest(reference_id=reference_id)
    return [i.id for i in client.inquiries.ListInquiries(request).inquiries]


def created_once_after_a_cut(retrying: verilink.Client, cut: Cut, metadata: Metadata = ()) -> str:
    """Runs the CreateInquiry of cut with retries across the cut: it makes one inquiry in two
    commits (the cut one and the retry's). Returns the idempotency_key_digest of the
    inquiry.created event in the audit log."""
    reference_id, request = cut
    created = retrying.inquiries.CreateInquiry(request, metadata=metadata).inquiry
    assert inquiries_of(retrying, reference_id) == [created.id]
    assert cut_commit("count", reference_id) == "2"
    events = retrying.audit.ListAuditEvents(
        audit_pb2.ListAuditEventsRequest(inquiry_id=created.id, event_name="inquiry.created")
    ).events
    assert len(events) == 1, events
    return events[0].actor.idempotency_key_digest


def test_retries_generate_a_key_that_makes_a_cut_commit_safe(
    retrying: verilink.Client, cut: Cut, generated_keys: List[str]
) -> None:
    digest = created_once_after_a_cut(retrying, cut)
    # One key for the call, not one per attempt; the retry that made the inquiry sent it.
    assert len(generated_keys) == 1, generated_keys
    assert digest == hashlib.sha256(generated_keys[0].encode()).hexdigest()


def test_without_retries_a_cut_commit_is_unknown(
    client: verilink.Client, cut: Cut, generated_keys: List[str]
) -> None:
    reference_id, request = cut
    with pytest.raises(grpc.RpcError) as raised:
        client.inquiries.CreateInquiry(request)
    assert isinstance(raised.value, grpc.Call)
    assert raised.value.code() == grpc.StatusCode.UNAVAILABLE
    assert verilink.error_reason(raised.value) == "COMMIT_OUTCOME_UNKNOWN"
    assert verilink.retry_info(raised.value) is not None
    assert generated_keys == []  # no retries, no key
    assert cut_commit("count", reference_id) == "1"
    assert inquiries_of(client, reference_id) == []


def test_retries_keep_the_callers_key_across_a_cut_commit(
    retrying: verilink.Client, cut: Cut, generated_keys: List[str]
) -> None:
    key = "py-own-" + secrets.token_hex(16)
    digest = created_once_after_a_cut(retrying, cut, verilink.idempotency(key))
    assert digest == hashlib.sha256(key.encode()).hexdigest()
    assert generated_keys == []
