"""The shared strategies really produce the edge cases the properties rely on."""

from __future__ import annotations

import numpy as np
from hypothesis import find, given, settings

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


def _schmidt_rank(psi: np.ndarray) -> int:
    """Rank of the first-qubit / rest cut (1 for product states across that cut)."""
    m = psi.reshape(2, -1)
    return int(np.sum(np.linalg.svd(m, compute_uv=False) > 1e-9))


def test_states_include_basis_product_and_entangled_states() -> None:
    find(states(), lambda s: int((abs(s) > 0).sum()) == 1, settings=_S)
    find(
        states(min_qubits=2),
        lambda s: _schmidt_rank(s) == 1 and int((abs(s) > 1e-9).sum()) > 1,
        settings=_S,
    )
    find(states(min_qubits=2), lambda s: _schmidt_rank(s) == 2, settings=_S)


@given(states(min_qubits=2, max_qubits=3))
def test_states_respect_their_size_bounds_and_are_normalised(psi: np.ndarray) -> None:
    assert psi.shape in ((4,), (8,))
    assert abs(np.linalg.norm(psi) - 1) < 1e-12
