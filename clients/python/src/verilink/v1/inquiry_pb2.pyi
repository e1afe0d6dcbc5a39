import datetime

from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from verilink.v1 import common_pb2 as _common_pb2
from verilink.v1 import event_pb2 as _event_pb2
from verilink.v1 import one_time_link_pb2 as _one_time_link_pb2
from verilink.v1 import session_pb2 as _session_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SimulatedInquiryAction(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SIMULATED_INQUIRY_ACTION_UNSPECIFIED: _ClassVar[SimulatedInquiryAction]
    SIMULATED_INQUIRY_ACTION_START: _ClassVar[SimulatedInquiryAction]
    SIMULATED_INQUIRY_ACTION_COMPLETE: _ClassVar[SimulatedInquiryAction]
    SIMULATED_INQUIRY_ACTION_FAIL: _ClassVar[SimulatedInquiryAction]
    SIMULATED_INQUIRY_ACTION_EXPIRE: _ClassVar[SimulatedInquiryAction]
SIMULATED_INQUIRY_ACTION_UNSPECIFIED: SimulatedInquiryAction
SIMULATED_INQUIRY_ACTION_START: SimulatedInquiryAction
SIMULATED_INQUIRY_ACTION_COMPLETE: SimulatedInquiryAction
SIMULATED_INQUIRY_ACTION_FAIL: SimulatedInquiryAction
SIMULATED_INQUIRY_ACTION_EXPIRE: SimulatedInquiryAction

class Inquiry(_message.Message):
    __slots__ = ("id", "inquiry_template_id", "environment", "status", "reference_id", "note", "tags", "fields", "creator", "reviewer_comment", "expires_at", "create_time", "update_time", "start_time", "complete_time", "fail_time", "mark_for_review_time", "decision_time", "expire_time", "redact_time", "expire_after_create", "expire_after_start", "expire_after_resume", "created_by", "reviewer")
    class FieldsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _common_pb2.FieldValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_common_pb2.FieldValue, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    INQUIRY_TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    ENVIRONMENT_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    FIELDS_FIELD_NUMBER: _ClassVar[int]
    CREATOR_FIELD_NUMBER: _ClassVar[int]
    REVIEWER_COMMENT_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    COMPLETE_TIME_FIELD_NUMBER: _ClassVar[int]
    FAIL_TIME_FIELD_NUMBER: _ClassVar[int]
    MARK_FOR_REVIEW_TIME_FIELD_NUMBER: _ClassVar[int]
    DECISION_TIME_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    REDACT_TIME_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_AFTER_CREATE_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_AFTER_START_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_AFTER_RESUME_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    REVIEWER_FIELD_NUMBER: _ClassVar[int]
    id: str
    inquiry_template_id: str
    environment: _common_pb2.Environment
    status: _common_pb2.InquiryStatus
    reference_id: str
    note: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    fields: _containers.MessageMap[str, _common_pb2.FieldValue]
    creator: str
    reviewer_comment: str
    expires_at: _timestamp_pb2.Timestamp
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    start_time: _timestamp_pb2.Timestamp
    complete_time: _timestamp_pb2.Timestamp
    fail_time: _timestamp_pb2.Timestamp
    mark_for_review_time: _timestamp_pb2.Timestamp
    decision_time: _timestamp_pb2.Timestamp
    expire_time: _timestamp_pb2.Timestamp
    redact_time: _timestamp_pb2.Timestamp
    expire_after_create: _duration_pb2.Duration
    expire_after_start: _duration_pb2.Duration
    expire_after_resume: _duration_pb2.Duration
    created_by: _event_pb2.Actor
    reviewer: _event_pb2.Actor
    def __init__(self, id: _Optional[str] = ..., inquiry_template_id: _Optional[str] = ..., environment: _Optional[_Union[_common_pb2.Environment, str]] = ..., status: _Optional[_Union[_common_pb2.InquiryStatus, str]] = ..., reference_id: _Optional[str] = ..., note: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., fields: _Optional[_Mapping[str, _common_pb2.FieldValue]] = ..., creator: _Optional[str] = ..., reviewer_comment: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., complete_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., fail_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., mark_for_review_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., decision_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., redact_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expire_after_create: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., expire_after_start: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., expire_after_resume: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., created_by: _Optional[_Union[_event_pb2.Actor, _Mapping]] = ..., reviewer: _Optional[_Union[_event_pb2.Actor, _Mapping]] = ...) -> None: ...

class CreateInquiryRequest(_message.Message):
    __slots__ = ("inquiry", "create_one_time_link", "one_time_link_recipient_email", "one_time_link_language")
    INQUIRY_FIELD_NUMBER: _ClassVar[int]
    CREATE_ONE_TIME_LINK_FIELD_NUMBER: _ClassVar[int]
    ONE_TIME_LINK_RECIPIENT_EMAIL_FIELD_NUMBER: _ClassVar[int]
    ONE_TIME_LINK_LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    inquiry: Inquiry
    create_one_time_link: bool
    one_time_link_recipient_email: str
    one_time_link_language: str
    def __init__(self, inquiry: _Optional[_Union[Inquiry, _Mapping]] = ..., create_one_time_link: bool = ..., one_time_link_recipient_email: _Optional[str] = ..., one_time_link_language: _Optional[str] = ...) -> None: ...

class CreateInquiryResponse(_message.Message):
    __slots__ = ("inquiry", "one_time_link")
    INQUIRY_FIELD_NUMBER: _ClassVar[int]
    ONE_TIME_LINK_FIELD_NUMBER: _ClassVar[int]
    inquiry: Inquiry
    one_time_link: _one_time_link_pb2.GenerateOneTimeLinkResponse
    def __init__(self, inquiry: _Optional[_Union[Inquiry, _Mapping]] = ..., one_time_link: _Optional[_Union[_one_time_link_pb2.GenerateOneTimeLinkResponse, _Mapping]] = ...) -> None: ...

class GetInquiryRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetInquiryResponse(_message.Message):
    __slots__ = ("inquiry",)
    INQUIRY_FIELD_NUMBER: _ClassVar[int]
    inquiry: Inquiry
    def __init__(self, inquiry: _Optional[_Union[Inquiry, _Mapping]] = ...) -> None: ...

class ListInquiriesRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "status", "reference_id", "inquiry_template_id", "tag", "create_time_after", "create_time_before", "email_address")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_ID_FIELD_NUMBER: _ClassVar[int]
    INQUIRY_TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    TAG_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_AFTER_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_BEFORE_FIELD_NUMBER: _ClassVar[int]
    EMAIL_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    status: _common_pb2.InquiryStatus
    reference_id: str
    inquiry_template_id: str
    tag: str
    create_time_after: _timestamp_pb2.Timestamp
    create_time_before: _timestamp_pb2.Timestamp
    email_address: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., status: _Optional[_Union[_common_pb2.InquiryStatus, str]] = ..., reference_id: _Optional[str] = ..., inquiry_template_id: _Optional[str] = ..., tag: _Optional[str] = ..., create_time_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., create_time_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., email_address: _Optional[str] = ...) -> None: ...

