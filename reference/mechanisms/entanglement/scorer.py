"""The entanglement scores as pluggable score functions of the Figure-1 encoder (seed 001, §4-§5).

:class:`EntanglementScorer` adapts :func:`reference.mechanisms.entanglement.scores` to the
encoder's ``score(Q, K, layer_index) -> (n, m)`` contract; :data:`SCORERS` is what the mechanism
registers (``Mechanism.scorers``), so the encoder finds ``"entropy"``, ``"swap"``,
``"concurrence"`` and ``"renyi2"`` in the registry (``EncoderConfig(score="renyi2")``).

``"renyi2"`` is the **hardware score** (issue 14; claim ``H-EST-07``): ``A2[i, j] = S_2(rho_A) =
-ln Tr rho_A^2`` of the same pair states as ``"entropy"`` (``A[i, j] = S_vN(rho_A)``, seed §4).
The von Neumann entropy is not estimable from the counts of any finite-copy measurement; ``S_2``
is (``python -m qasm plan entanglement-pair-... --quantity renyi2``: two-copy, Bell-basis or
shadow programs with an interval and a shot budget). ``S_vN >= S_2`` (Renyi entropies decrease in
their order), with equality iff ``rho_A`` is flat on its support (product or maximally entangled
pairs), so ``0 <= A2 <= A`` elementwise: the logits shrink where the entanglement is partial, the
softmax weights flatten toward uniform there, and the ranking of keys within a row can change
(``S_2`` and ``S_vN`` are different functions of the Schmidt spectrum): a model trained on
``"entropy"`` and run on hardware with ``"renyi2"`` sees different weights
(:func:`reference.estimators.scores.weight_change` measures the row-wise total variation). Angle
encodings use the pair-product structure (``Tr rho_{A_r}^2 = 1 - 2 |det V_r|^2`` per 2-qubit
block, ``S_2 = -sum_r ln Tr rho_{A_r}^2``); other encodings the general simulation
(:func:`reference.estimators.scores.renyi2_scores`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from reference import _validate as val
from reference._mechanism import ScoreFn, ScorerFactory
from reference._types import FloatArray
from reference.mechanisms.entanglement.config import EntanglementConfig, validate_inputs


@dataclass(frozen=True, kw_only=True)
class EntanglementScorer:
    """Quantum scores of seed §4 via :func:`reference.mechanisms.entanglement.scores`.

    ``theta[l]`` is attention layer ``l``'s PQC angles (``S001-A16``); one entry = shared.
    """

    theta: tuple[FloatArray, ...]
    measure: str = "entropy"
    """``"entropy"``, ``"swap"``, ``"concurrence"`` (:class:`EntanglementConfig` measures) or
    ``"renyi2"`` (:data:`RENYI2`, the hardware-estimable lower bound of ``"entropy"``)."""
    encoding: str = "super_dense"
    layers: int = 4
    share_theta_across_layers: bool = True

    @property
    def config(self) -> EntanglementConfig:
        """The :class:`EntanglementConfig` these fields describe (validated)."""
        measure = "entropy" if self.measure == RENYI2 else self.measure  # same pair states
        return EntanglementConfig(
            encoding=self.encoding,  # type: ignore[arg-type]
            measure=measure,  # type: ignore[arg-type]
            layers=self.layers,
            share_theta_across_layers=self.share_theta_across_layers,
        )

    def _theta(self, layer_index: int) -> FloatArray:
        if len(self.theta) != 1 and not 0 <= layer_index < len(self.theta):
            raise ValueError(f"layer_index={layer_index} out of range for {len(self.theta)} thetas")
        return self.theta[0] if len(self.theta) == 1 else self.theta[layer_index]

    def __call__(self, q: FloatArray, k: FloatArray, layer_index: int) -> FloatArray:
        th = self._theta(layer_index)
        cfg = self.config
        if self.measure == RENYI2:
            if cfg.is_angle_encoding:
                return renyi2_fast(*validate_inputs(q, k, th, cfg), cfg)
            from reference.estimators.scores import renyi2_scores  # (imports the package)

            return renyi2_scores(q, k, th, config=cfg)
        from reference.mechanisms.entanglement import scores  # the package imports this module

        return np.asarray(scores(q, k, th, config=cfg), dtype=np.float64)

    def batched(self, q: FloatArray, k: FloatArray, layer_index: int) -> FloatArray:
        """Scores of a batch of samples in one call: ``q (B, n, d)``, ``k (B, m, d)`` ->
        ``(B, n, m)``, sample ``b`` scoring only its own queries against its own keys.

        Angle encodings go through the fast path's pair computation over all ``B n m`` pairs at
        once (:func:`~reference.mechanisms.entanglement.fast.fast_scores` takes leading batch
        axes); other encodings loop over the samples with :meth:`__call__` (the general path).
        Equal to ``np.stack([self(q[b], k[b], layer_index) for b in range(B)])`` (test in
        ``tests/test_encoder.py``).
        """
        th = self._theta(layer_index)
        qa = val.real_array("q", q, ndim=3, shape_text="(B, n, d)")
        ka = val.real_array("k", k, ndim=3, shape_text="(B, m, d)")
        if qa.shape[0] != ka.shape[0] or qa.shape[2] != ka.shape[2]:
            raise ValueError(f"q has shape {qa.shape} but k has shape {ka.shape}: (B, ., d) differ")
        cfg = self.config
        b, n, d = qa.shape
        m = ka.shape[1]
        if not cfg.is_angle_encoding or b * n * m == 0:
            return np.stack([self(qa[i], ka[i], layer_index) for i in range(b)]).reshape(b, n, m)
        from reference.mechanisms.entanglement.fast import fast_scores  # (imports this module)

        q2, k2, t = validate_inputs(qa.reshape(b * n, d), ka.reshape(b * m, d), th, cfg)
        fn = renyi2_fast if self.measure == RENYI2 else fast_scores
        out = fn(q2.reshape(b, n, d), k2.reshape(b, m, d), t, cfg)
        return np.asarray(out, dtype=np.float64)


RENYI2 = "renyi2"
"""The hardware score's name: ``S_2(rho_A) = -ln Tr rho_A^2`` (nats)."""


