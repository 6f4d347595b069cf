"""Hypothesis strategies for the export / interop tests: random circuits over the whole gate table.

A drawn case is a circuit whose parameters are a mix of bound floats and affine symbolic
expressions ``c * name + c0`` over a small pool of names (so symbols are shared between gates),
together with a binding for every symbol. Angles include the edge cases an emitter can get wrong:
``0``, ``-0.0``, ``+-pi``, tiny and large magnitudes, negative numbers (printed as unary minus).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from hypothesis import strategies as st

from reference import gates as _gates
from reference.circuit import Circuit, Op, Param, ParamValue

SYMBOLS = ("alpha", "beta", "gamma_1", "phi")
"""Symbol names used by :func:`cases` (valid OpenQASM identifiers, no clash with gate names)."""

EDGE_ANGLES = (0.0, -0.0, math.pi, -math.pi, math.pi / 2, -math.pi / 4, 1e-9, -3e-7, 12.5)


@dataclass(frozen=True)
class Case:
    """A random circuit and a binding for each of its symbols."""

    circuit: Circuit
    bindings: dict[str, float]

    @property
    def bound(self) -> Circuit:
        return self.circuit.bind(self.bindings) if self.bindings else self.circuit


def angles() -> st.SearchStrategy[float]:
    """Finite angles in radians: uniform on ``[-4 pi, 4 pi]`` plus :data:`EDGE_ANGLES`."""
    return st.one_of(
        st.sampled_from(EDGE_ANGLES),
        st.floats(-4 * math.pi, 4 * math.pi, allow_nan=False, allow_infinity=False),
    )


@st.composite
def _param(draw: st.DrawFn, symbolic: bool) -> ParamValue:
    if symbolic and draw(st.booleans()):
        name = draw(st.sampled_from(SYMBOLS))
        coeff = draw(st.sampled_from((1.0, -1.0, 2.0, -0.5, 3.25)))
        const = draw(st.sampled_from((0.0, 0.1, -1.5)))
        return coeff * Param(name) + const
    return draw(angles())


@st.composite
def circuits(
    draw: st.DrawFn,
    *,
    min_qubits: int = 1,
    max_qubits: int = 4,
    max_gates: int = 8,
    symbolic: bool = True,
    gate_names: tuple[str, ...] | None = None,
) -> Circuit:
    """A circuit on ``min_qubits..max_qubits`` qubits with up to ``max_gates`` gates of the table.

    Variadic ``mcx`` / ``mcz`` get 1 to ``n - 1`` controls.
    """
    n = draw(st.integers(min_qubits, max_qubits))
    names = [
        g for g in (gate_names or sorted(_gates.GATES)) if (_gates.GATES[g].num_qubits or 2) <= n
    ]
    ops: list[Op] = []
    if names:
        for _ in range(draw(st.integers(0, max_gates))):
            spec = _gates.GATES[draw(st.sampled_from(names))]
            arity = spec.num_qubits or draw(st.integers(2, n))
            qubits = tuple(draw(st.permutations(range(n)))[:arity])
            params = tuple(draw(_param(symbolic)) for _ in range(spec.num_params))
            ops.append(Op(spec.name, qubits, params))
    return Circuit(n, tuple(ops), name="random")


@st.composite
def cases(draw: st.DrawFn, /, **kwargs: object) -> Case:
    """A :func:`circuits` draw (keyword arguments passed on) with a binding for every symbol."""
    circuit = draw(circuits(**kwargs))  # type: ignore[arg-type]
    bindings = {name: draw(angles()) for name in circuit.parameters}
    return Case(circuit, bindings)


__all__ = ["EDGE_ANGLES", "SYMBOLS", "Case", "angles", "cases", "circuits"]
