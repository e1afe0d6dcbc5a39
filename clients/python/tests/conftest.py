"""Steps of a class marked ``incremental`` build on each other: once one fails, the later
ones are reported as xfail ("previous step failed") instead of failing for a missing value."""

from __future__ import annotations

from typing import Any, Dict, Tuple

import pytest

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
