"""Exact gradients of the entanglement scores (seed 001 §4, angle encodings) by parameter shift.

The scores of the angle encodings factor over the ``n_r`` qubit pairs (``S001-P08``): pair ``r``
of query ``i`` and key ``j`` is a two-qubit pure state ``V_r`` (2x2 amplitudes, rows = the
controlling register's qubit), built by ``L`` re-uploading layers ``V -> CRX(theta_r) (U_c V
U_t^T)`` from ``|00>``. Every score is a function of one-qubit Bloch vectors, which are
expectation values of Paulis and hence exactly differentiable by a shift rule:

* entropy (nats): ``S = sum_r h(c_r)`` with ``c_r = |det V_r|^2 = det rho_{A_r} =
  (1 - |b_r|^2) / 4`` (``b_r`` the Bloch vector of the controlling qubit) and
  ``h(c) = -l+ ln l+ - l- ln l-``, ``l-+ = (1 -+ sqrt(1 - 4c)) / 2``;
  ``dh/dc = ln(l+/l-) / sqrt(1 - 4c) = 2 artanh(delta) / delta`` (``delta = sqrt(1 - 4c)``,
  limit 2 at ``c = 1/4``), and 0 where ``l- <= ZERO_PROB`` because the forward pass cuts the
  entropy to 0 there (:data:`reference.quantum_info.ZERO_PROB`);
* concurrence (``S001-A11``): ``C = 2 sqrt(1 - P0)``, ``P0 = prod_r (1 - c_r)``,
  ``dC/dc_r = prod_{s != r} (1 - c_s) / sqrt(1 - P0)`` (0 at ``P0 = 1``, where ``C`` has a kink:
  the subgradient 0 is used);
* SWAP test (encoding-only states, ``S001-A18``): ``F_r = |<a_r|b_r>|^2 = (1 + a_r . b_r) / 2``
  from the Bloch vectors of the single-qubit states ``U^L |0>``; ``P(1) = (1 - prod_r F_r) / 2``
  (``S001-A10`` default) or the fidelity ``prod_r F_r``.

Shift rules (why exact). A Bloch component ``f`` is ``<psi|P|psi>``; as a function of one
occurrence of a gate angle ``t`` with ``U(t) = exp(-i t G)``, ``f(t)`` is a trigonometric
polynomial whose frequencies are the differences of ``G``'s eigenvalues.

* ``RX``, ``RY`` (``G = P/2``, eigenvalues ``+-1/2``; frequencies 0, 1): the two-term rule
  ``f'(t) = (f(t + pi/2) - f(t - pi/2)) / 2`` is exact.
* ``CRX`` (``G = |1><1| (x) X/2``, eigenvalues ``0, 0, +-1/2``; frequencies 0, 1/2, 1): the
  four-term rule ``f'(t) = c1 (f(t + pi/2) - f(t - pi/2)) - c2 (f(t + 3pi/2) - f(t - 3pi/2))``
  with ``c1 = (sqrt2 + 1) / (4 sqrt2)``, ``c2 = (sqrt2 - 1) / (4 sqrt2)`` is exact (it reproduces
  the derivatives of ``cos, sin`` of ``t/2`` and ``t``; Anselmetti et al. 2021, PennyLane's CRX
  recipe). Checked in ``tests/test_gradients.py``.

Each feature angle occurs once per re-uploading layer (``L`` occurrences) and a shared
``theta_r`` once per layer, so the derivative is the sum over occurrences; one shift of an
occurrence ``(layer, gate)`` is applied to every query (or key) and every qubit at once, since
pair ``r`` of ``(i, j)`` depends only on qubit ``r`` of ``q_i`` and ``k_j``. All shifted
variants are evaluated in one vectorised pass (a leading variant axis). The chain rule through
``h``, ``C`` or ``P(1)`` uses the unshifted state (``c_r`` from ``|det V_r|^2``, no cancellation).
Cost: ``1 + 4 L f + 4 L`` pair evaluations (entropy/concurrence; 49 for dense, ``L = 4``).

``method="adjoint"`` (default) instead runs reverse mode through the pair states
(:mod:`reference.pipeline.grad.pair_adjoint`), one forward and one backward pass, about 35x
faster; the two methods agree to round-off (``tests/test_gradients.py``), so the shift rules
are kept as an independent check and for hardware-style gradients.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, Literal

import numpy as np

from reference import quantum_info as qi
from reference._types import ComplexArray, FloatArray
from reference.mechanisms.entanglement.config import ANGLE_GATES, EntanglementConfig, feature_index
from reference.pipeline.grad import pair_adjoint as adj

Method = Literal["adjoint", "shift"]
METHODS: Final[tuple[str, ...]] = ("adjoint", "shift")

C1: Final[float] = (math.sqrt(2.0) + 1.0) / (4.0 * math.sqrt(2.0))
C2: Final[float] = (math.sqrt(2.0) - 1.0) / (4.0 * math.sqrt(2.0))
CRX_SHIFTS: Final[tuple[tuple[float, float], ...]] = (
    (math.pi / 2, C1),
    (-math.pi / 2, -C1),
    (3 * math.pi / 2, -C2),
    (-3 * math.pi / 2, C2),
)
"""Four-term CRX rule as ``(shift, coefficient)``: ``f' = sum coef * f(t + shift)``."""
ROT_SHIFTS: Final[tuple[tuple[float, float], ...]] = ((math.pi / 2, 0.5), (-math.pi / 2, -0.5))
"""Two-term rule of RX/RY."""


