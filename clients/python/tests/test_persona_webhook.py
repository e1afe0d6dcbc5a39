"""verify_persona_webhook on events the test signs itself (no server needed), then on
PERSONA-format deliveries that the real server signs and POSTs to a receiver of the test's own
on 127.0.0.1."""

from __future__ import annotations

import datetime
import json
import queue
import time
from typing import Any, Callable, Dict, Iterator, List, NamedTuple, Optional, Set, Tuple

import pytest
from google.protobuf import duration_pb2

import verilink
from test_webhook import Delivery, Receiver, sign
from timing import HANG
from verilink import WebhookFailure
from verilink.v1 import inquiry_pb2, webhook_pb2

SECRET = "whsec_persona_test_secret"
OTHER = "whsec_another_secret"
BODY = json.dumps(
    {
        "data": {
            "type": "event",
            "id": "evt_0123",
            "attributes": {
                "name": "inquiry.approved",
                "future-key": [1, 2],
                "payload": {
                    "data": {
                        "type": "inquiry",
                        "id": "inq_0456",
                        "attributes": {"status": "approved", "reference-id": "user-7"},
                        "relationships": {},
                    }
                },
                "created-at": "2026-11-24T10:15:30.123Z",
            },
        },
        "meta": {"future": True},
    }
).encode()


def sign_persona(timestamp: int, body: bytes, *secrets: str) -> str:
    """The Persona-Signature header of body at timestamp: a pair per secret, space-separated."""
    return " ".join(sign(secret, timestamp, body) for secret in secrets)


def failure(secrets: object, header: Optional[str], body: bytes, **kw: float) -> WebhookFailure:
    with pytest.raises(verilink.WebhookVerificationError) as raised:
        verilink.verify_persona_webhook(secrets, header, body, **kw)  # type: ignore[arg-type]
    assert raised.value.reason.value in str(raised.value)
    return raised.value.reason


def attributes(event: verilink.PersonaEvent) -> Dict[str, Any]:
    value = event.subject["attributes"]
    assert isinstance(value, dict), event.subject
    return value


# Events the test signs.


def test_good_signature_verifies_and_parses_the_event() -> None:
    now = int(time.time())
    event = verilink.verify_persona_webhook(SECRET, sign_persona(now, BODY, SECRET), BODY)
    assert event == verilink.PersonaEvent(
        id="evt_0123",
        type="event",
        name="inquiry.approved",
        created_at=datetime.datetime(
            2026, 11, 24, 10, 15, 30, 123000, tzinfo=datetime.timezone.utc
        ),
        subject=json.loads(BODY)["data"]["attributes"]["payload"]["data"],
    )
    assert event.subject_type == "inquiry" and event.subject_id == "inq_0456"
    assert attributes(event)["status"] == "approved"
    assert attributes(event)["reference-id"] == "user-7"
    # Several secrets: any of them may match.
    assert verilink.verify_persona_webhook([OTHER, SECRET], sign_persona(now, BODY, SECRET), BODY)


def test_two_pairs_during_a_rotation() -> None:
    now = int(time.time())
    header = sign_persona(now, BODY, SECRET, OTHER)
    assert header.count(" ") == 1
    for secrets in ([SECRET], [OTHER], ["whsec_x", OTHER], [OTHER, SECRET]):
        assert verilink.verify_persona_webhook(secrets, header, BODY).id == "evt_0123"
    assert failure("whsec_x", header, BODY) is WebhookFailure.SIGNATURE_MISMATCH
    # The timestamp checked is the matching pair's own.
    mixed = f"{sign(SECRET, now - 3600, BODY)} {sign(OTHER, now, BODY)}"
    assert verilink.verify_persona_webhook(OTHER, mixed, BODY).id == "evt_0123"
    assert failure(SECRET, mixed, BODY) is WebhookFailure.TIMESTAMP_OUTSIDE_TOLERANCE


def test_wrong_secret_and_tampered_body_are_refused() -> None:
    now = int(time.time())
    header = sign_persona(now, BODY, SECRET)
    assert failure(OTHER, header, BODY) is WebhookFailure.SIGNATURE_MISMATCH
    tampered = BODY.replace(b'"user-7"', b'"user-8"')
    assert tampered != BODY
    assert failure(SECRET, header, tampered) is WebhookFailure.SIGNATURE_MISMATCH
    assert failure(SECRET, header, BODY + b" ") is WebhookFailure.SIGNATURE_MISMATCH
    v1 = header.split(",")[1]
    assert failure(SECRET, f"t={now + 1},{v1}", BODY) is WebhookFailure.SIGNATURE_MISMATCH


