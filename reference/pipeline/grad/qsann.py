"""Loss and exact gradient of QSANN and QSANN(CLS) (:mod:`reference.mechanisms.qsann.model`,
seed 001 §6.1) by parameter shift on every gate angle, with reverse mode for the classical rest.

Forward (``h`` the token features, CLS token first for ``head="cls"``; per layer ``l``)::

    zq_s = <Z_0>(U_q(theta_q) U_emb(h_s)|0>),  zk_j likewise with U_k,
    o_j = (<P_1>, ..., <P_d>)(U_v(theta_v) U_emb(h_j)|0>)
    A_sj = -(zq_s - zk_j)^2,  w = softmax_j(A),  h <- pi w o  ("paddle")  or  h + w o  ("paper")
    y = h[:, 0] ("cls") or mean_s h_s ("mean");  logits = [0, y . w + b] (binary, Paddle's
    sigmoid head written as a two-logit softmax) or y W^T + b (``C > 2``, RECONSTRUCTED)

Every readout is an expectation value, and every angle (each feature of ``h`` and each ansatz
angle) occurs in exactly one ``RX`` or ``RY`` gate (generator ``P/2``, eigenvalues ``+-1/2``),
so the two-term rule ``f' = (f(t + pi/2) - f(t - pi/2)) / 2`` is exact for each of them
(features beyond the ``run_embedding_depth`` rows are unused: gradient 0). All shifted circuits
of a layer run as one batched simulation per role. Feature gradients are computed only when
``h`` depends on parameters (a learned CLS token or a second layer).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reference import simulate as sim
from reference._types import ComplexArray, FloatArray, IntArray
from reference.algorithms.attention import softmax
from reference.mechanisms.qsann.model import (
    QSANNConfig,
    QSANNParams,
    ansatz_circuit,
    ansatz_param_count,
    embedding_circuit,
    value_observables,
    z0,
)
from reference.pipeline.model_protocol import Params

_ROLES: tuple[str, ...] = ("query", "key", "value")


def qsann_params_to_dict(p: QSANNParams, config: QSANNConfig, num_classes: int) -> Params:
    """Flat dict: ``query``/``key``/``value`` ``(num_layers, P)``, ``head_w`` ``(C', d)``,
    ``head_b`` ``(C',)`` (``C' = 1`` for binary), ``cls`` ``(d,)`` for ``head="cls"``."""
    out: Params = {r: np.stack([np.array(a) for a in getattr(p, r)]) for r in _ROLES}
    out["head_w"] = np.array(p.head_w)[None]
    out["head_b"] = np.array([p.head_b])
    if num_classes > 2:
        out["head_w"] = np.repeat(out["head_w"], num_classes, axis=0)
        out["head_b"] = np.repeat(out["head_b"], num_classes)
    if config.head == "cls":
        out["cls"] = np.array(p.cls)
    return out


@dataclass(frozen=True, kw_only=True)
class QSANNGrad:
    """Forward pass and exact gradient of QSANN for one :class:`QSANNConfig`."""

    config: QSANNConfig
    num_classes: int = 2

    @property
    def _depths(self) -> dict[str, int]:
        c = self.config
        return {"query": c.depth_query, "key": c.depth_key, "value": c.depth_value}

    def _used(self) -> int:
        c = self.config
        return 2 * c.num_qubits * (2 * c.run_embedding_depth + 1)

    def _embed(self, x: FloatArray) -> ComplexArray:
        circ = embedding_circuit(self.config.num_qubits, depth=self.config.run_embedding_depth)
        return sim.statevector(circ, bindings={f"x_{i}": x[:, i] for i in range(self._used())})

    def _readout(self, role: str, emb: ComplexArray, th: FloatArray) -> FloatArray:
        """``<Z_0>`` (query/key) ``(R,)`` or value vectors ``(R, d)`` with per-row angles
        ``th (R, P)``."""
        n = self.config.num_qubits
        circ = ansatz_circuit(n, depth=self._depths[role], prefix=role)
        st = sim.statevector(
            circ, bindings={f"{role}_{i}": th[:, i] for i in range(th.shape[1])}, initial=emb
        )
        if role != "value":
            return z0(st, n)
        obs = value_observables(n, self.config.num_features)
        uniq = {p: sim.expval_pauli(st, p) for p in dict.fromkeys(obs)}
        return np.stack([uniq[p] for p in obs], axis=-1)

    def _layer(
        self, params: Params, layer: int, x: FloatArray, xrows: IntArray | None
    ) -> tuple[dict[str, FloatArray], dict[str, FloatArray], dict[str, FloatArray]]:
        """Readouts of ``x (M, d)`` and their shift derivatives.

        Returns ``(value, d_theta, d_x)``: ``value[role]`` ``(M,)`` or ``(M, d)``;
        ``d_theta[role]`` ``(P, M, ...)``; ``d_x[role]`` ``(d, r, ...)`` for the ``r`` rows
        ``xrows`` whose features depend on parameters (none when ``None``)."""
        m, d = x.shape
        feats = [x]
        nx = 0 if xrows is None else len(xrows)
        if xrows is not None:
            for i in range(self._used()):
                for s in (np.pi / 2, -np.pi / 2):
                    xs = x[xrows].copy()
                    xs[:, i] += s
                    feats.append(xs)
        emb = self._embed(np.concatenate(feats))  # (R, 2**n), R = (1 + 2U) M
        val, dth, dx = {}, {}, {}
        for role in _ROLES:
            th = params[role][layer]
            npar = th.shape[0]
            shifted = np.repeat(th[None], 2 * npar, axis=0)
            for p in range(npar):
                shifted[2 * p, p] += np.pi / 2
                shifted[2 * p + 1, p] -= np.pi / 2
            rows_th = np.concatenate(
                [np.broadcast_to(th, (emb.shape[0], npar)), np.repeat(shifted, m, axis=0)]
            )
            rows_emb = np.concatenate([emb, np.tile(emb[:m], (2 * npar, 1))])
            out = self._readout(role, rows_emb, rows_th)
            base, xpart, tpart = out[:m], out[m : emb.shape[0]], out[emb.shape[0] :]
            val[role] = base
            tp = tpart.reshape(npar, 2, m, *out.shape[1:])
            dth[role] = 0.5 * (tp[:, 0] - tp[:, 1])
            dxv = np.zeros((d, nx, *out.shape[1:]))
            if xrows is not None:
                xp = xpart.reshape(self._used(), 2, nx, *out.shape[1:])
                dxv[: self._used()] = 0.5 * (xp[:, 0] - xp[:, 1])
            dx[role] = dxv
        return val, dth, dx

    def _tokens(self, params: Params, x: FloatArray) -> FloatArray:
        if self.config.head != "cls":
            return x
        b, _, d = x.shape
        return np.concatenate([np.broadcast_to(params["cls"], (b, 1, d)), x], axis=1)

    def _head(self, params: Params, yv: FloatArray) -> FloatArray:
        z = yv @ params["head_w"].T + params["head_b"]
        return np.concatenate([np.zeros((z.shape[0], 1)), z], axis=1) if z.shape[1] == 1 else z

    def logits(self, params: Params, x: FloatArray) -> FloatArray:
        """Class logits ``(B, C)``."""
        return self._run(params, x, None)[0]

    def _run(
        self, params: Params, x: FloatArray, y: IntArray | None
    ) -> tuple[FloatArray, float, Params]:
        cfg = self.config
        h = self._tokens(params, x)
        b, t, d = h.shape
        need_first_x = cfg.head == "cls"
        want_grad = y is not None
        caches = []
        for layer in range(cfg.num_layers):
            xrows = None  # rows whose features depend on parameters
            if want_grad and layer > 0:
                xrows = np.arange(b * t)
            elif want_grad and need_first_x:
                xrows = np.arange(b) * t  # the CLS tokens
            flat = h.reshape(b * t, d)
            if want_grad:
                val, dth, dx = self._layer(params, layer, flat, xrows)
            else:
                emb = self._embed(flat)
                val = {
                    r: self._readout(
                        r, emb, np.broadcast_to(params[r][layer], (b * t, params[r].shape[1]))
                    )
                    for r in _ROLES
                }
                dth, dx = {}, {}
            zq, zk = val["query"].reshape(b, t), val["key"].reshape(b, t)
            o = val["value"].reshape(b, t, d)
            diff = zq[:, :, None] - zk[:, None, :]
            w = softmax(-(diff**2), axis=-1)
            mixed = w @ o
            caches.append((diff, w, o, dth, dx, xrows))
            h = np.pi * mixed if cfg.form == "paddle" else h + mixed
        yv = h[:, 0] if cfg.head == "cls" else h.mean(axis=1)
        logits = self._head(params, yv)
        if y is None:
            return logits, 0.0, {}
        mx = logits.max(axis=1, keepdims=True)
        e = np.exp(logits - mx)
        loss = float(np.mean(mx[:, 0] + np.log(e.sum(axis=1)) - logits[np.arange(b), y]))
        g_logits = e / e.sum(axis=1, keepdims=True)
        g_logits[np.arange(b), y] -= 1.0
        g_logits /= b
        g_z = g_logits[:, 1:] if params["head_w"].shape[0] == 1 else g_logits
        grads: Params = {k: np.zeros_like(v) for k, v in params.items()}
        grads["head_w"] = g_z.T @ yv
        grads["head_b"] = g_z.sum(axis=0)
        g_yv = g_z @ params["head_w"]
        g_h = np.zeros_like(h)
        if cfg.head == "cls":
            g_h[:, 0] = g_yv
        else:
            g_h[:] = g_yv[:, None, :] / t
        for layer in reversed(range(cfg.num_layers)):
            diff, w, o, dth, dx, xrows = caches[layer]
            g_mixed = np.pi * g_h if cfg.form == "paddle" else g_h
            g_w = g_mixed @ np.swapaxes(o, -1, -2)
            g_o = (np.swapaxes(w, -1, -2) @ g_mixed).reshape(b * t, d)
            g_a = w * (g_w - np.sum(g_w * w, axis=-1, keepdims=True))
            g_zq = np.sum(-2.0 * g_a * diff, axis=2).reshape(b * t)
            g_zk = np.sum(2.0 * g_a * diff, axis=1).reshape(b * t)
            grads["query"][layer] = dth["query"] @ g_zq
            grads["key"][layer] = dth["key"] @ g_zk
            grads["value"][layer] = np.einsum("pmc,mc->p", dth["value"], g_o)
            g_prev = g_h if cfg.form == "paper" else np.zeros_like(g_h)
            if xrows is not None:
                gx = dx["query"] * g_zq[xrows] + dx["key"] * g_zk[xrows]
                gx += np.einsum("imc,mc->im", dx["value"], g_o[xrows])
                gflat = np.zeros((b * t, d))
                gflat[xrows] = gx.T
                g_prev = g_prev + gflat.reshape(b, t, d)
            g_h = g_prev
        if cfg.head == "cls":
            grads["cls"] = g_h[:, 0].sum(axis=0)
        return logits, loss, grads

    def loss_and_grad(self, params: Params, x: FloatArray, y: IntArray) -> tuple[float, Params]:
        """Mean cross-entropy and its exact gradient."""
        _, loss, grads = self._run(params, x, y)
        return loss, grads


__all__ = ["QSANNGrad", "ansatz_param_count", "qsann_params_to_dict"]
