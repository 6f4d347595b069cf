"""Quantum-information quantities on statevectors and density matrices (batched, nats).

Conventions: qubit 0 is the most significant bit (:mod:`reference.circuit`); every function accepts
a single state ``(2**n,)`` / ``(D, D)`` or a batch ``(B, 2**n)`` / ``(B, D, D)`` and returns the
matching scalar or ``(B,)`` result. Entropies are in **nats**.

Zero handling: eigenvalues / squared Schmidt coefficients ``p <= ZERO_PROB`` (1e-15) are treated as
exact zeros and the rest renormalised, so a product state has entropy exactly ``0.0`` and no
``log(0)`` is ever evaluated. The entropy error introduced is at most ``-p ln p`` summed over the
dropped terms, below ``4e-14`` per term.

>>> import numpy as np
>>> bell = np.array([1, 0, 0, 1]) / np.sqrt(2)
>>> bool(np.isclose(entanglement_entropy(bell, [0]), np.log(2)))
True
>>> float(entanglement_entropy(np.array([1.0, 0, 0, 0]), [0]))
0.0
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from reference import _validate as val
from reference._types import ComplexArray, FloatArray

ZERO_PROB = 1e-15
"""Probabilities at or below this are exact zeros in entropies (see module docstring)."""

EIG_FLOOR = 1e-14
"""Eigenvalues below this are zeroed before square roots (fidelity, Wootters concurrence), so that
round-off ``~1e-17`` is not amplified to ``~3e-9`` by the square root."""


def _as_states(state: npt.ArrayLike, what: str = "state") -> tuple[ComplexArray, bool, int]:
    psi = val.complex_array(what, state, ndim=(1, 2), shape_text="(2**n,) or (B, 2**n)")
    dim = psi.shape[-1]
    if dim < 2 or dim & (dim - 1):
        raise ValueError(f"{what} has length {dim}, not a power of two >= 2")
    batched = psi.ndim == 2
    return (psi if batched else psi[None, :]), batched, dim.bit_length() - 1


def _as_dms(rho: npt.ArrayLike, what: str = "rho") -> tuple[ComplexArray, bool, int]:
    want = "(D, D) or (B, D, D)"
    r = val.complex_array(what, rho, ndim=(2, 3), shape_text=want)
    if r.shape[-1] != r.shape[-2]:
        raise ValueError(f"{what} has shape {r.shape}; expected {want}")
    dim = r.shape[-1]
    if dim < 1 or dim & (dim - 1):
        raise ValueError(f"{what} has side {dim}, not a power of two")
    batched = r.ndim == 3
    return (r if batched else r[None]), batched, dim.bit_length() - 1


def _check_subset(qubits: Sequence[int], n: int, what: str = "qubits") -> list[int]:
    qs = [val.integer(f"{what}[{i}]", q) for i, q in enumerate(qubits)]
    if len(set(qs)) != len(qs) or any(not 0 <= q < n for q in qs):
        raise ValueError(f"{what}={list(qubits)} must be distinct qubit indices in [0, {n})")
    return qs


def _out(x: npt.NDArray[Any], batched: bool) -> FloatArray:
    return np.asarray(x if batched else x[0], dtype=np.float64)


def _bipartite_matrix(psi: ComplexArray, n: int, keep: Sequence[int]) -> ComplexArray:
    """Reshape ``(B, 2**n)`` to ``(B, 2**|keep|, 2**(n-|keep|))``, ``keep`` axes first in order."""
    b = psi.shape[0]
    rest = [q for q in range(n) if q not in keep]
    t = psi.reshape((b,) + (2,) * n)
    t = np.transpose(t, [0, *(q + 1 for q in keep), *(q + 1 for q in rest)])
    return t.reshape(b, 1 << len(keep), 1 << len(rest))


def reduced_density_matrix(state: npt.ArrayLike, keep: Sequence[int]) -> ComplexArray:
    """``rho_keep = Tr_{rest} |psi><psi|`` of a pure state; ``keep`` order sets the qubit order.

    ``state``: ``(2**n,)`` or ``(B, 2**n)``. Returns ``(2**k, 2**k)`` or ``(B, 2**k, 2**k)``.
    """
    psi, batched, n = _as_states(state)
    qs = _check_subset(keep, n, "keep")
    m = _bipartite_matrix(psi, n, qs)
    rho = m @ np.conj(np.swapaxes(m, 1, 2))
    return rho if batched else rho[0]


def partial_trace(rho: npt.ArrayLike, keep: Sequence[int]) -> ComplexArray:
    """Reduced state of a density matrix ``(D, D)`` / ``(B, D, D)`` on the qubits ``keep``."""
    r, batched, n = _as_dms(rho)
    qs = _check_subset(keep, n, "keep")
    b = r.shape[0]
    rest = [q for q in range(n) if q not in qs]
    t = r.reshape((b,) + (2,) * (2 * n))
    perm = [
        0,
        *(q + 1 for q in qs),
        *(q + 1 for q in rest),
        *(q + 1 + n for q in qs),
        *(q + 1 + n for q in rest),
    ]
    dk, dr = 1 << len(qs), 1 << len(rest)
    t = np.transpose(t, perm).reshape(b, dk, dr, dk, dr)
    out = np.asarray(np.einsum("birjr->bij", t), dtype=np.complex128)
    return out if batched else out[0]


def schmidt_coefficients(state: npt.ArrayLike, subsystem: Sequence[int]) -> FloatArray:
    """Schmidt coefficients (descending) of a pure state across ``subsystem`` | rest."""
    psi, batched, n = _as_states(state)
    qs = _check_subset(subsystem, n, "subsystem")
    s = np.linalg.svd(_bipartite_matrix(psi, n, qs), compute_uv=False)
    return _out(s, batched)


def _entropy_from_probs(p: npt.NDArray[Any]) -> FloatArray:
    p = np.where(p > ZERO_PROB, p, 0.0)
    tot = p.sum(axis=-1, keepdims=True)
    p = p / np.where(tot > 0, tot, 1.0)
    logp = np.log(np.where(p > 0, p, 1.0))
    s = -np.sum(p * logp, axis=-1)
    return np.asarray(np.maximum(s, 0.0), dtype=np.float64)


def von_neumann_entropy(rho: npt.ArrayLike) -> FloatArray:
    """``S(rho) = -Tr rho ln rho`` (nats) of density matrices ``(D, D)`` / ``(B, D, D)``."""
    r, batched, _ = _as_dms(rho)
    ev = np.linalg.eigvalsh(r)
    return _out(_entropy_from_probs(ev), batched)


def entanglement_entropy(state: npt.ArrayLike, subsystem: Sequence[int]) -> FloatArray:
    """Von Neumann entropy (nats) of the reduced state of a pure state on ``subsystem``.

    Computed from the Schmidt coefficients ``s``: ``S = -sum s**2 ln s**2``.
    """
    s = schmidt_coefficients(state, subsystem)
    return _entropy_from_probs(s**2)


def purity(rho: npt.ArrayLike) -> FloatArray:
    """``Tr rho**2`` of density matrices ``(D, D)`` / ``(B, D, D)``."""
    r, batched, _ = _as_dms(rho)
    return _out(np.real(np.einsum("bij,bji->b", r, r)), batched)


def renyi2_entropy(rho: npt.ArrayLike) -> FloatArray:
    """Rényi-2 entropy ``-ln Tr rho**2`` (nats)."""
    return np.asarray(-np.log(purity(rho)), dtype=np.float64)


def subsystem_purity(state: npt.ArrayLike, subsystem: Sequence[int]) -> FloatArray:
    """``Tr rho_A**2`` of a pure state's reduced state on ``subsystem`` (``1`` for empty ``A``)."""
    psi, batched, n = _as_states(state)
    qs = _check_subset(subsystem, n, "subsystem")
    if not qs or len(qs) == n:
        return _out(np.real(np.sum(np.abs(psi) ** 2, axis=1)) ** 2, batched)
    m = _bipartite_matrix(psi, n, qs)
    if m.shape[1] > m.shape[2]:
        m = np.swapaxes(m, 1, 2)
    g = m @ np.conj(np.swapaxes(m, 1, 2))
    return _out(np.real(np.sum(np.abs(g) ** 2, axis=(1, 2))), batched)


