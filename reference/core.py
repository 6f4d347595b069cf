"""Canonical small circuits of the foundation (claims ``H-CORE-*``): Bell pair, GHZ, SWAP test.

These are the oracles one can check by hand (a Bell pair has entanglement entropy ln 2; the SWAP
test gives ``P(1) = (1 - |<a|b>|^2) / 2``) and the first entries of the export registry.
"""

from __future__ import annotations

from reference._mechanism import CircuitExample, Mechanism
from reference.circuit import Circuit, Param, ParamValue


def bell() -> Circuit:
    """``(|00> + |11>) / sqrt 2``."""
    return Circuit.build(2, name="bell").h(0).cx(0, 1).done()


def ghz(num_qubits: int = 3) -> Circuit:
    """``(|0...0> + |1...1>) / sqrt 2`` on ``num_qubits >= 2`` qubits."""
    if num_qubits < 2:
        raise ValueError(f"num_qubits={num_qubits} must be >= 2")
    b = Circuit.build(num_qubits, name=f"ghz{num_qubits}").h(0)
    for q in range(num_qubits - 1):
        b.cx(q, q + 1)
    return b.done()


def swap_test(theta_a: ParamValue, theta_b: ParamValue) -> Circuit:
    """SWAP test of ``RY(theta_a)|0>`` (qubit 1) and ``RY(theta_b)|0>`` (qubit 2), ancilla qubit 0.

    ``P(ancilla = 1) = (1 - cos^2((theta_a - theta_b)/2)) / 2``.
    """
    return (
        Circuit.build(3, name="swap_test")
        .ry(1, theta_a)
        .ry(2, theta_b)
        .h(0)
        .cswap(0, 1, 2)
        .h(0)
        .measure([0])
        .done()
    )


MECHANISM = Mechanism(
    name="core",
    module=__name__,
    summary="Foundation circuits: Bell pair, GHZ state, SWAP test (hand-checkable oracles).",
    circuits=(
        CircuitExample(
            name="bell",
            build=lambda: bell().measure_all(),
            description="Bell pair (|00> + |11>)/sqrt 2, measured",
        ),
        CircuitExample(name="ghz3", build=lambda: ghz(3), description="3-qubit GHZ state"),
        CircuitExample(
            name="swap-test",
            build=lambda: swap_test(Param("theta_a"), Param("theta_b")),
            description="SWAP test of RY(theta_a)|0> and RY(theta_b)|0>, symbolic angles",
        ),
    ),
)

__all__ = ["MECHANISM", "bell", "ghz", "swap_test"]
