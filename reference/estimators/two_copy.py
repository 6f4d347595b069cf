r"""Purity ``Tr rho_A^2`` and Renyi-2 entropy ``S_2 = -ln Tr rho_A^2`` by the two-copy test.

Spec: issue 14 item 1 (``../shared/DESIGN.md``, "From counts back to scores"); claims ``H-EST-01``
(the ancilla identity), ``H-EST-02`` (the destructive form), ``H-EST-03`` .. ``H-EST-06``.

Both forms run two copies of the state prepared by an ``n``-qubit circuit ``prep`` and estimate
``Tr(SWAP_A (rho (x) rho)) = Tr rho_A^2`` for a subsystem ``A`` (the swap trick):

* ``method="two-copy"`` (ancilla, controlled-SWAP): qubit 0 is an ancilla, copy 1 is qubits
  ``1..n``, copy 2 is ``n+1..2n``; ``H``, ``CSWAP(anc; copy1_a, copy2_a)`` for ``a`` in ``A``,
  ``H``, measure the ancilla. ``P(0) = (1 + Tr rho_A^2) / 2`` (``H-EST-01``).
* ``method="bell"`` (ancilla-free, destructive; Garcia-Escartin & Chamorro-Posada 2013): copy 1 is
  qubits ``0..n-1``, copy 2 is ``n..2n-1``; per ``a`` in ``A`` a Bell-basis measurement of
  ``(copy1_a, copy2_a)``: ``CX(copy1_a, copy2_a)``, ``H(copy1_a)``, measure both. The pair is in the
  singlet iff both bits are 1, and ``SWAP_A`` has eigenvalue ``(-1)^{sum_a b1_a b2_a}``, so
  ``P(sum_a b1_a b2_a even) = (1 + Tr rho_A^2) / 2`` (``H-EST-02``). Classical bits: ``c[i]`` is
  copy 1 of ``A[i]``, ``c[k+i]`` copy 2 of ``A[i]`` (``k = |A|``).

Score maps (``p`` = the event probability above, ``k = |A|``): purity ``2p - 1`` clipped to
``[2^-k, 1]`` (Lipschitz 2); Renyi-2 ``-ln(clip(2p - 1, 2^-k, 1))`` in ``[0, k ln 2]``
(Lipschitz ``2^(k+1)`` in ``p``, since ``-ln`` has slope ``<= 2^k`` on ``[2^-k, 1]``): a purity
estimate ``<= 0`` is never fed to the logarithm.

**The von Neumann entropy is not estimable this way**: no finite set of measurements on finitely
many copies gives an unbiased ``S_vN``; the two-copy test measures ``Tr rho_A^2``. The offered
hardware score is ``S_2 <= S_vN`` (``H-EST-07``; equality iff ``rho_A`` is maximally mixed on its
support). Used as attention logits, ``S_2`` lowers every score (most for nearly-but-not-maximally
entangled pairs), so softmax weights computed from ``S_2`` differ from the paper's ``S_vN`` ones;
the ordering of two pairs can flip.

>>> from reference.core import bell
>>> c = two_copy_circuit(bell(), [0], method="bell")
>>> c.num_qubits, c.measured_qubits
(4, (0, 2))
>>> est = purity_estimator(bell(), [0], epsilon=0.05, delta=0.05)
>>> round(float(est.exact()[0]), 12)
0.5
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

import numpy as np

from reference._types import BoolArray, FloatArray, IntArray
from reference._validate import choice
from reference.circuit import Circuit
from reference.estimators.base import EventEstimator, ScoreMap, lipschitz_map

TwoCopyMethod = Literal["two-copy", "bell"]
TWO_COPY_METHODS: tuple[TwoCopyMethod, ...] = ("two-copy", "bell")


def check_subsystem(subsystem: Sequence[int], num_qubits: int) -> tuple[int, ...]:
    """Distinct qubit indices in ``[0, num_qubits)``, at least one."""
    try:
        qs = tuple(int(q) for q in subsystem)
    except (TypeError, ValueError):
        raise TypeError(f"subsystem={subsystem!r} must be a sequence of qubit indices") from None
    if not qs:
        raise ValueError("subsystem=() must name at least one qubit")
    if len(set(qs)) != len(qs) or any(not 0 <= q < num_qubits for q in qs):
        raise ValueError(
            f"subsystem={list(qs)} must be distinct qubit indices in [0, {num_qubits})"
        )
    return qs


def _copy(
    b: list[tuple[str, tuple[int, ...], tuple[object, ...]]], prep: Circuit, off: int
) -> None:
    for op in prep.gate_ops:
        b.append((op.gate, tuple(q + off for q in op.qubits), op.params))


def two_copy_circuit(
    prep: Circuit, subsystem: Sequence[int], *, method: TwoCopyMethod = "two-copy"
) -> Circuit:
    """The measured two-copy circuit of ``prep`` (its measurements are dropped) for ``A``."""
    m = choice("method", method, TWO_COPY_METHODS)
    n = prep.num_qubits
    a = check_subsystem(subsystem, n)
    name = f"{prep.name or 'prep'}-{m}"
    if m == "two-copy":
        b = Circuit.build(2 * n + 1, name=name)
        for off in (1, 1 + n):
            for op in prep.gate_ops:
                b.add(op.gate, [q + off for q in op.qubits], op.params)
        b.h(0)
        for q in a:
            b.cswap(0, 1 + q, 1 + n + q)
        b.h(0)
        b.measure([0])
        return b.done()
    b = Circuit.build(2 * n, name=name)
    for off in (0, n):
        for op in prep.gate_ops:
            b.add(op.gate, [q + off for q in op.qubits], op.params)
    for q in a:
        b.cx(q, n + q)
        b.h(q)
    b.measure([*a, *(n + q for q in a)])
    return b.done()


def _ancilla_zero(bits: IntArray) -> BoolArray:
    return np.asarray(bits[:, 0] == 0)


def _and_parity_even(bits: IntArray) -> BoolArray:
    k = bits.shape[1] // 2
    return np.asarray((np.sum(bits[:, :k] * bits[:, k:], axis=1) % 2) == 0)


def purity_map(k: int) -> ScoreMap:
    """``p -> 2p - 1`` clipped to ``[2^-k, 1]`` (Lipschitz 2)."""
    return lipschitz_map("purity", lambda p: 2.0 * p - 1.0, 2.0**-k, 1.0, 2.0, linear=True)


def renyi2_map(k: int) -> ScoreMap:
    """``p -> -ln(clip(2p - 1, 2^-k, 1))`` (Lipschitz ``2^(k+1)``), range ``[0, k ln 2]``."""
    floor = 2.0**-k

    def g(p: FloatArray) -> FloatArray:
        return np.asarray(-np.log(np.clip(2.0 * p - 1.0, floor, 1.0)), dtype=np.float64)

    return lipschitz_map("renyi2", g, 0.0, k * math.log(2.0), 2.0 ** (k + 1), linear=False)


def _estimator(
    prep: Circuit,
    subsystem: Sequence[int],
    score: ScoreMap,
    quantity: str,
    method: TwoCopyMethod,
    epsilon: float,
    delta: float,
    shots: int | None,
) -> EventEstimator:
    m = choice("method", method, TWO_COPY_METHODS)
    circ = two_copy_circuit(prep, subsystem, method=m)
    event = _ancilla_zero if m == "two-copy" else _and_parity_even
    return EventEstimator(
        quantity=quantity,
        method=m,
        circuit=circ,
        events=(event,),
        labels=(quantity,),
        score=score,
        epsilon=epsilon,
        delta=delta,
        shots=shots,
        program_id=f"{quantity}-{m}",
    )


def purity_estimator(
    prep: Circuit,
    subsystem: Sequence[int],
    *,
    method: TwoCopyMethod = "two-copy",
    epsilon: float = 0.05,
    delta: float = 0.05,
    shots: int | None = None,
) -> EventEstimator:
    """``Tr rho_A^2`` of ``prep``'s state by the two-copy test (``method``: ancilla or Bell)."""
    k = len(check_subsystem(subsystem, prep.num_qubits))
    return _estimator(prep, subsystem, purity_map(k), "purity", method, epsilon, delta, shots)


def renyi2_estimator(
    prep: Circuit,
    subsystem: Sequence[int],
    *,
    method: TwoCopyMethod = "two-copy",
    epsilon: float = 0.05,
    delta: float = 0.05,
    shots: int | None = None,
) -> EventEstimator:
    """``S_2 = -ln Tr rho_A^2`` (nats) of ``prep``'s state by the two-copy test."""
    k = len(check_subsystem(subsystem, prep.num_qubits))
    return _estimator(prep, subsystem, renyi2_map(k), "renyi2", method, epsilon, delta, shots)


__all__ = [
    "TWO_COPY_METHODS",
    "TwoCopyMethod",
    "check_subsystem",
    "purity_estimator",
    "purity_map",
    "renyi2_estimator",
    "renyi2_map",
    "two_copy_circuit",
]
