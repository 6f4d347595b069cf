"""The circuit IR: construction, parameters, binding, conventions."""

from __future__ import annotations

import numpy as np
import pytest

from reference import simulate as sim
from reference.circuit import Circuit, Op, Param, ParamExpr


def test_qubit_zero_is_the_most_significant_bit() -> None:
    psi = sim.statevector(Circuit.build(3).x(0).done())
    assert psi[0b100] == 1
    psi = sim.statevector(Circuit.build(3).x(2).done())
    assert psi[0b001] == 1


def test_crx_controls_on_first_qubit() -> None:
    # control |1> on qubit 0, target qubit 1: CRX(pi)|10> = -i|11>
    psi = sim.statevector(Circuit.build(2).x(0).crx(0, 1, np.pi).done())
    assert np.isclose(psi[0b11], -1j)
    # control |0>: nothing happens
    psi = sim.statevector(Circuit.build(2).x(1).crx(0, 1, np.pi).done())
    assert np.isclose(psi[0b01], 1)


def test_param_expressions_are_affine_and_bind() -> None:
    g, b = Param("gamma"), Param("beta")
    e = 2 * g - 0.5 + b * 3
    assert e.evaluate({"gamma": 1.0, "beta": 2.0}) == pytest.approx(7.5)
    assert e.substitute({"gamma": 1.0}) == ParamExpr((("beta", 3.0),), 1.5)
    with pytest.raises(TypeError, match="affine"):
        _ = g * b  # type: ignore[operator]


def test_bind_and_parameters_order() -> None:
    c = Circuit.build(2).rx(0, Param("a")).rz(1, 2 * Param("b")).crx(0, 1, Param("a")).done()
    assert c.parameters == ("a", "b")
    cb = c.bind(a=0.1, b=0.2)
    assert cb.is_bound and cb.ops[1].params == (0.4,)
    partial = c.bind({"a": 0.1})
    assert partial.symbols == {"b"}
    with pytest.raises(ValueError, match="not parameters"):
        c.bind(z=1.0)


def test_measure_ops_and_structure() -> None:
    c = Circuit.build(3).h(0).cx(0, 1).measure([2, 0]).done()
    assert c.measured_qubits == (2, 0)
    assert c.num_clbits == 2
    assert c.without_measurements().gate_ops == c.gate_ops
    assert c.structure() == (("h", (0,)), ("cx", (0, 1)), ("measure", (2, 0)))
    with pytest.raises(ValueError, match="after a measurement"):
        Circuit(1, (Op("measure", (0,), (), (0,)), Op("h", (0,))), 1)


def test_circuit_is_frozen() -> None:
    c = Circuit.build(1).h(0).done()
    with pytest.raises(AttributeError):
        c.num_qubits = 2  # type: ignore[misc]
