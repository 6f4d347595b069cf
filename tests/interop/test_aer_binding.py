"""Aer and symbolic controlled rotations (Qiskit/qiskit-aer#2391, TOOLCHAIN.md).

Aer ignores controlled-rotation angles passed through ``parameter_binds``: every CRX acts as if
its angle were 0. The harness binds with ``assign_parameters`` before running; these tests make
sure that path is right, and that the statistical check has the power to catch the bug.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from qasm.openqasm import to_openqasm
from reference.circuit import Circuit, Param
from reference.simulate import marginal, probabilities, statevector
from tests.interop.checks import assert_counts_agree, counts_verdict
from tests.toolchain_gate import need

SHOTS = 4_000
SEED = 11


def _crx_circuit(gate: str) -> Circuit:
    """``x q0; c-R(theta) q0, q1; measure``: with theta = pi the target flips with certainty.

    ``crz`` and ``cp`` only add a phase on ``|1>|1>``, invisible to counts on ``|10>`` (binding
    every angle to 0, the actual Aer bug, would pass): for them the target is prepared in
    ``|+>`` and measured after a Hadamard, so ``P(target = 0) = cos^2(theta / 2)``.
    """
    b = Circuit.build(2, name=f"{gate}-binding").x(0)
    phase_only = gate in ("crz", "cp")
    if phase_only:
        b = b.h(1)
    b = b.add(gate, (0, 1), (Param("theta"),))
    if phase_only:
        b = b.h(1)
    return b.measure().done()


def _probs(circuit: Circuit, theta: float) -> np.ndarray:
    return marginal(probabilities(statevector(circuit.bind(theta=theta))), circuit.measured_qubits)


@pytest.mark.parametrize("gate", ["crx", "cry", "crz", "cp"])
def test_aer_symbolic_controlled_rotation_is_bound(gate: str) -> None:
    """Aer via the harness path (assign_parameters) gives the angle's distribution, not angle 0."""
    need("openqasm3", "qiskit.qasm3", "qiskit_aer")
    from tests.interop.toolchains import aer_counts

    circuit = _crx_circuit(gate)
    theta = 2.0 if gate != "crx" else math.pi
    src = to_openqasm(circuit)
    (counts,) = aer_counts([src], SHOTS, SEED, [{"theta": theta}])
    # for every gate, the harness must be able to tell this angle from angle 0 (the bug's output)
    assert not counts_verdict(counts, _probs(circuit, 0.0)).ok
    assert_counts_agree(
        counts,
        _probs(circuit, theta),
        toolchain="aer",
        circuit=circuit,
        source=src,
        bindings={"theta": theta},
    )


def test_aer_parameter_binds_bug_is_caught() -> None:
    """Aer's ``parameter_binds`` path on CRX(pi): either correct (bug fixed upstream), or exactly
    the angle-0 distribution, which the statistical check rejects."""
    need("openqasm3", "qiskit.qasm3", "qiskit_aer")
    from tests.interop.toolchains import aer_counts_parameter_binds

    circuit = _crx_circuit("crx")
    counts = aer_counts_parameter_binds(to_openqasm(circuit), SHOTS, SEED, {"theta": math.pi})
    right = counts_verdict(counts, _probs(circuit, math.pi))
    if not right.ok:
        assert counts_verdict(counts, _probs(circuit, 0.0)).ok, (
            f"Aer parameter_binds gave neither the right nor the known-bug distribution: {counts}"
        )