def _su2(ang: FloatArray, gates: tuple[str, ...]) -> tuple[ComplexArray, ComplexArray]:
    """First column ``(a, b)`` of ``G_{f-1} ... G_0`` (``U = [[a, -b*], [b, a*]]``) for angles
    ``ang (..., f)`` of the gate sequence ``gates`` (time order)."""
    c = np.cos(0.5 * ang)
    s = np.sin(0.5 * ang)
    phase = [-1j if g == "rx" else 1.0 for g in gates]
    a: ComplexArray = c[..., 0].astype(np.complex128)
    b: ComplexArray = s[..., 0] * phase[0]
    for j in range(1, len(gates)):
        bj = s[..., j] * phase[j]
        a, b = c[..., j] * a - np.conj(bj) * b, bj * a + c[..., j] * b
    return a, b


def _pair_states(
    ac: FloatArray, at: FloatArray, th: FloatArray, gates: tuple[str, ...]
) -> tuple[ComplexArray, ComplexArray, ComplexArray, ComplexArray]:
    """Pair amplitudes ``(v00, v01, v10, v11)`` each ``(S, B, n, m, n_r)``.

    ``ac (S, B, n, L, n_r, f)``: angles of the controlling side; ``at (S, B, m, L, n_r, f)`` of
    the target side; ``th (S, L, n_r)`` CRX angles per layer."""
    layers = ac.shape[3]
    v00: ComplexArray = np.ones((), dtype=np.complex128)
    v01: ComplexArray = np.zeros((), dtype=np.complex128)
    v10: ComplexArray = np.zeros((), dtype=np.complex128)
    v11: ComplexArray = np.zeros((), dtype=np.complex128)
    for layer in range(layers):
        a, b = _su2(ac[:, :, :, layer], gates)
        a, b = a[:, :, :, None], b[:, :, :, None]  # (S, B, n, 1, n_r)
        at_, bt = _su2(at[:, :, :, layer], gates)
        at_, bt = at_[:, :, None], bt[:, :, None]  # (S, B, 1, m, n_r)
        # W = U_c V
        w00 = a * v00 - np.conj(b) * v10
        w01 = a * v01 - np.conj(b) * v11
        w10 = b * v00 + np.conj(a) * v10
        w11 = b * v01 + np.conj(a) * v11
        # X = W U_t^T:  X[x, 0] = W[x,0] a_t - W[x,1] b_t*,  X[x, 1] = W[x,0] b_t + W[x,1] a_t*
        v00 = w00 * at_ - w01 * np.conj(bt)
        v01 = w00 * bt + w01 * np.conj(at_)
        x10 = w10 * at_ - w11 * np.conj(bt)
        x11 = w10 * bt + w11 * np.conj(at_)
        t = th[:, layer][:, None, None, None, :]  # (S, 1, 1, 1, n_r)
        c, s = np.cos(0.5 * t), np.sin(0.5 * t)
        v10 = c * x10 - 1j * s * x11
        v11 = -1j * s * x10 + c * x11
    return v00, v01, v10, v11


