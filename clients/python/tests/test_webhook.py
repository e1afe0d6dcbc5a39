"""verify_webhook against deliveries that the real server signs and POSTs to a receiver of the
test's own on 127.0.0.1, then against tampered, re-signed and malformed variants of them."""

from __future__ import annotations

import hashlib
import hmac
import http.server
import json
import queue
import threading
import time
from typing import Callable, Dict, Iterator, NamedTuple, Optional

import pytest
from google.protobuf import duration_pb2, json_format

import verilink
from timing import HANG
from verilink import WebhookFailure
from verilink.v1 import event_pb2, inquiry_pb2, webhook_pb2


class Delivery(NamedTuple):
    headers: Dict[str, str]  # names in lower case
    body: bytes

    @property
    def signature(self) -> str:
        return self.headers["verilink-signature"]

    @property
    def signed_at(self) -> int:
        """The ``t`` of the signature: when the server signed it, by the server's clock."""
        t = self.signature.split(",")[0]
        assert t.startswith("t="), self.signature
        return int(t[2:])


class Receiver:
    """An HTTP server on 127.0.0.1 that answers 200 to every POST and keeps what it got."""

    def __init__(self) -> None:
        received: queue.Queue[Delivery] = queue.Queue()
        self.received = received

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                headers = {name.lower(): value for name, value in self.headers.items()}
                received.put(Delivery(headers, body))
                self.send_response(200)
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/hook"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def wait_for(self, inquiry_id: str, event_type: str, timeout: float = HANG) -> Delivery:
        """The first delivery of that event of that inquiry (others are dropped); it normally
        comes within a worker interval of the server, the timeout only bounds a hang."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            try:
                delivery = self.received.get(timeout=max(remaining, 0))
            except queue.Empty:
                raise AssertionError(f"no {event_type} of {inquiry_id} within {timeout} s")
            body = json.loads(delivery.body)
            if body["inquiryId"] == inquiry_id and body["type"] == event_type:
                return delivery


class Hook(NamedTuple):
    id: str
    secret: str
    receiver: Receiver


@pytest.fixture(scope="module")
def hook(client: verilink.Client) -> Iterator[Hook]:
    receiver = Receiver()
    created = client.webhooks.CreateWebhook(
        webhook_pb2.CreateWebhookRequest(
            webhook=webhook_pb2.Webhook(url=receiver.url, enabled_events=["*"])
        )
    )
    assert created.secret.startswith("whsec_"), created.secret
    try:
        yield Hook(created.webhook.id, created.secret, receiver)
    finally:
        client.webhooks.DeleteWebhook(webhook_pb2.DeleteWebhookRequest(id=created.webhook.id))
        receiver.close()


@pytest.fixture(scope="module")
def delivery(hook: Hook, create_inquiry: Callable[[], str]) -> Delivery:
    """A real ``inquiry.created`` delivery."""
    return hook.receiver.wait_for(create_inquiry(), "inquiry.created")


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The Verilink-Signature header of body at timestamp, written from the documented scheme."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def failure(secrets: object, header: Optional[str], body: bytes, **kw: float) -> WebhookFailure:
    with pytest.raises(verilink.WebhookVerificationError) as raised:
        verilink.verify_webhook(secrets, header, body, **kw)  # type: ignore[arg-type]
    assert raised.value.reason.value in str(raised.value)
    return raised.value.reason


def verifies(secret: str, header: str, body: bytes) -> bool:
    try:
        return bool(verilink.verify_webhook(secret, header, body).id)
    except verilink.WebhookVerificationError:
        return False


def test_real_delivery_verifies_and_parses(delivery: Delivery, hook: Hook) -> None:
    event = verilink.verify_webhook(hook.secret, delivery.signature, delivery.body)
    body = json.loads(delivery.body)
    assert event.id == delivery.headers["verilink-event-id"] == body["id"]
    assert event.id.startswith("evt_")
    assert event.type == "inquiry.created"
    assert event.inquiry_id == body["inquiryId"]
    assert event.environment == "sandbox"
    assert event.create_time.ToJsonString() == body["createTime"]
    assert event.data.object["id"] == event.inquiry_id
    assert event.data.object["status"] == "INQUIRY_STATUS_CREATED"
    # Who caused it: the API key that created the inquiry (the bootstrap key of with-server).
    assert event.actor.kind == event_pb2.ACTOR_KIND_API_KEY, event.actor
    assert event.actor.display_name == "bootstrap" and event.actor.id.startswith("key_")
    # The snapshot is an Inquiry in the proto3 JSON mapping: it converts to the typed message.
    inquiry = json_format.ParseDict(
        json_format.MessageToDict(event.data.object), inquiry_pb2.Inquiry()
    )
    assert inquiry.id == event.inquiry_id
    # One secret or several: any of them may match.
    wrong = "whsec_" + "A" * 32
    assert verilink.verify_webhook([wrong, hook.secret], delivery.signature, delivery.body) == event


def test_tampered_body_and_wrong_secret_are_refused(delivery: Delivery, hook: Hook) -> None:
    tampered = delivery.body.replace(b"INQUIRY_STATUS_CREATED", b"INQUIRY_STATUS_APPROVED")
    assert tampered != delivery.body
    assert failure(hook.secret, delivery.signature, tampered) is WebhookFailure.SIGNATURE_MISMATCH
    assert (
        failure(hook.secret, delivery.signature, delivery.body + b" ")
        is WebhookFailure.SIGNATURE_MISMATCH
    )
    wrong = "whsec_" + "A" * 32
    assert failure(wrong, delivery.signature, delivery.body) is WebhookFailure.SIGNATURE_MISMATCH
    assert (
        failure([wrong, hook.secret + "x"], delivery.signature, delivery.body)
        is WebhookFailure.SIGNATURE_MISMATCH
    )


def test_timestamp_outside_tolerance_is_refused(
    delivery: Delivery, hook: Hook, frozen_now: int
) -> None:
    now = frozen_now  # the verifier's clock stands still: each offset is exact
    for timestamp in (now - 301, now + 301, now - 86400):
        header = sign(hook.secret, timestamp, delivery.body)
        assert (
            failure(hook.secret, header, delivery.body)
            is WebhookFailure.TIMESTAMP_OUTSIDE_TOLERANCE
        ), timestamp
    # Within the default tolerance in both directions, and a tolerance of one's own.
    for timestamp in (now - 240, now + 240):
        header = sign(hook.secret, timestamp, delivery.body)
        assert verilink.verify_webhook(hook.secret, header, delivery.body).id
    header = sign(hook.secret, now - 120, delivery.body)
    assert (
        failure(hook.secret, header, delivery.body, tolerance=60)
        is WebhookFailure.TIMESTAMP_OUTSIDE_TOLERANCE
    )
    assert verilink.verify_webhook(hook.secret, header, delivery.body, tolerance=180).id
    # A forged timestamp on a genuine signature does not pass either. It is derived from the
    # delivery's own t (by the server's clock): one made from this process's clock can be the
    # genuine t itself (signed a second ago, or a clock a second off).
    real_t = f"t={delivery.signed_at}"
    forged = delivery.signature.replace(real_t, f"t={delivery.signed_at - 1}")
    assert forged != delivery.signature
    assert failure(hook.secret, forged, delivery.body) is WebhookFailure.SIGNATURE_MISMATCH


def test_malformed_headers_are_refused(delivery: Delivery, hook: Hook) -> None:
    t, v1 = delivery.signature.split(",")
    cases = {
        None: WebhookFailure.HEADER_MISSING,
        "": WebhookFailure.HEADER_MISSING,
        "garbage": WebhookFailure.HEADER_MALFORMED,
        f"{t},{v1},": WebhookFailure.HEADER_MALFORMED,
        f"{t};{v1}": WebhookFailure.HEADER_MALFORMED,
        f"t=abc,{v1}": WebhookFailure.HEADER_MALFORMED,
        f"t=-1,{v1}": WebhookFailure.HEADER_MALFORMED,
        f"t=,{v1}": WebhookFailure.HEADER_MALFORMED,
        f"{t},{t},{v1}": WebhookFailure.HEADER_MALFORMED,
        v1: WebhookFailure.TIMESTAMP_MISSING,
        t: WebhookFailure.SIGNATURE_MISSING,
        f"{t},v0={v1[3:]}": WebhookFailure.SIGNATURE_MISSING,
        f"{t},v1=": WebhookFailure.SIGNATURE_MISMATCH,
        f"{t},v1=ü": WebhookFailure.SIGNATURE_MISMATCH,
    }
    for header, reason in cases.items():
        assert failure(hook.secret, header, delivery.body) is reason, header
    # Spaces around elements and unknown keys are allowed.
    assert verilink.verify_webhook(hook.secret, f" {t} , v0=x, {v1} ", delivery.body).id


def test_unknown_fields_are_ignored_and_non_events_refused(delivery: Delivery, hook: Hook) -> None:
    body = json.loads(delivery.body)
    body["futureField"] = {"nested": [1, 2]}
    body["data"]["futureData"] = True
    extended = json.dumps(body).encode()
    now = int(time.time())
    event = verilink.verify_webhook(hook.secret, sign(hook.secret, now, extended), extended)
    assert event.id == body["id"] and event.type == "inquiry.created"

    for payload in (b"not json", b'{"id": 5}', b"\xff\xfe"):
        header = sign(hook.secret, now, payload)
        assert failure(hook.secret, header, payload) is WebhookFailure.PAYLOAD_INVALID, payload


def test_arguments_are_checked(delivery: Delivery, hook: Hook) -> None:
    for secrets in ([], "", [hook.secret, ""]):
        with pytest.raises(ValueError):
            verilink.verify_webhook(secrets, delivery.signature, delivery.body)
    with pytest.raises(ValueError):
        verilink.verify_webhook(hook.secret, delivery.signature, delivery.body, tolerance=-1)
    with pytest.raises(TypeError):
        verilink.verify_webhook(
            hook.secret, delivery.signature, delivery.body.decode()  # type: ignore[arg-type]
        )


def test_rotation_signs_with_both_secrets(
    client: verilink.Client, hook: Hook, create_inquiry: Callable[[], str]
) -> None:
    rotated = client.webhooks.RotateWebhookSecret(
        webhook_pb2.RotateWebhookSecretRequest(
            id=hook.id, grace_period=duration_pb2.Duration(seconds=3600)
        )
    )
    new = rotated.secret
    assert new.startswith("whsec_") and new != hook.secret
    delivery = hook.receiver.wait_for(create_inquiry(), "inquiry.created")
    elements = delivery.signature.split(",")
    assert len([e for e in elements if e.startswith("v1=")]) == 2, delivery.signature

    by_old = verilink.verify_webhook(hook.secret, delivery.signature, delivery.body)
    by_new = verilink.verify_webhook(new, delivery.signature, delivery.body)

    by_both = verilink.verify_webhook([new, hook.secret], delivery.signature, delivery.body)
    assert by_old == by_new == by_both
    assert by_new.type == "inquiry.created"
    # Each v1 alone is the signature by one of the secrets, one by the new, one by the old.
    t = next(e for e in elements if e.startswith("t="))
    signers = [
        {
            name
            for name, secret in (("old", hook.secret), ("new", new))
            if verifies(secret, h, delivery.body)
        }
        for h in (f"{t},{e}" for e in elements if e.startswith("v1="))
    ]
    assert sorted(signers, key=sorted) == [{"new"}, {"old"}], signers
    assert (
        failure("whsec_" + "B" * 32, delivery.signature, delivery.body)
        is WebhookFailure.SIGNATURE_MISMATCH
    )
