"""Grover search with an oracle-query counter: analytic formulas, exact simulation over ``N``
items, BBHT, find-all, Dürr-Høyer maximum and the find-set adapter of Algorithm 1 (claims
S002-C26..C29, S002-C39; default S002-A06; overview and notation map in
:mod:`reference.mechanisms.grover`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt

from reference._types import BoolArray, FloatArray, IntArray
from reference._validate import choice, finite_scalar, integer, real_array
from reference.algorithms.findset import FindResult, check_points, check_row, scores

Backend = Literal["subspace", "statevector"]
FailureModel = Literal["per-row", "deterministic"]

BBHT_LAMBDA = 6.0 / 5.0
"""Growth factor of BBHT's iteration bound ``m`` (any value in ``(1, 4/3)``; 6/5 as in BBHT)."""


# ---------------------------------------------------------------------------------------------
# validation


def _check_num_items(num_items: int) -> int:
    return integer("num_items", num_items, lo=1)


def _check_num_marked(num_items: int, num_marked: int) -> int:
    m = integer("num_marked", num_marked)
    if not 0 <= m <= num_items:
        raise ValueError(f"num_marked={num_marked} must be in [0, num_items={num_items}]")
    return m


def _check_delta(delta: float) -> float:
    return finite_scalar("delta", delta, lo=0.0, hi=1.0, lo_open=True, hi_open=True)


def marked_mask(num_items: int, marked: Sequence[int] | npt.ArrayLike) -> BoolArray:
    """Boolean mask ``(N,)`` of the marked set; rejects indices outside ``[0, N)``.

    >>> marked_mask(5, [1, 3]).tolist()
    [False, True, False, True, False]
    """
    n = _check_num_items(num_items)
    idx = np.asarray(marked)
    if idx.size == 0:
        return np.zeros(n, dtype=np.bool_)
    if idx.ndim != 1 or not np.issubdtype(idx.dtype, np.integer):
        raise ValueError(f"marked={marked!r} must be a 1-d sequence of integer indices")
    bad = idx[(idx < 0) | (idx >= n)]
    if bad.size:
        raise ValueError(f"marked index {int(bad[0])} out of range for num_items={n}")
    mask = np.zeros(n, dtype=np.bool_)
    mask[idx] = True
    return mask


def _check_mask(mask: npt.ArrayLike) -> BoolArray:
    m = np.asarray(mask)
    if m.ndim != 1 or m.dtype != np.bool_:
        raise ValueError(f"marked mask must be a 1-d bool array, got dtype={m.dtype} ndim={m.ndim}")
    if m.size < 1:
        raise ValueError("num_items=0 must be >= 1 (empty marked mask)")
    return m


# ---------------------------------------------------------------------------------------------
# analytic formulas (S002-C26, S002-C27)


def theta(*, num_items: int, num_marked: int) -> float:
    """``theta = arcsin sqrt(M / N)``, the half rotation angle of one Grover iteration."""
    n = _check_num_items(num_items)
    m = _check_num_marked(n, num_marked)
    return math.asin(math.sqrt(m / n))


def success_probability(
    *, num_items: int, num_marked: int, iterations: int | npt.ArrayLike
) -> FloatArray:
    """Exact ``P_succ(r) = sin^2((2r + 1) theta)`` (S002-C26); ``iterations``: int or ``(R,)``.

    Returns a 0-d array for an int, ``(R,)`` for an array.

    >>> p = success_probability(num_items=8, num_marked=1, iterations=[0, 1, 2])
    >>> [round(float(x), 3) for x in p]
    [0.125, 0.781, 0.945]
    """
    th = theta(num_items=num_items, num_marked=num_marked)
    r = np.asarray(iterations)
    if not np.issubdtype(r.dtype, np.integer) or np.any(r < 0):
        raise ValueError(f"iterations={iterations!r} must be non-negative integers")
    out: FloatArray = np.sin((2 * r.astype(np.float64) + 1) * th) ** 2
    return out


def optimal_iterations(*, num_items: int, num_marked: int) -> int:
    """``r* = floor(pi / (4 theta))`` (S002-C27); ``M >= 1`` required."""
    n = _check_num_items(num_items)
    if _check_num_marked(n, num_marked) < 1:
        raise ValueError("num_marked=0: r* is undefined without a marked item")
    return math.floor(math.pi / (4 * theta(num_items=n, num_marked=num_marked)))


