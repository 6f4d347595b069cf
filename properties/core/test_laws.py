"""Hypothesis properties of the foundation (claims ``H-CORE-01`` .. ``H-CORE-10``).

Binds the laws of :mod:`properties.core.laws` to the reference implementations (gate table,
simulator, quantum information); a user's implementation is checked by passing it instead.
"""

from __future__ import annotations

import numpy as np
from hypothesis import example, given
from hypothesis import strategies as st

from properties.core import laws
from properties.core.strategies import GATE_NAMES, angles, bipartitions, circuits, states
from properties.outcome import assert_holds
from reference import gates as _gates
from reference import quantum_info as qi
from reference import simulate as sim
from reference.circuit import Circuit
from reference.testing import random_product_state


@given(st.sampled_from(GATE_NAMES), st.lists(angles, min_size=1, max_size=1), st.integers(2, 5))
def test_every_gate_is_unitary_H_CORE_01(name: str, ang: list[float], nq: int) -> None:
    """H-CORE-01: U^dagger U = I for every gate of the table."""
    spec = _gates.GATES[name]
    params = tuple(ang[: spec.num_params])
    nqubits = None if spec.num_qubits else nq
    assert_holds(laws.law_gate_unitary(name, params, nqubits, matrix=_gates.matrix))


@given(circuits(max_qubits=6))
@example(Circuit(1))
def test_simulator_equals_dense_kronecker_product_H_CORE_02(c: Circuit) -> None:
    """H-CORE-02: batched simulator == product of Kronecker-expanded gate matrices."""
    assert_holds(laws.law_simulator_matches_dense(c, sim.statevector))


@given(circuits(max_qubits=8, max_gates=40))
def test_norm_preserved_H_CORE_03(c: Circuit) -> None:
    """H-CORE-03: simulation preserves the norm."""
    assert_holds(laws.law_norm_preserved(c, sim.statevector))


@given(st.data())
def test_entropy_bounds_and_symmetry_H_CORE_04_05(data: st.DataObject) -> None:
    """H-CORE-04 / H-CORE-05: 0 <= S_A <= min(n_A, n_B) ln 2 and S_A = S_B."""
    psi = data.draw(states(min_qubits=2, max_qubits=7))
    sub = data.draw(bipartitions(int(psi.size).bit_length() - 1))
    assert_holds(laws.law_entropy_bounds(psi, sub, entropy=qi.entanglement_entropy))
    assert_holds(laws.law_entropy_symmetric(psi, sub, entropy=qi.entanglement_entropy))


@given(st.integers(0, 2**32 - 1), st.integers(2, 7))
def test_product_state_entropy_is_exactly_zero_H_CORE_06(seed: int, n: int) -> None:
    """H-CORE-06: product states have S == 0.0 exactly (no tolerance), Bell pair ln 2."""
    psi = random_product_state(np.random.default_rng(seed), n)
    for k in range(1, n):
        assert_holds(
            laws.law_product_state_zero_entropy(
                psi, list(range(k)), entropy=qi.entanglement_entropy
            )
        )
    assert_holds(laws.law_bell_entropy(entropy=qi.entanglement_entropy))


@given(circuits(max_qubits=5, max_gates=20, symbolic=True), st.integers(1, 6), st.data())
def test_batched_bindings_equal_loop_H_CORE_07(c: Circuit, b: int, data: st.DataObject) -> None:
    """H-CORE-07: one batched call equals a loop of single simulations."""
    vals = {n: np.array(data.draw(st.lists(angles, min_size=b, max_size=b))) for n in c.parameters}
    assert_holds(
        laws.law_batched_equals_loop(
            c, vals, b, statevector=sim.statevector, statevector_batch=sim.statevector_batch
        )
    )


@given(circuits(max_qubits=4, max_gates=15))
def test_density_matrix_equals_pure_projector_H_CORE_08(c: Circuit) -> None:
    """H-CORE-08: noiseless density-matrix simulation equals |psi><psi|."""
    assert_holds(
        laws.law_density_matches_pure(
            c, statevector=sim.statevector, density_matrix=sim.density_matrix
        )
    )


@given(circuits(max_qubits=3, max_gates=10), st.floats(0, 1 / 3), st.floats(0, 1))
def test_noisy_density_matrix_is_a_state_H_CORE_08(c: Circuit, p: float, g: float) -> None:
    """H-CORE-08: Kraus channels keep rho Hermitian, unit-trace and PSD."""
    noise = laws.noise_model(p, g)
    assert_holds(laws.law_noisy_density_is_state(c, noise, density_matrix=sim.density_matrix))


@given(st.sampled_from(laws.ROTATIONS), angles)
def test_rotation_conventions_H_CORE_09(name: str, t: float) -> None:
    """H-CORE-09: R_P(t) = exp(-i t P / 2), CRX control-first, qubit 0 the MSB."""
    assert_holds(laws.law_rotation_convention(name, t, matrix=_gates.matrix))
    assert_holds(laws.law_qubit_zero_is_msb(simulate=sim.statevector))


@given(states(min_qubits=2, max_qubits=2))
def test_concurrence_forms_agree_H_CORE_10(a: np.ndarray) -> None:
    """H-CORE-10: Wootters == Carvalho n=2 == 2|ad - bc| on pure states; GHZ_3 = sqrt(3/2)."""
    assert_holds(
        laws.law_concurrence_forms(a, wootters=qi.concurrence_wootters, pure=qi.concurrence_pure)
    )
    assert_holds(laws.law_concurrence_ghz3(pure=qi.concurrence_pure))
