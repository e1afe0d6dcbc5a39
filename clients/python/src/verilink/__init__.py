"""Python client of Verilink (protobuf package ``verilink.v1``).

The messages and gRPC stubs are generated into :mod:`verilink.v1` (``inquiry_pb2``,
``inquiry_pb2_grpc``, …); :class:`Client` connects and attaches the credential, and the
helpers read the rich error details::

    import grpc
    import verilink
    from verilink.v1 import inquiry_pb2

    with verilink.Client("127.0.0.1:50051", api_key) as client:
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
