"""Checks of the thin layer against an in-process fake server (no Verilink needed)."""

from __future__ import annotations

from concurrent import futures
from typing import Any, Dict, Iterator, List, Tuple

import grpc
import pytest
from grpc_health.v1 import health_pb2

import verilink
from verilink.v1 import inquiry_pb2

Seen = Dict[str, Any]


class _Inquiries:
    """A fake GetInquiry that records what arrives: metadata and the deadline left."""

    def __init__(self) -> None:
        self.seen: List[Seen] = []

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
            )
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
    with verilink.Client(addr, "vlk_sandbox_key", timeout=7) as client:
        assert client.inquiries.GetInquiry(request).inquiry.id == "inq_x"
        client.inquiries.GetInquiry(request, timeout=60, metadata=verilink.idempotency("k-1"))
    with verilink.Client(addr, session_token="vls_token", timeout=None) as client:
        client.inquiries.GetInquiry(request)
    with verilink.Client(addr) as client:
        client.inquiries.GetInquiry(request)

    default, own, session, anonymous = servicer.seen
    assert default["metadata"]["authorization"] == "Bearer vlk_sandbox_key"
    assert "idempotency-key" not in default["metadata"]
    assert 5 < default["time_remaining"] < 8
    assert own["metadata"]["idempotency-key"] == "k-1"
    assert 50 < own["time_remaining"] < 61
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
    with verilink.Client("127.0.0.1:1", timeout=5) as client:
        with pytest.raises(grpc.RpcError) as raised:
            client.health.Check(health_pb2.HealthCheckRequest())
    err = raised.value
    assert isinstance(err, grpc.Call)
    assert err.code() == grpc.StatusCode.UNAVAILABLE
    assert verilink.error_status(err) is None
    assert verilink.error_info(err) is None
    assert verilink.error_reason(err) == ""
