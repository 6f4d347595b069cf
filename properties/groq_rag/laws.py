"""Laws of GroQ-RAG chunk selection and Grover retrieval (claims ``SUR-GROQ-*``).

Every law takes the implementation under test as its first argument (the selection-QUBO builder,
the penalty bound, the top-k reduction, the retrieval circuit, the diffusion), so the reference
(bound in :mod:`properties.groq_rag.test_laws` and :mod:`proofs.evidence.groq_rag`) and a user's
variant meet the same function. Each returns a :class:`properties.outcome.Outcome` (named checks
with deviation and derived tolerance; a value computed from the implementation that is not finite
never holds); ``None`` when its precondition does not hold.

Round-off model: as in :mod:`properties.qama.laws`; the selection energy carries the constant
``lam k^2``, so its tolerance is :func:`~properties.tolerances.energy_tolerance` scaled by
``1 + lam k^2`` (:func:`_tolerance`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

from properties.outcome import Outcome, at_least, at_most, combine, true
from properties.qama.laws import margin
from properties.tolerances import EPS, energy_tolerance
from reference import simulate as _sim
from reference._types import FloatArray
from reference.algorithms.qubo import QUBO, all_energies, basis_bits, brute_force
from reference.circuit import Circuit
from reference.mechanisms.groq_rag import selection_energy


class SelectionBuilder(Protocol):
    """``build(r, S, *, alpha, lam, k) -> QUBO`` (``groq_rag.selection_qubo``)."""

    def __call__(
        self, r: FloatArray, S: FloatArray, /, *, alpha: float, lam: float, k: int
    ) -> QUBO: ...


class PenaltyBound(Protocol):
    """``bound(r, S, *, alpha) -> B`` with ``lam > B`` sufficient (``groq_rag.penalty_bound``)."""

    def __call__(self, r: FloatArray, S: FloatArray, /, *, alpha: float) -> float: ...


class RetrievalCircuit(Protocol):
    """``circuit(scores, *, tau, iterations, measure) -> Circuit`` marking ``score >= tau``
    (``groq_rag.retrieval_circuit``)."""

    def __call__(
        self, scores: FloatArray, /, *, tau: float, iterations: int | None, measure: bool
    ) -> Circuit: ...


TopK = Callable[[FloatArray, int], FloatArray]
"""``top_k(r, k) -> (M,)`` indicator of the ``k`` largest ``r`` (``groq_rag.top_k``)."""


def _tolerance(model: QUBO, lam: float, k: int) -> float:
    return energy_tolerance(model) * (1.0 + lam * k * k)


def _redundancy(x: FloatArray, S: FloatArray) -> float:
    """``sum_{i<j} S_ij x_i x_j`` (the oracle of SUR-GROQ-04)."""
    return float(np.einsum("i,ij,j->", x, np.triu(S, 1), x))


def law_selection_matrix_form(
    build: SelectionBuilder, r: FloatArray, S: FloatArray, alpha: float, lam: float, k: int
) -> Outcome:
    """SUR-GROQ-02: the matrix form (plus ``lam k^2``) equals the closed form for every ``x``."""
    model = build(r, S, alpha=alpha, lam=lam, k=k)
    x = basis_bits(r.size)
    dev = np.abs(model.energy(x) - selection_energy(x, r, S, alpha=alpha, lam=lam, k=k))
    return margin("x^T Q x + lam k^2 = closed form", _tolerance(model, lam, k), float(dev.max()))


def law_penalty_sufficiency(
    build: SelectionBuilder,
    bound: PenaltyBound,
    r: FloatArray,
    S: FloatArray,
    alpha: float,
    k: int,
    gap: float,
) -> Outcome:
    """SUR-GROQ-01 with ``lam = B + gap`` (``gap > 0``): every state with ``sum x != k`` lies
    at least ``lam - B`` above the minimum (the exchange argument's quantitative form), so every
    minimiser has ``sum x = k``."""
    b = bound(r, S, alpha=alpha)
    lam = b + gap
    model = build(r, S, alpha=alpha, lam=lam, k=k)
    e = all_energies(model)
    card = basis_bits(r.size).sum(axis=1)
    infeasible = e[card != k]
    if infeasible.size == 0:  # M = 0: no state violates sum x = k
        return true("no state with sum x != k (vacuous)", True)
    # two computed energies (each within _tolerance) and lam - B (B: M additions of |S| terms)
    tol = 4.0 * _tolerance(model, lam, k)
    above = float(infeasible.min() - e.min())
    return at_least("min_{sum x != k} E - E_min >= lam - B", above, lam - b, tol)


def law_topk_reduction(
    build: SelectionBuilder,
    bound: PenaltyBound,
    top_k: TopK,
    r: FloatArray,
    S: FloatArray,
    k: int,
    alpha: float,
) -> Outcome:
    """SUR-GROQ-03: with ``alpha = 0`` (or ``k = 1``, any ``alpha``) and ``lam > B`` the top-k
    (argmax) indicator is a minimiser: ``E(top_k) - E_min <= tol``."""
    if alpha != 0.0 and k != 1:
        raise ValueError(f"alpha={alpha!r}, k={k!r}: law_topk_reduction needs alpha = 0 or k = 1")
    lam = bound(r, S, alpha=alpha) + 1.0
    model = build(r, S, alpha=alpha, lam=lam, k=k)
    ex = brute_force(model)
    e_top = float(model.energy(top_k(r, k)))
    return at_most("E(top-k) <= E_min", e_top, ex.energy, 4.0 * _tolerance(model, lam, k))


def law_alpha_statics(
    build: SelectionBuilder, r: FloatArray, S: FloatArray, a1: float, a2: float, lam: float, k: int
) -> Outcome | None:
    """SUR-GROQ-04: ``a1 < a2`` implies ``R(x*_{a2}) <= R(x*_{a1})`` (exact solver), up to
    ``2 delta / (a2 - a1)`` (exchange argument with computed minima ``delta``-accurate)."""
    lo, hi = min(a1, a2), max(a1, a2)
    if hi - lo <= 0:
        return None
    m1 = build(r, S, alpha=lo, lam=lam, k=k)
    m2 = build(r, S, alpha=hi, lam=lam, k=k)
    delta = 4.0 * max(_tolerance(m1, lam, k), _tolerance(m2, lam, k))
    r1 = _redundancy(brute_force(m1).x.astype(np.float64), S)
    r2 = _redundancy(brute_force(m2).x.astype(np.float64), S)
    return at_most("R(x*_a2) <= R(x*_a1)", r2, r1, 2.0 * delta / (hi - lo))


def law_grover_success(
    circuit: RetrievalCircuit, num_qubits: int, marked: Sequence[int], iterations: int
) -> Outcome:
    """SUR-GROQ-05: the gate-level retrieval circuit (scores 1 on ``marked``, 0 elsewhere,
    ``tau = 1/2``) finds a marked chunk with probability ``sin^2((2k+1) theta)``, ``theta =
    arcsin sqrt(M/N)``; tolerance ``4 (m+1) 2^n eps`` for ``m`` gates of <= n qubits."""
    size = 1 << num_qubits
    scores = np.zeros(size)
    scores[list(marked)] = 1.0
    circ = circuit(scores, tau=0.5, iterations=iterations, measure=False)
    psi = _sim.statevector(circ)
    sim = float(np.sum(np.abs(psi[list(marked)]) ** 2))
    theta = math.asin(math.sqrt(len(marked) / size))
    formula = math.sin((2 * iterations + 1) * theta) ** 2
    tol = 4.0 * (len(circ.ops) + 1) * size * EPS
    return margin("P_succ = sin^2((2k+1) theta)", tol, abs(sim - formula))


def law_diffusion_unitary(diffusion: Callable[[int], Circuit], num_qubits: int) -> Outcome:
    """SUR-GROQ-05: the diffusion circuit equals ``-(2|s><s| - I)`` and is unitary."""
    circ = diffusion(num_qubits)
    u = _sim.unitary(circ)
    dim = 1 << num_qubits
    s = np.full(dim, 1.0 / np.sqrt(dim))
    target = -(2.0 * np.outer(s, s) - np.eye(dim))
    tol = 8.0 * (len(circ.ops) + 1) * dim * EPS
    return combine(
        margin("U = -(2|s><s| - I)", tol, float(np.abs(u - target).max())),
        margin("U^H U = I", tol, float(np.abs(u.conj().T @ u - np.eye(dim)).max())),
    )


__all__ = [
    "PenaltyBound",
    "RetrievalCircuit",
    "SelectionBuilder",
    "TopK",
    "law_alpha_statics",
    "law_diffusion_unitary",
    "law_grover_success",
    "law_penalty_sufficiency",
    "law_selection_matrix_form",
    "law_topk_reduction",
]
