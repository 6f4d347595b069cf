"""Foundational laws (``H-CORE-*``), as functions of the implementation under test.

Each law returns a *slack*: ``>= 0`` when the law holds (the margin), negative when it fails.
Equalities are laws ``tolerance - deviation`` with the tolerance derived from a floating-point
error bound stated next to it. The ledger (:mod:`proofs.evidence.core`) and the Hypothesis tests
(:mod:`properties.core.test_laws`) call the same functions.

Floating-point model: applying a ``k``-qubit gate computes each amplitude as an inner product of
length ``2**k``; with unit-norm inputs its error is at most ``2**k * eps`` (``eps = 2**-52``) per
gate, so after ``m`` gates the state error in any amplitude is at most ``m * 2**kmax * eps`` up to
second order (unitaries do not amplify errors). :func:`state_tolerance` adds a factor 4 for the
reference computation's own error.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from properties.tolerances import (
    EPS,
    concurrence_pure_tolerance,
    entropy_tolerance,
    state_tolerance,
)
from reference import gates as _gates
from reference import quantum_info as qi
from reference._types import ComplexArray
from reference.circuit import Circuit, Op

Simulator = Callable[[Circuit], ComplexArray]


def dense_op_matrix(op: Op, num_qubits: int) -> ComplexArray:
    """Kronecker-expanded matrix of one bound op on ``num_qubits`` qubits (qubit 0 = MSB).

    Built independently of the simulator: ``gate (x) I`` on the op's qubits followed by an explicit
    basis permutation that moves them into place.
    """
    m = _gates.matrix(
        op.gate,
        tuple(float(p) for p in op.params),  # type: ignore[arg-type]
        num_qubits=len(op.qubits),
    )
    k = len(op.qubits)
    rest = [q for q in range(num_qubits) if q not in op.qubits]
    full = np.kron(m, np.eye(1 << (num_qubits - k)))
    # row/column index of `full` is (bits of op.qubits, bits of rest); map to natural order
    order = list(op.qubits) + rest
    dim = 1 << num_qubits
    perm = np.empty(dim, dtype=np.int64)
    for idx in range(dim):
        bits = [(idx >> (num_qubits - 1 - j)) & 1 for j in range(num_qubits)]  # in `order` slots
        nat = 0
        for slot, q in enumerate(order):
            nat |= bits[slot] << (num_qubits - 1 - q)
        perm[idx] = nat
    out = np.zeros((dim, dim), dtype=np.complex128)
    out[np.ix_(perm, perm)] = full
    return out


def dense_state(circuit: Circuit) -> ComplexArray:
    """Reference final state: product of Kronecker-expanded gate matrices applied to ``|0..0>``."""
    n = circuit.num_qubits
    psi = np.zeros(1 << n, dtype=np.complex128)
    psi[0] = 1.0
    for op in circuit.gate_ops:
        psi = dense_op_matrix(op, n) @ psi
    return psi


def law_gate_unitary(name: str, params: tuple[float, ...], num_qubits: int | None = None) -> float:
    """``H-CORE-01``: ``||U^dagger U - I||_max <= 4 * dim * eps``. Returns the slack."""
    u = _gates.matrix(name, params, num_qubits=num_qubits)
    dim = int(u.shape[0])
    dev = float(np.max(np.abs(u.conj().T @ u - np.eye(dim))))
    return float(4 * dim * EPS - dev)


def law_simulator_matches_dense(circuit: Circuit, simulate: Simulator) -> float:
    """``H-CORE-02``: ``max |psi_sim - psi_dense| <= state_tolerance``."""
    dev = float(np.max(np.abs(simulate(circuit) - dense_state(circuit))))
    return state_tolerance(circuit) - dev


def law_norm_preserved(circuit: Circuit, simulate: Simulator) -> float:
    """``H-CORE-03``: ``| ||psi|| - 1 | <= state_tolerance``."""
    dev = abs(float(np.linalg.norm(simulate(circuit))) - 1.0)
    return state_tolerance(circuit) - dev


def law_entropy_bounds(state: ComplexArray, subsystem: list[int]) -> float:
    """``H-CORE-04``: ``0 <= S_A <= min(n_A, n_B) ln 2``; slack = distance to the nearer bound."""
    n = int(state.shape[-1]).bit_length() - 1
    s = float(qi.entanglement_entropy(state, subsystem))
    upper = qi.max_entropy(len(subsystem), n - len(subsystem))
    tol = entropy_tolerance(1 << n)
    return min(s, upper - s) + tol


def law_entropy_symmetric(state: ComplexArray, subsystem: list[int]) -> float:
    """``H-CORE-05``: ``|S_A - S_B| <= tolerance`` for a pure state."""
    n = int(state.shape[-1]).bit_length() - 1
    comp = [q for q in range(n) if q not in subsystem]
    sa = float(qi.entanglement_entropy(state, subsystem))
    sb = float(qi.entanglement_entropy(state, comp))
    return entropy_tolerance(1 << n) - abs(sa - sb)


def law_product_state_zero_entropy(state: ComplexArray, subsystem: list[int]) -> float:
    """``H-CORE-06``: a product state has entropy exactly 0.0 (slack 0 iff exact)."""
    return -abs(float(qi.entanglement_entropy(state, subsystem)))


def law_bell_entropy() -> float:
    """``H-CORE-06``: ``S(Bell) = ln 2``."""
    bell = np.array([1, 0, 0, 1], dtype=np.complex128) / math.sqrt(2)
    return entropy_tolerance(4) - abs(float(qi.entanglement_entropy(bell, [0])) - math.log(2))


__all__ = [
    "EPS",
    "concurrence_pure_tolerance",
    "dense_op_matrix",
    "dense_state",
    "entropy_tolerance",
    "law_bell_entropy",
    "law_entropy_bounds",
    "law_entropy_symmetric",
    "law_gate_unitary",
    "law_norm_preserved",
    "law_product_state_zero_entropy",
    "law_simulator_matches_dense",
    "state_tolerance",
]
