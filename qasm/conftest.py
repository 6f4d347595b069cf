"""Doctests of the emitters need the ``interop`` extra; without it (and without
``QAH_REQUIRE_INTEROP=1``) those modules are not collected, so ``--doctest-modules qasm`` stays
green on a numpy-only install. ``qasm.decompose`` and ``qasm.cli`` are always collected."""

from __future__ import annotations

import importlib.util
import os

collect_ignore: list[str] = []
if os.environ.get("QAH_REQUIRE_INTEROP", "") != "1":
    if importlib.util.find_spec("openqasm3") is None:
        collect_ignore += ["openqasm.py", "validate.py"]
    if importlib.util.find_spec("pyqir") is None:
        collect_ignore += ["qir.py"]
