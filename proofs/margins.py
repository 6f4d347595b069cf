"""Margins of ``held`` evidence: per sub-law case counts, utilisations and "k of k" booleans.

A law returns a :class:`properties.outcome.Outcome` on each case (named checks with deviation and
tolerance). :func:`summarise` folds the cases of one claim into :class:`SubLaw` records, one per
check name:

* numeric: the cases it ran on, its worst ``deviation`` with the ``tolerance`` of that case, and
  its *utilisation* ``max(deviation, 0) / tolerance`` over the cases (0 exact, 1 at the bound);
* boolean: "k of k true";
* margin: a law that still returns one float slack (the form before issue 10 C): reported as an
  *unstructured* margin, with no utilisation, so the report says what it does not know.

The gate (:class:`Strength`, read from ``proofs/expected/*.toml``) records for a ``held`` claim
the minimum number of cases and the maximum utilisation; fewer cases or a larger utilisation fail
the ledger like a changed verdict. :func:`suggest` writes those records from a run, with headroom
(the next 1-2-5 step above twice the observed utilisation), for a human to review.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

from properties.outcome import Check, Outcome

JSON: TypeAlias = Any
Kind: TypeAlias = Literal["numeric", "boolean", "margin"]


@dataclass(frozen=True, kw_only=True)
class SubLaw:
    """One named sub-check of a law, summarised over the cases it ran on."""

    name: str
    kind: Kind
    cases: int
    true: int = 0
    worst_deviation: float = 0.0
    tolerance: float = 0.0
    utilisation: float | None = None

    def text(self) -> str:
        if self.kind == "boolean":
            return f"{self.name}: {self.true} of {self.cases} true"
        if self.kind == "margin":
            return (
                f"{self.name}: unstructured margin, worst slack {-self.worst_deviation:.3g}"
                f" (tolerance {self.tolerance:.3g}) on {self.cases} cases"
            )
        return (
            f"{self.name}: utilisation {self.utilisation:.3g} (deviation {self.worst_deviation:.3g}"
            f" / tolerance {self.tolerance:.3g}) on {self.cases} cases"
        )


@dataclass(frozen=True, kw_only=True)
class Strength:
    """What an expected ``held`` entry records: at least ``min_cases`` cases, and a utilisation
    of at most ``max_utilisation`` (``None``: not recorded)."""

    min_cases: int | None = None
    max_utilisation: float | None = None

    def problem(self, cases: int, utilisation: float | None) -> str | None:
        """Why evidence with ``cases`` and ``utilisation`` is weaker than recorded, or ``None``."""
        if self.min_cases is not None and cases < self.min_cases:
            return f"ran {cases} cases, fewer than the recorded minimum {self.min_cases}"
        if self.max_utilisation is not None:
            if utilisation is None:
                return "no numeric sub-law, but a maximum utilisation is recorded"
            if utilisation > self.max_utilisation:
                return (
                    f"utilisation {utilisation:.3g} exceeds the recorded maximum "
                    f"{self.max_utilisation:g}"
                )
        return None


def parse_strength(where: str, value: Mapping[str, object]) -> Strength | None:
    """The ``min_cases`` / ``max_utilisation`` keys of an expected entry (validated)."""
    mc, mu = value.get("min_cases"), value.get("max_utilisation")
    if mc is None and mu is None:
        return None
    if mc is not None and (not isinstance(mc, int) or isinstance(mc, bool) or mc < 1):
        raise ValueError(f"{where}: min_cases={mc!r} is not a positive integer")
    if mu is not None:
        if not isinstance(mu, int | float) or isinstance(mu, bool) or not 0.0 <= mu <= 1.0:
            raise ValueError(f"{where}: max_utilisation={mu!r} is not a number in [0, 1]")
        mu = float(mu)
    return Strength(min_cases=mc, max_utilisation=mu)


class _Acc:
    __slots__ = ("cases", "dev", "kind", "name", "tol", "true", "util")

    def __init__(self, name: str, kind: Kind) -> None:
        self.name, self.kind = name, kind
        self.cases = self.true = 0
        self.dev, self.tol, self.util = -math.inf, 0.0, 0.0

    def add(self, c: Check) -> None:
        self.cases += 1
        self.true += int(c.holds)
        u = c.utilisation
        if self.kind == "numeric" and (
            u > self.util or (u == self.util and c.deviation > self.dev)
        ):
            self.util, self.dev, self.tol = u, c.deviation, c.tolerance

    def sublaw(self) -> SubLaw:
        if self.kind == "boolean":
            return SubLaw(name=self.name, kind="boolean", cases=self.cases, true=self.true)
        return SubLaw(
            name=self.name,
            kind="numeric",
            cases=self.cases,
            true=self.true,
            worst_deviation=self.dev,
            tolerance=self.tol,
            utilisation=self.util,
        )


@dataclass(frozen=True, kw_only=True)
class Summary:
    """The fold of a claim's cases: ``cases`` run, the sub-laws, and the first failure if any."""

    cases: int
    sublaws: tuple[SubLaw, ...]
    failure: str | None = None
    failing_case: Mapping[str, JSON] | None = None


