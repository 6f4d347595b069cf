"""Hypothesis strategies of QSANN: circuit configurations, token batches, readout vectors."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from reference.mechanisms import qsann as qs

seeds = st.integers(min_value=0, max_value=2**32 - 1)

readouts = st.integers(1, 9).flatmap(
    lambda m: hnp.arrays(
        np.float64, (m,), elements=st.floats(-1.0, 1.0, allow_nan=False, allow_infinity=False)
    )
)
"""``(M,)`` ``<Z_0>`` readouts, each in ``[-1, 1]``."""


@st.composite
def configs(draw: st.DrawFn) -> qs.QSANNConfig:
    """Small circuits (2 or 3 qubits, embedding depth 1) in both residual forms."""
    return qs.QSANNConfig(
        num_qubits=draw(st.sampled_from([2, 3])),
        depth_ebd=1,
        form=draw(st.sampled_from(["paddle", "paper"])),
    )


@st.composite
def token_batches(draw: st.DrawFn, config: qs.QSANNConfig) -> np.ndarray:
    """``(B, T, d)`` angle features in ``[-pi, pi]``, ``B`` in 1..2, ``T`` in 1..5."""
    shape = (draw(st.integers(1, 2)), draw(st.integers(1, 5)), config.num_features)
    el = st.floats(-np.pi, np.pi, allow_nan=False, allow_infinity=False)
    return draw(hnp.arrays(np.float64, shape, elements=el))