def _bloch_rows(v: tuple[ComplexArray, ...]) -> FloatArray:
    """Bloch vector ``(..., 3)`` of the row qubit of pair amplitudes ``v``."""
    v00, v01, v10, v11 = v
    r01 = v00 * np.conj(v10) + v01 * np.conj(v11)
    rz = np.abs(v00) ** 2 + np.abs(v01) ** 2 - np.abs(v10) ** 2 - np.abs(v11) ** 2
    return np.stack([2.0 * r01.real, -2.0 * r01.imag, rz], axis=-1)


def _single_bloch(ang: FloatArray, gates: tuple[str, ...]) -> FloatArray:
    """Bloch vectors ``(..., n_r, 3)`` of ``U_L ... U_1 |0>``, angles ``(..., L, n_r, f)``."""
    s0: ComplexArray = np.ones(ang.shape[:-3] + ang.shape[-2:-1], dtype=np.complex128)
    s1: ComplexArray = np.zeros_like(s0)
    for layer in range(ang.shape[-3]):
        a, b = _su2(ang[..., layer, :, :], gates)
        s0, s1 = a * s0 - np.conj(b) * s1, b * s0 + np.conj(a) * s1
    r01 = s0 * np.conj(s1)
    rz = np.abs(s0) ** 2 - np.abs(s1) ** 2
    return np.stack([2.0 * r01.real, -2.0 * r01.imag, rz], axis=-1)


def entropy_from_c2(c2: FloatArray) -> tuple[FloatArray, FloatArray]:
    """``(h(c), dh/dc)`` of the pair entropy in nats (same cut-off as the fast path)."""
    c = np.clip(c2, 0.0, 0.25)
    delta = np.sqrt(1.0 - 4.0 * c)
    lp = 0.5 * (1.0 + delta)
    lm = c / lp
    keep = lm > qi.ZERO_PROB
    lmk = np.where(keep, lm, 0.0)
    logm = np.log(np.where(keep, lm, 1.0))
    h = np.maximum(-(1.0 - lmk) * np.log1p(-lmk) - lmk * logm, 0.0)
    small = delta < 1e-4
    ratio = np.where(small, 2.0 * (1.0 + delta**2 / 3.0), 0.0)
    big = ~small & keep  # (delta = 1 exactly only where l- = 0, cut off)
    ratio[big] = 2.0 * np.arctanh(delta[big]) / delta[big]
    dh = np.where(keep, ratio, 0.0)
    return np.asarray(h, dtype=np.float64), np.asarray(dh, dtype=np.float64)


def _prod_except(x: FloatArray, axis: int = -1) -> FloatArray:
    """``prod_{s != r} x_s`` along ``axis`` without division (prefix and suffix products)."""
    x = np.moveaxis(x, axis, -1)
    ones = np.ones((*x.shape[:-1], 1))
    pre = np.cumprod(np.concatenate([ones, x[..., :-1]], axis=-1), axis=-1)
    suf = np.cumprod(np.concatenate([ones, x[..., :0:-1]], axis=-1), axis=-1)[..., ::-1]
    return np.moveaxis(pre * suf, -1, axis)


