"""Laws of the Grover / half-space / Max-IP part of seed 002 (S002-C26, C27, C28, C36, C37).

Each law takes the implementation under test as its first argument (a :class:`GroverImpl`, e.g.
the module :mod:`reference.mechanisms.grover`; a find-all function; a half-space query; a Max-IP
search) and returns an :class:`~properties.outcome.Outcome` (named checks with their deviation
and derived tolerance); a NaN in what was compared is a failure, never a pass. The ledger
(:mod:`proofs.evidence.grover`) and the Hypothesis tests (:mod:`properties.grover.test_laws`)
bind the same functions to the reference.

Floating-point model (for the tolerances): the item-by-item simulation of ``r`` Grover
iterations over ``N`` items computes each mean with error ``<= N eps`` relative to the unit-norm
state and each reflection with ``eps``, so after ``r`` iterations every amplitude is within
``2 (r + 1)(N + 2) eps`` and the marked probability (a sum of at most ``N`` squares of unit-bounded
amplitudes) within ``4 (r + 1)(N + 2) eps``; ``sin^2((2r+1) theta)`` is evaluated with relative
error ``<= 8 (2r + 2) eps`` (argument rounding amplified by the derivative ``<= 2``). The law's
tolerance is the sum, doubled.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt

from properties.outcome import Outcome, at_least, at_most, close, combine, true
from properties.tolerances import EPS, grover_tolerance
from reference._types import FloatArray, IntArray
from reference.algorithms.findset import scores
from reference.circuit import Circuit

HalfspaceQuery = Callable[[npt.NDArray[np.float64], npt.NDArray[np.float64], float, bool], IntArray]
"""``query(points, a, b, strict) -> sorted indices`` of ``{j : <a, p_j> - b >= 0}`` (``> 0``)."""
FindAll = Callable[[npt.NDArray[np.bool_], np.random.Generator], IntArray]
"""``find_all(mask, rng) -> sorted indices`` of the marked items found."""


class MaxIpSearch(Protocol):
    """``search(A, B) -> result`` with ``.opt``, ``.rounds`` and ``.round_bound`` (Lemma 8.3)."""

    def __call__(self, A: npt.NDArray[np.int64], B: npt.NDArray[np.int64]) -> _MaxIpResult: ...


class _MaxIpResult(Protocol):
    @property
    def opt(self) -> int: ...

    @property
    def rounds(self) -> int: ...

    @property
    def round_bound(self) -> int: ...


class GroverImpl(Protocol):
    """What the Grover laws check (the module :mod:`reference.mechanisms.grover` satisfies it)."""

    def success_probability(
        self, *, num_items: int, num_marked: int, iterations: int | npt.ArrayLike
    ) -> FloatArray: ...

    def simulated_success_probability(self, mask: npt.ArrayLike, iterations: int) -> float: ...

    def optimal_iterations(self, *, num_items: int, num_marked: int) -> int: ...

    def grover_circuit(
        self, num_qubits: int, marked: Sequence[int], iterations: int, *, measure: bool = False
    ) -> Circuit: ...

    def gate_level_success_probability(
        self, num_qubits: int, marked: Sequence[int], iterations: int
    ) -> float: ...


def law_success_formula(impl: GroverImpl, mask: npt.NDArray[np.bool_], iterations: int) -> Outcome:
    """S002-C26: item-by-item simulation of ``G^r|s>`` gives ``sin^2((2r+1) theta)`` (within
    :func:`grover_tolerance`, the module docstring's model)."""
    n, m = int(mask.size), int(mask.sum())
    analytic = float(impl.success_probability(num_items=n, num_marked=m, iterations=iterations))
    sim = float(impl.simulated_success_probability(mask, iterations))
    return close(
        "simulated P(r) = sin^2((2r+1) theta)", sim, analytic, grover_tolerance(n, iterations)
    )


def law_gate_level_success(
    impl: GroverImpl, num_qubits: int, marked: Sequence[int], iterations: int
) -> Outcome:
    """S002-C26 at gate level: the simulated ``grover_circuit`` gives ``sin^2((2r+1) theta)``.

    Tolerance: the circuit has ``g`` gates of at most ``m`` qubits, each adding ``2^m eps`` per
    amplitude (the foundation's state model), so the probability moves by at most
    ``2 * 2^m * 4 (g + 1) 2^m eps``; plus :func:`grover_tolerance` for the formula.
    """
    n = 1 << num_qubits
    c = impl.grover_circuit(num_qubits, marked, iterations)
    tol = 8.0 * (len(c.ops) + 1) * n * n * EPS + grover_tolerance(n, iterations)
    analytic = float(
        impl.success_probability(num_items=n, num_marked=len(set(marked)), iterations=iterations)
    )
    gate = float(impl.gate_level_success_probability(num_qubits, marked, iterations))
    return close("gate-level P(r) = sin^2((2r+1) theta)", gate, analytic, tol)


def law_optimal_iterations(impl: GroverImpl, num_items: int, num_marked: int) -> Outcome:
    """S002-C27: ``r* = floor(pi/(4 theta))`` gives ``P >= 1 - M/N`` and ``r* <= (pi/4) sqrt(N/M)``.

    Tolerances: :func:`grover_tolerance` ``(1, r)`` on the probability (the evaluation of
    ``sin^2((2r+1) theta)``); ``2 eps (pi/4) sqrt(N/M)`` on the iteration bound (its ``sqrt``
    and product round once each; ``r*`` is an integer)."""
    r = impl.optimal_iterations(num_items=num_items, num_marked=num_marked)
    p = float(impl.success_probability(num_items=num_items, num_marked=num_marked, iterations=r))
    cap = math.pi / 4 * math.sqrt(num_items / num_marked)
    return combine(
        at_least("P(r*) >= 1 - M/N", p, 1.0 - num_marked / num_items, grover_tolerance(1, r)),
        at_most("r* <= (pi/4) sqrt(N/M)", r, cap, 2 * EPS * cap),
    )


def law_find_all_sound(
    find_all: FindAll, mask: npt.NDArray[np.bool_], rng: np.random.Generator
) -> Outcome:
    """Find-all never reports an unmarked item and reports each item once, sorted (one-sided
    error); boolean checks."""
    found = np.asarray(find_all(mask, rng))
    if found.ndim != 1 or (found.size and not np.issubdtype(found.dtype, np.integer)):
        return true("result is a 1-d integer array", False)
    if found.size and (found.min() < 0 or found.max() >= mask.size):
        return true("indices in range", False)
    return combine(
        true("every reported item is marked", bool(np.all(mask[found]))),
        true("reported once each, sorted", bool(np.all(np.diff(found) > 0))),
    )


def law_sum_inverse_sqrt(k: int) -> Outcome:
    """S002-C28 numerically: ``sum_{m=1}^k m^{-1/2} <= 2 sqrt(k)``.

    Tolerance ``(k + 3) eps 2 sqrt(k)``: each term ``1/sqrt(m)`` rounds twice (``2 eps``
    relative), the recursive sum of ``k`` positive terms adds ``(k - 1) eps`` relative to the
    total (``<= 2 sqrt k``), and ``2 sqrt(k)`` rounds once. A fact of the analysis (no
    implementation is under test)."""
    s = float(np.sum(1.0 / np.sqrt(np.arange(1, k + 1, dtype=np.float64))))
    bound = 2.0 * math.sqrt(k)
    return at_most("sum_(m<=k) m^(-1/2) <= 2 sqrt(k)", s, bound, (k + 3) * EPS * bound)


def law_halfspace_exact(
    query: HalfspaceQuery,
    points: npt.NDArray[np.float64],
    a: npt.NDArray[np.float64],
    b: float,
    *,
    strict: bool = False,
) -> Outcome:
    """S002-C36: ``query(points, a, b, strict)`` equals the brute-force report exactly (ties
    included; a boolean check). Brute force scores every point with the canonical rounding of
    :func:`reference.algorithms.findset.scores` (Definition 7.1: ``<a, p_j> - b >= 0``)."""
    s = scores(np.asarray(points, dtype=np.float64), np.asarray(a, dtype=np.float64))
    want = np.flatnonzero(s > b if strict else s >= b)
    got = query(points, a, b, strict)
    return true("query = brute-force report (ties included)", np.array_equal(got, want))


def law_maxip_reduction(
    search: MaxIpSearch, A: npt.NDArray[np.int64], B: npt.NDArray[np.int64]
) -> Outcome:
    """S002-C37: the binary search returns ``OPT`` (= max of ``Q K^T``, exact integers) within the
    round bound (integers: tolerance 0)."""
    r = search(A, B)
    opt = int((np.asarray(A, dtype=np.int64) @ np.asarray(B, dtype=np.int64).T).max())
    return combine(
        true("returns OPT = max Q K^T", r.opt == opt),
        at_most("rounds <= ceil(log2(2 d M^2 + 1))", r.rounds, r.round_bound),
    )


__all__ = [
    "FindAll",
    "GroverImpl",
    "HalfspaceQuery",
    "MaxIpSearch",
    "grover_tolerance",
    "law_find_all_sound",
    "law_gate_level_success",
    "law_halfspace_exact",
    "law_maxip_reduction",
    "law_optimal_iterations",
    "law_success_formula",
    "law_sum_inverse_sqrt",
]
