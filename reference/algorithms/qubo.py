r"""QUBO models: energy, exact Ising / Pauli-Z conversions, single-flip deltas, exact and annealing
solvers (survey §7 (1c), claims SUR-QAMA-02, SUR-QAMA-03; used by QAMA and GroQ-RAG).

A QUBO on ``n`` binary variables is ``E(x) = x^T Q x + offset`` with ``Q = Q^T`` (the linear terms
sit on the diagonal since ``x_i^2 = x_i``).

* Ising form (``s = 2x - 1``, SUR-QAMA-02)::

      x^T Q x = offset_I + sum_i h_i s_i + sum_{i<j} J_ij s_i s_j,
      h_i = (1/2) sum_j Q_ij,  J_ij = Q_ij / 2 (i < j),  offset_I = (tr Q + sum_{i<j} Q_ij) / 2.

* Pauli-Z form (``|1> <-> x = 1``, so ``s = -Z``)::

      H_C = offset_I + sum_{i<j} J_ij Z_i Z_j - sum_i h_i Z_i,   <x| H_C |x> = x^T Q x.

  Basis index convention of :mod:`reference.circuit`: qubit 0 is the most significant bit, so
  the basis state of integer ``b`` has ``x_i = (b >> (n-1-i)) & 1``.

* Single-flip identity (SUR-QAMA-03): ``Delta_i(x) = E(x xor e_i) - E(x) =
  (1 - 2 x_i) (Q_ii + 2 sum_{j != i} Q_ij x_j)``.

Solvers follow the :class:`QUBOSolver` protocol ``solver(qubo, rng) -> Solution``:
:class:`BruteForce` (exact, all ``2**n`` states in vectorised chunks, ``n <= 22`` by default) and
:class:`SimulatedAnnealing` (Metropolis single-flip sweeps under a geometric or linear schedule of
inverse temperatures, vectorised over restarts, followed by 1-flip steepest descent so every
returned state is 1-flip optimal, the post-condition of QAMA's ``c_sa`` backend).

>>> q = QUBO.from_matrix([[1.0, -1.0], [-1.0, 1.0]])
>>> q.energy([[0, 0], [1, 0], [1, 1]]).tolist()
[0.0, 1.0, 0.0]
>>> brute_force(q).energy
0.0
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from reference._types import FloatArray, IntArray
from reference._validate import choice, finite_scalar, generator, integer, real_array, square_matrix

EPS = float(np.finfo(np.float64).eps)

Symmetrize = Literal["reject", "average"]
"""How :meth:`QUBO.from_matrix` treats a non-symmetric input: ``"reject"`` raises, ``"average"``
replaces ``M`` by ``(M + M^T)/2`` (which leaves ``x^T M x`` unchanged for every ``x``)."""

MAX_BRUTE_FORCE = 22
"""Default size limit of :func:`brute_force` (``2**22`` energies, 32 MiB)."""


@dataclass(frozen=True, kw_only=True)
class QUBO:
    """A QUBO ``E(x) = x^T matrix x + offset`` over ``x in {0, 1}^n``.

    Attributes:
        matrix: ``(n, n)`` real symmetric (exactly, entry by entry), read-only.
        offset: constant energy.

    Construct with :meth:`from_matrix` to choose how a non-symmetric input is treated.
    """

    matrix: FloatArray
    offset: float = 0.0

    def __post_init__(self) -> None:
        a = square_matrix("matrix", self.matrix).copy()
        if not np.array_equal(a, a.T):
            i, j = np.argwhere(a != a.T)[0]
            raise ValueError(
                f"matrix is not symmetric (matrix[{i},{j}]={a[i, j]!r} != "
                f"matrix[{j},{i}]={a[j, i]!r}); use QUBO.from_matrix(..., symmetrize='average')"
            )
        a.setflags(write=False)
        object.__setattr__(self, "matrix", a)
        object.__setattr__(self, "offset", finite_scalar("offset", self.offset))

    @staticmethod
    def from_matrix(
        m: npt.ArrayLike, *, offset: float = 0.0, symmetrize: Symmetrize = "reject"
    ) -> QUBO:
        """QUBO of ``x^T m x + offset``; a non-symmetric ``m`` is rejected or averaged.

        ``symmetrize="average"`` accepts an upper-triangular form (dimod's convention) exactly.
        Complex input is rejected (a QUBO is real; ``eye * 1j`` is not the zero QUBO).
        """
        a = square_matrix("matrix", m)
        if choice("symmetrize", symmetrize, ("reject", "average")) == "average":
            a = 0.5 * (a + a.T)
        return QUBO(matrix=a, offset=offset)

    @property
    def num_variables(self) -> int:
        return int(self.matrix.shape[0])

    def energy(self, x: npt.ArrayLike) -> FloatArray:
        """``x^T Q x + offset`` for ``x: (..., n)`` binary; returns ``(...)``."""
        xs = check_binary(x, self.num_variables)
        return np.einsum("...i,ij,...j->...", xs, self.matrix, xs) + self.offset  # type: ignore[no-any-return]

    def flip_deltas(self, x: npt.ArrayLike) -> FloatArray:
        """All single-flip energy changes ``Delta_i(x)`` (SUR-QAMA-03); ``(..., n) -> (..., n)``."""
        xs = check_binary(x, self.num_variables)
        return _flip_deltas(self.matrix, xs)

    def scale(self) -> float:
        """``max |Q_ij|`` (0 for the zero matrix): the unit of round-off tolerances."""
        return float(np.max(np.abs(self.matrix)))


def check_binary(x: npt.ArrayLike, n: int, *, name: str = "x") -> FloatArray:
    """``x`` as float64 ``(..., n)`` after checking every entry is 0 or 1."""
    a = real_array(name, x)
    if a.ndim < 1 or a.shape[-1] != n:
        raise ValueError(f"{name} has shape {a.shape}; expected (..., {n})")
    if not np.all((a == 0.0) | (a == 1.0)):
        raise ValueError(f"{name} must contain only 0 and 1")
    return a


def _flip_deltas(q: FloatArray, x: FloatArray) -> FloatArray:
    d = np.diagonal(q)
    field_ = x @ q  # sum_j Q_ij x_j, including j = i
    out: FloatArray = (1.0 - 2.0 * x) * (d + 2.0 * (field_ - d * x))
    return out


def flip_tolerance(qubo: QUBO) -> float:
    """Round-off bound on a computed ``Delta_i``: ``4 (n + 2) eps max|Q|`` (a sum of ``n + 1``
    terms each at most ``2 max|Q|``, accumulated in float64)."""
    return 4.0 * (qubo.num_variables + 2) * EPS * max(qubo.scale(), 1.0)


# ---------------------------------------------------------------------------------------------
# Ising and Pauli forms


@dataclass(frozen=True, kw_only=True)
class Ising:
    """``E(s) = offset + h . s + sum_{i<j} J_ij s_i s_j`` over ``s in {-1, +1}^n``.

    Attributes:
        h: ``(n,)`` fields.
        J: ``(n, n)`` strictly upper-triangular couplings (read-only).
        offset: constant.
    """

    h: FloatArray
    J: FloatArray
    offset: float = 0.0

    def __post_init__(self) -> None:
        h = real_array("h", self.h).copy()
        j = square_matrix("J", self.J).copy()
        if h.shape != (j.shape[0],):
            raise ValueError(f"h has shape {h.shape}; expected ({j.shape[0]},)")
        if np.any(np.tril(j) != 0.0):
            raise ValueError("J must be strictly upper triangular (couplings J_ij for i < j)")
        h.setflags(write=False)
        j.setflags(write=False)
        object.__setattr__(self, "h", h)
        object.__setattr__(self, "J", j)
        object.__setattr__(self, "offset", finite_scalar("offset", self.offset))

    @property
    def num_variables(self) -> int:
        return int(self.h.shape[0])

    def energy(self, s: npt.ArrayLike) -> FloatArray:
        """Energy of spins ``s: (..., n)`` in ``{-1, +1}``; returns ``(...)``."""
        a = real_array("s", s)
        if a.ndim < 1 or a.shape[-1] != self.num_variables:
            raise ValueError(f"s has shape {a.shape}; expected (..., {self.num_variables})")
        if not np.all(np.abs(a) == 1.0):
            raise ValueError("s must contain only -1 and +1")
        out: FloatArray = self.offset + a @ self.h + np.einsum("...i,ij,...j->...", a, self.J, a)
        return out


def to_ising(qubo: QUBO) -> Ising:
    """Exact Ising form under ``s = 2x - 1`` (survey §7 (1c), SUR-QAMA-02)."""
    q = qubo.matrix
    return Ising(
        h=0.5 * q.sum(axis=1),
        J=0.5 * np.triu(q, 1),
        offset=qubo.offset + 0.5 * (np.trace(q) + np.triu(q, 1).sum()),
    )


def from_ising(model: Ising) -> QUBO:
    """Inverse of :func:`to_ising`: with ``s = 2x - 1``, ``J_ij s_i s_j`` contributes
    ``4 J_ij x_i x_j - 2 J_ij (x_i + x_j) + J_ij``; ``h_i s_i`` contributes ``2 h_i x_i - h_i``."""
    j = model.J + model.J.T
    q = 2.0 * j
    np.fill_diagonal(q, 2.0 * model.h - 2.0 * j.sum(axis=1))
    return QUBO(matrix=q, offset=model.offset - model.h.sum() + model.J.sum())


def basis_bits(n: int) -> IntArray:
    """All ``2**n`` assignments as rows ``(2**n, n)``, row ``b`` = bits of ``b`` (qubit 0 = MSB)."""
    integer("n", n, lo=1, hi=MAX_BRUTE_FORCE)
    b = np.arange(1 << n, dtype=np.int64)[:, None]
    out: IntArray = (b >> np.arange(n - 1, -1, -1, dtype=np.int64)) & 1
    return out


def pauli_terms(qubo: QUBO) -> dict[str, float]:
    """``H_C`` as Pauli strings (character ``q`` acts on qubit ``q``): ``"I"*n`` -> offset,
    ``Z`` on ``i`` -> ``-h_i``, ``Z`` on ``i, j`` -> ``J_ij``; zero coefficients omitted."""
    ising = to_ising(qubo)
    n = qubo.num_variables
    out: dict[str, float] = {"I" * n: ising.offset}
    for i in range(n):
        if ising.h[i] != 0.0:
            out["I" * i + "Z" + "I" * (n - 1 - i)] = -float(ising.h[i])
    for i, j in zip(*np.nonzero(ising.J), strict=True):
        s = ["I"] * n
        s[int(i)] = s[int(j)] = "Z"
        out["".join(s)] = float(ising.J[i, j])
    return out


def pauli_diagonal(qubo: QUBO) -> FloatArray:
    """Diagonal of ``H_C`` in the computational basis, ``(2**n,)``, built from the Ising form with
    ``Z|x> = (1 - 2x)|x>`` (so it equals :func:`all_energies` exactly in exact arithmetic)."""
    ising = to_ising(qubo)
    z = 1.0 - 2.0 * basis_bits(qubo.num_variables).astype(np.float64)
    out: FloatArray = ising.offset - z @ ising.h + np.einsum("bi,ij,bj->b", z, ising.J, z)
    return out


# ---------------------------------------------------------------------------------------------
# solvers


@dataclass(frozen=True, kw_only=True)
class Solution:
    """A solver's answer: ``x`` ``(n,)`` in ``{0, 1}`` (int64) and its ``energy``."""

    x: IntArray
    energy: float


@runtime_checkable
class QUBOSolver(Protocol):
    """Anything that maps a QUBO (and a Generator, possibly unused) to a :class:`Solution`."""

    def __call__(self, qubo: QUBO, rng: np.random.Generator) -> Solution: ...


@dataclass(frozen=True, kw_only=True)
class ExactSolution(Solution):
    """:func:`brute_force` result, also giving the ground-state ``degeneracy`` (states within
    ``tolerance`` of the minimum) and the ``gap`` to the next energy (``inf`` if none)."""

    degeneracy: int
    gap: float
    tolerance: float


def all_energies(
    qubo: QUBO, *, max_variables: int = MAX_BRUTE_FORCE, chunk: int = 1 << 16
) -> FloatArray:
    """Energies of all ``2**n`` states ``(2**n,)`` (index convention of :func:`basis_bits`),
    computed in chunks of ``chunk`` states, each chunk one matrix product."""
    n = qubo.num_variables
    integer("max_variables", max_variables, lo=1, hi=30)
    integer("chunk", chunk, lo=1)
    if n > max_variables:
        raise ValueError(
            f"num_variables={n} exceeds the brute-force limit max_variables={max_variables} "
            f"(2**{n} states); use SimulatedAnnealing"
        )
    total = 1 << n
    out = np.empty(total, dtype=np.float64)
    shifts = np.arange(n - 1, -1, -1, dtype=np.int64)
    q = qubo.matrix
    for start in range(0, total, chunk):
        b = np.arange(start, min(start + chunk, total), dtype=np.int64)[:, None]
        x = ((b >> shifts) & 1).astype(np.float64)
        out[start : start + x.shape[0]] = np.einsum("bi,bi->b", x @ q, x)
    return out + qubo.offset


def brute_force(qubo: QUBO, *, max_variables: int = MAX_BRUTE_FORCE) -> ExactSolution:
    """Exact minimum by enumeration (ties: the smallest basis index, i.e. lexicographic ``x``).

    ``tolerance = (n + 1)^2 eps max|Q|`` bounds the round-off of one computed energy; states within
    it of the minimum count towards ``degeneracy``.
    """
    e = all_energies(qubo, max_variables=max_variables)
    n = qubo.num_variables
    i = int(np.argmin(e))
    emin = float(e[i])
    tol = (n + 1) ** 2 * EPS * max(qubo.scale(), abs(qubo.offset), 1.0)
    close = e <= emin + tol
    rest = e[~close]
    gap = float(rest.min() - emin) if rest.size else math.inf
    x = (i >> np.arange(n - 1, -1, -1, dtype=np.int64)) & 1
    return ExactSolution(
        x=x.astype(np.int64), energy=emin, degeneracy=int(close.sum()), gap=gap, tolerance=tol
    )


@dataclass(frozen=True, kw_only=True)
class BruteForce:
    """:class:`QUBOSolver` wrapper of :func:`brute_force` (``rng`` unused)."""

    max_variables: int = MAX_BRUTE_FORCE
    one_flip_optimal: bool = field(default=True, init=False)
    """A global minimum is 1-flip optimal."""

    def __call__(self, qubo: QUBO, rng: np.random.Generator | None = None) -> Solution:
        return brute_force(qubo, max_variables=self.max_variables)


Schedule = Literal["geometric", "linear"]

DEFAULT_BLOCK = 8
"""Default block size of :func:`simulated_annealing`'s field updates."""


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
    energy by more than :func:`flip_tolerance`. Terminates: each step lowers a row's energy."""
    xs = check_binary(x, qubo.num_variables).reshape(-1, qubo.num_variables).copy()
    q = qubo.matrix
    tol = flip_tolerance(qubo)
    active = np.arange(xs.shape[0])  # rows that may still improve
    while active.size:
        d = _flip_deltas(q, xs[active])
        j = np.argmin(d, axis=1)
        improve = d[np.arange(active.size), j] < -tol
        active, j = active[improve], j[improve]
        xs[active, j] = 1.0 - xs[active, j]
    return xs.astype(np.int64)


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
) -> AnnealResult:
    """Metropolis simulated annealing, vectorised over ``restarts`` independent chains.

    Each sweep visits the variables in order ``0..n-1``; a flip of ``Delta`` is accepted with
    probability ``min(1, exp(-beta Delta))``. ``beta`` follows ``schedule`` from ``beta_range[0]``
    to ``beta_range[1]`` over ``sweeps`` sweeps (default :func:`default_beta_range`). Local fields
    ``f_i = Q_ii + 2 sum_{j != i} Q_ij x_j`` (so ``Delta_i = (1 - 2x_i) f_i``) are kept exactly:
    inside a block of ``block`` consecutive variables (default :data:`DEFAULT_BLOCK`) the block's
    own fields are updated after every flip (``O(R block)``), and the other fields the block
    touches (non-zero columns of ``Q``, so sparse structure such as QAMA's heads x tokens is
    exploited) once per block by one matrix product; this gives
    the same Markov chain as the one-flip-at-a-time update with far fewer NumPy calls. Afterwards
    :func:`local_search` makes every sample 1-flip optimal (SUR-QAMA-03) unless
    ``local_search_after=False``.

    Args:
        qubo: the model.
        rng: the only source of randomness (initial states and acceptance draws).
        sweeps: number of sweeps (>= 1).
        restarts: number of independent chains (>= 1).
        beta_range: ``(beta_start, beta_end)``, both > 0.
        schedule: ``"geometric"`` or ``"linear"`` interpolation of beta.
        local_search_after: finish with 1-flip steepest descent.
        block: variables per field-update block (``1 <= block``; clipped to ``n``).
    """
    generator("rng", rng)
    integer("sweeps", sweeps, lo=1)
    integer("restarts", restarts, lo=1)
    b0, b1 = default_beta_range(qubo) if beta_range is None else _beta_range(beta_range)
    if choice("schedule", schedule, ("geometric", "linear")) == "geometric":
        betas = np.geomspace(b0, b1, sweeps)
    else:
        betas = np.linspace(b0, b1, sweeps)
    q = qubo.matrix
    n = qubo.num_variables
    bs = _check_block(block, n)
    diag = np.diagonal(q)
    q2 = 2.0 * q
    np.fill_diagonal(q2, 0.0)  # flip fields change by 2 Q_ji dx_i for j != i
    x0 = rng.integers(0, 2, size=(restarts, n)).astype(np.float64)
    # flip fields f_i = Q_ii + 2 sum_{j != i} Q_ij x_j and z = 1 - 2x, so Delta_i = z_i f_i;
    # both stored variable-major, (n, R), so a block of variables is a contiguous slice
    f = np.ascontiguousarray((diag + x0 @ q2).T)
    z = np.ascontiguousarray((1.0 - 2.0 * x0).T)
    blocks = [(a, min(a + bs, n)) for a in range(0, n, bs)]
    plan = []
    for a, b in blocks:
        touched = np.any(q2[a:b] != 0.0, axis=0)  # fields a flip in the block can change
        touched[a:b] = False
        out = np.flatnonzero(touched)
        bb = q2[a:b, a:b]
        plan.append((out, out.size == n - (b - a), q2[out, a:b].copy(), bb.copy(), np.triu(bb, 1)))
    delta = np.empty(restarts)
    acc = np.empty(restarts, dtype=bool)
    thresh = np.empty((n, restarts))
    for beta in betas:
        # Metropolis: accept iff Delta <= E / beta with E ~ Exp(1) (E = -ln u, u uniform)
        rng.standard_exponential(out=thresh)
        thresh *= 1.0 / beta
        for (a, b), (out, complement, q2_out, q2_bb, q2_up) in zip(blocks, plan, strict=True):
            zb = z[a:b]  # views, updated in place
            fb = f[a:b]
            dxb = np.zeros((b - a, restarts))  # x changes in this block, dx_i = z_i (old)
            flipped = False
            for t in range(b - a):
                zt = zb[t]
                np.multiply(zt, fb[t], out=delta)
                np.less_equal(delta, thresh[a + t], out=acc)
                if np.count_nonzero(acc):
                    flipped = True
                    dx = dxb[t]
                    np.multiply(zt, acc, out=dx)
                    zt -= dx
                    zt -= dx
                    if t + 1 < b - a:  # later fields of the block, needed in this pass
                        fb[t + 1 :] += q2_bb[t + 1 :, t : t + 1] * dx
            if not flipped:
                continue
            if b - a > 1:  # earlier fields of the block: flips that came after them
                fb += q2_up @ dxb
            if out.size == 0:
                continue
            upd = q2_out @ dxb  # every other field touched by the block, once per block
            if complement:
                f[:a] += upd[:a]
                f[b:] += upd[a:]
            else:
                f[out] += upd
    x = (1.0 - z.T) / 2.0
    xs = local_search(qubo, x) if local_search_after else x.astype(np.int64)
    energies = qubo.energy(xs)
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
    one_flip_optimal: bool = field(default=True, init=False)
    """Post-condition of the final local search (SUR-QAMA-03)."""

    def __post_init__(self) -> None:
        integer("sweeps", self.sweeps, lo=1)
        integer("restarts", self.restarts, lo=1)
        if self.beta_range is not None:
            _beta_range(self.beta_range)
        choice("schedule", self.schedule, ("geometric", "linear"))

    def __call__(self, qubo: QUBO, rng: np.random.Generator) -> Solution:
        return simulated_annealing(
            qubo,
            rng=rng,
            sweeps=self.sweeps,
            restarts=self.restarts,
            beta_range=self.beta_range,
            schedule=self.schedule,
        ).best


