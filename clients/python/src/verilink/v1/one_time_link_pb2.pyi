import datetime

from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from verilink.v1 import session_pb2 as _session_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class OneTimeLinkStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ONE_TIME_LINK_STATUS_UNSPECIFIED: _ClassVar[OneTimeLinkStatus]
    ONE_TIME_LINK_STATUS_PENDING: _ClassVar[OneTimeLinkStatus]
    ONE_TIME_LINK_STATUS_CONSUMED: _ClassVar[OneTimeLinkStatus]
    ONE_TIME_LINK_STATUS_REVOKED: _ClassVar[OneTimeLinkStatus]
    ONE_TIME_LINK_STATUS_EXPIRED: _ClassVar[OneTimeLinkStatus]

class EmailDeliveryStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    EMAIL_DELIVERY_STATUS_UNSPECIFIED: _ClassVar[EmailDeliveryStatus]
    EMAIL_DELIVERY_STATUS_QUEUED: _ClassVar[EmailDeliveryStatus]
    EMAIL_DELIVERY_STATUS_SENT: _ClassVar[EmailDeliveryStatus]
    EMAIL_DELIVERY_STATUS_FAILED: _ClassVar[EmailDeliveryStatus]
    EMAIL_DELIVERY_STATUS_CANCELED: _ClassVar[EmailDeliveryStatus]
ONE_TIME_LINK_STATUS_UNSPECIFIED: OneTimeLinkStatus
ONE_TIME_LINK_STATUS_PENDING: OneTimeLinkStatus
ONE_TIME_LINK_STATUS_CONSUMED: OneTimeLinkStatus
ONE_TIME_LINK_STATUS_REVOKED: OneTimeLinkStatus
ONE_TIME_LINK_STATUS_EXPIRED: OneTimeLinkStatus
EMAIL_DELIVERY_STATUS_UNSPECIFIED: EmailDeliveryStatus
EMAIL_DELIVERY_STATUS_QUEUED: EmailDeliveryStatus
EMAIL_DELIVERY_STATUS_SENT: EmailDeliveryStatus
EMAIL_DELIVERY_STATUS_FAILED: EmailDeliveryStatus
EMAIL_DELIVERY_STATUS_CANCELED: EmailDeliveryStatus

class OneTimeLink(_message.Message):
    __slots__ = ("id", "inquiry_id", "status", "expires_at", "create_time", "consume_time", "revoke_time", "expire_time", "session_id", "email_delivery")
    ID_FIELD_NUMBER: _ClassVar[int]
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    CONSUME_TIME_FIELD_NUMBER: _ClassVar[int]
    REVOKE_TIME_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    EMAIL_DELIVERY_FIELD_NUMBER: _ClassVar[int]
    id: str
    inquiry_id: str
    status: OneTimeLinkStatus
    expires_at: _timestamp_pb2.Timestamp
    create_time: _timestamp_pb2.Timestamp
    consume_time: _timestamp_pb2.Timestamp
    revoke_time: _timestamp_pb2.Timestamp
    expire_time: _timestamp_pb2.Timestamp
    session_id: str
    email_delivery: OneTimeLinkEmailDelivery
    def __init__(self, id: _Optional[str] = ..., inquiry_id: _Optional[str] = ..., status: _Optional[_Union[OneTimeLinkStatus, str]] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., consume_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., revoke_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., session_id: _Optional[str] = ..., email_delivery: _Optional[_Union[OneTimeLinkEmailDelivery, _Mapping]] = ...) -> None: ...

