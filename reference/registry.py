"""The one registry of mechanisms: ``MECHANISMS`` (name -> :class:`Mechanism`).

Every module of :mod:`reference.mechanisms` (a module, or a package past ~500 lines) defines
``MECHANISM``; so do :mod:`reference.core` (the textbook circuits that test the spine) and
:mod:`reference.pipeline.encoder` (the seed-001 Figure-1 encoder, a model built from mechanisms).
The registry discovers them, so a new mechanism needs no edit here. The export CLI, the interop
suite and the completeness test (``tests/test_registry.py``) are driven by this registry, so a new
mechanism that forgets its laws, evidence or circuits fails loudly.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from types import MappingProxyType

from reference._mechanism import CircuitExample, Mechanism

_EXTRA: tuple[str, ...] = ("reference.core", "reference.pipeline.encoder")


def _modules() -> list[str]:
    from reference import mechanisms as pkg

    names = [f"{pkg.__name__}.{m.name}" for m in pkgutil.iter_modules(pkg.__path__)]
    return [*_EXTRA, *sorted(names)]


def _load() -> dict[str, Mechanism]:
    out: dict[str, Mechanism] = {}
    for name in _modules():
        mech = getattr(importlib.import_module(name), "MECHANISM", None)
        if not isinstance(mech, Mechanism):
            raise TypeError(f"{name} does not define MECHANISM: Mechanism")
        if mech.module != name:
            raise ValueError(f"{name}.MECHANISM names module {mech.module!r}")
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
