"""Foundational laws (``H-CORE-*``), as functions of the implementation under test.

Every law takes the implementation it checks as an argument (keyword-only after the data): the
gate-matrix function, the simulator, the entropy or the concurrence. The Hypothesis tests
(:mod:`properties.core.test_laws`) and the ledger (:mod:`proofs.evidence.core`) bind them to the
reference (``matrix=reference.gates.matrix``, ``simulate=reference.simulate.statevector``, ...), so
a user's simulator or entropy is checked by the same function. The oracles (Kronecker-expanded
gates, ``scipy.linalg.expm`` of Pauli generators, ``2|ad - bc|``) are built independently here.

Each law returns an :class:`~properties.outcome.Outcome`: one named check per sub-condition, a
numeric check carrying its deviation and the tolerance derived from a floating-point error bound
stated next to it (utilisation = deviation / tolerance), a yes/no condition a boolean check. The
ledger (:mod:`proofs.evidence.core`) and the Hypothesis tests (:mod:`properties.core.test_laws`)
call the same functions.

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

from properties.outcome import Outcome, at_least, at_most, close, combine, within
from properties.tolerances import (
    EPS,
    LN2,
    concurrence_pure_tolerance,
    entropy_tolerance,
    state_tolerance,
    wootters_density_tolerance,
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
) -> Outcome:
    """``H-CORE-01``: ``||U^dagger U - I||_max <= 4 * dim * eps`` (check ``U^dag U = I``).

    Each entry of ``U^dagger U`` is an inner product of ``dim`` unit-bounded terms: ``dim * eps``
    of summation error, doubled for the entries of ``U`` themselves, doubled again for margin
    against the exact ``I``."""
    u = np.asarray(matrix(name, params, num_qubits=num_qubits))
    dim = int(u.shape[0])
    return close("U^dag U = I", u.conj().T @ u, np.eye(dim), 4 * dim * EPS)


def law_simulator_matches_dense(circuit: Circuit, simulate: Simulator) -> Outcome:
    """``H-CORE-02``: ``max |psi_sim - psi_dense| <= state_tolerance``."""
    return close(
        "psi_sim = psi_dense",
        np.asarray(simulate(circuit)),
        dense_state(circuit),
        state_tolerance(circuit),
    )


def law_norm_preserved(circuit: Circuit, simulate: Simulator) -> Outcome:
    """``H-CORE-03``: ``| ||psi|| - 1 | <= state_tolerance``."""
    norm = float(np.linalg.norm(simulate(circuit)))
    return close("||psi|| = 1", norm, 1.0, state_tolerance(circuit))


def _num_qubits(state: ComplexArray) -> int:
    return int(state.shape[-1]).bit_length() - 1


def law_entropy_bounds(state: ComplexArray, subsystem: list[int], *, entropy: Entropy) -> Outcome:
    """``H-CORE-04``: ``0 <= S_A <= min(n_A, n_B) ln 2`` within :func:`entropy_tolerance`."""
    n = _num_qubits(state)
    s = float(entropy(state, subsystem))
    upper = min(len(subsystem), n - len(subsystem)) * LN2
    tol = entropy_tolerance(1 << n)
    return combine(
        at_least("S_A >= 0", s, 0.0, tol),
        at_most("S_A <= min(n_A, n_B) ln 2", s, upper, tol),
    )


def law_entropy_symmetric(
    state: ComplexArray, subsystem: list[int], *, entropy: Entropy
) -> Outcome:
    """``H-CORE-05``: ``|S_A - S_B| <= tolerance`` for a pure state."""
    n = _num_qubits(state)
    comp = [q for q in range(n) if q not in subsystem]
    sa = float(entropy(state, subsystem))
    sb = float(entropy(state, comp))
    return close("S_A = S_B", sa, sb, entropy_tolerance(1 << n))


def law_product_state_zero_entropy(
    state: ComplexArray, subsystem: list[int], *, entropy: Entropy
) -> Outcome:
    """``H-CORE-06``: a product state has entropy exactly 0.0 (tolerance 0: the reference
    zeroes Schmidt probabilities below ``ZERO_PROB``, so a product state's single nonzero
    Schmidt coefficient gives ``-1 ln 1 = 0`` exactly)."""
    return within("S(product) == 0.0 exactly", abs(float(entropy(state, subsystem))), 0.0)


def law_bell_entropy(*, entropy: Entropy) -> Outcome:
    """``H-CORE-06``: ``S(Bell) = ln 2``."""
    bell = np.array([1, 0, 0, 1], dtype=np.complex128) / math.sqrt(2)
    return close("S(Bell) = ln 2", float(entropy(bell, [0])), LN2, entropy_tolerance(4))


def law_batched_equals_loop(
    circuit: Circuit,
    values: Mapping[str, FloatArray],
    batch: int,
    *,
    statevector: BoundSimulator,
    statevector_batch: BatchSimulator,
) -> Outcome:
    """``H-CORE-07``: one batched call equals a loop of single simulations.

    ``values`` maps each parameter of ``circuit`` to ``batch`` values. Both batched forms
    (``statevector(circuit, bindings=values)`` and ``statevector_batch`` of the bound circuits)
    must equal single simulations within :func:`state_tolerance`: they run the same gate
    arithmetic, so each is within it of the exact state."""
    bound = [circuit.bind({p: float(v[i]) for p, v in values.items()}) for i in range(batch)]
    single = np.stack([statevector(x) for x in bound])
    tol = state_tolerance(circuit)
    out = [close("statevector_batch = loop", np.asarray(statevector_batch(bound)), single, tol)]
    if values:
        got = np.asarray(statevector(circuit, bindings=dict(values)))
        out.append(close("bindings=(B,) arrays = loop", got, single, tol))
    return combine(out)


def law_density_matches_pure(
    circuit: Circuit, *, statevector: Simulator, density_matrix: DensitySimulator
) -> Outcome:
    """``H-CORE-08``: noiseless density-matrix simulation equals ``|psi><psi|``.

    Tolerance ``2 * state_tolerance``: ``rho`` and ``psi psi^dagger`` each carry the state error
    once per factor."""
    psi = statevector(circuit)
    rho = density_matrix(circuit)
    want = np.outer(psi, psi.conj())
    return close("rho = |psi><psi|", np.asarray(rho), want, 2 * state_tolerance(circuit))


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
) -> Outcome:
    """``H-CORE-08``: with Kraus channels ``rho`` stays Hermitian, unit-trace and PSD.

    Tolerance ``64 (m + 1) dim eps``: each of the ``m`` gates and its channels is a sum of
    ``K rho K^dagger`` products of ``dim``-term inner products (``2 dim eps`` each, at most 4 Kraus
    operators per channel and 2 channels per qubit: factor 16), doubled for the final check."""
    rho = density_matrix(circuit, noise=noise)
    n = circuit.num_qubits
    tol = 64 * (len(circuit) + 1) * (1 << n) * EPS
    rho = np.asarray(rho)
    mineig = float(np.min(np.linalg.eigvalsh((rho + rho.conj().T) / 2)))
    return combine(
        close("Tr rho = 1", float(np.trace(rho).real), 1.0, tol),
        close("rho = rho^dag", rho, rho.conj().T, tol),
        at_least("min eigenvalue >= 0", mineig, 0.0, tol),
    )


_PAULI = {
    "rx": np.array([[0, 1], [1, 0]], dtype=np.complex128),
    "ry": np.array([[0, -1j], [1j, 0]], dtype=np.complex128),
    "rz": np.diag([1, -1]).astype(np.complex128),
}
_GENERATORS = {**_PAULI, "rzz": np.kron(_PAULI["rz"], _PAULI["rz"])}
ROTATIONS: tuple[str, ...] = (*_GENERATORS, "crx")
"""Gates whose convention :func:`law_rotation_convention` checks."""


def law_rotation_convention(name: str, t: float, *, matrix: GateMatrix) -> Outcome:
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
    got = np.asarray(matrix(name, (t,)))
    what = "|0><0| (x) I + |1><1| (x) RX(t)" if name == "crx" else "expm(-i t P / 2)"
    return close(f"{name}(t) = {what}", got, want, 64 * EPS * (1 + abs(t)))


def law_qubit_zero_is_msb(*, simulate: Simulator) -> Outcome:
    """``H-CORE-09``: X on qubit 0 of 3 maps ``|000>`` to index 4 (qubit 0 = most significant).

    Tolerance 0: X is a permutation of amplitudes (no arithmetic), so the state is exactly
    ``e_4``."""
    psi = np.asarray(simulate(Circuit.build(3).x(0).done()))
    want = np.zeros(8, dtype=np.complex128)
    want[4] = 1.0
    return close("X_0 |000> = |100> (index 4)", psi, want, 0.0)


def law_concurrence_forms(a: ComplexArray, *, wootters: Concurrence, pure: Concurrence) -> Outcome:
    """``H-CORE-10``: on a 2-qubit pure state ``a``, Wootters' formula (on the state vector and on
    ``|a><a|``) and the n-qubit pure form all equal ``2|ad - bc|`` (three named checks).

    Tolerances: the state form ``|a^T (Y(x)Y) a|`` is a sum of 16 products of two complex
    factors whose moduli sum to at most 1 (``Y(x)Y`` is a signed permutation): ``2 sqrt(5) eps``
    per product plus ``15 eps`` of summation, ``~ 20 eps``; the oracle ``2|ad - bc|`` adds
    ``~ 6 eps``; ``64 eps`` is that with a factor 2. The pure form:
    :func:`concurrence_pure_tolerance`. The density-matrix form:
    :func:`properties.tolerances.wootters_density_tolerance` (rank-one ``rho``: its spurious
    eigenvalues stay below ``EIG_FLOOR`` and are zeroed, so no ``sqrt(EIG_FLOOR)`` enters)."""
    exact = 2 * abs(a[0] * a[3] - a[1] * a[2])
    return combine(
        close("Wootters(state) = 2|ad - bc|", float(wootters(a)), exact, 64 * EPS),
        close("Carvalho pure = 2|ad - bc|", float(pure(a)), exact, concurrence_pure_tolerance(2)),
        close(
            "Wootters(|a><a|) = 2|ad - bc|",
            float(wootters(np.outer(a, a.conj()))),
            exact,
            wootters_density_tolerance(),
        ),
    )


def law_concurrence_ghz3(*, pure: Concurrence) -> Outcome:
    """``H-CORE-10``: the n-qubit pure concurrence of ``GHZ_3`` is ``sqrt(3/2)``."""
    ghz = np.zeros(8, dtype=np.complex128)
    ghz[0] = ghz[7] = 1 / math.sqrt(2)
    return close(
        "C(GHZ_3) = sqrt(3/2)", float(pure(ghz)), math.sqrt(1.5), concurrence_pure_tolerance(3)
    )


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
