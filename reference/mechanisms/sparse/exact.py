"""Definition 1.1 attention, find sets and the ``(tau, k)``-good test of seed 002 (the dense /
exact-scan building blocks of :mod:`reference.mechanisms.sparse`; formulas and notation map there).

Claims: ``S002-C01``, ``S002-C02``; reconstructed defaults ``S002-A02`` (comparison), ``S002-A03``
(reading), ``S002-A04`` (eta domain).
"""

from __future__ import annotations

from typing import Literal, TypeAlias

import numpy as np

from reference._types import BoolArray, FloatArray, IntArray
from reference._validate import choice, finite_scalar, integer, real_array

Comparison: TypeAlias = Literal[">=", ">"]
Fill: TypeAlias = Literal["ones", "zeros"]
Norm: TypeAlias = Literal["entrywise", "row_l1"]
Reading: TypeAlias = Literal["counting", "bounded"]
EtaDomain: TypeAlias = Literal["paper", "positive"]

#: Upper end of the reconstructed eta domain (0, 0.1) of Theorem 1.3 (``S002-A04``).
ETA_MAX = 0.1
#: Rows of ``Q K^T`` materialised at once by the dense / exact-scan paths (memory bound only).
_CHUNK_ENTRIES = 1 << 23

# ---------------------------------------------------------------------------------------------
# validation


def _check_qk(Q: object, K: object) -> tuple[FloatArray, FloatArray]:
    q = real_array("Q", Q, ndim=2, shape_text="(n, d)", nonempty=True)  # type: ignore[arg-type]
    kk = real_array("K", K, ndim=2, shape_text="(n, d)", nonempty=True)  # type: ignore[arg-type]
    if q.shape != kk.shape:
        raise ValueError(f"Q shape {q.shape} and K shape {kk.shape} must both be (n, d)")
    return q, kk


def _check_v(V: object, n: int) -> FloatArray:
    v = real_array("V", V, ndim=2, shape_text="(n, d_v)", nonempty=True)  # type: ignore[arg-type]
    if v.shape[0] != n:
        raise ValueError(f"V shape {v.shape} must have n={n} rows")
    return v


def _check_tau(tau: float) -> float:
    return finite_scalar("tau", tau)


def check_k(k: int, n: int) -> int:
    """``k`` must be an integer in ``[1, n]`` (Definition 1.2, ``k in [n]``)."""
    kk = integer("k", k)
    if not 1 <= kk <= n:
        raise ValueError(f"k={k} must be in [1, n={n}]")
    return kk


def check_eta(eta: float, *, eta_domain: EtaDomain = "paper") -> float:
    """Validate ``eta`` (``S002-A04``): ``eta in (0, 0.1)`` by default (``eta_domain="paper"``,
    RECONSTRUCTED-L), any finite ``eta > 0`` with ``eta_domain="positive"``.

    >>> check_eta(0.05)
    0.05
    """
    choice("eta_domain", eta_domain, ("paper", "positive"))
    e = finite_scalar("eta", eta, lo=0.0, lo_open=True)
    if eta_domain == "paper" and e >= ETA_MAX:
        raise ValueError(
            f"eta={eta} must be in (0, {ETA_MAX}) (S002-A04; pass eta_domain='positive' to lift)"
        )
    return e


# ---------------------------------------------------------------------------------------------
# Definition 1.1 and the (tau, k)-good test


def scores(Q: FloatArray, K: FloatArray) -> FloatArray:
    """``X = Q K^T``. ``Q, K: (n, d)`` -> ``(n, n)`` (dense: for tests and small ``n``)."""
    q, kk = _check_qk(Q, K)
    return q @ kk.T


