"""Foundational laws (``H-CORE-*``), as functions of the implementation under test.

Every law takes the implementation it checks as an argument (keyword-only after the data): the
gate-matrix function, the simulator, the entropy or the concurrence. The Hypothesis tests
(:mod:`properties.core.test_laws`) and the ledger (:mod:`proofs.evidence.core`) bind them to the
reference (``matrix=reference.gates.matrix``, ``simulate=reference.simulate.statevector``, ...), so
a user's simulator or entropy is checked by the same function. The oracles (Kronecker-expanded
gates, ``scipy.linalg.expm`` of Pauli generators, ``2|ad - bc|``) are built independently here.

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
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
from scipy.linalg import expm

from properties.tolerances import (
    EPS,
    LN2,
    concurrence_pure_tolerance,
    entropy_tolerance,
    state_tolerance,
)
from reference import gates as _gates
from reference import simulate as _sim
from reference._types import ComplexArray, FloatArray
from reference.circuit import Circuit, Op
from reference.simulate import Channel, NoiseModel

Simulator = Callable[[Circuit], ComplexArray]
"""``statevector(circuit) -> psi (2**n,)`` (as :func:`reference.simulate.statevector`)."""
BoundSimulator = Callable[..., ComplexArray]
"""``statevector(circuit, bindings={name: (B,) array}) -> (B, 2**n)``."""
BatchSimulator = Callable[[Sequence[Circuit]], ComplexArray]
"""``statevector_batch(circuits) -> (B, 2**n)`` for circuits of one shape."""
DensitySimulator = Callable[..., ComplexArray]
"""``density_matrix(circuit, noise=None) -> rho (2**n, 2**n)``."""
GateMatrix = Callable[..., ComplexArray]
"""``matrix(name, params, num_qubits=None) -> U`` (as :func:`reference.gates.matrix`)."""
Entropy = Callable[[ComplexArray, Sequence[int]], Any]
"""``entanglement_entropy(state, subsystem) -> S_A`` in nats."""
Concurrence = Callable[[ComplexArray], Any]
"""A concurrence of a pure state vector (or, for Wootters, also of a density matrix)."""


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


def law_gate_unitary(
    name: str, params: tuple[float, ...], num_qubits: int | None = None, *, matrix: GateMatrix
) -> float:
    """``H-CORE-01``: ``||U^dagger U - I||_max <= 4 * dim * eps``. Returns the slack.

    Each entry of ``U^dagger U`` is an inner product of ``dim`` unit-bounded terms: ``dim * eps``
    of summation error, doubled for the entries of ``U`` themselves, doubled again for margin
    against the exact ``I``."""
    u = np.asarray(matrix(name, params, num_qubits=num_qubits))
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


def _num_qubits(state: ComplexArray) -> int:
    return int(state.shape[-1]).bit_length() - 1


def law_entropy_bounds(state: ComplexArray, subsystem: list[int], *, entropy: Entropy) -> float:
    """``H-CORE-04``: ``0 <= S_A <= min(n_A, n_B) ln 2``; slack = distance to the nearer bound."""
    n = _num_qubits(state)
    s = float(entropy(state, subsystem))
    upper = min(len(subsystem), n - len(subsystem)) * LN2
    return min(s, upper - s) + entropy_tolerance(1 << n)


def law_entropy_symmetric(state: ComplexArray, subsystem: list[int], *, entropy: Entropy) -> float:
    """``H-CORE-05``: ``|S_A - S_B| <= tolerance`` for a pure state."""
    n = _num_qubits(state)
    comp = [q for q in range(n) if q not in subsystem]
    sa = float(entropy(state, subsystem))
    sb = float(entropy(state, comp))
    return entropy_tolerance(1 << n) - abs(sa - sb)


def law_product_state_zero_entropy(
    state: ComplexArray, subsystem: list[int], *, entropy: Entropy
) -> float:
    """``H-CORE-06``: a product state has entropy exactly 0.0 (slack 0 iff exact)."""
    return -abs(float(entropy(state, subsystem)))


def law_bell_entropy(*, entropy: Entropy) -> float:
    """``H-CORE-06``: ``S(Bell) = ln 2``."""
    bell = np.array([1, 0, 0, 1], dtype=np.complex128) / math.sqrt(2)
    return entropy_tolerance(4) - abs(float(entropy(bell, [0])) - LN2)


def law_batched_equals_loop(
    circuit: Circuit,
    values: Mapping[str, FloatArray],
    batch: int,
    *,
    statevector: BoundSimulator,
    statevector_batch: BatchSimulator,
) -> float:
    """``H-CORE-07``: one batched call equals a loop of single simulations.

    ``values`` maps each parameter of ``circuit`` to ``batch`` values. Both batched forms
    (``statevector(circuit, bindings=values)`` and ``statevector_batch`` of the bound circuits)
    must equal single simulations within :func:`state_tolerance`: they run the same gate
    arithmetic, so each is within it of the exact state."""
    bound = [circuit.bind({p: float(v[i]) for p, v in values.items()}) for i in range(batch)]
    single = np.stack([statevector(x) for x in bound])
    dev = float(np.max(np.abs(statevector_batch(bound) - single)))
    if values:
        dev = max(dev, float(np.max(np.abs(statevector(circuit, bindings=dict(values)) - single))))
    return state_tolerance(circuit) - dev


def law_density_matches_pure(
    circuit: Circuit, *, statevector: Simulator, density_matrix: DensitySimulator
) -> float:
    """``H-CORE-08``: noiseless density-matrix simulation equals ``|psi><psi|``.

    Tolerance ``2 * state_tolerance``: ``rho`` and ``psi psi^dagger`` each carry the state error
    once per factor."""
    psi = statevector(circuit)
    rho = density_matrix(circuit)
    return 2 * state_tolerance(circuit) - float(np.max(np.abs(rho - np.outer(psi, psi.conj()))))


def noise_model(p: float, gamma: float) -> NoiseModel:
    """Depolarizing(``p``) then amplitude damping(``gamma``) on every qubit an op touches."""

    def noise(op: Op) -> list[tuple[Channel, tuple[int, ...]]]:
        out: list[tuple[Channel, tuple[int, ...]]] = [
            (_sim.depolarizing(p), (q,)) for q in op.qubits
        ]
        return out + [(_sim.amplitude_damping(gamma), (q,)) for q in op.qubits]

    return noise


def law_noisy_density_is_state(
    circuit: Circuit, noise: NoiseModel, *, density_matrix: DensitySimulator
) -> float:
    """``H-CORE-08``: with Kraus channels ``rho`` stays Hermitian, unit-trace and PSD.

    Tolerance ``64 (m + 1) dim eps``: each of the ``m`` gates and its channels is a sum of
    ``K rho K^dagger`` products of ``dim``-term inner products (``2 dim eps`` each, at most 4 Kraus
    operators per channel and 2 channels per qubit: factor 16), doubled for the final check."""
    rho = density_matrix(circuit, noise=noise)
    n = circuit.num_qubits
    tol = 64 * (len(circuit) + 1) * (1 << n) * EPS
    tr = abs(float(np.trace(rho).real) - 1.0)
    herm = float(np.max(np.abs(rho - rho.conj().T)))
    mineig = float(np.min(np.linalg.eigvalsh((rho + rho.conj().T) / 2)))
    return min(tol - tr, tol - herm, mineig + tol)


_PAULI = {
    "rx": np.array([[0, 1], [1, 0]], dtype=np.complex128),
    "ry": np.array([[0, -1j], [1j, 0]], dtype=np.complex128),
    "rz": np.diag([1, -1]).astype(np.complex128),
}
_GENERATORS = {**_PAULI, "rzz": np.kron(_PAULI["rz"], _PAULI["rz"])}
ROTATIONS: tuple[str, ...] = (*_GENERATORS, "crx")
"""Gates whose convention :func:`law_rotation_convention` checks."""


def law_rotation_convention(name: str, t: float, *, matrix: GateMatrix) -> float:
    """``H-CORE-09``: ``R_P(t) = expm(-i t P / 2)`` (``rx``, ``ry``, ``rz``, ``rzz``) and
    ``CRX(t) = |0><0| (x) I + |1><1| (x) RX(t)`` (control first).

    Tolerance ``64 eps (1 + |t|)``: scipy's ``expm`` (scaling and squaring) has a relative error of
    a few ``eps`` times the norm ``|t|/2`` of its argument; the table evaluates cos/sin once."""
    if name == "crx":
        want = np.zeros((4, 4), dtype=np.complex128)
        want[:2, :2] = np.eye(2)
        want[2:, 2:] = expm(-0.5j * t * _PAULI["rx"])
    else:
        want = expm(-0.5j * t * _GENERATORS[name])
    dev = float(np.max(np.abs(np.asarray(matrix(name, (t,))) - want)))
    return 64 * EPS * (1 + abs(t)) - dev


def law_qubit_zero_is_msb(*, simulate: Simulator) -> float:
    """``H-CORE-09``: X on qubit 0 of 3 maps ``|000>`` to index 4 (qubit 0 = most significant)."""
    psi = simulate(Circuit.build(3).x(0).done())
    return 0.0 if abs(psi[4] - 1) < 1e-15 else -1.0


def law_concurrence_forms(
    a: ComplexArray, *, wootters: Concurrence, pure: Concurrence
) -> tuple[float, float, float]:
    """``H-CORE-10``: on a 2-qubit pure state ``a``, Wootters' formula (on the state vector and on
    ``|a><a|``) and the n-qubit pure form all equal ``2|ad - bc|``. Returns three slacks.

    Tolerances: ``64 eps`` for the state form (a handful of products); the pure form's
    :func:`concurrence_pure_tolerance`; the density-matrix form zeroes eigenvalues below
    ``EIG_FLOOR`` before square roots, which moves each singular value by at most
    ``sqrt(EIG_FLOOR)``, and four of them enter C."""
    from reference.quantum_info import EIG_FLOOR

    exact = 2 * abs(a[0] * a[3] - a[1] * a[2])
    return (
        64 * EPS - abs(float(wootters(a)) - exact),
        concurrence_pure_tolerance(2) - abs(float(pure(a)) - exact),
        4 * math.sqrt(EIG_FLOOR) - abs(float(wootters(np.outer(a, a.conj()))) - exact),
    )


def law_concurrence_ghz3(*, pure: Concurrence) -> float:
    """``H-CORE-10``: the n-qubit pure concurrence of ``GHZ_3`` is ``sqrt(3/2)``."""
    ghz = np.zeros(8, dtype=np.complex128)
    ghz[0] = ghz[7] = 1 / math.sqrt(2)
    return concurrence_pure_tolerance(3) - abs(float(pure(ghz)) - math.sqrt(1.5))


__all__ = [
    "EPS",
    "ROTATIONS",
    "concurrence_pure_tolerance",
    "dense_op_matrix",
    "dense_state",
    "entropy_tolerance",
    "law_batched_equals_loop",
    "law_bell_entropy",
    "law_concurrence_forms",
    "law_concurrence_ghz3",
    "law_density_matches_pure",
    "law_entropy_bounds",
    "law_entropy_symmetric",
    "law_gate_unitary",
    "law_noisy_density_is_state",
    "law_norm_preserved",
    "law_product_state_zero_entropy",
    "law_qubit_zero_is_msb",
    "law_rotation_convention",
    "law_simulator_matches_dense",
    "noise_model",
    "state_tolerance",
]
