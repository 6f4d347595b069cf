"""A missing toolchain is a skip, except under ``QAH_REQUIRE_INTEROP=1`` where it is a failure."""

from __future__ import annotations

import pytest

from tests.toolchain_gate import REQUIRE_ENV, need


def test_missing_toolchain_skips_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(REQUIRE_ENV, raising=False)
    with pytest.raises(pytest.skip.Exception, match="qah_no_such_toolchain"):
        need("qah_no_such_toolchain")


def test_missing_toolchain_fails_when_required(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(REQUIRE_ENV, "1")
    with pytest.raises(pytest.fail.Exception, match="QAH_REQUIRE_INTEROP=1 but"):
        need("qah_no_such_toolchain")
