"""Loss and exact gradient of the Figure-1 encoder (:mod:`reference.pipeline.encoder`) by
hand-written reverse mode (seed 001 §5, issue 15).

Forward (per sample, batched over ``B``; ``N = T + 1`` with the CLS token first)::

    Z0 = [cls; x] (+ PE)
    per layer l:  Q = Z Wq^T, K = Z Wk^T, V = Z Wv^T, A = score(Q, K), P = softmax_j(s A),
                  Z <- P V (+ Z if residual)
    logits = Z[:, 0] Wout^T,  loss = mean_b CE(logits_b, y_b)

Reverse mode: ``G_logits = (softmax(logits) - onehot(y)) / B``; ``G_Wout = G_logits^T y_CLS``;
``G_Z[:, 0] = G_logits Wout``; per layer backwards ``G_P = G_Z V^T``, ``G_V = P^T G_Z``,
``G_A = s P * (G_P - rowsum(G_P * P))`` (softmax Jacobian), ``(G_Q, G_K, G_theta)`` from the
score's vector-Jacobian product, ``G_W* = G_*^T Z``, ``G_Z <- G_Q Wq + G_K Wk + G_V Wv (+ G_Z
if residual)``; finally ``G_cls = sum_b G_Z0[:, 0]``, ``G_pos = sum_b G_Z0``.

Scores with gradients: ``"dot"`` (``G_Q = G_A K``, ``G_K = G_A^T Q``) and the entanglement
scores ``"entropy"``, ``"swap"``, ``"concurrence"`` (angle encodings, parameter shift:
:mod:`reference.pipeline.grad.entanglement`). ``fixed_theta`` evaluates a score at angles that
are not trained (the no-entanglement control, ``theta = 0``).

Parameters are the flat dict of :func:`params_to_dict` (keys ``w_q``, ``w_k``, ``w_v``,
``w_out``, ``cls`` when learned, ``theta`` ``(num_theta, *theta_shape)`` when trained, ``pos``
for a learned positional table).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeAlias

import numpy as np

from reference._types import FloatArray, IntArray
from reference.algorithms.attention import softmax
from reference.mechanisms.entanglement.config import EntanglementConfig
from reference.pipeline.encoder import EncoderConfig, EncoderParams, sinusoidal_positions
from reference.pipeline.grad.entanglement import EntanglementScoreGrad
from reference.pipeline.model_protocol import Params

ENTANGLEMENT_SCORES: tuple[str, ...] = ("entropy", "swap", "concurrence")
GRAD_SCORES: tuple[str, ...] = ("dot", *ENTANGLEMENT_SCORES)
"""Scores whose gradient is implemented here."""


def params_to_dict(p: EncoderParams, config: EncoderConfig, *, train_theta: bool) -> Params:
    """Flat trainable parameter dict of :class:`EncoderParams` (copies)."""
    out: Params = {
        "w_q": np.array(p.w_q),
        "w_k": np.array(p.w_k),
        "w_v": np.array(p.w_v),
        "w_out": np.array(p.w_out),
    }
    if config.learn_cls:
        out["cls"] = np.array(p.cls)
    if train_theta and int(np.prod(config.theta_shape)) > 0:
        out["theta"] = np.stack([np.array(t) for t in p.theta])
    if config.positional_encoding == "learned" and p.pos is not None:
        out["pos"] = np.array(p.pos)
    return out


def dict_to_params(
    params: Params, config: EncoderConfig, *, fixed_theta: FloatArray | None = None
) -> EncoderParams:
    """:class:`EncoderParams` of a flat dict (``fixed_theta`` replaces an untrained ``theta``)."""
    d = config.embed_dim
    if "theta" in params:
        theta = tuple(np.asarray(t) for t in params["theta"])
    else:
        t0 = np.zeros(config.theta_shape) if fixed_theta is None else fixed_theta
        theta = tuple(t0 for _ in range(config.num_theta))
    return EncoderParams(
        w_q=params["w_q"],
        w_k=params["w_k"],
        w_v=params["w_v"],
        w_out=params["w_out"],
        cls=params.get("cls", np.zeros(d)),
        theta=theta,
        pos=params.get("pos"),
    )


def entanglement_config(config: EncoderConfig) -> EntanglementConfig:
    """The score configuration the encoder's registered entanglement scorer uses."""
    return EntanglementConfig(
        encoding=config.encoding,  # type: ignore[arg-type]
        measure=config.score,  # type: ignore[arg-type]
        layers=config.reupload_layers,
        share_theta_across_layers=config.share_theta_across_reuploads,
    )


Pullback: TypeAlias = Callable[[FloatArray], tuple[FloatArray, FloatArray, FloatArray]]


@dataclass(frozen=True, kw_only=True)
class _Cache:
    z: FloatArray
    q: FloatArray
    k: FloatArray
    v: FloatArray
    p: FloatArray
    theta: FloatArray
    pullback: Pullback | None = None


