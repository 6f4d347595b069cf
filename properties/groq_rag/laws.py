"""Laws of GroQ-RAG chunk selection and Grover retrieval (claims ``SUR-GROQ-*``).

Each law returns a *slack*: ``>= 0`` when the law holds, negative when it fails; ``None`` when
its precondition does not hold. Round-off model and :func:`energy_tolerance` as in
:mod:`properties.qama.laws`. The ledger (:mod:`proofs.evidence.groq_rag`) and the Hypothesis tests
(:mod:`properties.groq_rag.test_laws`) call the same functions.
"""

from __future__ import annotations

import numpy as np

from properties.tolerances import EPS, energy_tolerance
from reference import simulate as _sim
from reference._types import FloatArray
from reference.algorithms.qubo import all_energies, basis_bits, brute_force
from reference.mechanisms import grover as _grover
from reference.mechanisms.groq_rag import (
    penalty_bound,
    redundancy,
    selection_energy,
    selection_qubo,
    top_k,
)


def law_selection_matrix_form(
    r: FloatArray, S: FloatArray, alpha: float, lam: float, k: int
) -> float:
    """SUR-GROQ-02: the matrix form (plus ``lam k^2``) equals the closed form for every ``x``."""
    model = selection_qubo(r, S, alpha=alpha, lam=lam, k=k)
    x = basis_bits(r.size)
    dev = np.abs(model.energy(x) - selection_energy(x, r, S, alpha=alpha, lam=lam, k=k))
    return energy_tolerance(model) * (1.0 + lam * k * k) - float(dev.max())


def law_penalty_sufficiency(
    r: FloatArray, S: FloatArray, alpha: float, k: int, margin: float
) -> float:
    """SUR-GROQ-01 with ``lam = B + margin`` (``margin > 0``): every state with ``sum x != k`` lies
    at least ``lam - B`` above the minimum (the exchange argument's quantitative form), so every
    minimiser has ``sum x = k``."""
    b = penalty_bound(r, S, alpha=alpha)
    lam = b + margin
    model = selection_qubo(r, S, alpha=alpha, lam=lam, k=k)
    e = all_energies(model)
    card = basis_bits(r.size).sum(axis=1)
    infeasible = e[card != k]
    if infeasible.size == 0:
        return 0.0
    return float(infeasible.min() - e.min() - (lam - b)) + 4.0 * energy_tolerance(model) * (
        1.0 + lam * k * k
    )


def law_topk_reduction(r: FloatArray, S: FloatArray, k: int, alpha: float) -> float:
    """SUR-GROQ-03: with ``alpha = 0`` (or ``k = 1``, any ``alpha``) and ``lam > B`` the top-k
    (argmax) indicator is a minimiser: ``E(top_k) - E_min <= tol``."""
    if alpha != 0.0 and k != 1:
        raise ValueError("law_topk_reduction needs alpha = 0 or k = 1")
    lam = penalty_bound(r, S, alpha=alpha) + 1.0
    model = selection_qubo(r, S, alpha=alpha, lam=lam, k=k)
    ex = brute_force(model)
    return 4.0 * energy_tolerance(model) * (1.0 + lam * k * k) - (
        float(model.energy(top_k(r, k))) - ex.energy
    )


def law_alpha_statics(
    r: FloatArray, S: FloatArray, a1: float, a2: float, lam: float, k: int
) -> float | None:
    """SUR-GROQ-04: ``a1 < a2`` implies ``R(x*_{a2}) <= R(x*_{a1})`` (exact solver), up to
    ``2 delta / (a2 - a1)`` (exchange argument with computed minima ``delta``-accurate)."""
    lo, hi = min(a1, a2), max(a1, a2)
    if hi - lo <= 0:
        return None
    m1 = selection_qubo(r, S, alpha=lo, lam=lam, k=k)
    m2 = selection_qubo(r, S, alpha=hi, lam=lam, k=k)
    delta = 4.0 * max(energy_tolerance(m1), energy_tolerance(m2)) * (1.0 + lam * k * k)
    r1 = float(redundancy(brute_force(m1).x, S))
    r2 = float(redundancy(brute_force(m2).x, S))
    return r1 - r2 + 2.0 * delta / (hi - lo)


def law_grover_success(num_qubits: int, marked: list[int], iterations: int) -> float:
    """SUR-GROQ-05: the gate-level Grover circuit's success probability equals
    ``sin^2((2k+1) theta)``; tolerance ``4 (m+1) 2^(n) eps`` for ``m`` gates of <= n qubits."""
    sim = _grover.gate_level_success_probability(num_qubits, marked, iterations)
    formula = float(
        _grover.success_probability(
            num_items=1 << num_qubits, num_marked=len(marked), iterations=iterations
        )
    )
    m = len(_grover.grover_circuit(num_qubits, marked, iterations).ops)
    return 4.0 * (m + 1) * (1 << num_qubits) * EPS - abs(sim - formula)


def law_diffusion_unitary(num_qubits: int) -> float:
    """SUR-GROQ-05: the diffusion circuit equals ``-(2|s><s| - I)`` and is unitary."""
    u = _sim.unitary(_grover.diffusion(num_qubits))
    dim = 1 << num_qubits
    s = np.full(dim, 1.0 / np.sqrt(dim))
    target = -(2.0 * np.outer(s, s) - np.eye(dim))
    dev = max(float(np.abs(u - target).max()), float(np.abs(u.conj().T @ u - np.eye(dim)).max()))
    return 8.0 * (len(_grover.diffusion(num_qubits).ops) + 1) * dim * EPS - dev


__all__ = [
    "law_alpha_statics",
    "law_diffusion_unitary",
    "law_grover_success",
    "law_penalty_sufficiency",
    "law_selection_matrix_form",
    "law_topk_reduction",
]
