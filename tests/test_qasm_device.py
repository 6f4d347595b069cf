"""Device lowering (:mod:`qasm.device`) and the device flavours / formats built on it.

Equality is checked by the reference simulator: ``U_original = exp(i phi) U_lowered`` with the
global phase ``phi`` :func:`qasm.device.to_device` states, on every gate of the table (``mcx`` /
``mcz`` with 1 to 5 controls, more than the registry's 2), on random circuits over the whole
table (symbolic and bound), on every registered circuit and on planned programs.

Tolerance (derived, not tuned): a product of ``m`` unitaries of dimension ``d`` computed in
floating point has entries off by at most about ``m d u`` (``u = 2**-53``, each matrix-vector
product adds ``d`` rounded terms of modulus <= 1 per entry, unitarity keeps norms at 1); the
angles ``a + pi`` / ``a/2`` add one rounding each. :func:`_tol` takes ``4 (m + 1) d eps``.
The consumers themselves (Braket, Qiskit, Aer) are in ``tests/interop/test_interop_device.py``.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given

from properties.core.export_strategies import Case, cases
from qasm import device as dv
from qasm import openqasm as oq
from reference.circuit import Circuit, Op, Param, ParamExpr, ParamValue
from reference.gates import GATES
from reference.registry import circuits
from reference.simulate import statevector, unitary
from tests._bad_input import cases as bad_cases
from tests._bad_input import check
from tests.toolchain_gate import need

MAX_CONTROLS = 5


def _tol(num_ops: int, num_qubits: int) -> float:
    return 4.0 * (num_ops + 1) * 2.0**num_qubits * float(np.finfo(float).eps)


def _phase(value: ParamValue, bindings: dict[str, float]) -> float:
    return value.evaluate(bindings) if isinstance(value, ParamExpr) else float(value)


def _every_gate() -> list[tuple[str, Circuit]]:
    """Each gate on reversed qubits with generic angles (variadic: 1..MAX_CONTROLS controls)."""
    out = []
    for name, spec in sorted(GATES.items()):
        for k in [spec.num_qubits] if spec.num_qubits else range(2, MAX_CONTROLS + 2):
            params = tuple(1.1 - 0.6 * i for i in range(spec.num_params))
            op = Op(name, tuple(reversed(range(k))), params)
            out.append((f"{name}/{k}", Circuit(k, (op,), name=name)))
    return out


GATE_CASES = _every_gate()


@pytest.mark.parametrize("target", dv.TARGETS)
@pytest.mark.parametrize(("label", "circuit"), GATE_CASES, ids=[g for g, _ in GATE_CASES])
def test_every_gate_lowers_exactly(label: str, circuit: Circuit, target: dv.Target) -> None:
    """``U_gate = exp(i phi) U_lowered`` and only the target's gates appear."""
    d = dv.to_device(circuit, target=target)
    assert {op.gate for op in d.circuit.ops} <= dv.TARGET_GATES[target]
    want = unitary(circuit)
    got = np.exp(1j * _phase(d.global_phase, {})) * unitary(d.circuit)
    assert np.abs(got - want).max() <= _tol(len(d.circuit), circuit.num_qubits), label


@pytest.mark.parametrize(
    ("target", "gate", "phase"),
    [
        ("ibm", "h", math.pi / 4),
        ("ibm", "z", math.pi / 2),
        ("ibm", "y", math.pi),
        ("ibm", "t", math.pi / 8),
        ("ibm", "sx", 0.0),
        ("braket-qpu", "sx", 0.0),
        ("braket-qpu", "h", 0.0),
    ],
)
def test_stated_global_phases(target: dv.Target, gate: str, phase: float) -> None:
    d = dv.to_device(Circuit(1, (Op(gate, (0,)),)), target=target)
    assert _phase(d.global_phase, {}) == pytest.approx(phase)


