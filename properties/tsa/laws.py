"""Laws of Tensorized Spectral Attention (claims ``SUR-TSA-01..05``).

Every law takes the implementation under test (a callable) and returns a *slack*: ``>= 0`` when
the law holds, negative when it fails; an equality is ``tolerance - deviation``.

Oracles are independent of :mod:`reference.mechanisms.tsa`: :func:`dense_oracle` builds the dense
matrix entry by entry from the TT definition (a Python loop over index tuples), and attention is
recomputed from it with the textbook formula.

Tolerance derivation (one place). A computed sum of ``n`` products has absolute error at most
``gamma_n * S`` with ``gamma_n = n eps / (1 - n eps) <= 2 n eps`` and ``S`` the same sum over the
absolute values of the terms (Higham, Thm 3.1 / 3.5). For ``X W`` via cores the longest chain of
roundings is ``n = d + sum_m (r_{m-1} I_m + 1)`` and ``S = |X| dense(|G|)``; two computations
are compared, so the allowance is twice the bound (:func:`tt_tolerance`). For attention, a logit
error ``delta`` changes a softmax weight by at most ``2 delta`` relatively (``|d log w_j| <=
2 max|d logit|``), so outputs move by ``<= 2 delta ||V||`` plus the ``(N + 2) eps`` of the
softmax and the ``N eps`` of the mixing sum (:func:`attention_tolerance`).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from properties.tolerances import EPS
from reference._types import FloatArray
from reference.mechanisms.tsa import TSAConfig, TSAParams, TTMatrix

TTApply = Callable[[FloatArray, TTMatrix], FloatArray]
Layer = Callable[[FloatArray], FloatArray]


def dense_oracle(w: TTMatrix) -> FloatArray:
    """``W[(i), (j)] = G_1[i_1, j_1] ... G_M[i_M, j_M]`` entry by entry (row-major indices)."""
    ins, outs = w.in_modes, w.out_modes
    out = np.zeros((math.prod(ins), math.prod(outs)))
    for r, iidx in enumerate(itertools.product(*(range(i) for i in ins))):
        for c, jidx in enumerate(itertools.product(*(range(j) for j in outs))):
            v = np.ones((1, 1))
            for core, i, j in zip(w.cores, iidx, jidx, strict=True):
                v = v @ core[:, i, j, :]
            out[r, c] = v[0, 0]
    return out


def tt_tolerance(x: FloatArray, w: TTMatrix) -> FloatArray:
    """Entrywise allowance ``2 * 2 n eps * (|X| dense(|G|))`` (module docstring)."""
    absw = dense_oracle(TTMatrix(cores=tuple(np.abs(c) for c in w.cores)))
    n = w.in_dim + sum(c.shape[0] * c.shape[1] + 1 for c in w.cores)
    out: FloatArray = 4.0 * n * EPS * (np.abs(x) @ absw) + 4.0 * EPS * np.finfo(np.float64).tiny
    return out


def law_tt_equals_dense(apply: TTApply, x: FloatArray, w: TTMatrix) -> float:
    """SUR-TSA-01: ``apply(X, W) = X dense(W)`` entrywise, within :func:`tt_tolerance`.

    Returns the smallest ``tolerance - deviation`` over entries (in units of the entries)."""
    got = np.asarray(apply(x, w), dtype=np.float64)
    want = x @ dense_oracle(w)
    if got.shape != want.shape:
        return -1.0
    return float(np.min(tt_tolerance(x, w) - np.abs(got - want)))


def softmax_rows(z: FloatArray) -> FloatArray:
    """Textbook stable softmax over the last axis (oracle)."""
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    out: FloatArray = e / e.sum(axis=-1, keepdims=True)
    return out


def attention_oracle(x: FloatArray, params: TSAParams, config: TSAConfig) -> FloatArray:
    """``softmax(X W_Q (X W_K)^T scale) X W_V`` with dense oracles of the three TT matrices."""
    q = x @ dense_oracle(params.w_q)
    k = x @ dense_oracle(params.w_k)
    v = x @ dense_oracle(params.w_v)
    out: FloatArray = softmax_rows(q @ np.swapaxes(k, -1, -2) * config.logit_scale) @ v
    return out


def attention_tolerance(x: FloatArray, params: TSAParams, config: TSAConfig) -> float:
    """``2 delta ||V||_max + 2 (2N + 2) eps ||V||_max`` with ``delta`` the logit error bound
    ``2 n_qk eps (|Q| |K|^T)_max scale`` plus the propagated projection errors (see the module
    docstring)."""
    dq = np.abs(x) @ np.abs(dense_oracle(params.w_q))
    dk = np.abs(x) @ np.abs(dense_oracle(params.w_k))
    dv = np.abs(x) @ np.abs(dense_oracle(params.w_v))
    n_proj = params.w_q.in_dim + sum(c.shape[0] * c.shape[1] + 1 for c in params.w_q.cores)
    dprime = params.w_q.out_dim
    delta = 4.0 * (2 * n_proj + dprime) * EPS * float(np.max(dq @ np.swapaxes(dk, -1, -2)))
    delta *= config.logit_scale
    n = x.shape[-2]
    vmax = float(np.max(dv)) if dv.size else 0.0
    return float(2.0 * delta * vmax + 4.0 * (2 * n + 2 + n_proj) * EPS * vmax)


def law_reduction_to_attention(
    layer: Callable[[FloatArray, TSAParams], FloatArray],
    x: FloatArray,
    params: TSAParams,
    config: TSAConfig,
) -> float:
    """SUR-TSA-03: with ``K = 1`` and ``theta = (0, 1)`` the layer equals ``softmax(Q K^T) V``.

    ``layer(x, params)`` is called with ``params.theta`` replaced by ``(0, 1)``."""
    p01 = TSAParams(w_q=params.w_q, w_k=params.w_k, w_v=params.w_v, theta=np.array([0.0, 1.0]))
    got = np.asarray(layer(x, p01), dtype=np.float64)
    want = attention_oracle(x, params, config)
    if got.shape != want.shape:
        return -1.0
    return float(attention_tolerance(x, params, config) - float(np.max(np.abs(got - want))))


def law_row_stochastic_powers(a: FloatArray, order: int) -> float:
    """SUR-TSA-04 (first part): ``A >= 0``, ``A^k 1 = 1`` for ``k <= order`` and
    ``||A^k||_inf = 1``, within ``k (N + 2) 2 eps`` (each power adds one row-sum rounding)."""
    n = a.shape[-1]
    if float(np.min(a)) < 0:
        return float(np.min(a))
    ones = np.ones(n)
    p = np.broadcast_to(np.eye(n), a.shape).copy()
    worst = math.inf
    for k in range(1, order + 1):
        p = p @ a
        tol = k * 2.0 * (2 * n + 2) * EPS
        dev_sum = float(np.max(np.abs(p @ ones - 1.0)))
        dev_norm = float(np.max(np.abs(np.abs(p).sum(axis=-1).max(axis=-1) - 1.0)))
        worst = min(worst, tol - dev_sum, tol - dev_norm)
    return worst if order > 0 else 0.0


def law_spectral_radius_one(a: FloatArray) -> float:
    """SUR-TSA-04: the spectral radius of a row-stochastic ``A`` is 1: ``max |lambda| <= 1`` and
    ``A 1 = 1`` (the eigenvalue 1, eigenvector the all-ones vector).

    Allowance (Bauer-Fike): the computed eigenvalues are exact for ``A + E`` with
    ``||E||_2 <= 4 n eps ||A||_2`` (backward-stable QR algorithm), which moves each eigenvalue by
    at most ``cond(V) ||E||_2`` with ``V`` the eigenvector matrix; a defective ``A`` (infinite
    condition) leaves only the row-sum check."""
    n = a.shape[-1]
    lam, vec = np.linalg.eig(a)
    cond = float(np.linalg.cond(vec))
    tol = 4.0 * n * EPS * float(np.linalg.norm(a, 2)) * cond if np.isfinite(cond) else math.inf
    top = float(np.max(np.abs(lam)))
    row = float(np.max(np.abs(a.sum(axis=-1) - 1.0)))
    return float(min(tol - (top - 1.0), 2.0 * (n + 2) * EPS - row))


def law_filter_bound(y: FloatArray, v: FloatArray, theta: FloatArray) -> float:
    """SUR-TSA-04: ``||Y||_max <= sum_k |theta_k| ||V||_max`` (plus ``2 (K N + 2) eps`` of it:
    ``K`` products with ``N``-term sums)."""
    n = v.shape[-2]
    bound = float(np.sum(np.abs(theta))) * float(np.max(np.abs(v)))
    tol = 2.0 * (len(theta) * n + 2) * EPS * bound
    return float(bound + tol - float(np.max(np.abs(y))))


def law_permutation_equivariance(
    layer: Layer, x: FloatArray, perm: npt.ArrayLike, *, order: int, magnitude: float
) -> float:
    """SUR-TSA-05: ``layer(P X) = P layer(X)``. Permuting tokens changes only the order of the
    sums over tokens: the softmax normaliser and each of the ``K`` products ``A P`` (``N`` terms
    each, relative error ``<= N eps`` of the absolute sum, at most ``magnitude`` =
    ``sum|theta_k| max|V|`` since ``A`` is row-stochastic; :func:`filter_magnitude` for TT-matrix
    coefficients). Allowance for both sides:
    ``2 (K + 1) (N + 2) eps * magnitude * 2``."""
    p = np.asarray(perm, dtype=np.int64)
    y = np.asarray(layer(x), dtype=np.float64)
    yp = np.asarray(layer(x[..., p, :]), dtype=np.float64)
    if yp.shape != y.shape:
        return -1.0
    n = x.shape[-2]
    tol = 4.0 * (order + 1) * (n + 2) * EPS * max(magnitude, np.finfo(np.float64).tiny)
    return float(tol - float(np.max(np.abs(yp - y[..., p, :]))))


def law_parameter_count_linear(counts: dict[int, int]) -> float:
    """SUR-TSA-02: measured counts for consecutive ``M >= 2`` (fixed ``I, J, r``) are affine in
    ``M`` (``M = 1`` has no inner bond): every second difference is exactly 0 (integers).
    Returns ``-max|second difference|``."""
    ms = sorted(counts)
    sec = [counts[ms[i + 1]] - 2 * counts[ms[i]] + counts[ms[i - 1]] for i in range(1, len(ms) - 1)]
    return -float(max((abs(s) for s in sec), default=0))


def filter_magnitude(v: FloatArray, params: TSAParams) -> float:
    """Bound on every ``|(A^k V) theta_k|`` entry: ``max|V| sum_k |theta_k|`` (scalar filter) or
    ``max|V| sum_k max_c sum_f |Theta_k[f, c]|`` (TT-matrix filter, right multiplication)."""
    vmax = float(np.max(np.abs(v))) if v.size else 0.0
    th = params.theta
    if isinstance(th, tuple):
        return vmax * sum(float(np.abs(dense_oracle(t)).sum(axis=0).max()) for t in th)
    return vmax * float(np.sum(np.abs(np.asarray(th))))
