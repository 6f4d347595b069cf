"""Hypothesis properties of entanglement-based attention (seed 001), binding
:mod:`properties.entanglement.laws` to :mod:`reference.mechanisms.entanglement`."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from properties.entanglement import laws
from properties.entanglement.strategies import PairCase, pair_cases, pure_states
from properties.outcome import assert_holds
from properties.tolerances import EPS, purity_rounding
from reference.estimators import swap_test as st_est
from reference.mechanisms import entanglement as ent

ANGLE_ENCODINGS = ("super_dense", "dense")


def general(q: Any, k: Any, theta: Any, *, config: ent.EntanglementConfig) -> np.ndarray:
    return ent.scores(q, k, theta, config=config, path="general")


def fast(q: Any, k: Any, theta: Any, *, config: ent.EntanglementConfig) -> np.ndarray:
    return ent.scores(q, k, theta, config=config, path="fast")


def auto(q: Any, k: Any, theta: Any, *, config: ent.EntanglementConfig) -> np.ndarray:
    return ent.scores(q, k, theta, config=config)


def matrix_form(q: Any, k: Any, theta: Any, *, config: ent.EntanglementConfig) -> np.ndarray:
    return ent.scores_general(q, k, theta, config=config, method="matrix")


def gates(q: Any, k: Any, theta: Any, *, config: ent.EntanglementConfig) -> np.ndarray:
    return ent.scores_general(q, k, theta, config=config, method="gates")


states = ent.pair_states_general
"""The state implementation under test (``StateFn``)."""


@given(pair_cases(), st.sampled_from([general, auto]))
def test_S001_P02_entropy_between_0_and_nr_ln2(c: PairCase, fn: Any) -> None:
    """S001-P02: 0 <= S_A <= n_r ln 2 on both paths."""
    assert_holds(laws.law_entropy_bounds(fn, c.cfg, c.Q, c.K, c.theta))


@given(pair_cases())
def test_S001_P01_P03_normalised_and_schmidt_symmetric(c: PairCase) -> None:
    """S001-P01 (unit norm) and S001-P03 (S_A = S_B) on simulated pair states."""
    assert_holds(laws.law_state_normalised(states, c.cfg, c.Q, c.K, c.theta))
    assert_holds(laws.law_entropy_symmetric(states, c.cfg, c.Q, c.K, c.theta))


@given(pair_cases(), st.sampled_from([general, auto]))
def test_S001_P04_zero_theta_gives_zero_entropy(c: PairCase, fn: Any) -> None:
    """S001-P04: all CRX angles 0 -> product state -> S_A = 0."""
    assert_holds(laws.law_zero_theta_product(fn, c.cfg, c.Q, c.K))


@given(pair_cases(), st.data())
def test_S001_P05_theta_in_2pi_Z_gives_zero_entropy(c: PairCase, data: st.DataObject) -> None:
    """S001-P05: CRX(2 pi k) = (Z (x) I)^k is local, so S_A = 0."""
    ks = np.array(
        data.draw(st.lists(st.integers(-3, 3), min_size=c.theta.size, max_size=c.theta.size))
    )
    assert_holds(laws.law_theta_multiple_of_2pi(auto, c.cfg, c.Q, c.K, ks.reshape(c.theta.shape)))


@given(pair_cases(), st.data())
def test_S001_P06_theta_period_4pi(c: PairCase, data: st.DataObject) -> None:
    """S001-P06: S_A is 4 pi-periodic in each CRX angle."""
    idx = data.draw(st.integers(0, c.theta.size - 1))
    assert_holds(laws.law_theta_period_4pi(auto, c.cfg, c.Q, c.K, c.theta, idx))


@given(pair_cases(ANGLE_ENCODINGS), st.data())
def test_S001_P07_angle_encodings_feature_period_2pi(c: PairCase, data: st.DataObject) -> None:
    """S001-P07: angle encodings are 2 pi-periodic in every query and key feature."""
    idx = data.draw(st.integers(0, c.d - 1))
    on_key = data.draw(st.booleans())
    fn = data.draw(st.sampled_from([general, fast]))
    assert_holds(laws.law_feature_period_2pi(fn, c.cfg, c.Q, c.K, c.theta, idx, on_key=on_key))


def test_S001_P07_iqp_is_not_feature_periodic() -> None:
    """S001-P07: the 2 pi periodicity does not hold for IQP (RZZ(x_i x_j)).

    Two layers: with one layer the extra query-register phases are diagonal, commute with the
    CRX controls and act as a local unitary, so S_A would not change.
    """
    cfg = ent.EntanglementConfig(encoding="iqp", layers=2)
    q = np.array([[0.4, 1.0, -0.3]])
    k = np.array([[0.2, -0.5, 0.9]])
    assert laws.iqp_periodicity_violation(general, cfg, q, k, np.array([1.0, 2.0, 0.5])) > 0


@given(pair_cases(ANGLE_ENCODINGS))
def test_S001_P08_additivity_over_pairs(c: PairCase) -> None:
    """S001-P08: S_A = sum_m S(rho_{A_m}), each term <= ln 2 (angle encodings)."""
    assert_holds(laws.law_additivity(states, c.cfg, c.Q, c.K, c.theta))


@given(
    pair_cases(ANGLE_ENCODINGS),
    st.sampled_from(["entropy", "concurrence", "swap"]),
    st.sampled_from(["encoding_only", "pair_state"]),
    st.sampled_from(["p1", "fidelity"]),
)
@example(
    PairCase(
        ent.EntanglementConfig(encoding="dense", layers=1),
        np.zeros((1, 2)),
        np.zeros((1, 2)),
        np.zeros(1),
    ),
    "entropy",
    "encoding_only",
    "p1",
)
def test_S001_P08_fast_path_equals_general_simulation(
    c: PairCase, measure: str, states: str, out: str
) -> None:
    """S001-P08: the pair-product fast path equals the general batched simulation."""
    cfg = replace(c.cfg, measure=measure, swap_states=states, swap_output=out)  # type: ignore[arg-type]
    assert_holds(laws.law_fast_equals_general(fast, general, cfg, c.Q, c.K, c.theta))


@given(pair_cases(ANGLE_ENCODINGS), st.integers(1, 6))
def test_S001_P08_branch_sum_equals_layer_iteration(c: PairCase, layers: int) -> None:
    """S001-P08: the fast path's sum over the 2^L CRX branches equals iterating the layers on
    every pair-qubit factor.

    Tolerance: the branch sum adds ``2**L`` terms, each a product of ``L + 1`` unitary entries
    and vector components (modulus <= 1), so its rounding is <= ``2**L (L + 1) eps`` per real
    part; the iteration's is <= ``16 (L + 1) eps``; a factor 4 covers complex arithmetic."""
    cfg = replace(c.cfg, layers=layers)
    th = np.resize(c.theta, cfg.theta_shape(cfg.register_qubits(c.d)))
    a = ent.pair_states_fast(c.Q, c.K, th, config=cfg, method="path_sum")
    b = ent.pair_states_fast(c.Q, c.K, th, config=cfg, method="iterative")
    tol = 4 * (2**layers + 16) * (layers + 1) * EPS
    assert np.max(np.abs(a - b)) <= tol


