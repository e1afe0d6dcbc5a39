"""Python client of Verilink (protobuf package ``verilink.v1``).

The messages and gRPC stubs are generated into :mod:`verilink.v1` (``inquiry_pb2``,
``inquiry_pb2_grpc``, …); :class:`Client` connects, attaches the credential, optionally
retries what is safe to repeat and follows an inquiry's events; the helpers read the rich error
details; :func:`verify_webhook` checks a webhook delivery (:func:`verify_persona_webhook` one in
Persona's format)::

    import grpc
    import verilink
    from verilink.v1 import inquiry_pb2

    with verilink.Client("127.0.0.1:50051", api_key, retry=True) as client:
        try:
            client.inquiries.GetInquiry(inquiry_pb2.GetInquiryRequest(id="inq_…"))
        except grpc.RpcError as err:
            print(err.code(), verilink.error_reason(err))  # NOT_FOUND INQUIRY_NOT_FOUND
"""

from verilink.client import (
    ERROR_DOMAIN,
    Client,
    Metadata,
    bad_request,
    error_detail,
    error_info,
    error_reason,
    error_status,
    idempotency,
    retry_info,
)
from verilink.retry import MUTATING_METHODS, READ_METHODS, RetryPolicy
from verilink.watch import InquiryWatch
from verilink.webhook import (
    DEFAULT_TOLERANCE,
    PersonaEvent,
    WebhookFailure,
    WebhookVerificationError,
    verify_persona_webhook,
    verify_webhook,
)

__all__ = [
    "DEFAULT_TOLERANCE",
    "ERROR_DOMAIN",
    "MUTATING_METHODS",
    "READ_METHODS",
    "Client",
    "InquiryWatch",
    "Metadata",
    "PersonaEvent",
    "RetryPolicy",
    "WebhookFailure",
    "WebhookVerificationError",
    "bad_request",
    "error_detail",
    "error_info",
    "error_reason",
    "error_status",
    "idempotency",
    "retry_info",
    "verify_persona_webhook",
    "verify_webhook",
]
