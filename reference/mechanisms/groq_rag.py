r"""GroQ-Enhanced RAG: QUBO chunk selection and Grover / Dürr–Høyer retrieval (survey §10; claims
SUR-GROQ-01..05). RECONSTRUCTED: the preprint (Saha et al., Research Square rs-6216441) was not
available (SUR-CORR-09); these are the two standard primitives matching the seed's description.

**(a) QUBO chunk selection** over ``M`` chunks with relevance ``r_i = cos(q, c_i)`` and
redundancy ``S_ij = cos(c_i, c_j)``::

    E(x) = -sum_i r_i x_i + alpha sum_{i<j} S_ij x_i x_j + lambda (sum_i x_i - k)^2,

matrix form ``Q_ii = -r_i + lambda (1 - 2k)``, ``Q_ij = Q_ji = alpha S_ij / 2 + lambda`` and the
constant ``lambda k^2`` (SUR-GROQ-02). Penalty sufficiency (SUR-GROQ-01): if
``lambda > B = max_i (|r_i| + alpha sum_{j != i} |S_ij|)`` every minimiser has ``sum x = k``
(exchange argument: moving one step towards ``k`` changes the penalty by ``<= -lambda`` and the
rest by ``<= B``). The diagonal ``S_ii`` never enters ``E``; ``include_diagonal=True`` gives the
bound with ``sum_j`` over all ``j`` as the survey states it (larger, so also sufficient).

**(b) Grover retrieval** (reuses :mod:`reference.mechanisms.grover`): the oracle marks chunks with
score
``>= tau`` (``M_tau`` of ``N``); ``P_succ(k) = sin^2((2k+1) theta)``, ``theta = arcsin
sqrt(M_tau/N)``; the best chunk is found by Dürr–Høyer maximum finding with an expected
``O(sqrt N)`` oracle queries, every query counted. Not counted (survey §10 (2)): loading the
scores (QRAM / state preparation, ``Omega(N)``).

>>> import numpy as np
>>> r = np.array([0.9, 0.1, 0.5]); S = np.eye(3)
>>> model = selection_qubo(r, S, alpha=0.0, lam=2.0, k=1)
>>> brute = __import__("reference.algorithms.qubo", fromlist=["brute_force"]).brute_force(model)
>>> brute.x.tolist()
[1, 0, 0]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from reference._mechanism import CircuitExample, Mechanism
from reference._types import FloatArray
from reference._validate import finite_scalar, generator, integer, real_array
from reference.algorithms.qaoa import qaoa_circuit
from reference.algorithms.qubo import QUBO, check_binary
from reference.circuit import Circuit, Param
from reference.mechanisms import grover as _grover


def _vec(name: str, a: npt.ArrayLike) -> FloatArray:
    """A finite real non-empty ``(M,)`` vector (an empty collection of chunks has nothing to
    select or retrieve: rejected, like every empty input of this module)."""
    return real_array(name, a, ndim=1, shape_text="a non-empty (M,) vector", nonempty=True)


def _similarity(S: npt.ArrayLike, m: int) -> FloatArray:
    """A finite real symmetric ``(M, M)`` redundancy matrix."""
    sa = real_array("S", S, ndim=2, shape_text=f"({m}, {m})")
    if sa.shape != (m, m):
        raise ValueError(f"S has shape {sa.shape}; expected ({m}, {m})")
    bad = np.argwhere(sa != sa.T)
    if bad.size:
        i, j = (int(v) for v in bad[0])
        raise ValueError(
            f"S must be symmetric (S[{i}, {j}]={sa[i, j]!r} != S[{j}, {i}]={sa[j, i]!r})"
        )
    return sa


def _check_rs(r: npt.ArrayLike, S: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    ra = _vec("r", r)
    return ra, _similarity(S, ra.size)


def _weights(alpha: float, lam: float, k: int, m: int) -> tuple[float, float, int]:
    """``alpha`` finite (any sign: negative rewards redundancy), ``lam >= 0``, ``k in [0, M]``."""
    return (
        finite_scalar("alpha", alpha),
        finite_scalar("lam", lam, lo=0.0),
        integer("k", k, lo=0, hi=m),
    )


def cosine_scores(query: npt.ArrayLike, chunks: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    """``r_i = cos(query, c_i)``: ``(M,)`` and ``S_ij = cos(c_i, c_j)``: ``(M, M)``.

    ``query: (d,)``, ``chunks: (M, d)``; zero vectors are rejected (cosine undefined).
    """
    qv = _vec("query", query)
    c = real_array("chunks", chunks, ndim=2, shape_text=f"(M, {qv.size})", nonempty=True)
    if c.shape[1] != qv.size:
        raise ValueError(f"chunks has shape {c.shape}; expected (M, {qv.size})")
    qn = float(np.linalg.norm(qv))
    cn = np.linalg.norm(c, axis=1)
    if qn == 0.0:
        raise ValueError("query has zero norm: cosine similarity is undefined")
    if np.any(cn == 0.0):
        raise ValueError(
            f"chunks[{int(np.argmin(cn))}] has zero norm: cosine similarity is undefined"
        )
    u = c / cn[:, None]
    s = u @ u.T
    s = 0.5 * (s + s.T)
    return u @ (qv / qn), s


def selection_qubo(r: npt.ArrayLike, S: npt.ArrayLike, *, alpha: float, lam: float, k: int) -> QUBO:
    """Matrix form of the selection objective (survey §10 (1a); SUR-GROQ-02), offset ``lam k^2``."""
    ra, sa = _check_rs(r, S)
    a, lm, kk = _weights(alpha, lam, k, ra.size)
    q = 0.5 * a * sa + lm
    np.fill_diagonal(q, -ra + lm * (1 - 2 * kk))
    return QUBO(matrix=q, offset=lm * kk**2)


def selection_energy(
    x: npt.ArrayLike,
    r: npt.ArrayLike,
    S: npt.ArrayLike,
    *,
    alpha: float,
    lam: float,
    k: int,
) -> FloatArray:
    """The closed form ``-r.x + alpha sum_{i<j} S_ij x_i x_j + lam (sum x - k)^2`` for
    ``x: (..., M)`` (independent of :func:`selection_qubo`)."""
    ra, sa = _check_rs(r, S)
    a, lm, kk = _weights(alpha, lam, k, ra.size)
    xa = check_binary(x, ra.size)
    red = np.einsum("...i,ij,...j->...", xa, np.triu(sa, 1), xa)
    return -xa @ ra + a * red + lm * (xa.sum(-1) - kk) ** 2  # type: ignore[no-any-return]


def redundancy(x: npt.ArrayLike, S: npt.ArrayLike) -> FloatArray:
    """Selected redundancy ``sum_{i<j} S_ij x_i x_j`` (SUR-GROQ-04); ``(..., M) -> (...)``."""
    sa = real_array("S", S, ndim=2, shape_text="(M, M)")
    sa = _similarity(sa, sa.shape[0])
    xa = check_binary(x, sa.shape[0])
    return np.einsum("...i,ij,...j->...", xa, np.triu(sa, 1), xa)  # type: ignore[no-any-return]


def penalty_bound(
    r: npt.ArrayLike, S: npt.ArrayLike, *, alpha: float, include_diagonal: bool = False
) -> float:
    """``B = max_i (|r_i| + |alpha| sum_{j != i} |S_ij|)``; ``lam > B`` suffices (SUR-GROQ-01)."""
    ra, sa = _check_rs(r, S)
    a = np.abs(sa)
    if not include_diagonal:
        a = a - np.diag(np.diagonal(a))
    return float(np.max(np.abs(ra) + abs(finite_scalar("alpha", alpha)) * a.sum(axis=1)))


def top_k(r: npt.ArrayLike, k: int) -> FloatArray:
    """Indicator ``(M,)`` of the ``k`` largest ``r`` (ties: lower index), the reduction of
    SUR-GROQ-03 (``alpha = 0``, ``lam > B``)."""
    ra = _vec("r", r)
    kk = integer("k", k, lo=0, hi=ra.size)
    out = np.zeros(ra.size)
    out[np.argsort(-ra, kind="stable")[:kk]] = 1.0
    return out


# ---------------------------------------------------------------------------------------------
# Grover retrieval


@dataclass(frozen=True, kw_only=True)
class Retrieval:
    """Result of :func:`retrieve_best` / :func:`retrieve_above`: chunk ``index`` (or ``None``),
    oracle ``queries`` spent, and the classical ``loads`` a QRAM would need (``M``, not counted
    by Grover)."""

    index: int | None
    queries: int
    loads: int


def retrieve_above(
    scores: npt.ArrayLike, *, tau: float, rng: np.random.Generator, max_queries: int | None = None
) -> Retrieval:
    """One chunk with ``score >= tau`` by BBHT search (unknown ``M_tau``), queries counted."""
    s = _vec("scores", scores)
    t = finite_scalar("tau", tau)
    res = _grover.bbht_search(s >= t, rng=generator("rng", rng), max_queries=max_queries)
    return Retrieval(index=res.index, queries=res.queries, loads=s.size)


def retrieve_best(
    scores: npt.ArrayLike, *, rng: np.random.Generator, delta: float = 0.01
) -> Retrieval:
    """The best chunk by Dürr–Høyer maximum finding (success ``>= 1 - delta``), queries counted."""
    s = _vec("scores", scores)
    res = _grover.durr_hoyer_max(s, rng=generator("rng", rng), delta=delta)
    return Retrieval(index=res.index, queries=res.queries, loads=s.size)


def success_probability(*, num_items: int, num_marked: int, iterations: int) -> float:
    """``sin^2((2k + 1) theta)``, ``theta = arcsin sqrt(M_tau / N)`` (SUR-GROQ-05)."""
    return float(
        _grover.success_probability(
            num_items=num_items, num_marked=num_marked, iterations=iterations
        )
    )


def retrieval_circuit(
    scores: npt.ArrayLike, *, tau: float, iterations: int | None = None, measure: bool = True
) -> Circuit:
    """Gate-level Grover search for the chunks with ``score >= tau``: ``N = 2^m`` scores (pad with
    ``-inf``-like low scores to a power of two first), ``r* = floor(pi/(4 theta))`` iterations by
    default; oracle ``x``-conjugated multi-controlled ``z`` (``ctrl(m-1) @ z`` in OpenQASM 3)."""
    s = _vec("scores", scores)
    n = s.size
    if n < 2 or n & (n - 1):
        raise ValueError(f"scores has length {n}; expected a power of two >= 2")
    marked = [int(i) for i in np.flatnonzero(s >= finite_scalar("tau", tau))]
    if not marked:
        raise ValueError(f"tau={tau}: no chunk is marked")
    r = (
        _grover.optimal_iterations(num_items=n, num_marked=len(marked))
        if iterations is None
        else integer("iterations", iterations, lo=0)
    )
    return _grover.grover_circuit(n.bit_length() - 1, marked, r, measure=measure)


def _example_scores() -> FloatArray:
    return np.array([0.12, 0.55, 0.31, 0.08, 0.91, 0.47, 0.22, 0.36])


def _example_selection_qubo() -> QUBO:
    r = np.array([0.9, 0.4, 0.7])
    s = np.array([[1.0, 0.2, 0.8], [0.2, 1.0, 0.1], [0.8, 0.1, 1.0]])
    return selection_qubo(r, s, alpha=0.5, lam=2.5, k=2)


MECHANISM = Mechanism(
    name="groq-rag",
    module=__name__,
    summary="GroQ-RAG: QUBO chunk selection (relevance, redundancy, cardinality) and Grover / "
    "Dürr-Høyer retrieval with oracle-query counting (survey §10, RECONSTRUCTED).",
    circuits=(
        CircuitExample(
            name="groq-grover-retrieval",
            build=lambda: retrieval_circuit(_example_scores(), tau=0.9),
            description="Grover search for the chunk with score >= 0.9 among 8 (3 qubits, r* = 2),"
            " measured",
        ),
        CircuitExample(
            name="groq-qaoa-selection",
            build=lambda: qaoa_circuit(
                _example_selection_qubo(),
                layers=1,
                gammas=[Param("gamma")],
                betas=[Param("beta")],
                name="groq_qaoa",
            ),
            description="one QAOA layer for a 3-chunk selection QUBO (k = 2), symbolic gamma/beta",
        ),
    ),
)

__all__ = [
    "MECHANISM",
    "Retrieval",
    "cosine_scores",
    "penalty_bound",
    "redundancy",
    "retrieval_circuit",
    "retrieve_above",
    "retrieve_best",
    "selection_energy",
    "selection_qubo",
    "success_probability",
    "top_k",
]