@given(pair_cases(max_tokens=3))
def test_S001_P09_reversed_direction_transposes(c: PairCase) -> None:
    """S001-P09 / S001-A02: A_reversed(q, k) = A(k, q); A itself is not symmetric in general."""
    assert_holds(laws.transpose_under_reversal(general, c.cfg, c.Q, c.K, c.theta))


def test_S001_P09_attention_matrix_is_not_symmetric() -> None:
    """S001-P09: a concrete asymmetric pair (dense, d = 2, default options)."""
    x = np.array([[0.3, -0.7], [1.1, 0.2]])
    cfg = ent.EntanglementConfig(encoding="dense")
    asym = laws.asymmetry(lambda q, k: auto(q, k, np.array([1.0]), config=cfg), x)
    assert asym[0, 1] > 0.1


def test_S001_P10_bell_and_crx_pi_have_ln2() -> None:
    """S001-P10: S(Bell) = ln 2; CRX(pi) on an equal-weight control gives ln 2."""
    assert_holds(laws.law_bell_ln2(ent.pair_circuit))


@given(pure_states(1, 3), st.data())
def test_S001_P11_swap_test_identity(a: np.ndarray, data: st.DataObject) -> None:
    """S001-P11: P(1) = (1 - |<a|b>|^2)/2 in [0, 1/2] from the simulated SWAP-test circuit."""
    b = data.draw(pure_states(a.shape[1].bit_length() - 1, a.shape[1].bit_length() - 1))
    b = np.broadcast_to(b[:1], a.shape).copy()
    assert_holds(laws.law_swap_test_identity(st_est.swap_test_circuit, a, b))
    # equal up to phase: P(1) = 0
    assert_holds(laws.law_swap_test_identity(st_est.swap_test_circuit, a, a * 1j))


@given(pure_states(1, 4))
def test_S001_P12_cswap_purity_expansion(psi: np.ndarray) -> None:
    """S001-P12: c-SWAP circuit distribution = purity expansion; odd parities never occur."""
    assert_holds(
        laws.law_cswap_expansion(st_est.cswap_probabilities, st_est.cswap_probabilities_purity, psi)
    )


