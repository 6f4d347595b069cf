"""Analytic reverse mode (adjoint) through the pair-product fast path of the entanglement scores.

The pair factor of qubit ``r`` is the 2x2 amplitude matrix ``V`` (rows: the controlling qubit)
evolved by ``L`` layers ``X = U_c V U_t^T``, ``V' = [X_0.; X_1. R(theta)^T]`` (``R = RX``,
row 1 rotated: the CRX acts on the target when the control is 1), ``V_0 = e0 e0^T``; each
``U = G_{f-1} ... G_0`` is the product of the encoding's RX/RY gates on that qubit.

Complex reverse mode with the convention ``gbar(z) = dL/dRe z + i dL/dIm z`` (so
``dL = Re sum conj(gbar(z)) dz``): for ``Y = A B``, ``gbar(A) = gbar(Y) B^H`` and
``gbar(B) = A^H gbar(Y)``; for ``c = |det V|^2``, ``gbar(det) = 2 gbar(c) det`` and
``gbar(v00) = conj(v11) gbar(det)``, ``gbar(v11) = conj(v00) gbar(det)``,
``gbar(v01) = -conj(v10) gbar(det)``, ``gbar(v10) = -conj(v01) gbar(det)``; for a gate angle
``t`` of ``G(t) = exp(-i t P / 2)``, ``dU/dt = A (-i P / 2) B`` (``A``, ``B`` the gates after
and up to ``G``) and ``dL/dt = Re sum conj(gbar(U)) dU/dt``. The same for the one-qubit states of
the encoding-only SWAP test, with ``gbar`` of the Bloch vector mapped to the amplitudes.

This is exact arithmetic of the same function (no truncation); it agrees with the parameter-shift
gradient of :mod:`reference.pipeline.grad.entanglement` to round-off (test in
``tests/test_gradients.py``) at a few times the cost of one forward pass.
"""

from __future__ import annotations

from typing import TypeAlias

import numpy as np

from reference._types import ComplexArray, FloatArray

M2: TypeAlias = tuple[ComplexArray, ComplexArray, ComplexArray, ComplexArray]
"""A stack of 2x2 matrices as its entries ``(m00, m01, m10, m11)`` (each any broadcastable
shape): elementwise arithmetic on whole stacks is much faster than ``matmul`` on 2x2 blocks."""

_GEN: dict[str, tuple[complex, complex, complex, complex]] = {
    "rx": (0, -0.5j, -0.5j, 0),  # -i X / 2
    "ry": (0, -0.5, 0.5, 0),  # -i Y / 2
}


def _mul(a: M2, b: M2) -> M2:
    return (
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
    )


def _herm(a: M2) -> M2:
    return (np.conj(a[0]), np.conj(a[2]), np.conj(a[1]), np.conj(a[3]))


def _tr(a: M2) -> M2:
    return (a[0], a[2], a[1], a[3])


def _conj(a: M2) -> M2:
    return (np.conj(a[0]), np.conj(a[1]), np.conj(a[2]), np.conj(a[3]))


def _sum(a: M2, axis: int) -> M2:
    return (a[0].sum(axis), a[1].sum(axis), a[2].sum(axis), a[3].sum(axis))


def _expand(a: M2, axis: int) -> M2:
    return tuple(np.expand_dims(x, axis) for x in a)  # type: ignore[return-value]


def _gate(gate: str, t: FloatArray) -> M2:
    """``exp(-i t P / 2)`` entries."""
    c = np.cos(0.5 * t).astype(np.complex128)
    s = np.sin(0.5 * t)
    if gate == "rx":
        return (c, -1j * s, -1j * s, c)
    return (c, -s + 0j, s + 0j, c)


def unitaries(ang: FloatArray, gates: tuple[str, ...]) -> tuple[M2, list[M2]]:
    """``U = G_{f-1} ... G_0`` of angles ``(..., f)`` (entries of shape ``...``), and the gates."""
    gs = [_gate(g, ang[..., j]) for j, g in enumerate(gates)]
    u = gs[0]
    for g in gs[1:]:
        u = _mul(g, u)
    return u, gs


