r"""Grover success probability from counts.

Spec: issue 14 item 1; seed 002 ``S002-C26`` (``P_succ = sin^2((2r+1) theta)``); claims
``H-EST-03`` .. ``H-EST-06``.

The program is the search circuit measuring every qubit (``c[i]`` = qubit ``i``, so an outcome's
bitstring read left to right is the basis index with qubit 0 most significant, the project's
convention). ``P_succ = P(outcome in marked)``: the identity map, Lipschitz 1.

>>> from reference.mechanisms.grover import grover_circuit
>>> est = success_estimator(grover_circuit(3, [5], 2, measure=True), [5])
>>> round(float(est.exact()[0]), 6)
0.945312
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from reference._types import BoolArray, IntArray
from reference.circuit import Circuit
from reference.estimators.base import EventEstimator, lipschitz_map
from reference.estimators.expval import measured_on

SUCCESS_MAP = lipschitz_map("success", lambda p: p * 1.0, 0.0, 1.0, 1.0, linear=True)


def check_marked(marked: Sequence[int], num_bits: int) -> tuple[int, ...]:
    try:
        ms = tuple(sorted({int(m) for m in marked}))
    except (TypeError, ValueError):
        raise TypeError(f"marked={marked!r} must be a sequence of basis indices") from None
    if not ms or any(not 0 <= m < 1 << num_bits for m in ms):
        raise ValueError(f"marked={list(ms)} must be non-empty indices in [0, {1 << num_bits})")
    return ms


def success_estimator(
    circuit: Circuit,
    marked: Sequence[int],
    *,
    epsilon: float = 0.05,
    delta: float = 0.05,
    shots: int | None = None,
) -> EventEstimator:
    """``P(measured index in marked)``; every qubit is measured (the circuit's measurements are
    replaced)."""
    prog = measured_on(circuit, range(circuit.num_qubits))
    n = circuit.num_qubits
    ms = check_marked(marked, n)
    weights = 1 << np.arange(n - 1, -1, -1, dtype=np.int64)
    table = np.array(ms, dtype=np.int64)

    def event(bits: IntArray) -> BoolArray:
        return np.asarray(np.isin(bits @ weights, table))

    return EventEstimator(
        quantity="success",
        method="z-basis",
        circuit=prog,
        events=(event,),
        labels=("success",),
        score=SUCCESS_MAP,
        epsilon=epsilon,
        delta=delta,
        shots=shots,
        program_id="success-z",
        details={"marked": list(ms)},
    )


__all__ = ["SUCCESS_MAP", "check_marked", "success_estimator"]
