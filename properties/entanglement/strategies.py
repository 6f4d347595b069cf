"""Hypothesis strategies for the entanglement-attention laws (``S001-*``)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from hypothesis import strategies as st

from reference.mechanisms import entanglement as ent

ANGLE = st.floats(-2 * math.pi, 2 * math.pi, allow_nan=False, allow_infinity=False)

_DIMS = {"super_dense": (4, 8), "dense": (2, 4, 6), "iqp": (1, 2, 3)}


@dataclass(frozen=True)
class PairCase:
    """A configuration with queries ``Q (n, d)``, keys ``K (m, d)`` and CRX angles ``theta``."""

    cfg: ent.EntanglementConfig
    Q: np.ndarray
    K: np.ndarray
    theta: np.ndarray

    @property
    def d(self) -> int:
        return int(self.Q.shape[1])


@st.composite
def configs(
    draw: st.DrawFn, /, encodings: tuple[str, ...] = ("super_dense", "dense", "iqp"), **fixed: Any
) -> ent.EntanglementConfig:
    """Random :class:`EntanglementConfig` over every option that changes the circuit."""
    opts: dict[str, Any] = {
        "encoding": draw(st.sampled_from(encodings)),
        "layers": draw(st.integers(1, 3)),
        "crx_direction": draw(st.sampled_from(["query_to_key", "key_to_query"])),
        "share_theta_across_layers": draw(st.booleans()),
        "feature_layout": draw(st.sampled_from(["contiguous", "strided"])),
        "register_layout": draw(st.sampled_from(["query_first", "key_first"])),
        "phi2": draw(st.sampled_from(["product", "havlicek"])),
    }
    opts.update(fixed)
    return ent.EntanglementConfig(**opts)


@st.composite
def pair_cases(
    draw: st.DrawFn,
    /,
    encodings: tuple[str, ...] = ("super_dense", "dense", "iqp"),
    max_tokens: int = 4,
    **fixed: Any,
) -> PairCase:
    """A :class:`PairCase` with ``1..max_tokens`` queries and keys (distinct counts allowed)."""
    cfg = draw(configs(encodings, **fixed))
    d = draw(st.sampled_from(_DIMS[cfg.encoding]))
    n = draw(st.integers(1, max_tokens))
    m = draw(st.integers(1, max_tokens))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    # angles from a seeded Generator (not Hypothesis fill values): a case whose angles all repeat
    # one value (often 0) scores all zero and checks nothing
    q = rng.uniform(-2 * math.pi, 2 * math.pi, (n, d))
    k = rng.uniform(-2 * math.pi, 2 * math.pi, (m, d))
    th = rng.uniform(-2 * math.pi, 2 * math.pi, cfg.theta_shape(cfg.register_qubits(d)))
    return PairCase(cfg, q, k, th)


@st.composite
def pure_states(draw: st.DrawFn, min_qubits: int = 1, max_qubits: int = 4) -> np.ndarray:
    """A batch ``(B, 2**n)`` of normalised random states: complex Gaussian amplitudes from a
    seeded Generator (entangled almost surely), one case in eight a product state."""
    n = draw(st.integers(min_qubits, max_qubits))
    b = draw(st.integers(1, 3))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    psi = rng.normal(size=(b, 1 << n)) + 1j * rng.normal(size=(b, 1 << n))
    if draw(st.integers(0, 7)) == 0:  # edge case: a product state (first qubit factorised)
        half = psi[:, : 1 << (n - 1)]
        psi = np.concatenate([half, (0.6 - 0.8j) * half], axis=1)
    norms = np.linalg.norm(psi, axis=1, keepdims=True)
    psi = np.where(norms > 1e-3, psi, 0.0)
    psi[:, 0] = np.where(norms[:, 0] > 1e-3, psi[:, 0], 1.0)
    return np.asarray(psi / np.linalg.norm(psi, axis=1, keepdims=True))