# ---------------------------------------------------------------------------------------------
# exact state-vector simulation over N items (any N)


def grover_state(mask: npt.ArrayLike, iterations: int) -> FloatArray:
    """State ``G^r |s>`` as a real vector ``(N,)``, simulated item by item.

    ``O_f`` flips the sign of the marked amplitudes; the diffusion ``2|s><s| - I`` maps ``psi`` to
    ``2 mean(psi) - psi``. Amplitudes stay real.
    """
    m = _check_mask(mask)
    if iterations < 0:
        raise ValueError(f"iterations={iterations} must be >= 0")
    n = m.size
    psi = np.full(n, 1.0 / math.sqrt(n))
    sign = np.where(m, -1.0, 1.0)
    for _ in range(iterations):
        psi = sign * psi
        psi = 2.0 * psi.mean() - psi
    return psi


def simulated_success_probability(mask: npt.ArrayLike, iterations: int) -> float:
    """``sum_{j marked} |<j| G^r |s>|^2`` from :func:`grover_state` (compare with S002-C26)."""
    m = _check_mask(mask)
    psi = grover_state(m, iterations)
    return float(np.sum(psi[m] ** 2))


def _measure(mask: BoolArray, iterations: int, rng: np.random.Generator, backend: Backend) -> int:
    """One measurement of ``G^r |s>`` in the computational basis (exact distribution)."""
    n = mask.size
    if backend == "statevector":
        p = grover_state(mask, iterations) ** 2
        return int(rng.choice(n, p=p / p.sum()))
    if backend != "subspace":
        raise ValueError(f"backend={backend!r} must be one of ('subspace', 'statevector')")
    num_marked = int(mask.sum())
    p_marked = (
        float(success_probability(num_items=n, num_marked=num_marked, iterations=iterations))
        if num_marked
        else 0.0
    )
    pick_marked = num_marked == n or (num_marked > 0 and rng.random() < p_marked)
    pool = np.flatnonzero(mask if pick_marked else ~mask)
    return int(pool[rng.integers(pool.size)])


# ---------------------------------------------------------------------------------------------
# searches with query counting


@dataclass(frozen=True, kw_only=True)
class SearchResult:
    """One search: a verified marked ``index`` (or ``None``) and the oracle ``queries`` used."""

    index: int | None
    queries: int


def bbht_attempt_budget(num_items: int) -> int:
    """Query budget of one truncated BBHT attempt: at least twice BBHT's expected cost.

    BBHT (1998, Thm 3) with ``lambda = 6/5``: for ``M <= 3N/4`` the expected number of Grover
    iterations is at most ``(9/2) sqrt(N/M) <= (9/2) sqrt(N)``; the rounds (one check query each)
    number at most ``log_lambda(m0) + 1`` before ``m`` reaches the critical
    ``m0 = 1/sin(2 theta) <= sqrt(N)`` and then at most 4 more in expectation (each succeeds with
    probability ``>= 1/4``); for ``M > 3N/4`` the first round (``j = 0``) succeeds with probability
    ``> 3/4``. So by Markov an attempt with this budget finds a marked item with probability
    ``>= 1/2`` whenever one exists (measured in S002-C39 and ``tests/test_grover.py``).
    """
    n = _check_num_items(num_items)
    rounds = math.log(math.sqrt(n)) / math.log(BBHT_LAMBDA) + 5.0 if n > 1 else 5.0
    return math.ceil(2.0 * (4.5 * math.sqrt(n) + rounds))


def bbht_search(
    mask: npt.ArrayLike,
    *,
    rng: np.random.Generator,
    max_queries: int | None = None,
    backend: Backend = "subspace",
) -> SearchResult:
    """BBHT search for one marked item when their number is unknown (Theorem 3.1's engine).

    Loop: pick ``j`` uniform in ``[0, m)``, run ``j`` Grover iterations (``j`` queries), measure,
    check the outcome (1 query); on success return it, else ``m <- min(6/5 m, sqrt N)``. Stops with
    ``index=None`` once the next round would exceed ``max_queries`` (default
    :func:`bbht_attempt_budget`). Never returns an unmarked item.

    Args:
        mask: ``(N,)`` bool, the marked set (the oracle ``f``).
        rng: the only source of randomness.
        max_queries: query budget (>= 1).
        backend: ``"subspace"`` (exact 2-d sampling) or ``"statevector"``.
    """
    m_ = _check_mask(mask)
    n = m_.size
    budget = bbht_attempt_budget(n) if max_queries is None else int(max_queries)
    if budget < 1:
        raise ValueError(f"max_queries={max_queries} must be >= 1")
    queries = 0
    bound = 1.0
    cap = math.sqrt(n)
    while True:
        j = int(rng.integers(0, max(1, math.ceil(bound))))
        if queries + j + 1 > budget:
            return SearchResult(index=None, queries=queries)
        cand = _measure(m_, j, rng, backend)
        queries += j + 1
        if m_[cand]:
            return SearchResult(index=cand, queries=queries)
        bound = min(BBHT_LAMBDA * bound, cap)


