"""Hypothesis properties of TSA bound to the reference (claims ``SUR-TSA-01..05``)."""

from __future__ import annotations

import numpy as np
from hypothesis import given

from properties.outcome import assert_holds
from properties.tsa import laws
from properties.tsa.strategies import TSACase, tsa_cases
from reference.mechanisms import tsa


@given(tsa_cases())
def test_sur_tsa_01_tt_contraction_equals_dense(case: TSACase) -> None:
    """SUR-TSA-01: X W_TT (core by core) = X dense(W_TT)."""
    assert_holds(laws.law_tt_equals_dense(tsa.tt_apply, case.x, case.params.w_q))


@given(tsa_cases())
def test_sur_tsa_03_reduction_to_attention(case: TSACase) -> None:
    """SUR-TSA-03: K = 1, theta = (0, 1) gives softmax(QK^T/sqrt(d')) V."""
    cfg = tsa.TSAConfig(
        in_modes=case.config.in_modes,
        out_modes=case.config.out_modes,
        rank=case.config.rank,
        order=1,
    )

    def layer(x: np.ndarray, p: tsa.TSAParams) -> np.ndarray:
        return tsa.tsa_attention(x, p, config=cfg)

    assert_holds(laws.law_reduction_to_attention(layer, case.x, case.params, cfg))


@given(tsa_cases())
def test_sur_tsa_04_row_stochastic_and_bounded(case: TSACase) -> None:
    """SUR-TSA-04: A^k 1 = 1, ||A^k||_inf = 1, rho(A) = 1, ||Y|| <= sum|theta| ||V||."""
    a = tsa.attention_weights(case.x, case.params, config=case.config)
    assert_holds(laws.law_row_stochastic_powers(a, case.config.order))
    for ab in a:
        assert_holds(laws.law_spectral_radius_one(ab))
    y = tsa.tsa_attention(case.x, case.params, config=case.config)
    v = tsa.tt_apply(case.x, case.params.w_v)
    theta = np.asarray(case.params.theta)
    assert_holds(laws.law_filter_bound(y, v, theta))


@given(tsa_cases())
def test_sur_tsa_05_permutation_equivariance(case: TSACase) -> None:
    """SUR-TSA-05: Y(PX) = P Y(X) (no positional encoding)."""
    theta = np.asarray(case.params.theta)
    mag = float(np.sum(np.abs(theta))) * float(
        np.max(np.abs(tsa.tt_apply(case.x, case.params.w_v)))
    )

    def layer(x: np.ndarray) -> np.ndarray:
        return tsa.tsa_attention(x, case.params, config=case.config)

    assert_holds(
        laws.law_permutation_equivariance(
            layer, case.x, case.perm, order=case.config.order, magnitude=mag
        )
    )


@given(tsa_cases(tt_filter=True))
def test_sur_tsa_05_permutation_equivariance_tt_filter(case: TSACase) -> None:
    """SUR-TSA-05 for the TT-matrix filter option (TSA-R1 = "tt")."""

    def layer(x: np.ndarray) -> np.ndarray:
        return tsa.tsa_attention(x, case.params, config=case.config)

    mag = laws.filter_magnitude(tsa.tt_apply(case.x, case.params.w_v), case.params)
    assert_holds(
        laws.law_permutation_equivariance(
            layer, case.x, case.perm, order=case.config.order, magnitude=mag
        )
    )


def test_sur_tsa_02_parameter_count_is_affine_in_modes() -> None:
    """SUR-TSA-02: the allocated cores' sizes grow affinely in M (I, J, r fixed)."""
    rng = np.random.default_rng(0)
    counts = {m: tsa.tt_random(rng, (2,) * m, (3,) * m, 2).parameter_count for m in range(2, 9)}
    assert_holds(laws.law_parameter_count_linear(counts))
    assert counts[8] - counts[7] == 2 * 3 * 2 * 2


def test_strategy_reaches_peaked_and_flat_rows() -> None:
    """The strategy produces attention rows that are nearly one-hot and rows that are nearly
    uniform (both regimes of the row-stochastic and equivariance laws)."""
    from hypothesis import find, settings

    def top(case: TSACase) -> float:
        return float(tsa.attention_weights(case.x, case.params, config=case.config).max())

    s = settings(max_examples=2000, database=None)
    find(tsa_cases(), lambda c: c.x.shape[1] >= 3 and top(c) > 0.99, settings=s)
    find(tsa_cases(), lambda c: c.x.shape[1] >= 3 and top(c) < 1.05 / c.x.shape[1], settings=s)
