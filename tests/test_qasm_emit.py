"""OpenQASM 3 and QIR emitters: completeness, tree shape, round trip, bad input.

The consumers themselves are exercised in ``tests/interop``; these tests need only ``openqasm3``,
``pyqasm`` and ``pyqir`` (skipped without the ``interop`` extra unless ``QAH_REQUIRE_INTEROP=1``).
"""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given

from properties.core.export_strategies import Case, cases
from qasm import decompose
from qasm import openqasm as oq
from reference.circuit import Circuit, Op, Param
from reference.gates import GATES
from tests.toolchain_gate import need


@pytest.mark.parametrize("table", ["STANDARD", "BRAKET"])
def test_every_gate_has_an_exact_lowering(table: str) -> None:
    """Completeness: a gate added to the table without an emitter rule fails here."""
    assert set(getattr(oq, table)) == set(GATES)


def test_every_gate_has_a_qir_rewrite() -> None:
    for name, spec in GATES.items():
        arity = spec.num_qubits or 4
        op = Op(name, tuple(range(arity)), (0.3,) * spec.num_params)
        decompose.rewrite_op(op)  # raises for a missing rule


@given(case=cases(max_qubits=5, max_gates=10))
def test_parse_print_round_trip(case: Case) -> None:
    """``dumps(parse(dumps(p))) == dumps(p)``: both flavours, symbolic/bound, all measure modes."""
    need("openqasm3")
    import openqasm3

    from qasm.validate import round_trip

    for circuit in (case.circuit, case.bound):
        for flavor in oq.FLAVORS:
            for measure in ("keep", "all", "none"):
                prog = oq.to_program(circuit, flavor=flavor, measure=measure)  # type: ignore[arg-type]
                text = round_trip(prog)
                assert text == oq.to_openqasm(circuit, flavor=flavor, measure=measure)  # type: ignore[arg-type]
                assert openqasm3.dumps(openqasm3.parse(text)) == text


@given(case=cases(max_qubits=5, max_gates=10))
def test_pyqasm_validates_standard_flavour(case: Case) -> None:
    need("openqasm3", "pyqasm")
    from qasm.validate import validate_program

    for circuit in (case.circuit, case.bound.measure_all()):
        report = validate_program(oq.to_program(circuit))
        assert report.round_trip
        assert report.pyqasm


def test_symbols_become_inputs_and_negatives_are_unary_minus() -> None:
    need("openqasm3")
    import openqasm3.ast as ast

    c = Circuit.build(2).rx(0, -2 * Param("g") - 0.25).ry(1, Param("b")).rz(0, -0.5).done()
    prog = oq.to_program(c)
    inputs = [s for s in prog.statements if isinstance(s, ast.IODeclaration)]
    assert [s.identifier.name for s in inputs] == ["g", "b"]
    assert all(s.io_identifier == ast.IOKeyword.input for s in inputs)
    text = oq.to_openqasm(c)
    assert "rx(-2.0 * g - 0.25) q[0];" in text
    assert "rz(-0.5) q[0];" in text
    gate = next(
        s for s in prog.statements if isinstance(s, ast.QuantumGate) and s.name.name == "rz"
    )
    assert isinstance(gate.arguments[0], ast.UnaryExpression)


def test_braket_flavour_touches_every_qubit_and_uses_native_names() -> None:
    need("openqasm3")
    c = Circuit.build(4).add("sx", 0).add("cp", (0, 2), (0.5,)).add("crz", (2, 0), (1.0,)).done()
    text = oq.to_openqasm(c, flavor="braket")
    assert "include" not in text
    assert "v q[0];" in text
    assert "cphaseshift(0.5) q[0], q[2];" in text
    assert "i q[1];" in text
    assert "i q[3];" in text
    assert "gate crz(" in text


def test_standard_flavour_defines_missing_gates() -> None:
    need("openqasm3")
    c = Circuit.build(5).rzz(0, 1, 0.5).add("mcx", (0, 1, 2, 3)).add("mcz", (4, 0, 1)).done()
    text = oq.to_openqasm(c)
    assert "gate rzz(" in text
    assert "ctrl(3) @ x q[0], q[1], q[2], q[3];" in text
    assert "h q[1];\nctrl(2) @ x q[4], q[0], q[1];\nh q[1];" in text


def test_measure_modes() -> None:
    need("openqasm3")
    c = Circuit.build(3).h(0).measure([2]).done()
    assert "bit[1] c;" in oq.to_openqasm(c)
    assert "c[0] = measure q[2];" in oq.to_openqasm(c)
    assert "measure" not in oq.to_openqasm(c, measure="none")
    assert oq.to_openqasm(c, measure="all").count("measure") == 3


