"""Hypothesis properties of QSANN (seed 001, spec §6.1), binding :mod:`properties.qsann.laws` to
:mod:`reference.mechanisms.qsann`, each named after its claim id."""

from __future__ import annotations

import numpy as np
from hypothesis import example, given
from hypothesis import strategies as st

from properties.outcome import assert_holds
from properties.qsann import laws
from properties.qsann.strategies import configs, readouts, seeds, token_batches
from reference.mechanisms import qsann as qs


@given(readouts, readouts)
@example(np.array([1.0]), np.array([-1.0]))
@example(np.array([1.0, -1.0]), np.array([-1.0, 1.0, 0.0]))
def test_S001_P17_gaussian_weights_are_convex(zq: np.ndarray, zk: np.ndarray) -> None:
    """S001-P17: the Gaussian projected weights are exp(-(zq - zk)^2) normalised, in (0, 1)."""
    assert_holds(laws.law_gaussian_weights(qs.gaussian_weights, zq, zk))


@given(st.data(), configs(), seeds)
def test_S001_P17_qsann_output_in_convex_hull(
    data: st.DataObject, cfg: qs.QSANNConfig, seed: int
) -> None:
    """S001-P17: QSANN's y / pi (Paddle) or y - x (paper) is a convex combination of its values."""
    p = qs.init_params(np.random.default_rng(seed), cfg)
    x = data.draw(token_batches(cfg))

    def layer(t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return qs.layer_forward(t, p, cfg, 0)

    def values(t: np.ndarray) -> np.ndarray:
        return qs.readouts(t, p, cfg, 0)[2]

    assert_holds(laws.law_layer_convex_combination(layer, values, x, form=cfg.form))


@given(st.data(), configs(), seeds)
def test_S001_P17_scorer_logits_are_gaussian(
    data: st.DataObject, cfg: qs.QSANNConfig, seed: int
) -> None:
    """The QSANN score offered to the encoder gives logits -(zq - zk)^2 in [-4, 0]."""
    rng = np.random.default_rng(seed)
    theta = (rng.uniform(0, 2 * np.pi, qs.QSANNScorer.theta_size(cfg)),)
    scorer = qs.QSANNScorer(config=cfg, theta=theta)
    x = data.draw(token_batches(cfg))[0]
    assert_holds(laws.law_scorer_is_gaussian(scorer, x, x[::-1], 0))
