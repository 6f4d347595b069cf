"""Hypothesis properties of QASA bound to the reference (claims ``SUR-QASA-02..06``)."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from properties.outcome import assert_holds
from properties.qasa import laws
from properties.qasa.strategies import layer_instances, pqc_points
from reference import simulate as sim
from reference.circuit import Circuit
from reference.mechanisms import qasa

CFG = qasa.QASAConfig()
PQC = qasa.pqc_circuit(CFG)
TOL_F = laws.expectation_tolerance(PQC)


def _f(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    return qasa.expectations(x, w, CFG)


def _g(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    return qasa.parameter_shift_gradient(x, w, CFG)


@given(pqc_points(), st.integers(0, 2**32 - 1))
def test_sur_qasa_02_bounded(pt: tuple[np.ndarray, np.ndarray], seed: int) -> None:
    """SUR-QASA-02: |<Z_j>| <= 1 and ||W_o QC|| <= ||W_o||_2 sqrt(n)."""
    x, w = pt
    w_out = np.random.default_rng(seed).normal(size=(5, CFG.num_qubits))
    assert_holds(laws.law_bounded(_f, x, w, w_out, TOL_F))


@given(pqc_points(), st.integers(0, CFG.num_qubits - 1))
def test_sur_qasa_03_input_periodicity(pt: tuple[np.ndarray, np.ndarray], i: int) -> None:
    """SUR-QASA-03: QC(x + 2 pi e_i) = QC(x)."""
    x, w = pt
    assert_holds(laws.law_input_periodicity(_f, x, w, i, TOL_F))


@given(pqc_points(), st.sampled_from(qasa.weight_slots(CFG)))
def test_sur_qasa_04_shift_rule_equals_finite_difference(
    pt: tuple[np.ndarray, np.ndarray], slot: tuple[int, int]
) -> None:
    """SUR-QASA-04: shift rule summed over the occurrences of a shared slot = finite difference."""
    x, w = pt
    k = len(qasa.occurrences(PQC, qasa.weight_symbol(*slot)))

    def grad_one(xx: np.ndarray, ww: np.ndarray) -> np.ndarray:
        g = np.zeros((*CFG.weight_shape, CFG.num_qubits))
        vals = {qasa.input_symbol(i): float(xx[i]) for i in range(CFG.num_qubits)}
        vals |= {qasa.weight_symbol(r, c): float(ww[r, c]) for r, c in qasa.weight_slots(CFG)}
        g[slot] = qasa.shift_gradient(PQC, vals, qasa.weight_symbol(*slot))
        return g

    assert_holds(laws.law_shift_equals_finite_difference(_f, grad_one, x, w, slot, k, TOL_F))


@given(pqc_points())
def test_sur_qasa_05_first_cnot_dephases_qubit_7(pt: tuple[np.ndarray, np.ndarray]) -> None:
    """SUR-QASA-05: right after the first CNOT(7, 8) the data state is qubit-7 dephased."""
    x, w = pt
    first = next(k for k, op in enumerate(PQC.ops) if op.qubits == (7, 8))
    prefix = Circuit(9, PQC.ops[:first])
    vals = {qasa.input_symbol(i): float(x[i]) for i in range(8)}
    vals |= {qasa.weight_symbol(r, c): float(w[r, c]) for r, c in qasa.weight_slots(CFG)}
    state = sim.statevector(prefix.bind(vals, strict=False))
    assert_holds(laws.law_ancilla_dephases(lambda: PQC, 8, state))


@given(layer_instances())
def test_sur_qasa_06_ablation_identity(
    inst: tuple[np.ndarray, qasa.QASAParams, qasa.QASAConfig],
) -> None:
    """SUR-QASA-06: W_o = 0 reduces the layer to the standard post-LN block."""
    h, p, cfg = inst
    assert_holds(laws.law_ablation_identity(qasa.quantum_encoder_layer, h, p, cfg))
