"""Hypothesis strategies for QMSAN: small models (``n <= 3``, ``N <= 4``, exact density matrices)
and random mixed states.

Arrays come from a seeded generator (every entry differs); ``kept_qubits < num_qubits`` is
drawn whenever ``n >= 2`` so the states are genuinely mixed.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from reference.mechanisms import qmsan

SEEDS = st.integers(0, 2**32 - 1)


@st.composite
def instances(
    draw: st.DrawFn, *, min_tokens: int = 1
) -> tuple[np.ndarray, qmsan.QMSANParams, qmsan.QMSANConfig]:
    """``(x (N, n), params, config)`` with ``n in 1..3``, ``m < n`` when ``n >= 2``."""
    rng = np.random.default_rng(draw(SEEDS))
    n = draw(st.integers(1, 3))
    m = draw(st.integers(1, max(1, n - 1)))
    cfg = qmsan.QMSANConfig(
        num_qubits=n,
        kept_qubits=m,
        ansatz_layers=draw(st.integers(1, 2)),
        positional=draw(st.sampled_from(("pi_s_over_n", "none"))),
    )
    x = rng.uniform(-np.pi, np.pi, (draw(st.integers(min_tokens, 4)), n))
    return x, qmsan.init_params(rng, cfg), cfg


@st.composite
def mixed_states(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    """``(rho (N, D, D), sigma (M, D, D))``: random mixed states ``G G^dag / Tr`` with ``G``
    complex normal of random rank, ``D in {2, 4}``; one pair is sometimes made equal and pure."""
    rng = np.random.default_rng(draw(SEEDS))
    d = draw(st.sampled_from((2, 4)))

    def one(count: int) -> np.ndarray:
        out = []
        for _ in range(count):
            r = int(rng.integers(1, d + 1))
            g = rng.normal(size=(d, r)) + 1j * rng.normal(size=(d, r))
            rho = g @ g.conj().T
            out.append(rho / np.trace(rho).real)
        return np.stack(out)

    rho, sigma = one(draw(st.integers(1, 3))), one(draw(st.integers(1, 3)))
    if draw(st.booleans()):
        v = rng.normal(size=d) + 1j * rng.normal(size=d)
        v /= np.linalg.norm(v)
        rho[0] = sigma[0] = np.outer(v, v.conj())
    return rho, sigma
