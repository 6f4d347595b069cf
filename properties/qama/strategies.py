"""Hypothesis strategies for QUBO / QAMA / GroQ-RAG (tiny sizes so brute force is exact).

Sizes follow the survey's "Notes for the test harness": ``H N <= 12`` spins, float64 entries in a
bounded range, symmetric ``J`` with zero diagonal.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from reference.algorithms.qubo import QUBO

FLOATS = st.floats(-3.0, 3.0, allow_nan=False, allow_infinity=False, width=64)


@st.composite
def qubos(draw: st.DrawFn, *, min_n: int = 1, max_n: int = 8) -> QUBO:
    """A QUBO with a symmetrised random matrix and offset."""
    n = draw(st.integers(min_n, max_n))
    m = draw(hnp.arrays(np.float64, (n, n), elements=FLOATS))
    return QUBO.from_matrix(m, offset=draw(FLOATS), symmetrize="average")


@st.composite
def head_token_shapes(draw: st.DrawFn, *, max_spins: int = 12) -> tuple[int, int]:
    """``(H, N)`` with ``H >= 2``, ``N >= 1`` and ``H N <= max_spins``."""
    hh = draw(st.integers(2, 4))
    n = draw(st.integers(1, max_spins // hh))
    return hh, n


@st.composite
def qama_instances(draw: st.DrawFn, *, max_spins: int = 12) -> tuple[np.ndarray, np.ndarray]:
    """``(J, h)``: ``J (H, N, N)`` symmetric with zero diagonal, ``h (H, N)``."""
    hh, n = draw(head_token_shapes(max_spins=max_spins))
    a = draw(hnp.arrays(np.float64, (hh, n, n), elements=FLOATS))
    j = 0.5 * (a + np.swapaxes(a, -1, -2))
    j[:, np.arange(n), np.arange(n)] = 0.0
    h = draw(hnp.arrays(np.float64, (hh, n), elements=FLOATS))
    return j, h
