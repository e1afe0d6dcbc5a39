"""A thin layer over the generated stubs: connect, attach a credential, read error details.

Everything of the API itself (messages, enums, RPCs) is the generated code in ``verilink.v1``;
this module only builds the channel the stubs run on.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any, Callable, Optional, Sequence, Tuple, Type, TypeVar, Union

import grpc
from google.protobuf.message import Message
from google.rpc import error_details_pb2, status_pb2
from grpc_health.v1 import health_pb2_grpc
from grpc_status import rpc_status

from verilink.v1 import (
    inquiry_pb2_grpc,
    inquiry_template_pb2_grpc,
    one_time_link_pb2_grpc,
    session_pb2_grpc,
    webhook_pb2_grpc,
)

__all__ = [
    "ERROR_DOMAIN",
    "Client",
    "Metadata",
    "bad_request",
    "error_detail",
    "error_info",
    "error_reason",
    "error_status",
    "idempotency",
    "retry_info",
]

#: The domain of the ``google.rpc.ErrorInfo`` that every Verilink error carries.
ERROR_DOMAIN = "verilink.dev"

#: gRPC call metadata, as the generated stubs take it (``metadata=``).
Metadata = Tuple[Tuple[str, Union[str, bytes]], ...]

_M = TypeVar("_M", bound=Message)
_Req = TypeVar("_Req")
_Res = TypeVar("_Res")


class Client:
    """A connection to a Verilink server with one credential attached to every call.

    The credential is an API key (``vlk_…``) for the management plane, a session token
    (``vls_…``, keyword ``session_token``) for the end-user plane (``GetCurrentSession``,
    ``SubmitSession``), or none (``RedeemOneTimeLink``, health). It travels as metadata
    ``authorization: Bearer <credential>``.

    The channel is plaintext unless ``credentials`` is given, e.g.
    ``grpc.ssl_channel_credentials()`` for TLS with the system's roots. ``timeout`` (seconds)
    is the deadline of every unary call that passes none itself (``timeout=`` on the call);
    ``None`` means no default deadline. Server streams (``WatchInquiry``) get no default
    deadline. ``options`` are gRPC channel arguments.

    The generated stubs are attributes; call them with request messages of ``verilink.v1``::

        with verilink.Client("127.0.0.1:50051", api_key) as client:
            resp = client.inquiries.GetInquiry(inquiry_pb2.GetInquiryRequest(id="inq_…"))

    A client is safe to use from several threads. Close it (or use ``with``) when done.
    """

    templates: inquiry_template_pb2_grpc.InquiryTemplateServiceStub
    """``verilink.v1.InquiryTemplateService`` (management plane)."""
    inquiries: inquiry_pb2_grpc.InquiryServiceStub
    """``verilink.v1.InquiryService`` (management plane)."""
    sessions: session_pb2_grpc.SessionServiceStub
    """``verilink.v1.SessionService``: management plane, and with a session token
    ``GetCurrentSession`` and ``SubmitSession``."""
    one_time_links: one_time_link_pb2_grpc.OneTimeLinkServiceStub
    """``verilink.v1.OneTimeLinkService``: management plane, and ``RedeemOneTimeLink``,
    which needs no credential."""
    webhooks: webhook_pb2_grpc.WebhookServiceStub
    """``verilink.v1.WebhookService`` (management plane)."""
    health: health_pb2_grpc.HealthStub
    """``grpc.health.v1.Health``, called without a credential. Service ``""`` and
    ``"verilink.v1.InquiryService"`` report SERVING while the database answers."""

    def __init__(
        self,
        address: str,
        api_key: str | None = None,
        *,
        session_token: str | None = None,
        timeout: float | None = 30.0,
        credentials: grpc.ChannelCredentials | None = None,
        options: Sequence[Tuple[str, Any]] = (),
    ) -> None:
        if api_key and session_token:
            raise ValueError("verilink: pass an api_key or a session_token, not both")
        credential = api_key or session_token or ""
        _check_credential(credential)
        if timeout is not None and timeout <= 0:
            raise ValueError("verilink: timeout must be positive (or None for no default)")

        if credentials is None:
            self._channel = grpc.insecure_channel(address, options=list(options))
        else:
            self._channel = grpc.secure_channel(address, credentials, options=list(options))
        authorization = f"Bearer {credential}" if credential else None
        self.channel: grpc.Channel = grpc.intercept_channel(
            self._channel, _Interceptor(authorization, timeout)
        )
        """The channel the stubs use (credential and default deadline attached)."""

        self.templates = inquiry_template_pb2_grpc.InquiryTemplateServiceStub(self.channel)
        self.inquiries = inquiry_pb2_grpc.InquiryServiceStub(self.channel)
        self.sessions = session_pb2_grpc.SessionServiceStub(self.channel)
        self.one_time_links = one_time_link_pb2_grpc.OneTimeLinkServiceStub(self.channel)
        self.webhooks = webhook_pb2_grpc.WebhookServiceStub(self.channel)
        self.health = health_pb2_grpc.HealthStub(
            grpc.intercept_channel(self._channel, _Interceptor(None, timeout))
        )

    def close(self) -> None:
        """Closes the channel; calls in flight are cancelled."""
        self._channel.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        self.close()


def idempotency(key: str) -> Metadata:
    """Call metadata ``idempotency-key: <key>`` for a mutating management call.

    For 24 hours the same key with the same request replays the first response instead of
    doing the work again; the same key with another request is ``INVALID_ARGUMENT``
    ``IDEMPOTENCY_KEY_REUSED``. Use an unpredictable key (``str(uuid.uuid4())``)::

        client.inquiries.CreateInquiry(request, metadata=verilink.idempotency(key))
    """
    if not 1 <= len(key) <= 255 or not all(" " <= c <= "~" for c in key):
        raise ValueError("verilink: an idempotency key is 1 to 255 printable ASCII characters")
    return (("idempotency-key", key),)


def error_status(error: grpc.RpcError) -> status_pb2.Status | None:
    """The ``google.rpc.Status`` of a failed call (from ``grpc-status-details-bin``), or None."""
    if not isinstance(error, grpc.Call):
        return None
    try:
        status: status_pb2.Status | None = rpc_status.from_call(error)
    except ValueError:  # details that contradict the call's code or message
        return None
    return status


def error_detail(error: grpc.RpcError, detail_type: Type[_M]) -> _M | None:
    """The first detail of type ``detail_type`` (a ``google.rpc`` message such as
    ``error_details_pb2.BadRequest``) that a failed call carries, or None."""
    status = error_status(error)
    if status is None:
        return None
    for packed in status.details:
        detail = detail_type()
        if packed.Unpack(detail):  # False when packed holds another type
            return detail
    return None


def error_info(error: grpc.RpcError) -> error_details_pb2.ErrorInfo | None:
    """The ``google.rpc.ErrorInfo`` of a failed call, or None. Its ``reason`` is UPPER_SNAKE
    (e.g. ``INQUIRY_NOT_FOUND``) and its ``domain`` is :data:`ERROR_DOMAIN`."""
    return error_detail(error, error_details_pb2.ErrorInfo)


def error_reason(error: grpc.RpcError) -> str:
    """The ErrorInfo reason of a failed call, or ``""`` if it carries none."""
    info = error_info(error)
    return info.reason if info is not None else ""


def bad_request(error: grpc.RpcError) -> error_details_pb2.BadRequest | None:
    """The ``google.rpc.BadRequest`` (field violations) of an INVALID_ARGUMENT error, or None."""
    return error_detail(error, error_details_pb2.BadRequest)


def retry_info(error: grpc.RpcError) -> error_details_pb2.RetryInfo | None:
    """The ``google.rpc.RetryInfo`` (when to retry) of a RESOURCE_EXHAUSTED error, or None."""
    return error_detail(error, error_details_pb2.RetryInfo)


def _check_credential(credential: str) -> None:
    if not all("!" <= c <= "~" for c in credential):
        raise ValueError("verilink: the credential must be printable ASCII without spaces")


class _CallDetails(grpc.ClientCallDetails):
    def __init__(
        self,
        method: str,
        timeout: float | None,
        metadata: Metadata | None,
        credentials: grpc.CallCredentials | None,
        wait_for_ready: bool | None,
        compression: grpc.Compression | None,
    ) -> None:
        self.method = method
        self.timeout = timeout
        self.metadata = metadata
        self.credentials = credentials
        self.wait_for_ready = wait_for_ready
        self.compression = compression


class _Interceptor(
    grpc.UnaryUnaryClientInterceptor,
    grpc.UnaryStreamClientInterceptor,
    grpc.StreamUnaryClientInterceptor,
    grpc.StreamStreamClientInterceptor,
):
    """Adds ``authorization`` (unless the call sets its own) and, to calls with a single
    response and no deadline of their own, the default timeout."""

    def __init__(self, authorization: str | None, timeout: float | None) -> None:
        self._authorization = authorization
        self._timeout = timeout

    def _details(self, details: grpc.ClientCallDetails, unary_response: bool) -> _CallDetails:
        metadata = tuple(details.metadata or ())
        if self._authorization is not None and not any(
            key.lower() == "authorization" for key, _ in metadata
        ):
            metadata += (("authorization", self._authorization),)
        timeout = details.timeout
        if timeout is None and unary_response:
            timeout = self._timeout
        return _CallDetails(
            details.method,
            timeout,
            metadata,
            details.credentials,
            details.wait_for_ready,
            details.compression,
        )

    def intercept_unary_unary(
        self,
        continuation: Callable[[grpc.ClientCallDetails, _Req], _Res],
        client_call_details: grpc.ClientCallDetails,
        request: _Req,
    ) -> _Res:
        return continuation(self._details(client_call_details, True), request)

    def intercept_unary_stream(
        self,
        continuation: Callable[[grpc.ClientCallDetails, _Req], _Res],
        client_call_details: grpc.ClientCallDetails,
        request: _Req,
    ) -> _Res:
        return continuation(self._details(client_call_details, False), request)

    def intercept_stream_unary(
        self,
        continuation: Callable[[grpc.ClientCallDetails, _Req], _Res],
        client_call_details: grpc.ClientCallDetails,
        request_iterator: _Req,
    ) -> _Res:
        return continuation(self._details(client_call_details, True), request_iterator)

    def intercept_stream_stream(
        self,
        continuation: Callable[[grpc.ClientCallDetails, _Req], _Res],
        client_call_details: grpc.ClientCallDetails,
        request_iterator: _Req,
    ) -> _Res:
        return continuation(self._details(client_call_details, False), request_iterator)
