"""Checking a user's variant of a mechanism against the papers' laws and bounds.

Each module of this package defines one :class:`VariantFamily` as ``FAMILY``: a
``typing.Protocol`` that a variant must satisfy (checked by :meth:`VariantFamily.matches`) and
:meth:`VariantFamily.run`, which applies every applicable law and returns one
:class:`LawResult` per claim id.
``python -m proofs check MODULE:CALLABLE`` loads the object, finds the families it matches and
prints the results claim by claim, with the counterexample of every law that does not hold.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True, kw_only=True)
class LawResult:
    """Outcome of one law on a variant.

    Attributes:
        claim_id: the claim the law encodes.
        holds: whether the law held on every case tried.
        cases: number of cases tried.
        worst_slack: smallest margin observed (negative when the law failed).
        detail: what was checked.
        counterexample: the failing inputs (JSON-serialisable), when ``holds`` is false.
    """

    claim_id: str
    holds: bool
    cases: int
    worst_slack: float
    detail: str
    counterexample: Mapping[str, Any] | None = field(default=None)


@dataclass(frozen=True, kw_only=True)
class VariantFamily:
    """A family of mechanisms with a protocol and laws."""

    name: str
    description: str
    matches: Callable[[object], bool]
    run: Callable[[object], Sequence[LawResult]]


def families() -> list[VariantFamily]:
    """Every family defined in this package (modules exposing ``FAMILY``)."""
    out: list[VariantFamily] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        mod = importlib.import_module(f"{__name__}.{info.name}")
        fam = getattr(mod, "FAMILY", None)
        if isinstance(fam, VariantFamily):
            out.append(fam)
    return out


def load_object(spec: str) -> object:
    """Import ``MODULE:ATTRIBUTE`` (the module may also be a path to a ``.py`` file)."""
    if ":" not in spec:
        raise ValueError(f"variant={spec!r} must have the form MODULE:CALLABLE")
    mod_name, _, attr = spec.rpartition(":")
    if mod_name.endswith(".py"):
        path = Path(mod_name).resolve()
        if not path.exists():
            raise ValueError(f"variant={spec!r}: file {path} does not exist")
        s = importlib.util.spec_from_file_location(path.stem, path)
        if s is None or s.loader is None:
            raise ValueError(f"variant={spec!r}: cannot load {path}")
        mod = importlib.util.module_from_spec(s)
        sys.modules[path.stem] = mod
        s.loader.exec_module(mod)
    else:
        mod = importlib.import_module(mod_name)
    try:
        obj: object = getattr(mod, attr)
    except AttributeError:
        raise ValueError(
            f"variant={spec!r}: module {mod_name!r} has no attribute {attr!r}"
        ) from None
    return obj


__all__ = ["LawResult", "VariantFamily", "families", "load_object"]
