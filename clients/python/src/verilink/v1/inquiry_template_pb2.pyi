import datetime

from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from verilink.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CollectedFieldKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    COLLECTED_FIELD_KIND_UNSPECIFIED: _ClassVar[CollectedFieldKind]
    COLLECTED_FIELD_KIND_TEXT: _ClassVar[CollectedFieldKind]
    COLLECTED_FIELD_KIND_DATE: _ClassVar[CollectedFieldKind]
    COLLECTED_FIELD_KIND_EMAIL: _ClassVar[CollectedFieldKind]
    COLLECTED_FIELD_KIND_PHONE: _ClassVar[CollectedFieldKind]
    COLLECTED_FIELD_KIND_COUNTRY: _ClassVar[CollectedFieldKind]
    COLLECTED_FIELD_KIND_NUMBER: _ClassVar[CollectedFieldKind]
    COLLECTED_FIELD_KIND_YES_NO: _ClassVar[CollectedFieldKind]
COLLECTED_FIELD_KIND_UNSPECIFIED: CollectedFieldKind
COLLECTED_FIELD_KIND_TEXT: CollectedFieldKind
COLLECTED_FIELD_KIND_DATE: CollectedFieldKind
COLLECTED_FIELD_KIND_EMAIL: CollectedFieldKind
COLLECTED_FIELD_KIND_PHONE: CollectedFieldKind
COLLECTED_FIELD_KIND_COUNTRY: CollectedFieldKind
COLLECTED_FIELD_KIND_NUMBER: CollectedFieldKind
COLLECTED_FIELD_KIND_YES_NO: CollectedFieldKind

