"""Checks of the thin layer against an in-process fake server (no Verilink needed): what the
real server cannot be made to do on purpose, such as ABORTED IDEMPOTENCY_KEY_IN_USE."""

from __future__ import annotations

import uuid
from concurrent import futures
from typing import Any, Dict, FrozenSet, Iterator, List, Tuple

import grpc
import pytest
from google.protobuf import any_pb2
from google.rpc import error_details_pb2, status_pb2
from grpc_health.v1 import health_pb2
from grpc_status import rpc_status

import verilink
from timing import HANG
from verilink.v1 import inquiry_pb2

Seen = Dict[str, Any]


class _Inquiries:
    """A fake GetInquiry that records what arrives: metadata and the deadline left; a fake
    CreateInquiry that records the idempotency keys of each attempt and fails with the (code,
    ErrorInfo reason) of ``failures`` first."""

    def __init__(self) -> None:
        self.seen: List[Seen] = []
        self.failures: List[Tuple[grpc.StatusCode, str]] = []
        self.creates = 0
        self.keys: List[List[str]] = []

    def CreateInquiry(
        self, request: inquiry_pb2.CreateInquiryRequest, context: grpc.ServicerContext
    ) -> inquiry_pb2.CreateInquiryResponse:
        self.creates += 1
        self.keys.append(
            [str(v) for k, v in context.invocation_metadata() if k == "idempotency-key"]
        )
        if self.failures:
            code, reason = self.failures.pop(0)
            info = any_pb2.Any()
            info.Pack(error_details_pb2.ErrorInfo(reason=reason, domain=verilink.ERROR_DOMAIN))
            status = status_pb2.Status(code=code.value[0], message=reason, details=[info])
            context.abort_with_status(rpc_status.to_status(status))
        return inquiry_pb2.CreateInquiryResponse(inquiry=inquiry_pb2.Inquiry(id="inq_fake"))

    def GetInquiry(
        self, request: inquiry_pb2.GetInquiryRequest, context: grpc.ServicerContext
    ) -> inquiry_pb2.GetInquiryResponse:
        self.seen.append(
            {
                "metadata": dict(context.invocation_metadata()),
                "time_remaining": context.time_remaining(),
            }
        )
        return inquiry_pb2.GetInquiryResponse(inquiry=inquiry_pb2.Inquiry(id=request.id))


@pytest.fixture()
def fake() -> Iterator[Tuple[str, _Inquiries]]:
    servicer = _Inquiries()
    handler = grpc.method_handlers_generic_handler(
        "verilink.v1.InquiryService",
        {
            "GetInquiry": grpc.unary_unary_rpc_method_handler(
                servicer.GetInquiry,
                request_deserializer=inquiry_pb2.GetInquiryRequest.FromString,
                response_serializer=inquiry_pb2.GetInquiryResponse.SerializeToString,
            ),
            "CreateInquiry": grpc.unary_unary_rpc_method_handler(
                servicer.CreateInquiry,
                request_deserializer=inquiry_pb2.CreateInquiryRequest.FromString,
                response_serializer=inquiry_pb2.CreateInquiryResponse.SerializeToString,
            ),
        },
    )
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2), handlers=[handler])
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        yield f"127.0.0.1:{port}", servicer
    finally:
        server.stop(None)


def test_credential_deadline_and_idempotency_key(fake: Tuple[str, _Inquiries]) -> None:
    addr, servicer = fake
    request = inquiry_pb2.GetInquiryRequest(id="inq_x")
    # Deadlines far apart, each longer than a call takes even on a busy machine (HANG): what is
    # left of it when the call arrives tells which one the call had. (gRPC sends a deadline
    # rounded up: a second more, at most, for these two.)
    with verilink.Client(addr, "vlk_sandbox_key", timeout=2 * HANG) as client:
        assert client.inquiries.GetInquiry(request).inquiry.id == "inq_x"
        client.inquiries.GetInquiry(
            request, timeout=10 * HANG, metadata=verilink.idempotency("k-1")
        )
    with verilink.Client(addr, session_token="vls_token", timeout=None) as client:
        client.inquiries.GetInquiry(request)
    with verilink.Client(addr) as client:
        client.inquiries.GetInquiry(request)

    default, own, session, anonymous = servicer.seen
    assert default["metadata"]["authorization"] == "Bearer vlk_sandbox_key"
    assert "idempotency-key" not in default["metadata"]
    assert HANG < default["time_remaining"] < 2 * HANG + 1.5
    assert own["metadata"]["idempotency-key"] == "k-1"
    assert 9 * HANG < own["time_remaining"] < 10 * HANG + 1.5
    assert session["metadata"]["authorization"] == "Bearer vls_token"
    assert session["time_remaining"] is None or session["time_remaining"] > 1e9  # no deadline
    assert "authorization" not in anonymous["metadata"]


