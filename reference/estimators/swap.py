r"""Estimators from counts for the SWAP test (``P(1)``, fidelity) and the c-SWAP concurrence.

Spec: issue 14 item 1; seed 001 ``S001-A10`` / ``S001-A18`` (SWAP test), ``S001-A11`` /
``S001-P13`` (``C_n = 2 sqrt(1 - P(0^n))``); claims ``H-EST-03`` .. ``H-EST-06``.

* ``swap``: ``P(1)`` of the SWAP test's ancilla, the circuit's own single measured bit
  (identity map, Lipschitz 1). For pure inputs ``P(1) = (1 - |<a|b>|^2) / 2``.
* ``fidelity``: ``F = |<a|b>|^2 = 1 - 2 P(1)``, clipped to ``[0, 1]`` (Lipschitz 2).
* ``concurrence``: ``C_n = 2 sqrt(1 - P(0^n))`` read off the controlled-SWAP test's ``n`` control
  bits, clipped to ``[0, 2]``. ``g`` is not Lipschitz at ``P(0^n) = 1`` (``C_n = 0``); it is
  ``1/2``-Hoelder: ``|g(p) - g(q)| <= 2 sqrt(|p - q|)`` (``H-EST-04``), so half-width ``eps`` on
  ``C_n`` needs ``eps_p = eps^2 / 4`` (a large budget near zero concurrence, stated, not hidden).

The c-SWAP circuit is :func:`reference.estimators.swap_test.cswap_concurrence_circuit` (built
from a preparation circuit), or a registered c-SWAP test used as it is.

>>> from reference.core import swap_test
>>> est = swap_estimator(swap_test(0.3, 1.2), quantity="fidelity")
>>> round(float(est.exact()[0]), 12) == round(float(np.cos(0.45) ** 2), 12)
True
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from reference._types import BoolArray, FloatArray, IntArray
from reference.circuit import Circuit
from reference.estimators.base import EventEstimator, ScoreMap, lipschitz_map
from reference.estimators.swap_test import cswap_concurrence_circuit

SwapQuantity = Literal["swap", "fidelity"]

P1_MAP = lipschitz_map("swap", lambda p: p * 1.0, 0.0, 1.0, 1.0, linear=True)
"""``P(1)`` itself."""

FIDELITY_MAP = lipschitz_map("fidelity", lambda p: 1.0 - 2.0 * p, 0.0, 1.0, 2.0, linear=True)
"""``F = 1 - 2 P(1)``."""


def _concurrence(p: FloatArray) -> FloatArray:
    return np.asarray(2.0 * np.sqrt(np.clip(1.0 - p, 0.0, 1.0)), dtype=np.float64)


CONCURRENCE_MAP = ScoreMap(
    name="concurrence",
    g=_concurrence,
    lo=0.0,
    hi=2.0,
    p_epsilon=lambda e: e * e / 4.0,
    score_epsilon=lambda e: 2.0 * float(np.sqrt(e)),
    linear=False,
)
"""``C_n = 2 sqrt(1 - P(0^n))`` (1/2-Hoelder with constant 2)."""


def _bit0_one(bits: IntArray) -> BoolArray:
    return np.asarray(bits[:, 0] == 1)


def _all_zero(bits: IntArray) -> BoolArray:
    return np.asarray(np.all(bits == 0, axis=1))


def check_swap_test(circuit: Circuit) -> int:
    """The ancilla of a measured SWAP test: one measured qubit, the control of a ``cswap``."""
    mq = circuit.measured_qubits
    if len(mq) != 1:
        raise ValueError(
            f"circuit {circuit.name!r} measures {len(mq)} bits; a SWAP test measures its ancilla "
            "only"
        )
    if not any(op.gate == "cswap" and op.qubits[0] == mq[0] for op in circuit.gate_ops):
        raise ValueError(
            f"circuit {circuit.name!r} is not a SWAP test: its measured qubit {mq[0]} controls "
            "no cswap"
        )
    return mq[0]


def swap_estimator(
    circuit: Circuit,
    *,
    quantity: SwapQuantity = "swap",
    epsilon: float = 0.05,
    delta: float = 0.05,
    shots: int | None = None,
) -> EventEstimator:
    """``P(1)`` (``quantity="swap"``) or the fidelity of a measured SWAP-test circuit."""
    check_swap_test(circuit)
    if quantity not in ("swap", "fidelity"):
        raise ValueError(f"quantity={quantity!r} must be 'swap' or 'fidelity'")
    return EventEstimator(
        quantity=quantity,
        method="swap-test",
        circuit=circuit,
        events=(_bit0_one,),
        labels=(quantity,),
        score=P1_MAP if quantity == "swap" else FIDELITY_MAP,
        epsilon=epsilon,
        delta=delta,
        shots=shots,
        program_id=f"{quantity}-swap-test",
    )


def is_cswap_test(circuit: Circuit) -> bool:
    """A measured circuit whose every measured qubit controls a ``cswap`` (a c-SWAP test)."""
    mq = set(circuit.measured_qubits)
    ctrls = {op.qubits[0] for op in circuit.gate_ops if op.gate == "cswap"}
    return bool(mq) and mq <= ctrls


def concurrence_estimator(
    circuit: Circuit,
    *,
    epsilon: float = 0.05,
    delta: float = 0.05,
    shots: int | None = None,
) -> EventEstimator:
    """``C_n`` of a c-SWAP test circuit, or of the state prepared by an unmeasured ``circuit``
    (then the test is built with :func:`cswap_concurrence_circuit`, ``3 n`` qubits)."""
    if circuit.measured_qubits:
        if not is_cswap_test(circuit):
            raise ValueError(
                f"circuit {circuit.name!r} is measured but is not a controlled-SWAP test; give "
                "the unmeasured preparation circuit"
            )
        test = circuit
    else:
        test = cswap_concurrence_circuit(circuit.num_qubits, prep=circuit)
    return EventEstimator(
        quantity="concurrence",
        method="cswap",
        circuit=test,
        events=(_all_zero,),
        labels=("concurrence",),
        score=CONCURRENCE_MAP,
        epsilon=epsilon,
        delta=delta,
        shots=shots,
        program_id="concurrence-cswap",
    )


__all__ = [
    "CONCURRENCE_MAP",
    "FIDELITY_MAP",
    "P1_MAP",
    "check_swap_test",
    "concurrence_estimator",
    "is_cswap_test",
    "swap_estimator",
]
