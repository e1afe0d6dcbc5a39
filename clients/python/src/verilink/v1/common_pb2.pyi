from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Environment(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ENVIRONMENT_UNSPECIFIED: _ClassVar[Environment]
    ENVIRONMENT_SANDBOX: _ClassVar[Environment]
    ENVIRONMENT_LIVE: _ClassVar[Environment]

class InquiryStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    INQUIRY_STATUS_UNSPECIFIED: _ClassVar[InquiryStatus]
    INQUIRY_STATUS_CREATED: _ClassVar[InquiryStatus]
    INQUIRY_STATUS_PENDING: _ClassVar[InquiryStatus]
    INQUIRY_STATUS_COMPLETED: _ClassVar[InquiryStatus]
    INQUIRY_STATUS_FAILED: _ClassVar[InquiryStatus]
    INQUIRY_STATUS_EXPIRED: _ClassVar[InquiryStatus]
    INQUIRY_STATUS_NEEDS_REVIEW: _ClassVar[InquiryStatus]
    INQUIRY_STATUS_APPROVED: _ClassVar[InquiryStatus]
    INQUIRY_STATUS_DECLINED: _ClassVar[InquiryStatus]
ENVIRONMENT_UNSPECIFIED: Environment
ENVIRONMENT_SANDBOX: Environment
ENVIRONMENT_LIVE: Environment
INQUIRY_STATUS_UNSPECIFIED: InquiryStatus
INQUIRY_STATUS_CREATED: InquiryStatus
INQUIRY_STATUS_PENDING: InquiryStatus
INQUIRY_STATUS_COMPLETED: InquiryStatus
INQUIRY_STATUS_FAILED: InquiryStatus
INQUIRY_STATUS_EXPIRED: InquiryStatus
INQUIRY_STATUS_NEEDS_REVIEW: InquiryStatus
INQUIRY_STATUS_APPROVED: InquiryStatus
INQUIRY_STATUS_DECLINED: InquiryStatus

class Date(_message.Message):
    __slots__ = ("year", "month", "day")
    YEAR_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    DAY_FIELD_NUMBER: _ClassVar[int]
    year: int
    month: int
    day: int
    def __init__(self, year: _Optional[int] = ..., month: _Optional[int] = ..., day: _Optional[int] = ...) -> None: ...

class FieldValue(_message.Message):
    __slots__ = ("string_value", "date_value", "bool_value", "number_value")
    STRING_VALUE_FIELD_NUMBER: _ClassVar[int]
    DATE_VALUE_FIELD_NUMBER: _ClassVar[int]
    BOOL_VALUE_FIELD_NUMBER: _ClassVar[int]
    NUMBER_VALUE_FIELD_NUMBER: _ClassVar[int]
    string_value: str
    date_value: Date
    bool_value: bool
    number_value: float
    def __init__(self, string_value: _Optional[str] = ..., date_value: _Optional[_Union[Date, _Mapping]] = ..., bool_value: bool = ..., number_value: _Optional[float] = ...) -> None: ...
