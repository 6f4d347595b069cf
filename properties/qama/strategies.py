"""Hypothesis strategies for QUBO / QAMA / GroQ-RAG (tiny sizes so brute force is exact).

Sizes follow the survey's "Notes for the test harness": ``H N <= 12`` spins, float64 entries in a
bounded range, symmetric ``J`` with zero diagonal.

Entries are drawn by a ``numpy.random.Generator`` seeded by Hypothesis (Hypothesis still chooses
the sizes, the seed and the kind), so arrays are not dominated by one repeated fill value: one
case in eight has small-integer entries (ties, degenerate minimisers: the edge cases), the rest
continuous entries in ``[-3, 3]`` (a unique minimiser almost surely). ``ties=False`` drops the
integer kind for laws stated at a unique minimiser. Coverage measured in
``tests/test_strategy_coverage.py``.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from reference.algorithms.qubo import QUBO

FLOATS = st.floats(-3.0, 3.0, allow_nan=False, allow_infinity=False, width=64)
SEEDS = st.integers(0, 2**32 - 1)


def _entries(draw: st.DrawFn, shape: tuple[int, ...], *, ties: bool = True) -> np.ndarray:
    rng = np.random.default_rng(draw(SEEDS))
    if ties and draw(st.integers(0, 7)) == 0:
        return rng.integers(-3, 4, shape).astype(np.float64)
    return rng.uniform(-3.0, 3.0, shape)


@st.composite
def qubos(draw: st.DrawFn, *, min_n: int = 1, max_n: int = 8, ties: bool = True) -> QUBO:
    """A QUBO with a symmetrised random matrix and offset."""
    n = draw(st.integers(min_n, max_n))
    m = _entries(draw, (n + 1, n), ties=ties)
    return QUBO.from_matrix(m[:n], offset=float(m[n, 0]), symmetrize="average")


@st.composite
def head_token_shapes(draw: st.DrawFn, *, max_spins: int = 12) -> tuple[int, int]:
    """``(H, N)`` with ``H >= 2``, ``N >= 1`` and ``H N <= max_spins``."""
    hh = draw(st.integers(2, 4))
    n = draw(st.integers(1, max_spins // hh))
    return hh, n


@st.composite
def qama_instances(
    draw: st.DrawFn, *, max_spins: int = 12, ties: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """``(J, h)``: ``J (H, N, N)`` symmetric with zero diagonal, ``h (H, N)``."""
    hh, n = draw(head_token_shapes(max_spins=max_spins))
    a = _entries(draw, (hh, n + 1, n), ties=ties)
    j = 0.5 * (a[:, :n] + np.swapaxes(a[:, :n], -1, -2))
    j[:, np.arange(n), np.arange(n)] = 0.0
    return j, np.ascontiguousarray(a[:, n])


@st.composite
def ordered_pairs(draw: st.DrawFn, lo: float, hi: float) -> tuple[float, float]:
    """``(a, b)`` with ``lo <= a < b <= hi`` and ``b - a >= (hi - lo) / 1000``: a comparative
    static needs two distinct values, constructed rather than filtered."""
    gap_min = (hi - lo) / 1000
    a = draw(st.floats(lo, hi - gap_min))
    return a, draw(st.floats(a + gap_min, hi))
