r"""Simulated annealing for QUBO models (survey §7 (2); claim SUR-QAMA-03), a
:class:`~reference.algorithms.qubo.QUBOSolver`.

:func:`simulated_annealing` runs Metropolis single-flip sweeps under a geometric or linear schedule
of inverse temperatures, vectorised over restarts and over the independent variables of each
level of the sweep (:func:`sweep_levels`), followed by 1-flip steepest descent
(:func:`local_search`) so every returned state is 1-flip optimal, the post-condition of QAMA's
``c_sa`` backend. :class:`SimulatedAnnealing` wraps it as a solver object.

>>> import numpy as np
>>> from reference.algorithms.qubo import QUBO
>>> q = QUBO.from_matrix([[1.0, -1.0], [-1.0, 1.0]])
>>> SimulatedAnnealing(sweeps=10, restarts=2)(q, np.random.default_rng(0)).energy
0.0
"""

from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy.linalg import blas

from reference._types import FloatArray, IntArray
from reference._validate import choice, finite_scalar, generator, integer
from reference.algorithms.qubo import QUBO, Solution, check_binary, flip_tolerance

Schedule = Literal["geometric", "linear"]
Precision = Literal["double", "single"]

DEFAULT_BLOCK = 8
"""Accepted for compatibility (``block=``); the level schedule has no blocks."""

READ_BLOCK = 1 << 16
"""The chains are annealed in blocks of ``READ_BLOCK // n`` reads (float32 fields of a block:
256 KiB): the level GEMM rewrites the block's whole field array once per level, which is
L2-bound only while it fits (measured at n = 256: 1024 reads in one block 7.5 us per
read-sweep, in blocks of 256 6.3 us)."""

REFRESH = 32
"""Single precision: the fields are recomputed from the state (float64 GEMM, rounded once)
every ``REFRESH`` sweeps, so each carries the rounding of at most ``REFRESH`` sweeps of updates."""


def _check_block(block: int | None, n: int) -> int:
    if block is None:
        return min(DEFAULT_BLOCK, n)
    return min(integer("block", block, lo=1), n)


def default_beta_range(qubo: QUBO) -> tuple[float, float]:
    """Inverse-temperature range in the style of dwave-samplers: hot ``beta_0 = ln 2 / D_max``
    (a flip of the largest possible ``|Delta|`` is accepted with probability 1/2), cold
    ``beta_1 = ln 100 / d_min`` (the smallest non-zero coefficient's flip accepted w.p. 1/100),
    with ``D_max = max_i (|Q_ii| + 2 sum_{j != i} |Q_ij|)`` and ``d_min = min |Q_ij| > 0``."""
    a = np.abs(qubo.matrix)
    dmax = float(np.max(np.diagonal(a) + 2.0 * (a.sum(axis=1) - np.diagonal(a))))
    nz = a[a > 0]
    if dmax == 0.0 or nz.size == 0:
        return (1.0, 1.0)
    # clamp: subnormal coefficients would give infinite betas (then the anneal is a greedy descent)
    b0 = min(math.log(2.0) / dmax, 1e300)
    b1 = min(math.log(100.0) / float(nz.min()), 1e300)
    return (b0, max(b0, b1))


@dataclass(frozen=True, kw_only=True)
class AnnealResult:
    """:func:`simulated_annealing` output: every restart's final state and energy, and the best.

    Attributes:
        samples: ``(R, n)`` int64, each 1-flip optimal.
        energies: ``(R,)``.
        best: the lowest-energy sample (first on ties).
    """

    samples: IntArray
    energies: FloatArray
    best: Solution


def local_search(qubo: QUBO, x: npt.ArrayLike) -> IntArray:
    """1-flip steepest descent from ``x: (R, n)`` (vectorised over rows) until no flip lowers the
    energy by more than :func:`flip_tolerance`. Terminates: each step lowers a row's energy.

    Fast phase: fields kept incrementally (``O(n)`` per step and row instead of a from-scratch
    ``O(n^2)`` product), at most ``4 n`` steps. Exact phase: the from-scratch descent, which
    checks the post-condition and finishes any row the fast phase left (usually none)."""
    xs = check_binary(x, qubo.num_variables).reshape(-1, qubo.num_variables)
    return _descend(qubo, xs)[0].astype(np.int64)


