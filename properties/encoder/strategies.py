"""Hypothesis strategies of the seed-001 encoder part (logits, token matrices, seeds)."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
moderate = st.floats(min_value=-30.0, max_value=30.0, allow_nan=False, allow_infinity=False)


@st.composite
def logits(draw: st.DrawFn, *, elements: st.SearchStrategy[float] = finite) -> np.ndarray:
    """``(rows, cols)`` finite logits, 1..6 rows, 1..11 columns."""
    shape = (draw(st.integers(1, 6)), draw(st.integers(1, 11)))
    return draw(hnp.arrays(np.float64, shape, elements=elements))


@st.composite
def tokens(draw: st.DrawFn, *, dim: int = 12, max_tokens: int = 7) -> np.ndarray:
    """``(T, dim)`` token matrix with entries in [-3, 3], ``T`` in 1..max_tokens."""
    t = draw(st.integers(1, max_tokens))
    el = st.floats(min_value=-3.0, max_value=3.0, allow_nan=False, allow_infinity=False)
    return draw(hnp.arrays(np.float64, (t, dim), elements=el))


seeds = st.integers(min_value=0, max_value=2**32 - 1)
