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

import numpy as np

from reference._types import ComplexArray, FloatArray

_PAULI: dict[str, ComplexArray] = {
    "rx": np.array([[0, 1], [1, 0]], dtype=np.complex128),
    "ry": np.array([[0, -1j], [1j, 0]], dtype=np.complex128),
}


def _gate(gate: str, t: FloatArray) -> ComplexArray:
    """``exp(-i t P / 2)`` as ``(..., 2, 2)``."""
    c, s = np.cos(0.5 * t), np.sin(0.5 * t)
    out = np.empty((*t.shape, 2, 2), dtype=np.complex128)
    out[..., 0, 0] = c
    out[..., 1, 1] = c
    if gate == "rx":
        out[..., 0, 1] = -1j * s
        out[..., 1, 0] = -1j * s
    else:
        out[..., 0, 1] = -s
        out[..., 1, 0] = s
    return out


def _herm(a: ComplexArray) -> ComplexArray:
    return np.conj(np.swapaxes(a, -1, -2))


def unitaries(ang: FloatArray, gates: tuple[str, ...]) -> tuple[ComplexArray, list[ComplexArray]]:
    """``U = G_{f-1} ... G_0`` ``(..., 2, 2)`` of angles ``(..., f)``, and the gates."""
    gs = [_gate(g, ang[..., j]) for j, g in enumerate(gates)]
    u = gs[0]
    for g in gs[1:]:
        u = g @ u
    return u, gs


def angle_grad(gu: ComplexArray, gs: list[ComplexArray], gates: tuple[str, ...]) -> FloatArray:
    """``dL/dt_j`` ``(..., f)`` from ``gbar(U)`` ``(..., 2, 2)`` and the gates ``G_j(t_j)``."""
    f = len(gs)
    before = [gs[0]]  # B_j = G_j ... G_0
    for g in gs[1:]:
        before.append(g @ before[-1])
    after: list[ComplexArray] = [np.eye(2, dtype=np.complex128)] * f  # A_j = G_{f-1}..G_{j+1}
    for j in range(f - 2, -1, -1):
        after[j] = after[j + 1] @ gs[j + 1]
    out = np.empty(gu.shape[:-2] + (f,))
    for j, g in enumerate(gates):
        du = after[j] @ ((-0.5j * _PAULI[g]) @ before[j])
        out[..., j] = np.sum((np.conj(gu) * du).real, axis=(-1, -2))
    return out


def pair_forward(
    ac: FloatArray, at: FloatArray, th: FloatArray, gates: tuple[str, ...]
) -> tuple[ComplexArray, list[tuple[ComplexArray, ...]]]:
    """Final ``V (B, n, m, n_r, 2, 2)`` and the tape of every layer.

    ``ac (B, n, L, n_r, f)`` control-side angles, ``at (B, m, L, n_r, f)`` target side,
    ``th (L, n_r)``."""
    b, n, layers, n_r, _ = ac.shape
    m = at.shape[1]
    v = np.zeros((b, n, m, n_r, 2, 2), dtype=np.complex128)
    v[..., 0, 0] = 1.0
    tape = []
    for lv in range(layers):
        uc, gc = unitaries(ac[:, :, lv], gates)  # (B, n, n_r, 2, 2)
        ut, gt = unitaries(at[:, :, lv], gates)  # (B, m, n_r, 2, 2)
        w = uc[:, :, None] @ v
        x = w @ np.swapaxes(ut, -1, -2)[:, None]
        r = _gate("rx", th[lv])  # (n_r, 2, 2)
        vn = x.copy()
        vn[..., 1, :] = np.einsum("...rb,rab->...ra", x[..., 1, :], r)
        tape.append((v, uc, ut, w, x, r, gc, gt))
        v = vn
    return v, tape


