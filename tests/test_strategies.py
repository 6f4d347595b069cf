"""The shared strategies really produce the edge cases the properties rely on."""

from __future__ import annotations

from hypothesis import find, settings
from hypothesis import strategies as st

from properties.core.strategies import GATE_NAMES, circuits, states
from reference.circuit import Circuit

_S = settings(max_examples=2000, database=None)


def test_every_gate_is_reachable() -> None:
    for name in GATE_NAMES:
        c = find(
            circuits(min_qubits=3, max_qubits=4),
            lambda c, n=name: any(op.gate == n for op in c.ops),
            settings=_S,
        )
        assert isinstance(c, Circuit)


def test_single_qubit_and_multicontrol_edge_cases() -> None:
    find(circuits(), lambda c: c.num_qubits == 1, settings=_S)
    find(
        circuits(min_qubits=4),
        lambda c: any(op.gate == "mcx" and len(op.qubits) >= 4 for op in c.ops),
        settings=_S,
    )
    find(circuits(symbolic=True), lambda c: len(c.symbols) >= 1, settings=_S)


def test_states_include_basis_and_product_states() -> None:
    find(states(), lambda s: int((abs(s) > 0).sum()) == 1, settings=_S)
    find(st.tuples(states(min_qubits=2)), lambda t: t[0].size >= 4, settings=_S)
