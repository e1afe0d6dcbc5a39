"""Which calls are safe to repeat, and how long to wait between attempts."""

from __future__ import annotations

import dataclasses
import random
from typing import FrozenSet

from google.api import annotations_pb2

from verilink.v1 import (
    audit_pb2,
    inquiry_pb2,
    inquiry_template_pb2,
    one_time_link_pb2,
    session_pb2,
    webhook_pb2,
)

__all__ = ["MUTATING_METHODS", "READ_METHODS", "RetryPolicy"]


def _methods(read: bool) -> FrozenSet[str]:
    """The gRPC paths of the RPCs whose ``google.api.http`` route is a GET (``read``), or of
    the others."""
    files = (
        audit_pb2,
        inquiry_pb2,
        inquiry_template_pb2,
        one_time_link_pb2,
        session_pb2,
        webhook_pb2,
    )
    return frozenset(
        f"/{service.full_name}/{method.name}"
        for file in files
        for service in file.DESCRIPTOR.services_by_name.values()
        for method in service.methods
        if (method.GetOptions().Extensions[annotations_pb2.http].WhichOneof("pattern") == "get")
        == read
    )


#: The gRPC paths (``/verilink.v1.InquiryService/GetInquiry``) of the reads: the RPCs whose
#: ``google.api.http`` route in the contract is a GET (``Get…``, ``List…``, ``ExportInquiry``,
#: ``GetCurrentSession``, ``WatchInquiry``). Repeating them changes nothing.
READ_METHODS = _methods(read=True)

#: The gRPC paths of the mutations (``/verilink.v1.InquiryService/CreateInquiry``): every other
#: RPC of ``verilink.v1``, all unary. With retries on, one that carries no ``idempotency-key``
#: gets one generated for it.
MUTATING_METHODS = _methods(read=False)


@dataclasses.dataclass(frozen=True)
class RetryPolicy:
    """How :class:`verilink.Client` retries a call that is safe to repeat (``retry=``).

    Safe are the reads (:data:`READ_METHODS`) and the calls that carry an ``idempotency-key``
    (:func:`verilink.idempotency`): with retries on, every mutation (:data:`MUTATING_METHODS`)
    does, since one without a key gets one generated before its first attempt. They are
    retried when they fail with ``UNAVAILABLE`` (``COMMIT_OUTCOME_UNKNOWN`` included: the
    change may have been made, and the same key replays it) or with ``ABORTED``
    ``IDEMPOTENCY_KEY_IN_USE`` (the same key's first call is still running), at most
    ``max_attempts`` attempts in all, never past the call's deadline. The n-th retry waits
    ``initial_backoff * multiplier**(n-1)`` seconds, at most ``max_backoff``, ±20 % at random.
    The defaults wait 0.1, 0.2, 0.4, … 5, 5 s: about 21 s over 10 attempts.
    """

    max_attempts: int = 10
    initial_backoff: float = 0.1
    max_backoff: float = 5.0
    multiplier: float = 2.0

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("verilink: max_attempts must be at least 1")
        _check_backoff(self.initial_backoff, self.max_backoff, self.multiplier)


class Backoff:
    """Exponential backoff with ±20 % jitter: ``initial``, then times ``multiplier`` after
    each delay, at most ``maximum``; :meth:`reset` starts over."""

    def __init__(self, initial: float, maximum: float, multiplier: float = 2.0) -> None:
        _check_backoff(initial, maximum, multiplier)
        self._initial = initial
        self._maximum = maximum
        self._multiplier = multiplier
        self._next = initial

    def reset(self) -> None:
        self._next = self._initial

    def next_delay(self) -> float:
        """The next delay in seconds."""
        delay = self._next * random.uniform(0.8, 1.2)
        self._next = min(self._next * self._multiplier, self._maximum)
        return delay


def _check_backoff(initial: float, maximum: float, multiplier: float) -> None:
    if not 0 < initial <= maximum:
        raise ValueError("verilink: backoff needs 0 < initial backoff <= maximum backoff")
    if multiplier < 1:
        raise ValueError("verilink: the backoff multiplier must be at least 1")
