"""Every registered circuit (``reference.registry.circuits()``) on every consumer.

Registry driven: a circuit added to any mechanism joins these checks without a code change.
Symbolic circuits are checked symbolically where the consumer binds parameters itself (Qiskit,
Aer, Braket) with values drawn once from a fixed generator.
"""

from __future__ import annotations

import numpy as np
import pytest

from reference.registry import circuits
from tests.interop.harness import CHECKERS, KnownToolchainBug
from tests.toolchain_gate import need

SHOTS = 10_000
CIRCUITS = circuits()


def _bindings(name: str) -> dict[str, float]:
    circuit = CIRCUITS[name].build()
    rng = np.random.default_rng(7)
    return {p: float(rng.uniform(-np.pi, np.pi)) for p in circuit.parameters}


@pytest.mark.parametrize("consumer", sorted(CHECKERS))
@pytest.mark.parametrize("name", sorted(CIRCUITS))
def test_registered_circuit_matches_reference(name: str, consumer: str) -> None:
    """Emitted program of ``name`` reproduces the reference on ``consumer``."""
    checker, modules = CHECKERS[consumer]
    need(*modules)
    circuit = CIRCUITS[name].build()
    try:
        checker(circuit, _bindings(name), SHOTS)
    except KnownToolchainBug as bug:
        pytest.xfail(str(bug))
