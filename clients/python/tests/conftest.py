"""Shared fixtures: the server clients/with-server started (VERILINK_ADDR, VERILINK_API_KEY), a
client of it, and servers of a test's own on the same database (VERILINK_BIN,
VERILINK_DATABASE_URL).

Steps of a class marked ``incremental`` build on each other: once one fails, the later
ones are reported as xfail ("previous step failed") instead of failing for a missing value."""

from __future__ import annotations

import os
import secrets
import time
import types
from typing import Any, Callable, Dict, Iterator, List, Tuple

import pytest

import verilink
import verilink.webhook
from server import OwnServer
from timing import HANG
from verilink.v1 import common_pb2, inquiry_pb2, inquiry_template_pb2

_failed: Dict[Tuple[str, str], str] = {}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "incremental: later steps depend on earlier ones")


def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> None:
    if "incremental" in item.keywords and call.excinfo is not None and call.when == "call":
        cls = getattr(item, "cls", None)
        if cls is not None:
            _failed.setdefault((str(item.path), cls.__name__), item.name)


def pytest_runtest_setup(item: pytest.Item) -> None:
    if "incremental" in item.keywords:
        cls = getattr(item, "cls", None)
        if cls is not None:
            failed = _failed.get((str(item.path), cls.__name__))
            if failed is not None:
                pytest.xfail(f"previous step failed ({failed})")


def _env(*names: str) -> List[str]:
    values = [os.environ.get(name, "") for name in names]
    if not all(values):
        pytest.fail(f"{', '.join(names)} not set: run through clients/with-server")
    return values


@pytest.fixture(scope="session")
def addr() -> str:
    return _env("VERILINK_ADDR", "VERILINK_API_KEY")[0]


@pytest.fixture(scope="session")
def api_key() -> str:
    return _env("VERILINK_API_KEY")[0]


@pytest.fixture(scope="session")
def client(addr: str, api_key: str) -> Iterator[verilink.Client]:
    with verilink.Client(addr, api_key, timeout=HANG) as c:
        yield c


@pytest.fixture()
def frozen_now(monkeypatch: pytest.MonkeyPatch) -> int:
    """A whole second of the wall clock, at which the clock of the webhook verifiers stands
    still for the test: a timestamp signed N s from it is then N s old when verified, however
    long the test takes (with the real clock, ``now + 301`` is only 300.x s ahead once the next
    second has begun). Only ``verilink.webhook`` reads the frozen clock; the rest of the
    process (gRPC, the receivers) keeps the real one."""
    now = int(time.time())
    monkeypatch.setattr(verilink.webhook, "time", types.SimpleNamespace(time=lambda: float(now)))
    return now


@pytest.fixture()
def own_server() -> Iterator[OwnServer]:
    """A server of the test's own (not yet started) on a free port and the shared database."""
    binary, database_url = _env("VERILINK_BIN", "VERILINK_DATABASE_URL")
    server = OwnServer(binary, database_url)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def create_inquiry(client: verilink.Client) -> Callable[[], str]:
    """Creates a sandbox inquiry from the bootstrap KYC template; returns its ID."""
    templates = client.templates.ListInquiryTemplates(
        inquiry_template_pb2.ListInquiryTemplatesRequest()
    ).inquiry_templates
    template_id = next(t.id for t in templates if t.name == "KYC")

    def create() -> str:
        inquiry = inquiry_pb2.Inquiry(
            inquiry_template_id=template_id,
            reference_id="py-" + secrets.token_hex(8),
            fields={"name_first": common_pb2.FieldValue(string_value="Ada")},
        )
        request = inquiry_pb2.CreateInquiryRequest(inquiry=inquiry)
        return client.inquiries.CreateInquiry(request).inquiry.id

    return create
