"""Hypothesis properties of MTSA bound to the reference (claims ``SUR-MTSA-01..06``)."""

from __future__ import annotations

import dataclasses

import numpy as np
from hypothesis import given

from properties.mtsa import laws
from properties.mtsa.strategies import MTSACase, mtsa_cases
from properties.outcome import assert_holds
from reference.mechanisms import mtsa


def _heads(case: MTSACase, params: mtsa.MTSAParams | None = None) -> laws.Heads:
    p = case.params if params is None else params

    def run(x: np.ndarray, pad: np.ndarray) -> np.ndarray:
        return mtsa.mtsa_heads(x, p, config=case.config, padding=pad)[0]

    return run


@given(mtsa_cases())
def test_sur_mtsa_01_two_matmuls_equal_explicit_tensor(case: MTSACase) -> None:
    """SUR-MTSA-01: (D (S*V)) / (D S) = feature-wise masked softmax over the N x N x d tensor."""
    assert_holds(
        laws.law_equals_explicit(_heads(case), case.x, case.padding, case.params, case.config)
    )


@given(mtsa_cases())
def test_sur_mtsa_02_convexity(case: MTSACase) -> None:
    """SUR-MTSA-02: every output feature lies between the min and max of its unmasked values."""
    o, v = mtsa.mtsa_heads(case.x, case.params, config=case.config, padding=case.padding)
    tol = laws.output_tolerance(case.x, case.params, case.config)
    mask = laws.allowed(case.x, case.padding, case.config)
    assert_holds(laws.law_convexity(o, v, mask, case.padding, tol))


@given(mtsa_cases(directional=True))
def test_sur_mtsa_03_causality(case: MTSACase) -> None:
    """SUR-MTSA-03: forward heads ignore the future, backward heads the past."""
    tol = 2 * max(
        laws.output_tolerance(case.x, case.params, case.config),
        laws.output_tolerance(case.x + case.noise, case.params, case.config),
    )
    assert_holds(
        laws.law_causality(
            _heads(case), case.x, case.padding, case.cut, case.noise, case.config, tol
        )
    )


@given(mtsa_cases())
def test_sur_mtsa_05_padding_invariance(case: MTSACase) -> None:
    """SUR-MTSA-05: padded tokens do not influence unpadded outputs."""
    tol = laws.padding_tolerance(case.x, case.padding, case.params, case.config)
    assert_holds(laws.law_padding_invariance(_heads(case), case.x, case.padding, case.noise, tol))


@given(mtsa_cases())
def test_sur_mtsa_04_reductions(case: MTSACase) -> None:
    """SUR-MTSA-04: constant f_s2t -> masked dot-product attention; q = 0 -> masked s2t."""
    cfg = dataclasses.replace(case.config, activation="exp", s2t="linear")
    p = mtsa.init_params(np.random.default_rng(case.seed), cfg, model_dim=case.x.shape[-1])
    const = dataclasses.replace(p, w_2=np.zeros_like(p.w_2), b_2=np.full_like(p.b_2, 0.7))
    tol = laws.output_tolerance(case.x, const, cfg)
    got = mtsa.mtsa_heads(case.x, const, config=cfg, padding=case.padding)[0]
    want = laws.masked_dot_attention(case.x, case.padding, const, cfg)
    assert_holds(laws.law_reduction(got, want, tol))
    noq = dataclasses.replace(p, w_q=np.zeros_like(p.w_q))
    tol = laws.output_tolerance(case.x, noq, cfg)
    got = mtsa.mtsa_heads(case.x, noq, config=cfg, padding=case.padding)[0]
    want = laws.masked_s2t_attention(case.x, case.padding, noq, cfg)
    assert_holds(laws.law_reduction(got, want, tol))


def test_sur_mtsa_06_no_cubic_allocation() -> None:
    """SUR-MTSA-06: memory per extra feature is O(H N), not the H N^2 of an N x N x d_h tensor."""
    cfg0 = mtsa.MTSAConfig(heads=2, head_dim=1, s2t="linear")

    def run(n: int, dh: int) -> None:
        cfg = dataclasses.replace(cfg0, head_dim=dh)
        p = mtsa.init_params(np.random.default_rng(0), cfg, model_dim=8)
        mtsa.mtsa_heads(np.ones((1, n, 8)), p, config=cfg)

    small, _ = laws.law_no_cubic_allocation(run, 128, (8, 40), 2)
    assert_holds(small)


def test_strategy_reaches_the_public_codes_overflow_regime() -> None:
    """The strategy produces logits beyond exp's range (~709), where the public code's raw
    ``exp`` overflows (the underflow fallback is exercised by the hand case in
    ``tests/test_mtsa.py``, too rare for the random strategy to be searched for here)."""
    from hypothesis import find, settings

    def max_logit(case: MTSACase) -> float:
        q = np.einsum("bnd,hde->bhne", case.x, case.params.w_q)
        k = np.einsum("bnd,hde->bhne", case.x, case.params.w_k)
        return float(np.max(np.abs(q @ np.swapaxes(k, -1, -2)))) / float(
            np.sqrt(case.config.head_dim)
        )

    s = settings(max_examples=2000, database=None)
    find(mtsa_cases(), lambda c: max_logit(c) > 709.0, settings=s)