def all_subsystem_purities(state: npt.ArrayLike) -> FloatArray:
    """``Tr rho_alpha**2`` for every subset ``alpha`` of the qubits.

    Returns ``(2**n,)`` (or ``(B, 2**n)``) indexed by the bitmask of ``alpha`` with **bit q = qubit
    q** (so index 0 is the empty set, purity 1). Uses ``Tr rho_alpha**2 = Tr rho_{complement}**2``
    for pure states to halve the work.
    """
    psi, batched, n = _as_states(state)
    out = np.zeros((psi.shape[0], 1 << n))
    full = (1 << n) - 1
    for mask in range(1 << n):
        comp = full ^ mask
        if comp < mask:
            out[:, mask] = out[:, comp]
            continue
        qs = [q for q in range(n) if mask >> q & 1]
        out[:, mask] = subsystem_purity(psi, qs)
    return _out(out, batched)


def fidelity_pure(a: npt.ArrayLike, b: npt.ArrayLike) -> FloatArray:
    """``|<a|b>|**2`` of pure states ``(2**n,)`` / ``(B, 2**n)`` (broadcast)."""
    x, bx, _ = _as_states(a, "a")
    y, by, _ = _as_states(b, "b")
    if x.shape[1] != y.shape[1]:
        raise ValueError(f"a and b have different dimensions {x.shape[1]} and {y.shape[1]}")
    f = np.abs(np.sum(np.conj(x) * y, axis=1)) ** 2
    return _out(f, bx or by)


