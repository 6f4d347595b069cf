"""Hypothesis strategies for GroQ-RAG (tiny sizes so brute force is exact).

Entries come from a ``numpy.random.Generator`` seeded by Hypothesis, so ``r`` and ``S`` are not
dominated by one repeated fill value (coverage: ``tests/test_strategy_coverage.py``).
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from properties.qama.strategies import ordered_pairs


@st.composite
def relevance_redundancy(draw: st.DrawFn, *, max_m: int = 8) -> tuple[np.ndarray, np.ndarray]:
    """``(r (M,), S (M, M))`` with entries in ``[-1, 1]``, ``S`` symmetric with unit diagonal."""
    m = draw(st.integers(1, max_m))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    r = rng.uniform(-1.0, 1.0, m)
    a = rng.uniform(-1.0, 1.0, (m, m))
    s = 0.5 * (a + a.T)
    np.fill_diagonal(s, 1.0)
    return r, s


__all__ = ["ordered_pairs", "relevance_redundancy"]