class InquiryTemplate(_message.Message):
    __slots__ = ("id", "environment", "name", "expire_after_create", "expire_after_start", "expire_after_resume", "one_time_link_ttl", "session_ttl", "max_sessions_per_inquiry", "redirect_uri", "auto_approve", "redact_after", "archive_time", "create_time", "update_time", "collected_fields", "allow_inquiry_id_links", "email_templates", "default_language")
    class EmailTemplatesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: EmailTemplate
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[EmailTemplate, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    ENVIRONMENT_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_AFTER_CREATE_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_AFTER_START_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_AFTER_RESUME_FIELD_NUMBER: _ClassVar[int]
    ONE_TIME_LINK_TTL_FIELD_NUMBER: _ClassVar[int]
    SESSION_TTL_FIELD_NUMBER: _ClassVar[int]
    MAX_SESSIONS_PER_INQUIRY_FIELD_NUMBER: _ClassVar[int]
    REDIRECT_URI_FIELD_NUMBER: _ClassVar[int]
    AUTO_APPROVE_FIELD_NUMBER: _ClassVar[int]
    REDACT_AFTER_FIELD_NUMBER: _ClassVar[int]
    ARCHIVE_TIME_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    COLLECTED_FIELDS_FIELD_NUMBER: _ClassVar[int]
    ALLOW_INQUIRY_ID_LINKS_FIELD_NUMBER: _ClassVar[int]
    EMAIL_TEMPLATES_FIELD_NUMBER: _ClassVar[int]
    DEFAULT_LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    id: str
    environment: _common_pb2.Environment
    name: str
    expire_after_create: _duration_pb2.Duration
    expire_after_start: _duration_pb2.Duration
    expire_after_resume: _duration_pb2.Duration
    one_time_link_ttl: _duration_pb2.Duration
    session_ttl: _duration_pb2.Duration
    max_sessions_per_inquiry: int
    redirect_uri: str
    auto_approve: bool
    redact_after: _duration_pb2.Duration
    archive_time: _timestamp_pb2.Timestamp
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    collected_fields: _containers.RepeatedCompositeFieldContainer[CollectedField]
    allow_inquiry_id_links: bool
    email_templates: _containers.MessageMap[str, EmailTemplate]
    default_language: str
    def __init__(self, id: _Optional[str] = ..., environment: _Optional[_Union[_common_pb2.Environment, str]] = ..., name: _Optional[str] = ..., expire_after_create: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., expire_after_start: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., expire_after_resume: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., one_time_link_ttl: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., session_ttl: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., max_sessions_per_inquiry: _Optional[int] = ..., redirect_uri: _Optional[str] = ..., auto_approve: bool = ..., redact_after: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., archive_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., collected_fields: _Optional[_Iterable[_Union[CollectedField, _Mapping]]] = ..., allow_inquiry_id_links: bool = ..., email_templates: _Optional[_Mapping[str, EmailTemplate]] = ..., default_language: _Optional[str] = ...) -> None: ...

class CollectedField(_message.Message):
    __slots__ = ("name", "label", "kind", "required", "min_length", "max_length", "min_value", "max_value", "min_date", "max_date")
    NAME_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_FIELD_NUMBER: _ClassVar[int]
    MIN_LENGTH_FIELD_NUMBER: _ClassVar[int]
    MAX_LENGTH_FIELD_NUMBER: _ClassVar[int]
    MIN_VALUE_FIELD_NUMBER: _ClassVar[int]
    MAX_VALUE_FIELD_NUMBER: _ClassVar[int]
    MIN_DATE_FIELD_NUMBER: _ClassVar[int]
    MAX_DATE_FIELD_NUMBER: _ClassVar[int]
    name: str
    label: str
    kind: CollectedFieldKind
    required: bool
    min_length: int
    max_length: int
    min_value: float
    max_value: float
    min_date: _common_pb2.Date
    max_date: _common_pb2.Date
    def __init__(self, name: _Optional[str] = ..., label: _Optional[str] = ..., kind: _Optional[_Union[CollectedFieldKind, str]] = ..., required: bool = ..., min_length: _Optional[int] = ..., max_length: _Optional[int] = ..., min_value: _Optional[float] = ..., max_value: _Optional[float] = ..., min_date: _Optional[_Union[_common_pb2.Date, _Mapping]] = ..., max_date: _Optional[_Union[_common_pb2.Date, _Mapping]] = ...) -> None: ...

class EmailTemplate(_message.Message):
    __slots__ = ("subject", "text_body", "html_body")
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    TEXT_BODY_FIELD_NUMBER: _ClassVar[int]
    HTML_BODY_FIELD_NUMBER: _ClassVar[int]
    subject: str
    text_body: str
    html_body: str
    def __init__(self, subject: _Optional[str] = ..., text_body: _Optional[str] = ..., html_body: _Optional[str] = ...) -> None: ...

class CreateInquiryTemplateRequest(_message.Message):
    __slots__ = ("inquiry_template",)
    INQUIRY_TEMPLATE_FIELD_NUMBER: _ClassVar[int]
    inquiry_template: InquiryTemplate
    def __init__(self, inquiry_template: _Optional[_Union[InquiryTemplate, _Mapping]] = ...) -> None: ...

class CreateInquiryTemplateResponse(_message.Message):
    __slots__ = ("inquiry_template",)
    INQUIRY_TEMPLATE_FIELD_NUMBER: _ClassVar[int]
    inquiry_template: InquiryTemplate
    def __init__(self, inquiry_template: _Optional[_Union[InquiryTemplate, _Mapping]] = ...) -> None: ...

class GetInquiryTemplateRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetInquiryTemplateResponse(_message.Message):
    __slots__ = ("inquiry_template",)
    INQUIRY_TEMPLATE_FIELD_NUMBER: _ClassVar[int]
    inquiry_template: InquiryTemplate
    def __init__(self, inquiry_template: _Optional[_Union[InquiryTemplate, _Mapping]] = ...) -> None: ...

class ListInquiryTemplatesRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "show_archived")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    SHOW_ARCHIVED_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    show_archived: bool
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., show_archived: bool = ...) -> None: ...

class ListInquiryTemplatesResponse(_message.Message):
    __slots__ = ("inquiry_templates", "next_page_token")
    INQUIRY_TEMPLATES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    inquiry_templates: _containers.RepeatedCompositeFieldContainer[InquiryTemplate]
    next_page_token: str
    def __init__(self, inquiry_templates: _Optional[_Iterable[_Union[InquiryTemplate, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateInquiryTemplateRequest(_message.Message):
    __slots__ = ("inquiry_template", "update_mask")
    INQUIRY_TEMPLATE_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    inquiry_template: InquiryTemplate
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, inquiry_template: _Optional[_Union[InquiryTemplate, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateInquiryTemplateResponse(_message.Message):
    __slots__ = ("inquiry_template",)
    INQUIRY_TEMPLATE_FIELD_NUMBER: _ClassVar[int]
    inquiry_template: InquiryTemplate
    def __init__(self, inquiry_template: _Optional[_Union[InquiryTemplate, _Mapping]] = ...) -> None: ...

class ArchiveInquiryTemplateRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ArchiveInquiryTemplateResponse(_message.Message):
    __slots__ = ("inquiry_template",)
    INQUIRY_TEMPLATE_FIELD_NUMBER: _ClassVar[int]
    inquiry_template: InquiryTemplate
    def __init__(self, inquiry_template: _Optional[_Union[InquiryTemplate, _Mapping]] = ...) -> None: ...