def test_idempotency_metadata() -> None:
    assert verilink.idempotency("9b1d-key") == (("idempotency-key", "9b1d-key"),)
    for bad in ("", "x" * 256, "tab\there", "ü"):
        with pytest.raises(ValueError):
            verilink.idempotency(bad)


def test_credentials_are_checked() -> None:
    with pytest.raises(ValueError):
        verilink.Client("127.0.0.1:1", "vlk_sandbox_x", session_token="vls_y")
    with pytest.raises(ValueError):
        verilink.Client("127.0.0.1:1", "vlk_sandbox_x\n")


def test_error_without_details() -> None:
    # Nothing listens on port 1: the call fails with UNAVAILABLE and no rich details.
    with verilink.Client("127.0.0.1:1", timeout=HANG) as client:
        with pytest.raises(grpc.RpcError) as raised:
            client.health.Check(health_pb2.HealthCheckRequest())
    err = raised.value
    assert isinstance(err, grpc.Call)
    assert err.code() == grpc.StatusCode.UNAVAILABLE
    assert verilink.error_status(err) is None
    assert verilink.error_info(err) is None
    assert verilink.error_reason(err) == ""


IN_USE = (grpc.StatusCode.ABORTED, "IDEMPOTENCY_KEY_IN_USE")
UNAVAILABLE = (grpc.StatusCode.UNAVAILABLE, "DATABASE_UNAVAILABLE")


def test_retries_of_a_mutation(fake: Tuple[str, _Inquiries]) -> None:
    addr, servicer = fake
    request = inquiry_pb2.CreateInquiryRequest()
    key = verilink.idempotency("k-1")

    def attempts(client: verilink.Client, *failures: Tuple[grpc.StatusCode, str], **kw: Any) -> Any:
        """(attempts made, code of the outcome) of a CreateInquiry that first meets failures."""
        servicer.failures, servicer.creates = list(failures), 0
        try:
            client.inquiries.CreateInquiry(request, **kw)
            code = grpc.StatusCode.OK
        except grpc.RpcError as err:
            assert isinstance(err, grpc.Call)
            code = err.code()
        return servicer.creates, code

    policy = verilink.RetryPolicy(initial_backoff=0.01, max_backoff=0.05)
    with verilink.Client(addr, "vlk_sandbox_key", retry=policy) as client:
        # With a key: the first call with the key is still running, or the server is down.
        assert attempts(client, IN_USE, IN_USE, metadata=key) == (3, grpc.StatusCode.OK)
        assert attempts(client, UNAVAILABLE, IN_USE, metadata=key) == (3, grpc.StatusCode.OK)
        # Another ABORTED (the server sends none today) or another code: not retried.
        other = (grpc.StatusCode.ABORTED, "SOMETHING_ELSE")
        assert attempts(client, other, metadata=key) == (1, grpc.StatusCode.ABORTED)
        failed = (grpc.StatusCode.FAILED_PRECONDITION, "INQUIRY_DECIDED")
        assert attempts(client, failed, metadata=key) == (1, failed[0])
        # Without a key of the caller's, the client's own makes it safe to repeat.
        assert attempts(client, IN_USE) == (2, grpc.StatusCode.OK)
        assert attempts(client, UNAVAILABLE) == (2, grpc.StatusCode.OK)
        # At most max_attempts attempts.
        assert attempts(client, *[UNAVAILABLE] * 20, metadata=key) == (
            policy.max_attempts,
            grpc.StatusCode.UNAVAILABLE,
        )
        # A future is retried too (its result is known once the retries are over).
        servicer.failures, servicer.creates = [IN_USE], 0
        future = client.inquiries.CreateInquiry.future(request, metadata=key)
        assert future.result(timeout=HANG).inquiry.id == "inq_fake"
        assert servicer.creates == 2
    with verilink.Client(addr, "vlk_sandbox_key") as client:  # retries are off by default
        assert attempts(client, IN_USE, metadata=key) == (1, grpc.StatusCode.ABORTED)
        assert attempts(client, UNAVAILABLE) == (1, grpc.StatusCode.UNAVAILABLE)


