"""QSANN's Gaussian score as a pluggable score of the Figure-1 encoder
(:mod:`reference.pipeline.encoder`): :class:`QSANNScorer` and the factory QSANN registers as
``Mechanism.scorers`` (``"qsann"``). An adapter of this harness, RECONSTRUCTED: the seed
compares QSANN as a separate model (spec §6.1)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from reference._mechanism import ScoreFn
from reference._types import FloatArray
from reference.mechanisms.qsann.model import (
    QSANNConfig,
    _ansatz_states,
    _features,
    ansatz_param_count,
    embedding_states,
    gaussian_logits,
    z0,
)


@dataclass(frozen=True, kw_only=True)
class QSANNScorer:
    """QSANN's Gaussian score as a pluggable score of :mod:`reference.pipeline.encoder` (an adapter
    of this
    harness, RECONSTRUCTED: the seed compares QSANN as a separate model).

    Logits ``-(zq_i - zk_j)^2``: ``zq_i`` is ``<Z_0>`` after the embedding circuit with angles
    ``q_i`` and the query ansatz, ``zk_j`` likewise with the key ansatz; ``softmax`` of these
    logits is the Gaussian projected weight (pass ``logit_scale=1.0`` to the encoder for the exact
    Gaussian form). ``theta[l]`` holds layer ``l``'s query then key ansatz angles.
    """

    config: QSANNConfig
    theta: tuple[FloatArray, ...]

    @staticmethod
    def theta_size(config: QSANNConfig) -> int:
        return ansatz_param_count(config.num_qubits, config.depth_query) + ansatz_param_count(
            config.num_qubits, config.depth_key
        )

    def _readout(self, x: FloatArray, layer: int, role: str) -> FloatArray:
        cfg = self.config
        if not 0 <= layer < len(self.theta):
            raise ValueError(f"layer_index={layer} out of range for {len(self.theta)} layers")
        th = np.asarray(self.theta[layer], dtype=np.float64)
        if th.shape != (self.theta_size(cfg),):
            raise ValueError(
                f"theta[{layer}] has shape {th.shape}; expected ({self.theta_size(cfg)},)"
            )
        nq = ansatz_param_count(cfg.num_qubits, cfg.depth_query)
        emb = embedding_states(x, cfg)
        if role == "query":
            st = _ansatz_states(emb, th[:nq], cfg.num_qubits, cfg.depth_query, "query")
        else:
            st = _ansatz_states(emb, th[nq:], cfg.num_qubits, cfg.depth_key, "key")
        return z0(st, cfg.num_qubits)

    def __call__(self, q: FloatArray, k: FloatArray, layer_index: int) -> FloatArray:
        """``q: (N, d)``, ``k: (M, d)`` -> ``(N, M)`` logits."""
        d = self.config.num_features
        qa, ka = _features(q, d, "q"), _features(k, d, "k")
        if qa.ndim != 2 or ka.ndim != 2:
            raise ValueError(f"q, k have shapes {qa.shape}, {ka.shape}; expected 2-d")
        return gaussian_logits(
            self._readout(qa, layer_index, "query"), self._readout(ka, layer_index, "key")
        )

    def batched(self, q: FloatArray, k: FloatArray, layer_index: int) -> FloatArray:
        """``q: (B, N, d)``, ``k: (B, M, d)`` -> ``(B, N, M)``; one simulation for all tokens."""
        b, n, d = q.shape
        m = k.shape[1]
        zq = self._readout(q.reshape(b * n, d), layer_index, "query").reshape(b, n)
        zk = self._readout(k.reshape(b * m, d), layer_index, "key").reshape(b, m)
        return gaussian_logits(zq, zk)


@dataclass(frozen=True)
class QSANNScoreFactory:
    """How QSANN offers ``score="qsann"`` to the encoder (``Mechanism.scorers``):
    ``factory(encoder_config, encoder_params)`` binds :class:`QSANNScorer` to the encoder's
    ``qsann`` circuit configuration and each attention layer's ``theta``; hooks ``theta_shape``
    (query then key ansatz angles), ``theta_range`` (Paddle's ``U(0, 2 pi)``) and ``check``
    (``qsann.num_features`` must equal ``embed_dim``)."""

    theta_range: tuple[float, float] = (0.0, 2 * math.pi)

    def check(self, config: Any) -> None:
        if config.qsann.num_features != config.embed_dim:
            raise ValueError(
                f"qsann.num_features={config.qsann.num_features} must equal "
                f"embed_dim={config.embed_dim} for score='qsann'"
            )

    def theta_shape(self, config: Any) -> tuple[int, ...]:
        return (QSANNScorer.theta_size(config.qsann),)

    def __call__(self, config: Any, params: Any) -> ScoreFn:
        th = tuple(params.layer_theta(i) for i in range(config.num_layers))
        return QSANNScorer(config=config.qsann, theta=th)


__all__ = ["QSANNScoreFactory", "QSANNScorer"]
