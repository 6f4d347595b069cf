"""The entanglement scores as pluggable score functions of the Figure-1 encoder (seed 001, §4-§5).

:class:`EntanglementScorer` adapts :func:`reference.mechanisms.entanglement.scores` to the
encoder's ``score(Q, K, layer_index) -> (n, m)`` contract; :data:`SCORERS` is what the mechanism
registers (``Mechanism.scorers``), so the encoder finds ``"entropy"``, ``"swap"`` and
``"concurrence"`` in the registry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from reference import _validate as val
from reference._mechanism import ScoreFn, ScorerFactory
from reference._types import FloatArray
from reference.mechanisms.entanglement.config import EntanglementConfig


@dataclass(frozen=True, kw_only=True)
class EntanglementScorer:
    """Quantum scores of seed §4 via :func:`reference.mechanisms.entanglement.scores`.

    ``theta[l]`` is attention layer ``l``'s PQC angles (``S001-A16``); one entry = shared.
    """

    theta: tuple[FloatArray, ...]
    measure: str = "entropy"
    encoding: str = "super_dense"
    layers: int = 4
    share_theta_across_layers: bool = True

    @property
    def config(self) -> EntanglementConfig:
        """The :class:`EntanglementConfig` these fields describe (validated)."""
        return EntanglementConfig(
            encoding=self.encoding,  # type: ignore[arg-type]
            measure=self.measure,  # type: ignore[arg-type]
            layers=self.layers,
            share_theta_across_layers=self.share_theta_across_layers,
        )

    def __call__(self, q: FloatArray, k: FloatArray, layer_index: int) -> FloatArray:
        if len(self.theta) != 1 and not 0 <= layer_index < len(self.theta):
            raise ValueError(f"layer_index={layer_index} out of range for {len(self.theta)} thetas")
        th = self.theta[0] if len(self.theta) == 1 else self.theta[layer_index]
        from reference.mechanisms.entanglement import scores  # the package imports this module

        return np.asarray(scores(q, k, th, config=self.config), dtype=np.float64)


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
    (m, scorer_factory(m)) for m in ("entropy", "swap", "concurrence")
)
"""``(score name, factory)`` pairs registered on the entanglement mechanism."""

__all__ = [
    "FEATURES_PER_QUBIT",
    "SCORERS",
    "EntanglementScoreFactory",
    "EntanglementScorer",
    "scorer_factory",
]