def renyi2_fast(
    Qa: FloatArray, Ka: FloatArray, th: FloatArray | None, cfg: EntanglementConfig
) -> FloatArray:
    """``S_2`` of register A of every pair state of an angle encoding, ``(..., n, m)``, on inputs
    checked by :func:`validate_inputs`: ``-sum_r ln(1 - 2 |det V_r|^2)`` over the 2-qubit blocks
    (each block's purity is ``1 - 2 |det V_r|^2`` in ``[1/2, 1]``, ``S001-P15``)."""
    from reference.mechanisms.entanglement.fast import _det_sq  # (imports this module)

    if th is None:
        raise ValueError("theta=None: measure='renyi2' needs CRX angles")
    c2 = np.clip(_det_sq(Qa, Ka, th, cfg), 0.0, 0.25)
    return np.asarray(-np.sum(np.log1p(-2.0 * c2), axis=-3), dtype=np.float64)


FEATURES_PER_QUBIT: dict[str, int] = {"super_dense": 4, "dense": 2, "iqp": 1}
"""Encoding -> features per qubit (seed §2): ``n_r = d / features_per_qubit`` CRX angles."""


@dataclass(frozen=True, kw_only=True)
class EntanglementScoreFactory:
    """``factory(encoder_config, encoder_params)`` for the score named ``measure``, with the
    encoder's optional hooks (:class:`reference.pipeline.encoder.ScoreHooks`): reads
    ``config.encoding``, ``config.embed_dim``, ``config.reupload_layers``,
    ``config.share_theta_across_reuploads`` and ``params.theta`` of the encoder."""

    measure: str

    def check(self, config: Any) -> None:
        """The embedding dimension must fill whole qubits of the encoding."""
        enc = val.choice("encoding", config.encoding, tuple(FEATURES_PER_QUBIT))
        fpq = FEATURES_PER_QUBIT[enc]
        if config.embed_dim % fpq:
            raise ValueError(
                f"embed_dim={config.embed_dim} must be a multiple of {fpq} for "
                f"encoding={config.encoding!r}"
            )

    def theta_shape(self, config: Any) -> tuple[int, ...]:
        """``(n_r,)`` CRX angles per attention layer, or ``(L, n_r)`` when not shared across the
        ``L`` re-uploading layers (``S001-A16``)."""
        n_r = config.embed_dim // FEATURES_PER_QUBIT[config.encoding]
        return (n_r,) if config.share_theta_across_reuploads else (config.reupload_layers, n_r)

    def __call__(self, config: Any, params: Any) -> ScoreFn:
        return EntanglementScorer(
            theta=params.theta,
            measure=self.measure,
            encoding=config.encoding,
            layers=config.reupload_layers,
            share_theta_across_layers=config.share_theta_across_reuploads,
        )


def scorer_factory(measure: str) -> ScorerFactory:
    """The registered factory of the score named ``measure``."""
    return EntanglementScoreFactory(measure=measure)


SCORERS: tuple[tuple[str, ScorerFactory], ...] = tuple(
    (m, scorer_factory(m)) for m in ("entropy", "swap", "concurrence", RENYI2)
)
"""``(score name, factory)`` pairs registered on the entanglement mechanism."""

__all__ = [
    "FEATURES_PER_QUBIT",
    "RENYI2",
    "SCORERS",
    "EntanglementScoreFactory",
    "EntanglementScorer",
    "renyi2_fast",
    "scorer_factory",
]
