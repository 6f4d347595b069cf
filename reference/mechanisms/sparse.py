"""Grover sparse attention (seed 002): Definition 1.1 attention, find sets, the sparse-plus-rank-one
approximation ``B = B1 + 1 1^T`` (Definition 4.2), Algorithm 1 with a pluggable find-set search and
Algorithm 2 (inference) with an operation counter.

Seed ``002_5e183a29182452ba.txt`` (Guo, Song, Yang, Zhang, arXiv 2307.08045), specification
``claims/seed002-grover-sparse-attention.md`` §§1-7. Claims implemented / checked here:
``S002-C01..C25``, ``S002-C30..C33``, ``S002-F01..F04``, ``F06``, ``F09``; reconstructed defaults
``S002-A01..A05`` are keyword options with the proposed default.

Formulas (there is **no** ``1/sqrt(d)`` in this paper's attention)::

    X = Q K^T,  A = exp(X) (entrywise),  D(M) = diag(M 1_n),  Att(Q, K, V) = D(A)^-1 A V
    find set      S_i = {j : X_ij >= tau}                         (S002-A02: ">=" or ">")
    (tau, k)-good max_i |S_i| <= k                                 (S002-A03: counting reading)
    B (Def 4.2)   B_ij = A_ij on S_i, 1 elsewhere;  B = B1 + 1 1^T, (B1)_ij = (A_ij - 1) 1[j in S_i]
    D(B)_ii       n + sum_{j in S_i} (A_ij - 1)                    (S002-C05)
    Algorithm 2   T = D(B)^-1 B V = diag(r)^-1 (B1 V + 1_n (1_n^T V))   in O(nkd)   (S002-C32)
    sharp bounds  entrywise tanh(eta/2), row-l1 2 tanh(eta/2), output 2 tanh(eta/2) ||V||_max
                  when |X_ij| <= eta off S_i                        (S002-C16, C17, C21)

Notation map (paper -> here): ``Q, K, V`` -> ``Q, K, V``; ``QK^T`` -> :func:`scores`;
``\\tilde S_i`` -> :func:`find_sets` (CSR ``indptr``/``indices``); ``B = B_1 + B_2`` ->
:class:`SparsePlusRankOne` (``B_2 = c 1 1^T`` with ``c = 1`` for ``fill="ones"``, the analysed
version, ``c = 0`` for ``fill="zeros"``, Algorithm 1 as written, REFUTED as accurate by
``S002-C24``); ``D(B)`` -> :meth:`SparsePlusRankOne.row_sums`; GroverFindAll -> a
:class:`FindSetSearch` (the exact scan :class:`ExactScan` here; the Grover and half-space searches
live in :mod:`reference.mechanisms.grover` / :mod:`reference.algorithms.halfspace`).

Example (n = 3: one large entry per row, everything else 0, so S_i = {i} for tau = 1):

>>> import numpy as np
>>> Q = np.eye(3) * 2.0; K = np.eye(3)
>>> res = sparse_attention(Q, K, np.eye(3), tau=1.0, k=1, rng=np.random.default_rng(0))
>>> res.B.row_nnz().tolist()
[1, 1, 1]
>>> bool(np.allclose(res.output, attention(Q, K, np.eye(3))))
True
>>> res.operations.total == 3 * (3 + 1) + 3 * 3 * 3  # nnz (d + 1) + 3 n d
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal, Protocol, TypeAlias, runtime_checkable

import numpy as np
import scipy.sparse as sp

from reference._mechanism import Mechanism
from reference._types import BoolArray, FloatArray, IntArray
from reference.algorithms.findset import FindResult
from reference.algorithms.findset import scores as _canonical_scores

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


def _as_matrix(name: str, x: object) -> FloatArray:
    arr = np.asarray(x, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[0] < 1 or arr.shape[1] < 1:
        raise ValueError(f"{name} must be a non-empty 2-d array, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        bad = tuple(int(t) for t in np.argwhere(~np.isfinite(arr))[0])
        raise ValueError(f"{name} must be finite, {name}[{bad}]={arr[bad]}")
    return arr


def _check_qk(Q: object, K: object) -> tuple[FloatArray, FloatArray]:
    q = _as_matrix("Q", Q)
    kk = _as_matrix("K", K)
    if q.shape != kk.shape:
        raise ValueError(f"Q shape {q.shape} and K shape {kk.shape} must both be (n, d)")
    return q, kk


def _check_v(V: object, n: int) -> FloatArray:
    v = _as_matrix("V", V)
    if v.shape[0] != n:
        raise ValueError(f"V shape {v.shape} must have n={n} rows")
    return v


def _check_tau(tau: float) -> float:
    t = float(tau)
    if not math.isfinite(t):
        raise ValueError(f"tau={tau} must be finite")
    return t


def check_k(k: int, n: int) -> int:
    """``k`` must be an integer in ``[1, n]`` (Definition 1.2, ``k in [n]``)."""
    if isinstance(k, bool) or not isinstance(k, int | np.integer):
        raise TypeError(f"k={k!r} must be an int")
    if not 1 <= int(k) <= n:
        raise ValueError(f"k={k} must be in [1, n={n}]")
    return int(k)


def check_eta(eta: float, *, eta_domain: EtaDomain = "paper") -> float:
    """Validate ``eta`` (``S002-A04``): ``eta in (0, 0.1)`` by default (``eta_domain="paper"``,
    RECONSTRUCTED-L), any finite ``eta > 0`` with ``eta_domain="positive"``.

    >>> check_eta(0.05)
    0.05
    """
    e = float(eta)
    if eta_domain not in ("paper", "positive"):
        raise ValueError(f"eta_domain={eta_domain!r} must be 'paper' or 'positive'")
    if not math.isfinite(e) or e <= 0:
        raise ValueError(f"eta={eta} must be finite and > 0")
    if eta_domain == "paper" and e >= ETA_MAX:
        raise ValueError(
            f"eta={eta} must be in (0, {ETA_MAX}) (S002-A04; pass eta_domain='positive' to lift)"
        )
    return e


def _check_choice(name: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ValueError(f"{name}={value!r} must be one of {allowed}")


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
    _check_choice("comparison", comparison, (">=", ">"))
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
    _check_choice("reading", reading, ("counting", "bounded"))
    indptr, _ = find_sets(q, kk, tau, comparison=comparison)
    good = bool(np.max(np.diff(indptr)) <= kk_)
    if reading == "bounded":
        if eta is None:
            raise ValueError("eta=None: reading='bounded' needs eta")
        e = check_eta(eta, eta_domain="positive")
        good = good and max_sub_threshold(q, kk, tau, comparison=comparison) <= e
    return good


# ---------------------------------------------------------------------------------------------
# B = B1 + c 1 1^T


@dataclass(frozen=True, kw_only=True)
class SparsePlusRankOne:
    """``B = B1 + c 1_n 1_n^T`` (Definition 4.2 / Theorem 1.3 Part 1), never stored densely.

    Row ``i`` of ``B`` equals ``exp(scores)`` on its support ``indices[indptr[i]:indptr[i+1]]``
    and the constant ``c`` elsewhere, so ``(B1)_ij = exp(x_ij) - c`` on the support and 0 off it.
    The support entries are stored as their logarithms (``scores``: the ``x_ij``) so that
    Algorithm 2 can shift rows for stability; :attr:`values` gives ``exp(scores)``.

    Attributes:
        n: size of the ``n x n`` matrix.
        indptr: ``(n + 1,)`` CSR row pointer.
        indices: ``(nnz,)`` column indices, strictly increasing within each row.
        scores: ``(nnz,)`` finite ``x_ij`` with ``B_ij = exp(x_ij)`` on the support.
        fill: ``"ones"`` (``c = 1``, the analysed ``B = A~``; default, ``S002-A05``) or ``"zeros"``
            (``c = 0``, Algorithm 1 as written; REFUTED as accurate, ``S002-C24``).
    """

    n: int
    indptr: IntArray
    indices: IntArray
    scores: FloatArray
    fill: Fill = "ones"

    def __post_init__(self) -> None:
        n = self.n
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise ValueError(f"n={n!r} must be an int >= 1")
        _check_choice("fill", self.fill, ("ones", "zeros"))
        ip = np.asarray(self.indptr)
        ix = np.asarray(self.indices)
        sc = np.asarray(self.scores, dtype=np.float64)
        if ip.shape != (n + 1,) or not np.issubdtype(ip.dtype, np.integer):
            raise ValueError(f"indptr must be an integer array of shape ({n + 1},), got {ip.shape}")
        if ip[0] != 0 or np.any(np.diff(ip) < 0):
            raise ValueError("indptr must start at 0 and be non-decreasing")
        nnz = int(ip[-1])
        if ix.shape != (nnz,) or sc.shape != (nnz,):
            raise ValueError(
                f"indices {ix.shape} and scores {sc.shape} must have shape (indptr[-1]={nnz},)"
            )
        if nnz and (not np.issubdtype(ix.dtype, np.integer) or ix.min() < 0 or ix.max() >= n):
            raise ValueError(f"indices must be integers in [0, n={n})")
        if not np.all(np.isfinite(sc)):
            raise ValueError("scores must be finite")
        if nnz:
            rows = np.repeat(np.arange(n), np.diff(ip))
            same_row = rows[1:] == rows[:-1]
            if np.any(same_row & (ix[1:] <= ix[:-1])):
                raise ValueError("indices must be strictly increasing within each row")
        object.__setattr__(self, "indptr", ip.astype(np.int64, copy=False))
        object.__setattr__(self, "indices", ix.astype(np.int64, copy=False))
        object.__setattr__(self, "scores", sc)

    @classmethod
    def from_values(
        cls, *, n: int, indptr: IntArray, indices: IntArray, values: FloatArray, fill: Fill = "ones"
    ) -> SparsePlusRankOne:
        """Build from the (positive) entries of ``B`` on its support."""
        v = np.asarray(values, dtype=np.float64)
        if np.any(~(v > 0)):
            raise ValueError("values must be > 0 (entries of B approximate exp(x) > 0)")
        return cls(n=n, indptr=indptr, indices=indices, scores=np.log(v), fill=fill)

    @property
    def c(self) -> float:
        """The rank-one coefficient: ``B2 = c 1 1^T`` (1 for ``fill="ones"``, 0 for zeros)."""
        return 1.0 if self.fill == "ones" else 0.0

    @property
    def nnz(self) -> int:
        """Number of stored support entries (``>= nnz(B1)``)."""
        return int(self.indptr[-1])

    @property
    def values(self) -> FloatArray:
        """``exp(scores)``: the entries of ``B`` on the support, ``(nnz,)``."""
        out: FloatArray = np.exp(self.scores)
        return out

    @property
    def b1_values(self) -> FloatArray:
        """Entries of ``B1`` on the support: ``exp(x_ij) - c``, ``(nnz,)``."""
        out: FloatArray = self.values - self.c
        return out

    def row_ids(self) -> IntArray:
        """Row index of every stored entry, ``(nnz,)``."""
        out: IntArray = np.repeat(np.arange(self.n, dtype=np.int64), self.row_nnz())
        return out

    def row_nnz(self) -> IntArray:
        """``|S_i|``: stored entries per row, ``(n,)`` (``S002-C03``)."""
        out: IntArray = np.diff(self.indptr)
        return out

    def row_sums(self) -> FloatArray:
        """``D(B)_ii = c n + sum_{j in S_i} (exp(x_ij) - c)`` (``S002-C05``), ``(n,)``."""
        s = np.bincount(self.row_ids(), weights=self.b1_values, minlength=self.n)
        out: FloatArray = np.asarray(self.c * self.n + s, dtype=np.float64)
        return out

    def b1(self) -> sp.csr_array:
        """``B1`` as a SciPy CSR array (``n x n``, ``nnz`` stored entries)."""
        return sp.csr_array((self.b1_values, self.indices, self.indptr), shape=(self.n, self.n))

    def to_dense(self) -> FloatArray:
        """Dense ``(n, n)`` ``B``, **for tests only** (O(n^2) memory)."""
        out = np.full((self.n, self.n), self.c)
        out[self.row_ids(), self.indices] = self.values
        return out


# ---------------------------------------------------------------------------------------------
# find-set searches


class FindSetSearch(Protocol):
    """Pluggable search for one row's find set (Algorithm 1's ``GroverFindAll``).

    ``q: (d,)`` the query row, ``K: (n, d)`` the keys; returns :class:`FindResult` with the sorted
    ``{j : <q, K_j> >= tau}`` (or an approximation of it, e.g. a bounded-error Grover search) and
    the number of oracle queries spent.
    """

    def __call__(
        self, q: FloatArray, K: FloatArray, tau: float, *, rng: np.random.Generator
    ) -> FindResult: ...


@runtime_checkable
class BatchFindSetSearch(Protocol):
    """Optional fast path: all rows at once as CSR ``(indptr, indices, queries (n,))``."""

    def find_all(
        self, Q: FloatArray, K: FloatArray, tau: float, *, rng: np.random.Generator
    ) -> tuple[IntArray, IntArray, IntArray]: ...


@dataclass(frozen=True, kw_only=True)
class ExactScan:
    """Classical exact scan: evaluates every ``<q, K_j>`` (``queries = n``).

    ``comparison``: ``">="`` (default, ``S002-A02``) or ``">"``.
    """

    comparison: Comparison = ">="

    def __post_init__(self) -> None:
        _check_choice("comparison", self.comparison, (">=", ">"))

    def __call__(
        self, q: FloatArray, K: FloatArray, tau: float, *, rng: np.random.Generator
    ) -> FindResult:
        # canonical per-coordinate scores: boundary ties x = tau are decided exactly as by the
        # Grover and half-space find sets (reference.algorithms.findset.scores)
        x = _canonical_scores(np.asarray(K, dtype=np.float64), np.asarray(q, dtype=np.float64))
        idx = np.flatnonzero(_compare(x, float(tau), self.comparison)).astype(np.int64)
        return FindResult(indices=idx, queries=int(x.shape[0]))

    def find_all(
        self, Q: FloatArray, K: FloatArray, tau: float, *, rng: np.random.Generator
    ) -> tuple[IntArray, IntArray, IntArray]:
        """Every row at once (blocked matrix product); equal to calling the scan per row."""
        indptr, indices = find_sets(Q, K, tau, comparison=self.comparison)
        n = int(np.asarray(Q).shape[0])
        return indptr, indices, np.full(n, n, dtype=np.int64)


# ---------------------------------------------------------------------------------------------
# Algorithm 1


@dataclass(frozen=True, kw_only=True)
class Algorithm1Result:
    """Output of Algorithm 1.

    Attributes:
        B: the sparse-plus-rank-one matrix.
        queries: ``(n,)`` oracle queries per row.
        operations: ``sum_i (queries_i d + |S_i| d)``: inner products for the oracle queries plus
            the ``O(kd)`` recomputation of the found entries (Lemma 5.1, ``S002-C30``).
    """

    B: SparsePlusRankOne
    queries: IntArray
    operations: int


def algorithm1(
    Q: FloatArray,
    K: FloatArray,
    *,
    tau: float,
    k: int,
    search: FindSetSearch | None = None,
    fill: Fill = "ones",
    rng: np.random.Generator,
    enforce_k: bool = True,
) -> Algorithm1Result:
    """Algorithm 1: for each row ``i`` find ``S_i`` with ``search`` and store
    ``B_ij = exp(<Q_i, K_j>)`` for ``j in S_i``; ``B = B1 + c 1 1^T``.

    Args:
        Q, K: ``(n, d)``.
        tau: threshold; k: sparsity in ``[1, n]``.
        search: a :class:`FindSetSearch` (default :class:`ExactScan`); uses its ``find_all`` fast
            path when it has one (:class:`BatchFindSetSearch`).
        fill: ``"ones"`` (default, ``S002-A05``: ``B = A~`` of Definition 4.2) or ``"zeros"``
            (Algorithm 1 as written; not ``O(eta)``-accurate, ``S002-C24``).
        rng: generator handed to the search.
        enforce_k: raise when a row's find set has more than ``k`` entries (the ``(tau, k)``-good
            hypothesis fails, ``S002-C02``).
    """
    q, kk = _check_qk(Q, K)
    n, d = q.shape
    kk_ = check_k(k, n)
    t = _check_tau(tau)
    _check_choice("fill", fill, ("ones", "zeros"))
    srch: FindSetSearch = ExactScan() if search is None else search
    if isinstance(srch, BatchFindSetSearch):
        indptr, indices, queries = srch.find_all(q, kk, t, rng=rng)
    else:
        found = [srch(q[i], kk, t, rng=rng) for i in range(n)]
        counts = np.array([f.indices.size for f in found], dtype=np.int64)
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(counts, out=indptr[1:])
        indices = (
            np.concatenate([np.asarray(f.indices, dtype=np.int64) for f in found])
            if n
            else np.zeros(0, dtype=np.int64)
        )
        queries = np.array([f.queries for f in found], dtype=np.int64)
    if indices.size and (indices.min() < 0 or indices.max() >= n):
        raise ValueError(f"search returned indices outside [0, n={n})")
    sizes = np.diff(indptr)
    if enforce_k and np.any(sizes > kk_):
        i = int(np.argmax(sizes))
        raise ValueError(
            f"row {i}: find set has {int(sizes[i])} > k={kk_} entries (tau={t}); "
            "Q K^T is not (tau, k)-good (S002-C02)"
        )
    rows = np.repeat(np.arange(n, dtype=np.int64), sizes)
    x = np.einsum("ij,ij->i", q[rows], kk[indices]) if indices.size else np.zeros(0)
    B = SparsePlusRankOne(n=n, indptr=indptr, indices=indices, scores=x, fill=fill)
    ops = int(queries.sum()) * d + int(indices.size) * d
    return Algorithm1Result(B=B, queries=queries, operations=ops)


# ---------------------------------------------------------------------------------------------
# Algorithm 2


@dataclass(frozen=True, kw_only=True)
class OperationCount:
    """Multiply-adds of Algorithm 2 (Lemma 6.2, ``S002-C32``).

    Attributes:
        row_sums: ``nnz`` additions for ``D(B)`` (``O(nk)``).
        sparse_product: ``nnz * d_v`` multiply-adds for ``B1 V`` (``O(nkd)``).
        column_sum: ``n * d_v`` additions for ``1^T V`` (``O(nd)``; 0 without a rank-one part).
        combine: ``n * d_v`` for adding ``1 (1^T V)`` (0 without a rank-one part) plus
            ``n * d_v`` for the scaling by ``D(B)^-1`` (``O(nd)``).
    """

    row_sums: int
    sparse_product: int
    column_sum: int
    combine: int

    @property
    def total(self) -> int:
        return self.row_sums + self.sparse_product + self.column_sum + self.combine


@dataclass(frozen=True, kw_only=True)
class SparseAttentionResult:
    """``output = D(B)^-1 B V`` (``(n, d_v)``), the ``B`` it came from, Algorithm 2's operation
    count, and (when Algorithm 1 ran) its query / operation counts."""

    B: SparsePlusRankOne
    output: FloatArray
    operations: OperationCount
    queries: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    construction_operations: int = 0


def _segment_reduce(
    ufunc: np.ufunc, vals: FloatArray, indptr: IntArray, empty: float
) -> FloatArray:
    n = indptr.size - 1
    out = np.full(n, empty)
    nonempty = np.flatnonzero(np.diff(indptr) > 0)
    if nonempty.size:
        out[nonempty] = ufunc.reduceat(vals, indptr[:-1][nonempty])
    return out


def algorithm2(B: SparsePlusRankOne, V: FloatArray) -> SparseAttentionResult:
    """Algorithm 2 / Lemma 6.2: ``T = D(B)^-1 B V = diag(r)^-1 (B1 V + c 1_n (1_n^T V))``.

    Vectorised over the CSR structure (no loop over rows), ``O(nnz d + n d)`` operations, counted
    in :class:`OperationCount`. Row ``i`` is computed with the stable shift
    ``m_i = max(c > 0 ? 0 : -inf, max_{j in S_i} x_ij)`` (the shift cancels in ``D(B)^-1 B``).

    Raises:
        ValueError: ``fill="zeros"`` and a row has an empty find set, so ``D(B)_ii = 0`` and
            ``D(B)^-1`` does not exist (``S002-C24``); the message names the row.
    """
    if not isinstance(B, SparsePlusRankOne):
        raise TypeError(f"B must be a SparsePlusRankOne, got {type(B).__name__}")
    n = B.n
    v = _check_v(V, n)
    dv = v.shape[1]
    nnz_row = B.row_nnz()
    c = B.c
    if c == 0.0 and np.any(nnz_row == 0):
        i = int(np.flatnonzero(nnz_row == 0)[0])
        raise ValueError(
            f"row {i}: empty find set with fill='zeros' gives D(B)_{i}{i} = 0, so D(B)^-1 is "
            "undefined (Algorithm 1 as written; S002-C24 / S002-F03)"
        )
    shift = _segment_reduce(np.maximum, B.scores, B.indptr, -np.inf)
    if c > 0:
        shift = np.maximum(shift, 0.0)
    rows = B.row_ids()
    w = np.exp(B.scores - shift[rows])  # e^{x_ij - m_i} on the support
    c_s = c * np.exp(-shift)  # c e^{-m_i}
    b1 = sp.csr_array((w - c_s[rows], B.indices, B.indptr), shape=(n, n))
    r = c_s * (n - nnz_row) + _segment_reduce(np.add, w, B.indptr, 0.0)  # D(B)_ii e^{-m_i}
    y = np.asarray(b1 @ v)
    if c > 0:
        s = v.sum(axis=0)
        y = y + c_s[:, None] * s[None, :]
    out: FloatArray = y / r[:, None]
    nnz = B.nnz
    ops = OperationCount(
        row_sums=nnz,
        sparse_product=nnz * dv,
        column_sum=n * dv if c > 0 else 0,
        combine=(2 if c > 0 else 1) * n * dv,
    )
    return SparseAttentionResult(B=B, output=out, operations=ops)


def algorithm2_operations(nnz: int, n: int, d_v: int, *, fill: Fill = "ones") -> int:
    """The Lemma 6.2 count ``nnz (d_v + 1) + 3 n d_v`` (ones) / ``nnz (d_v + 1) + n d_v`` (zeros):
    the formula :class:`OperationCount` is checked against (``S002-C32``)."""
    return nnz * (d_v + 1) + (3 if fill == "ones" else 1) * n * d_v


def sparse_attention(
    Q: FloatArray,
    K: FloatArray,
    V: FloatArray,
    *,
    tau: float,
    k: int,
    rng: np.random.Generator,
    search: FindSetSearch | None = None,
    fill: Fill = "ones",
    eta: float | None = None,
    eta_domain: EtaDomain = "paper",
    comparison: Comparison = ">=",
) -> SparseAttentionResult:
    """Algorithm 1 followed by Algorithm 2 (Theorem 6.1): ``T = D(B)^-1 B V``.

    When ``eta`` is given it is validated (``S002-A04``) and the sub-threshold hypothesis
    ``|x_ij| <= eta`` off ``S_i`` is checked (O(n^2 d): for tests), raising when it fails.
    ``comparison`` applies to the default exact scan only (a custom ``search`` decides itself).
    """
    q, kk = _check_qk(Q, K)
    v = _check_v(V, q.shape[0])
    if eta is not None:
        e = check_eta(eta, eta_domain=eta_domain)
        worst = max_sub_threshold(q, kk, tau, comparison=comparison)
        if worst > e:
            raise ValueError(
                f"eta={eta}: a sub-threshold entry has |x_ij|={worst:.6g} > eta "
                "(hypothesis of Theorem 1.3)"
            )
    srch: FindSetSearch = ExactScan(comparison=comparison) if search is None else search
    a1 = algorithm1(q, kk, tau=tau, k=k, search=srch, fill=fill, rng=rng)
    a2 = algorithm2(a1.B, v)
    return SparseAttentionResult(
        B=a1.B,
        output=a2.output,
        operations=a2.operations,
        queries=a1.queries,
        construction_operations=a1.operations,
    )


# ---------------------------------------------------------------------------------------------
# errors and bounds


def matrix_norm(M: FloatArray, *, norm: Norm = "entrywise") -> float:
    """``||M||_inf`` (``S002-A01``): ``"entrywise"`` ``max_ij |M_ij|`` (default, RECONSTRUCTED-M)
    or ``"row_l1"`` ``max_i sum_j |M_ij|`` (the induced inf -> inf norm)."""
    _check_choice("norm", norm, ("entrywise", "row_l1"))
    a = np.abs(np.asarray(M, dtype=np.float64))
    return float(a.max()) if norm == "entrywise" else float(a.sum(axis=1).max())


def normalised_dense(B: SparsePlusRankOne) -> FloatArray:
    """``D(B)^-1 B`` densely (row-shifted as in :func:`algorithm2`), for tests; ``(n, n)``."""
    return algorithm2(B, np.eye(B.n)).output


def approximation_error(
    Q: FloatArray, K: FloatArray, B: SparsePlusRankOne, *, norm: Norm = "entrywise"
) -> float:
    """``||D(A)^-1 A - D(B)^-1 B||`` in the chosen norm (``S002-A01``); dense, for tests."""
    return matrix_norm(attention_weights(Q, K) - normalised_dense(B), norm=norm)


def error_bound(eta: float, *, norm: Norm = "entrywise", eta_domain: EtaDomain = "paper") -> float:
    """The sharp bound of §7 (``S002-C16``, ``S002-C17``): ``tanh(eta/2)`` entrywise,
    ``2 tanh(eta/2)`` row-l1. Also the output bound factor: ``||T - Att||_max <= 2 tanh(eta/2)
    ||V||_max`` (``S002-C21``).

    >>> round(error_bound(0.05, norm="row_l1") / 0.05, 6)
    0.999792
    """
    e = check_eta(eta, eta_domain=eta_domain)
    _check_choice("norm", norm, ("entrywise", "row_l1"))
    t = math.tanh(e / 2)
    return t if norm == "entrywise" else 2 * t


MECHANISM = Mechanism(
    name="sparse",
    module=__name__,
    summary="Seed 002: sparse-plus-rank-one attention B = B1 + 1 1^T from find sets, "
    "Algorithms 1-2 with a pluggable find-set search and an O(nkd) inference operation counter.",
    no_circuit_reason="The mechanism is classical linear algebra around a find-set search; its "
    "only quantum part is the Grover find-set search, whose circuits are registered by the "
    "`grover` mechanism (reference.mechanisms.grover).",
)

__all__ = [
    "ETA_MAX",
    "MECHANISM",
    "Algorithm1Result",
    "BatchFindSetSearch",
    "ExactScan",
    "FindResult",
    "FindSetSearch",
    "OperationCount",
    "SparseAttentionResult",
    "SparsePlusRankOne",
    "algorithm1",
    "algorithm2",
    "algorithm2_operations",
    "approximation_error",
    "attention",
    "attention_weights",
    "check_eta",
    "check_k",
    "error_bound",
    "find_sets",
    "is_tau_k_good",
    "matrix_norm",
    "max_sub_threshold",
    "normalised_dense",
    "scores",
    "sparse_attention",
]
