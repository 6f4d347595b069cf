r"""``<Z_j>`` expectation values from counts, with simultaneous intervals.

Spec: issue 14 item 1 (QSANN's ``<Z_0>`` readout, ``S001``/survey; QASA's 8 expectations);
claims ``H-EST-03`` .. ``H-EST-06``.

The program is the circuit with its measurements replaced by a measurement of the qubits
``qubits`` (``c[i]`` = ``qubits[i]``). ``<Z_j> = 1 - 2 P(c_j = 1)`` (Lipschitz 2, range
``[-1, 1]``); the ``m`` intervals hold simultaneously with probability ``>= 1 - delta`` (each at
``delta / m``, the union bound), and the budget is ``hoeffding_shots(eps / 2, delta / m)``.

>>> from reference.core import bell
>>> est = expval_estimator(bell(), [0, 1])
>>> est.exact().round(12).tolist(), est.budget
([0.0, 0.0], 3506)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from reference._types import BoolArray, IntArray
from reference.circuit import MEASURE, Circuit, Op
from reference.estimators.base import Event, EventEstimator, lipschitz_map
from reference.estimators.two_copy import check_subsystem

Z_MAP = lipschitz_map("expval", lambda p: 1.0 - 2.0 * p, -1.0, 1.0, 2.0, linear=True)
"""``<Z> = 1 - 2 P(1)``."""


def _bit_one(i: int) -> Event:
    def event(bits: IntArray) -> BoolArray:
        return np.asarray(bits[:, i] == 1)

    return event


def measured_on(circuit: Circuit, qubits: Sequence[int]) -> Circuit:
    """``circuit`` without its measurements, then ``qubits`` measured into ``c[0..m-1]``."""
    qs = check_subsystem(qubits, circuit.num_qubits)
    ops = (*circuit.gate_ops, Op(MEASURE, qs, (), tuple(range(len(qs)))))
    return Circuit(circuit.num_qubits, ops, len(qs), circuit.name)


def expval_estimator(
    circuit: Circuit,
    qubits: Sequence[int],
    *,
    epsilon: float = 0.05,
    delta: float = 0.05,
    shots: int | None = None,
) -> EventEstimator:
    """``<Z_j>`` for ``j`` in ``qubits`` (qubit indices of ``circuit``), simultaneous intervals."""
    prog = measured_on(circuit, qubits)
    qs = prog.measured_qubits
    return EventEstimator(
        quantity="expval",
        method="z-basis",
        circuit=prog,
        events=tuple(_bit_one(i) for i in range(len(qs))),
        labels=tuple(f"Z_{q}" for q in qs),
        score=Z_MAP,
        epsilon=epsilon,
        delta=delta,
        shots=shots,
        program_id="expval-z",
        vector=True,
    )


__all__ = ["Z_MAP", "expval_estimator", "measured_on"]