@dataclass(frozen=True, kw_only=True)
class EncoderGrad:
    """Forward pass with caches and reverse mode of the encoder for one :class:`EncoderConfig`.

    Attributes:
        config: the architecture (``config.score`` in :data:`GRAD_SCORES`).
        fixed_theta: score angles used when ``params`` has no ``"theta"`` (not trained); default
            zeros of ``config.theta_shape``.
    """

    config: EncoderConfig
    fixed_theta: FloatArray | None = None

    def __post_init__(self) -> None:
        if self.config.score not in GRAD_SCORES:
            raise ValueError(
                f"score={self.config.score!r} has no gradient here; choose from {GRAD_SCORES}"
            )
        if self.fixed_theta is not None and np.shape(self.fixed_theta) != self.config.theta_shape:
            raise ValueError(
                f"fixed_theta has shape {np.shape(self.fixed_theta)}; "
                f"expected {self.config.theta_shape}"
            )

    @property
    def _score(self) -> EntanglementScoreGrad | None:
        if self.config.score == "dot":
            return None
        return EntanglementScoreGrad(config=entanglement_config(self.config))

    def _theta(self, params: Params, layer: int) -> FloatArray:
        if "theta" not in params:
            return (
                np.zeros(self.config.theta_shape) if self.fixed_theta is None else self.fixed_theta
            )
        th: FloatArray = params["theta"]
        return np.asarray(th[0] if th.shape[0] == 1 else th[layer], dtype=np.float64)

    def embed(self, params: Params, x: FloatArray) -> FloatArray:
        """``Z0 (B, N, d)``."""
        b, t, d = x.shape
        cls = params.get("cls", np.zeros(d))
        z = np.concatenate([np.broadcast_to(cls, (b, 1, d)), x], axis=1)
        if self.config.positional_encoding == "sinusoidal":
            z = z + sinusoidal_positions(t + 1, d)[None]
        elif self.config.positional_encoding == "learned":
            z = z + params["pos"][None, : t + 1]
        return z

    def forward(
        self, params: Params, x: FloatArray, *, keep_pullbacks: bool = False
    ) -> tuple[FloatArray, FloatArray, list[_Cache]]:
        """``(logits (B, C), y_cls (B, d), caches)``; ``keep_pullbacks`` keeps each score's
        pullback (its forward tape) for :meth:`loss_and_grad`."""
        cfg = self.config
        score = self._score
        z = self.embed(params, x)
        caches = []
        for layer in range(cfg.num_layers):
            q = z @ params["w_q"][layer].T
            k = z @ params["w_k"][layer].T
            v = z @ params["w_v"][layer].T
            th = self._theta(params, layer)
            pull = None
            if score is None:
                a = q @ np.swapaxes(k, -1, -2)
            elif keep_pullbacks:
                a, pull = score.scores_and_pullback(q, k, th)
            else:
                a = score.scores(q, k, th)
            p = softmax(cfg.scale * a, axis=-1)
            caches.append(_Cache(z=z, q=q, k=k, v=v, p=p, theta=th, pullback=pull))
            upd = p @ v
            z = z + upd if cfg.residual else upd
        y_cls = z[:, 0]
        return y_cls @ params["w_out"].T, y_cls, caches

    def loss_and_grad(self, params: Params, x: FloatArray, y: IntArray) -> tuple[float, Params]:
        """Mean cross-entropy and its gradient with respect to every key of ``params``."""
        cfg = self.config
        logits, y_cls, caches = self.forward(params, x, keep_pullbacks=True)
        bsz = x.shape[0]
        m = logits.max(axis=1, keepdims=True)
        e = np.exp(logits - m)
        lse = m[:, 0] + np.log(e.sum(axis=1))
        loss = float(np.mean(lse - logits[np.arange(bsz), y]))
        g_logits = e / e.sum(axis=1, keepdims=True)
        g_logits[np.arange(bsz), y] -= 1.0
        g_logits /= bsz
        grads: Params = {key: np.zeros_like(val) for key, val in params.items()}
        grads["w_out"] = g_logits.T @ y_cls
        gz = np.zeros_like(caches[-1].z)
        gz[:, 0] = g_logits @ params["w_out"]
        for layer in reversed(range(cfg.num_layers)):
            c = caches[layer]
            g_p = gz @ np.swapaxes(c.v, -1, -2)
            g_v = np.swapaxes(c.p, -1, -2) @ gz
            g_a = cfg.scale * c.p * (g_p - np.sum(g_p * c.p, axis=-1, keepdims=True))
            if c.pullback is None:
                g_q = g_a @ c.k
                g_k = np.swapaxes(g_a, -1, -2) @ c.q
            else:
                g_q, g_k, g_th = c.pullback(g_a)
                if "theta" in grads:
                    slot = 0 if grads["theta"].shape[0] == 1 else layer
                    grads["theta"][slot] += g_th
            for name, g in (("w_q", g_q), ("w_k", g_k), ("w_v", g_v)):
                grads[name][layer] = np.einsum("bno,bne->oe", g, c.z)
            gz_prev = g_q @ params["w_q"][layer] + g_k @ params["w_k"][layer]
            gz_prev += g_v @ params["w_v"][layer]
            gz = gz_prev + gz if cfg.residual else gz_prev
        if "cls" in grads:
            grads["cls"] = gz[:, 0].sum(axis=0)
        if "pos" in grads:
            grads["pos"][: gz.shape[1]] = gz.sum(axis=0)
        return loss, grads


__all__ = [
    "ENTANGLEMENT_SCORES",
    "GRAD_SCORES",
    "EncoderGrad",
    "dict_to_params",
    "entanglement_config",
    "params_to_dict",
]