def test_timestamp_outside_tolerance_is_refused(frozen_now: int) -> None:
    now = frozen_now  # the verifier's clock stands still: each offset is exact
    for timestamp in (now - 301, now + 301, now - 86400):
        header = sign_persona(timestamp, BODY, SECRET)
        assert failure(SECRET, header, BODY) is WebhookFailure.TIMESTAMP_OUTSIDE_TOLERANCE
    for timestamp in (now - 240, now + 240):
        assert verilink.verify_persona_webhook(SECRET, sign_persona(timestamp, BODY, SECRET), BODY)
    header = sign_persona(now - 120, BODY, SECRET)
    assert failure(SECRET, header, BODY, tolerance=60) is WebhookFailure.TIMESTAMP_OUTSIDE_TOLERANCE
    assert verilink.verify_persona_webhook(SECRET, header, BODY, tolerance=180)


def test_malformed_headers_are_refused() -> None:
    now = int(time.time())
    good = sign_persona(now, BODY, SECRET)
    t, v1 = good.split(",")
    cases = {
        None: WebhookFailure.HEADER_MISSING,
        "": WebhookFailure.HEADER_MISSING,
        "   ": WebhookFailure.HEADER_MISSING,
        "garbage": WebhookFailure.HEADER_MALFORMED,
        f"{good} garbage": WebhookFailure.HEADER_MALFORMED,
        f"{t};{v1}": WebhookFailure.HEADER_MALFORMED,
        f"t=abc,{v1}": WebhookFailure.HEADER_MALFORMED,
        f"t=-1,{v1}": WebhookFailure.HEADER_MALFORMED,
        f"{t},{t},{v1}": WebhookFailure.HEADER_MALFORMED,
        f"{good},{good}": WebhookFailure.HEADER_MALFORMED,
        f"{good} {v1}": WebhookFailure.TIMESTAMP_MISSING,
        v1: WebhookFailure.TIMESTAMP_MISSING,
        f"{good} {t}": WebhookFailure.SIGNATURE_MISSING,
        f"{t},v1=": WebhookFailure.SIGNATURE_MISMATCH,
    }
    for header, reason in cases.items():
        assert failure(SECRET, header, BODY) is reason, header
    # Unknown keys in a pair, and surrounding spaces, are allowed.
    assert verilink.verify_persona_webhook(SECRET, f"  {t},v0=x,{v1}  ", BODY)


def test_bodies_that_are_not_persona_events_are_refused() -> None:
    valid: Dict[str, Any] = json.loads(BODY)
    native = {"id": "evt_1", "type": "inquiry.approved", "inquiryId": "inq_1", "data": {}}
    invalid: List[object] = [
        [1],
        {},
        native,
        {"data": {"type": "inquiry", "id": "inq_1", "attributes": {}}},
    ]
    edits: List[Tuple[Tuple[str, ...], object]] = [
        (("id",), None),
        (("id",), ""),
        (("attributes", "name"), None),
        (("attributes", "created-at"), "yesterday"),
        (("attributes", "created-at"), "2026-11-24T10:15:30"),
        (("attributes", "created-at"), 1700000000),
        (("attributes", "payload"), None),
        (("attributes", "payload"), {"data": "x"}),
    ]
    for path, value in edits:
        document = json.loads(BODY)
        parent = document["data"]
        for key in path[:-1]:
            parent = parent[key]
        if value is None:
            del parent[path[-1]]
        else:
            parent[path[-1]] = value
        assert document != valid
        invalid.append(document)
    now = int(time.time())
    for document in invalid:
        body = json.dumps(document).encode()
        header = sign_persona(now, body, SECRET)
        assert failure(SECRET, header, body) is WebhookFailure.PAYLOAD_INVALID, document
    for body in (b"not json", b"\xff\xfe\x00"):
        header = sign_persona(now, body, SECRET)
        assert failure(SECRET, header, body) is WebhookFailure.PAYLOAD_INVALID, body


