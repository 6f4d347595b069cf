"""Hypothesis strategies of the Grover part of seed 002."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st


@st.composite
def marked_masks(draw: st.DrawFn, max_items: int = 64) -> np.ndarray:
    """A marked set as a bool mask ``(N,)``, ``1 <= N <= max_items``, any number marked (0..N)."""
    n = draw(st.integers(1, max_items))
    bits = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    return np.array(bits, dtype=np.bool_)


__all__ = ["marked_masks"]