def test_phase_polynomial_phases() -> None:
    """p(a): a/2, cp(a): a/4, mcz with k controls: pi / 2**(k+1) (the module table)."""
    a = 0.7
    for gate, nq, want in (("p", 1, a / 2), ("cp", 2, a / 4)):
        op = Op(gate, tuple(range(nq)), (a,))
        assert dv.to_device(Circuit(nq, (op,)), target="braket-qpu").global_phase == pytest.approx(
            want
        )
    for k in range(3, MAX_CONTROLS + 1):
        c = Circuit(k + 1, (Op("mcz", tuple(range(k + 1))),))
        assert dv.to_device(c, target="braket-qpu").global_phase == pytest.approx(
            math.pi / 2 ** (k + 1)
        )


@given(case=cases(max_qubits=4, max_gates=8))
def test_random_circuits_lower_exactly_symbolic_and_bound(case: Case) -> None:
    """Lower-then-bind equals bind-then-lower equals the reference, up to the stated phase."""
    want = statevector(case.bound)
    for target in dv.TARGETS:
        sym = dv.to_device(case.circuit, target=target)
        bound = dv.to_device(case.bound, target=target)
        assert {op.gate for op in sym.circuit.gate_ops} <= dv.TARGET_GATES[target]
        assert sym.circuit.measured_qubits == case.circuit.measured_qubits
        for d in (sym, bound):
            lowered = d.circuit.bind(case.bindings) if d.circuit.parameters else d.circuit
            got = np.exp(1j * _phase(d.global_phase, case.bindings)) * statevector(lowered)
            assert np.abs(got - want).max() <= _tol(len(lowered), case.circuit.num_qubits)


def _registered() -> list[tuple[str, Circuit]]:
    rng = np.random.default_rng(14)
    out = []
    for name, ex in sorted(circuits().items()):
        c = ex.build()
        values = {p: float(rng.uniform(-math.pi, math.pi)) for p in c.parameters}
        out.append((name, c.bind(values) if values else c))
    return out


REGISTERED = _registered()


@pytest.mark.parametrize("target", dv.TARGETS)
@pytest.mark.parametrize(("name", "circuit"), REGISTERED, ids=[n for n, _ in REGISTERED])
def test_registered_circuits_lower_exactly(name: str, circuit: Circuit, target: dv.Target) -> None:
    d = dv.to_device(circuit, target=target)
    assert {op.gate for op in d.circuit.gate_ops} <= dv.TARGET_GATES[target]
    got = np.exp(1j * _phase(d.global_phase, {})) * statevector(d.circuit)
    assert np.abs(got - statevector(circuit)).max() <= _tol(len(d.circuit), circuit.num_qubits)


def _statements(flavor: str, circuit: Circuit) -> list[object]:
    return list(oq.to_program(circuit, flavor=flavor).statements)  # type: ignore[arg-type]


@pytest.mark.parametrize("flavor", oq.DEVICE_FLAVORS)
@pytest.mark.parametrize(("name", "circuit"), REGISTERED, ids=[n for n, _ in REGISTERED])
def test_device_programs_have_no_definitions_modifiers_or_foreign_gates(
    name: str, circuit: Circuit, flavor: str
) -> None:
    need("openqasm3", "pyqasm")
    import openqasm3.ast as ast

    from qasm.validate import validate_program

    allowed = set(dv.BRAKET_QPU_NAMES.values()) if flavor == "braket-qpu" else dv.IBM_GATES
    for c in (circuit if circuit.measured_qubits else circuit.measure_all(),):
        stmts = _statements(flavor, c)
        assert not any(isinstance(s, ast.QuantumGateDefinition) for s in stmts)
        gates = [s for s in stmts if isinstance(s, ast.QuantumGate)]
        assert all(not g.modifiers for g in gates)
        assert {g.name.name for g in gates} <= allowed
        includes = [s.filename for s in stmts if isinstance(s, ast.Include)]
        assert includes == ([] if flavor == "braket-qpu" else ["stdgates.inc"])
        report = validate_program(
            oq.to_program(c, flavor=flavor),  # type: ignore[arg-type]
            flavor="braket" if flavor == "braket-qpu" else "standard",
        )
        assert report.round_trip
        assert report.pyqasm == (flavor == "ibm")