def angle_grad(gu: M2, gs: list[M2], gates: tuple[str, ...]) -> FloatArray:
    """``dL/dt_j`` ``(..., f)`` from ``gbar(U)`` and the gates ``G_j(t_j)``."""
    f = len(gs)
    before = [gs[0]]  # B_j = G_j ... G_0
    for gm in gs[1:]:
        before.append(_mul(gm, before[-1]))
    after: list[M2 | None] = [None] * f  # A_j = G_{f-1} .. G_{j+1} (None = identity)
    for j in range(f - 2, -1, -1):
        nxt = after[j + 1]
        after[j] = gs[j + 1] if nxt is None else _mul(nxt, gs[j + 1])
    out = []
    for j, g in enumerate(gates):
        k = _GEN[g]
        bj = before[j]
        kb = (k[1] * bj[2], k[1] * bj[3], k[2] * bj[0], k[2] * bj[1])  # K B (K off-diagonal)
        aj = after[j]
        du = kb if aj is None else _mul(aj, kb)
        out.append(sum((np.conj(x) * y).real for x, y in zip(gu, du, strict=True)))
    return np.stack(out, axis=-1)


Tape: TypeAlias = list[tuple[M2, M2, M2, M2, M2, M2, list[M2], list[M2]]]


def pair_forward(
    ac: FloatArray, at: FloatArray, th: FloatArray, gates: tuple[str, ...]
) -> tuple[M2, Tape]:
    """Final pair states ``V`` (entries ``(B, n, m, n_r)``) and the tape of every layer.

    ``ac (B, n, L, n_r, f)`` control-side angles, ``at (B, m, L, n_r, f)`` target side,
    ``th (L, n_r)``."""
    b, n, layers, n_r, _ = ac.shape
    m = at.shape[1]
    zero = np.zeros((b, n, m, n_r), dtype=np.complex128)
    v: M2 = (zero + 1.0, zero, zero, zero)
    tape: Tape = []
    for lv in range(layers):
        uc, gc = unitaries(ac[:, :, lv], gates)  # entries (B, n, n_r)
        ut, gt = unitaries(at[:, :, lv], gates)  # entries (B, m, n_r)
        uce, ute = _expand(uc, 2), _expand(ut, 1)
        w = _mul(uce, v)
        x = _mul(w, _tr(ute))
        r = _gate("rx", th[lv])  # entries (n_r,)
        vn: M2 = (x[0], x[1], x[2] * r[0] + x[3] * r[1], x[2] * r[2] + x[3] * r[3])
        tape.append((v, uce, ute, w, x, r, gc, gt))
        v = vn
    return v, tape


