"""Hypothesis properties of QUBO / QAMA / QAOA, bound to the reference (claims
``SUR-QAMA-01..06``, ``SUR-QAMA-C01``). Sizes are tiny (``H N <= 12``) so the
brute-force solver is exact."""

from __future__ import annotations

import numpy as np
from hypothesis import assume, example, given
from hypothesis import strategies as st

from properties.outcome import assert_holds
from properties.qama import laws
from properties.qama.strategies import ordered_pairs, qama_instances, qubos
from reference.algorithms.annealing import SimulatedAnnealing
from reference.algorithms.qaoa import cost_layer_circuit
from reference.algorithms.qubo import (
    QUBO,
    BruteForce,
    Ising,
    pauli_diagonal,
    pauli_terms,
    to_ising,
)
from reference.mechanisms import qama

SEEDS = st.integers(0, 2**32 - 1)


FORMS = laws.IsingForms(to_ising=to_ising, pauli_terms=pauli_terms, pauli_diagonal=pauli_diagonal)


@given(qama_instances())
def test_sur_qama_01_matrix_equals_closed_form(inst: tuple[np.ndarray, np.ndarray]) -> None:
    """SUR-QAMA-01: Q symmetric and x^T Q x equals the closed form for every x."""
    j, h = inst
    assert_holds(laws.law_qama_matrix_closed_form(qama.qama_qubo, j, h, qama.QAMAParams()))


@given(qubos(max_n=9))
def test_sur_qama_02_qubo_ising_pauli(model: QUBO) -> None:
    """SUR-QAMA-02: QUBO = Ising(s = 2x - 1) = diag(H_C) with s = -Z, on all states."""
    assert_holds(laws.law_ising_equivalence(FORMS, model))


@given(qama_instances())
def test_sur_qama_02_qama_closed_form_ising(inst: tuple[np.ndarray, np.ndarray]) -> None:
    """SUR-QAMA-02: the survey's QAMA-specialised h, J, offset equal the general conversion."""
    j, h = inst
    assert_holds(
        laws.law_qama_ising_closed_form(
            qama.ising_closed_form, qama.qama_qubo, to_ising, j, h, qama.QAMAParams()
        )
    )


@given(qubos(max_n=9))
def test_sur_qama_03_single_flip_identity(model: QUBO) -> None:
    """SUR-QAMA-03: Delta_i(x) = (1-2x_i)(Q_ii + 2 sum_{j!=i} Q_ij x_j) on all (x, i)."""
    assert_holds(laws.law_flip_identity(QUBO.flip_deltas, model))


@given(qama_instances(), SEEDS)
def test_sur_qama_03_annealer_one_flip_optimal(
    inst: tuple[np.ndarray, np.ndarray], seed: int
) -> None:
    """SUR-QAMA-03: SA output is 1-flip optimal, reports its energy, never beats brute force."""
    j, h = inst
    sa = SimulatedAnnealing(sweeps=20, restarts=4)
    assert_holds(laws.law_solver_sound(sa, qama.qama_qubo(j, h), np.random.default_rng(seed)))


@given(qama_instances())
def test_sur_qama_03_brute_force_sound(inst: tuple[np.ndarray, np.ndarray]) -> None:
    """SUR-QAMA-03: the exact solver satisfies the same post-conditions (1-flip optimal)."""
    j, h = inst
    assert_holds(
        laws.law_solver_sound(BruteForce(), qama.qama_qubo(j, h), np.random.default_rng(0))
    )


@given(st.integers(2, 4), st.integers(1, 4), SEEDS, st.floats(0, 5))
@example(2, 1, 0, 0.0)
def test_sur_qama_04_penalty_semantics(hh: int, n: int, seed: int, p: float) -> None:
    """SUR-QAMA-04: cross-head term = p sum c_j(c_j - 1) >= 0, zero iff no token shared."""
    x = np.random.default_rng(seed).integers(0, 2, size=(hh, n)).astype(np.float64)
    assert_holds(laws.law_penalty_semantics(qama.qama_qubo, x, p))


@given(qama_instances(max_spins=10), ordered_pairs(0.0, 4.0))
def test_sur_qama_04_penalty_comparative_statics(
    inst: tuple[np.ndarray, np.ndarray], penalties: tuple[float, float]
) -> None:
    """SUR-QAMA-04: p1 < p2 implies G(x*_p2) <= G(x*_p1) (exact solver)."""
    j, h = inst
    p1, p2 = penalties
    s = laws.law_penalty_statics(qama.qama_qubo, j, h, p1, p2)
    assume(s is not None)
    assert s is not None
    assert_holds(s)


@given(qama_instances(max_spins=10, ties=False), SEEDS)
def test_sur_qama_05_danskin_gradient(inst: tuple[np.ndarray, np.ndarray], seed: int) -> None:
    """SUR-QAMA-05: grad_h E* = -c_l N x*, grad_J E* = -c_q x x^T at a unique minimiser."""
    j, h = inst
    rng = np.random.default_rng(seed)
    dj = rng.normal(size=j.shape)
    dj = 0.5 * (dj + np.swapaxes(dj, -1, -2))
    dj[:, np.arange(j.shape[1]), np.arange(j.shape[1])] = 0.0
    s = laws.law_danskin(qama.qama_qubo, j, h, dj, rng.normal(size=h.shape), qama.QAMAParams())
    assume(s is not None)
    assert s is not None
    assert_holds(s)


