"""Hypothesis strategies of the seed-001 encoder part (logits, token matrices, seeds).

Hypothesis draws shapes, magnitudes and a seed; entries come from a ``numpy.random.Generator``
with that seed, so rows are not one repeated fill value (a constant logit row or identical token
rows make softmax and permutation laws trivial). Coverage: ``tests/test_strategy_coverage.py``.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

seeds = st.integers(min_value=0, max_value=2**32 - 1)
finite = 1e6
"""Bound of :func:`logits` entries by default."""
moderate = 30.0
"""Bound for which softmax weights stay strictly inside (0, 1) (S001-P16)."""


@st.composite
def logits(draw: st.DrawFn, *, bound: float = finite) -> np.ndarray:
    """``(rows, cols)`` finite logits, 1..6 rows, 1..11 columns, ``|x| <= bound``; magnitudes
    ``10^e`` with ``e`` drawn in ``[-3, log10 bound]`` so both tiny and huge spreads occur; one
    case in eight has a constant first row (the tie edge case)."""
    shape = (draw(st.integers(1, 6)), draw(st.integers(1, 11)))
    mag = min(bound, 10.0 ** draw(st.integers(-3, int(np.floor(np.log10(bound))))))
    x = mag * np.random.default_rng(draw(seeds)).uniform(-1.0, 1.0, shape)
    if draw(st.integers(0, 7)) == 0:
        x[0] = x[0, 0]
    return x


@st.composite
def tokens(
    draw: st.DrawFn, *, dim: int = 12, max_tokens: int = 7, min_tokens: int = 1
) -> np.ndarray:
    """``(T, dim)`` token matrix with entries in [-3, 3], ``T`` in min_tokens..max_tokens, rows
    distinct almost surely."""
    t = draw(st.integers(min_tokens, max_tokens))
    return np.random.default_rng(draw(seeds)).uniform(-3.0, 3.0, (t, dim))
