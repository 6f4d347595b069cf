r"""Half-space range reporting (seed 002, Definition 7.1, Theorem 7.2, Lemma 7.3, Algorithms 3-4;
claims S002-C34, S002-C36).

``Init(S)`` builds a kd-tree over the points ``S = {p_0, ..., p_{n-1}} subset R^d`` (median split on
the widest coordinate, axis-aligned bounding box per cell). ``Query(a, b)`` reports
``{j : <a, p_j> - b >= 0}`` (Definition 7.1; ``strict=True`` gives ``> 0``, S002-A02) by a
level-by-level traversal: a cell whose box lies wholly inside the half-space is reported without
testing its points, a cell wholly outside is pruned, a crossing leaf tests its points.

Exactness (S002-C36): every point test uses the same elementwise score
``s_j = ((p_j0 a_0 + p_j1 a_1) + ...)`` as :func:`brute_force`, so the two agree bit for bit, ties
included. Box decisions carry a rounding margin: with ``u = eps/2`` each computed score and each
computed box extreme is within ``gamma_d sum_i |a_i| max(|lo_i|, |hi_i|)`` of its exact value
(``gamma_d = d u / (1 - d u)``, Higham Thm 3.1), so a cell is classified wholly inside / outside
only when its computed extreme clears ``b`` by 4 times that bound (plus ``4 eps |b|`` for the
rounding of ``b`` itself and ``16 d`` subnormal units for underflow); otherwise it is
descended, and ties are settled by the point tests.

Cost model: :attr:`QueryResult.operations` = nodes visited + points tested; points reported in
bulk from inside cells are the output term ``k`` (:attr:`QueryResult.reported_in_bulk`). A kd-tree
answers a half-space query by visiting ``O(n^{1 - 1/d} + k)`` cells — not the
``O~(n^{1 - 1/floor(d/2)} + k)`` of the structures Theorem 7.2 cites; the ledger reports the
measured exponent next to both. For ``d = 2``, convex layers
(:class:`reference.algorithms.convex_layers.ConvexLayersIndex`) attain the stated planar rate
``O((k + 1) log n)``. :meth:`HalfspaceIndex.query_many` runs all queries of Algorithm 3 at once
(vectorised, same results and counters).

Notation map: paper ``S`` -> ``points`` ``(n, d)``; ``a = Q_{i,*}`` -> ``a`` ``(d,)``;
``b = tau`` -> ``b``; the reported set is ``S~_i``.

>>> idx = HalfspaceIndex.build(np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [2.0, 2.0]]))
>>> idx.query(np.array([1.0, 1.0]), 1.0).indices.tolist()
[1, 2, 3]
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from reference._types import FloatArray, IntArray
from reference._validate import finite_scalar, integer, real_array
from reference.algorithms.findset import FindResult, check_points, check_row, scores

EPS = float(np.finfo(np.float64).eps)
TINY = 16.0 * float(np.finfo(np.float64).smallest_subnormal)
"""Absolute rounding slack per product/sum for results in the subnormal range (underflow)."""


def _check_points(points: npt.ArrayLike) -> FloatArray:
    return check_points("points", points)


def _check_query(a: npt.ArrayLike, b: float, d: int) -> tuple[FloatArray, float]:
    return check_row("a", a, d), finite_scalar("b", b)


def _hit(s: FloatArray, b: float, strict: bool) -> npt.NDArray[np.bool_]:
    # s - b >= 0  <=>  s >= b for finite floats (a rounded difference is 0 only when s == b)
    return s > b if strict else s >= b


def brute_force(
    points: npt.ArrayLike, a: npt.ArrayLike, b: float, *, strict: bool = False
) -> IntArray:
    """Sorted ``{j : <a, p_j> - b >= 0}`` by scanning every point (``> 0`` with ``strict``)."""
    p = _check_points(points)
    av, bf = _check_query(a, b, p.shape[1])
    return np.flatnonzero(_hit(scores(p, av), bf, strict)).astype(np.int64)


@dataclass(frozen=True, kw_only=True)
class QueryResult:
    """One half-space query.

    Attributes:
        indices: ``(k,)`` sorted indices of the reported points.
        nodes_visited: tree cells examined.
        points_tested: points whose score was computed.
        reported_in_bulk: points reported from cells wholly inside (the output term).
    """

    indices: IntArray
    nodes_visited: int
    points_tested: int
    reported_in_bulk: int

    @property
    def operations(self) -> int:
        """Nodes visited + points tested (the query-time counter of S002-C34)."""
        return self.nodes_visited + self.points_tested


@dataclass(frozen=True, kw_only=True)
class BatchQueryResult:
    """Many half-space queries at once, as CSR: row ``i`` is ``indices[indptr[i]:indptr[i+1]]``.

    Attributes:
        indptr: ``(m + 1,)``; indices: ``(nnz,)`` sorted within each row.
        nodes_visited, points_tested, reported_in_bulk: ``(m,)`` per-query counters.
    """

    indptr: IntArray
    indices: IntArray
    nodes_visited: IntArray
    points_tested: IntArray
    reported_in_bulk: IntArray

    @property
    def operations(self) -> IntArray:
        """``(m,)`` nodes visited + points tested per query."""
        out: IntArray = self.nodes_visited + self.points_tested
        return out


def _expand_ranges(starts: IntArray, ends: IntArray) -> IntArray:
    """Concatenation of ``arange(s, e)`` for each pair, vectorised."""
    lengths = ends - starts
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    offsets = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
    out: IntArray = offsets + np.arange(total, dtype=np.int64)
    return out


@dataclass(frozen=True, kw_only=True)
class HalfspaceIndex:
    """kd-tree for half-space range reporting (Algorithm 4: ``Init`` = :meth:`build`, ``Query``).

    Attributes (arrays are read-only):
        points: ``(n, d)`` the indexed points.
        perm: ``(n,)`` point indices in tree order; cell ``c`` holds ``perm[start[c]:end[c]]``.
        start, end, left, right: ``(C,)`` per cell (``left = right = -1`` at leaves).
        lo, hi: ``(C, d)`` bounding boxes.
        build_operations: points touched while building (``O(n log n)``).
    """

    points: FloatArray
    perm: IntArray
    start: IntArray
    end: IntArray
    left: IntArray
    right: IntArray
    lo: FloatArray
    hi: FloatArray
    leaf_size: int
    build_operations: int

    @staticmethod
    def build(points: npt.ArrayLike, *, leaf_size: int = 8) -> HalfspaceIndex:
        """``Init(S)``: ``points: (n, d)`` finite, ``n >= 1``; ``leaf_size >= 1``."""
        p = _check_points(points).copy()
        if isinstance(leaf_size, bool) or not isinstance(leaf_size, int) or leaf_size < 1:
            raise ValueError(f"leaf_size={leaf_size!r} must be an int >= 1")
        n, d = p.shape
        perm = np.arange(n, dtype=np.int64)
        starts: list[int] = []
        ends: list[int] = []
        lefts: list[int] = []
        rights: list[int] = []
        los: list[FloatArray] = []
        his: list[FloatArray] = []
        ops = 0
        stack: list[tuple[int, int, int, int]] = [(0, n, -1, 0)]  # start, end, parent, side
        while stack:
            s, e, parent, side = stack.pop()
            node = len(starts)
            if parent >= 0:
                (lefts if side == 0 else rights)[parent] = node
            block = p[perm[s:e]]
            lo, hi = block.min(axis=0), block.max(axis=0)
            ops += e - s
            starts.append(s)
            ends.append(e)
            lefts.append(-1)
            rights.append(-1)
            los.append(lo)
            his.append(hi)
            if e - s <= leaf_size or not np.any(hi > lo):
                continue
            axis = int(np.argmax(hi - lo))
            mid = (e - s) // 2
            order = np.argpartition(block[:, axis], mid)
            perm[s:e] = perm[s:e][order]
            stack.append((s + mid, e, node, 1))
            stack.append((s, s + mid, node, 0))
        start = np.array(starts, dtype=np.int64)
        end = np.array(ends, dtype=np.int64)
        left = np.array(lefts, dtype=np.int64)
        right = np.array(rights, dtype=np.int64)
        lo_arr = np.array(los, dtype=np.float64).reshape(-1, d)
        hi_arr = np.array(his, dtype=np.float64).reshape(-1, d)
        for arr in (start, end, left, right, lo_arr, hi_arr, p, perm):
            arr.setflags(write=False)
        return HalfspaceIndex(
            points=p,
            perm=perm,
            start=start,
            end=end,
            left=left,
            right=right,
            lo=lo_arr,
            hi=hi_arr,
            leaf_size=leaf_size,
            build_operations=ops,
        )

    @property
    def num_points(self) -> int:
        return int(self.points.shape[0])

    @property
    def dim(self) -> int:
        return int(self.points.shape[1])

    def query(self, a: npt.ArrayLike, b: float, *, strict: bool = False) -> QueryResult:
        """``Query(a, b)``: sorted ``{j : <a, p_j> - b >= 0}`` (``> 0`` with ``strict``).

        ``a: (d,)`` finite, ``b`` finite. Equal to :func:`brute_force` exactly (S002-C36).
        """
        av, bf = _check_query(a, b, self.dim)
        r = self._traverse(av[None, :], np.array([bf]), strict)
        return QueryResult(
            indices=r.indices,
            nodes_visited=int(r.nodes_visited[0]),
            points_tested=int(r.points_tested[0]),
            reported_in_bulk=int(r.reported_in_bulk[0]),
        )

    def query_many(
        self, A: npt.ArrayLike, b: npt.ArrayLike, *, strict: bool = False, chunk: int = 256
    ) -> BatchQueryResult:
        """``Query(A_i, b_i)`` for every row ``i`` of ``A: (m, d)``, ``b: (m,)`` (or a scalar).

        The same traversal as :meth:`query`, vectorised over ``chunk`` queries at a time; row ``i``
        of the result (CSR) and its counters equal ``query(A[i], b[i])`` exactly.
        """
        Am = real_array("A", A, ndim=2, shape_text=f"(m, d={self.dim})")
        if Am.shape[1] != self.dim:
            raise ValueError(f"A has shape {Am.shape}; expected (m, d={self.dim})")
        bv = real_array("b", b, ndim=(0, 1), shape_text="a scalar or (m,)")
        if bv.ndim == 1 and bv.shape != (Am.shape[0],):
            raise ValueError(f"b has shape {bv.shape}; expected a scalar or (m,)=({Am.shape[0]},)")
        bv = np.broadcast_to(bv, (Am.shape[0],))
        integer("chunk", chunk, lo=1)
        parts = [
            self._traverse(Am[i : i + chunk], bv[i : i + chunk], strict)
            for i in range(0, Am.shape[0], chunk)
        ]
        if not parts:
            z = np.zeros(0, dtype=np.int64)
            return BatchQueryResult(
                indptr=np.zeros(1, dtype=np.int64),
                indices=z,
                nodes_visited=z,
                points_tested=z,
                reported_in_bulk=z,
            )
        sizes = np.concatenate([np.diff(r.indptr) for r in parts])
        indptr = np.zeros(sizes.size + 1, dtype=np.int64)
        np.cumsum(sizes, out=indptr[1:])
        return BatchQueryResult(
            indptr=indptr,
            indices=np.concatenate([r.indices for r in parts]),
            nodes_visited=np.concatenate([r.nodes_visited for r in parts]),
            points_tested=np.concatenate([r.points_tested for r in parts]),
            reported_in_bulk=np.concatenate([r.reported_in_bulk for r in parts]),
        )

    def _traverse(self, A: FloatArray, b: FloatArray, strict: bool) -> BatchQueryResult:
        """Level-by-level traversal for the queries ``(A_i, b_i)`` at once (validated inputs)."""
        m = A.shape[0]
        absA = np.abs(A)
        gamma = (self.dim + 2) * EPS
        qid = np.arange(m, dtype=np.int64)
        node = np.zeros(m, dtype=np.int64)
        visited = np.zeros(m, dtype=np.int64)
        in_q: list[IntArray] = []
        in_n: list[IntArray] = []
        te_q: list[IntArray] = []
        te_n: list[IntArray] = []
        while qid.size:
            visited += np.bincount(qid, minlength=m)
            lo, hi = self.lo[node], self.hi[node]
            av, bq = A[qid], b[qid]
            plo, phi = lo * av, hi * av
            bmin = np.minimum(plo, phi).sum(axis=1)
            bmax = np.maximum(plo, phi).sum(axis=1)
            mag = (absA[qid] * np.maximum(np.abs(lo), np.abs(hi))).sum(axis=1)
            margin = 4.0 * gamma * mag + 4.0 * EPS * np.abs(bq) + TINY * self.dim
            inside = bmin - bq > margin
            outside = bmax - bq < -margin
            cross = ~(inside | outside)
            leaf = self.left[node] < 0
            in_q.append(qid[inside])
            in_n.append(node[inside])
            tl = cross & leaf
            te_q.append(qid[tl])
            te_n.append(node[tl])
            inner = cross & ~leaf
            qi, ni = qid[inner], node[inner]
            qid = np.concatenate((qi, qi))
            node = np.concatenate((self.left[ni], self.right[ni]))
        iq, inn = np.concatenate(in_q), np.concatenate(in_n)
        tq, tn = np.concatenate(te_q), np.concatenate(te_n)
        bulk_len = self.end[inn] - self.start[inn]
        bulk_q = np.repeat(iq, bulk_len)
        bulk_p = self.perm[_expand_ranges(self.start[inn], self.end[inn])]
        test_len = self.end[tn] - self.start[tn]
        test_q = np.repeat(tq, test_len)
        test_p = self.perm[_expand_ranges(self.start[tn], self.end[tn])]
        # canonical score per (query, point) pair: the same operations, in the same order, as
        # scores(points, a) -- so the comparison is bit-identical to brute_force
        pts, aq = self.points[test_p], A[test_q]
        sc = pts[:, 0] * aq[:, 0]
        for i in range(1, self.dim):
            sc = sc + pts[:, i] * aq[:, i]
        hit = sc > b[test_q] if strict else sc >= b[test_q]
        allq = np.concatenate((bulk_q, test_q[hit]))
        allp = np.concatenate((bulk_p, test_p[hit]))
        n = self.num_points
        if 16 * allq.size > m * n:  # large output: a (m, n) bitmap sorts each row for free
            bitmap = np.zeros((m, n), dtype=np.bool_)
            bitmap[allq, allp] = True
            _, sorted_p = np.nonzero(bitmap)
        else:
            sorted_p = allp[np.lexsort((allp, allq))]
        counts = np.bincount(allq, minlength=m)
        indptr = np.zeros(m + 1, dtype=np.int64)
        np.cumsum(counts, out=indptr[1:])
        return BatchQueryResult(
            indptr=indptr,
            indices=sorted_p.astype(np.int64),
            nodes_visited=visited,
            points_tested=np.bincount(test_q, minlength=m).astype(np.int64),
            reported_in_bulk=np.bincount(bulk_q, minlength=m).astype(np.int64),
        )


@dataclass(frozen=True, kw_only=True)
class HalfspaceFindSet:
    """Find-set search of Algorithm 3: ``Query(q, tau)`` on a half-space index of the keys.

    ``S~_i = {j : <q, K_j> - tau >= 0}`` exactly (S002-C36; ``strict=True`` gives ``>``,
    S002-A02). The index of ``K`` is built once and reused while the same keys are passed (checked
    by value). ``queries`` = the query's operation count (nodes visited + points tested); the build
    cost is :attr:`HalfspaceIndex.build_operations`. Deterministic: ``rng`` is accepted for the
    protocol and unused.

    >>> fs = HalfspaceFindSet()
    >>> K = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> fs(np.array([1.0, 0.0]), K, 1.0, rng=np.random.default_rng(0)).indices.tolist()
    [0, 2]
    """

    leaf_size: int = 8
    strict: bool = False
    name: str = field(default="halfspace", init=False)
    _cache: dict[str, HalfspaceIndex] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        if isinstance(self.leaf_size, bool) or self.leaf_size < 1:
            raise ValueError(f"leaf_size={self.leaf_size!r} must be an int >= 1")

    def index_for(self, K: npt.ArrayLike) -> HalfspaceIndex:
        """The (cached) index of ``K: (n, d)``."""
        Kc = _check_points(K)
        idx = self._cache.get("index")
        if idx is None or idx.points.shape != Kc.shape or not np.array_equal(idx.points, Kc):
            idx = HalfspaceIndex.build(Kc, leaf_size=self.leaf_size)
            self._cache["index"] = idx
        return idx

    def __call__(
        self, q: FloatArray, K: FloatArray, tau: float, *, rng: np.random.Generator
    ) -> FindResult:
        """Find set of one row: ``q: (d,)``, ``K: (n, d)``."""
        res = self.index_for(K).query(q, tau, strict=self.strict)
        return FindResult(indices=res.indices, queries=res.operations)

    def find_all(
        self, Q: FloatArray, K: FloatArray, tau: float, *, rng: np.random.Generator
    ) -> tuple[IntArray, IntArray, IntArray]:
        """Every row at once (Algorithm 3: one ``Init``, ``n`` queries), as CSR
        ``(indptr (n+1,), indices, queries (n,))``; row ``i`` equals ``self(Q[i], K, tau)``."""
        res = self.index_for(K).query_many(Q, finite_scalar("tau", tau), strict=self.strict)
        return res.indptr, res.indices, res.operations


def fit_exponent(ns: npt.ArrayLike, costs: npt.ArrayLike) -> float:
    """Least-squares slope of ``log cost`` against ``log n`` (the measured growth exponent)."""
    x = np.log(np.asarray(ns, dtype=np.float64))
    y = np.log(np.asarray(costs, dtype=np.float64))
    if x.size < 2 or not np.all(np.isfinite(y)):
        raise ValueError("fit_exponent needs >= 2 sizes with positive costs")
    return float(np.polyfit(x, y, 1)[0])


__all__ = [
    "BatchQueryResult",
    "FindResult",
    "HalfspaceFindSet",
    "HalfspaceIndex",
    "QueryResult",
    "brute_force",
    "fit_exponent",
    "scores",
]