@given(qama_instances(max_spins=10), SEEDS)
def test_sur_qama_05_concave(inst: tuple[np.ndarray, np.ndarray], seed: int) -> None:
    """SUR-QAMA-05: E*(J, h) is concave (midpoint)."""
    j, h = inst
    rng = np.random.default_rng(seed)
    j2 = j + rng.normal(size=j.shape)
    j2 = 0.5 * (j2 + np.swapaxes(j2, -1, -2))
    j2[:, np.arange(j.shape[1]), np.arange(j.shape[1])] = 0.0
    assert_holds(
        laws.law_concave(qama.qama_qubo, j, h, j2, h + rng.normal(size=h.shape), qama.QAMAParams())
    )


@given(qama_instances(max_spins=10, ties=False), SEEDS)
def test_sur_qama_06_permutation_equivariance(
    inst: tuple[np.ndarray, np.ndarray], seed: int
) -> None:
    """SUR-QAMA-06: permuting tokens or heads permutes x* (unique minimiser, exact solver)."""
    j, h = inst
    rng = np.random.default_rng(seed)
    st_ = laws.law_token_permutation(
        qama.qama_qubo, j, h, rng.permutation(j.shape[1]), qama.QAMAParams()
    )
    sh = laws.law_head_permutation(
        qama.qama_qubo, j, h, rng.permutation(j.shape[0]), qama.QAMAParams()
    )
    assume(st_ is not None and sh is not None)
    assert st_ is not None
    assert sh is not None
    assert_holds(st_)
    assert_holds(sh)


@given(st.integers(1, 8))
def test_sur_qama_06_v1_bits_bijection(q_bits: int) -> None:
    """SUR-QAMA-06 (v1): bits -> w is a bijection onto {k/(2^q-1)}."""
    assert_holds(laws.law_v1_bijection(qama.bits_to_weights, q_bits))


@given(st.integers(1, 3), st.integers(1, 3), st.data(), SEEDS)
def test_sur_qama_06_v1_bit_level_objective(
    hh: int, n: int, data: st.DataObject, seed: int
) -> None:
    """SUR-QAMA-06 (v1): the bit-level Q reproduces the w-level objective (H N q <= 12)."""
    qb = data.draw(st.integers(1, min(3, 12 // (hh * n))))  # constructed, not filtered
    rng = np.random.default_rng(seed)
    j = qama.js_couplings(rng.normal(size=(hh, n, 3)), rng.normal(size=(hh, n, 3)))
    h = rng.normal(size=(hh, n))
    assert_holds(laws.law_v1_bit_objective(qama.v1_qubo, j, h, qama.QAMAv1Params(q_bits=qb)))


@given(qubos(max_n=6), st.floats(-3, 3))
def test_sur_qama_c01_cost_layer_phase(model: QUBO, gamma: float) -> None:
    """SUR-QAMA-C01: cost layer = exp(-i gamma diag(x^T Q x)) up to global phase."""
    assert_holds(laws.law_cost_layer_phase(cost_layer_circuit, model, gamma))


def test_laws_refute_wrong_implementations() -> None:
    """The laws check what they are given: a builder that drops the cross-head penalty, flip
    deltas off by a sign, a conversion that forgets the Ising offset and a cost layer with the
    opposite angle are each refuted on a fixed small instance."""
    rng = np.random.default_rng(5)
    a = rng.normal(size=(2, 3, 3))
    j = 0.5 * (a + np.swapaxes(a, -1, -2))
    j[:, np.arange(3), np.arange(3)] = 0.0
    h = rng.normal(size=(2, 3))
    prm = qama.QAMAParams()

    def no_penalty(jj: np.ndarray, hh: np.ndarray, *, params: qama.QAMAParams) -> QUBO:
        return qama.qama_qubo(jj, hh, params=qama.QAMAParams(c_q=params.c_q, penalty=0.0))

    def no_offset(model: QUBO) -> Ising:
        i = to_ising(model)
        return Ising(h=i.h, J=i.J, offset=0.0)

    model = qama.qama_qubo(j, h)
    forms = laws.IsingForms(
        to_ising=no_offset, pauli_terms=pauli_terms, pauli_diagonal=pauli_diagonal
    )
    assert not laws.law_qama_matrix_closed_form(no_penalty, j, h, prm).holds
    assert not laws.law_flip_identity(lambda q, x: -q.flip_deltas(x), model).holds
    assert not laws.law_ising_equivalence(forms, model).holds
    assert not laws.law_cost_layer_phase(lambda q, g: cost_layer_circuit(q, -g), model, 0.7).holds
    assert not laws.law_v1_bijection(lambda x, q: 0.0 * qama.bits_to_weights(x, q), 3).holds
