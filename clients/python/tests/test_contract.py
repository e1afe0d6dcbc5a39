"""The client contract scenario, run against a real server started by clients/with-server
(VERILINK_ADDR, VERILINK_API_KEY; fixtures ``addr`` and ``client`` in conftest.py):
``clients/with-server clients/python/test``."""

from __future__ import annotations

import secrets
from typing import Any, Dict

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_health.v1 import health_pb2
from grpc_status import rpc_status

import verilink
from timing import HANG
from verilink.v1 import (
    audit_pb2,
    common_pb2,
    event_pb2,
    inquiry_pb2,
    inquiry_template_pb2,
    one_time_link_pb2,
    session_pb2,
)

InquiryStatus = common_pb2.InquiryStatus


@pytest.fixture(scope="module")
def state() -> Dict[str, Any]:
    """What earlier steps created, for the later ones."""
    return {}


def expect_error(call: Any, code: grpc.StatusCode, reason: str) -> grpc.RpcError:
    """Runs call(), which must fail with code and an ErrorInfo of reason in verilink.dev."""
    with pytest.raises(grpc.RpcError) as raised:
        call()
    err = raised.value
    assert isinstance(err, grpc.Call)
    assert err.code() == code, err
    # Decoded with the standard google.rpc types: grpc-status-details-bin is a google.rpc.Status.
    status = rpc_status.from_call(err)
    assert status is not None, f"no grpc-status-details-bin in {err}"
    assert status.code == code.value[0]
    info = verilink.error_info(err)
    assert info is not None, f"no google.rpc.ErrorInfo in {status}"
    assert info.reason == reason
    assert verilink.error_reason(err) == reason
    assert info.domain == verilink.ERROR_DOMAIN
    return err


@pytest.mark.incremental
class TestContract:
    def test_1_health(self, client: verilink.Client) -> None:
        for service in ("", "verilink.v1.InquiryService"):
            resp = client.health.Check(health_pb2.HealthCheckRequest(service=service))
            assert resp.status == health_pb2.HealthCheckResponse.SERVING, service

    def test_2_list_templates(self, client: verilink.Client, state: Dict[str, Any]) -> None:
        resp = client.templates.ListInquiryTemplates(
            inquiry_template_pb2.ListInquiryTemplatesRequest()
        )
        kyc = [t for t in resp.inquiry_templates if t.name == "KYC"]
        assert kyc, f"no template named KYC in {resp.inquiry_templates}"
        assert kyc[0].id.startswith("itmpl_"), kyc[0].id
        state["template_id"] = kyc[0].id

    def test_3_create_inquiry_idempotently(
        self, client: verilink.Client, state: Dict[str, Any]
    ) -> None:
        reference_id = "py-contract-" + secrets.token_hex(8)
        fields = {
            "name_first": common_pb2.FieldValue(string_value="Ada"),
            "birthdate": common_pb2.FieldValue(
                date_value=common_pb2.Date(year=1990, month=12, day=10)
            ),
        }
        request = inquiry_pb2.CreateInquiryRequest(
            inquiry=inquiry_pb2.Inquiry(
                inquiry_template_id=state["template_id"],
                reference_id=reference_id,
                fields=fields,
            )
        )
        key = verilink.idempotency(secrets.token_hex(16))
        created = client.inquiries.CreateInquiry(request, metadata=key)
        inquiry_id = created.inquiry.id
        assert inquiry_id.startswith("inq_"), inquiry_id

        got = client.inquiries.GetInquiry(inquiry_pb2.GetInquiryRequest(id=inquiry_id)).inquiry
        assert got.status == InquiryStatus.INQUIRY_STATUS_CREATED
        assert got.reference_id == reference_id
        assert got.inquiry_template_id == state["template_id"]
        assert dict(got.fields) == fields

        again = client.inquiries.CreateInquiry(request, metadata=key)
        assert again.inquiry.id == inquiry_id, "the replay created another inquiry"
        state.update(reference_id=reference_id, inquiry_id=inquiry_id)

    def test_4_list_by_reference_id(self, client: verilink.Client, state: Dict[str, Any]) -> None:
        resp = client.inquiries.ListInquiries(
            inquiry_pb2.ListInquiriesRequest(reference_id=state["reference_id"])
        )
        assert [i.id for i in resp.inquiries] == [state["inquiry_id"]]

    def test_5_generate_link(self, client: verilink.Client, state: Dict[str, Any]) -> None:
        resp = client.one_time_links.GenerateOneTimeLink(
            one_time_link_pb2.GenerateOneTimeLinkRequest(inquiry_id=state["inquiry_id"])
        )
        assert resp.code and resp.url and resp.short_url, resp
        assert (
            resp.one_time_link.status
            == one_time_link_pb2.OneTimeLinkStatus.ONE_TIME_LINK_STATUS_PENDING
        )
        state["code"] = resp.code

    def test_6_redeem_without_credential(self, addr: str, state: Dict[str, Any]) -> None:
        with verilink.Client(addr, timeout=HANG) as anonymous:
            resp = anonymous.one_time_links.RedeemOneTimeLink(
                one_time_link_pb2.RedeemOneTimeLinkRequest(code=state["code"])
            )
        assert resp.session_token.startswith("vls_")
        assert resp.session.inquiry_id == state["inquiry_id"]
        state["session_token"] = resp.session_token

    def test_7_current_session_with_token(self, addr: str, state: Dict[str, Any]) -> None:
        with verilink.Client(addr, session_token=state["session_token"], timeout=HANG) as end_user:
            resp = end_user.sessions.GetCurrentSession(session_pb2.GetCurrentSessionRequest())
        assert resp.inquiry_status == InquiryStatus.INQUIRY_STATUS_PENDING
        assert resp.inquiry_template_name == "KYC"
        assert resp.session.inquiry_id == state["inquiry_id"]

    def test_8_submit(self, addr: str, client: verilink.Client, state: Dict[str, Any]) -> None:
        # The KYC template's required fields that were not prefilled (SubmitSession checks them).
        answers = {
            name: common_pb2.FieldValue(string_value=value)
            for name, value in (
                ("name_last", "Lovelace"),
                ("address_street_1", "12 St James's Square"),
                ("address_city", "London"),
                ("address_postal_code", "SW1Y 4JH"),
                ("address_country_code", "GB"),
                ("email_address", "ada@example.com"),
            )
        }
        with verilink.Client(addr, session_token=state["session_token"], timeout=HANG) as end_user:
            resp = end_user.sessions.SubmitSession(
                session_pb2.SubmitSessionRequest(
                    fields=answers,
                    sandbox_outcome=session_pb2.SandboxOutcome.SANDBOX_OUTCOME_PASS,
                )
            )
        submitted = resp.inquiry_status
        assert submitted in (
            InquiryStatus.INQUIRY_STATUS_COMPLETED,
            InquiryStatus.INQUIRY_STATUS_APPROVED,
        ), InquiryStatus.Name(submitted)
        got = client.inquiries.GetInquiry(inquiry_pb2.GetInquiryRequest(id=state["inquiry_id"]))
        assert got.inquiry.status == submitted


