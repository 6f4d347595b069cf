"""Laws of QSANN (seed 001, spec §6.1), as functions of the implementation under test.

Each law returns an :class:`~properties.outcome.Outcome` of named checks (numeric ones with
their derived tolerance; a shape or a yes/no fact as a boolean); a non-finite value fails.
The ledger (:mod:`proofs.evidence.qsann`) binds them to :mod:`reference.mechanisms.qsann`; so
do the Hypothesis tests (:mod:`properties.qsann.test_laws`).

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

from properties.outcome import Outcome, at_least, at_most, close, combine, true
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


def law_gaussian_weights(weights: GaussianWeights, zq: FloatArray, zk: FloatArray) -> Outcome:
    """``S001-P17`` (the weights QSANN mixes with are convex): ``weights(zq, zk)`` equals
    ``exp(-(zq_s - zk_j)^2) / sum_m exp(-(zq_s - zk_m)^2)`` within :func:`gaussian_tolerance`,
    its rows sum to 1 within ``softmax_tolerance(M)``, and every weight is strictly inside
    ``(0, 1)`` when ``M >= 2`` (the logits span at most :data:`READOUT_SPREAD`), exactly 1 when
    ``M = 1``. ``zq: (N,)``, ``zk: (M,)`` in ``[-1, 1]``."""
    w = np.asarray(weights(zq, zk), dtype=np.float64)
    n, m = zq.shape[0], zk.shape[0]
    if w.shape != (n, m):
        return true(f"weights have shape (N, M) = {(n, m)}", False)
    g = np.exp(-((zq[:, None] - zk[None, :]) ** 2))
    ref = g / np.array([math.fsum(row) for row in g.tolist()])[:, None]
    checks = [
        close("Gaussian w = exp(-(zq - zk)^2) / sum", w, ref, gaussian_tolerance(m)),
        close("Gaussian weight rows sum to 1", w.sum(axis=-1), np.ones(n), softmax_tolerance(m)),
    ]
    if m >= 2:
        checks.append(true("Gaussian 0 < w < 1 (M >= 2)", bool(np.all(w > 0.0) & np.all(w < 1.0))))
    return combine(checks)


def convex_combination(
    out: FloatArray, values: FloatArray, weights: FloatArray, *, extra: float = 0.0
) -> Outcome:
    """``S001-P17`` for one attention block: ``out: (N, d)`` is a convex combination of the value
    rows ``values: (M, d)`` with ``weights: (N, M)`` (named checks):

    * ``W >= 0`` (boolean: a sign, not a margin);
    * rows of ``W`` sum to 1 within ``softmax_tolerance(M)``;
    * ``out = W V`` within ``tol = 4 (M + 1) eps (1 + max|v|)`` (a sum of ``M`` products:
      ``(M + 1) eps max|v|`` per entry, times 4 for the two computations compared) plus
      ``extra`` (the residual's subtraction, see :func:`law_layer_convex_combination`);
    * every output lies in the values' bounding box and between their extremes along the
      all-ones direction (a convex combination lies in the convex hull), within ``d * tol``
      (the all-ones projection sums ``d`` coordinates).
    """
    m = int(values.shape[0])
    if (
        out.shape[:-1] != weights.shape[:-1]
        or weights.shape[-1] != m
        or out.shape[-1] != values.shape[-1]
    ):
        return true("shapes: out (N, d), values (M, d), weights (N, M)", False)
    tol = 4.0 * (m + 1) * EPS * (1.0 + float(np.max(np.abs(values)))) + extra
    dirs = np.concatenate(
        [np.eye(values.shape[1]), -np.eye(values.shape[1]), np.ones((1, values.shape[1]))]
    )
    proj_v, proj_o = values @ dirs.T, out @ dirs.T
    return combine(
        true("W >= 0", bool(np.all(weights >= 0.0))),
        close(
            "rows of W sum to 1",
            weights.sum(axis=-1),
            np.ones(weights.shape[:-1]),
            softmax_tolerance(m),
        ),
        close("out = W V", out, weights @ values, tol),
        at_most(
            "out within the values' hull (box and along 1)",
            np.concatenate([proj_o - proj_v.max(axis=0), proj_v.min(axis=0) - proj_o]),
            0.0,
            tol * int(values.shape[1]),
        ),
    )


def law_layer_convex_combination(
    layer: Layer, values: Values, x: FloatArray, *, form: str = "paddle"
) -> Outcome:
    """``S001-P17``: every output of a QSANN layer is a convex combination of the value readouts:
    ``y / pi`` (``form="paddle"``) or ``y - x`` (``form="paper"``) equals ``w @ o`` with ``w``
    row-stochastic and lies in the values' convex hull (:func:`convex_combination`, plus
    ``4 eps (1 + max|x|)`` for the residual's subtraction). ``x: (B, T, d)``."""
    y, w = layer(x)
    y, w = np.asarray(y, dtype=np.float64), np.asarray(w, dtype=np.float64)
    b, t, d = x.shape
    if y.shape != x.shape or w.shape != (b, t, t):
        return true("layer output shapes y (B, T, d), weights (B, T, T)", False)
    o = np.asarray(values(x.reshape(b * t, d)), dtype=np.float64).reshape(b, t, d)
    if form == "paddle":
        mixed, extra = y / np.pi, 0.0
    else:
        mixed, extra = y - x, 4.0 * EPS * (1.0 + float(np.max(np.abs(x))))
    return combine(convex_combination(mixed[i], o[i], w[i], extra=extra) for i in range(b))


def law_scorer_is_gaussian(scorer: Scorer, q: FloatArray, k: FloatArray, layer: int) -> Outcome:
    """The QSANN score offered to the encoder (an adapter, RECONSTRUCTED) returns finite
    ``(N, M)`` logits ``-(zq_i - zk_j)^2`` in ``[-4, 0]``, so the encoder's softmax of them (with
    ``logit_scale=1``) is a Gaussian projected weight.

    Tolerances: ``<= 0`` is exact (a negated square); ``>= -4`` allows ``16 eps``: computed
    readouts ``<Z>`` may exceed 1 in modulus by ``2 eps``, and ``(2 + 4 eps)^2 <= 4 + 16 eps``
    (rounding is monotone, so the subtraction and the square add nothing beyond that)."""
    a = np.asarray(scorer(q, k, layer), dtype=np.float64)
    if a.shape != (q.shape[0], k.shape[0]):
        return true(f"logits have shape (N, M) = {(q.shape[0], k.shape[0])}", False)
    return combine(
        at_most("logits <= 0", a, 0.0, 0.0),
        at_least("logits >= -4", a, -READOUT_SPREAD, 16 * EPS),
    )


__all__ = [
    "READOUT_SPREAD",
    "GaussianWeights",
    "Layer",
    "Scorer",
    "Values",
    "convex_combination",
    "gaussian_tolerance",
    "law_gaussian_weights",
    "law_layer_convex_combination",
    "law_scorer_is_gaussian",
]
