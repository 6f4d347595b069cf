"""Hypothesis properties of the Grover / half-space / Max-IP part of seed 002.

Each test binds a law of :mod:`properties.grover.laws` to the reference; ids in the names.
"""

from __future__ import annotations

import numpy as np
from hypothesis import example, given
from hypothesis import strategies as st

from properties.grover import laws
from properties.grover.strategies import marked_masks
from properties.outcome import assert_holds
from reference.algorithms.halfspace import HalfspaceIndex
from reference.algorithms.maxip import max_ip_by_threshold_search
from reference.mechanisms import grover


@given(mask=marked_masks(), r=st.integers(0, 12))
@example(mask=np.array([True]), r=3)
@example(mask=np.array([False, False, True]), r=5)
def test_S002_C26_success_probability_matches_statevector(mask: np.ndarray, r: int) -> None:
    """S002-C26: P_succ(r) = sin^2((2r+1) theta) equals the item-by-item simulation (any N)."""
    assert_holds(laws.law_success_formula(grover, mask, r))


@given(
    m=st.integers(1, 4),
    data=st.data(),
    r=st.integers(0, 4),
)
@example(m=3, data=None, r=2)
def test_S002_C26_gate_level_circuit_matches_formula(m: int, data: st.DataObject, r: int) -> None:
    """S002-C26 at gate level: H layer, x-conjugated mcz oracle, diffusion, on m qubits."""
    n = 1 << m
    marked = [5] if data is None else data.draw(st.sets(st.integers(0, n - 1), min_size=1))
    assert_holds(laws.law_gate_level_success(grover, m, sorted(marked), r))


@given(n=st.integers(1, 5000), data=st.data())
@example(n=8, data=None)
def test_S002_C27_optimal_iterations(n: int, data: st.DataObject) -> None:
    """S002-C27: r* = floor(pi/(4 theta)) gives P >= 1 - M/N and r* <= (pi/4) sqrt(N/M)."""
    m = 1 if data is None else data.draw(st.integers(1, n))
    assert_holds(laws.law_optimal_iterations(grover, n, m))


@given(k=st.integers(1, 10**5))
def test_S002_C28_sum_inverse_sqrt(k: int) -> None:
    """S002-C28: sum_{m=1}^k m^{-1/2} <= 2 sqrt(k)."""
    assert_holds(laws.law_sum_inverse_sqrt(k))


@given(mask=marked_masks(max_items=200), seed=st.integers(0, 2**32 - 1))
def test_S002_C39_find_all_one_sided(mask: np.ndarray, seed: int) -> None:
    """S002-C28/C39: find-all reports only marked items (sorted, distinct); errors are misses."""

    def find_all(m: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        return grover.find_all(m, rng=rng, delta=0.1).indices

    assert_holds(laws.law_find_all_sound(find_all, mask, np.random.default_rng(seed)))


@given(
    n=st.integers(1, 60),
    d=st.integers(1, 5),
    integer=st.booleans(),
    strict=st.booleans(),
    scale=st.sampled_from([1.0, 1e-155, 1e-160, 1e150]),
    seed=st.integers(0, 2**32 - 1),
)
def test_S002_C36_halfspace_equals_brute_force(
    n: int, d: int, integer: bool, strict: bool, scale: float, seed: int
) -> None:
    """S002-C36: Query(a, b) returns exactly {j : <a, p_j> - b >= 0}, boundary ties included
    (also at extreme scales: subnormal products, near-overflow)."""
    rng = np.random.default_rng(seed)
    if integer:  # many exact ties on the boundary
        pts = rng.integers(-2, 3, (n, d)).astype(np.float64)
        a = rng.integers(-2, 3, d).astype(np.float64)
        b = float(rng.integers(-3, 4))
    else:
        pts = rng.normal(size=(n, d)) * scale
        a = rng.normal(size=d) * scale
        b = float(scores_at(pts, a, int(rng.integers(n))))
    assert_holds(laws.law_halfspace_exact(_kdtree_query, pts, a, b, strict=strict))


def _kdtree_query(p: np.ndarray, a: np.ndarray, b: float, strict: bool) -> np.ndarray:
    return HalfspaceIndex.build(p).query(a, b, strict=strict).indices


def scores_at(pts: np.ndarray, a: np.ndarray, j: int) -> float:
    """The score of point j (so the hyperplane passes through it: a tie)."""
    from reference.algorithms.halfspace import scores

    return float(scores(pts[j : j + 1], a)[0])


@given(
    n=st.integers(1, 12),
    m=st.integers(1, 12),
    d=st.integers(1, 6),
    mag=st.integers(1, 5),
    seed=st.integers(0, 2**32 - 1),
)
def test_S002_C37_maxip_binary_search(n: int, m: int, d: int, mag: int, seed: int) -> None:
    """S002-C37: the Lemma 8.3 search finds OPT = max(QK^T) in <= ceil(log2(2dM^2+1)) rounds."""
    rng = np.random.default_rng(seed)
    A = rng.integers(-mag, mag + 1, (n, d))
    B = rng.integers(-mag, mag + 1, (m, d))
    assert_holds(laws.law_maxip_reduction(max_ip_by_threshold_search, A, B))


def test_nan_slack_is_a_failure_never_a_pass() -> None:
    """An implementation whose simulation returns NaN fails S002-C26 (never a pass)."""

    class NanSimulation:
        success_probability = staticmethod(grover.success_probability)
        optimal_iterations = staticmethod(grover.optimal_iterations)
        grover_circuit = staticmethod(grover.grover_circuit)
        gate_level_success_probability = staticmethod(grover.gate_level_success_probability)

        @staticmethod
        def simulated_success_probability(mask: object, iterations: int) -> float:
            return float("nan")

    assert not laws.law_success_formula(NanSimulation(), np.array([True, False]), 1).holds