def test_9_errors(addr: str, client: verilink.Client) -> None:
    """Runs even when an earlier step failed: it needs nothing they made."""
    err = expect_error(
        lambda: client.inquiries.GetInquiry(inquiry_pb2.GetInquiryRequest(id="bogus")),
        grpc.StatusCode.INVALID_ARGUMENT,
        "INVALID_ARGUMENT",
    )
    bad = verilink.bad_request(err)
    assert isinstance(bad, error_details_pb2.BadRequest)
    assert "id" in [v.field for v in bad.field_violations], bad

    expect_error(
        lambda: client.inquiries.GetInquiry(
            inquiry_pb2.GetInquiryRequest(id="inq_000000000000000000000000")
        ),
        grpc.StatusCode.NOT_FOUND,
        "INQUIRY_NOT_FOUND",
    )

    with verilink.Client(addr, "vlk_sandbox_" + "A" * 32, timeout=HANG) as invalid:
        expect_error(
            lambda: invalid.templates.ListInquiryTemplates(
                inquiry_template_pb2.ListInquiryTemplatesRequest()
            ),
            grpc.StatusCode.UNAUTHENTICATED,
            "API_KEY_INVALID",
        )


def test_10_request_id_and_audit_actor(client: verilink.Client) -> None:
    """Runs even when an earlier step failed. The caller's x-request-id comes back in the response
    metadata, and the audit log names the call as the actor of the event it caused: the bootstrap
    API key, with that request ID."""
    templates = client.templates.ListInquiryTemplates(
        inquiry_template_pb2.ListInquiryTemplatesRequest()
    ).inquiry_templates
    template_id = next(t.id for t in templates if t.name == "KYC")
    request_id = "py-contract-" + secrets.token_hex(8)
    created, call = client.inquiries.CreateInquiry.with_call(
        inquiry_pb2.CreateInquiryRequest(
            inquiry=inquiry_pb2.Inquiry(
                inquiry_template_id=template_id, reference_id="py-audit-" + secrets.token_hex(8)
            )
        ),
        metadata=(("x-request-id", request_id),),
    )
    assert ("x-request-id", request_id) in tuple(call.initial_metadata())
    inquiry_id = created.inquiry.id

    resp = client.audit.ListAuditEvents(audit_pb2.ListAuditEventsRequest(inquiry_id=inquiry_id))
    assert resp.events and all(e.inquiry_id == inquiry_id for e in resp.events), resp
    event = next(e for e in resp.events if e.name == "inquiry.created")
    assert event.actor.kind == event_pb2.ACTOR_KIND_API_KEY, event.actor
    assert event.actor.display_name == "bootstrap"
    assert event.actor.request_id == request_id
    assert event.actor.id.startswith("key_"), event.actor.id

    # The filters combine: this key's inquiry.created events of that inquiry are that one event.
    only = client.audit.ListAuditEvents(
        audit_pb2.ListAuditEventsRequest(
            inquiry_id=inquiry_id,
            event_name="inquiry.created",
            actor_kind=event_pb2.ACTOR_KIND_API_KEY,
            actor_id=event.actor.id,
        )
    )
    assert [e.id for e in only.events] == [event.id]