def qubo_from_terms(n: int, terms: Mapping[tuple[int, int], float], *, offset: float = 0.0) -> QUBO:
    """QUBO from a dict ``{(i, j): c}`` meaning ``sum c x_i x_j`` (dimod ``from_qubo`` convention:
    ``(i, i)`` is linear, ``(i, j)`` and ``(j, i)`` add up)."""
    m = np.zeros((integer("n", n, lo=1), n))
    for (i, j), c in terms.items():
        if not (0 <= i < n and 0 <= j < n):
            raise ValueError(f"terms key {(i, j)} out of range for n={n}")
        m[i, j] += finite_scalar(f"terms[{(i, j)}]", c)
    return QUBO.from_matrix(m, offset=offset, symmetrize="average")


def upper_terms(qubo: QUBO) -> dict[tuple[int, int], float]:
    """Inverse of :func:`qubo_from_terms`: ``{(i, i): Q_ii, (i, j): 2 Q_ij for i < j}``, zeros
    omitted."""
    q = qubo.matrix
    out = {(int(i), int(i)): float(q[i, i]) for i in range(q.shape[0]) if q[i, i] != 0.0}
    iu, ju = np.nonzero(np.triu(q, 1))
    out.update({(int(i), int(j)): float(2.0 * q[i, j]) for i, j in zip(iu, ju, strict=True)})
    return out


__all__ = [
    "MAX_BRUTE_FORCE",
    "QUBO",
    "AnnealResult",
    "BruteForce",
    "ExactSolution",
    "Ising",
    "QUBOSolver",
    "SimulatedAnnealing",
    "Solution",
    "all_energies",
    "basis_bits",
    "brute_force",
    "check_binary",
    "default_beta_range",
    "flip_tolerance",
    "from_ising",
    "local_search",
    "pauli_diagonal",
    "pauli_terms",
    "qubo_from_terms",
    "simulated_annealing",
    "to_ising",
    "upper_terms",
]