def test_retries_send_one_key_per_mutation(fake: Tuple[str, _Inquiries]) -> None:
    addr, servicer = fake
    request = inquiry_pb2.CreateInquiryRequest()

    def keys(client: verilink.Client, *failures: Tuple[grpc.StatusCode, str], **kw: Any) -> Any:
        """The idempotency keys each attempt of a CreateInquiry that first meets failures sent."""
        servicer.failures, servicer.keys = list(failures), []
        client.inquiries.CreateInquiry(request, **kw)
        return servicer.keys

    policy = verilink.RetryPolicy(initial_backoff=0.01, max_backoff=0.05)
    with verilink.Client(addr, "vlk_sandbox_key", retry=policy) as client:
        # One key per call, made before the first attempt: every attempt sends it, once.
        first = keys(client, UNAVAILABLE, IN_USE)
        assert len(first) == 3 and first[0] == first[1] == first[2], first
        assert uuid.UUID(first[0][0]).version == 4, first
        second = keys(client, UNAVAILABLE)
        assert len(second) == 2 and second[0] == second[1] != first[0], (first, second)
        # The caller's key is kept.
        assert keys(client, UNAVAILABLE, metadata=verilink.idempotency("k-own")) == [["k-own"]] * 2
        # A read gets none.
        client.inquiries.GetInquiry(inquiry_pb2.GetInquiryRequest(id="inq_x"))
        assert "idempotency-key" not in servicer.seen[-1]["metadata"]
    with verilink.Client(addr, "vlk_sandbox_key") as client:  # no retries, no key
        assert keys(client) == [[]]


def test_reads_and_mutations_split_the_contract() -> None:
    """The reads are the RPCs whose HTTP route is a GET; the mutations, every other."""

    def names(methods: FrozenSet[str]) -> List[str]:
        return sorted(m.rsplit("/", 1)[1] for m in methods)

    assert "/verilink.v1.InquiryService/GetInquiry" in verilink.READ_METHODS
    assert "/verilink.v1.InquiryService/CreateInquiry" in verilink.MUTATING_METHODS
    assert names(verilink.READ_METHODS) == [
        "ExportInquiry",
        "GetCurrentSession",
        "GetInquiry",
        "GetInquiryTemplate",
        "GetOneTimeLink",
        "GetSession",
        "GetWebhook",
        "ListAuditEvents",
        "ListInquiries",
        "ListInquiryTemplates",
        "ListOneTimeLinks",
        "ListSessions",
        "ListWebhookDeliveries",
        "ListWebhooks",
        "WatchInquiry",
    ]
    assert names(verilink.MUTATING_METHODS) == [
        "AddInquiryTag",
        "ApproveInquiry",
        "ArchiveInquiryTemplate",
        "CreateInquiry",
        "CreateInquiryTemplate",
        "CreateWebhook",
        "DeclineInquiry",
        "DeleteWebhook",
        "ExpireAllSessions",
        "ExpireInquiry",
        "ExpireSession",
        "GenerateOneTimeLink",
        "MarkInquiryForReview",
        "RedactInquiry",
        "RedeemOneTimeLink",
        "RedeliverEvent",
        "RemoveInquiryTag",
        "ResendOneTimeLink",
        "ResumeInquiry",
        "RevokeOneTimeLink",
        "RotateWebhookSecret",
        "SetInquiryTags",
        "SimulateInquiryAction",
        "SubmitSession",
        "UpdateInquiry",
        "UpdateInquiryTemplate",
        "UpdateWebhook",
    ]


def test_retry_policy_is_checked() -> None:
    for bad in (
        {"max_attempts": 0},
        {"initial_backoff": 0},
        {"initial_backoff": 6.0, "max_backoff": 5.0},
        {"multiplier": 0.5},
    ):
        with pytest.raises(ValueError):
            verilink.RetryPolicy(**bad)
