"""A thin layer over the generated stubs: connect, attach a credential, retry what is safe to
repeat, follow an inquiry, read error details.

Everything of the API itself (messages, enums, RPCs) is the generated code in ``verilink.v1``;
this module only builds the channel the stubs run on.
"""

from __future__ import annotations

import time
import uuid
from types import TracebackType
from typing import Any, Callable, Optional, Sequence, Tuple, Type, TypeVar, Union

import grpc
from google.protobuf.message import Message
from google.rpc import error_details_pb2, status_pb2
from grpc_health.v1 import health_pb2_grpc
from grpc_status import rpc_status

from verilink.retry import MUTATING_METHODS, READ_METHODS, Backoff, RetryPolicy
from verilink.v1 import (
    audit_pb2_grpc,
    inquiry_pb2_grpc,
    inquiry_template_pb2_grpc,
    one_time_link_pb2_grpc,
    session_pb2_grpc,
    webhook_pb2_grpc,
)
from verilink.watch import InquiryWatch

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
_Outcome = TypeVar("_Outcome", bound=grpc.Call)


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

    ``retry`` (off by default) retries the unary calls that are safe to repeat, the reads and
    the calls with an idempotency key, when they fail with ``UNAVAILABLE`` or ``ABORTED``
    ``IDEMPOTENCY_KEY_IN_USE``: ``True`` with the default :class:`RetryPolicy`, or a policy.
    With it, a mutation that carries no ``idempotency-key`` gets one before its first attempt
    (``uuid.uuid4()``, from the OS's random source), sent by every attempt, so that a retry of
    a change that was in fact made (``UNAVAILABLE`` ``COMMIT_OUTCOME_UNKNOWN``) replays it
    instead of making it twice. A key of yours (:func:`idempotency`) is kept. Without
    ``retry`` no key is added.

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
    audit: audit_pb2_grpc.AuditServiceStub
    """``verilink.v1.AuditService`` (management plane): the audit log, every event with its
    actor."""
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
        retry: bool | RetryPolicy = False,
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
        policy = RetryPolicy() if retry is True else retry or None
        self.channel: grpc.Channel = grpc.intercept_channel(
            self._channel, _Interceptor(authorization, timeout, policy)
        )
        """The channel the stubs use (credential and default deadline attached)."""

        self.templates = inquiry_template_pb2_grpc.InquiryTemplateServiceStub(self.channel)
        self.inquiries = inquiry_pb2_grpc.InquiryServiceStub(self.channel)
        self.sessions = session_pb2_grpc.SessionServiceStub(self.channel)
        self.one_time_links = one_time_link_pb2_grpc.OneTimeLinkServiceStub(self.channel)
        self.webhooks = webhook_pb2_grpc.WebhookServiceStub(self.channel)
        self.audit = audit_pb2_grpc.AuditServiceStub(self.channel)
        self.health = health_pb2_grpc.HealthStub(
            grpc.intercept_channel(self._channel, _Interceptor(None, timeout, None))
        )

    def watch_inquiry(
        self,
        inquiry_id: str,
        after_event_id: str = "",
        *,
        initial_backoff: float = 0.1,
        max_backoff: float = 5.0,
    ) -> InquiryWatch:
        """Follows an inquiry's events, reconnecting as needed: an iterator of
        ``verilink.v1.Event``, each event once and in commit order.

        It replays the events after ``after_event_id`` (all when empty), then the live ones,
        and ends after ``inquiry.redacted``. When the stream ends early (the server drains, a
        stream reaches its maximum lifetime) or fails with ``UNAVAILABLE`` (the server or the
        connection is down), it waits (``initial_backoff`` doubling to ``max_backoff`` seconds,
        reset once a stream is up again) and resumes after the last event it returned. Any
        other error (``NOT_FOUND``, ``UNAUTHENTICATED``, …) is raised. ``close()`` it, from any
        thread, or use ``with``, to stop::

            with client.watch_inquiry(inquiry_id) as watch:
                for event in watch:
                    print(event.name, event.id)
        """
        return InquiryWatch(
            self.inquiries,
            inquiry_id,
            after_event_id,
            initial_backoff=initial_backoff,
            max_backoff=max_backoff,
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

    A client with ``retry`` makes one for a mutation without; set your own, and store it with
    the work, to repeat the call later (after your process restarted, say).
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
    response and no deadline of their own, the default timeout; with a retry policy, gives a
    unary mutation without ``idempotency-key`` one and repeats the unary calls that are safe
    to repeat.

    An interceptor rather than a gRPC service config ``retryPolicy``: a service config chooses
    its policy by method name only, and attaches no metadata, so it can neither add a key to a
    mutation nor tell a mutation that carries an ``idempotency-key`` (safe to repeat) from the
    same mutation without one (not safe)."""

    def __init__(
        self, authorization: str | None, timeout: float | None, retry: RetryPolicy | None
    ) -> None:
        self._authorization = authorization
        self._timeout = timeout
        self._retry = retry

    def _details(
        self, details: grpc.ClientCallDetails, unary_response: bool, key: bool = False
    ) -> _CallDetails:
        """The call's details with the credential and default timeout; with ``key``, a
        mutation without an idempotency key gets a new one."""
        metadata = tuple(details.metadata or ())
        if self._authorization is not None and not _has(metadata, "authorization"):
            metadata += (("authorization", self._authorization),)
        if key and details.method in MUTATING_METHODS and not _has(metadata, "idempotency-key"):
            metadata += (("idempotency-key", str(uuid.uuid4())),)
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
        continuation: Callable[[grpc.ClientCallDetails, _Req], _Outcome],
        client_call_details: grpc.ClientCallDetails,
        request: _Req,
    ) -> _Outcome:
        # The key is made here, once: every attempt below sends these details.
        details = self._details(client_call_details, True, key=self._retry is not None)
        if self._retry is None or not _safe_to_repeat(details):
            return continuation(details, request)
        backoff = Backoff(
            self._retry.initial_backoff, self._retry.max_backoff, self._retry.multiplier
        )
        deadline = None if details.timeout is None else time.monotonic() + details.timeout
        attempt = 1
        while True:
            # The outcome of a blocking call, or a future: then this waits for its result.
            outcome = continuation(details, request)
            if attempt >= self._retry.max_attempts or not _retryable(outcome):
                return outcome
            delay = backoff.next_delay()
            if deadline is not None and time.monotonic() + delay >= deadline:
                return outcome
            time.sleep(delay)
            attempt += 1
            if deadline is not None:
                details = _CallDetails(
                    details.method,
                    deadline - time.monotonic(),
                    details.metadata,
                    details.credentials,
                    details.wait_for_ready,
                    details.compression,
                )

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


def _has(metadata: Metadata, name: str) -> bool:
    """Whether ``metadata`` has an entry ``name`` (lower case)."""
    return any(key.lower() == name for key, _ in metadata)


def _safe_to_repeat(details: _CallDetails) -> bool:
    """A read, or a call that carries an idempotency key."""
    return details.method in READ_METHODS or _has(details.metadata or (), "idempotency-key")


def _retryable(outcome: grpc.Call) -> bool:
    """Failed with UNAVAILABLE, or with ABORTED IDEMPOTENCY_KEY_IN_USE."""
    code = outcome.code()
    if code == grpc.StatusCode.UNAVAILABLE:
        return True
    return (
        code == grpc.StatusCode.ABORTED
        and isinstance(outcome, grpc.RpcError)
        and error_reason(outcome) == "IDEMPOTENCY_KEY_IN_USE"
    )
