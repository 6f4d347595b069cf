"""Batched statevector and density-matrix simulation of :class:`reference.circuit.Circuit`.

Conventions are those of :mod:`reference.circuit` (qubit 0 = most significant bit).

Batching: a circuit with symbolic parameters is simulated for ``B`` parameter sets at once by
passing ``bindings={"theta": array_of_shape_(B,)}``; circuits of one structure with different bound
numbers are simulated together by :func:`statevector_batch`. The state is kept as a tensor of
shape ``(B, 2, ..., 2)`` and each gate is applied to every batch element in one NumPy call:

* diagonal gates (``rz``, ``p``, ``cz``, ``crz``, ``rzz``, ``mcz`` ...) by an in-place product;
* controlled gates only on the slice where every control is 1 (a view, updated in place);
* one-qubit gates by two fused multiply-adds on the ``|0>`` / ``|1>`` slices;
* other gates by a batched matrix product on the target axes.

Density matrices (``(B, 2**n, 2**n)``) use the same kernels on the row and column axes, and
:class:`Channel` applies Kraus maps ``rho -> sum_k K rho K^dagger`` (noise).

>>> from reference.circuit import Circuit
>>> psi = statevector(Circuit.build(2).h(0).cx(0, 1).done())
>>> np.round(psi.real, 6).tolist()
[0.707107, 0.0, 0.0, 0.707107]
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from reference import gates as _gates
from reference._kernels import _apply_gate, _apply_gate_matrix
from reference._types import ComplexArray, FloatArray
from reference.circuit import Circuit, Op, ParamExpr
from reference.measurement import (
    expval_pauli,
    marginal,
    probabilities,
    probabilities_dm,
    sample_counts,
)

Binding = float | npt.ArrayLike
"""A symbol's value: one float, or an array of shape ``(B,)`` for a batch."""

MAX_QUBITS = 26
"""Refuse statevectors beyond this size (``2**26`` complex128 = 1 GiB per batch element)."""


# ---------------------------------------------------------------------------------------------
# parameter evaluation


def _batch_size(bindings: Mapping[str, Binding]) -> int | None:
    size: int | None = None
    for name, v in bindings.items():
        a = np.asarray(v)
        if a.ndim == 0:
            continue
        if a.ndim != 1:
            raise ValueError(f"bindings[{name!r}] has shape {a.shape}; expected a scalar or (B,)")
        if size is not None and a.shape[0] != size:
            raise ValueError(
                f"bindings[{name!r}] has length {a.shape[0]}, other bindings have length {size}"
            )
        size = a.shape[0]
    return size


def _check_bindings(bindings: Mapping[str, Binding]) -> dict[str, FloatArray]:
    out: dict[str, FloatArray] = {}
    for name, v in bindings.items():
        try:
            a = np.asarray(v, dtype=np.float64)
        except (TypeError, ValueError):
            raise TypeError(f"bindings[{name!r}]={v!r} is not a real number or array") from None
        if not np.all(np.isfinite(a)):
            raise ValueError(f"bindings[{name!r}] contains NaN or inf")
        out[name] = a
    return out


def _eval_param(p: float | ParamExpr, vals: Mapping[str, FloatArray]) -> FloatArray:
    if not isinstance(p, ParamExpr):
        return np.asarray([p], dtype=np.float64)
    total: FloatArray = np.asarray([p.const], dtype=np.float64)
    for name, coeff in p.terms:
        if name not in vals:
            raise ValueError(
                f"symbol {name!r} is unbound at simulation time: pass bindings={{{name!r}: ...}} "
                "or Circuit.bind it first"
            )
        total = total + coeff * np.atleast_1d(vals[name])
    return total


# ---------------------------------------------------------------------------------------------
# statevector


CHUNK_BYTES = 1 << 21
"""Batches are simulated in chunks of about this many bytes of state (2 MiB), so the working set
of a chunk stays in the CPU cache across all gates (2-3x faster than one huge batch)."""