@dataclass(frozen=True, kw_only=True)
class EntanglementScoreGrad:
    """Scores ``(B, n, m)`` of query/key batches and their exact vector-Jacobian product.

    ``config`` must be an angle encoding (``"dense"`` or ``"super_dense"``) with the SWAP test on
    encoding-only states (``S001-A18`` default); ``theta`` has ``config.theta_shape(n_r)``.
    """

    config: EntanglementConfig
    method: Method = "adjoint"

    def __post_init__(self) -> None:
        cfg = self.config
        if self.method not in METHODS:
            raise ValueError(f"method={self.method!r} must be one of {METHODS}")
        if not cfg.is_angle_encoding:
            raise ValueError(f"encoding={cfg.encoding!r}: gradients need an angle encoding")
        if cfg.swap_states != "encoding_only":
            raise ValueError(f"swap_states={cfg.swap_states!r}: only 'encoding_only' has gradients")

    @property
    def _gates(self) -> tuple[str, ...]:
        return ANGLE_GATES[self.config.encoding]

    def _angles(self, x: FloatArray) -> FloatArray:
        """``(B, n, d)`` -> ``(B, n, L, n_r, f)`` angles of every occurrence."""
        idx = feature_index(self.config, x.shape[-1])
        ang = self.config.feature_scale * x[..., idx]
        return np.repeat(ang[:, :, None], self.config.layers, axis=2)

    def _theta_layers(self, theta: FloatArray) -> FloatArray:
        """``(L, n_r)`` CRX angle of every layer."""
        if self.config.share_theta_across_layers:
            return np.repeat(theta[None], self.config.layers, axis=0)
        return theta

    def _sides(self, aq: FloatArray, ak: FloatArray) -> tuple[FloatArray, FloatArray, bool]:
        swapped = self.config.crx_direction != "query_to_key"
        return (ak, aq, True) if swapped else (aq, ak, False)

    def _c2_bloch(
        self, aq: FloatArray, ak: FloatArray, th: FloatArray, need_det: bool
    ) -> tuple[FloatArray, FloatArray]:
        """``(c2 (S, B, n, m, n_r) or empty, bloch (S, B, n, m, n_r, 3))`` (query/key order)."""
        ac, at, swapped = self._sides(aq, ak)
        v = _pair_states(ac, at, th, self._gates)
        bloch = _bloch_rows(v)
        c2 = np.zeros(0)
        if need_det:
            det = v[0] * v[3] - v[1] * v[2]
            c2 = det.real**2 + det.imag**2
            if swapped:
                c2 = np.swapaxes(c2, 2, 3)
        if swapped:
            bloch = np.swapaxes(bloch, 2, 3)
        return c2, bloch

    def _measure_from_c2(self, c2: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Scores and ``dscore/dc_r`` from ``c2 (..., n_r)``."""
        if self.config.measure == "entropy":
            h, dh = entropy_from_c2(c2)
            return np.sum(h, axis=-1), dh
        c = np.clip(c2, 0.0, 0.25)
        one_m = 1.0 - c
        p0 = np.prod(one_m, axis=-1)
        root = np.sqrt(np.clip(1.0 - p0, 0.0, None))
        safe = np.where(root > 0, root, 1.0)
        dc = np.where(root[..., None] > 0, _prod_except(one_m) / safe[..., None], 0.0)
        return 2.0 * root, dc

    def _swap(self, aq: FloatArray, ak: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Scores ``(B, n, m)``, Bloch vectors of the query and key qubits."""
        ba = _single_bloch(aq, self._gates)  # (B, n, n_r, 3)
        bb = _single_bloch(ak, self._gates)
        f = 0.5 * (1.0 + np.einsum("bird,bjrd->bijr", ba, bb))
        ov = np.clip(np.prod(f, axis=-1), -1.0, 1.0)
        out = ov if self.config.swap_output == "fidelity" else 0.5 * (1.0 - ov)
        return np.asarray(out, dtype=np.float64), ba, bb

    def scores(self, q: FloatArray, k: FloatArray, theta: FloatArray) -> FloatArray:
        """Scores ``(B, n, m)`` of ``q (B, n, d)`` against ``k (B, m, d)``."""
        aq, ak = self._angles(q), self._angles(k)
        if self.config.measure == "swap":
            return self._swap(aq, ak)[0]
        if self.method == "adjoint":
            return self._adjoint(q, k, theta)[0]
        th = self._theta_layers(theta)
        c2, _ = self._c2_bloch(aq[None], ak[None], th[None], True)
        return np.asarray(self._measure_from_c2(c2[0])[0], dtype=np.float64)

    def vjp(
        self, q: FloatArray, k: FloatArray, theta: FloatArray, g: FloatArray
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        """``(dL/dq, dL/dk, dL/dtheta)`` given ``g = dL/dscores`` ``(B, n, m)``."""
        if self.config.measure == "swap":
            gq, gk = self._swap_vjp(q, k, g)
            return gq, gk, np.zeros_like(theta)
        if self.method == "adjoint":
            return self._adjoint_vjp(q, k, theta, g)
        cfg = self.config
        aq, ak = self._angles(q), self._angles(k)
        th = self._theta_layers(theta)
        layers, f = cfg.layers, aq.shape[-1]
        # variants: 0 base; q occurrences; k occurrences; theta occurrences
        q_occ = [(lv, gi, s, w) for lv in range(layers) for gi in range(f) for s, w in ROT_SHIFTS]
        t_occ = [(lv, s, w) for lv in range(layers) for s, w in CRX_SHIFTS]
        n_var = 1 + 2 * len(q_occ) + len(t_occ)
        aqv = np.repeat(aq[None], n_var, axis=0)
        akv = np.repeat(ak[None], n_var, axis=0)
        thv = np.repeat(th[None], n_var, axis=0)
        for i, (lv, gi, s, _) in enumerate(q_occ):
            aqv[1 + i, :, :, lv, :, gi] += s
            akv[1 + len(q_occ) + i, :, :, lv, :, gi] += s
        for i, (lv, s, _) in enumerate(t_occ):
            thv[1 + 2 * len(q_occ) + i, lv] += s
        c2v, bloch = self._c2_bloch(aqv[:1], akv[:1], thv[:1], True)
        _, bl_all = self._c2_bloch(aqv[1:], akv[1:], thv[1:], False)
        bloch = np.concatenate([bloch, bl_all], axis=0)
        _, dsdc = self._measure_from_c2(c2v[0])
        # dc/dangle = -(1/2) b . db/dangle ; weight by g and dscore/dc
        wgt = -0.5 * g[..., None, None] * dsdc[..., None] * bloch[0]  # (B, n, m, n_r, 3)
        nq = len(q_occ)
        ga_q = np.zeros_like(aq[:, :, 0])  # (B, n, n_r, f)
        ga_k = np.zeros_like(ak[:, :, 0])
        for i, (_, gi, _, w) in enumerate(q_occ):
            ga_q[..., gi] += w * np.einsum("bijrc,bijrc->bir", wgt, bloch[1 + i])
            ga_k[..., gi] += w * np.einsum("bijrc,bijrc->bjr", wgt, bloch[1 + nq + i])
        gth = np.zeros_like(th)  # (L, n_r)
        for i, (lv, _, w) in enumerate(t_occ):
            gth[lv] += w * np.einsum("bijrc,bijrc->r", wgt, bloch[1 + 2 * nq + i])
        gtheta = gth.sum(axis=0) if cfg.share_theta_across_layers else gth
        return self._to_features(ga_q, q), self._to_features(ga_k, k), gtheta

    def scores_and_pullback(
        self, q: FloatArray, k: FloatArray, theta: FloatArray
    ) -> tuple[FloatArray, Callable[[FloatArray], tuple[FloatArray, FloatArray, FloatArray]]]:
        """Scores and the function ``g -> (dL/dq, dL/dk, dL/dtheta)``; the adjoint keeps its
        forward tape, so the pair states are computed once per forward and backward pass."""
        if self.config.measure == "swap" or self.method != "adjoint":
            return self.scores(q, k, theta), lambda g: self.vjp(q, k, theta, g)
        return self._adjoint(q, k, theta)

    def _adjoint(
        self, q: FloatArray, k: FloatArray, theta: FloatArray
    ) -> tuple[FloatArray, Callable[[FloatArray], tuple[FloatArray, FloatArray, FloatArray]]]:
        """Reverse mode through the pair states (:mod:`.pair_adjoint`)."""
        aq, ak = self._angles(q), self._angles(k)
        th = self._theta_layers(theta)
        ac, at, swapped = self._sides(aq, ak)
        v, tape = adj.pair_forward(ac, at, th, self._gates)
        c2 = adj.det_sq(v)  # (B, n_c, m_t, n_r)
        c2_qk = np.swapaxes(c2, 1, 2) if swapped else c2
        scores, dsdc = self._measure_from_c2(c2_qk)

        def pullback(g: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
            gc2 = g[..., None] * dsdc
            gv = adj.det_sq_backward(v, np.swapaxes(gc2, 1, 2) if swapped else gc2)
            gac, gat, gth = adj.pair_backward(gv, tape, th, self._gates)
            ga_q, ga_k = (gat, gac) if swapped else (gac, gat)
            gtheta = gth.sum(axis=0) if self.config.share_theta_across_layers else gth
            return (
                self._to_features(ga_q.sum(axis=2), q),
                self._to_features(ga_k.sum(axis=2), k),
                gtheta,
            )

        return np.asarray(scores, dtype=np.float64), pullback

    def _adjoint_vjp(
        self, q: FloatArray, k: FloatArray, theta: FloatArray, g: FloatArray
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        return self._adjoint(q, k, theta)[1](g)

    def _to_features(self, ga: FloatArray, x: FloatArray) -> FloatArray:
        """Angle gradient ``(B, n, n_r, f)`` -> feature gradient ``(B, n, d)``."""
        idx = feature_index(self.config, x.shape[-1])
        out = np.zeros_like(x)
        out[..., idx] = self.config.feature_scale * ga
        return out

    def _swap_vjp(
        self, q: FloatArray, k: FloatArray, g: FloatArray
    ) -> tuple[FloatArray, FloatArray]:
        aq, ak = self._angles(q), self._angles(k)
        if self.method == "adjoint":
            sa, tape_a = adj.single_forward(aq, self._gates)
            sb, tape_b = adj.single_forward(ak, self._gates)
            ba, bb = adj.bloch(sa), adj.bloch(sb)
        else:
            _, ba, bb = self._swap(aq, ak)
        f = 0.5 * (1.0 + np.einsum("bird,bjrd->bijr", ba, bb))
        sign = 1.0 if self.config.swap_output == "fidelity" else -0.5
        gf = (sign * g)[..., None] * _prod_except(f)  # dL/dF_r, (B, n, m, n_r)
        wa = 0.5 * np.einsum("bijr,bjrd->bird", gf, bb)  # dL/d(query Bloch)
        wb = 0.5 * np.einsum("bijr,bird->bjrd", gf, ba)
        if self.method == "adjoint":
            ga_q = adj.single_backward(sa, wa, tape_a, self._gates).sum(axis=2)
            ga_k = adj.single_backward(sb, wb, tape_b, self._gates).sum(axis=2)
            return self._to_features(ga_q, q), self._to_features(ga_k, k)
        out = []
        for ang, wvec in ((aq, wa), (ak, wb)):
            ga = np.zeros_like(ang[:, :, 0])
            for lv in range(self.config.layers):
                for gi in range(ang.shape[-1]):
                    for s, w in ROT_SHIFTS:
                        sh = ang.copy()
                        sh[:, :, lv, :, gi] += s
                        ga[..., gi] += w * np.sum(wvec * _single_bloch(sh, self._gates), axis=-1)
            out.append(ga)
        return self._to_features(out[0], q), self._to_features(out[1], k)


__all__ = ["CRX_SHIFTS", "ROT_SHIFTS", "EntanglementScoreGrad", "entropy_from_c2"]