def pair_backward(
    gv: ComplexArray,
    tape: list[tuple[ComplexArray, ...]],
    th: FloatArray,
    gates: tuple[str, ...],
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """``(dL/dac (B, n, L, n_r, f), dL/dat (B, m, L, n_r, f), dL/dth (L, n_r))`` from
    ``gbar(V)`` of the final pair states."""
    layers = len(tape)
    gac, gat, gth = [], [], np.zeros_like(th)
    for lv in reversed(range(layers)):
        v, uc, ut, w, x, r, gc, gt = tape[lv]
        gx = gv.copy()
        gx[..., 1, :] = np.einsum("...ra,rab->...rb", gv[..., 1, :], np.conj(r))
        c, s = np.cos(0.5 * th[lv]), np.sin(0.5 * th[lv])
        dr = np.empty_like(r)  # dR/dtheta
        dr[:, 0, 0] = dr[:, 1, 1] = -0.5 * s
        dr[:, 0, 1] = dr[:, 1, 0] = -0.5j * c
        dy = np.einsum("...rb,rab->...ra", x[..., 1, :], dr)
        gth[lv] = np.sum((np.conj(gv[..., 1, :]) * dy).real, axis=(0, 1, 2, 4))
        gw = gx @ np.conj(ut)[:, None]
        gut = np.swapaxes(np.sum(_herm(w) @ gx, axis=1), -1, -2)  # (B, m, n_r, 2, 2)
        gv = _herm(uc)[:, :, None] @ gw
        guc = np.sum(gw @ _herm(v), axis=2)  # (B, n, n_r, 2, 2)
        gac.append(angle_grad(guc, gc, gates))
        gat.append(angle_grad(gut, gt, gates))
    return np.stack(gac[::-1], axis=2), np.stack(gat[::-1], axis=2), gth


def det_sq_backward(v: ComplexArray, gc2: FloatArray) -> ComplexArray:
    """``gbar(V)`` of ``L`` depending on ``c = |det V|^2`` through ``gbar(c)``."""
    det = v[..., 0, 0] * v[..., 1, 1] - v[..., 0, 1] * v[..., 1, 0]
    gd = 2.0 * gc2 * det
    out = np.empty_like(v)
    out[..., 0, 0] = np.conj(v[..., 1, 1]) * gd
    out[..., 1, 1] = np.conj(v[..., 0, 0]) * gd
    out[..., 0, 1] = -np.conj(v[..., 1, 0]) * gd
    out[..., 1, 0] = -np.conj(v[..., 0, 1]) * gd
    return out


def single_forward(
    ang: FloatArray, gates: tuple[str, ...]
) -> tuple[ComplexArray, list[tuple[ComplexArray, ...]]]:
    """State ``U_L ... U_1 |0>`` ``(..., n_r, 2)`` of angles ``(..., L, n_r, f)`` and its tape."""
    s = np.zeros(ang.shape[:-3] + (ang.shape[-2], 2), dtype=np.complex128)
    s[..., 0] = 1.0
    tape = []
    for lv in range(ang.shape[-3]):
        u, gs = unitaries(ang[..., lv, :, :], gates)
        tape.append((s, u, gs))
        s = np.einsum("...ab,...b->...a", u, s)
    return s, tape


def bloch(s: ComplexArray) -> FloatArray:
    """Bloch vector ``(..., 3)`` of states ``(..., 2)``."""
    r01 = s[..., 0] * np.conj(s[..., 1])
    rz = np.abs(s[..., 0]) ** 2 - np.abs(s[..., 1]) ** 2
    return np.stack([2.0 * r01.real, -2.0 * r01.imag, rz], axis=-1)


def single_backward(
    s: ComplexArray, gb: FloatArray, tape: list[tuple[ComplexArray, ...]], gates: tuple[str, ...]
) -> FloatArray:
    """``dL/dangles`` ``(..., L, n_r, f)`` from ``dL/dBloch`` ``gb (..., n_r, 3)``."""
    gz = 2.0 * gb[..., 0] - 2.0j * gb[..., 1]  # gbar of rho01 = s0 conj(s1)
    gs = np.empty_like(s)
    gs[..., 0] = gz * s[..., 1] + 2.0 * gb[..., 2] * s[..., 0]
    gs[..., 1] = np.conj(gz) * s[..., 0] - 2.0 * gb[..., 2] * s[..., 1]
    out = []
    for s_prev, u, gates_l in reversed(tape):
        gu = gs[..., :, None] * np.conj(s_prev)[..., None, :]
        out.append(angle_grad(gu, list(gates_l), gates))
        gs = np.einsum("...ba,...b->...a", np.conj(u), gs)
    return np.stack(out[::-1], axis=-3)


__all__ = [
    "angle_grad",
    "bloch",
    "det_sq_backward",
    "pair_backward",
    "pair_forward",
    "single_backward",
    "single_forward",
    "unitaries",
]
