"""A defect of qdk 1.33.1's OpenQASM 3 simulator found by the planned-program interop (issue 14).

``crx`` / ``cry`` / ``crz`` with a **negative** angle act wrongly when the control is in
superposition: ``rx(1.1) q[0]; crx(-1.1) q[0], q[1]; rx(1.1) q[0]`` gives P(00) = 0.2439 in the
reference, in Qiskit Aer and in a hand-written matrix product, and 0.92 on
``qdk.openqasm.run``. The same gates with a positive angle, and ``cp`` / ``rzz`` with either
sign, agree. The program is the plain stdgates call, so this is the consumer, not the emitter.
The strict xfails turn into failures when qdk is fixed; the planned-program cases that contain a
negative controlled rotation (``KNOWN_QDK_NEGATIVE_CR`` in ``test_interop_plan.py``) are xfailed
on qdk for the same reason, and ``test_known_cases_are_exactly_the_negative_ones`` keeps that
list honest. Only an ``AssertionError`` counts as the expected failure.
"""

from __future__ import annotations

import pytest

from reference.circuit import Circuit
from reference.simulate import probabilities, statevector
from tests.interop.checks import assert_counts_agree
from tests.toolchain_gate import need

SHOTS = 4000


def _case(gate: str, angle: float) -> Circuit:
    b = Circuit.build(2, name=f"{gate}({angle})").rx(0, 1.1).h(1)
    b = b.add(gate, (0, 1), (angle,)).rx(0, 1.1).h(1)
    return b.measure([0, 1]).done()


def _qdk_vs_reference(c: Circuit) -> None:
    from qasm.openqasm import to_openqasm
    from tests.interop.toolchains import qdk_qasm_counts

    counts = qdk_qasm_counts(to_openqasm(c), SHOTS, 3)
    probs = probabilities(statevector(c.without_measurements()))
    assert_counts_agree(counts, probs, toolchain="qdk.openqasm.run", circuit=c)


@pytest.mark.parametrize("gate", ["crx", "cry", "crz"])
@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="qdk 1.33.1 OpenQASM: controlled rotations with a negative angle are wrong",
)
def test_qdk_negative_controlled_rotation(gate: str) -> None:
    need("qdk.openqasm")
    _qdk_vs_reference(_case(gate, -1.1))


@pytest.mark.parametrize("gate", ["crx", "cry", "crz", "cp"])
def test_qdk_positive_controlled_rotation_agrees(gate: str) -> None:
    need("qdk.openqasm")
    _qdk_vs_reference(_case(gate, 1.1))


def test_qdk_negative_cp_agrees() -> None:
    need("qdk.openqasm")
    _qdk_vs_reference(_case("cp", -1.1))


@pytest.mark.parametrize("gate", ["crx", "cry", "crz"])
def test_aer_negative_controlled_rotation_agrees(gate: str) -> None:
    """The same program on Qiskit Aer matches the reference (the reference is right)."""
    need("qiskit.qasm3", "qiskit_aer")
    from qasm.openqasm import to_openqasm
    from tests.interop.harness import SEED
    from tests.interop.toolchains import aer_counts

    c = _case(gate, -1.1)
    (counts,) = aer_counts([to_openqasm(c)], SHOTS, SEED)
    probs = probabilities(statevector(c.without_measurements()))
    assert_counts_agree(counts, probs, toolchain="aer", circuit=c)