def _descend(qubo: QUBO, x: npt.NDArray[np.floating]) -> tuple[FloatArray, FloatArray]:
    """:func:`local_search` on float rows ``x: (R, n)``, returning ``(x', x' Q)``: the product
    from scratch, which the exact phase checks the post-condition with and the energies
    ``E = sum_i (x' Q)_i x'_i + offset`` reuse (one ``O(R n^2)`` GEMM when the fast phase made
    no move, the usual case after an anneal)."""
    xs = np.array(x, dtype=np.float64)
    q = qubo.matrix
    tol = flip_tolerance(qubo)
    dg = np.diagonal(q)
    xq = xs @ q
    f = dg + 2.0 * (xq - dg * xs)  # flip fields, Delta = (1 - 2x) f
    q2 = None
    moved = False
    active = np.arange(xs.shape[0])
    for _ in range(4 * qubo.num_variables):
        if not active.size:
            break
        d = (1.0 - 2.0 * xs[active]) * f[active]
        j = np.argmin(d, axis=1)
        improve = d[np.arange(active.size), j] < -tol
        active, j = active[improve], j[improve]
        if not active.size:
            break
        if q2 is None:
            q2 = 2.0 * q
            np.fill_diagonal(q2, 0.0)
        moved = True
        step = 1.0 - 2.0 * xs[active, j]  # x_j: 0 -> 1 (+1) or 1 -> 0 (-1)
        xs[active, j] += step
        f[active] += step[:, None] * q2[j]
    if moved:
        xq = xs @ q
    active = np.arange(xs.shape[0])  # exact phase, from-scratch deltas
    while active.size:
        xa = xs[active]
        d = (1.0 - 2.0 * xa) * (dg + 2.0 * (xq[active] - dg * xa))  # flip_deltas_of
        j = np.argmin(d, axis=1)
        improve = d[np.arange(active.size), j] < -tol
        active, j = active[improve], j[improve]
        if active.size:
            xs[active, j] = 1.0 - xs[active, j]
            xq[active] = xs[active] @ q
    return xs, xq


@dataclass(frozen=True, kw_only=True)
class SweepPlan:
    """The level schedule of a sequential sweep (:func:`sweep_plan`).

    Attributes:
        order: ``(n,)`` variables sorted by level (stable: index order inside a level); the
            sweep's visiting order.
        levels: ``[a, b)`` slices of ``order``, one per level, in level order.
        updates: per level, ``(None, M)`` with ``M = Q2[order][:, order][:, a:b]`` (every field may
            change: one GEMM) or ``(rows, M[rows])`` (only ``rows`` change).
    """

    order: IntArray
    levels: list[tuple[int, int]]
    updates: list[tuple[IntArray | None, FloatArray]]
    couplings: FloatArray
    """``2 Q`` in level order with a zero diagonal (``f = diag + couplings @ x``)."""
    diag: FloatArray
    """``Q_ii`` in level order."""


def sweep_levels(q: FloatArray) -> IntArray:
    """Level of each variable: a greedy (first-fit) colouring of the coupling graph
    (``Q_ij != 0``) in index order, ``level_i`` = the smallest level not taken by a coupled
    ``j < i``. Variables of one level are pairwise uncoupled, so a sweep that visits the levels
    in order, each level at once, is exactly the sequential sweep in :attr:`SweepPlan.order`
    (levels in order, index order inside a level; same flips given the same random numbers):
    a Metropolis sweep in a fixed variable order. QAMA couples ``(h, j)`` only within its head
    and its token (a rook's graph); for ``H <= N`` with ``N`` a power of two first-fit gives
    the nim-sum Latin square ``h XOR j``: ``N`` levels instead of ``H N`` steps (and instead of
    the ``H + N - 1`` antidiagonals of the index-order layering).
    """
    n = q.shape[0]
    nz = q != 0.0
    lev = np.zeros(n, dtype=np.int64)
    taken = np.zeros(n + 1, dtype=bool)
    for i in range(1, n):
        used = lev[:i][nz[i, :i]]
        taken[used] = True
        lev[i] = int(np.argmin(taken))
        taken[used] = False
    return lev