def test_qir_module_shape() -> None:
    need("pyqir")
    from qasm.qir import to_qir

    c = Circuit.build(3).h(0).cx(0, 1).add("p", 2, (0.5,)).add("cy", (1, 2)).done()
    prog = to_qir(c)
    ll = prog.ll
    assert '"qir_profiles"="base_profile"' in ll
    assert '"required_num_qubits"="3"' in ll
    assert '"required_num_results"="3"' in ll
    assert "@__quantum__qis__cx__body" in ll
    assert "cnot" not in ll
    assert "@__quantum__rt__initialize" in ll
    assert len(re.findall(r"call void @__quantum__rt__result_record_output", ll)) == 3
    assert prog.measured_qubits == (0, 1, 2)
    assert prog.phased_gates == ("p",)
    assert prog.global_phase == pytest.approx(0.25)
    assert prog.bitcode[:2] == b"BC"


def _drop_crz(monkeypatch: pytest.MonkeyPatch) -> None:
    table = dict(oq.BRAKET)
    del table["crz"]
    monkeypatch.setitem(oq._FLAVORS, "braket", table)


BAD = [
    pytest.param(
        lambda: oq.to_openqasm(Circuit.build(1).h(0).done(), flavor="quil"),  # type: ignore[arg-type]
        ValueError,
        "flavor",
        id="to_openqasm(flavor='quil')",
    ),
    pytest.param(
        lambda: oq.to_openqasm(Circuit.build(1).h(0).done(), measure="some"),  # type: ignore[arg-type]
        ValueError,
        "measure",
        id="to_openqasm(measure='some')",
    ),
    pytest.param(
        lambda: oq.to_openqasm(Circuit.build(1).rx(0, Param("q")).done()),
        ValueError,
        "clash",
        id="to_openqasm(input named 'q')",
    ),
    pytest.param(
        lambda: oq.to_openqasm(Circuit.build(1).rx(0, Param("pi")).done()),
        ValueError,
        "clash",
        id="to_openqasm(input named 'pi')",
    ),
    pytest.param(
        lambda: __import__("qasm.qir").qir.to_qir(Circuit.build(1).rx(0, Param("theta")).done()),
        ValueError,
        "theta",
        id="to_qir(unbound theta)",
    ),
    pytest.param(
        lambda: Circuit.build(1).rx(0, Param("theta")).done().bind(theta=math.nan),
        ValueError,
        "theta",
        id="bind(theta=nan)",
    ),
    pytest.param(
        lambda: Circuit.build(1).rx(0, math.nan).done(),
        ValueError,
        "finite",
        id="rx(nan)",
    ),
    pytest.param(
        lambda: __import__("qasm.qir").qir.to_qir(Circuit.build(1).h(0).done(), measure="none"),  # type: ignore[arg-type]
        ValueError,
        "measure",
        id="to_qir(measure='none')",
    ),
]


@pytest.mark.parametrize(("call", "exc", "match"), BAD)
def test_bad_input(call, exc: type[Exception], match: str) -> None:  # type: ignore[no-untyped-def]
    need("openqasm3", "pyqir")
    with pytest.raises(exc, match=match):
        call()


def test_gate_without_exact_expression_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """A flavour lacking a rule for a gate refuses the circuit, naming gate and flavour."""
    need("openqasm3")
    _drop_crz(monkeypatch)
    c = Circuit.build(2).add("crz", (0, 1), (0.5,)).done()
    with pytest.raises(oq.UnsupportedGateError, match=r"gate='crz'.*flavor='braket'"):
        oq.to_openqasm(c, flavor="braket")
    assert "crz(0.5)" in oq.to_openqasm(c)  # the standard flavour still has it


def test_pyqasm_not_applicable_is_reported_not_passed() -> None:
    """Beyond pyqasm's four controls (and for the Braket flavour) the report says so."""
    need("openqasm3", "pyqasm")
    from qasm.validate import validate_program

    big = oq.to_program(Circuit.build(6).add("mcx", tuple(range(6))).done())
    report = validate_program(big)
    assert report.round_trip
    assert not report.pyqasm
    assert "at most 4 controls" in report.note
    braket = validate_program(
        oq.to_program(Circuit.build(2).h(0).done(), flavor="braket"), flavor="braket"
    )
    assert not braket.pyqasm