def test_arguments_are_checked() -> None:
    header = sign_persona(int(time.time()), BODY, SECRET)
    for secrets in ([], "", [SECRET, ""]):
        with pytest.raises(ValueError, match="verify_persona_webhook"):
            verilink.verify_persona_webhook(secrets, header, BODY)
    with pytest.raises(ValueError):
        verilink.verify_persona_webhook(SECRET, header, BODY, tolerance=-1)
    with pytest.raises(TypeError):
        verilink.verify_persona_webhook(SECRET, header, BODY.decode())  # type: ignore[arg-type]


# Deliveries from the real server.


def persona_signature(delivery: Delivery) -> str:
    return delivery.headers.get("persona-signature", "")


def persona_signed_at(delivery: Delivery) -> datetime.datetime:
    """The ``t`` of the (first) pair: when the server signed the delivery, by its clock."""
    t = persona_signature(delivery).split(",")[0]
    assert t.startswith("t="), persona_signature(delivery)
    return datetime.datetime.fromtimestamp(int(t[2:]), datetime.timezone.utc)


def wait_for_persona(
    receiver: Receiver, inquiry_id: str, *names: str, timeout: float = HANG
) -> Tuple[Dict[str, Delivery], List[Delivery]]:
    """The deliveries of the events named names about the inquiry inquiry_id, by name, and
    every delivery received meanwhile (the timeout only bounds a hang)."""
    found: Dict[str, Delivery] = {}
    received: List[Delivery] = []
    deadline = time.monotonic() + timeout
    while len(found) < len(names):
        try:
            delivery = receiver.received.get(timeout=max(deadline - time.monotonic(), 0))
        except queue.Empty:
            raise AssertionError(f"of {names} about {inquiry_id}, only {sorted(found)} came")
        received.append(delivery)
        attributes = json.loads(delivery.body)["data"]["attributes"]
        subject = attributes["payload"]["data"]
        if attributes["name"] in names and (subject["type"], subject["id"]) == (
            "inquiry",
            inquiry_id,
        ):
            found[attributes["name"]] = delivery
    return found, received


class PersonaHook(NamedTuple):
    id: str
    secret: str
    receiver: Receiver


class Approval(NamedTuple):
    inquiry: inquiry_pb2.Inquiry  # as ApproveInquiry returned it
    by_name: Dict[str, Delivery]  # inquiry.created and inquiry.approved
    received: List[Delivery]  # every delivery, these and any others


@pytest.fixture(scope="module")
def persona_hook(client: verilink.Client) -> Iterator[PersonaHook]:
    receiver = Receiver()
    created = client.webhooks.CreateWebhook(
        webhook_pb2.CreateWebhookRequest(
            webhook=webhook_pb2.Webhook(
                url=receiver.url,
                enabled_events=["*"],
                format=webhook_pb2.WEBHOOK_FORMAT_PERSONA,
            )
        )
    )
    assert created.webhook.format == webhook_pb2.WEBHOOK_FORMAT_PERSONA
    assert created.secret.startswith("whsec_"), created.secret
    try:
        yield PersonaHook(created.webhook.id, created.secret, receiver)
    finally:
        client.webhooks.DeleteWebhook(webhook_pb2.DeleteWebhookRequest(id=created.webhook.id))
        receiver.close()


@pytest.fixture(scope="module")
def approval(
    client: verilink.Client, persona_hook: PersonaHook, create_inquiry: Callable[[], str]
) -> Approval:
    """An inquiry created, then approved, and the deliveries of both events."""
    inquiry_id = create_inquiry()
    approved = client.inquiries.ApproveInquiry(inquiry_pb2.ApproveInquiryRequest(id=inquiry_id))
    by_name, received = wait_for_persona(
        persona_hook.receiver, inquiry_id, "inquiry.created", "inquiry.approved"
    )
    return Approval(approved.inquiry, by_name, received)


