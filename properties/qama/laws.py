"""Laws of QUBO models, QAMA and QAOA (claims ``SUR-QAMA-*``).

Each law is a function of the implementation under test and returns a *slack*: ``>= 0`` when the
law holds, negative when it fails. Equalities are ``tolerance - deviation``. A law whose
precondition does not hold on the given inputs (for example "the minimiser is unique with a gap
larger than the perturbation") returns ``None``; callers skip such cases (``hypothesis.assume``).

Round-off model: an energy ``x^T Q x + c`` with ``x`` binary is a sum of at most ``n^2 + 1``
exactly representable products; its float64 error is at most ``(n^2 + 1) eps (sum|Q| + |c|)``
(recursive summation bound). :func:`energy_tolerance` doubles this for the two sides of an
equality. The ledger (:mod:`proofs.evidence.qama`) and the Hypothesis tests
(:mod:`properties.qama.test_laws`) call the same functions.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from properties.tolerances import EPS, energy_tolerance
from reference import simulate as _sim
from reference._types import FloatArray
from reference.algorithms.qaoa import cost_layer_circuit
from reference.algorithms.qubo import (
    QUBO,
    QUBOSolver,
    all_energies,
    basis_bits,
    brute_force,
    flip_tolerance,
    pauli_diagonal,
    pauli_terms,
    to_ising,
)
from reference.mechanisms import qama as _qama

QUBOBuilder = Callable[[FloatArray, FloatArray, _qama.QAMAParams], QUBO]


# ---------------------------------------------------------------------------------------------
# SUR-QAMA-01, -02, -03: forms and identities


def law_qama_matrix_closed_form(
    J: FloatArray, h: FloatArray, params: _qama.QAMAParams, build: QUBOBuilder
) -> float:
    """SUR-QAMA-01: ``Q = Q^T``; ``x^T Q x`` equals the three-term closed form for every ``x``."""
    model = build(J, h, params)
    hh, n, _ = J.shape
    if not np.array_equal(model.matrix, model.matrix.T):
        return -1.0
    x = basis_bits(hh * n)
    dev = np.abs(
        model.energy(x) - _qama.closed_form_energy(x.reshape(-1, hh, n), J, h, params=params)
    )
    return energy_tolerance(model) - float(dev.max())


def law_ising_equivalence(qubo: QUBO) -> float:
    """SUR-QAMA-02: QUBO energy = Ising energy at ``s = 2x - 1`` = ``<x|H_C|x>`` with ``s = -Z``,
    for every ``x``. ``H_C`` is assembled independently from Kronecker products of ``Z``."""
    n = qubo.num_variables
    x = basis_bits(n)
    e = all_energies(qubo)
    ising = to_ising(qubo)
    dev_is = np.abs(ising.energy(2 * x - 1) - e).max()
    z = np.array([1.0, -1.0])
    diag = np.zeros(1 << n)
    for label, coeff in pauli_terms(qubo).items():
        term = np.ones(1)
        for ch in label:
            term = np.kron(term, z if ch == "Z" else np.ones(2))
        diag = diag + coeff * term
    dev_pauli = max(np.abs(diag - e).max(), np.abs(pauli_diagonal(qubo) - e).max())
    return energy_tolerance(qubo) * 2.0 - float(max(dev_is, dev_pauli))


def law_qama_ising_closed_form(J: FloatArray, h: FloatArray, params: _qama.QAMAParams) -> float:
    """SUR-QAMA-02 (QAMA specialisation): the survey's closed-form ``h, J, offset`` equal the
    general conversion of the QAMA QUBO."""
    model = _qama.qama_qubo(J, h, params=params)
    ising = to_ising(model)
    hi, ji, off = _qama.ising_closed_form(J, h, params=params)
    dev = max(
        float(np.abs(hi - ising.h).max()),
        float(np.abs(ji - ising.J).max()),
        abs(off - ising.offset),
    )
    return energy_tolerance(model) - dev


def law_flip_identity(qubo: QUBO) -> float:
    """SUR-QAMA-03: ``Delta_i(x) = (1-2x_i)(Q_ii + 2 sum_{j!=i} Q_ij x_j)`` equals
    ``E(x xor e_i) - E(x)`` for every ``x`` and ``i``."""
    n = qubo.num_variables
    x = basis_bits(n)
    e = all_energies(qubo)
    d = qubo.flip_deltas(x)
    idx = np.arange(1 << n)
    worst = 0.0
    for i in range(n):
        flipped = idx ^ (1 << (n - 1 - i))
        worst = max(worst, float(np.abs(e[flipped] - e - d[:, i]).max()))
    return energy_tolerance(qubo) + flip_tolerance(qubo) - worst


def law_solver_sound(
    solver: QUBOSolver, qubo: QUBO, rng: np.random.Generator, *, one_flip_optimal: bool = True
) -> float:
    """SUR-QAMA-03 post-conditions of a solver: ``x`` binary of the right length, its reported
    energy equals ``E(x)``, ``E(x) >= E_min`` (brute force), and (if claimed) ``Delta_i(x) >= 0``
    for all ``i`` up to :func:`~reference.algorithms.qubo.flip_tolerance`."""
    sol = solver(qubo, rng)
    x = np.asarray(sol.x)
    if x.shape != (qubo.num_variables,) or not np.all((x == 0) | (x == 1)):
        return -1.0
    tol = energy_tolerance(qubo)
    e = float(qubo.energy(x))
    slack = min(tol - abs(e - sol.energy), e - brute_force(qubo).energy + tol)
    if one_flip_optimal:
        slack = min(slack, float(qubo.flip_deltas(x).min()) + flip_tolerance(qubo))
    return slack


# ---------------------------------------------------------------------------------------------
# SUR-QAMA-04: penalty semantics and comparative statics


def law_penalty_semantics(x: FloatArray, p: float) -> float:
    """SUR-QAMA-04: for ``x: (H, N)`` the cross-head QUBO part ``x^T Q_pen x`` equals
    ``p sum_j c_j (c_j - 1)``; it is ``>= 0`` and ``= 0`` iff no token is shared."""
    hh, n = x.shape
    zero_j = np.zeros((hh, n, n))
    zero_h = np.zeros((hh, n))
    prm = _qama.QAMAParams(penalty=p)
    pen = float(_qama.qama_qubo(zero_j, zero_h, params=prm).energy(x.reshape(-1)))
    c = x.sum(axis=0)
    g = float((c * (c - 1)).sum())  # exact: small integers
    formula = p * g
    shared = bool(np.any(c > 1))
    tol = 4.0 * (hh * n) ** 2 * EPS * p
    # zero iff no shared token: on the integer count G (pen = p G by the identity checked below)
    if pen < -tol or g < 0 or (g == 0) == shared:
        return -1.0
    return float(tol - abs(pen - formula))


def law_penalty_statics(J: FloatArray, h: FloatArray, p1: float, p2: float) -> float | None:
    """SUR-QAMA-04: ``p1 < p2`` implies ``G(x*_{p2}) <= G(x*_{p1})`` (exact solver).

    Exchange argument: ``(p2 - p1)(G2 - G1) <= 2 delta`` with ``delta`` the round-off of the
    computed minima; ``G`` takes even integer values, so ``G2 <= G1`` once ``p2 - p1 > delta``.
    """
    lo, hi = min(p1, p2), max(p1, p2)
    m1 = _qama.qama_qubo(J, h, params=_qama.QAMAParams(penalty=lo))
    m2 = _qama.qama_qubo(J, h, params=_qama.QAMAParams(penalty=hi))
    delta = energy_tolerance(m2)
    if hi - lo <= delta:
        return None
    hh, n, _ = J.shape
    g1 = float(_qama.cross_head_overlap(brute_force(m1).x.reshape(hh, n)))
    g2 = float(_qama.cross_head_overlap(brute_force(m2).x.reshape(hh, n)))
    return g1 - g2


# ---------------------------------------------------------------------------------------------
# SUR-QAMA-05: Danskin / envelope


def optimal_energy(J: FloatArray, h: FloatArray, params: _qama.QAMAParams) -> float:
    """``E*(J, h) = min_x E(x)`` by brute force."""
    return brute_force(_qama.qama_qubo(J, h, params=params)).energy


def law_danskin(
    J: FloatArray,
    h: FloatArray,
    dJ: FloatArray,
    dh: FloatArray,
    params: _qama.QAMAParams,
    *,
    step: float = 1e-3,
) -> float | None:
    """SUR-QAMA-05: at a unique minimiser the central difference of ``E*`` along ``(dJ, dh)``
    equals ``<grad, d>`` with ``grad_h E* = -c_l N x*`` and ``grad_{J^h} E* = -c_q x_h x_h^T``
    (off-diagonal). Precondition: gap ``> 2 step L`` with ``L = c_q sum|dJ| + c_l N sum|dh|``
    (so the minimiser does not change within the step and ``E*`` is linear there); then the
    difference is exact up to round-off ``2 tol / (2 step)``."""
    hh, n, _ = J.shape
    model = _qama.qama_qubo(J, h, params=params)
    ex = brute_force(model)
    lip = params.c_q * float(np.abs(dJ).sum()) + params.c_l * n * float(np.abs(dh).sum())
    if ex.degeneracy != 1 or ex.gap <= 2.0 * step * lip + 4.0 * ex.tolerance:
        return None
    x = ex.x.reshape(hh, n).astype(np.float64)
    plus = optimal_energy(J + step * dJ, h + step * dh, params)
    minus = optimal_energy(J - step * dJ, h - step * dh, params)
    fd = (plus - minus) / (2.0 * step)
    pred = -params.c_l * n * float((x * dh).sum()) - params.c_q * float(
        np.einsum("hj,hjk,hk->", x, dJ, x)
    )
    tol = 2.0 * energy_tolerance(model) * (1.0 + step) / step
    return float(tol - abs(fd - pred))


def law_concave(
    J1: FloatArray, h1: FloatArray, J2: FloatArray, h2: FloatArray, params: _qama.QAMAParams
) -> float:
    """SUR-QAMA-05: ``E*`` (a minimum of functions linear in ``(J, h)``) is concave:
    ``E*((a+b)/2) >= (E*(a) + E*(b))/2``."""
    mid = optimal_energy(0.5 * (J1 + J2), 0.5 * (h1 + h2), params)
    avg = 0.5 * (optimal_energy(J1, h1, params) + optimal_energy(J2, h2, params))
    tol = 4.0 * energy_tolerance(_qama.qama_qubo(J1, h1, params=params))
    return mid - avg + tol


# ---------------------------------------------------------------------------------------------
# SUR-QAMA-06: counts and equivariance


def law_token_permutation(
    J: FloatArray, h: FloatArray, perm: np.ndarray, params: _qama.QAMAParams
) -> float | None:
    """SUR-QAMA-06: at a unique minimiser, ``J -> P J P^T``, ``h -> P h`` permutes ``x*``."""
    hh, n, _ = J.shape
    ex = brute_force(_qama.qama_qubo(J, h, params=params))
    if ex.degeneracy != 1:
        return None
    jp = J[:, perm][:, :, perm]
    hp = h[:, perm]
    xp = brute_force(_qama.qama_qubo(jp, hp, params=params)).x.reshape(hh, n)
    return 0.0 if np.array_equal(xp, ex.x.reshape(hh, n)[:, perm]) else -1.0


def law_head_permutation(
    J: FloatArray, h: FloatArray, perm: np.ndarray, params: _qama.QAMAParams
) -> float | None:
    """SUR-QAMA-06: at a unique minimiser, permuting heads permutes the rows of ``x*``."""
    hh, n, _ = J.shape
    ex = brute_force(_qama.qama_qubo(J, h, params=params))
    if ex.degeneracy != 1:
        return None
    xp = brute_force(_qama.qama_qubo(J[perm], h[perm], params=params)).x.reshape(hh, n)
    return 0.0 if np.array_equal(xp, ex.x.reshape(hh, n)[perm]) else -1.0


def law_v1_bijection(q_bits: int) -> float:
    """SUR-QAMA-06 (v1): bits -> ``w`` is a bijection of ``{0,1}^q`` onto ``{k/(2^q-1)}``."""
    w = _qama.bits_to_weights(basis_bits(q_bits), q_bits)
    target = np.arange(1 << q_bits) / ((1 << q_bits) - 1)
    k = np.rint(w * ((1 << q_bits) - 1)).astype(np.int64)
    if len(set(k.tolist())) != 1 << q_bits:
        return -1.0
    return 4.0 * q_bits * EPS - float(np.abs(np.sort(w) - target).max())


def law_v1_bit_objective(J: FloatArray, h: FloatArray, params: _qama.QAMAv1Params) -> float:
    """SUR-QAMA-06 (v1): the bit-level QUBO reproduces the ``w``-level objective for every bit
    assignment."""
    model = _qama.v1_qubo(J, h, params=params)
    hh, n, _ = J.shape
    x = basis_bits(model.num_variables)
    dev = np.abs(
        model.energy(x)
        - _qama.v1_objective(x.reshape(-1, hh, n, params.q_bits), J, h, params=params)
    )
    return energy_tolerance(model) - float(dev.max())


# ---------------------------------------------------------------------------------------------
# SUR-QAMA-C01: QAOA cost layer


def law_cost_layer_phase(qubo: QUBO, gamma: float) -> float:
    """SUR-QAMA-C01: the cost-layer unitary is diagonal and equals ``exp(-i gamma E(x))`` up to a
    global phase. Tolerance: ``4 (m+1) 4 eps`` per amplitude for ``m`` gates of <= 2 qubits, plus
    ``|gamma|`` times the energy round-off."""
    circ = cost_layer_circuit(qubo, gamma)
    u = _sim.unitary(circ)
    d = np.diagonal(u)
    off = float(np.abs(u - np.diag(d)).max())
    ratio = d * np.exp(1j * gamma * all_energies(qubo))
    dev = float(np.abs(ratio - ratio[0]).max())
    tol = 16.0 * (len(circ.ops) + 1) * EPS + 2.0 * abs(gamma) * energy_tolerance(qubo)
    return tol - max(off, dev)


__all__ = [
    "energy_tolerance",
    "law_concave",
    "law_cost_layer_phase",
    "law_danskin",
    "law_flip_identity",
    "law_head_permutation",
    "law_ising_equivalence",
    "law_penalty_semantics",
    "law_penalty_statics",
    "law_qama_ising_closed_form",
    "law_qama_matrix_closed_form",
    "law_solver_sound",
    "law_token_permutation",
    "law_v1_bijection",
    "law_v1_bit_objective",
    "optimal_energy",
]
