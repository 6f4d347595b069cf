r"""QUBO models: energy, exact Ising / Pauli-Z conversions, single-flip deltas, the exact solver
(survey §7 (1c), claims SUR-QAMA-02, SUR-QAMA-03; used by QAMA and GroQ-RAG).

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
:class:`BruteForce` (exact, all ``2**n`` states in vectorised chunks, ``n <= 22`` by default) here,
and :class:`reference.algorithms.annealing.SimulatedAnnealing` (Metropolis single-flip sweeps,
then 1-flip steepest descent).

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
from reference._validate import choice, finite_scalar, integer, real_array, square_matrix

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
        return flip_deltas_of(self.matrix, xs)

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


def flip_deltas_of(q: FloatArray, x: FloatArray) -> FloatArray:
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
    "BruteForce",
    "ExactSolution",
    "Ising",
    "QUBOSolver",
    "Solution",
    "all_energies",
    "basis_bits",
    "brute_force",
    "check_binary",
    "flip_deltas_of",
    "flip_tolerance",
    "from_ising",
    "pauli_diagonal",
    "pauli_terms",
    "qubo_from_terms",
    "to_ising",
    "upper_terms",
]
