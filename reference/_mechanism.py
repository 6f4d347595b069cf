"""Record types of the mechanism registry (see :mod:`reference.registry`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reference.circuit import Circuit


@dataclass(frozen=True, kw_only=True)
class CircuitExample:
    """A canonical circuit of a mechanism, exported by ``python -m qasm`` and checked on the interop
    suite. ``build()`` returns a :class:`~reference.circuit.Circuit` whose remaining symbols (if
    any) are the run-time parameters a provider binds."""

    name: str
    build: Callable[[], Circuit]
    description: str


@dataclass(frozen=True, kw_only=True)
class Mechanism:
    """One registered mechanism.

    Attributes:
        name: registry key (``entanglement-attention``).
        module: the reference module implementing it.
        summary: one line.
        claim_prefixes: the claim ids it answers for (``("S001-P",)``).
        property_tests: the ``properties/test_*.py`` files that bind its laws.
        circuits: its canonical circuits, or empty with ``no_circuit_reason`` set.
        no_circuit_reason: why a classical / quantum-inspired mechanism has no circuit.
    """

    name: str
    module: str
    summary: str
    claim_prefixes: tuple[str, ...]
    property_tests: tuple[str, ...]
    circuits: tuple[CircuitExample, ...] = ()
    no_circuit_reason: str = ""

    def __post_init__(self) -> None:
        if not self.circuits and not self.no_circuit_reason:
            raise ValueError(f"mechanism {self.name!r}: give circuits or a no_circuit_reason")


__all__ = ["CircuitExample", "Mechanism"]