def sweep_plan(q: FloatArray) -> SweepPlan:
    """:class:`SweepPlan` of the coupling matrix ``q`` (see :func:`sweep_levels`)."""
    lev = sweep_levels(q)
    order = np.argsort(lev, kind="stable")
    q2 = 2.0 * q[np.ix_(order, order)]
    np.fill_diagonal(q2, 0.0)
    bounds = np.flatnonzero(np.diff(lev[order])) + 1
    edges = [0, *bounds.tolist(), q.shape[0]]
    levels = list(itertools.pairwise(edges))
    updates: list[tuple[IntArray | None, FloatArray]] = []
    for a, b in levels:
        m = q2[:, a:b]
        rows = np.flatnonzero(np.any(m != 0.0, axis=1))
        if 2 * rows.size > q.shape[0]:
            updates.append((None, np.ascontiguousarray(m)))
        else:
            updates.append((rows, np.ascontiguousarray(m[rows])))
    return SweepPlan(
        order=order.astype(np.int64),
        levels=levels,
        updates=updates,
        couplings=q2,
        diag=np.diagonal(q)[order].copy(),
    )


def _exp_draws(rng: np.random.Generator, out: npt.NDArray[np.floating]) -> None:
    """Fill ``out`` with i.i.d. ``E ~ Exp(1)``. Double precision: NumPy's
    ``standard_exponential`` (the exact law). Single precision: ``E = -ln u`` with ``u`` uniform on
    the 2^23-point grid ``{1 - k 2^-23}`` of ``(0, 1]``, built from 32 raw bits per draw by the
    exponent trick (``u = 2 - float32(0x3F800000 | bits >> 9)``: three integer passes and one
    ``log`` instead of a ziggurat per draw, ~1.4x cheaper). ``P(E >= x) = P(u <= e^-x)`` then
    differs from ``e^-x`` by at most ``2^-23``: every acceptance probability is exact to
    ``1.2e-7``, below the float32 rounding of the fields the thresholds are compared with."""
    if out.dtype == np.float64:
        rng.standard_exponential(out=out)
        return
    size = out.size
    bits = rng.bit_generator.random_raw((size + 1) // 2).view(np.uint32)[:size]
    np.right_shift(bits, 9, out=bits)
    np.bitwise_or(bits, np.uint32(0x3F800000), out=bits)
    u = bits.view(np.float32).reshape(out.shape)  # [1, 2)
    np.subtract(np.float32(2.0), u, out=u)  # (0, 1]
    np.log(u, out=out)
    np.negative(out, out=out)


DRAW_BLOCK = 1 << 18
"""Thresholds are drawn for as many sweeps at once as fit in this many numbers (fewer calls)."""


@functools.lru_cache(maxsize=16)
def _plan_of_bytes(data: bytes, n: int) -> SweepPlan:
    return sweep_plan(np.frombuffer(data, dtype=np.float64).reshape(n, n))


def _cached_plan(q: FloatArray) -> SweepPlan:
    """:func:`sweep_plan` memoised on the matrix's bytes (a benchmark or a QAMA training loop
    anneals one QUBO many times; the level recurrence is an ``O(n^2)`` Python loop)."""
    a = np.ascontiguousarray(q, dtype=np.float64)
    return _plan_of_bytes(a.tobytes(), a.shape[0])


def _sweeps(
    plan: SweepPlan,
    f: npt.NDArray[np.floating],
    z: npt.NDArray[np.floating],
    betas: FloatArray,
    rng: np.random.Generator,
) -> None:
    """Metropolis sweeps at inverse temperatures ``betas`` on fields ``f`` and signs ``z``
    (``(n, R)``, level order, updated in place). A flip is accepted iff ``Delta <= E / beta``
    with ``E ~ Exp(1)`` (:func:`_exp_draws`), i.e. with probability
    ``min(1, exp(-beta Delta))``; the ``E`` of a sweep are drawn at once, row ``k`` for variable
    ``plan.order[k]`` (independent draws, so the law is that of the sequential chain in
    ``plan.order``).

    Per level six in-place ufunc calls (``Delta = z f``, accept, any-flip test, ``dx = z`` on
    accepted flips, ``z <- z - 2 dx`` as two subtractions) and one BLAS call, on views prepared
    once per call: at small ``n`` the per-level cost is Python dispatch, so nothing else runs
    per level."""
    n, reads = f.shape
    dt = f.dtype
    gemm = blas.sgemm if dt == np.float32 else blas.dgemm
    thresh = np.empty((n, reads), dtype=dt)
    delta = np.empty((n, reads), dtype=dt)
    acc = np.empty((n, reads), dtype=bool)
    ft = f.T  # (R, n) Fortran-ordered view: BLAS updates it in place (f += M @ dx)
    steps = []
    for (a, b), (rows, m) in zip(plan.levels, plan.updates, strict=True):
        mm = m.astype(dt)
        full = rows is None
        steps.append((z[a:b], f[a:b], thresh[a:b], delta[a:b], acc[a:b], full, rows, mm, mm.T))
    mul, le, sub = np.multiply, np.less_equal, np.subtract
    anyr = np.logical_or.reduce
    chunk = max(1, min(len(betas), DRAW_BLOCK // max(1, n * reads)))
    draws = np.empty((chunk, n, reads), dtype=dt)
    for s, beta in enumerate(betas):
        if dt == np.float32 and s and s % REFRESH == 0:  # bound the float32 drift of the fields
            f[...] = plan.diag[:, None] + plan.couplings @ ((1.0 - z) / 2.0)
        if s % chunk == 0:  # E ~ Exp(1) of the next sweeps, in sweep order
            _exp_draws(rng, draws[: min(chunk, len(betas) - s)])
        mul(draws[s % chunk], dt.type(1.0 / beta), out=thresh)  # row k: variable plan.order[k]
        for zl, fl, tl, d, al, full, rows, m, mt in steps:
            mul(zl, fl, out=d)
            le(d, tl, out=al)
            if not anyr(al, axis=None):
                continue
            mul(zl, al, out=d)  # dx = x_new - x_old = z_old on accepted flips
            sub(zl, d, out=zl)  # z <- z - 2 dx (a masked negative is ~10x slower)
            sub(zl, d, out=zl)
            if full:  # every field may change: f^T += dx^T M^T in place (BLAS, beta=1)
                gemm(1.0, d.T, mt, beta=1.0, c=ft, overwrite_c=1)
            elif rows is not None and rows.size:
                f[rows] += m @ d


def _beta_range(beta_range: tuple[float, float]) -> tuple[float, float]:
    """Two finite inverse temperatures ``> 0``."""
    if not isinstance(beta_range, tuple | list) or len(beta_range) != 2:
        raise ValueError(f"beta_range={beta_range!r} must be a pair (beta_start, beta_end)")
    b0, b1 = beta_range
    return (
        finite_scalar("beta_range[0]", b0, lo=0.0, lo_open=True),
        finite_scalar("beta_range[1]", b1, lo=0.0, lo_open=True),
    )


def simulated_annealing(
    qubo: QUBO,
    *,
    rng: np.random.Generator,
    sweeps: int = 200,
    restarts: int = 16,
    beta_range: tuple[float, float] | None = None,
    schedule: Schedule = "geometric",
    local_search_after: bool = True,
    block: int | None = None,
    precision: Precision = "single",
) -> AnnealResult:
    """Metropolis simulated annealing, vectorised over ``restarts`` independent chains.

    Each sweep visits the variables in the fixed order ``sweep_plan(Q).order`` (the levels of
    :func:`sweep_levels` in turn); a flip of ``Delta`` is accepted with probability
    ``min(1, exp(-beta Delta))`` (iff ``Delta <= E / beta``, ``E ~ Exp(1)``, pre-drawn in
    blocks). ``beta`` follows ``schedule`` from ``beta_range[0]`` to ``beta_range[1]`` over
    ``sweeps`` sweeps (default :func:`default_beta_range`). Local fields
    ``f_i = Q_ii + 2 sum_{j != i} Q_ij x_j`` (so ``Delta_i = (1 - 2x_i) f_i``) are kept for all
    chains at once as an ``(n, R)`` array. The sweep runs level by level: the variables of a
    level are pairwise uncoupled, so one vectorised accept/reject per level followed by one
    in-place GEMM ``f += 2Q[:, level] dx`` (BLAS, ``beta = 1``) is the sequential sweep in that
    order exactly. QAMA QUBOs have ``N`` levels (``N`` a power of two, ``H <= N``) for ``H N``
    variables. Afterwards :func:`local_search` makes every sample 1-flip optimal (SUR-QAMA-03)
    unless ``local_search_after=False``.

    ``precision="single"`` keeps ``f``, the signs and the ``E`` in float32 (twice the BLAS
    and memory throughput); the fields are recomputed from the state every :data:`REFRESH`
    sweeps, so their error stays at float32 rounding of one refresh period, far below the
    spread of ``E / beta``; the final local search and energies are float64 from the
    state, so the post-condition is unchanged. tests/test_annealing.py checks that the success
    probability matches the double-precision chain within sampling error.

    Args:
        qubo: the model.
        rng: the only source of randomness (initial states and acceptance draws).
        sweeps: number of sweeps (>= 1).
        restarts: number of independent chains (>= 1).
        beta_range: ``(beta_start, beta_end)``, both > 0.
        schedule: ``"geometric"`` or ``"linear"`` interpolation of beta.
        local_search_after: finish with 1-flip steepest descent.
        block: accepted for compatibility (``>= 1``), no effect: the level schedule has no
            blocks.
        precision: ``"single"`` (default) or ``"double"`` arithmetic of the sweeps.
    """
    generator("rng", rng)
    integer("sweeps", sweeps, lo=1)
    integer("restarts", restarts, lo=1)
    choice("precision", precision, ("double", "single"))
    b0, b1 = default_beta_range(qubo) if beta_range is None else _beta_range(beta_range)
    if choice("schedule", schedule, ("geometric", "linear")) == "geometric":
        betas = np.geomspace(b0, b1, sweeps)
    else:
        betas = np.linspace(b0, b1, sweeps)
    q = qubo.matrix
    n = qubo.num_variables
    _check_block(block, n)  # accepted for compatibility: the level schedule needs no blocks
    plan = _cached_plan(q)
    perm = plan.order
    x0 = rng.integers(0, 2, size=(restarts, n)).astype(np.float64)
    # flip fields f_i = Q_ii + 2 sum_{j != i} Q_ij x_j and z = 1 - 2x, so Delta_i = z_i f_i;
    # stored variable-major, (n, R), rows in level order (plan.order), so a level is a slice
    dt = np.dtype(np.float32 if precision == "single" else np.float64)
    x0p = np.ascontiguousarray(x0.T[perm])
    f = np.ascontiguousarray(plan.diag[:, None] + plan.couplings @ x0p, dtype=dt)
    z = np.ascontiguousarray(1.0 - 2.0 * x0p, dtype=dt)
    blk = max(1, READ_BLOCK // n)  # reads per block: the block's fields stay in L2
    for r0 in range(0, restarts, blk):
        fb = np.ascontiguousarray(f[:, r0 : r0 + blk])
        zb = np.ascontiguousarray(z[:, r0 : r0 + blk])
        _sweeps(plan, fb, zb, betas, rng)
        z[:, r0 : r0 + blk] = zb
    x = np.empty((restarts, n))
    x[:, perm] = (1.0 - z.T) / 2.0
    if local_search_after:
        xf, xq = _descend(qubo, x)
    else:
        xf, xq = x, x @ q
    xs = xf.astype(np.int64)
    energies = np.einsum("ri,ri->r", xq, xf) + qubo.offset  # E(x) = sum_i (x Q)_i x_i + offset
    k = int(np.argmin(energies))
    return AnnealResult(
        samples=xs,
        energies=energies,
        best=Solution(x=xs[k].copy(), energy=float(energies[k])),
    )


@dataclass(frozen=True, kw_only=True)
class SimulatedAnnealing:
    """:class:`QUBOSolver` wrapper of :func:`simulated_annealing` (its keyword defaults)."""

    sweeps: int = 200
    restarts: int = 16
    beta_range: tuple[float, float] | None = None
    schedule: Schedule = "geometric"
    precision: Precision = "single"
    one_flip_optimal: bool = field(default=True, init=False)
    """Post-condition of the final local search (SUR-QAMA-03)."""

    def __post_init__(self) -> None:
        integer("sweeps", self.sweeps, lo=1)
        integer("restarts", self.restarts, lo=1)
        if self.beta_range is not None:
            _beta_range(self.beta_range)
        choice("schedule", self.schedule, ("geometric", "linear"))
        choice("precision", self.precision, ("double", "single"))

    def __call__(self, qubo: QUBO, rng: np.random.Generator) -> Solution:
        return simulated_annealing(
            qubo,
            rng=rng,
            sweeps=self.sweeps,
            restarts=self.restarts,
            beta_range=self.beta_range,
            schedule=self.schedule,
            precision=self.precision,
        ).best


__all__ = [
    "DEFAULT_BLOCK",
    "REFRESH",
    "AnnealResult",
    "Precision",
    "Schedule",
    "SimulatedAnnealing",
    "SweepPlan",
    "default_beta_range",
    "local_search",
    "simulated_annealing",
    "sweep_levels",
    "sweep_plan",
]
