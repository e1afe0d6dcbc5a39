"""Verification of webhook deliveries: the signature header, its timestamp, the typed event.

A delivery is a POST whose raw body is the proto3 JSON of ``verilink.v1.WebhookEvent``, signed
in the header ``Verilink-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>``
(two ``v1`` during a secret rotation's grace period).

A webhook whose format is ``WEBHOOK_FORMAT_PERSONA`` receives Persona's event object instead,
signed with the same scheme and secrets in ``Persona-Signature``: one ``t=…,v1=…`` pair per
live secret, separated by a space (:func:`verify_persona_webhook`).
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import hashlib
import hmac
import json
import time
from typing import Any, Dict, Iterable, List, Optional, Tuple, Union

from google.protobuf import json_format

from verilink.v1 import event_pb2

__all__ = [
    "DEFAULT_TOLERANCE",
    "PersonaEvent",
    "WebhookFailure",
    "WebhookVerificationError",
    "verify_persona_webhook",
    "verify_webhook",
]

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
    """The signature is valid but the body is not the JSON of a ``WebhookEvent`` (or, for
    :func:`verify_persona_webhook`, not Persona's event object)."""


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
    keys = _check_arguments("verify_webhook", secrets, body, tolerance)
    _verify_signature(keys, [_parse_header(header)], body, tolerance)
    try:
        event = json_format.Parse(body, event_pb2.WebhookEvent(), ignore_unknown_fields=True)
    except (json_format.ParseError, UnicodeDecodeError) as err:
        raise WebhookVerificationError(
            WebhookFailure.PAYLOAD_INVALID, f"body is not a WebhookEvent: {err}"
        ) from err
    if not event.id:
        # Signed, but not a Verilink event (a Persona-format body, say): every event has an ID.
        raise WebhookVerificationError(
            WebhookFailure.PAYLOAD_INVALID,
            "the body has no event id (a Persona-format webhook? use verify_persona_webhook)",
        )
    return event


@dataclasses.dataclass(frozen=True)
class PersonaEvent:
    """Persona's event object, the body of a delivery to a ``WEBHOOK_FORMAT_PERSONA`` webhook::

        {"data": {"type": "event", "id": "evt_…", "attributes": {"name": "inquiry.approved",
          "payload": {"data": <subject>}, "created-at": "2026-11-24T10:15:30.123Z"}}}

    Keys are kebab case, as Persona sends them by default.
    """

    id: str
    """``data.id``, the event's identifier (``evt_…``), also sent as ``Verilink-Event-Id``.
    Delivery is at least once: deduplicate on it."""
    type: str
    """``data.type``: always ``"event"``."""
    name: str
    """``data.attributes.name``, the event's name, e.g. ``inquiry.approved``."""
    created_at: datetime.datetime
    """``data.attributes.created-at``, when the change was committed (timezone-aware, UTC)."""
    subject: Dict[str, Any]
    """``data.attributes.payload.data``, what the event is about as it was then, as parsed by
    :func:`json.loads`: an ``inquiry``, ``inquiry-session`` or ``one-time-link`` (by the prefix
    of :attr:`name`) in Persona's JSON:API shape, ``{"type", "id", "attributes",
    "relationships"}``."""

    @property
    def subject_type(self) -> str:
        """The subject's ``type``: ``inquiry``, ``inquiry-session`` or ``one-time-link`` (``""``
        if it has none)."""
        value = self.subject.get("type")
        return value if isinstance(value, str) else ""

    @property
    def subject_id(self) -> str:
        """The subject's ``id``: ``inq_…``, ``iqse_…`` or ``otl_…`` (``""`` if it has
        none)."""
        value = self.subject.get("id")
        return value if isinstance(value, str) else ""


def verify_persona_webhook(
    secrets: Union[str, Iterable[str]],
    header: Optional[str],
    body: bytes,
    tolerance: float = DEFAULT_TOLERANCE,
) -> PersonaEvent:
    """Verifies a delivery to a ``WEBHOOK_FORMAT_PERSONA`` webhook and returns its event.

    ``header`` is the *value* of ``Persona-Signature``: a ``t=<unix seconds>,v1=<hex
    HMAC-SHA256(secret, "<t>.<body>")>`` pair per live signing secret, separated by a space
    (two during a rotation's grace period), as Persona signs. ``secrets``, ``body`` and
    ``tolerance`` are as for :func:`verify_webhook`, and so are the checks: every ``v1`` of every
    pair against every secret in constant time, then the matching pair's ``t`` within the
    tolerance. Only then is the body parsed as Persona's event object, ignoring keys it does not
    know::

        try:
            event = verilink.verify_persona_webhook(
                secret, request.headers.get("Persona-Signature"), request.get_data()
            )
        except verilink.WebhookVerificationError as err:
            return str(err.reason), 400
        print(event.id, event.name, event.subject_id, event.subject["attributes"]["status"])

    Raises :class:`WebhookVerificationError` with the reasons of :func:`verify_webhook`
    (``PAYLOAD_INVALID`` when the body is not an event with an id, a name, a created-at and a
    ``payload.data`` object), ``ValueError`` when no or an empty secret is given, ``TypeError``
    when the body is not bytes.
    """
    keys = _check_arguments("verify_persona_webhook", secrets, body, tolerance)
    pairs = (header or "").split()
    if not pairs:
        raise WebhookVerificationError(WebhookFailure.HEADER_MISSING, "signature header missing")
    _verify_signature(keys, [_parse_header(pair) for pair in pairs], body, tolerance)
    return _persona_event(body)


def _check_arguments(
    function: str, secrets: Union[str, Iterable[str]], body: bytes, tolerance: float
) -> List[str]:
    """The secrets as a list, once the arguments are usable."""
    keys = [secrets] if isinstance(secrets, str) else list(secrets)
    if not keys or not all(keys):
        raise ValueError(f"verilink: {function} needs at least one signing secret, none empty")
    if tolerance < 0:
        raise ValueError("verilink: the tolerance must not be negative")
    if not isinstance(body, bytes):
        raise TypeError("verilink: pass the raw request body as bytes, exactly as received")
    return keys


def _verify_signature(
    keys: List[str], signatures: List[Tuple[str, List[bytes]]], body: bytes, tolerance: float
) -> None:
    """Checks that a ``v1`` of one of the parsed signatures (``t`` and its ``v1``) is the
    HMAC of ``t.body`` under one of the keys, and that its ``t`` is within the tolerance."""
    signed_at: Optional[str] = None
    for timestamp, v1s in signatures:
        signed = timestamp.encode() + b"." + body
        expected = [
            hmac.new(key.encode(), signed, hashlib.sha256).hexdigest().encode() for key in keys
        ]
        if any(hmac.compare_digest(s, e) for s in v1s for e in expected):
            signed_at = timestamp
            break
    if signed_at is None:
        raise WebhookVerificationError(
            WebhookFailure.SIGNATURE_MISMATCH, "signature matches none of the secrets"
        )
    age = time.time() - int(signed_at)
    if abs(age) > tolerance:
        raise WebhookVerificationError(
            WebhookFailure.TIMESTAMP_OUTSIDE_TOLERANCE,
            f"signed {abs(age):.0f} s {'ago' if age > 0 else 'in the future'}, "
            f"more than the tolerance of {tolerance:g} s",
        )


def _persona_event(body: bytes) -> PersonaEvent:
    """Reads Persona's event object."""

    def invalid(detail: str) -> WebhookVerificationError:
        return WebhookVerificationError(
            WebhookFailure.PAYLOAD_INVALID, f"body is not a Persona event: {detail}"
        )

    try:
        document = json.loads(body)
    except ValueError as err:  # JSONDecodeError and UnicodeDecodeError
        raise invalid(str(err)) from err
    data = document.get("data") if isinstance(document, dict) else None
    if not isinstance(data, dict):
        raise invalid("no data object")
    if data.get("type") != "event":
        raise invalid(f"data.type is {data.get('type')!r}, not 'event'")
    event_id = data.get("id")
    if not isinstance(event_id, str) or not event_id:
        raise invalid("no data.id")
    attributes = data.get("attributes")
    if not isinstance(attributes, dict):
        raise invalid("no data.attributes object")
    name = attributes.get("name")
    if not isinstance(name, str) or not name:
        raise invalid("no data.attributes.name")
    payload = attributes.get("payload")
    subject = payload.get("data") if isinstance(payload, dict) else None
    if not isinstance(subject, dict):
        raise invalid("no data.attributes.payload.data object")
    created = attributes.get("created-at")
    try:
        if not isinstance(created, str):
            raise ValueError("not a string")
        # Before Python 3.11, fromisoformat does not read a "Z" offset.
        created_at = datetime.datetime.fromisoformat(
            created[:-1] + "+00:00" if created.endswith("Z") else created
        )
        if created_at.tzinfo is None:
            raise ValueError("no UTC offset")
    except ValueError as err:
        raise invalid(f"data.attributes.created-at {created!r}: {err}") from err
    return PersonaEvent(
        id=event_id,
        type="event",
        name=name,
        created_at=created_at.astimezone(datetime.timezone.utc),
        subject=subject,
    )


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
