"""Laws of QSANN (seed 001, spec §6.1), as functions of the implementation under test.

Each law returns a *slack*: ``>= 0`` when it holds, negative when it fails; a non-finite value
is a failure. The ledger (:mod:`proofs.evidence.qsann`) binds them to
:mod:`reference.mechanisms.qsann`; so do the Hypothesis tests (:mod:`properties.qsann.test_laws`).

QSANN's attention weights are the Gaussian projection of two ``<Z_0>`` readouts,
``w_sj = exp(-(zq_s - zk_j)^2) / sum_m exp(-(zq_s - zk_m)^2)``; its layer mixes the value
readouts ``o_j`` with them, ``y_s = pi sum_j w_sj o_j`` (Paddle) or ``y_s = x_s + sum_j w_sj o_j``
(paper). Claim ``S001-P17`` (attention outputs are convex combinations of the values) therefore
holds for ``y / pi`` (resp. ``y - x``) and the value readouts.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from properties.encoder.laws import law_convex_combination, worst
from properties.tolerances import EPS, softmax_tolerance
from reference._types import FloatArray

GaussianWeights = Callable[[FloatArray, FloatArray], FloatArray]
"""``weights(zq (N,), zk (M,)) -> (N, M)`` Gaussian projected attention weights."""
Layer = Callable[[FloatArray], tuple[FloatArray, FloatArray]]
"""``layer(x (B, T, d)) -> (y (B, T, d), weights (B, T, T))``: one self-attention layer."""
Values = Callable[[FloatArray], FloatArray]
"""``values(x (M, d)) -> o (M, d)``: the value readouts of ``M`` tokens."""
Scorer = Callable[[FloatArray, FloatArray, int], FloatArray]
"""``score(Q (N, d), K (M, d), layer_index) -> (N, M)`` logits (the encoder's score protocol)."""

READOUT_SPREAD = 4.0
"""``(zq - zk)^2 <= 4`` for readouts in ``[-1, 1]``: Gaussian logits lie in ``[-4, 0]``."""


def gaussian_tolerance(m: int) -> float:
    """Deviation allowed between two evaluations of a Gaussian weight over ``m`` keys.

    The logit ``-(zq - zk)^2 <= 4`` carries ``3 eps`` relative error (subtraction, square), so
    ``12 eps`` absolute, which ``exp`` turns into ``13 eps`` relative; the normaliser adds
    ``m eps``: ``(m + 13) eps`` relative on a weight ``<= 1``. Doubled for the two evaluations
    compared (the law's own and the implementation's), rounded up to ``2 (m + 16) eps``.
    """
    return 2.0 * (m + 16) * EPS


def law_gaussian_weights(weights: GaussianWeights, zq: FloatArray, zk: FloatArray) -> float:
    """``S001-P17`` (the weights QSANN mixes with are convex): ``weights(zq, zk)`` equals
    ``exp(-(zq_s - zk_j)^2) / sum_m exp(-(zq_s - zk_m)^2)`` within :func:`gaussian_tolerance`,
    its rows sum to 1 within ``softmax_tolerance(M)``, and every weight is strictly inside
    ``(0, 1)`` when ``M >= 2`` (the logits span at most :data:`READOUT_SPREAD`), exactly 1 when
    ``M = 1``. ``zq: (N,)``, ``zk: (M,)`` in ``[-1, 1]``."""
    w = np.asarray(weights(zq, zk), dtype=np.float64)
    n, m = zq.shape[0], zk.shape[0]
    if w.shape != (n, m):
        return -1.0
    g = np.exp(-((zq[:, None] - zk[None, :]) ** 2))
    ref = g / np.array([math.fsum(row) for row in g.tolist()])[:, None]
    slacks = [
        gaussian_tolerance(m) - float(np.max(np.abs(w - ref), initial=0.0)),
        softmax_tolerance(m) - float(np.max(np.abs(w.sum(axis=-1) - 1.0), initial=0.0)),
    ]
    if m >= 2:
        slacks += [float(np.min(w, initial=1.0)), float(np.min(1.0 - w, initial=1.0))]
    return worst(*slacks)


def law_layer_convex_combination(
    layer: Layer, values: Values, x: FloatArray, *, form: str = "paddle"
) -> float:
    """``S001-P17``: every output of a QSANN layer is a convex combination of the value readouts:
    ``y / pi`` (``form="paddle"``) or ``y - x`` (``form="paper"``) equals ``w @ o`` with ``w``
    row-stochastic and lies in the values' convex hull (the tolerance of
    :func:`properties.encoder.laws.law_convex_combination`, plus ``4 eps (1 + max|x|)`` for the
    residual's subtraction). ``x: (B, T, d)``."""
    y, w = layer(x)
    y, w = np.asarray(y, dtype=np.float64), np.asarray(w, dtype=np.float64)
    b, t, d = x.shape
    if y.shape != x.shape or w.shape != (b, t, t):
        return -1.0
    o = np.asarray(values(x.reshape(b * t, d)), dtype=np.float64).reshape(b, t, d)
    if form == "paddle":
        mixed, extra = y / np.pi, 0.0
    else:
        mixed, extra = y - x, 4.0 * EPS * (1.0 + float(np.max(np.abs(x))))
    return worst(*(law_convex_combination(mixed[i], o[i], w[i]) + extra for i in range(b)))


def law_scorer_is_gaussian(scorer: Scorer, q: FloatArray, k: FloatArray, layer: int) -> float:
    """The QSANN score offered to the encoder (an adapter, RECONSTRUCTED) returns finite
    ``(N, M)`` logits ``-(zq_i - zk_j)^2`` in ``[-4, 0]``, so the encoder's softmax of them (with
    ``logit_scale=1``) is a Gaussian projected weight: slack = distance inside that range."""
    a = np.asarray(scorer(q, k, layer), dtype=np.float64)
    if a.shape != (q.shape[0], k.shape[0]):
        return -1.0
    return worst(-float(np.max(a, initial=0.0)), float(np.min(a, initial=0.0)) + READOUT_SPREAD)


__all__ = [
    "READOUT_SPREAD",
    "GaussianWeights",
    "Layer",
    "Scorer",
    "Values",
    "gaussian_tolerance",
    "law_gaussian_weights",
    "law_layer_convex_combination",
    "law_scorer_is_gaussian",
]