def test_real_persona_deliveries_verify(approval: Approval, persona_hook: PersonaHook) -> None:
    for delivery in approval.received:
        assert "verilink-signature" not in delivery.headers
        event = verilink.verify_persona_webhook(
            persona_hook.secret, persona_signature(delivery), delivery.body
        )
        assert event.id == delivery.headers["verilink-event-id"]
        assert event.id.startswith("evt_") and event.type == "event"
        # created-at is when the server committed the change, before it signed the delivery:
        # compared with the t of the signature (the server's clock, in whole seconds), not with
        # this process's clock, which may be a few seconds off the server's.
        signed_at = persona_signed_at(delivery)
        assert event.created_at < signed_at + datetime.timedelta(seconds=1), (event, signed_at)
        assert signed_at - event.created_at < datetime.timedelta(seconds=HANG), (event, signed_at)
        if event.name.startswith("inquiry."):
            assert event.subject_type == "inquiry", event
    for name, status in (("inquiry.created", "created"), ("inquiry.approved", "approved")):
        delivery = approval.by_name[name]
        event = verilink.verify_persona_webhook(
            persona_hook.secret, persona_signature(delivery), delivery.body
        )
        assert event.name == name
        assert event.subject_type == "inquiry"
        assert event.subject_id == approval.inquiry.id
        assert attributes(event)["status"] == status
        assert attributes(event)["reference-id"] == approval.inquiry.reference_id


def test_real_persona_delivery_refusals(approval: Approval, persona_hook: PersonaHook) -> None:
    delivery = approval.by_name["inquiry.approved"]
    header = persona_signature(delivery)
    wrong = "whsec_" + "A" * 32
    assert failure(wrong, header, delivery.body) is WebhookFailure.SIGNATURE_MISMATCH
    tampered = delivery.body.replace(b'"approved"', b'"declined"')
    assert tampered != delivery.body
    assert failure(persona_hook.secret, header, tampered) is WebhookFailure.SIGNATURE_MISMATCH

    # The Verilink-format verifier: there is no Verilink-Signature, and a wrong secret fails.
    with pytest.raises(verilink.WebhookVerificationError) as raised:
        verilink.verify_webhook(
            persona_hook.secret, delivery.headers.get("verilink-signature"), delivery.body
        )
    assert raised.value.reason is WebhookFailure.HEADER_MISSING
    with pytest.raises(verilink.WebhookVerificationError) as raised:
        verilink.verify_webhook(wrong, header, delivery.body)
    assert raised.value.reason is WebhookFailure.SIGNATURE_MISMATCH
    # One pair is also a valid Verilink-Signature (same scheme), but the body has no Verilink
    # event ID.
    with pytest.raises(verilink.WebhookVerificationError) as raised:
        verilink.verify_webhook(persona_hook.secret, header, delivery.body)
    assert raised.value.reason is WebhookFailure.PAYLOAD_INVALID


def test_real_persona_rotation_signs_a_pair_per_secret(
    client: verilink.Client, approval: Approval, persona_hook: PersonaHook
) -> None:
    rotated = client.webhooks.RotateWebhookSecret(
        webhook_pb2.RotateWebhookSecretRequest(
            id=persona_hook.id, grace_period=duration_pb2.Duration(seconds=3600)
        )
    )
    old, new = persona_hook.secret, rotated.secret
    assert new.startswith("whsec_") and new != old
    client.inquiries.AddInquiryTag(
        inquiry_pb2.AddInquiryTagRequest(id=approval.inquiry.id, tag="rotated")
    )
    by_name, _ = wait_for_persona(
        persona_hook.receiver, approval.inquiry.id, "inquiry.tags-updated"
    )
    delivery = by_name["inquiry.tags-updated"]
    header = persona_signature(delivery)
    pairs = header.split(" ")
    assert len(pairs) == 2 and all(p.count("v1=") == 1 for p in pairs), header

    for secrets in ([old], [new], [new, old], ["whsec_other", new]):
        event = verilink.verify_persona_webhook(secrets, header, delivery.body)
        assert event.name == "inquiry.tags-updated"
        assert event.id == delivery.headers["verilink-event-id"]
    assert failure("whsec_" + "B" * 32, header, delivery.body) is WebhookFailure.SIGNATURE_MISMATCH
    # Each pair alone is signed by one of the secrets, one by the new, one by the old.
    signers: List[Set[str]] = []
    for pair in pairs:
        signed_by: Set[str] = set()
        for name, secret in (("old", old), ("new", new)):
            try:
                verilink.verify_persona_webhook(secret, pair, delivery.body)
                signed_by.add(name)
            except verilink.WebhookVerificationError:
                pass
        signers.append(signed_by)
    assert sorted(signers, key=sorted) == [{"new"}, {"old"}], signers
    # The Verilink-format verifier does not take the two pairs either.
    with pytest.raises(verilink.WebhookVerificationError):
        verilink.verify_webhook([old, new], header, delivery.body)
