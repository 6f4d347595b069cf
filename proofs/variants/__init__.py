"""Checking a user's variant of a mechanism against the papers' laws and bounds.

Each module of this package defines one :class:`VariantFamily` as ``FAMILY``: a
``typing.Protocol`` that a variant must satisfy (checked by :meth:`VariantFamily.matches`) and
:meth:`VariantFamily.run`, which applies every applicable law and returns one
:class:`LawResult` per claim id.
``python -m proofs check MODULE:CALLABLE`` loads the object, finds the families it matches and
prints the results claim by claim, with the counterexample of every law that does not hold.

A user's variant is untrusted input (DESIGN.md, "Variants"): a law whose variant raised is
reported as *crashed* (with the exception and the input), a law that ran on no case as *not
checked*, and a non-finite slack as a refutation, never as a pass. Exit codes of ``check``:
0 every applicable law holds, 1 a law is refuted, 2 the object cannot be loaded or matches no
protocol, 3 the variant crashed while being checked and no law was refuted.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import math
import pkgutil
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeAlias

from properties.outcome import Outcome

Status: TypeAlias = Literal["holds", "refuted", "crashed", "not checked"]
EXIT_HOLDS, EXIT_REFUTED, EXIT_UNLOADABLE, EXIT_CRASHED = 0, 1, 2, 3


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
        crashed: ``"<exception>"`` when the variant raised (or returned something unusable)
            while the law was checked; the inputs are in ``counterexample``.
    """

    claim_id: str
    holds: bool
    cases: int
    worst_slack: float
    detail: str
    counterexample: Mapping[str, Any] | None = field(default=None)
    crashed: str | None = None

    @property
    def status(self) -> Status:
        """``crashed`` > ``not checked`` (0 cases) > ``refuted`` (incl. a NaN slack) > ``holds``."""
        if self.crashed is not None:
            return "crashed"
        if self.cases <= 0:
            return "not checked"
        if not self.holds or math.isnan(self.worst_slack):
            return "refuted"
        return "holds"


@dataclass(frozen=True, kw_only=True)
class VariantFamily:
    """A family of mechanisms with a protocol and laws."""

    name: str
    description: str
    matches: Callable[[object], bool]
    run: Callable[[object], Sequence[LawResult]]
    signature: str = ""
    """The protocol as a user writes it (``score(Q, K, layer_index) -> (n, m)``), for ``--list``."""


def families() -> list[VariantFamily]:
    """Every family defined in this package (modules exposing ``FAMILY``)."""
    out: list[VariantFamily] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        mod = importlib.import_module(f"{__name__}.{info.name}")
        fam = getattr(mod, "FAMILY", None)
        if isinstance(fam, VariantFamily):
            out.append(fam)
    return out


class VariantLoadError(ValueError):
    """The variant named on the command line cannot be loaded (exit code 2)."""


def load_object(spec: str) -> object:
    """Import ``MODULE:ATTRIBUTE`` (the module may also be a path to a ``.py`` file).

    A file is loaded under a unique module name (so a user's ``reference.py`` cannot replace the
    project's package) with its folder appended to ``sys.path`` (so it can import its siblings;
    appended, so the project's packages still win). Any failure, including an exception raised
    by the user's module while it is imported, is a :class:`VariantLoadError` with one line.
    """
    if ":" not in spec:
        raise VariantLoadError(f"variant={spec!r} must have the form MODULE:CALLABLE")
    mod_name, _, attr = spec.rpartition(":")
    try:
        if mod_name.endswith(".py"):
            path = Path(mod_name).resolve()
            if not path.is_file():
                raise VariantLoadError(f"variant={spec!r}: file {path} does not exist")
            folder = str(path.parent)
            if folder not in sys.path:
                sys.path.append(folder)
            digest = hashlib.sha256(str(path).encode()).hexdigest()[:12]
            unique = f"_qah_variant_{path.stem}_{digest}"
            s = importlib.util.spec_from_file_location(unique, path)
            if s is None or s.loader is None:
                raise VariantLoadError(f"variant={spec!r}: cannot load {path}")
            mod = importlib.util.module_from_spec(s)
            sys.modules[unique] = mod
            s.loader.exec_module(mod)
        else:
            mod = importlib.import_module(mod_name)
    except VariantLoadError:
        raise
    except BaseException as exc:  # the user's module is untrusted: report, never a traceback
        if isinstance(exc, KeyboardInterrupt):
            raise
        raise VariantLoadError(
            f"variant={spec!r}: importing {mod_name!r} raised {type(exc).__name__}: {exc}"
        ) from None
    try:
        obj: object = getattr(mod, attr)
    except AttributeError:
        raise VariantLoadError(
            f"variant={spec!r}: module {mod_name!r} has no attribute {attr!r}"
        ) from None
    return obj


def exit_code(results: Sequence[LawResult]) -> int:
    """0 all hold, 1 any refuted, 3 crashed with none refuted (``not checked`` alone: 0 if some
    law holds, else 3: nothing was shown)."""
    statuses = {r.status for r in results}
    if "refuted" in statuses:
        return EXIT_REFUTED
    if "crashed" in statuses or "holds" not in statuses:
        return EXIT_CRASHED
    return EXIT_HOLDS


__all__ = [
    "EXIT_CRASHED",
    "EXIT_HOLDS",
    "EXIT_REFUTED",
    "EXIT_UNLOADABLE",
    "LawResult",
    "Status",
    "VariantFamily",
    "VariantLoadError",
    "exit_code",
    "families",
    "load_object",
]


def summarize_cases(
    claim: str, detail: str, cases: Sequence[tuple[Outcome | float, Mapping[str, Any]]]
) -> LawResult:
    """One :class:`LawResult` from a law's ``(outcome, case)`` pairs: the worst slack (a
    non-finite one counts as the worst, and refutes), its case as the counterexample when the law
    fails (with the failing sub-checks named in ``detail``), and ``not checked`` (0 cases) when
    the law ran on none. A law's :class:`~properties.outcome.Outcome` holds when every check
    holds; a float is a legacy slack (``>= 0`` holds). Shared by the families' ``run``."""
    if not cases:
        return LawResult(
            claim_id=claim,
            holds=True,
            cases=0,
            worst_slack=math.inf,
            detail=f"not checked: {detail}",
        )

    def slack(r: Outcome | float) -> float:
        v = r.slack if isinstance(r, Outcome) else float(r)
        return v if math.isfinite(v) else -math.inf

    def holds(r: Outcome | float) -> bool:
        return r.holds if isinstance(r, Outcome) else bool(math.isfinite(r) and r >= 0)

    failing = [(r, c) for r, c in cases if not holds(r)]
    if failing:
        r, case = min(failing, key=lambda rc: slack(rc[0]))
        why = f" [{'; '.join(map(str, r.failing))}]" if isinstance(r, Outcome) else ""
        return LawResult(
            claim_id=claim,
            holds=False,
            cases=len(cases),
            worst_slack=slack(r) if isinstance(r, Outcome) else float(r),
            detail=detail + why,
            counterexample=case,
        )
    worst = min(slack(r) for r, _ in cases)
    return LawResult(claim_id=claim, holds=True, cases=len(cases), worst_slack=worst, detail=detail)
