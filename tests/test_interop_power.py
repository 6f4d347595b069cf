"""The power of the interop suite's counts checks, computed exactly (no toolchain needed).

The counts consumers (Aer, qdk OpenQASM, qdk QIR, qirrunner) are judged by
``tests.interop.checks.counts_verdict``: reject when the L1 distance between the observed
frequencies and the reference probabilities is at least ``eps = l1_tolerance(K, N)`` (plus a
chi-square test). If the consumer really samples from ``q`` with ``||q - p||_1 = D``, then
``||p_hat - p||_1 >= D - ||p_hat - q||_1`` and ``||p_hat - q||_1 < eps`` with probability at
least ``1 - delta`` (the same inequality that bounds the false alarms), so **a defect that moves
the distribution by ``D >= 2 eps`` in some measured basis is caught with probability at least
``1 - delta = 1 - 1e-9``**. These tests compute ``D`` exactly for the defect "the consumer drops
the gate" on every gate of the table, in the bases the harness measures
(``harness.measured_variants``), and assert ``max D >= 2 eps`` at the shot counts the suite uses.
Before the rotated bases, every diagonal gate applied last had ``D = 0`` (invisible).
"""

from __future__ import annotations

import numpy as np
import pytest

from reference.circuit import Circuit
from reference.simulate import marginal, probabilities, statevector
from tests.interop.checks import l1_tolerance
from tests.interop.harness import measured_variants
from tests.interop.test_interop_random import _every_gate

EVERY_GATE_SHOTS = 10_000


def _probs(c: Circuit) -> np.ndarray:
    return marginal(probabilities(statevector(c)), c.measured_qubits)


def _dropped(circuit: Circuit) -> Circuit:
    return Circuit(circuit.num_qubits, circuit.ops[:-1], name=circuit.name)


_NON_IDENTITY = [(g, c) for g, c in _every_gate() if c.ops[-1].gate != "id"]
"""Every gate of the table but ``id`` (dropping the identity changes nothing to detect)."""


@pytest.mark.parametrize(("label", "circuit"), _NON_IDENTITY, ids=[g for g, _ in _NON_IDENTITY])
def test_dropping_any_gate_is_caught(label: str, circuit: Circuit) -> None:
    distances = []
    for good, bad in zip(
        measured_variants(circuit), measured_variants(_dropped(circuit)), strict=True
    ):
        distances.append(float(np.abs(_probs(good) - _probs(bad)).sum()))
    k = 1 << circuit.num_qubits
    eps = l1_tolerance(k, EVERY_GATE_SHOTS)
    assert max(distances) >= 2 * eps, (
        f"{label}: dropping the gate moves the distribution by at most {max(distances):.4f} "
        f"(L1) in the measured bases, below the detection threshold 2 eps = {2 * eps:.4f}"
    )


def test_computational_basis_alone_misses_diagonal_gates() -> None:
    """Why the rotated bases exist: in the computational basis, a dropped final ``rz`` is
    invisible (``D = 0``); in the rotated bases it is not."""
    c = next(c for g, c in _every_gate() if g == "rz/1")
    good, bad = measured_variants(c), measured_variants(_dropped(c))
    assert np.abs(_probs(good[0]) - _probs(bad[0])).sum() < 1e-12
    assert max(np.abs(_probs(g) - _probs(b)).sum() for g, b in zip(good, bad, strict=True)) > 0.1
