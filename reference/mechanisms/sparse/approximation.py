"""The sparse-plus-rank-one matrix ``B = B1 + c 1 1^T`` (Definition 4.2), the pluggable find-set
searches, Algorithm 1 (construction) and Algorithm 2 (inference, with its operation counter), and
the error bounds of §7 (formulas and notation map in :mod:`reference.mechanisms.sparse`).

Claims: ``S002-C03..C05``, ``S002-C16``, ``C17``, ``C21``, ``C24``, ``C30``, ``C32``; reconstructed
defaults ``S002-A01`` (norm), ``S002-A05`` (fill).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import numpy as np
import scipy.sparse as sp
from scipy.linalg.blas import dger

from reference._types import FloatArray, IntArray
from reference._validate import choice, generator, integer, real_array
from reference.algorithms.findset import FindResult, check_points, check_row
from reference.algorithms.findset import scores as _canonical_scores
from reference.mechanisms.sparse.exact import (
    Comparison,
    EtaDomain,
    Fill,
    Norm,
    _check_qk,
    _check_tau,
    _check_v,
    _compare,
    attention_weights,
    check_eta,
    check_k,
    find_sets,
    max_sub_threshold,
)

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
        n = integer("n", self.n, lo=1)
        choice("fill", self.fill, ("ones", "zeros"))
        ip = np.asarray(self.indptr)
        ix = np.asarray(self.indices)
        sc = real_array("scores", self.scores, ndim=1, shape_text="(nnz,)")
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
        if nnz:
            rows = np.repeat(np.arange(n), np.diff(ip))
            same_row = rows[1:] == rows[:-1]
            if np.any(same_row & (ix[1:] <= ix[:-1])):
                raise ValueError("indices must be strictly increasing within each row")
        object.__setattr__(self, "indptr", ip.astype(np.int64, copy=False))
        object.__setattr__(self, "indices", ix.astype(np.int64, copy=False))
        object.__setattr__(self, "n", n)
        object.__setattr__(self, "scores", sc)

    @classmethod
    def from_values(
        cls, *, n: int, indptr: IntArray, indices: IntArray, values: FloatArray, fill: Fill = "ones"
    ) -> SparsePlusRankOne:
        """Build from the (positive) entries of ``B`` on its support."""
        v = real_array("values", values, ndim=1, shape_text="(nnz,)")
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
        choice("comparison", self.comparison, (">=", ">"))

    def __call__(
        self, q: FloatArray, K: FloatArray, tau: float, *, rng: np.random.Generator
    ) -> FindResult:
        # canonical per-coordinate scores: boundary ties x = tau are decided exactly as by the
        # Grover and half-space find sets (reference.algorithms.findset.scores)
        kk = check_points("K", K)
        qa = check_row("q", q, kk.shape[1])
        x = _canonical_scores(kk, qa)
        idx = np.flatnonzero(_compare(x, _check_tau(tau), self.comparison)).astype(np.int64)
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
    generator("rng", rng)
    choice("fill", fill, ("ones", "zeros"))
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


@runtime_checkable
class SparseAttentionOutput(Protocol):
    """What a sparse attention approximation returns: ``B`` (a :class:`SparsePlusRankOne`),
    ``output`` ``(n, d_v)`` and ``operations`` (an ``int`` or an object with ``.total``)."""

    @property
    def B(self) -> SparsePlusRankOne: ...

    @property
    def output(self) -> FloatArray: ...

    @property
    def operations(self) -> Any: ...


class SparseAttentionApproximation(Protocol):
    """A sparse attention approximation ``approx(Q, K, V, *, tau, k) -> SparseAttentionOutput``:
    what the laws of ``properties/sparse`` and the ``sparse-attention`` variant family check."""

    def __call__(
        self, Q: FloatArray, K: FloatArray, V: FloatArray, *, tau: float, k: int
    ) -> SparseAttentionOutput: ...


def _segment_reduce(
    ufunc: np.ufunc, vals: FloatArray, indptr: IntArray, empty: float
) -> FloatArray:
    n = indptr.size - 1
    out = np.full(n, empty)
    nonempty = np.flatnonzero(np.diff(indptr) > 0)
    if nonempty.size:
        out[nonempty] = ufunc.reduceat(vals, indptr[:-1][nonempty])
    return out


def _shifted_weights(
    B: SparsePlusRankOne, nnz_row: IntArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """``e^{x_ij - m_i}`` on the support (``(n, k)`` when every row has ``k`` entries, else
    ``(nnz,)``), the shifts ``m_i`` and the row sums of the weights."""
    n, sc = B.n, B.scores
    k = int(nnz_row[0])
    if k > 0 and B.nnz == n * k and bool(np.all(nnz_row == k)):
        w = sc.reshape(n, k).copy()
        shift = w.max(axis=1)
        if B.c > 0:
            np.maximum(shift, 0.0, out=shift)
        w -= shift[:, None]
        np.exp(w, out=w)
        return w, shift, w.sum(axis=1)
    shift = _segment_reduce(np.maximum, sc, B.indptr, -np.inf)
    if B.c > 0:
        shift = np.maximum(shift, 0.0)
    w1 = np.exp(sc - shift[B.row_ids()])
    return w1, shift, _segment_reduce(np.add, w1, B.indptr, 0.0)


def _rank_one_update(out: FloatArray, a: FloatArray, b: FloatArray) -> None:
    """``out += a b^T`` in place (BLAS ``dger`` on the transposed, Fortran-ordered view)."""
    if out.flags.c_contiguous and out.size:
        dger(1.0, b, a, a=out.T, overwrite_a=1)
    else:
        out += a[:, None] * b[None, :]


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
    w, shift, rowsum = _shifted_weights(B, nnz_row)
    c_s = c * np.exp(-shift)  # c e^{-m_i}
    r = c_s * (n - nnz_row) + rowsum  # D(B)_ii e^{-m_i}
    # B1 entries scaled by D(B)^-1 in place, so that one sparse product and one rank-one update
    # write the output (no n x d temporaries; the gather over V is the only memory-bound pass)
    if w.ndim == 2:
        w -= c_s[:, None]
        w /= r[:, None]
    else:
        rows = B.row_ids()
        w -= c_s[rows]
        w /= r[rows]
    b1 = sp.csr_array((w.reshape(-1), B.indices, B.indptr), shape=(n, n))
    out: FloatArray = np.asarray(b1 @ v, dtype=np.float64)
    if c > 0:
        _rank_one_update(out, c_s / r, v.sum(axis=0))
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
    generator("rng", rng)
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
    choice("norm", norm, ("entrywise", "row_l1"))
    a = np.abs(real_array("M", M, ndim=2, shape_text="(n, m)", nonempty=True))
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
    choice("norm", norm, ("entrywise", "row_l1"))
    t = math.tanh(e / 2)
    return t if norm == "entrywise" else 2 * t
