"""Laws of Tensorized Spectral Attention (claims ``SUR-TSA-01..05``).

Every law takes the implementation under test (a callable) and returns an
:class:`~properties.outcome.Outcome`: one named check per sub-condition, each numeric check with
its deviation and the tolerance derived below (issue 10 C); a wrong shape is a failed boolean.

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

from properties.outcome import Outcome, at_least, at_most, close, combine, true, within
from properties.tolerances import EPS, entrywise
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
    """Entrywise allowance ``2 * 2 n eps * (|X| dense(|G|)) + 2 * 2 n eta`` (module docstring).

    The second term is the underflow part of the rounding model (``fl(a op b) = (a op b)(1 + d)
    + e`` with ``|e| <= eta = tiny * eps``, the subnormal spacing; Higham §2.1): each of the
    ``n`` chained operations adds at most ``eta`` absolutely, doubled for two computations and
    for ``gamma_n <= 2 n eps``. It only matters when products underflow (entries ~1e-154)."""
    absw = dense_oracle(TTMatrix(cores=tuple(np.abs(c) for c in w.cores)))
    n = w.in_dim + sum(c.shape[0] * c.shape[1] + 1 for c in w.cores)
    eta = EPS * float(np.finfo(np.float64).tiny)
    out: FloatArray = 4.0 * n * EPS * (np.abs(x) @ absw) + 4.0 * n * eta
    return out


def law_tt_equals_dense(apply: TTApply, x: FloatArray, w: TTMatrix) -> Outcome:
    """SUR-TSA-01: ``apply(X, W) = X dense(W)`` entrywise, within :func:`tt_tolerance` (the
    entry of largest deviation / tolerance is reported)."""
    got = np.asarray(apply(x, w), dtype=np.float64)
    want = x @ dense_oracle(w)
    if got.shape != want.shape:
        return true(f"X W shape {got.shape} == {want.shape}", False)
    return entrywise("X W = X dense(W) entrywise", np.abs(got - want), tt_tolerance(x, w))


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
) -> Outcome:
    """SUR-TSA-03: with ``K = 1`` and ``theta = (0, 1)`` the layer equals ``softmax(Q K^T) V``
    within :func:`attention_tolerance`.

    ``layer(x, params)`` is called with ``params.theta`` replaced by ``(0, 1)``."""
    p01 = TSAParams(w_q=params.w_q, w_k=params.w_k, w_v=params.w_v, theta=np.array([0.0, 1.0]))
    got = np.asarray(layer(x, p01), dtype=np.float64)
    want = attention_oracle(x, params, config)
    tol = attention_tolerance(x, params, config)
    return close("layer = softmax(Q K^T scale) V", got, want, tol)


def law_row_stochastic_powers(a: FloatArray, order: int) -> Outcome:
    """SUR-TSA-04 (first part): ``A >= 0`` (exactly: every weight is an ``exp`` over a positive
    sum), ``A^k 1 = 1`` for ``k <= order`` and ``||A^k||_inf = 1``.

    Allowance for power ``k``: a computed softmax row sums to 1 within ``(N + 2) eps`` (the
    ``exp``, the division and the ``N``-term normaliser), and the check's own ``N``-term row sum
    adds ``N eps`` (``gamma_N`` times a sum of non-negative weights ``~1``): ``(2N + 2) eps``,
    doubled for ``gamma_n <= 2 n eps``. Since ``A^k 1 - 1 = A^{k-1} (A 1 - 1) + (A^{k-1} 1 - 1)``
    with ``||A^{k-1}||_inf ~ 1``, and the product ``A^{k-1} A`` rounds ``N``-term sums of the
    same size, the errors add once per power: ``k * 2 (2N + 2) eps``. With all entries
    ``>= 0``, ``||A^k||_inf`` is the largest row sum and obeys the same bound."""
    n = a.shape[-1]
    checks = [at_least("A >= 0", float(np.min(a)) if a.size else 0.0, 0.0)]
    ones = np.ones(n)
    p = np.broadcast_to(np.eye(n), a.shape).copy()
    for k in range(1, order + 1):
        p = p @ a
        tol = k * 2.0 * (2 * n + 2) * EPS
        dev_sum = float(np.max(np.abs(p @ ones - 1.0)))
        dev_norm = float(np.max(np.abs(np.abs(p).sum(axis=-1).max(axis=-1) - 1.0)))
        checks.append(within("A^k 1 = 1", dev_sum, tol))
        checks.append(within("||A^k||_inf = 1", dev_norm, tol))
    return combine(checks)


def law_spectral_radius_one(a: FloatArray) -> Outcome:
    """SUR-TSA-04: the spectral radius of a row-stochastic ``A`` is 1: ``max |lambda| <= 1`` and
    ``A 1 = 1`` (the eigenvalue 1, eigenvector the all-ones vector).

    Allowance (Bauer-Fike): the computed eigenvalues are exact for ``A + E`` with
    ``||E||_2 <= 4 n eps ||A||_2`` (backward-stable QR algorithm), which moves each eigenvalue by
    at most ``cond(V) ||E||_2`` with ``V`` the eigenvector matrix; a defective ``A`` (infinite
    condition) leaves only the row-sum check. The row sum of a computed softmax row is ``1``
    within ``2 (N + 2) eps`` (:func:`properties.tolerances.softmax_tolerance`)."""
    n = a.shape[-1]
    lam, vec = np.linalg.eig(a)
    cond = float(np.linalg.cond(vec))
    row = float(np.max(np.abs(a.sum(axis=-1) - 1.0)))
    checks = [within("A 1 = 1", row, 2.0 * (n + 2) * EPS)]
    tol = 4.0 * n * EPS * float(np.linalg.norm(a, 2)) * cond
    if math.isfinite(tol):
        checks.append(at_most("max |eig A| <= 1", float(np.max(np.abs(lam))), 1.0, tol))
    return combine(checks)


def law_filter_bound(y: FloatArray, v: FloatArray, theta: FloatArray) -> Outcome:
    """SUR-TSA-04: ``||Y||_max <= sum_k |theta_k| ||V||_max`` (plus ``2 (K N + 2) eps`` of it:
    ``K`` products with ``N``-term sums)."""
    n = v.shape[-2]
    bound = float(np.sum(np.abs(theta))) * float(np.max(np.abs(v)))
    tol = 2.0 * (len(theta) * n + 2) * EPS * bound
    return at_most("||Y||_max <= sum|theta| ||V||_max", float(np.max(np.abs(y))), bound, tol)


def law_permutation_equivariance(
    layer: Layer, x: FloatArray, perm: npt.ArrayLike, *, order: int, magnitude: float
) -> Outcome:
    """SUR-TSA-05: ``layer(P X) = P layer(X)``. Permuting tokens changes only the order of the
    sums over tokens: the softmax normaliser and each of the ``K`` products ``A P`` (``N`` terms
    each, relative error ``<= N eps`` of the absolute sum, at most ``magnitude`` =
    ``sum|theta_k| max|V|`` since ``A`` is row-stochastic; :func:`filter_magnitude` for TT-matrix
    coefficients). Allowance for both sides:
    ``2 (K + 1) (N + 2) eps * magnitude * 2``; ``magnitude`` is floored at the smallest normal
    float (below it the underflow term of the rounding model, ``eta = tiny eps`` per operation,
    is what remains, and ``tiny`` exceeds ``4 (K + 1)(N + 2) eta``)."""
    p = np.asarray(perm, dtype=np.int64)
    y = np.asarray(layer(x), dtype=np.float64)
    yp = np.asarray(layer(x[..., p, :]), dtype=np.float64)
    n = x.shape[-2]
    tol = 4.0 * (order + 1) * (n + 2) * EPS * max(magnitude, np.finfo(np.float64).tiny)
    return close("Y(P X) = P Y(X)", yp, y[..., p, :], tol)


def law_parameter_count_linear(counts: dict[int, int]) -> Outcome:
    """SUR-TSA-02: measured counts for consecutive ``M >= 2`` (fixed ``I, J, r``) are affine in
    ``M`` (``M = 1`` has no inner bond): every second difference is exactly 0 (integers, so
    the tolerance is 0)."""
    ms = sorted(counts)
    sec = [counts[ms[i + 1]] - 2 * counts[ms[i]] + counts[ms[i - 1]] for i in range(1, len(ms) - 1)]
    return within("second differences = 0", float(max((abs(s) for s in sec), default=0)), 0.0)


def filter_magnitude(v: FloatArray, params: TSAParams) -> float:
    """Bound on every ``|(A^k V) theta_k|`` entry: ``max|V| sum_k |theta_k|`` (scalar filter) or
    ``max|V| sum_k max_c sum_f |Theta_k[f, c]|`` (TT-matrix filter, right multiplication)."""
    vmax = float(np.max(np.abs(v))) if v.size else 0.0
    th = params.theta
    if isinstance(th, tuple):
        return vmax * sum(float(np.abs(dense_oracle(t)).sum(axis=0).max()) for t in th)
    return vmax * float(np.sum(np.abs(np.asarray(th))))
