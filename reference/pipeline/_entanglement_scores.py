"""TEMPORARY: the entanglement scores of the Figure-1 encoder (``"entropy"``, ``"swap"``,
``"concurrence"``), used by :func:`reference.pipeline.encoder.make_scorer` only while
:mod:`reference.mechanisms.entanglement` does not offer them as ``Mechanism.scorers``.

Removed when the entanglement package registers its scorers (with the same hooks:
``theta_shape``, ``check``; see :class:`reference.pipeline.encoder.ScoreHooks`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from reference import _validate as val
from reference._mechanism import ScoreFn
from reference._types import FloatArray

QUANTUM_MEASURES: dict[str, str] = {
    "entropy": "entropy",
    "swap": "swap",
    "concurrence": "concurrence",
}
"""Score name -> ``measure=`` of :func:`reference.mechanisms.entanglement.scores`."""

FEATURES_PER_QUBIT: dict[str, int] = {"super_dense": 4, "dense": 2, "iqp": 1}
"""Encoding -> features per qubit (seed §2): ``n_r = d / features_per_qubit`` CRX angles."""


@dataclass(frozen=True, kw_only=True)
class EntanglementScorer:
    """Quantum scores of seed §4 via :func:`reference.mechanisms.entanglement.scores` (imported on
    first use).

    ``theta[l]`` is attention layer ``l``'s PQC angles (``S001-A16``); one entry = shared.
    """

    theta: tuple[FloatArray, ...]
    measure: str = "entropy"
    encoding: str = "super_dense"
    layers: int = 4
    share_theta_across_layers: bool = True

    def __call__(self, q: FloatArray, k: FloatArray, layer_index: int) -> FloatArray:
        if len(self.theta) != 1 and not 0 <= layer_index < len(self.theta):
            raise ValueError(f"layer_index={layer_index} out of range for {len(self.theta)} thetas")
        th = self.theta[0] if len(self.theta) == 1 else self.theta[layer_index]
        ent = importlib.import_module("reference.mechanisms.entanglement")
        fn: Callable[..., FloatArray] = ent.scores
        return np.asarray(
            fn(
                q,
                k,
                th,
                encoding=self.encoding,
                measure=self.measure,
                layers=self.layers,
                share_theta_across_layers=self.share_theta_across_layers,
            ),
            dtype=np.float64,
        )


@dataclass(frozen=True, kw_only=True)
class EntanglementScoreFactory:
    """``factory(config, params)`` of the entanglement scores, with the :class:`ScoreHooks`."""

    measure: str

    def check(self, config: Any) -> None:
        fpq = FEATURES_PER_QUBIT[val.choice("encoding", config.encoding, tuple(FEATURES_PER_QUBIT))]
        if config.embed_dim % fpq:
            raise ValueError(
                f"embed_dim={config.embed_dim} must be a multiple of {fpq} for "
                f"encoding={config.encoding!r}"
            )

    def theta_shape(self, config: Any) -> tuple[int, ...]:
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


__all__ = [
    "FEATURES_PER_QUBIT",
    "QUANTUM_MEASURES",
    "EntanglementScoreFactory",
    "EntanglementScorer",
]
