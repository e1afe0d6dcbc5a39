"""Verification of webhook deliveries: the signature header, its timestamp, the typed event.

A delivery is a POST whose raw body is the proto3 JSON of ``verilink.v1.WebhookEvent``, signed
in the header ``Verilink-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>``
(two ``v1`` during a secret rotation's grace period).
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import time
from typing import Iterable, List, Optional, Tuple, Union

from google.protobuf import json_format

from verilink.v1 import event_pb2

__all__ = ["DEFAULT_TOLERANCE", "WebhookFailure", "WebhookVerificationError", "verify_webhook"]

#: How far (seconds) a delivery's signing time may be from now, in either direction.
DEFAULT_TOLERANCE = 300.0

# Longer digit strings than this are no Unix time (and int() refuses very long ones).
_MAX_TIMESTAMP_DIGITS = 20


class WebhookFailure(enum.Enum):
    """Why a delivery failed verification (:attr:`WebhookVerificationError.reason`)."""

    HEADER_MISSING = "HEADER_MISSING"
    """The signature header is absent or empty."""
    HEADER_MALFORMED = "HEADER_MALFORMED"
    """An element of the header is not ``key=value``, or ``t`` is not one decimal Unix time."""
    TIMESTAMP_MISSING = "TIMESTAMP_MISSING"
    """The header has no ``t``."""
    SIGNATURE_MISSING = "SIGNATURE_MISSING"
    """The header has no ``v1``."""
    SIGNATURE_MISMATCH = "SIGNATURE_MISMATCH"
    """No ``v1`` is the signature of the body by any of the secrets (tampered body, wrong
    secret, or not from Verilink)."""
    TIMESTAMP_OUTSIDE_TOLERANCE = "TIMESTAMP_OUTSIDE_TOLERANCE"
    """The signature is valid but ``t`` is further from now than the tolerance: a replayed
    delivery, or a clock that is off."""
    PAYLOAD_INVALID = "PAYLOAD_INVALID"
    """The signature is valid but the body is not the JSON of a ``WebhookEvent``."""


class WebhookVerificationError(ValueError):
    """A webhook delivery failed verification: do not act on it (answer it with 400).

    :attr:`reason` says why; ``str(error)`` says it in words.
    """

    def __init__(self, reason: WebhookFailure, message: str) -> None:
        super().__init__(f"verilink: webhook {message} ({reason.value})")
        self.reason = reason
        """Why the delivery failed verification."""


def verify_webhook(
    secrets: Union[str, Iterable[str]],
    header: Optional[str],
    body: bytes,
    tolerance: float = DEFAULT_TOLERANCE,
) -> event_pb2.WebhookEvent:
    """Verifies a webhook delivery and returns its event.

    ``secrets`` is the webhook's signing secret (``whsec_…``) or several of them, e.g. the new
    and the previous one while you roll a rotation out. ``header`` is the *value* of the
    signature header (``Verilink-Signature``), None when the request had none. ``body`` is the
    raw request body, exactly the bytes received (parse nothing before). ``tolerance`` is how
    many seconds the signing time may differ from now, in either direction.

    Every ``v1`` of the header is compared in constant time with the signature of ``t.body`` by
    every secret; one match is enough. The body is then parsed as the proto3 JSON of
    ``verilink.v1.WebhookEvent``, ignoring fields this version does not know::

        try:
            event = verilink.verify_webhook(secret, request.headers.get("Verilink-Signature"),
                                            request.get_data())
        except verilink.WebhookVerificationError as err:
            return str(err.reason), 400
        print(event.id, event.type, event.inquiry_id)

    Raises :class:`WebhookVerificationError` (with a :class:`WebhookFailure` reason) when the
    delivery is not genuine or not fresh, ``ValueError`` when no or an empty secret is given,
    ``TypeError`` when the body is not bytes.
    """
    keys = [secrets] if isinstance(secrets, str) else list(secrets)
    if not keys or not all(keys):
        raise ValueError("verilink: verify_webhook needs at least one signing secret, none empty")
    if tolerance < 0:
        raise ValueError("verilink: the tolerance must not be negative")
    if not isinstance(body, bytes):
        raise TypeError("verilink: pass the raw request body as bytes, exactly as received")

    timestamp, signatures = _parse_header(header)
    signed = timestamp.encode() + b"." + body
    expected = [hmac.new(key.encode(), signed, hashlib.sha256).hexdigest().encode() for key in keys]
    if not any(hmac.compare_digest(s, e) for s in signatures for e in expected):
        raise WebhookVerificationError(
            WebhookFailure.SIGNATURE_MISMATCH, "signature matches none of the secrets"
        )
    age = time.time() - int(timestamp)
    if abs(age) > tolerance:
        raise WebhookVerificationError(
            WebhookFailure.TIMESTAMP_OUTSIDE_TOLERANCE,
            f"signed {abs(age):.0f} s {'ago' if age > 0 else 'in the future'}, "
            f"more than the tolerance of {tolerance:g} s",
        )
    try:
        return json_format.Parse(body, event_pb2.WebhookEvent(), ignore_unknown_fields=True)
    except (json_format.ParseError, UnicodeDecodeError) as err:
        raise WebhookVerificationError(
            WebhookFailure.PAYLOAD_INVALID, f"body is not a WebhookEvent: {err}"
        ) from err


def _parse_header(header: Optional[str]) -> Tuple[str, List[bytes]]:
    """The ``t`` (as sent) and every ``v1`` of a signature header; other keys are ignored."""
    if not header:
        raise WebhookVerificationError(WebhookFailure.HEADER_MISSING, "signature header missing")
    timestamp: Optional[str] = None
    signatures: List[bytes] = []
    for element in header.split(","):
        key, equals, value = element.strip().partition("=")
        if not equals or not key:
            raise WebhookVerificationError(
                WebhookFailure.HEADER_MALFORMED, f"signature header element {element!r}"
            )
        if key == "t":
            if (
                timestamp is not None
                or not 0 < len(value) <= _MAX_TIMESTAMP_DIGITS
                or not (value.isascii() and value.isdigit())
            ):
                raise WebhookVerificationError(
                    WebhookFailure.HEADER_MALFORMED, f"signature header timestamp {value!r}"
                )
            timestamp = value
        elif key == "v1":
            signatures.append(value.encode())
    if timestamp is None:
        raise WebhookVerificationError(
            WebhookFailure.TIMESTAMP_MISSING, "signature header has no t="
        )
    if not signatures:
        raise WebhookVerificationError(
            WebhookFailure.SIGNATURE_MISSING, "signature header has no v1="
        )
    return timestamp, signatures
