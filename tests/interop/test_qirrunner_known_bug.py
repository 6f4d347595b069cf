"""A defect of qirrunner 0.9.7 found by the random interop suite (thorough profile).

``rx(pi); ry(0.1)`` on one qubit: the reference, qdk's ``run_qir`` and Qiskit give
``(0.05i, -0.9988i)``; qirrunner dumps ``(-0.05i, -0.9988i)`` (as if ``ry(-0.1)``), not a global
phase. With one more gate the measured probabilities differ too. The emitted QIR is the plain
``rx``/``ry`` pair, so this is the runner, not the emitter. The strict xfail turns into a failure
when qirrunner is fixed, so the exclusion in ``harness.qirrunner_rx_pi_bug`` can then be removed.
Only an ``AssertionError`` (the wrong state) counts as the expected failure: a missing toolchain
(``QAH_REQUIRE_INTEROP=1``) or any other exception fails the test.
"""

from __future__ import annotations

import math

import pytest

from qasm.qir import to_qir
from reference.circuit import Circuit
from reference.simulate import marginal, probabilities, statevector
from tests.interop.checks import assert_counts_agree, assert_state_equal
from tests.toolchain_gate import need

CASE = Circuit.build(1, name="rx-pi-ry").rx(0, math.pi).ry(0, 0.1).done()
DISTRIBUTION = Circuit.build(1, name="rx-pi-ry-h").rx(0, math.pi).ry(0, 0.5).h(0).done()


@pytest.mark.xfail(
    strict=True, raises=AssertionError, reason="qirrunner 0.9.7: rx(pi) then ry acts as ry(-t)"
)
def test_qirrunner_rx_pi_then_ry_state() -> None:
    need("pyqir", "qirrunner")
    from tests.interop.toolchains import qirrunner_statevector

    got = qirrunner_statevector(to_qir(CASE, dump_state=True).bitcode, 1)
    assert_state_equal(
        got, statevector(CASE), toolchain="qirrunner", circuit=CASE, up_to_global_phase=True
    )


@pytest.mark.xfail(
    strict=True, raises=AssertionError, reason="qirrunner 0.9.7: rx(pi) then ry acts as ry(-t)"
)
def test_qirrunner_rx_pi_then_ry_counts() -> None:
    need("pyqir", "qirrunner")
    from tests.interop.toolchains import qirrunner_counts

    prog = to_qir(DISTRIBUTION)
    probs = marginal(probabilities(statevector(DISTRIBUTION)), prog.measured_qubits)
    counts = qirrunner_counts(prog.bitcode, 4000, 3)
    assert_counts_agree(counts, probs, toolchain="qirrunner", circuit=DISTRIBUTION)


def test_same_qir_is_right_on_qdk() -> None:
    """The very same module on qdk.simulation.run_qir matches the reference."""
    need("pyqir", "qdk.simulation")
    from tests.interop.toolchains import qdk_qir_counts

    prog = to_qir(DISTRIBUTION)
    probs = marginal(probabilities(statevector(DISTRIBUTION)), prog.measured_qubits)
    assert probs[0] == pytest.approx((1 - math.sin(0.5)) / 2)  # by hand: ((sin - cos)/sqrt 2)**2
    assert_counts_agree(
        qdk_qir_counts(prog.ll, 4000, 3), probs, toolchain="qdk", circuit=DISTRIBUTION
    )