def _row_step(n: int) -> int:
    return max(1, _CHUNK_ENTRIES // n)


def attention_weights(Q: FloatArray, K: FloatArray) -> FloatArray:
    """``D(A)^-1 A`` with ``A = exp(Q K^T)`` (Definition 1.1, no ``1/sqrt(d)``); ``(n, n)``.

    Computed stably: each row is shifted by its maximum before ``exp`` (the shift cancels in
    ``D^-1 A``). Rows are stochastic (``S002-C01``).

    >>> w = attention_weights(np.array([[1.0]]), np.array([[0.0]]))
    >>> w.tolist()
    [[1.0]]
    """
    x = scores(Q, K)
    e = np.exp(x - x.max(axis=1, keepdims=True))
    out: FloatArray = e / e.sum(axis=1, keepdims=True)
    return out


def attention(Q: FloatArray, K: FloatArray, V: FloatArray) -> FloatArray:
    """Exact attention ``D(A)^-1 A V`` (Definition 1.1), ``Q, K: (n, d)``, ``V: (n, d_v)`` ->
    ``(n, d_v)``; O(n^2 d) time, computed in row blocks (memory O(n * block)), row-max shifted."""
    q, kk = _check_qk(Q, K)
    v = _check_v(V, q.shape[0])
    n = q.shape[0]
    out = np.empty((n, v.shape[1]), dtype=np.float64)
    step = _row_step(n)
    for s in range(0, n, step):
        x = q[s : s + step] @ kk.T
        e = np.exp(x - x.max(axis=1, keepdims=True))
        out[s : s + step] = (e @ v) / e.sum(axis=1)[:, None]
    return out


def _compare(x: FloatArray, tau: float, comparison: Comparison) -> BoolArray:
    choice("comparison", comparison, (">=", ">"))
    return x >= tau if comparison == ">=" else x > tau


def find_sets(
    Q: FloatArray, K: FloatArray, tau: float, *, comparison: Comparison = ">="
) -> tuple[IntArray, IntArray]:
    """Find sets ``S_i = {j : (QK^T)_ij >= tau}`` of every row (Definition 4.1), as CSR
    ``(indptr (n+1,), indices (nnz,))`` with sorted indices per row.

    ``comparison`` (``S002-A02``): ``">="`` (default, RECONSTRUCTED-M, [RV]) or ``">"``
    (Lemma 8.3's wording).

    >>> ip, ix = find_sets(np.array([[1.0], [2.0]]), np.array([[1.0], [2.0]]), 2.0)
    >>> ip.tolist(), ix.tolist()
    ([0, 1, 3], [1, 0, 1])
    """
    q, kk = _check_qk(Q, K)
    t = _check_tau(tau)
    n = q.shape[0]
    counts = np.zeros(n, dtype=np.int64)
    parts: list[IntArray] = []
    step = _row_step(n)
    for s in range(0, n, step):
        mask = _compare(q[s : s + step] @ kk.T, t, comparison)
        counts[s : s + step] = np.count_nonzero(mask, axis=1)
        parts.append(np.flatnonzero(mask) % n)  # row-major: sorted within each row
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    indices = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
    return indptr, indices


def max_sub_threshold(
    Q: FloatArray, K: FloatArray, tau: float, *, comparison: Comparison = ">="
) -> float:
    """``max_{i, j not in S_i} |(QK^T)_ij|`` (0 when every entry is in its find set): the
    smallest ``eta`` for which the sub-threshold hypothesis of Theorem 1.3 holds."""
    q, kk = _check_qk(Q, K)
    t = _check_tau(tau)
    n = q.shape[0]
    step = _row_step(n)
    worst = 0.0
    for s in range(0, n, step):  # row blocks: O(n * block) memory
        x = q[s : s + step] @ kk.T
        sub = ~_compare(x, t, comparison)
        worst = max(worst, float(np.max(np.abs(x[sub]), initial=0.0)))
    return worst


def is_tau_k_good(
    Q: FloatArray,
    K: FloatArray,
    *,
    tau: float,
    k: int,
    comparison: Comparison = ">=",
    reading: Reading = "counting",
    eta: float | None = None,
) -> bool:
    """Definition 1.2: ``QK^T`` is ``(tau, k)``-good iff ``max_i |S_i| <= k`` (``S002-C02``).

    ``reading`` (``S002-A03``): ``"counting"`` (default, RECONSTRUCTED-M: the ``eta`` condition is
    a separate hypothesis) or ``"bounded"`` (RECONSTRUCTED-L: additionally every sub-threshold
    entry satisfies ``|x_ij| <= eta``; needs ``eta``).

    >>> X = np.array([[2.0, -10.0], [-10.0, 2.0]])
    >>> is_tau_k_good(X, np.eye(2), tau=1.0, k=1)
    True
    >>> is_tau_k_good(X, np.eye(2), tau=1.0, k=1, reading="bounded", eta=0.05)
    False
    """
    q, kk = _check_qk(Q, K)
    n = q.shape[0]
    kk_ = check_k(k, n)
    choice("reading", reading, ("counting", "bounded"))
    indptr, _ = find_sets(q, kk, tau, comparison=comparison)
    good = bool(np.max(np.diff(indptr)) <= kk_)
    if reading == "bounded":
        if eta is None:
            raise ValueError("eta=None: reading='bounded' needs eta")
        e = check_eta(eta, eta_domain="positive")
        good = good and max_sub_threshold(q, kk, tau, comparison=comparison) <= e
    return good
