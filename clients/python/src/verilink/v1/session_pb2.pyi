import datetime

from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from verilink.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SessionStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SESSION_STATUS_UNSPECIFIED: _ClassVar[SessionStatus]
    SESSION_STATUS_ACTIVE: _ClassVar[SessionStatus]
    SESSION_STATUS_EXPIRED: _ClassVar[SessionStatus]
    SESSION_STATUS_COMPLETED: _ClassVar[SessionStatus]

class SessionOrigin(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SESSION_ORIGIN_UNSPECIFIED: _ClassVar[SessionOrigin]
    SESSION_ORIGIN_ONE_TIME_LINK: _ClassVar[SessionOrigin]
    SESSION_ORIGIN_RESUME: _ClassVar[SessionOrigin]

class SandboxOutcome(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SANDBOX_OUTCOME_UNSPECIFIED: _ClassVar[SandboxOutcome]
    SANDBOX_OUTCOME_PASS: _ClassVar[SandboxOutcome]
    SANDBOX_OUTCOME_FAIL: _ClassVar[SandboxOutcome]
SESSION_STATUS_UNSPECIFIED: SessionStatus
SESSION_STATUS_ACTIVE: SessionStatus
SESSION_STATUS_EXPIRED: SessionStatus
SESSION_STATUS_COMPLETED: SessionStatus
SESSION_ORIGIN_UNSPECIFIED: SessionOrigin
SESSION_ORIGIN_ONE_TIME_LINK: SessionOrigin
SESSION_ORIGIN_RESUME: SessionOrigin
SANDBOX_OUTCOME_UNSPECIFIED: SandboxOutcome
SANDBOX_OUTCOME_PASS: SandboxOutcome
SANDBOX_OUTCOME_FAIL: SandboxOutcome

class Session(_message.Message):
    __slots__ = ("id", "inquiry_id", "status", "origin", "one_time_link_id", "create_time", "expires_at", "expire_time", "complete_time", "client_ip", "user_agent")
    ID_FIELD_NUMBER: _ClassVar[int]
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ORIGIN_FIELD_NUMBER: _ClassVar[int]
    ONE_TIME_LINK_ID_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    COMPLETE_TIME_FIELD_NUMBER: _ClassVar[int]
    CLIENT_IP_FIELD_NUMBER: _ClassVar[int]
    USER_AGENT_FIELD_NUMBER: _ClassVar[int]
    id: str
    inquiry_id: str
    status: SessionStatus
    origin: SessionOrigin
    one_time_link_id: str
    create_time: _timestamp_pb2.Timestamp
    expires_at: _timestamp_pb2.Timestamp
    expire_time: _timestamp_pb2.Timestamp
    complete_time: _timestamp_pb2.Timestamp
    client_ip: str
    user_agent: str
    def __init__(self, id: _Optional[str] = ..., inquiry_id: _Optional[str] = ..., status: _Optional[_Union[SessionStatus, str]] = ..., origin: _Optional[_Union[SessionOrigin, str]] = ..., one_time_link_id: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., complete_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., client_ip: _Optional[str] = ..., user_agent: _Optional[str] = ...) -> None: ...

class GetSessionRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetSessionResponse(_message.Message):
    __slots__ = ("session",)
    SESSION_FIELD_NUMBER: _ClassVar[int]
    session: Session
    def __init__(self, session: _Optional[_Union[Session, _Mapping]] = ...) -> None: ...

class ListSessionsRequest(_message.Message):
    __slots__ = ("inquiry_id", "page_size", "page_token")
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    inquiry_id: str
    page_size: int
    page_token: str
    def __init__(self, inquiry_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListSessionsResponse(_message.Message):
    __slots__ = ("sessions", "next_page_token")
    SESSIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    sessions: _containers.RepeatedCompositeFieldContainer[Session]
    next_page_token: str
    def __init__(self, sessions: _Optional[_Iterable[_Union[Session, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ExpireSessionRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ExpireSessionResponse(_message.Message):
    __slots__ = ("session",)
    SESSION_FIELD_NUMBER: _ClassVar[int]
    session: Session
    def __init__(self, session: _Optional[_Union[Session, _Mapping]] = ...) -> None: ...

class ExpireAllSessionsRequest(_message.Message):
    __slots__ = ("inquiry_id",)
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    inquiry_id: str
    def __init__(self, inquiry_id: _Optional[str] = ...) -> None: ...

class ExpireAllSessionsResponse(_message.Message):
    __slots__ = ("sessions",)
    SESSIONS_FIELD_NUMBER: _ClassVar[int]
    sessions: _containers.RepeatedCompositeFieldContainer[Session]
    def __init__(self, sessions: _Optional[_Iterable[_Union[Session, _Mapping]]] = ...) -> None: ...

class GetCurrentSessionRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetCurrentSessionResponse(_message.Message):
    __slots__ = ("session", "inquiry_status", "inquiry_template_name", "fields", "environment", "redirect_uri")
    class FieldsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _common_pb2.FieldValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_common_pb2.FieldValue, _Mapping]] = ...) -> None: ...
    SESSION_FIELD_NUMBER: _ClassVar[int]
    INQUIRY_STATUS_FIELD_NUMBER: _ClassVar[int]
    INQUIRY_TEMPLATE_NAME_FIELD_NUMBER: _ClassVar[int]
    FIELDS_FIELD_NUMBER: _ClassVar[int]
    ENVIRONMENT_FIELD_NUMBER: _ClassVar[int]
    REDIRECT_URI_FIELD_NUMBER: _ClassVar[int]
    session: Session
    inquiry_status: _common_pb2.InquiryStatus
    inquiry_template_name: str
    fields: _containers.MessageMap[str, _common_pb2.FieldValue]
    environment: _common_pb2.Environment
    redirect_uri: str
    def __init__(self, session: _Optional[_Union[Session, _Mapping]] = ..., inquiry_status: _Optional[_Union[_common_pb2.InquiryStatus, str]] = ..., inquiry_template_name: _Optional[str] = ..., fields: _Optional[_Mapping[str, _common_pb2.FieldValue]] = ..., environment: _Optional[_Union[_common_pb2.Environment, str]] = ..., redirect_uri: _Optional[str] = ...) -> None: ...

class SubmitSessionRequest(_message.Message):
    __slots__ = ("fields", "sandbox_outcome")
    class FieldsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _common_pb2.FieldValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_common_pb2.FieldValue, _Mapping]] = ...) -> None: ...
    FIELDS_FIELD_NUMBER: _ClassVar[int]
    SANDBOX_OUTCOME_FIELD_NUMBER: _ClassVar[int]
    fields: _containers.MessageMap[str, _common_pb2.FieldValue]
    sandbox_outcome: SandboxOutcome
    def __init__(self, fields: _Optional[_Mapping[str, _common_pb2.FieldValue]] = ..., sandbox_outcome: _Optional[_Union[SandboxOutcome, str]] = ...) -> None: ...

class SubmitSessionResponse(_message.Message):
    __slots__ = ("session", "inquiry_status")
    SESSION_FIELD_NUMBER: _ClassVar[int]
    INQUIRY_STATUS_FIELD_NUMBER: _ClassVar[int]
    session: Session
    inquiry_status: _common_pb2.InquiryStatus
    def __init__(self, session: _Optional[_Union[Session, _Mapping]] = ..., inquiry_status: _Optional[_Union[_common_pb2.InquiryStatus, str]] = ...) -> None: ...
