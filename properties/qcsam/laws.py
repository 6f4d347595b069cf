"""Laws of QCSAM's complex overlaps, Hadamard/interference tests and complex LCU
(claims ``SUR-QCSAM-01..05``, ``SUR-QCSAM-C01``).

Each law takes the implementation under test and returns a slack (``>= 0`` when it holds).

Tolerances (derivations): a simulated statevector after ``m`` gates of at most ``k`` qubits is
within ``s = state_tolerance(circuit) = 4 (m+1) 2**k eps`` of the exact one
(:func:`properties.tolerances.state_tolerance`). An overlap of two such states is off by at most
``s_q + s_k`` (Cauchy-Schwarz); a Born probability of a measured qubit by at most ``2 s``; the
component formula sums ``2 D`` products of numbers bounded by 1 per part, ``4 D eps``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from properties.tolerances import EPS
from reference import gates as _gates
from reference._types import ComplexArray
from reference.circuit import Circuit

Similarity = Callable[[ComplexArray, ComplexArray], ComplexArray]
"""``sim(q (N, D), k (M, D)) -> (N, M)`` complex: ``[i, j] = <k_j|q_i>``."""


def law_overlap_bound_and_conjugate(
    f: Similarity, q: ComplexArray, k: ComplexArray, tol: float
) -> float:
    """SUR-QCSAM-01: ``|alpha_ij| <= 1`` and ``conj(alpha_ij) = <q_i|k_j>`` (the overlap taken in
    the other order, computed here as ``sum conj(q) k``)."""
    a = np.asarray(f(q, k))
    if a.shape != (q.shape[0], k.shape[0]):
        return -1.0
    s1 = 1.0 + tol - float(np.max(np.abs(a)))
    other = np.einsum("is,js->ij", q.conj(), k)
    s2 = tol - float(np.max(np.abs(a.conj() - other)))
    return min(s1, s2)


def law_phase_covariance(
    f: Similarity, q: ComplexArray, k: ComplexArray, phi: float, tol: float
) -> float:
    """SUR-QCSAM-04: with ``k_j -> e^{i phi} k_j``, ``alpha -> e^{-i phi} alpha`` and ``|alpha|^2``
    (the real-valued weight) is unchanged; the phase is visible (``alpha`` itself moves by
    ``|1 - e^{-i phi}| |alpha|``)."""
    a = np.asarray(f(q, k))
    b = np.asarray(f(q, np.exp(1j * phi) * k))
    s1 = tol - float(np.max(np.abs(b - np.exp(-1j * phi) * a)))
    s2 = 2 * tol - float(np.max(np.abs(np.abs(b) ** 2 - np.abs(a) ** 2)))
    return min(s1, s2)


def law_component_formula(q: ComplexArray, k: ComplexArray) -> float:
    """SUR-QCSAM-02 (formula): with ``q = a + ib``, ``k = c + id``:
    ``<k|q> = sum(ac + bd) + i sum(bc - ad)`` (checked against ``vdot``)."""
    a, b, c, d = q.real, q.imag, k.real, k.imag
    lhs = np.sum(a * c + b * d) + 1j * np.sum(b * c - a * d)
    return float(4 * q.shape[-1] * EPS - abs(lhs - np.vdot(k, q)))


def law_hadamard_test(p0_real: float, p0_imag: float, alpha: complex, tol: float) -> float:
    """SUR-QCSAM-02: ``P(0) = (1 + Re alpha)/2``, and with ``S^dag`` ``(1 + Im alpha)/2``."""
    dev = max(abs(p0_real - (1 + alpha.real) / 2), abs(p0_imag - (1 + alpha.imag) / 2))
    return tol - dev


def law_interference(
    prob: Callable[[ComplexArray, ComplexArray, str], float],
    circuit_for: Callable[[int, str], Circuit],
    a: ComplexArray,
    b: ComplexArray,
    tol: float,
) -> float:
    """SUR-QCSAM-C01: on ``(|0>|a> + |1>|b>)/sqrt 2`` the ancilla-only circuit gives
    ``P(0) = (1 + Re <a|b>)/2`` and, with ``S^dag``, ``(1 + Im <a|b>)/2``; the circuit has no gate
    on two or more qubits (no controlled unitary)."""
    n = a.shape[0].bit_length() - 1
    for part in ("real", "imag"):
        if any(len(op.qubits) > 1 for op in circuit_for(n, part).gate_ops):
            return -1.0
    ov = complex(np.vdot(a, b))
    dev = max(
        abs(prob(a, b, "real") - (1 + ov.real) / 2), abs(prob(a, b, "imag") - (1 + ov.imag) / 2)
    )
    return tol - dev


def lcu_coefficients(alpha_row: ComplexArray, beta: ComplexArray) -> ComplexArray:
    """The claimed coefficients, computed here: ``c_hj = beta_h alpha_hj / (sum|beta| Omega_h)``
    with ``Omega_h = sum_j |alpha_hj|`` (the ``1/Omega`` form of each level)."""
    a = np.asarray(alpha_row)
    b = np.asarray(beta)
    return np.asarray((b / np.abs(b).sum())[:, None] * a / np.abs(a).sum(axis=1, keepdims=True))


def law_clcu_branch(
    branch: ComplexArray,
    p_succ: float,
    values: ComplexArray,
    alpha_row: ComplexArray,
    beta: ComplexArray,
    phase: float,
    tol: float,
) -> float:
    """SUR-QCSAM-03: the post-selected branch equals ``e^{-i phase} sum_hj c_hj |v_hj>`` with the
    coefficients of :func:`lcu_coefficients` (``sum |c| = 1``), and ``p_succ = ||branch||^2 <= 1``.

    ``values``: ``(H, N, D)`` value states ``V_j^(h)|0>``.
    """
    c = lcu_coefficients(alpha_row, beta)
    target = np.einsum("hj,hjs->s", c, values)
    s1 = tol - float(np.max(np.abs(branch - np.exp(-1j * phase) * target)))
    s2 = 2 * tol - abs(p_succ - float(np.vdot(target, target).real))
    s3 = 1.0 + 2 * tol - p_succ
    return min(s1, s2, s3)


def law_unitarity(circuit: Circuit, state: ComplexArray, tol: float) -> float:
    """SUR-QCSAM-05: every gate of the circuit is unitary (``||U U^dag - I||_max``) and the final
    state before post-selection has norm 1."""
    worst = 0.0
    for op in circuit.gate_ops:
        if any(not isinstance(p, float) for p in op.params):
            return -1.0
        u = _gates.matrix(op.gate, tuple(float(p) for p in op.params), num_qubits=len(op.qubits))  # type: ignore[arg-type]
        worst = max(worst, float(np.max(np.abs(u @ u.conj().T - np.eye(u.shape[0])))))
    gate_tol = 8 * EPS
    s1 = gate_tol - worst
    s2 = tol - abs(float(np.vdot(state, state).real) - 1.0)
    return min(s1, s2)


def overlap_tolerance(s_q: float, s_k: float) -> float:
    """``s_q + s_k`` (module docstring), plus the ``D``-term inner product's rounding ``2 D eps``
    folded into ``s`` (``D <= 2**m`` is already in ``state_tolerance``)."""
    return s_q + s_k


def probability_tolerance(s: float) -> float:
    """``2 s``: ``|p - p'| <= ||psi - psi'|| (||psi|| + ||psi'||)``."""
    return 2.0 * s + math.ulp(1.0)