def test_symbolic_device_program_keeps_inputs() -> None:
    need("openqasm3")
    c = Circuit.build(2).add("crx", (0, 1), (Param("a"),)).rx(0, 2 * Param("b") - 0.5).done()
    text = oq.to_openqasm(c, flavor="ibm")
    assert "input float[64] a;" in text
    assert "input float[64] b;" in text
    assert "0.5 * a" in text  # merged with the rz of the h before it
    assert "rz(2.0 * b + 2.641592653589793) q[0];" in text  # rx(t) -> rz(t + pi) between sx
    text = oq.to_openqasm(c, flavor="braket-qpu")
    assert "rz(-0.5 * a) q[1];" in text
    assert "cnot q[0], q[1];" in text


def test_export_cli_device_formats(tmp_path: Path) -> None:
    need("openqasm3", "pyqasm")
    from qasm.cli import main

    for fmt, word in (("qasm3-braket-qpu", "cnot"), ("qasm3-ibm", "sx")):
        out = tmp_path / f"{fmt}.qasm"
        assert main(["export", "grover-search-3q", "--format", fmt, "-o", str(out)]) == 0
        text = out.read_text()
        assert word in text
        assert "ctrl" not in text
        assert "gate " not in text


def test_plan_writes_device_programs(tmp_path: Path) -> None:
    need("openqasm3", "pyqasm", "pyqir")
    from qasm.plan import estimate, plan

    m = plan(
        "swap-test",
        "fidelity",
        tmp_path,
        values={"theta_a": 0.3, "theta_b": -0.4},
        shots=2_000,
        expected=False,
        devices=("braket-qpu", "ibm"),
    )
    (prog,) = m["programs"]
    assert (tmp_path / prog["qasm3_braket_qpu"]).read_text().count("cnot") >= 6
    assert "ccx" not in (tmp_path / prog["qasm3_ibm"]).read_text()
    # the manifest still estimates (the device files are extra)
    (tmp_path / "counts.json").write_text(json.dumps({prog["id"]: {"0": 1_500, "1": 500}}))
    est = estimate(tmp_path / "manifest.json", tmp_path / "counts.json")
    assert est.estimate == pytest.approx(0.5)


def _plan_bad_device(tmp: Path) -> object:
    from qasm.plan import plan

    return plan("bell", "expval", tmp, expected=False, devices=("ionq",))


BAD = bad_cases(
    [
        (
            "unknown-target",
            lambda: dv.to_device(Circuit.build(1).h(0).done(), target="quil"),  # type: ignore[arg-type]
            "target",
        ),
        ("plan-unknown-device", lambda: _plan_bad_device(Path("/nonexistent/plan")), "--device"),
    ]
)


@pytest.mark.parametrize(("call", "error", "match"), BAD)
def test_bad_input(call: object, error: type[Exception], match: str) -> None:
    check(call, error, match)  # type: ignore[arg-type]


def test_idle_qubits_get_rz0_not_i_on_braket_qpu() -> None:
    """IonQ's supported operations have no ``i`` (qasm/device.py cites the lists): an idle qubit
    of a braket-qpu program gets ``rz(0)``, exactly the identity; the braket flavour keeps ``i``."""
    need("openqasm3")
    import openqasm3.ast as ast

    c = Circuit.build(3).h(0).measure([0]).done()
    gates = [s for s in _statements("braket-qpu", c) if isinstance(s, ast.QuantumGate)]
    idle = [g for g in gates if g.qubits[0].indices[0][0].value in (1, 2)]
    assert [g.name.name for g in idle] == ["rz", "rz"]
    assert all(g.arguments[0].value == 0.0 for g in idle)
    assert "i" in {g.name.name for g in _statements("braket", c) if isinstance(g, ast.QuantumGate)}
