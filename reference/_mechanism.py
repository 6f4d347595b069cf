"""Record types of the mechanism registry (see :mod:`reference.registry`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeAlias

from reference._types import FloatArray
from reference.circuit import Circuit

ScoreFn: TypeAlias = Callable[[FloatArray, FloatArray, int], FloatArray]
"""A pluggable attention score: ``score(Q (n, d), K (m, d), layer_index) -> (n, m)`` logits."""

ScorerFactory: TypeAlias = Callable[[Any, Any], ScoreFn]
"""``factory(encoder_config, encoder_params) -> ScoreFn``: how a mechanism offers a score
function to the Figure-1 encoder (:mod:`reference.pipeline.encoder`), which looks its score names
up in the registry. The arguments are the encoder's ``EncoderConfig`` and ``EncoderParams``
(typed ``Any`` here: the registry records must not import the pipeline)."""


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

    The registry key ``name`` is the one name of the mechanism (CONTRIBUTING.md): with hyphens
    as underscores it is the module's last component (``reference.mechanisms.<name>``), the
    folder ``properties/<name>/`` of its laws, and the evidence module ``proofs.evidence.<name>``
    of its claims. The completeness test (``tests/test_registry.py``) joins them by that name.

    Attributes:
        name: registry key (``entanglement``, ``groq-rag``).
        module: the reference module implementing it (``__name__`` of the defining module).
        summary: one line.
        circuits: its canonical circuits, or empty with ``no_circuit_reason`` set.
        no_circuit_reason: why a classical / quantum-inspired mechanism has no circuit.
        scorers: ``(score_name, factory)`` pairs this mechanism offers to the encoder
            (``("entropy", ...)``); score names are unique across the registry.
    """

    name: str
    module: str
    summary: str
    circuits: tuple[CircuitExample, ...] = ()
    no_circuit_reason: str = ""
    scorers: tuple[tuple[str, ScorerFactory], ...] = ()

    def __post_init__(self) -> None:
        if not self.circuits and not self.no_circuit_reason:
            raise ValueError(f"mechanism {self.name!r}: give circuits or a no_circuit_reason")
        if self.module.rsplit(".", 1)[-1] != self.module_name:
            raise ValueError(
                f"mechanism {self.name!r} is defined in {self.module!r}; its module must be "
                f"named {self.module_name!r} (one name per mechanism)"
            )

    @property
    def module_name(self) -> str:
        """The name shared by the reference module, ``properties/`` folder and evidence module."""
        return self.name.replace("-", "_")


__all__ = ["CircuitExample", "Mechanism", "ScoreFn", "ScorerFactory"]
