"""The one registry of mechanisms: ``MECHANISMS`` (name -> :class:`Mechanism`).

Each module listed in ``_MODULES`` defines ``MECHANISM``. The export CLI, the interop suite and the
completeness test (``tests/test_registry.py``) are all driven by this registry, so a new mechanism
that forgets its claims, properties or circuits fails loudly.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from types import MappingProxyType

from reference._mechanism import CircuitExample, Mechanism

_MODULES: tuple[str, ...] = (
    "reference.core",
    "reference.pipeline.encoder",
    "reference.mechanisms.entanglement",
    "reference.mechanisms.groq_rag",
    "reference.mechanisms.grover",
    "reference.mechanisms.qama",
    "reference.mechanisms.qsann",
    "reference.mechanisms.sparse",
)


def _load() -> dict[str, Mechanism]:
    out: dict[str, Mechanism] = {}
    for name in _MODULES:
        mech = getattr(importlib.import_module(name), "MECHANISM", None)
        if not isinstance(mech, Mechanism):
            raise TypeError(f"{name} does not define MECHANISM: Mechanism")
        if mech.name in out:
            raise ValueError(f"mechanism {mech.name!r} registered twice")
        out[mech.name] = mech
    return out


MECHANISMS: Mapping[str, Mechanism] = MappingProxyType(_load())


def circuits() -> dict[str, CircuitExample]:
    """Every registered circuit by its (unique) name."""
    out: dict[str, CircuitExample] = {}
    for mech in MECHANISMS.values():
        for ex in mech.circuits:
            if ex.name in out:
                raise ValueError(f"circuit name {ex.name!r} registered twice")
            out[ex.name] = ex
    return out


__all__ = ["MECHANISMS", "CircuitExample", "Mechanism", "circuits"]
