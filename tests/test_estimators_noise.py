"""The noisy limit of an estimator (:mod:`reference.estimators.noisy`) under the App. F model."""

from __future__ import annotations

import numpy as np
import pytest

from properties.tolerances import EPS
from reference import simulate as sim
from reference.circuit import Circuit
from reference.core import bell
from reference.estimators.expval import expval_estimator
from reference.estimators.noisy import noisy_value, two_qubit_form
from reference.estimators.two_copy import purity_estimator, renyi2_estimator
from reference.mechanisms import entanglement as ent
from reference.noise import kyiv_noise_model, noise_model

PAIR = ent.pair_circuit(
    [0.3, -0.7], [0.8, 0.1], [1.2], config=ent.EntanglementConfig(encoding="dense", layers=2)
)
KYIV = kyiv_noise_model(gate_time_1q=35e-9, gate_time_2q=660e-9)


def test_zero_noise_gives_the_exact_value() -> None:
    est = renyi2_estimator(PAIR, [0], method="bell")
    # density-matrix vs statevector round-off: both ~ (gates) * eps on probabilities of size 1,
    # times the Renyi-2 Lipschitz constant 2^(k+1) = 4; 1e-12 is above 4 * 30 gates * 4 eps
    zero = noisy_value(est, noise_model(p1=0.0, p2=0.0))
    assert abs(zero[0] - est.exact()[0]) <= 1e-12


def test_the_interval_covers_the_noisy_value_not_the_exact_one() -> None:
    est = purity_estimator(PAIR, [0], method="bell", epsilon=0.02, delta=1e-6)
    rho = sim.density_matrix(est.circuit, noise=KYIV)
    probs = sim.marginal(sim.probabilities_dm(rho), est.circuit.measured_qubits)
    (prog,) = est.programs()
    counts = sim.sample_counts(probs / probs.sum(), prog.shots, np.random.default_rng(3))
    e = est.estimate({prog.id: counts})
    noisy, exact = noisy_value(est, KYIV)[0], est.exact()[0]
    assert isinstance(e.ci_low, float) and isinstance(e.ci_high, float)
    assert e.ci_low <= noisy <= e.ci_high
    assert not e.ci_low <= exact <= e.ci_high  # the bias more shots will not remove
    assert 0.5 <= noisy < exact


@pytest.mark.parametrize("gate", ["ccx", "mcx", "mcz", "cswap"])
def test_three_qubit_gates_are_rewritten_exactly(gate: str) -> None:
    c = Circuit.build(4).add(gate, (2, 0, 3)).done()
    d = two_qubit_form(c)
    assert max(len(op.qubits) for op in d.ops) == 2
    # 15-17 gates of entries <= 1: the products round at ~ 17 * 4 eps per entry
    assert np.max(np.abs(sim.unitary(c) - sim.unitary(d))) <= 17 * 4 * EPS * 4


def test_noisy_ancilla_form_and_refusal_beyond_three_qubits() -> None:
    est = purity_estimator(bell(), [0])
    noisy = noisy_value(est, KYIV)[0]
    assert 0.5 <= noisy < 1.0
    big = Circuit.build(4).h(0).add("mcz", (0, 1, 2, 3)).done()
    with pytest.raises(ValueError, match="mcz"):
        noisy_value(expval_estimator(big, [0]), KYIV)
