"""Hypothesis strategies for TSA: tiny TT shapes (``M <= 3`` modes of size ``<= 3``, rank
``<= 3``), ``N <= 7`` tokens, ``K <= 3``. Cores and tokens are drawn from a Gaussian generator
seeded by Hypothesis, so every entry differs (no repeated fill values); the token scale is drawn
from ``{0.1, 1, 4}`` so that both near-uniform and peaked attention rows are reached."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st

from reference.mechanisms.tsa import TSAConfig, TSAParams, init_params


@dataclass(frozen=True)
class TSACase:
    """One generated case: tokens ``x (B, N, d)``, config, params, a token permutation."""

    x: np.ndarray
    config: TSAConfig
    params: TSAParams
    perm: np.ndarray
    seed: int


@st.composite
def tsa_cases(draw: st.DrawFn, *, max_modes: int = 3, tt_filter: bool = False) -> TSACase:
    m = draw(st.integers(1, max_modes))
    ins = tuple(draw(st.integers(1, 3)) for _ in range(m))
    outs = tuple(draw(st.integers(1, 3)) for _ in range(m))
    rank = draw(st.integers(1, 3))
    order = draw(st.integers(0, 3))
    n = draw(st.integers(1, 7))
    b = draw(st.integers(1, 2))
    scale = draw(st.sampled_from([0.1, 1.0, 4.0]))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    cfg = TSAConfig(
        in_modes=ins,
        out_modes=outs,
        rank=rank,
        order=order,
        filter="tt" if tt_filter else "scalar",
    )
    params = init_params(rng, cfg)
    if not tt_filter:
        params = TSAParams(
            w_q=params.w_q, w_k=params.w_k, w_v=params.w_v, theta=rng.normal(size=order + 1)
        )
    x = scale * rng.normal(size=(b, n, int(np.prod(ins))))
    return TSACase(x=x, config=cfg, params=params, perm=rng.permutation(n), seed=seed)
