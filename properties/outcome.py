"""What a law found on one case: named sub-checks, each with its deviation and its tolerance.

A law of this project checks several things at once (a value against a closed form, a shape, a
bound, rows summing to one). Folding them into one float "slack" hides which sub-check was
tight, and mixes a yes/no answer (shape right: slack 0, wrong: -1) with round-off margins. So a
law returns an :class:`Outcome`: a tuple of :class:`Check` records.

* A **numeric** check has a ``deviation`` (how far the implementation is from the law: ``|a - b|``
  for an equality, ``value - bound`` for an upper bound, negative when strictly inside) and the
  ``tolerance`` derived from the maths for that case (the derivation lives in
  :mod:`properties.tolerances` or in the law's docstring). It holds when ``deviation <=
  tolerance``; its *utilisation* is ``max(deviation, 0) / tolerance``: 0 = exact or strictly
  inside the bound, 1 = at the edge of the allowance.
* A **boolean** check is a yes/no condition (shape, a label flipped, an index found). It holds
  or not; over many cases the ledger reports "k of k true", never a slack of 0 or 1.

A non-finite deviation never holds. :func:`assert_holds` is what tests call; the ledger's
:func:`proofs.ledger.held_or_failed` aggregates outcomes per sub-check name over the cases (the
case count, the worst deviation and its tolerance, the utilisation) — issue 10, section C.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True, slots=True)
class Check:
    """One sub-check of a law on one case (see the module docstring)."""

    name: str
    deviation: float
    tolerance: float = 0.0
    boolean: bool = False

    def __post_init__(self) -> None:
        if not self.name:
            raise ValueError("Check needs a name")
        if not (self.tolerance >= 0.0 and math.isfinite(self.tolerance)):
            raise ValueError(f"Check {self.name!r}: tolerance={self.tolerance!r} is not >= 0")

    @property
    def holds(self) -> bool:
        """Finite deviation within the tolerance (a boolean check: it was true)."""
        return math.isfinite(self.deviation) and self.deviation <= self.tolerance

    @property
    def utilisation(self) -> float:
        """``max(deviation, 0) / tolerance`` (0 exact, 1 at the bound; ``inf`` when broken).

        A boolean check that holds has utilisation 0. A numeric check with tolerance 0 (an exact
        comparison, e.g. of integers) has utilisation 0 when it holds."""
        if not self.holds:
            return math.inf
        if self.boolean or self.deviation <= 0.0:
            return 0.0
        return self.deviation / self.tolerance

    @property
    def slack(self) -> float:
        """``tolerance - deviation`` (booleans: 0 true, -1 false; non-finite: ``-inf``)."""
        if self.boolean:
            return 0.0 if self.holds else -1.0
        if not math.isfinite(self.deviation):
            return -math.inf
        return self.tolerance - self.deviation

    def __str__(self) -> str:
        if self.boolean:
            return f"{self.name}: {'true' if self.holds else 'FALSE'}"
        mark = "" if self.holds else " VIOLATED"
        return f"{self.name}: deviation {self.deviation:.3g} / tolerance {self.tolerance:.3g}{mark}"


@dataclass(frozen=True, slots=True)
class Outcome:
    """The checks a law ran on one case; it holds when every check holds."""

    checks: tuple[Check, ...]

    def __post_init__(self) -> None:
        if not self.checks:
            raise ValueError("an Outcome needs at least one check")

    @property
    def holds(self) -> bool:
        return all(c.holds for c in self.checks)

    @property
    def failing(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if not c.holds)

    @property
    def slack(self) -> float:
        """The smallest :attr:`Check.slack` (the single number older code used)."""
        return min(c.slack for c in self.checks)

    @property
    def utilisation(self) -> float:
        """The largest :attr:`Check.utilisation`."""
        return max(c.utilisation for c in self.checks)

    def __str__(self) -> str:
        return "; ".join(str(c) for c in self.checks)


# ---------------------------------------------------------------------------------------------
# constructors used by the laws


def _max_abs(x: npt.ArrayLike) -> float:
    a = np.asarray(x, dtype=np.complex128 if np.iscomplexobj(x) else np.float64)
    if a.size == 0:
        return 0.0
    m = np.max(np.abs(a))
    return float(m) if np.isfinite(m) else math.inf


def within(name: str, deviation: float, tolerance: float) -> Outcome:
    """A numeric check from a deviation already computed (``nan`` / ``inf`` never hold)."""
    d = float(deviation)
    return Outcome((Check(name, d if math.isfinite(d) else math.inf, float(tolerance)),))


def close(name: str, actual: npt.ArrayLike, expected: npt.ArrayLike, tolerance: float) -> Outcome:
    """``max |actual - expected| <= tolerance`` (arrays of equal shape; a shape mismatch is a
    failed boolean check ``<name>: shape``)."""
    a, b = np.asarray(actual), np.asarray(expected)
    if a.shape != b.shape:
        return true(f"{name}: shape {a.shape} == {b.shape}", False)
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return within(name, math.inf, tolerance)
    return within(name, _max_abs(a - b), tolerance)


def at_most(
    name: str, value: npt.ArrayLike, bound: npt.ArrayLike, tolerance: float = 0.0
) -> Outcome:
    """Every ``value <= bound + tolerance``; the deviation is ``max(value - bound)``."""
    v, b = np.asarray(value, dtype=np.float64), np.asarray(bound, dtype=np.float64)
    diff = v - b
    if diff.size == 0:
        return within(name, 0.0, tolerance)
    if not np.all(np.isfinite(diff)):
        return within(name, math.inf, tolerance)
    return within(name, float(np.max(diff)), tolerance)


def at_least(
    name: str, value: npt.ArrayLike, bound: npt.ArrayLike, tolerance: float = 0.0
) -> Outcome:
    """Every ``value >= bound - tolerance``; the deviation is ``max(bound - value)``."""
    v, b = np.asarray(value, dtype=np.float64), np.asarray(bound, dtype=np.float64)
    return at_most(name, -v, -b, tolerance)


def true(name: str, condition: bool | np.bool_) -> Outcome:
    """A boolean check."""
    ok = bool(condition)
    return Outcome((Check(name, 0.0 if ok else 1.0, 0.0, boolean=True),))


def combine(*parts: Outcome | Iterable[Outcome]) -> Outcome:
    """All checks of ``parts`` (outcomes or iterables of outcomes), in order.

    Checks of the same name are merged into the one with the larger utilisation (the worst), so
    a law that loops over rows or layers reports one sub-check per name."""
    merged: dict[str, Check] = {}
    for part in parts:
        items = (part,) if isinstance(part, Outcome) else tuple(part)
        for outcome in items:
            for c in outcome.checks:
                old = merged.get(c.name)
                if old is None or _worse(c, old):
                    merged[c.name] = c
    if not merged:
        raise ValueError("combine() of no checks")
    return Outcome(tuple(merged.values()))


def _worse(new: Check, old: Check) -> bool:
    if new.holds != old.holds:
        return not new.holds
    if new.utilisation != old.utilisation:
        return new.utilisation > old.utilisation
    return new.deviation > old.deviation


def prefixed(prefix: str, outcome: Outcome) -> Outcome:
    """The same checks with ``prefix`` before each name (one law run on two paths, reported as
    separate sub-laws)."""
    return Outcome(
        tuple(Check(prefix + c.name, c.deviation, c.tolerance, c.boolean) for c in outcome.checks)
    )


def assert_holds(result: Outcome | float, context: str = "") -> None:
    """Assert a law's result: an :class:`Outcome` holds, or a legacy float slack is ``>= 0``.

    The message names the failing checks (deviation and tolerance)."""
    where = f" ({context})" if context else ""
    if isinstance(result, Outcome):
        if not result.holds:
            raise AssertionError(f"law violated{where}: " + "; ".join(map(str, result.failing)))
        return
    s = float(result)
    if not (math.isfinite(s) and s >= 0.0):
        raise AssertionError(f"law violated{where}: slack {s!r}")


__all__ = [
    "Check",
    "Outcome",
    "assert_holds",
    "at_least",
    "at_most",
    "close",
    "combine",
    "prefixed",
    "true",
    "within",
]