def _sqrtm_psd(r: ComplexArray) -> ComplexArray:
    w, v = np.linalg.eigh(r)
    w = np.sqrt(np.where(w > EIG_FLOOR, w, 0.0))
    return (v * w[:, None, :]) @ np.conj(np.swapaxes(v, 1, 2))  # type: ignore[no-any-return]


def fidelity(rho: npt.ArrayLike, sigma: npt.ArrayLike) -> FloatArray:
    """Uhlmann fidelity ``(Tr sqrt(sqrt(rho) sigma sqrt(rho)))**2`` of density matrices.

    Reduces to ``|<a|b>|**2`` for pure states (tested).
    """
    r, br, _ = _as_dms(rho, "rho")
    s, bs, _ = _as_dms(sigma, "sigma")
    if r.shape[-1] != s.shape[-1]:
        raise ValueError(f"rho and sigma have different dimensions {r.shape[-1]}, {s.shape[-1]}")
    # F = ||sqrt(rho) sqrt(sigma)||_1 ** 2 (nuclear norm: singular values, no square roots of
    # round-off eigenvalues)
    sv = np.linalg.svd(_sqrtm_psd(r) @ _sqrtm_psd(s), compute_uv=False)
    f = np.sum(sv, axis=-1) ** 2
    return _out(np.minimum(f, 1.0), br or bs)


_YY = np.kron(np.array([[0, -1j], [1j, 0]]), np.array([[0, -1j], [1j, 0]]))