class OneTimeLinkEmailDelivery(_message.Message):
    __slots__ = ("recipient", "language", "status", "attempt_count", "last_error", "queue_time", "send_time", "end_time")
    RECIPIENT_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ATTEMPT_COUNT_FIELD_NUMBER: _ClassVar[int]
    LAST_ERROR_FIELD_NUMBER: _ClassVar[int]
    QUEUE_TIME_FIELD_NUMBER: _ClassVar[int]
    SEND_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    recipient: str
    language: str
    status: EmailDeliveryStatus
    attempt_count: int
    last_error: str
    queue_time: _timestamp_pb2.Timestamp
    send_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    def __init__(self, recipient: _Optional[str] = ..., language: _Optional[str] = ..., status: _Optional[_Union[EmailDeliveryStatus, str]] = ..., attempt_count: _Optional[int] = ..., last_error: _Optional[str] = ..., queue_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., send_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GenerateOneTimeLinkRequest(_message.Message):
    __slots__ = ("inquiry_id", "expires_in", "include_qr_code", "recipient_email", "language")
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_IN_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_QR_CODE_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_EMAIL_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    inquiry_id: str
    expires_in: _duration_pb2.Duration
    include_qr_code: bool
    recipient_email: str
    language: str
    def __init__(self, inquiry_id: _Optional[str] = ..., expires_in: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., include_qr_code: bool = ..., recipient_email: _Optional[str] = ..., language: _Optional[str] = ...) -> None: ...

class GenerateOneTimeLinkResponse(_message.Message):
    __slots__ = ("one_time_link", "url", "short_url", "code", "short_code", "qr_code_data_url")
    ONE_TIME_LINK_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    SHORT_URL_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    SHORT_CODE_FIELD_NUMBER: _ClassVar[int]
    QR_CODE_DATA_URL_FIELD_NUMBER: _ClassVar[int]
    one_time_link: OneTimeLink
    url: str
    short_url: str
    code: str
    short_code: str
    qr_code_data_url: str
    def __init__(self, one_time_link: _Optional[_Union[OneTimeLink, _Mapping]] = ..., url: _Optional[str] = ..., short_url: _Optional[str] = ..., code: _Optional[str] = ..., short_code: _Optional[str] = ..., qr_code_data_url: _Optional[str] = ...) -> None: ...

class GetOneTimeLinkRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetOneTimeLinkResponse(_message.Message):
    __slots__ = ("one_time_link",)
    ONE_TIME_LINK_FIELD_NUMBER: _ClassVar[int]
    one_time_link: OneTimeLink
    def __init__(self, one_time_link: _Optional[_Union[OneTimeLink, _Mapping]] = ...) -> None: ...

class ListOneTimeLinksRequest(_message.Message):
    __slots__ = ("inquiry_id", "page_size", "page_token")
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    inquiry_id: str
    page_size: int
    page_token: str
    def __init__(self, inquiry_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListOneTimeLinksResponse(_message.Message):
    __slots__ = ("one_time_links", "next_page_token")
    ONE_TIME_LINKS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    one_time_links: _containers.RepeatedCompositeFieldContainer[OneTimeLink]
    next_page_token: str
    def __init__(self, one_time_links: _Optional[_Iterable[_Union[OneTimeLink, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class RevokeOneTimeLinkRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class RevokeOneTimeLinkResponse(_message.Message):
    __slots__ = ("one_time_link",)
    ONE_TIME_LINK_FIELD_NUMBER: _ClassVar[int]
    one_time_link: OneTimeLink
    def __init__(self, one_time_link: _Optional[_Union[OneTimeLink, _Mapping]] = ...) -> None: ...

class ResendOneTimeLinkRequest(_message.Message):
    __slots__ = ("id", "recipient_email", "language", "expires_in")
    ID_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_EMAIL_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_IN_FIELD_NUMBER: _ClassVar[int]
    id: str
    recipient_email: str
    language: str
    expires_in: _duration_pb2.Duration
    def __init__(self, id: _Optional[str] = ..., recipient_email: _Optional[str] = ..., language: _Optional[str] = ..., expires_in: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ...) -> None: ...

class ResendOneTimeLinkResponse(_message.Message):
    __slots__ = ("one_time_link",)
    ONE_TIME_LINK_FIELD_NUMBER: _ClassVar[int]
    one_time_link: OneTimeLink
    def __init__(self, one_time_link: _Optional[_Union[OneTimeLink, _Mapping]] = ...) -> None: ...

class RedeemOneTimeLinkRequest(_message.Message):
    __slots__ = ("code", "client_ip", "user_agent")
    CODE_FIELD_NUMBER: _ClassVar[int]
    CLIENT_IP_FIELD_NUMBER: _ClassVar[int]
    USER_AGENT_FIELD_NUMBER: _ClassVar[int]
    code: str
    client_ip: str
    user_agent: str
    def __init__(self, code: _Optional[str] = ..., client_ip: _Optional[str] = ..., user_agent: _Optional[str] = ...) -> None: ...

class RedeemOneTimeLinkResponse(_message.Message):
    __slots__ = ("session", "session_token", "redirect_uri")
    SESSION_FIELD_NUMBER: _ClassVar[int]
    SESSION_TOKEN_FIELD_NUMBER: _ClassVar[int]
    REDIRECT_URI_FIELD_NUMBER: _ClassVar[int]
    session: _session_pb2.Session
    session_token: str
    redirect_uri: str
    def __init__(self, session: _Optional[_Union[_session_pb2.Session, _Mapping]] = ..., session_token: _Optional[str] = ..., redirect_uri: _Optional[str] = ...) -> None: ...