class ListInquiriesResponse(_message.Message):
    __slots__ = ("inquiries", "next_page_token")
    INQUIRIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    inquiries: _containers.RepeatedCompositeFieldContainer[Inquiry]
    next_page_token: str
    def __init__(self, inquiries: _Optional[_Iterable[_Union[Inquiry, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateInquiryRequest(_message.Message):
    __slots__ = ("inquiry", "update_mask")
    INQUIRY_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    inquiry: Inquiry
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, inquiry: _Optional[_Union[Inquiry, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateInquiryResponse(_message.Message):
    __slots__ = ("inquiry",)
    INQUIRY_FIELD_NUMBER: _ClassVar[int]
    inquiry: Inquiry
    def __init__(self, inquiry: _Optional[_Union[Inquiry, _Mapping]] = ...) -> None: ...

class ResumeInquiryRequest(_message.Message):
    __slots__ = ("id", "client_ip", "user_agent")
    ID_FIELD_NUMBER: _ClassVar[int]
    CLIENT_IP_FIELD_NUMBER: _ClassVar[int]
    USER_AGENT_FIELD_NUMBER: _ClassVar[int]
    id: str
    client_ip: str
    user_agent: str
    def __init__(self, id: _Optional[str] = ..., client_ip: _Optional[str] = ..., user_agent: _Optional[str] = ...) -> None: ...

class ResumeInquiryResponse(_message.Message):
    __slots__ = ("inquiry", "session", "session_token")
    INQUIRY_FIELD_NUMBER: _ClassVar[int]
    SESSION_FIELD_NUMBER: _ClassVar[int]
    SESSION_TOKEN_FIELD_NUMBER: _ClassVar[int]
    inquiry: Inquiry
    session: _session_pb2.Session
    session_token: str
    def __init__(self, inquiry: _Optional[_Union[Inquiry, _Mapping]] = ..., session: _Optional[_Union[_session_pb2.Session, _Mapping]] = ..., session_token: _Optional[str] = ...) -> None: ...

class ExpireInquiryRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ExpireInquiryResponse(_message.Message):
    __slots__ = ("inquiry",)
    INQUIRY_FIELD_NUMBER: _ClassVar[int]
    inquiry: Inquiry
    def __init__(self, inquiry: _Optional[_Union[Inquiry, _Mapping]] = ...) -> None: ...

class ApproveInquiryRequest(_message.Message):
    __slots__ = ("id", "comment")
    ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    id: str
    comment: str
    def __init__(self, id: _Optional[str] = ..., comment: _Optional[str] = ...) -> None: ...

class ApproveInquiryResponse(_message.Message):
    __slots__ = ("inquiry",)
    INQUIRY_FIELD_NUMBER: _ClassVar[int]
    inquiry: Inquiry
    def __init__(self, inquiry: _Optional[_Union[Inquiry, _Mapping]] = ...) -> None: ...

class DeclineInquiryRequest(_message.Message):
    __slots__ = ("id", "comment")
    ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    id: str
    comment: str
    def __init__(self, id: _Optional[str] = ..., comment: _Optional[str] = ...) -> None: ...

class DeclineInquiryResponse(_message.Message):
    __slots__ = ("inquiry",)
    INQUIRY_FIELD_NUMBER: _ClassVar[int]
    inquiry: Inquiry
    def __init__(self, inquiry: _Optional[_Union[Inquiry, _Mapping]] = ...) -> None: ...

class MarkInquiryForReviewRequest(_message.Message):
    __slots__ = ("id", "comment")
    ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    id: str
    comment: str
    def __init__(self, id: _Optional[str] = ..., comment: _Optional[str] = ...) -> None: ...

class MarkInquiryForReviewResponse(_message.Message):
    __slots__ = ("inquiry",)
    INQUIRY_FIELD_NUMBER: _ClassVar[int]
    inquiry: Inquiry
    def __init__(self, inquiry: _Optional[_Union[Inquiry, _Mapping]] = ...) -> None: ...

class AddInquiryTagRequest(_message.Message):
    __slots__ = ("id", "tag")
    ID_FIELD_NUMBER: _ClassVar[int]
    TAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    tag: str
    def __init__(self, id: _Optional[str] = ..., tag: _Optional[str] = ...) -> None: ...

class AddInquiryTagResponse(_message.Message):
    __slots__ = ("inquiry",)
    INQUIRY_FIELD_NUMBER: _ClassVar[int]
    inquiry: Inquiry
    def __init__(self, inquiry: _Optional[_Union[Inquiry, _Mapping]] = ...) -> None: ...

class RemoveInquiryTagRequest(_message.Message):
    __slots__ = ("id", "tag")
    ID_FIELD_NUMBER: _ClassVar[int]
    TAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    tag: str
    def __init__(self, id: _Optional[str] = ..., tag: _Optional[str] = ...) -> None: ...

class RemoveInquiryTagResponse(_message.Message):
    __slots__ = ("inquiry",)
    INQUIRY_FIELD_NUMBER: _ClassVar[int]
    inquiry: Inquiry
    def __init__(self, inquiry: _Optional[_Union[Inquiry, _Mapping]] = ...) -> None: ...

class SetInquiryTagsRequest(_message.Message):
    __slots__ = ("id", "tags")
    ID_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    id: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, id: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ...) -> None: ...

class SetInquiryTagsResponse(_message.Message):
    __slots__ = ("inquiry",)
    INQUIRY_FIELD_NUMBER: _ClassVar[int]
    inquiry: Inquiry
    def __init__(self, inquiry: _Optional[_Union[Inquiry, _Mapping]] = ...) -> None: ...

class RedactInquiryRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class RedactInquiryResponse(_message.Message):
    __slots__ = ("inquiry",)
    INQUIRY_FIELD_NUMBER: _ClassVar[int]
    inquiry: Inquiry
    def __init__(self, inquiry: _Optional[_Union[Inquiry, _Mapping]] = ...) -> None: ...

class ExportInquiryRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ExportInquiryResponse(_message.Message):
    __slots__ = ("document_json",)
    DOCUMENT_JSON_FIELD_NUMBER: _ClassVar[int]
    document_json: str
    def __init__(self, document_json: _Optional[str] = ...) -> None: ...

class SimulateInquiryActionRequest(_message.Message):
    __slots__ = ("id", "action")
    ID_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    id: str
    action: SimulatedInquiryAction
    def __init__(self, id: _Optional[str] = ..., action: _Optional[_Union[SimulatedInquiryAction, str]] = ...) -> None: ...

class SimulateInquiryActionResponse(_message.Message):
    __slots__ = ("inquiry",)
    INQUIRY_FIELD_NUMBER: _ClassVar[int]
    inquiry: Inquiry
    def __init__(self, inquiry: _Optional[_Union[Inquiry, _Mapping]] = ...) -> None: ...

class WatchInquiryRequest(_message.Message):
    __slots__ = ("inquiry_id", "after_event_id")
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    AFTER_EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    inquiry_id: str
    after_event_id: str
    def __init__(self, inquiry_id: _Optional[str] = ..., after_event_id: _Optional[str] = ...) -> None: ...

class WatchInquiryResponse(_message.Message):
    __slots__ = ("event",)
    EVENT_FIELD_NUMBER: _ClassVar[int]
    event: _event_pb2.Event
    def __init__(self, event: _Optional[_Union[_event_pb2.Event, _Mapping]] = ...) -> None: ...
