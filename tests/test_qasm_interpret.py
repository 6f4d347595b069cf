"""The OpenQASM 3 interpreter reads every emitted program back to the circuit it came from, and
an edited program (angle, qubit, dropped gate) to a different one (qasm/interpret.py)."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("openqasm3")

from properties.tolerances import state_tolerance
from qasm.cli import circuits
from qasm.interpret import QasmInterpretError, from_openqasm, ops_equal
from qasm.openqasm import to_openqasm
from reference import simulate as sim
from reference.circuit import Circuit

NAMES = sorted(circuits())


def _bound(name: str) -> Circuit:
    c = circuits()[name].build()
    rng = np.random.default_rng(abs(hash(name)) % 2**32)
    return c.bind({p: float(rng.uniform(-np.pi, np.pi)) for p in c.parameters})


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("flavor", ["standard", "ibm"])
def test_round_trip_is_the_same_state(name: str, flavor: str) -> None:
    c = _bound(name).without_measurements()
    back = from_openqasm(to_openqasm(c, flavor=flavor))  # type: ignore[arg-type]
    a, b = sim.statevector(c), sim.statevector(back)
    phase = np.vdot(b, a)
    phase = phase / abs(phase) if abs(phase) > 0 else 1.0
    # both simulations' round-off, plus the printed angles (repr: exact round trip)
    tol = state_tolerance(c) + state_tolerance(back)
    assert np.max(np.abs(a - phase * b)) <= tol


def test_parameters_stay_symbolic() -> None:
    c = Circuit.build(2).rx(0, 0.5).cx(0, 1).done()
    text = to_openqasm(c).replace("rx(0.5)", "rx(theta / 2 - pi)")
    text = text.replace(
        'include "stdgates.inc";', 'include "stdgates.inc";\ninput float[64] theta;'
    )
    back = from_openqasm(text)
    assert back.parameters == ("theta",)
    bound = back.bind({"theta": 1.0})
    assert float(bound.ops[0].params[0]) == pytest.approx(0.5 - np.pi)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("edit", "old", "new"),
    [
        ("angle sign", "rz(0.25)", "rz(-0.25)"),
        ("qubit", "cx q[0], q[1];", "cx q[1], q[0];"),
        ("dropped gate", "h q[0];\n", ""),
    ],
)
def test_an_edited_program_reads_differently(edit: str, old: str, new: str) -> None:
    c = Circuit.build(2).h(0).cx(0, 1).rz(1, 0.25).done()
    text = to_openqasm(c)
    assert old in text, edit
    back = from_openqasm(text.replace(old, new, 1))
    assert not ops_equal(back.ops, c.ops, tol=1e-12), edit
    assert ops_equal(from_openqasm(text).ops, c.ops, tol=0.0)


@pytest.mark.parametrize(
    ("program", "match"),
    [
        ('OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[1] q;\nfoo q[0];\n', "unknown gate 'foo'"),
        ('OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[1] q;\nrx(a) q[0];\n', "identifier 'a'"),
        ('OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[1] q;\nh q[3];\n', "out of range"),
        ('OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[2] q;\ninv @ h q[0];\n', "modifier"),
        ('OPENQASM 3.0;\ninclude "other.inc";\nqubit[1] q;\n', "include"),
        ("OPENQASM 3.0;\nh q[0]\n", "parse"),
        ('OPENQASM 3.0;\ninclude "stdgates.inc";\n', "no qubit register"),
    ],
)
def test_unsupported_or_malformed_programs_are_refused(program: str, match: str) -> None:
    with pytest.raises(QasmInterpretError, match=match):
        from_openqasm(program)


def test_text_must_be_a_string() -> None:
    with pytest.raises(TypeError, match="text"):
        from_openqasm(b"OPENQASM 3.0;")  # type: ignore[arg-type]
