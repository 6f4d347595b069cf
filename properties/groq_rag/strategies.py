"""Hypothesis strategies for GroQ-RAG (tiny sizes so brute force is exact)."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp


@st.composite
def relevance_redundancy(draw: st.DrawFn, *, max_m: int = 8) -> tuple[np.ndarray, np.ndarray]:
    """``(r (M,), S (M, M))`` with entries in ``[-1, 1]``, ``S`` symmetric with unit diagonal."""
    m = draw(st.integers(1, max_m))
    unit = st.floats(-1.0, 1.0, allow_nan=False, width=64)
    r = draw(hnp.arrays(np.float64, (m,), elements=unit))
    a = draw(hnp.arrays(np.float64, (m, m), elements=unit))
    s = 0.5 * (a + a.T)
    np.fill_diagonal(s, 1.0)
    return r, s
