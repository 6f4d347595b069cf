"""Laws of QCSAM's complex overlaps, Hadamard/interference tests and complex LCU
(claims ``SUR-QCSAM-01..05``, ``SUR-QCSAM-C01``).

Each law takes the implementation under test and returns an
:class:`~properties.outcome.Outcome`: one named check per condition (issue 10 C).

Tolerances (derivations, each used by the laws, the evidence and the variant family):

* a simulated statevector after ``m`` gates of at most ``k`` qubits is within ``s =
  state_tolerance(circuit) = 4 (m+1) 2**k eps`` of the exact one
  (:func:`properties.tolerances.state_tolerance`). An overlap of two such states is off by at
  most ``s_q + s_k`` (Cauchy-Schwarz, :func:`overlap_tolerance`); a Born probability of a
  measured qubit by at most ``2 s``, plus one rounding of the law's own ``(1 + x)/2``
  (:func:`probability_tolerance`);
* a complex inner product of two unit vectors of dimension ``D`` computed in floating point is off
  by ``<= gamma_{D+2} sum_s |q_s||k_s| <= 2 (D + 2) eps`` (Higham Thm 3.5 with the complex
  multiply's ``gamma_2``; Cauchy-Schwarz bounds the absolute sum by 1); two computations of the
  same overlap (another summation order, the other argument order) differ by at most twice
  that: :func:`inner_tolerance` ``= 4 (D + 2) eps``;
* rotating ``k`` by ``e^{i phi}`` and ``alpha`` by ``e^{-i phi}`` adds one complex multiply each
  (``<= 4 eps`` relative, times ``|alpha| <= 1``): :func:`phase_tolerance` ``= inner_tolerance
  + 8 eps``; ``||b|^2 - |a|^2| <= (|a| + |b|) |b - e^{-i phi} a|`` doubles it for the weights;
* the component formula ``sum(ac + bd) + i sum(bc - ad)`` rounds a ``2D``-term real sum per part
  (``<= 2 D eps`` with ``sum |a c| + |b d| <= 1``) and ``vdot`` a ``(D + 2)`` one, so per part
  ``(3D + 2) eps``, and the modulus of the complex difference at most ``sqrt 2`` times it:
  :func:`component_tolerance` ``= (6 D + 4) eps``;
* a gate matrix has entries with at most one rounding each (``cos``/``sin`` are correctly
  rounded to 1 ulp) and unit rows, so an entry of ``U U^dag - I`` is a ``2**k``-term sum off by
  ``<= (2**k + 2) eps``, doubled for the entries' own rounding:
  :func:`gate_tolerance` ``= 2 (2**k + 2) eps`` (``8 eps`` for one qubit).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from properties.outcome import Outcome, at_most, combine, true, within
from properties.tolerances import EPS
from reference import gates as _gates
from reference._types import ComplexArray
from reference.circuit import Circuit

Similarity = Callable[[ComplexArray, ComplexArray], ComplexArray]
"""``sim(q (N, D), k (M, D)) -> (N, M)`` complex: ``[i, j] = <k_j|q_i>``."""


def law_overlap_bound_and_conjugate(
    f: Similarity, q: ComplexArray, k: ComplexArray, tol: float
) -> Outcome:
    """SUR-QCSAM-01: ``|alpha_ij| <= 1`` and ``conj(alpha_ij) = <q_i|k_j>`` (the overlap taken in
    the other order, computed here as ``sum conj(q) k``); ``tol``: :func:`inner_tolerance`."""
    a = np.asarray(f(q, k))
    if a.shape != (q.shape[0], k.shape[0]):
        return true(f"alpha shape {a.shape} == {(q.shape[0], k.shape[0])}", False)
    other = np.einsum("is,js->ij", q.conj(), k)
    return combine(
        at_most("|alpha_ij| <= 1", np.abs(a), 1.0, tol),
        close_abs("conj(alpha_ij) = <q_i|k_j>", a.conj(), other, tol),
    )


def close_abs(name: str, a: ComplexArray, b: ComplexArray, tol: float) -> Outcome:
    """``max |a - b| <= tol`` for complex arrays of the same shape (non-finite never holds)."""
    d = np.abs(np.asarray(a) - np.asarray(b))
    return within(name, float(np.max(d)) if d.size else 0.0, tol)


def inner_tolerance(dim: int) -> float:
    """``4 (D + 2) eps``: two computations of one complex overlap of unit vectors (module
    docstring)."""
    return 4.0 * (dim + 2) * EPS


def phase_tolerance(dim: int) -> float:
    """:func:`inner_tolerance` ``+ 8 eps`` (the two phase rotations; module docstring)."""
    return inner_tolerance(dim) + 8.0 * EPS


def component_tolerance(dim: int) -> float:
    """``(6 D + 4) eps`` (module docstring)."""
    return (6.0 * dim + 4.0) * EPS


def gate_tolerance(num_qubits: int) -> float:
    """``2 (2**k + 2) eps`` for a ``k``-qubit gate (module docstring)."""
    return 2.0 * ((1 << num_qubits) + 2) * EPS


def law_phase_covariance(
    f: Similarity, q: ComplexArray, k: ComplexArray, phi: float, tol: float
) -> Outcome:
    """SUR-QCSAM-04: with ``k_j -> e^{i phi} k_j``, ``alpha -> e^{-i phi} alpha`` and ``|alpha|^2``
    (the real-valued weight) is unchanged; the phase is visible (``alpha`` itself moves by
    ``|1 - e^{-i phi}| |alpha|``). ``tol``: :func:`phase_tolerance`, doubled for ``|alpha|^2``."""
    a = np.asarray(f(q, k))
    b = np.asarray(f(q, np.exp(1j * phi) * k))
    if a.shape != b.shape:
        return true(f"alpha shapes {a.shape} == {b.shape}", False)
    return combine(
        close_abs("alpha -> e^{-i phi} alpha", b, np.exp(-1j * phi) * a, tol),
        close_abs("|alpha|^2 unchanged", np.abs(b) ** 2, np.abs(a) ** 2, 2 * tol),
    )


def law_component_formula(q: ComplexArray, k: ComplexArray) -> Outcome:
    """SUR-QCSAM-02 (formula): with ``q = a + ib``, ``k = c + id``:
    ``<k|q> = sum(ac + bd) + i sum(bc - ad)`` (checked against ``vdot``)."""
    a, b, c, d = q.real, q.imag, k.real, k.imag
    lhs = np.sum(a * c + b * d) + 1j * np.sum(b * c - a * d)
    dev = abs(lhs - np.vdot(k, q))
    return within("<k|q> = sum(ac + bd) + i sum(bc - ad)", dev, component_tolerance(q.shape[-1]))


def law_hadamard_test(p0_real: float, p0_imag: float, alpha: complex, tol: float) -> Outcome:
    """SUR-QCSAM-02: ``P(0) = (1 + Re alpha)/2``, and with ``S^dag`` ``(1 + Im alpha)/2``."""
    return combine(
        within("P(0) = (1 + Re alpha)/2", abs(p0_real - (1 + alpha.real) / 2), tol),
        within("P(0 | S^dag) = (1 + Im alpha)/2", abs(p0_imag - (1 + alpha.imag) / 2), tol),
    )


def law_interference(
    prob: Callable[[ComplexArray, ComplexArray, str], float],
    circuit_for: Callable[[int, str], Circuit],
    a: ComplexArray,
    b: ComplexArray,
    tol: float,
) -> Outcome:
    """SUR-QCSAM-C01: on ``(|0>|a> + |1>|b>)/sqrt 2`` the ancilla-only circuit gives
    ``P(0) = (1 + Re <a|b>)/2`` and, with ``S^dag``, ``(1 + Im <a|b>)/2``; the circuit has no gate
    on two or more qubits (no controlled unitary)."""
    n = a.shape[0].bit_length() - 1
    multi = any(
        len(op.qubits) > 1 for part in ("real", "imag") for op in circuit_for(n, part).gate_ops
    )
    ov = complex(np.vdot(a, b))
    return combine(
        true("no gate on two or more qubits", not multi),
        within("P(0) = (1 + Re <a|b>)/2", abs(prob(a, b, "real") - (1 + ov.real) / 2), tol),
        within("P(0 | S^dag) = (1 + Im <a|b>)/2", abs(prob(a, b, "imag") - (1 + ov.imag) / 2), tol),
    )


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
) -> Outcome:
    """SUR-QCSAM-03: the post-selected branch equals ``e^{-i phase} sum_hj c_hj |v_hj>`` with the
    coefficients of :func:`lcu_coefficients` (``sum |c| = 1``), and ``p_succ = ||branch||^2 <= 1``.

    ``values``: ``(H, N, D)`` value states ``V_j^(h)|0>``.
    ``tol``: the circuit's state tolerance ``s``; ``p_succ`` (a squared norm) is allowed ``2 s``
    (``| ||x||^2 - ||y||^2 | <= (||x|| + ||y||) ||x - y||``)."""
    c = lcu_coefficients(alpha_row, beta)
    target = np.einsum("hj,hjs->s", c, values)
    b = np.asarray(branch)
    if b.shape != target.shape:
        return true(f"branch shape {b.shape} == {target.shape}", False)
    return combine(
        close_abs("branch = e^{-i phase} sum c_hj |v_hj>", b, np.exp(-1j * phase) * target, tol),
        within("p_succ = ||target||^2", abs(p_succ - float(np.vdot(target, target).real)), 2 * tol),
        at_most("p_succ <= 1", p_succ, 1.0, 2 * tol),
    )


def law_unitarity(circuit: Circuit, state: ComplexArray, tol: float) -> Outcome:
    """SUR-QCSAM-05: every gate of the circuit is unitary (``||U U^dag - I||_max`` within
    :func:`gate_tolerance`) and the final state before post-selection has norm 1 (``tol``)."""
    checks = []
    bound = True
    for op in circuit.gate_ops:
        if any(not isinstance(p, float) for p in op.params):
            bound = False
            continue
        u = _gates.matrix(op.gate, tuple(float(p) for p in op.params), num_qubits=len(op.qubits))  # type: ignore[arg-type]
        dev = float(np.max(np.abs(u @ u.conj().T - np.eye(u.shape[0]))))
        checks.append(within("gates: U U^dag = I", dev, gate_tolerance(len(op.qubits))))
    checks.append(true("every gate parameter bound", bound))
    norm = abs(float(np.vdot(state, state).real) - 1.0)
    checks.append(within("||state|| = 1", norm, tol))
    return combine(checks)


def overlap_tolerance(s_q: float, s_k: float) -> float:
    """``s_q + s_k`` (module docstring), plus the ``D``-term inner product's rounding ``2 D eps``
    folded into ``s`` (``D <= 2**m`` is already in ``state_tolerance``)."""
    return s_q + s_k


def probability_tolerance(s: float) -> float:
    """``2 s + eps``: ``|p - p'| <= ||psi - psi'|| (||psi|| + ||psi'||)``, plus one rounding
    of ``(1 + x)/2`` (``<= eps`` for ``|x| <= 1``)."""
    return 2.0 * s + math.ulp(1.0)
