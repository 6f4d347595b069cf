"""Gate kernels of the simulator (:mod:`reference.simulate`): apply one gate, in place, to every
batch element of a tensor of shape ``(B, 2, ..., 2)`` (``axes`` are tensor axes; the batch axis is
0). Diagonal gates by an in-place product, controlled gates on the slice where every control is 1,
one-qubit gates by two fused multiply-adds, other gates by a batched matrix product.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from reference import gates as _gates
from reference._types import ComplexArray, FloatArray


def _bshape(a: ComplexArray, ndim: int) -> ComplexArray:
    """Reshape a per-batch array ``(Bu,)`` to broadcast against a tensor of ``ndim`` dims."""
    return a.reshape((a.shape[0],) + (1,) * (ndim - 1))


def _apply_diag(t: ComplexArray, diag: ComplexArray, axes: Sequence[int]) -> None:
    """In place: multiply by a diagonal ``diag`` of shape ``(Bu, 2**k)`` acting on ``axes``."""
    k = len(axes)
    d = diag.reshape((diag.shape[0],) + (2,) * k)
    order = np.argsort(axes)
    d = np.transpose(d, (0, *(int(o) + 1 for o in order)))
    shape = [int(diag.shape[0])] + [1] * (t.ndim - 1)
    for ax in axes:
        shape[ax] = 2
    t *= d.reshape(shape)


def _apply_1q(t: ComplexArray, u: ComplexArray, ax: int) -> None:
    """In place: one-qubit matrix ``u`` of shape ``(Bu, 2, 2)`` on tensor axis ``ax``.

    On a contiguous tensor, viewed as ``(B, L, 2, R)``: for ``R >= 8`` one batched ``2 x 2``
    matmul over the ``(2, R)`` blocks; for ``R < 8`` one matmul of the ``(L, 2R)`` rows with
    ``kron(u, I_R)``. Both read and write the state once (about twice as fast as the slice
    formula below, which remains for views such as the control-1 slice of a controlled gate).
    """
    if t.flags.c_contiguous:
        b = t.shape[0]
        lead = 1 << (ax - 1)
        r = t.size // (b * lead * 2)
        if r >= 8:
            new = np.matmul(u[:, None], t.reshape(b, lead, 2, r))
        else:
            k = (u[:, :, None, :, None] * np.eye(r)[None, None, :, None, :]).reshape(
                -1, 2 * r, 2 * r
            )
            new = np.matmul(t.reshape(b, lead, 2 * r), np.swapaxes(k, 1, 2))
        t[...] = new.reshape(t.shape)
        return
    i0 = (slice(None),) * ax + (0,)
    i1 = (slice(None),) * ax + (1,)
    s0 = t[i0]
    s1 = t[i1]
    nd = s0.ndim
    u00, u01 = _bshape(u[:, 0, 0], nd), _bshape(u[:, 0, 1], nd)
    u10, u11 = _bshape(u[:, 1, 0], nd), _bshape(u[:, 1, 1], nd)
    n0 = u00 * s0 + u01 * s1
    s1 *= u11
    s1 += u10 * s0
    t[i0] = n0


def _apply_dense(t: ComplexArray, u: ComplexArray, axes: Sequence[int]) -> None:
    """In place: ``k``-qubit matrix ``u`` of shape ``(Bu, 2**k, 2**k)`` on tensor ``axes``."""
    k = len(axes)
    if k == 1:
        _apply_1q(t, u, axes[0])
        return
    b = t.shape[0]
    rest = [a for a in range(1, t.ndim) if a not in axes]
    perm = [0, *rest, *axes]
    moved = np.transpose(t, perm).reshape(b, -1, 1 << k)
    new = np.matmul(moved, np.swapaxes(u, 1, 2))
    inv = np.argsort(perm)
    t[...] = np.transpose(new.reshape([b] + [2] * (t.ndim - 1)), inv)


def _apply_gate(
    t: ComplexArray,
    spec: _gates.GateSpec,
    params: tuple[FloatArray, ...],
    axes: Sequence[int],
    conj: bool,
) -> None:
    """Apply one gate (or its complex conjugate, for density-matrix columns) in place."""
    nq = len(axes)
    nc = spec.controls_for(nq) if spec.base is not None else 0
    if nc:
        ctrl, targ = axes[:nc], axes[nc:]
        idx: list[int | slice] = [slice(None)] * t.ndim
        for a in ctrl:
            idx[a] = 1
        view = t[tuple(idx)]
        # axis positions inside the view: every control axis removed, all < target shift down
        vt = [a - sum(1 for c in ctrl if c < a) for a in targ]
        base = _gates.get(spec.base or "")
        u = base.matrix(params)
        _apply_gate_matrix(view, u, vt, base.diagonal, conj)
        return
    if spec.num_qubits is None:  # pragma: no cover - variadic gates are always controlled
        raise AssertionError(spec.name)
    u = spec.matrix(params)
    _apply_gate_matrix(t, u, axes, spec.diagonal, conj)


def _apply_gate_matrix(
    t: ComplexArray, u: ComplexArray, axes: Sequence[int], diagonal: bool, conj: bool
) -> None:
    if conj:
        u = np.conj(u)
    if diagonal:
        _apply_diag(t, np.diagonal(u, axis1=1, axis2=2), axes)
    else:
        _apply_dense(t, u, axes)