def summarise(
    results: Iterable[tuple[Outcome | float, Mapping[str, JSON]]], *, tolerance: float = 0.0
) -> Summary:
    """Fold ``(outcome, inputs)`` pairs (see the module docstring); stops at the first failure.

    A float result is a legacy slack (``>= -tolerance`` holds), summarised as the ``margin``
    sub-law. A non-finite slack or deviation is a failure."""
    accs: dict[str, _Acc] = {}
    n = 0
    worst_margin = math.inf
    for result, case in results:
        n += 1
        if isinstance(result, Outcome):
            for c in result.checks:
                acc = accs.get(c.name)
                if acc is None:
                    acc = accs[c.name] = _Acc(c.name, "boolean" if c.boolean else "numeric")
                acc.add(c)
            if not result.holds:
                why = "; ".join(map(str, result.failing))
                return Summary(cases=n, sublaws=(), failure=why, failing_case=dict(case))
            continue
        s = float(result)
        if not math.isfinite(s):
            return Summary(cases=n, sublaws=(), failure=f"non-finite slack {s}", failing_case=case)
        if s < -tolerance:
            return Summary(
                cases=n,
                sublaws=(),
                failure=f"slack {s:.3g} < -{tolerance:g}",
                failing_case=dict(case),
            )
        worst_margin = min(worst_margin, s)
        acc = accs.setdefault("margin", _Acc("margin", "margin"))
        acc.cases += 1
    subs: list[SubLaw] = []
    for acc in accs.values():
        if acc.kind == "margin":
            subs.append(
                SubLaw(
                    name="margin",
                    kind="margin",
                    cases=acc.cases,
                    worst_deviation=-worst_margin,
                    tolerance=tolerance,
                )
            )
        else:
            subs.append(acc.sublaw())
    return Summary(cases=n, sublaws=tuple(subs))


def utilisation(sublaws: Iterable[SubLaw]) -> float | None:
    """The largest utilisation of the numeric sub-laws (``None`` when there is none)."""
    us = [s.utilisation for s in sublaws if s.kind == "numeric" and s.utilisation is not None]
    return max(us) if us else None


def headroom(observed: float) -> float:
    """The next step of 1-2-5 per decade at or above ``2 * observed`` (at least 1e-3, at most 1).

    Deterministic evidence re-runs to the same utilisation on this machine; the factor 2..5
    absorbs a different BLAS's rounding, while a real numeric regression (an error of the size of
    the tolerance) still exceeds it."""
    target = max(2.0 * observed, 1e-3)
    if target >= 1.0:
        return 1.0
    exp = math.floor(math.log10(target))
    for step in (1.0, 2.0, 5.0, 10.0):
        v = step * 10.0**exp
        if v >= target * (1 - 1e-12):
            return float(f"{v:.3g}")
    return 1.0


def suggest(cases: int, sublaws: Iterable[SubLaw]) -> dict[str, int | float]:
    """The ``min_cases`` / ``max_utilisation`` record for evidence like this (for review)."""
    out: dict[str, int | float] = {"min_cases": cases}
    u = utilisation(sublaws)
    if u is not None:
        out["max_utilisation"] = headroom(u)
    return out


__all__ = [
    "Strength",
    "SubLaw",
    "Summary",
    "headroom",
    "parse_strength",
    "suggest",
    "summarise",
    "utilisation",
]