@given(pure_states(2, 4))
def test_S001_P13_concurrence_forms_agree(psi: np.ndarray) -> None:
    """S001-P13: 2 sqrt(1 - P(0^n)) = Carvalho; n = 2: = 2|ad - bc| = 2 sqrt(P(11))."""
    assert_holds(
        laws.law_concurrence_forms(st_est.cswap_probabilities, st_est.concurrence_from_p0, psi)
    )


@given(pure_states(1, 4))
def test_S001_P14_literal_formula_is_identically_two(psi: np.ndarray) -> None:
    """S001-P14 (regression against the typo): 2 sqrt(P(even incl. 0)) = 2 on pure states."""
    lit = ent.concurrence_paper_literal(st_est.cswap_probabilities(psi))
    n = psi.shape[1].bit_length() - 1
    np.testing.assert_allclose(lit, 2.0, rtol=0, atol=laws.literal_two_tolerance(n))


@pytest.mark.parametrize(
    ("name", "amps", "want"),
    [
        ("product", [1, 0, 0, 0], 0.0),
        ("bell", [1, 0, 0, 1], 1.0),
        ("ghz3", [1, 0, 0, 0, 0, 0, 0, 1], math.sqrt(1.5)),
    ],
)
def test_S001_P14_concurrence_values(name: str, amps: list[float], want: float) -> None:
    """S001-P14: C_n is 0 (product), 1 (Bell), sqrt(3/2) (GHZ_3) by the c-SWAP circuit."""
    psi = np.array(amps, dtype=complex)
    psi /= np.linalg.norm(psi)
    n = psi.size.bit_length() - 1
    # C = 2 sqrt(1 - P0): the c-SWAP P0 within its probability bound, the purity average within
    # its rounding; the Lipschitz / Hoelder square-root bound at the exact C
    tol_sw = float(laws.concurrence_tolerance(want, laws.cswap_probability_tolerance(n)))
    tol_pur = float(laws.concurrence_tolerance(want, purity_rounding(psi.size)))
    assert float(st_est.concurrence_cswap(psi)[0]) == pytest.approx(want, abs=tol_sw)
    assert float(st_est.concurrence_purity(psi)[0]) == pytest.approx(want, abs=tol_pur)


@given(pair_cases(ANGLE_ENCODINGS, max_tokens=3))
def test_S001_P15_pair_product_concurrence(c: PairCase) -> None:
    """S001-P15: C_n = 2 sqrt(1 - prod_m (1 + Tr rho_{A_m}^2)/2) for pair-product states."""
    assert_holds(
        laws.law_pair_product_concurrence(
            states, st_est.concurrence_purity, st_est.concurrence_from_p0, c.cfg, c.Q, c.K, c.theta
        )
    )


@given(pair_cases(), st.sampled_from([general, auto]))
def test_S001_P25_entropy_in_nats(c: PairCase, fn: Any) -> None:
    """S001-P25: S (nats) = S_bits * ln 2."""
    assert_holds(laws.law_nats_vs_bits(fn, states, c.cfg, c.Q, c.K, c.theta))


def _cswap_test_oracle(psi: np.ndarray) -> np.ndarray:
    """Control distribution of the c-SWAP test written out as dense matrices, independently of
    the circuit and simulator: ``U = (H^n (x) I) S (H^n (x) I)`` on ``3n`` qubits (qubit 0 = most
    significant bit; controls ``0..n-1``, copies ``n..2n-1`` and ``2n..3n-1``), where ``S`` is the
    permutation of basis states swapping bit ``n+i`` with bit ``2n+i`` whenever control bit ``i``
    is 1 (the Foulds-Kendon-Spiller layout), applied to ``|0^n> (x) psi (x) psi``."""
    n = psi.shape[1].bit_length() - 1
    dim = 1 << (3 * n)
    bit = [1 << (3 * n - 1 - q) for q in range(3 * n)]
    perm = np.zeros((dim, dim))
    for x in range(dim):
        y = x
        for i in range(n):
            if x & bit[i] and bool(x & bit[n + i]) != bool(x & bit[2 * n + i]):
                y ^= bit[n + i] | bit[2 * n + i]
        perm[y, x] = 1.0
    had = np.ones((1, 1))
    for _ in range(n):
        had = np.kron(had, np.array([[1.0, 1.0], [1.0, -1.0]]) / math.sqrt(2))
    u = np.kron(had, np.eye(1 << (2 * n))) @ perm @ np.kron(had, np.eye(1 << (2 * n)))
    two = (psi[:, :, None] * psi[:, None, :]).reshape(psi.shape[0], -1)
    final = u[:, : 1 << (2 * n)] @ two.T  # columns with the controls in |0^n>
    return np.sum(np.abs(final.T.reshape(psi.shape[0], 1 << n, -1)) ** 2, axis=2)