def pair_backward(
    gv: M2, tape: Tape, th: FloatArray, gates: tuple[str, ...]
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """``(dL/dac (B, n, L, n_r, f), dL/dat (B, m, L, n_r, f), dL/dth (L, n_r))`` from
    ``gbar(V)`` of the final pair states."""
    gac, gat, gth = [], [], np.zeros_like(th)
    for lv in reversed(range(len(tape))):
        v, uce, ute, w, x, r, gc, gt = tape[lv]
        rc = _conj(r)
        gx: M2 = (gv[0], gv[1], gv[2] * rc[0] + gv[3] * rc[2], gv[2] * rc[1] + gv[3] * rc[3])
        c, s = np.cos(0.5 * th[lv]), np.sin(0.5 * th[lv])
        dr = (-0.5 * s, -0.5j * c, -0.5j * c, -0.5 * s)  # dR/dtheta
        dy10 = x[2] * dr[0] + x[3] * dr[1]
        dy11 = x[2] * dr[2] + x[3] * dr[3]
        gsum = (np.conj(gv[2]) * dy10).real + (np.conj(gv[3]) * dy11).real
        gth[lv] = gsum.sum(axis=(0, 1, 2))
        gw = _mul(gx, _conj(ute))
        gut = _tr(_sum(_mul(_herm(w), gx), 1))  # (B, m, n_r)
        gv = _mul(_herm(uce), gw)
        guc = _sum(_mul(gw, _herm(v)), 2)  # (B, n, n_r)
        gac.append(angle_grad(guc, gc, gates))
        gat.append(angle_grad(gut, gt, gates))
    return np.stack(gac[::-1], axis=2), np.stack(gat[::-1], axis=2), gth


def det_sq(v: M2) -> FloatArray:
    """``|det V|^2``."""
    det = v[0] * v[3] - v[1] * v[2]
    return np.asarray(det.real**2 + det.imag**2, dtype=np.float64)


def det_sq_backward(v: M2, gc2: FloatArray) -> M2:
    """``gbar(V)`` of ``L`` depending on ``c = |det V|^2`` through ``gbar(c)``."""
    gd = 2.0 * gc2 * (v[0] * v[3] - v[1] * v[2])
    return (np.conj(v[3]) * gd, -np.conj(v[2]) * gd, -np.conj(v[1]) * gd, np.conj(v[0]) * gd)


SingleTape: TypeAlias = list[tuple[tuple[ComplexArray, ComplexArray], M2, list[M2]]]


def single_forward(
    ang: FloatArray, gates: tuple[str, ...]
) -> tuple[tuple[ComplexArray, ComplexArray], SingleTape]:
    """Amplitudes ``(s0, s1)`` (each ``(..., n_r)``) of ``U_L ... U_1 |0>`` for angles
    ``(..., L, n_r, f)``, and the tape."""
    s0 = np.ones(ang.shape[:-3] + ang.shape[-2:-1], dtype=np.complex128)
    s1 = np.zeros_like(s0)
    tape: SingleTape = []
    for lv in range(ang.shape[-3]):
        u, gs = unitaries(ang[..., lv, :, :], gates)
        tape.append(((s0, s1), u, gs))
        s0, s1 = u[0] * s0 + u[1] * s1, u[2] * s0 + u[3] * s1
    return (s0, s1), tape


def bloch(s: tuple[ComplexArray, ComplexArray]) -> FloatArray:
    """Bloch vector ``(..., 3)`` of states with amplitudes ``s``."""
    r01 = s[0] * np.conj(s[1])
    rz = np.abs(s[0]) ** 2 - np.abs(s[1]) ** 2
    return np.stack([2.0 * r01.real, -2.0 * r01.imag, rz], axis=-1)


def single_backward(
    s: tuple[ComplexArray, ComplexArray], gb: FloatArray, tape: SingleTape, gates: tuple[str, ...]
) -> FloatArray:
    """``dL/dangles`` ``(..., L, n_r, f)`` from ``dL/dBloch`` ``gb (..., n_r, 3)``."""
    gz = 2.0 * gb[..., 0] - 2.0j * gb[..., 1]  # gbar of rho01 = s0 conj(s1)
    g0 = gz * s[1] + 2.0 * gb[..., 2] * s[0]
    g1 = np.conj(gz) * s[0] - 2.0 * gb[..., 2] * s[1]
    out = []
    for (p0, p1), u, gs in reversed(tape):
        gu: M2 = (g0 * np.conj(p0), g0 * np.conj(p1), g1 * np.conj(p0), g1 * np.conj(p1))
        out.append(angle_grad(gu, gs, gates))
        g0, g1 = np.conj(u[0]) * g0 + np.conj(u[2]) * g1, np.conj(u[1]) * g0 + np.conj(u[3]) * g1
    return np.stack(out[::-1], axis=-3)


__all__ = [
    "M2",
    "angle_grad",
    "bloch",
    "det_sq",
    "det_sq_backward",
    "pair_backward",
    "pair_forward",
    "single_backward",
    "single_forward",
    "unitaries",
]
