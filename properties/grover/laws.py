"""Laws of the Grover / half-space / Max-IP part of seed 002 (S002-C26, C27, C28, C36, C37).

Each law returns a slack: ``>= 0`` when it holds (the margin), negative when it fails. The ledger
(:mod:`proofs.evidence.grover`) and the Hypothesis tests (:mod:`properties.grover.test_laws`)
call the same functions.

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

import numpy as np
import numpy.typing as npt

from properties.tolerances import EPS, grover_tolerance
from reference._types import IntArray
from reference.algorithms import halfspace, maxip
from reference.mechanisms import grover

HalfspaceQuery = Callable[[npt.NDArray[np.float64], npt.NDArray[np.float64], float, bool], IntArray]


def law_success_formula(mask: npt.NDArray[np.bool_], iterations: int) -> float:
    """S002-C26: item-by-item simulation of ``G^r|s>`` gives ``sin^2((2r+1) theta)``."""
    n, m = int(mask.size), int(mask.sum())
    analytic = float(grover.success_probability(num_items=n, num_marked=m, iterations=iterations))
    sim = grover.simulated_success_probability(mask, iterations)
    return grover_tolerance(n, iterations) - abs(analytic - sim)


def law_gate_level_success(num_qubits: int, marked: Sequence[int], iterations: int) -> float:
    """S002-C26 at gate level: the simulated ``grover_circuit`` gives ``sin^2((2r+1) theta)``.

    Tolerance: the circuit has ``g`` gates of at most ``m`` qubits, each adding ``2^m eps`` per
    amplitude (the foundation's state model), so the probability moves by at most
    ``2 * 2^m * 4 (g + 1) 2^m eps``; plus :func:`grover_tolerance` for the formula.
    """
    n = 1 << num_qubits
    c = grover.grover_circuit(num_qubits, marked, iterations)
    tol = 8.0 * (len(c.ops) + 1) * n * n * EPS + grover_tolerance(n, iterations)
    analytic = float(
        grover.success_probability(num_items=n, num_marked=len(set(marked)), iterations=iterations)
    )
    return tol - abs(
        analytic - grover.gate_level_success_probability(num_qubits, marked, iterations)
    )


def law_optimal_iterations(num_items: int, num_marked: int) -> float:
    """S002-C27: ``r* = floor(pi/(4 theta))`` gives ``P >= 1 - M/N`` and ``r* <= (pi/4) sqrt(N/M)``.

    Slack: the smaller of the two margins, with ``grover_tolerance`` allowed on the probability.
    """
    r = grover.optimal_iterations(num_items=num_items, num_marked=num_marked)
    p = float(grover.success_probability(num_items=num_items, num_marked=num_marked, iterations=r))
    prob_margin = p - (1.0 - num_marked / num_items) + grover_tolerance(1, r)
    iter_margin = math.pi / 4 * math.sqrt(num_items / num_marked) - r
    return min(prob_margin, iter_margin)


def law_find_all_sound(mask: npt.NDArray[np.bool_], found: IntArray) -> float:
    """Find-all never reports an unmarked item and reports each item once (one-sided error)."""
    ok = bool(np.all(mask[found])) and np.unique(found).size == found.size
    ok = ok and bool(np.all(np.diff(found) > 0))
    return 0.0 if ok else -1.0


def law_sum_inverse_sqrt(k: int) -> float:
    """S002-C28 numerically: ``2 sqrt(k) - sum_{m=1}^k m^{-1/2} >= 0`` (round-off ``k eps``)."""
    s = float(np.sum(1.0 / np.sqrt(np.arange(1, k + 1, dtype=np.float64))))
    return 2.0 * math.sqrt(k) - s + 4.0 * k * EPS


def law_halfspace_exact(
    points: npt.NDArray[np.float64],
    a: npt.NDArray[np.float64],
    b: float,
    *,
    strict: bool = False,
    query: HalfspaceQuery | None = None,
) -> float:
    """S002-C36: the structure's report equals brute force exactly (ties included): 0 or -1.

    ``query(points, a, b, strict)`` defaults to building a :class:`HalfspaceIndex`.
    """

    def default(
        p: npt.NDArray[np.float64], av: npt.NDArray[np.float64], bv: float, s: bool
    ) -> IntArray:
        return halfspace.HalfspaceIndex.build(p).query(av, bv, strict=s).indices

    q = default if query is None else query
    got = q(points, a, b, strict)
    want = halfspace.brute_force(points, a, b, strict=strict)
    return 0.0 if np.array_equal(got, want) else -1.0


def law_maxip_reduction(A: npt.NDArray[np.int64], B: npt.NDArray[np.int64]) -> float:
    """S002-C37: the binary search returns ``OPT`` (= max of ``Q K^T``) within the round bound.

    Slack: ``round_bound - rounds`` when the value is right, ``-1`` otherwise.
    """
    r = maxip.max_ip_by_threshold_search(A, B)
    if r.opt != maxip.max_ip_brute(A, B) or r.opt != int((A @ B.T).max()):
        return -1.0
    return float(r.round_bound - r.rounds)


__all__ = [
    "grover_tolerance",
    "law_find_all_sound",
    "law_gate_level_success",
    "law_halfspace_exact",
    "law_maxip_reduction",
    "law_optimal_iterations",
    "law_success_formula",
    "law_sum_inverse_sqrt",
]
