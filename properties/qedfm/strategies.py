"""Hypothesis strategies for QEDFM: density matrices of dimension ``d <= 5`` and rank ``1..d``
(mixtures of random complex unit vectors with Dirichlet weights, so pure, mixed and maximally
mixed-like states all occur), plus QEDFM layer inputs (``N <= 6`` tokens, chain or random-tree
dependency edges, a random unitary measurement basis). Seeded Gaussian draws: distinct entries."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st

from properties.qedfm.laws import random_state, random_unitary


@dataclass(frozen=True)
class StateCase:
    rho: np.ndarray
    phases: np.ndarray
    perm: np.ndarray
    samples: np.ndarray
    diag: np.ndarray
    seed: int


@st.composite
def states(draw: st.DrawFn, *, max_d: int = 5) -> StateCase:
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    d = draw(st.integers(1, max_d))
    rank = draw(st.integers(1, d))
    rho = random_state(rng, d, rank)
    return StateCase(
        rho,
        rng.uniform(-np.pi, np.pi, d),
        rng.permutation(d),
        rng.dirichlet(np.ones(d), size=4),
        rng.dirichlet(np.ones(d)),
        seed,
    )


@dataclass(frozen=True)
class LayerCase:
    h: np.ndarray
    phases: np.ndarray
    edges: np.ndarray
    basis: np.ndarray
    logits: np.ndarray


@st.composite
def layer_inputs(draw: st.DrawFn) -> LayerCase:
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    n, d, b = draw(st.integers(2, 6)), draw(st.integers(1, 5)), draw(st.integers(1, 2))
    parents = [int(rng.integers(0, i)) for i in range(1, n)]
    edges = np.array([[p, i] for i, p in enumerate(parents, start=1)], dtype=np.int64)
    h = rng.normal(size=(b, n, d)) + 0.1
    return LayerCase(
        h,
        rng.uniform(-np.pi, np.pi, (b, n, d)),
        edges,
        random_unitary(rng, d).T.copy(),
        draw(st.sampled_from([0.1, 1.0, 5.0])) * rng.normal(size=(b, n)),
    )