def repetitions(*, num_items: int, delta: float, num_rows: int = 1) -> int:
    """``R = ceil(log2(N * num_rows / delta))``: attempts per search step (S002-A06).

    Each attempt misses an existing marked item with probability ``<= 1/2``; a row makes at most
    ``N`` steps with items left, so by the union bound the row fails with probability
    ``<= N 2^-R <= delta / num_rows``, and all rows together with probability ``<= delta``.
    """
    n = _check_num_items(num_items)
    d = _check_delta(delta)
    if num_rows < 1:
        raise ValueError(f"num_rows={num_rows} must be >= 1")
    return max(1, math.ceil(math.log2(n * num_rows / d)))


@dataclass(frozen=True, kw_only=True)
class FindAllResult:
    """Outcome of :func:`find_all`.

    Attributes:
        indices: ``(k',)`` sorted found marked indices (always a subset of the marked set).
        queries: total oracle queries.
        certification_queries: queries of the final step that found nothing.
        repetitions: attempts allowed per search step.
    """

    indices: IntArray
    queries: int
    certification_queries: int
    repetitions: int


def find_all(
    mask: npt.ArrayLike,
    *,
    rng: np.random.Generator,
    delta: float = 0.01,
    num_rows: int = 1,
    failure_model: FailureModel = "per-row",
    backend: Backend = "subspace",
) -> FindAllResult:
    """Find every marked item: search, unmark, repeat, until a certification step finds nothing.

    Theorem 3.1 Part 1 (S002-C28): ``sum_{m=1}^k O(sqrt(N/m)) + O(sqrt N) = O(sqrt(N k))`` queries;
    the certification and the repetitions add ``O(sqrt(N) log(N num_rows / delta))``.

    Args:
        mask: ``(N,)`` bool marked set.
        rng: randomness.
        delta: overall failure probability in ``(0, 1)`` (S002-A06, S002-C39).
        num_rows: rows sharing ``delta`` (per-row failure ``delta / num_rows``).
        failure_model: ``"per-row"`` (default, S002-A06): ``R`` = :func:`repetitions` attempts per
            step; ``"deterministic"``: one attempt per step (the theorems' stated cost; the result
            can miss items, which is what S002-C39 measures).
        backend: sampling backend (see the module docstring).
    """
    m_ = _check_mask(mask).copy()
    d = _check_delta(delta)
    if failure_model == "per-row":
        reps = repetitions(num_items=m_.size, delta=d, num_rows=num_rows)
    elif failure_model == "deterministic":
        if num_rows < 1:
            raise ValueError(f"num_rows={num_rows} must be >= 1")
        reps = 1
    else:
        raise ValueError(f"failure_model={failure_model!r} must be 'per-row' or 'deterministic'")
    found: list[int] = []
    queries = 0
    while True:
        step_queries = 0
        hit: int | None = None
        for _ in range(reps):
            res = bbht_search(m_, rng=rng, backend=backend)
            step_queries += res.queries
            if res.index is not None:
                hit = res.index
                break
        queries += step_queries
        if hit is None:
            return FindAllResult(
                indices=np.array(sorted(found), dtype=np.int64),
                queries=queries,
                certification_queries=step_queries,
                repetitions=reps,
            )
        found.append(hit)
        m_[hit] = False


@dataclass(frozen=True, kw_only=True)
class MaxResult:
    """:func:`durr_hoyer_max`: an index of a maximum (w.p. ``>= 1 - delta``) and the queries."""

    index: int
    queries: int