def concurrence_wootters(rho: npt.ArrayLike) -> FloatArray:
    """Wootters concurrence of two-qubit states: density matrices ``(4, 4)`` / ``(B, 4, 4)``.

    ``C = max(0, l1 - l2 - l3 - l4)`` with ``l_i`` the decreasing square roots of the eigenvalues
    of ``rho (Y(x)Y) rho* (Y(x)Y)``. For a pure state ``a|00> + b|01> + c|10> + d|11>`` this is
    ``2|ad - bc|``. A statevector ``(4,)`` / ``(B, 4)`` is also accepted.
    """
    r_in = np.asarray(rho)
    if r_in.ndim in (1, 2) and r_in.shape[-1] == 4 and (r_in.ndim == 1 or r_in.shape[-2] != 4):
        # pure state: C = |psi^T (Y(x)Y) psi| exactly
        psi, batched, _ = _as_states(r_in)
        c = np.abs(np.einsum("bi,ij,bj->b", psi, _YY, psi))
        return _out(c, batched)
    r, batched, n = _as_dms(r_in)
    if n != 2:
        raise ValueError(f"rho has side {r.shape[-1]}; Wootters concurrence needs 2 qubits")
    # l_i = singular values of sqrt(rho) sqrt(rho~)  (equal to the square roots of the
    # eigenvalues of rho rho~, computed without amplifying round-off)
    rt = _YY @ np.conj(r) @ _YY
    lam = np.linalg.svd(_sqrtm_psd(r) @ _sqrtm_psd(rt), compute_uv=False)
    c = np.maximum(0.0, lam[:, 0] - lam[:, 1] - lam[:, 2] - lam[:, 3])
    return _out(c, batched)


def concurrence_pure(state: npt.ArrayLike) -> FloatArray:
    """n-qubit pure-state concurrence (Carvalho, Mintert, Buchleitner 2004).

    ``C_n = 2**(1 - n/2) sqrt((2**n - 2) - sum_{alpha != {}, [n]} Tr rho_alpha**2)``
    (``claims/seed001-entanglement-attention.md`` §4.3). Bell pair: 1; GHZ_3: sqrt(3/2);
    product states: 0. Equals Wootters' ``2|ad - bc|`` for ``n = 2``.

    Accuracy: the difference under the square root cancels near product states, so the result is
    accurate to about ``2**(1-n/2) sqrt(4**n * 4 eps)`` (``~1.2e-7`` for two qubits); use
    :func:`concurrence_wootters` for a two-qubit pure state when full precision near 0 matters.
    """
    psi, batched, n = _as_states(state)
    pur = all_subsystem_purities(psi)
    inner = pur[:, 1:-1].sum(axis=1)
    radicand = np.clip((2.0**n - 2.0) - inner, 0.0, None)
    return _out(2.0 ** (1 - n / 2) * np.sqrt(radicand), batched)


def is_density_matrix(rho: npt.ArrayLike, *, atol: float = 1e-10) -> bool:
    """Hermitian, unit trace and positive semidefinite to ``atol``."""
    r, _, _ = _as_dms(rho)
    if not np.allclose(r, np.conj(np.swapaxes(r, 1, 2)), atol=atol):
        return False
    if not np.allclose(np.trace(r, axis1=1, axis2=2), 1.0, atol=atol):
        return False
    return bool(np.all(np.linalg.eigvalsh(r) >= -atol))


def subsets(n: int) -> list[tuple[int, ...]]:
    """All subsets of ``range(n)``, by size then lexicographically."""
    n = val.integer("n", n, lo=0)
    return [c for k in range(n + 1) for c in itertools.combinations(range(n), k)]


def max_entropy(n_a: int, n_b: int) -> float:
    """Upper bound ``min(n_a, n_b) ln 2`` on the entanglement entropy of ``n_a | n_b`` qubits."""
    return min(val.integer("n_a", n_a, lo=0), val.integer("n_b", n_b, lo=0)) * math.log(2)


__all__ = [
    "EIG_FLOOR",
    "ZERO_PROB",
    "all_subsystem_purities",
    "concurrence_pure",
    "concurrence_wootters",
    "entanglement_entropy",
    "fidelity",
    "fidelity_pure",
    "is_density_matrix",
    "max_entropy",
    "partial_trace",
    "purity",
    "reduced_density_matrix",
    "renyi2_entropy",
    "schmidt_coefficients",
    "subsets",
    "subsystem_purity",
    "von_neumann_entropy",
]
