"""Every hardware estimator against the reference value computed independently of its circuit.

Exact comparisons: the event probability of a measurement circuit against
:mod:`reference.quantum_info` (purity, fidelity, concurrence),
:func:`reference.simulate.expval_pauli` and the closed-form Grover success probability.
Tolerance (:func:`_tol`): a statevector of ``D`` amplitudes, each off by at most
``d = state_tolerance(circuit)``, moves an event probability by at most
``sum_i (2 |psi_i| d + d^2) <= 2 sqrt(D) d + D d^2``; the independent reference adds its own
``64 D eps`` (an SVD / reduced density matrix), and the score map multiplies by its Lipschitz
constant (2 for purity).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from properties.tolerances import EPS, state_tolerance
from reference import quantum_info as qi
from reference import simulate as sim
from reference.circuit import Circuit
from reference.core import bell, swap_test
from reference.estimators.base import EventEstimator
from reference.estimators.expval import expval_estimator
from reference.estimators.grover import success_estimator
from reference.estimators.quantities import make_estimator
from reference.estimators.swap import concurrence_estimator, swap_estimator
from reference.estimators.swap_test import concurrence_purity, cswap_concurrence_circuit
from reference.estimators.two_copy import purity_estimator, renyi2_estimator
from reference.mechanisms import entanglement as ent
from reference.mechanisms.grover import grover_circuit, success_probability
from reference.testing import random_circuit


def _tol(est: EventEstimator, lipschitz: float = 2.0) -> float:
    d = state_tolerance(est.circuit)
    dim = 1 << est.circuit.num_qubits
    return lipschitz * (2 * math.sqrt(dim) * d + dim * d * d + 64 * dim * EPS)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("method", ["two-copy", "bell"])
def test_two_copy_purity_and_renyi2_equal_the_reduced_state(seed: int, method: str) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 5))
    c = random_circuit(rng, num_qubits=n, num_gates=25)
    k = int(rng.integers(1, n))
    sub = sorted(int(q) for q in rng.choice(n, size=k, replace=False))
    psi = sim.statevector(c)
    est = purity_estimator(c, sub, method=method)  # type: ignore[arg-type]
    p = est.event_probabilities()[0]
    want = float(qi.subsystem_purity(psi, sub))
    assert abs((2 * p - 1) - want) <= _tol(est)
    s2 = renyi2_estimator(c, sub, method=method).exact()[0]  # type: ignore[arg-type]
    rho = qi.reduced_density_matrix(psi, sub)
    assert abs(s2 - float(qi.renyi2_entropy(rho))) <= _tol(est) * 2**k


def test_swap_test_p1_and_fidelity() -> None:
    for ta, tb in [(0.3, 1.2), (0.0, math.pi), (0.7, 0.7)]:
        c = swap_test(ta, tb)
        f = math.cos((ta - tb) / 2) ** 2
        est = swap_estimator(c, quantity="swap")
        assert abs(est.exact()[0] - (1 - f) / 2) <= _tol(est, 1.0)
        est_f = swap_estimator(c, quantity="fidelity")
        assert abs(est_f.exact()[0] - f) <= _tol(est_f)


def test_concurrence_of_a_pair_state_equals_the_purity_formula() -> None:
    q, k = [0.3, -0.7, 1.1, 0.2], [0.8, 0.1, -0.6, 1.3]
    prep = ent.pair_circuit(
        q, k, [0.4, -1.1], config=ent.EntanglementConfig(encoding="dense", layers=2)
    )
    est = concurrence_estimator(prep)
    want = float(concurrence_purity(sim.statevector(prep))[0])
    # C = 2 sqrt(1 - p) has slope 1/sqrt(1 - p) at p < 1
    slope = 1 / math.sqrt(max(1 - est.event_probabilities()[0], 1e-300))
    assert abs(est.exact()[0] - want) <= _tol(est, slope)
    assert est.circuit.num_qubits == 12 and est.circuit.measured_qubits == (0, 1, 2, 3)


def test_expval_equals_the_pauli_expectation() -> None:
    c = random_circuit(np.random.default_rng(4), num_qubits=3, num_gates=20)
    psi = sim.statevector(c)
    est = expval_estimator(c, [2, 0])
    want = [float(sim.expval_pauli(psi, "IIZ")), float(sim.expval_pauli(psi, "ZII"))]
    assert np.all(np.abs(est.exact() - want) <= _tol(est))
    assert est.labels == ("Z_2", "Z_0")


def test_grover_success_equals_the_closed_form() -> None:
    est = success_estimator(grover_circuit(3, [5], 2, measure=True), [5])
    want = success_probability(num_items=8, num_marked=1, iterations=2)
    assert abs(est.exact()[0] - want) <= _tol(est, 1.0)


def test_estimate_from_sampled_counts_covers_the_exact_value() -> None:
    rng = np.random.default_rng(11)
    c = random_circuit(rng, num_qubits=3, num_gates=20)
    for est in (
        make_estimator(c, "purity", subsystem=[0], epsilon=0.05, delta=1e-6),
        make_estimator(c, "renyi2", method="bell", subsystem=[1, 2], epsilon=0.5, delta=1e-6),
        make_estimator(c, "expval", epsilon=0.1, delta=1e-6),
    ):
        (prog,) = est.programs()
        counts = {prog.id: sim.sample(prog.circuit, prog.shots, rng)}
        e = est.estimate(counts)
        exact = est.exact()
        lo, hi = np.atleast_1d(e.ci_low), np.atleast_1d(e.ci_high)
        assert np.all(lo <= exact) and np.all(exact <= hi)
        assert np.all(hi - lo <= 2 * est.epsilon)


def test_nonphysical_frequencies_are_clipped_before_the_logarithm() -> None:
    est = renyi2_estimator(bell(), [0], shots=10)
    e = est.estimate({est.program_id: {"1": 10}})  # P(0) = 0: raw purity -1
    assert e.estimate == pytest.approx(math.log(2)) and e.ci_high == pytest.approx(math.log(2))
    p = purity_estimator(bell(), [0], shots=10).estimate({"purity-two-copy": {"1": 10}})
    assert p.estimate == 0.5 and p.ci_low == 0.5


def test_budget_guarantees_the_half_width_on_the_score() -> None:
    est = make_estimator(bell(), "renyi2", subsystem=[0], epsilon=0.1, delta=0.05)
    assert est.achieved_epsilon(est.budget) <= 0.1 + 1e-15
    con = concurrence_estimator(cswap_concurrence_circuit(2, prep=Circuit.build(2).done()))
    assert con.budget == math.ceil(math.log(2 / 0.05) / (2 * (0.05**2 / 4) ** 2))


BAD = [
    (lambda: make_estimator(bell(), "entropy"), ValueError, "renyi2"),
    (lambda: make_estimator(bell(), "purity", method="shadows"), ValueError, "subsystem"),
    (lambda: make_estimator(bell(), "purity"), ValueError, "subsystem"),
    (lambda: make_estimator(bell(), "purity", subsystem=[2]), ValueError, "subsystem"),
    (lambda: make_estimator(bell(), "purity", subsystem=[0, 0]), ValueError, "subsystem"),
    (lambda: make_estimator(bell(), "purity", subsystem=[0], method="x"), ValueError, "method"),
    (lambda: make_estimator(bell(), "nope"), ValueError, "quantity"),
    (lambda: make_estimator(bell(), "success"), ValueError, "marked"),
    (lambda: make_estimator(bell(), "success", marked=[4]), ValueError, "marked"),
    (lambda: make_estimator(bell().measure_all(), "swap"), ValueError, "SWAP test"),
    (lambda: make_estimator(bell().measure_all(), "concurrence"), ValueError, "controlled-SWAP"),
    (lambda: make_estimator(bell(), "expval", epsilon=0.0), ValueError, "epsilon"),
    (lambda: make_estimator(bell(), "expval", delta=1.0), ValueError, "delta"),
    (
        lambda: make_estimator(swap_test(0.1, 0.2).bind(), "swap").estimate({}),
        ValueError,
        "missing",
    ),
]


@pytest.mark.parametrize(("call", "exc", "match"), BAD)
def test_bad_input(call: object, exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        call()  # type: ignore[operator]
