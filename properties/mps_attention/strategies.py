"""Hypothesis strategies for MPS attention: tensors of order ``N <= 5`` with ``p <= 3`` (at most
243 entries, so the dense oracles loop over every multi-index), bond dimension ``r <= 4``, output
dimension ``p' <= 3``, a batch of ``B <= 2``, both core layouts. Entries come from a seeded
Gaussian generator with a per-case scale in {0.5, 1, 3} (distinct entries; the scale 3 makes
environments grow so renormalisation matters)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st

from reference.mechanisms.mps_attention import MPSConfig, MPSParams, init_params


@dataclass(frozen=True)
class MPSCase:
    phi: np.ndarray
    params: MPSParams
    config: MPSConfig
    tensor: np.ndarray
    gauge: np.ndarray
    bond: int
    max_rank: int
    seed: int


@st.composite
def mps_cases(draw: st.DrawFn, *, uniform: bool | None = None) -> MPSCase:
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    n, p, r = draw(st.integers(1, 5)), draw(st.integers(1, 3)), draw(st.integers(1, 4))
    uni = draw(st.booleans()) if uniform is None else uniform
    cfg = MPSConfig(uniform=uni, renormalize=draw(st.booleans()))
    scale = draw(st.sampled_from([0.5, 1.0, 3.0]))
    params = init_params(rng, length=n, phys=p, out_dim=draw(st.integers(1, 3)), rank=r, config=cfg)
    phi = scale * rng.normal(size=(draw(st.integers(1, 2)), n, p))
    tensor = rng.normal(size=tuple(int(v) for v in rng.integers(1, 4, draw(st.integers(1, 5)))))
    g = rng.normal(size=(r, r)) + 2.0 * np.eye(r)
    return MPSCase(
        phi,
        params,
        cfg,
        tensor,
        g,
        int(rng.integers(0, max(n - 1, 1))),
        draw(st.integers(1, 3)),
        seed,
    )
