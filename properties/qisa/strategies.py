"""Hypothesis strategies for QISA: ``T <= 6`` tokens, ``d <= 5`` features, amplitudes and phases
from a seeded Gaussian / uniform generator (distinct entries), complex weights ``W_1, W_2`` with a
scale drawn from {0.1, 1, 3} (near-uniform and peaked token weights), a random unit projector
vector and per-token global phases."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st


@dataclass(frozen=True)
class QISACase:
    a: np.ndarray
    phi: np.ndarray
    w1: np.ndarray
    w2: np.ndarray
    p: np.ndarray
    alpha: np.ndarray
    seed: int


@st.composite
def qisa_cases(draw: st.DrawFn) -> QISACase:
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    t, d = draw(st.integers(1, 6)), draw(st.integers(1, 5))
    s = draw(st.sampled_from([0.1, 1.0, 3.0]))
    a = rng.normal(size=(t, d))
    a[np.linalg.norm(a, axis=1) == 0] = 1.0
    p = rng.normal(size=d) + 1j * rng.normal(size=d)
    return QISACase(
        a,
        rng.uniform(-np.pi, np.pi, (t, d)),
        s * (rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d))),
        s * (rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d))),
        p / np.linalg.norm(p),
        rng.uniform(-np.pi, np.pi, t),
        seed,
    )