def test_cswap_oracle_by_hand() -> None:
    """The oracle itself on states checkable by hand: a product state never leaves ``z = 0``; a
    Bell pair (rho_A = I/2 on each qubit) gives ``P(z) = 2^-2 sum_alpha (-1)^{z.alpha}
    Tr rho_alpha^2 = (1 + 1/2 + 1/2 + 1)/4 = 3/4`` for ``z = 00`` and ``1/4`` for ``z = 11``."""
    np.testing.assert_allclose(
        _cswap_test_oracle(np.array([[0.6, 0.8j, 0, 0]])), [[1, 0, 0, 0]], atol=1e-15
    )
    bell = np.array([[1, 0, 0, 1]]) / math.sqrt(2)
    np.testing.assert_allclose(_cswap_test_oracle(bell), [[0.75, 0, 0, 0.25]], atol=1e-15)


@given(pure_states(1, 2))
def test_S001_P12_cswap_circuit_matches_registered_layout(psi: np.ndarray) -> None:
    """S001-P12: ``cswap_probabilities`` and the registered c-SWAP circuit (simulated on
    ``psi (x) psi``) both equal the dense-matrix oracle above. Tolerance: a 64-dimensional
    unitary product, |error| <= 64 * 16 eps per probability; 1e-12 covers it."""
    from reference import simulate as sim

    n = psi.shape[1].bit_length() - 1
    want = _cswap_test_oracle(psi)
    tol = laws.cswap_probability_tolerance(n)
    np.testing.assert_allclose(st_est.cswap_probabilities(psi), want, rtol=0, atol=tol)
    init = np.zeros((psi.shape[0], 1 << (3 * n)), dtype=complex)
    init[:, : 1 << (2 * n)] = (psi[:, :, None] * psi[:, None, :]).reshape(psi.shape[0], -1)
    final = sim.statevector(st_est.cswap_concurrence_circuit(n), initial=init)
    np.testing.assert_allclose(
        sim.marginal(sim.probabilities(final), list(range(n))), want, rtol=0, atol=tol
    )


@given(
    pair_cases(),
    st.sampled_from(["entropy", "concurrence", "swap"]),
    st.sampled_from(["encoding_only", "pair_state"]),
    st.sampled_from(["p1", "fidelity"]),
    st.sampled_from(["within_register", "none"]),
    st.sampled_from(["query", "key"]),
    st.sampled_from([1.0, 0.5]),
)
@example(
    PairCase(
        ent.EntanglementConfig(encoding="iqp", layers=1),
        np.zeros((1, 1)),
        np.zeros((1, 1)),
        np.zeros(1),
    ),
    "entropy",
    "encoding_only",
    "p1",
    "within_register",
    "query",
    1.0,
)
def test_general_matrix_form_equals_gate_by_gate(
    c: PairCase, measure: str, states: str, out: str, iqp_ent: str, sub: str, scale: float
) -> None:
    """The general path in matrix form equals the gate-by-gate simulation of the pair circuit for
    every encoding and option combination (derived tolerance:
    ``laws.law_matrix_form_equals_gates``)."""
    cfg = replace(
        c.cfg,
        measure=measure,  # type: ignore[arg-type]
        swap_states=states,  # type: ignore[arg-type]
        swap_output=out,  # type: ignore[arg-type]
        iqp_entanglers=iqp_ent,  # type: ignore[arg-type]
        entropy_subsystem=sub,  # type: ignore[arg-type]
        feature_scale=scale,
    )
    assert_holds(laws.law_matrix_form_equals_gates(matrix_form, gates, cfg, c.Q, c.K, c.theta))


@given(
    st.floats(0.0, 1.0),
    st.floats(1e-16, 1e-2),
    st.floats(-1.0, 1.0),
)
def test_two_sqrt_tolerance_bounds_the_square_root(x: float, delta: float, u: float) -> None:
    """The concurrence bound (S001-P13 / P15 / A11): for |x - x_hat| <= delta, x >= 0,
    |2 sqrt(x) - 2 sqrt(x_hat)| <= two_sqrt_tolerance(x_hat, delta) (Lipschitz away from 0,
    Hoelder near it); and it is the Lipschitz value dP0 / sqrt(1 - P0) when x_hat >> delta."""
    from properties.tolerances import two_sqrt_tolerance

    x_hat = max(x + u * delta, 0.0)  # rounds by <= eps: |x - x_hat| <= delta + eps
    bound = float(two_sqrt_tolerance(x_hat, delta + EPS))
    # the test's own two square roots of values <= 1 round by <= 2 eps each
    assert abs(2 * math.sqrt(x) - 2 * math.sqrt(x_hat)) <= bound + 4 * EPS
    d = delta + EPS
    if x_hat > 100 * d:
        assert bound <= 1.01 * d / math.sqrt(x_hat - d)
