"""Probabilities, marginals, sampling and Pauli expectation values of simulated states
(re-exported by :mod:`reference.simulate`, the public module). Conventions are those of
:mod:`reference.circuit` (qubit 0 = most significant bit).

>>> probabilities(np.array([0.6, 0.8j])).round(12).tolist()
[0.36, 0.64]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from reference import gates as _gates
from reference._kernels import _apply_gate_matrix
from reference._types import FloatArray, IntArray


def probabilities(state: npt.ArrayLike) -> FloatArray:
    """Born probabilities ``|psi_i|**2`` of statevectors ``(..., 2**n)``.

    For density matrices use :func:`probabilities_dm`.
    """
    s = np.asarray(state)
    return np.abs(s) ** 2  # type: ignore[no-any-return]


def probabilities_dm(rho: npt.ArrayLike) -> FloatArray:
    """Diagonal of density matrices ``(..., D, D)``, clipped at 0 (round-off)."""
    r = np.asarray(rho)
    return np.asarray(np.clip(np.real(np.diagonal(r, axis1=-2, axis2=-1)), 0.0, None), np.float64)


def _num_qubits_of(dim: int, what: str) -> int:
    if dim < 2 or dim & (dim - 1):
        raise ValueError(f"{what} has length {dim}, not a power of two >= 2")
    return dim.bit_length() - 1


def marginal(probs: npt.ArrayLike, qubits: Sequence[int]) -> FloatArray:
    """Marginal distribution of ``qubits`` (in the given order, first = most significant).

    ``probs``: ``(..., 2**n)``. Returns ``(..., 2**len(qubits))``.
    """
    p = np.asarray(probs, dtype=np.float64)
    n = _num_qubits_of(p.shape[-1], "probs")
    qs = list(qubits)
    if len(set(qs)) != len(qs) or any(not 0 <= q < n for q in qs):
        raise ValueError(f"qubits={qubits} must be distinct indices in [0, {n})")
    lead = p.shape[:-1]
    t = p.reshape(lead + (2,) * n)
    off = len(lead)
    drop = tuple(off + q for q in range(n) if q not in qs)
    m = t.sum(axis=drop) if drop else t
    kept_sorted = sorted(qs)
    perm = list(range(off)) + [off + kept_sorted.index(q) for q in qs]
    return np.transpose(m, perm).reshape((*lead, 1 << len(qs)))


def sample_counts(probs: npt.ArrayLike, shots: int, rng: np.random.Generator) -> dict[str, int]:
    """Draw ``shots`` outcomes from ``probs`` (``(2**n,)``) with the given generator.

    Keys are bitstrings with qubit (or classical bit) 0 as the **leftmost** character.
    """
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng={rng!r} must be a numpy.random.Generator")
    if not isinstance(shots, int | np.integer) or shots < 1:
        raise ValueError(f"shots={shots!r} must be an int >= 1")
    p = np.asarray(probs, dtype=np.float64)
    if p.ndim != 1:
        raise ValueError(f"probs has shape {p.shape}; expected (2**n,)")
    n = _num_qubits_of(p.shape[0], "probs")
    if np.any(p < -1e-12) or not np.isfinite(p).all() or abs(p.sum() - 1) > 1e-9:
        raise ValueError("probs must be finite, non-negative and sum to 1")
    p = np.clip(p, 0, None)
    counts: IntArray = rng.multinomial(int(shots), p / p.sum())
    return {format(i, f"0{n}b"): int(c) for i, c in enumerate(counts) if c}


def expval_pauli(state: npt.ArrayLike, pauli: str) -> FloatArray:
    """``<psi| P |psi>`` for a Pauli string such as ``"XIZ"`` (character q acts on qubit q).

    ``state``: ``(2**n,)`` or ``(B, 2**n)``. Returns a scalar array or ``(B,)``.
    """
    psi = np.asarray(state, dtype=np.complex128)
    n = _num_qubits_of(psi.shape[-1], "state")
    if len(pauli) != n or set(pauli) - set("IXYZ"):
        raise ValueError(f"pauli={pauli!r} must be a string over IXYZ of length {n}")
    batched = psi.ndim == 2
    b = psi.shape[0] if batched else 1
    t = psi.reshape((b,) + (2,) * n).copy()
    for q, ch in enumerate(pauli):
        if ch != "I":
            _apply_gate_matrix(t, _gates.matrix(ch.lower())[None], [q + 1], False, False)
    val = np.real(np.sum(np.conj(psi.reshape(b, -1)) * t.reshape(b, -1), axis=1))
    return np.asarray(val if batched else val[0], dtype=np.float64)


__all__ = [
    "expval_pauli",
    "marginal",
    "probabilities",
    "probabilities_dm",
    "sample_counts",
]