def _chunk(batch: int, n: int) -> int:
    return max(1, min(batch, CHUNK_BYTES // (16 << n)))


def _zero_state(n: int, b: int) -> ComplexArray:
    if n > MAX_QUBITS:
        raise ValueError(f"num_qubits={n} exceeds the statevector limit MAX_QUBITS={MAX_QUBITS}")
    s = np.zeros((b, 1 << n), dtype=np.complex128)
    s[:, 0] = 1.0
    return s


def _prepare_initial(initial: npt.ArrayLike | None, n: int, b: int) -> ComplexArray:
    if initial is None:
        return _zero_state(n, b)
    psi = np.array(initial, dtype=np.complex128)
    if psi.ndim == 1:
        psi = np.broadcast_to(psi, (b, psi.shape[0])).copy()
    if psi.ndim != 2 or psi.shape[1] != 1 << n:
        raise ValueError(
            f"initial has shape {np.shape(initial)}; expected ({1 << n},) or (B, {1 << n})"
        )
    if psi.shape[0] != b:
        if b == 1:
            return psi
        raise ValueError(f"initial has batch {psi.shape[0]} but bindings have batch {b}")
    if not np.all(np.isfinite(psi)):
        raise ValueError("initial contains NaN or inf")
    norms = np.linalg.norm(psi, axis=1)
    if not np.allclose(norms, 1.0, atol=1e-9):
        raise ValueError(f"initial must be normalised; norms={norms[:4]}")
    return psi


def _run_ops(
    t: ComplexArray,
    ops: Sequence[Op],
    vals: Mapping[str, FloatArray],
    offset: int = 1,
    conj: bool = False,
) -> None:
    """Apply ``ops`` to the state tensor ``t``, fusing runs of one-qubit gates.

    Consecutive one-qubit gates on a qubit are multiplied into one pending ``2 x 2`` matrix (gates
    on other qubits commute with it), applied in one pass when a multi-qubit gate touches the
    qubit or at the end. The result is the same product of matrices (``H-CORE-02`` checks it
    against Kronecker-expanded products); only the number of passes over the state changes
    (about half for the angle-encoded attention circuits, whose RX and RY alternate).
    """
    pending: dict[int, ComplexArray] = {}

    def flush(q: int) -> None:
        m = pending.pop(q, None)
        if m is not None:
            _apply_gate_matrix(t, m, [q + offset], False, conj)

    for op in ops:
        if op.is_measure:
            continue
        spec = _gates.get(op.gate)
        params = tuple(_eval_param(p, vals) for p in op.params)
        qs = op.qubits
        if len(qs) == 1:
            prev = pending.get(qs[0])
            if prev is None and spec.diagonal:
                _apply_gate(t, spec, params, [qs[0] + offset], conj)
            else:
                u = spec.matrix(params)
                pending[qs[0]] = u if prev is None else np.matmul(u, prev)
            continue
        for q in qs:
            flush(q)
        _apply_gate(t, spec, params, [q + offset for q in qs], conj)
    for q in list(pending):
        flush(q)


def statevector(
    circuit: Circuit,
    *,
    bindings: Mapping[str, Binding] | None = None,
    initial: npt.ArrayLike | None = None,
) -> ComplexArray:
    """Final state of ``circuit`` (measurements ignored) from ``|0...0>`` or ``initial``.

    Args:
        circuit: the circuit; symbolic parameters must all be given in ``bindings``.
        bindings: symbol -> float, or symbol -> ``(B,)`` array to simulate a batch.
        initial: optional initial state ``(2**n,)`` or ``(B, 2**n)``.

    Returns:
        ``(2**n,)`` for an unbatched run, ``(B, 2**n)`` when any binding or ``initial`` is batched.
    """
    vals = _check_bindings(bindings or {})
    b = _batch_size(vals)
    init_batched = initial is not None and np.ndim(initial) == 2
    bb = b if b is not None else (int(np.asarray(initial).shape[0]) if init_batched else 1)
    n = circuit.num_qubits
    psi = _prepare_initial(initial, n, bb)
    step = _chunk(psi.shape[0], n)
    for s in range(0, psi.shape[0], step):
        part = {k: (v[s : s + step] if v.ndim else v) for k, v in vals.items()}
        t = psi[s : s + step].reshape((-1,) + (2,) * n)
        _run_ops(t, circuit.ops, part)
    return psi if (b is not None or init_batched) else psi[0]


def statevector_batch(circuits: Sequence[Circuit]) -> ComplexArray:
    """Simulate many bound circuits of one structure at once; returns ``(B, 2**n)``.

    The circuits must have the same number of qubits and the same ``structure()`` (gate names and
    qubits); their bound parameter values may differ. This is the vectorised path behind the
    attention matrices (one circuit per query-key pair).
    """
    if not circuits:
        raise ValueError("circuits must be non-empty")
    first = circuits[0]
    struct = first.structure()
    for i, c in enumerate(circuits):
        if c.num_qubits != first.num_qubits or c.structure() != struct:
            raise ValueError(f"circuits[{i}] does not have the structure of circuits[0]")
        if not c.is_bound:
            raise ValueError(f"circuits[{i}] has unbound symbols {sorted(c.symbols)}")
    bsz = len(circuits)
    n = first.num_qubits
    psi = _zero_state(n, bsz)
    params_all = [
        tuple(
            np.fromiter((float(c.ops[j].params[k]) for c in circuits), np.float64, bsz)  # type: ignore[arg-type]
            for k in range(len(op.params))
        )
        for j, op in enumerate(first.ops)
    ]
    step = _chunk(bsz, n)
    for s in range(0, bsz, step):
        t = psi[s : s + step].reshape((-1,) + (2,) * n)
        for j, op in enumerate(first.ops):
            if op.is_measure:
                continue
            params = tuple(p[s : s + step] for p in params_all[j])
            _apply_gate(t, _gates.get(op.gate), params, [q + 1 for q in op.qubits], False)
    return psi


def unitary(circuit: Circuit, *, bindings: Mapping[str, Binding] | None = None) -> ComplexArray:
    """The circuit's unitary ``(2**n, 2**n)`` (columns are images of basis states)."""
    n = circuit.num_qubits
    if n > 12:
        raise ValueError(f"num_qubits={n}: unitary() is limited to 12 qubits")
    vals = _check_bindings(bindings or {})
    if _batch_size(vals) is not None:
        raise ValueError("bindings: unitary() takes scalar bindings only")
    eye = np.eye(1 << n, dtype=np.complex128)
    t = eye.reshape((1 << n,) + (2,) * n)
    _run_ops(t, circuit.ops, vals)
    return np.ascontiguousarray(t.reshape(1 << n, 1 << n).T)


# ---------------------------------------------------------------------------------------------
# density matrices and channels


@dataclass(frozen=True)
class Channel:
    """A CPTP map on ``k`` qubits given by Kraus operators ``(2**k, 2**k)``.

    Validated on construction: ``sum_k K^dagger K = I`` to ``atol``.
    """

    kraus: tuple[ComplexArray, ...]
    name: str = "channel"
    atol: float = 1e-10

    def __post_init__(self) -> None:
        if not self.kraus:
            raise ValueError("kraus must contain at least one operator")
        ks = tuple(np.asarray(k, dtype=np.complex128) for k in self.kraus)
        dim = ks[0].shape[0]
        if dim < 2 or dim & (dim - 1):
            raise ValueError(f"kraus[0] has shape {ks[0].shape}; expected (2**k, 2**k)")
        for i, k in enumerate(ks):
            if k.shape != (dim, dim):
                raise ValueError(f"kraus[{i}] has shape {k.shape}; expected {(dim, dim)}")
            if not np.all(np.isfinite(k)):
                raise ValueError(f"kraus[{i}] contains NaN or inf")
        total = sum(k.conj().T @ k for k in ks)
        if not np.allclose(total, np.eye(dim), atol=self.atol):
            raise ValueError(
                f"{self.name}: Kraus operators are not trace preserving "
                f"(sum K^dag K deviates by {np.max(np.abs(total - np.eye(dim))):.3g})"
            )
        for k in ks:
            k.setflags(write=False)
        object.__setattr__(self, "kraus", ks)

    @property
    def num_qubits(self) -> int:
        return int(self.kraus[0].shape[0]).bit_length() - 1


def _prob(name: str, p: float) -> float:
    v = float(p)
    if not math.isfinite(v) or v < 0 or v > 1:
        raise ValueError(f"{name}={p!r} must be a probability in [0, 1]")
    return v


def depolarizing(px: float, py: float | None = None, pz: float | None = None) -> Channel:
    """Pauli channel ``sqrt(1-px-py-pz) I, sqrt(px) X, sqrt(py) Y, sqrt(pz) Z`` (one qubit).

    With ``py = pz = px = p`` this is TensorCircuit's ``depolarizingchannel(p, p, p)`` whose total
    error probability is ``3p`` (claim ``S001-P23``).
    """
    py = px if py is None else py
    pz = px if pz is None else pz
    ps = [_prob("px", px), _prob("py", py), _prob("pz", pz)]
    if sum(ps) > 1:
        raise ValueError(f"px+py+pz={sum(ps)} must be <= 1")
    mats = [
        np.eye(2),
        np.array(_gates.matrix("x")),
        np.array(_gates.matrix("y")),
        np.array(_gates.matrix("z")),
    ]
    w = [1 - sum(ps), *ps]
    return Channel(tuple(np.sqrt(wi) * m for wi, m in zip(w, mats, strict=True)), "depolarizing")


def amplitude_damping(gamma: float) -> Channel:
    """Energy relaxation with probability ``gamma`` (one qubit)."""
    g = _prob("gamma", gamma)
    k0 = np.array([[1, 0], [0, math.sqrt(1 - g)]], dtype=np.complex128)
    k1 = np.array([[0, math.sqrt(g)], [0, 0]], dtype=np.complex128)
    return Channel((k0, k1), "amplitude_damping")


def phase_damping(lam: float) -> Channel:
    """Pure dephasing: off-diagonal elements scaled by ``sqrt(1 - lam)`` (one qubit)."""
    g = _prob("lam", lam)
    k0 = np.array([[1, 0], [0, math.sqrt(1 - g)]], dtype=np.complex128)
    k1 = np.array([[0, 0], [0, math.sqrt(g)]], dtype=np.complex128)
    return Channel((k0, k1), "phase_damping")


def thermal_relaxation(t1: float, t2: float, time: float) -> Channel:
    """Thermal relaxation to ``|0>`` for a gate of duration ``time`` (same units as T1, T2).

    Populations relax as ``exp(-time/T1)``, coherences as ``exp(-time/T2)``. Physical only when
    ``T2 <= 2 T1`` (claim ``S001-P24``), which is enforced.
    """
    for name, v in (("t1", t1), ("t2", t2)):
        if not math.isfinite(v) or v <= 0:
            raise ValueError(f"{name}={v!r} must be finite and > 0")
    if not math.isfinite(time) or time < 0:
        raise ValueError(f"time={time!r} must be finite and >= 0")
    if t2 > 2 * t1:
        raise ValueError(f"t2={t2} > 2*t1={2 * t1}: unphysical relaxation times")
    # amplitude damping with gamma = 1 - exp(-time/T1) (coherence factor ad = exp(-time/(2 T1))),
    # then extra dephasing by the ratio r = exp(-time/T2) / ad <= 1 (T2 <= 2 T1). Both factors are
    # computed as exponentials, never as 1 - (1 - x), so tiny populations and coherences keep full
    # relative precision.
    gamma = -math.expm1(-time / t1)
    ad = math.exp(-time / (2 * t1))
    r = min(1.0, math.exp(-time / t2 + time / (2 * t1)))
    k_ad = (
        np.array([[1.0, 0.0], [0.0, ad]], dtype=np.complex128),
        np.array([[0.0, math.sqrt(gamma)], [0.0, 0.0]], dtype=np.complex128),
    )
    k_ph = (
        np.diag([1.0, r]).astype(np.complex128),
        np.diag([0.0, math.sqrt(max(0.0, -math.expm1(2 * math.log(r)) if r > 0 else 1.0))]).astype(
            np.complex128
        ),
    )
    kraus = tuple(pk @ ak for pk in k_ph for ak in k_ad)
    return Channel(kraus, "thermal_relaxation")


NoiseModel = Callable[[Op], Sequence[tuple[Channel, tuple[int, ...]]]]
"""Maps each executed gate to the channels (and their qubits) applied right after it."""


def _apply_channel(t: ComplexArray, ch: Channel, qubits: Sequence[int], n: int) -> ComplexArray:
    if ch.num_qubits != len(qubits):
        raise ValueError(f"channel {ch.name} acts on {ch.num_qubits} qubit(s), got {qubits}")
    out = np.zeros_like(t)
    for k in ch.kraus:
        tk = t.copy()
        kb = k[None, :, :]
        rows = [q + 1 for q in qubits]
        cols = [q + 1 + n for q in qubits]
        _apply_gate_matrix(tk, kb, rows, False, False)
        _apply_gate_matrix(tk, kb, cols, False, True)
        out += tk
    return out


def density_matrix(
    circuit: Circuit,
    *,
    bindings: Mapping[str, Binding] | None = None,
    noise: NoiseModel | None = None,
    initial: npt.ArrayLike | None = None,
) -> ComplexArray:
    """Final density matrix ``(2**n, 2**n)`` (or ``(B, 2**n, 2**n)``), optionally noisy.

    Args:
        circuit: the circuit (measurements ignored).
        bindings: as in :func:`statevector`.
        noise: called after every gate; returns the channels to apply and their qubits.
        initial: initial density matrix ``(2**n, 2**n)``; default ``|0><0|``.
    """
    n = circuit.num_qubits
    if n > 13:
        raise ValueError(f"num_qubits={n}: density matrices are limited to 13 qubits")
    vals = _check_bindings(bindings or {})
    b = _batch_size(vals)
    bb = 1 if b is None else b
    dim = 1 << n
    if initial is None:
        rho = np.zeros((bb, dim, dim), dtype=np.complex128)
        rho[:, 0, 0] = 1.0
    else:
        r0 = np.asarray(initial, dtype=np.complex128)
        if r0.shape != (dim, dim):
            raise ValueError(f"initial has shape {r0.shape}; expected {(dim, dim)}")
        if not np.allclose(r0, r0.conj().T, atol=1e-10) or abs(np.trace(r0) - 1) > 1e-10:
            raise ValueError("initial must be Hermitian with unit trace")
        rho = np.broadcast_to(r0, (bb, dim, dim)).copy()
    t = rho.reshape((bb,) + (2,) * (2 * n))
    for op in circuit.ops:
        if op.is_measure:
            continue
        spec = _gates.get(op.gate)
        params = tuple(_eval_param(p, vals) for p in op.params)
        _apply_gate(t, spec, params, [q + 1 for q in op.qubits], False)
        _apply_gate(t, spec, params, [q + 1 + n for q in op.qubits], True)
        if noise is not None:
            for ch, qs in noise(op):
                bad = [q for q in qs if not 0 <= q < n]
                if bad:
                    raise ValueError(f"noise channel {ch.name} on qubit {bad[0]} out of range")
                t = _apply_channel(t, ch, qs, n)
    out = t.reshape(bb, dim, dim)
    return out if b is not None else out[0]


# ---------------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------
# sampling a circuit


def sample(
    circuit: Circuit,
    shots: int,
    rng: np.random.Generator,
    *,
    bindings: Mapping[str, Binding] | None = None,
) -> dict[str, int]:
    """Simulate ``circuit`` and sample its measured qubits (all qubits if it has no measurement).

    Keys: classical bit 0 leftmost.
    """
    psi = statevector(circuit, bindings=bindings)
    if psi.ndim != 1:
        raise ValueError("bindings: sample() takes scalar bindings only")
    mq = circuit.measured_qubits or tuple(range(circuit.num_qubits))
    return sample_counts(marginal(probabilities(psi), mq), shots, rng)


__all__ = [
    "CHUNK_BYTES",
    "MAX_QUBITS",
    "Binding",
    "Channel",
    "NoiseModel",
    "amplitude_damping",
    "density_matrix",
    "depolarizing",
    "expval_pauli",
    "marginal",
    "phase_damping",
    "probabilities",
    "probabilities_dm",
    "sample",
    "sample_counts",
    "statevector",
    "statevector_batch",
    "thermal_relaxation",
    "unitary",
]
