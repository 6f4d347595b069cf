"""Shared case generators of the seed-001 evidence and the reference implementations passed
to the laws of :mod:`properties.entanglement.laws`."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from proofs.ledger import JSON
from reference.estimators import swap_test
from reference.mechanisms import entanglement as ent

_DIMS = {"super_dense": (4, 8), "dense": (2, 4, 6), "iqp": (2, 3)}


def _random_config(
    rng: np.random.Generator,
    encodings: Sequence[str] = ("super_dense", "dense", "iqp"),
    **fixed: Any,
) -> tuple[ent.EntanglementConfig, int]:
    enc = str(rng.choice(list(encodings)))
    opts: dict[str, Any] = {
        "encoding": enc,
        "layers": int(rng.integers(1, 5)),
        "crx_direction": str(rng.choice(["query_to_key", "key_to_query"])),
        "share_theta_across_layers": bool(rng.integers(0, 2)),
        "feature_layout": str(rng.choice(["contiguous", "strided"])),
        "register_layout": str(rng.choice(["query_first", "key_first"])),
        "phi2": str(rng.choice(["product", "havlicek"])),
    }
    opts.update(fixed)
    d = int(rng.choice(_DIMS[str(opts["encoding"])]))
    return ent.EntanglementConfig(**opts), d


def _random_inputs(
    rng: np.random.Generator, cfg: ent.EntanglementConfig, d: int, n: int = 3, m: int = 4
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    q = rng.uniform(-math.pi, math.pi, (n, d))
    k = rng.uniform(-math.pi, math.pi, (m, d))
    theta = rng.uniform(-2 * math.pi, 2 * math.pi, cfg.theta_shape(cfg.register_qubits(d)))
    return q, k, theta


def _case(cfg: ent.EntanglementConfig, d: int, **extra: JSON) -> dict[str, JSON]:
    out: dict[str, JSON] = {
        "encoding": cfg.encoding,
        "d": d,
        "layers": cfg.layers,
        "crx_direction": cfg.crx_direction,
        "share_theta": cfg.share_theta_across_layers,
        "layout": cfg.feature_layout,
        "registers": cfg.register_layout,
    }
    out.update(extra)
    return out


def _general(q: Any, k: Any, theta: Any, *, config: ent.EntanglementConfig) -> np.ndarray:
    return ent.scores(q, k, theta, config=config, path="general")


def _auto(q: Any, k: Any, theta: Any, *, config: ent.EntanglementConfig) -> np.ndarray:
    return ent.scores(q, k, theta, config=config)


def _fast(q: Any, k: Any, theta: Any, *, config: ent.EntanglementConfig) -> np.ndarray:
    return ent.scores(q, k, theta, config=config, path="fast")


_states = ent.pair_states_general
"""The pair-state implementation the state laws check."""

_CSWAP = (swap_test.cswap_probabilities, swap_test.cswap_probabilities_purity)
_FORMS = (swap_test.cswap_probabilities, swap_test.concurrence_from_p0)
_PAIR_CONC = (_states, swap_test.concurrence_purity, swap_test.concurrence_from_p0)