def durr_hoyer_max(
    values: npt.ArrayLike,
    *,
    rng: np.random.Generator,
    delta: float = 0.01,
    backend: Backend = "subspace",
) -> MaxResult:
    """Dürr–Høyer (1996) maximum finding over ``values: (N,)`` with a query counter.

    One run: ``y`` uniform; repeat BBHT search for ``{j : values[j] > values[y]}`` and move ``y``
    to the item found, until ``22.5 sqrt(N) + 1.4 log2(N)^2`` queries are spent (their bound for
    success ``>= 1/2``; here reversed for the maximum). ``ceil(log2(1/delta))`` independent runs,
    best kept, give success ``>= 1 - delta``. Comparing the runs' winners costs one query each.
    """
    v = real_array("values", values, ndim=1, shape_text="(N,)", nonempty=True)
    d = _check_delta(delta)
    n = v.size
    budget = math.ceil(22.5 * math.sqrt(n) + 1.4 * math.log2(n) ** 2) if n > 1 else 1
    runs = max(1, math.ceil(math.log2(1.0 / d)))
    queries = 0
    best = -1
    for _ in range(runs):
        y = int(rng.integers(n))
        spent = 1
        while spent < budget:
            res = bbht_search(v > v[y], rng=rng, max_queries=budget - spent, backend=backend)
            spent += res.queries
            if res.index is None:
                break
            y = res.index
        queries += spent
        if best < 0 or v[y] > v[best]:
            best = y
        queries += 1
    return MaxResult(index=best, queries=queries)


# ---------------------------------------------------------------------------------------------
# find-set adapter (Algorithm 1; protocol defined in reference.mechanisms.sparse)


def _check_qk(q: npt.ArrayLike, K: npt.ArrayLike, tau: float) -> tuple[FloatArray, FloatArray]:
    Ka = check_points("K", K)
    finite_scalar("tau", tau)
    return check_row("q", q, Ka.shape[1]), Ka


@dataclass(frozen=True, kw_only=True)
class GroverFindSet:
    """Find-set search of Algorithm 1 by Grover find-all (Lemma 5.1 Part 1).

    ``f_i(j) = 1[<q, K_j> >= tau]`` (S002-A02; ``strict=True`` uses ``>``), with the inner product
    of :func:`reference.algorithms.findset.scores` so boundary ties agree bit for bit with
    :class:`reference.algorithms.halfspace.HalfspaceFindSet`. ``queries`` counts
    oracle queries (each costs ``O(d)`` with QRAM). The result is a subset of the exact find set,
    equal to it with probability ``>= 1 - delta / num_rows`` under the default failure model.

    Attributes:
        delta: overall failure probability in ``(0, 1)`` (S002-A06).
        num_rows: rows sharing ``delta``; ``None`` means ``n = K.shape[0]`` (Algorithm 1's rows).
        strict: ``>`` instead of ``>=`` (S002-A02 alternative).
        failure_model: ``"per-row"`` (S002-A06 default) or ``"deterministic"``.
        backend: sampling backend.

    >>> fs = GroverFindSet()
    >>> K = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> fs(np.array([1.0, 0.0]), K, 1.0, rng=np.random.default_rng(0)).indices.tolist()
    [0, 2]
    """

    delta: float = 0.01
    num_rows: int | None = None
    strict: bool = False
    failure_model: FailureModel = "per-row"
    backend: Backend = "subspace"
    name: str = field(default="grover", init=False)

    def __post_init__(self) -> None:
        _check_delta(self.delta)
        if self.num_rows is not None and self.num_rows < 1:
            raise ValueError(f"num_rows={self.num_rows} must be >= 1")
        choice("failure_model", self.failure_model, ("per-row", "deterministic"))
        choice("backend", self.backend, ("subspace", "statevector"))

    def __call__(
        self, q: FloatArray, K: FloatArray, tau: float, *, rng: np.random.Generator
    ) -> FindResult:
        """Find set of one row. ``q: (d,)``, ``K: (n, d)``."""
        qa, Ka = _check_qk(q, K, tau)
        x = scores(Ka, qa)  # the same rounding as HalfspaceFindSet: ties agree
        mask = x > tau if self.strict else x >= tau
        res = find_all(
            mask,
            rng=rng,
            delta=self.delta,
            num_rows=Ka.shape[0] if self.num_rows is None else self.num_rows,
            failure_model=self.failure_model,
            backend=self.backend,
        )
        return FindResult(indices=res.indices, queries=res.queries)
