"""Hypothesis strategies for QCSAM: random complex states and small model instances.

Sizes follow the survey's harness notes (``n <= 3`` work qubits, ``H N <= 8``); every array is
drawn from a seeded generator (complex normal, normalised), so entries differ and overlaps are
generic (no constant rows, no orthogonal-by-construction pairs).
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from reference.mechanisms import qcsam

SEEDS = st.integers(0, 2**32 - 1)


def _states(rng: np.random.Generator, count: int, dim: int) -> np.ndarray:
    z = rng.normal(size=(count, dim)) + 1j * rng.normal(size=(count, dim))
    return z / np.linalg.norm(z, axis=1, keepdims=True)  # type: ignore[no-any-return]


@st.composite
def state_sets(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    """``(q (N, 2**n), k (M, 2**n))`` unit complex vectors, ``n in 1..3``, ``N, M in 1..4``."""
    rng = np.random.default_rng(draw(SEEDS))
    dim = 1 << draw(st.integers(1, 3))
    return _states(rng, draw(st.integers(1, 4)), dim), _states(rng, draw(st.integers(1, 4)), dim)


@st.composite
def instances(
    draw: st.DrawFn, *, max_heads: int = 2
) -> tuple[np.ndarray, qcsam.QCSAMParams, qcsam.QCSAMConfig]:
    """``(x (N, n), params, config)`` with ``n in 1..3``, ``N in 1..4``, ``H in 1..max_heads``."""
    rng = np.random.default_rng(draw(SEEDS))
    cfg = qcsam.QCSAMConfig(
        num_qubits=draw(st.integers(1, 3)),
        num_heads=draw(st.integers(1, max_heads)),
        ansatz_layers=draw(st.integers(0, 2)),
        encoding=draw(st.sampled_from(("ry", "ryrz"))),
    )
    x = rng.uniform(-np.pi, np.pi, (draw(st.integers(1, 4)), cfg.num_qubits))
    return x, qcsam.init_params(rng, cfg), cfg
