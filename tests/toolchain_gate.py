"""Skip, or fail, when an external toolchain of the ``interop`` extra is missing.

Without the extra, tests that need a toolchain skip with a reason naming the missing module.
With ``QAH_REQUIRE_INTEROP=1`` (set by ``nox -s interop``) a missing toolchain is a failure: the
interop session must never pass by skipping.
"""

from __future__ import annotations

import importlib
import os

import pytest

REQUIRE_ENV = "QAH_REQUIRE_INTEROP"


def required() -> bool:
    """Whether missing toolchains are failures (``QAH_REQUIRE_INTEROP=1``)."""
    return os.environ.get(REQUIRE_ENV, "") == "1"


def need(*modules: str) -> None:
    """Import ``modules`` or skip (fail under ``QAH_REQUIRE_INTEROP=1``); usable at module level."""
    os.environ.setdefault("QDK_PYTHON_TELEMETRY", "none")
    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError as exc:
            reason = f"toolchain module {name!r} is not installed ({exc}); install '.[interop]'"
            if required():
                pytest.fail(f"{REQUIRE_ENV}=1 but {reason}", pytrace=False)
            pytest.skip(reason, allow_module_level=True)
