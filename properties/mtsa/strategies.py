"""Hypothesis strategies for MTSA: ``B <= 2`` sequences of ``N <= 7`` tokens, ``d <= 5``,
``H`` in {2, 4} (directional) or 1..3, ``d_h <= 4``; every option drawn (activation, attn_self,
s2t, fusion gate), padding with at least one real token per sequence, token scale in
{0.1, 1, 5, 60} so that peaked rows and the exp-overflow regime of the public code (logits
beyond ~709) are reached. Weights and tokens come from a seeded Gaussian generator (distinct
entries)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st

from reference.mechanisms.mtsa import MTSAConfig, MTSAParams, init_params


@dataclass(frozen=True)
class MTSACase:
    x: np.ndarray
    padding: np.ndarray
    config: MTSAConfig
    params: MTSAParams
    noise: np.ndarray
    cut: int
    seed: int


@st.composite
def mtsa_cases(draw: st.DrawFn, *, directional: bool | None = None) -> MTSACase:
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    direc = draw(st.booleans()) if directional is None else directional
    heads = draw(st.sampled_from([2, 4])) if direc else draw(st.integers(1, 3))
    cfg = MTSAConfig(
        heads=heads,
        head_dim=draw(st.integers(1, 4)),
        activation=draw(st.sampled_from(["exp", "sigmoid"])),
        attn_self=draw(st.booleans()),
        directional=direc,
        s2t=draw(st.sampled_from(["mlp", "linear"])),
        s2t_input=draw(st.sampled_from(["tokens", "values"])),
        fusion_gate=draw(st.booleans()),
    )
    b, n, d = draw(st.integers(1, 2)), draw(st.integers(1, 7)), draw(st.integers(1, 5))
    params = init_params(rng, cfg, model_dim=d)
    scale = draw(st.sampled_from([0.1, 1.0, 5.0, 60.0]))
    x = scale * rng.normal(size=(b, n, d))
    padding = rng.random((b, n)) < 0.75
    padding[np.arange(b), rng.integers(0, n, b)] = True
    noise = scale * rng.normal(size=(b, n, d))
    return MTSACase(x, padding, cfg, params, noise, int(rng.integers(0, n)), seed)
