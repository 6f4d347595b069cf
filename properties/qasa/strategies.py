"""Hypothesis strategies for QASA: circuit inputs, weights and small layer instances.

Angles are drawn uniformly in ``[-pi, pi]`` from a seed (so every entry differs: no constant
arrays), weights in ``[0, 2 pi)`` as the authors initialise them; layer instances are tiny
(``L <= 3`` tokens, ``d in {4, 8}``) so a test stays well under a second.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st

from reference.mechanisms import qasa

SEEDS = st.integers(0, 2**32 - 1)


@st.composite
def pqc_points(
    draw: st.DrawFn, config: qasa.QASAConfig | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """``(x (n,), w (L, n+1))`` for the given config (default: the authors' 8 + 1 qubits)."""
    cfg = config or qasa.QASAConfig()
    rng = np.random.default_rng(draw(SEEDS))
    x = rng.uniform(-math.pi, math.pi, cfg.num_qubits)
    w = rng.uniform(0.0, 2 * math.pi, cfg.weight_shape)
    return x, w


@st.composite
def layer_instances(
    draw: st.DrawFn,
) -> tuple[np.ndarray, qasa.QASAParams, qasa.QASAConfig]:
    """``(h (L, d), params, config)`` with ``L in 1..3``, ``d in {4, 8}``, 2 or 4 heads."""
    rng = np.random.default_rng(draw(SEEDS))
    d = draw(st.sampled_from((4, 8)))
    heads = draw(st.sampled_from((2, 4)))
    cfg = qasa.QASAConfig(num_qubits=draw(st.integers(2, 4)), num_heads=heads)
    p = qasa.init_params(rng, cfg, d_model=d)
    h = rng.normal(0.0, 1.0, (draw(st.integers(1, 3)), d))
    return h, p, cfg
