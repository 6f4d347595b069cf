"""Circuits of entanglement-based attention (seed 001, spec §2-§4.2).

The symbolic pair circuit (feature maps ``S001-A01``, ``A04``, ``A13`` .. ``A15``; CRX wall
``S001-A02``, ``A03``), its bindings for batched simulation, and the query-key SWAP test
(``S001-A18``)."""

from __future__ import annotations

import itertools
import math

import numpy as np
import numpy.typing as npt

from reference._types import FloatArray
from reference.circuit import Circuit, CircuitBuilder, Param
from reference.estimators.swap_test import swap_test_circuit
from reference.mechanisms.entanglement.config import (
    ANGLE_GATES,
    EntanglementConfig,
    feature_index,
    resolve_config,
    validate_features,
    validate_theta,
)


def _sym_theta(cfg: EntanglementConfig, layer: int, m: int) -> str:
    return f"theta_{m}" if cfg.share_theta_across_layers else f"theta_{layer}_{m}"


def _encode_register(
    b: CircuitBuilder,
    cfg: EntanglementConfig,
    qubits: tuple[int, ...],
    prefix: str,
    d: int,
) -> None:
    """Append one layer of the feature map on ``qubits``, angles as symbols ``{prefix}_{i}``."""
    s = cfg.feature_scale
    if cfg.encoding in ANGLE_GATES:
        idx = feature_index(cfg, d)
        gates = ANGLE_GATES[cfg.encoding]
        for m, q in enumerate(qubits):
            for j, g in enumerate(gates):
                b.add(g, q, (s * Param(f"{prefix}_{int(idx[m, j])}"),))
        return
    for q in qubits:
        b.h(q)
    zfac = 2.0 * s if cfg.phi2 == "havlicek" else s
    for i, q in enumerate(qubits):
        b.rz(q, zfac * Param(f"{prefix}_{i}"))
    if cfg.iqp_entanglers == "within_register":
        for i, j in itertools.combinations(range(len(qubits)), 2):
            b.rzz(qubits[i], qubits[j], Param(f"{prefix}{prefix}_{i}_{j}"))


def _crx_wall(
    b: CircuitBuilder, cfg: EntanglementConfig, n_r: int, layer: int, offset: int
) -> None:
    qa, qb = cfg.registers(n_r)
    for m in range(n_r):
        c, t = (qa[m], qb[m]) if cfg.crx_direction == "query_to_key" else (qb[m], qa[m])
        b.crx(c + offset, t + offset, Param(_sym_theta(cfg, layer, m)))


def _shift(qs: tuple[int, ...], offset: int) -> tuple[int, ...]:
    return tuple(q + offset for q in qs)


def pair_template(cfg: EntanglementConfig, d: int, *, pqc: bool = True, offset: int = 0) -> Circuit:
    """The pair circuit with every angle symbolic (``q_i``, ``k_i``, ``theta_m``, IQP ``qq_i_j``).

    ``offset`` shifts every qubit (the SWAP-test circuit puts its ancilla at qubit 0); ``pqc=False``
    drops the CRX gates (the encoding-only states of the SWAP test, ``S001-A18``). Bind it with
    :func:`pair_bindings`.
    """
    n_r = cfg.register_qubits(d)
    qa, qb = cfg.registers(n_r)
    n = 2 * n_r + offset
    b = Circuit.build(n, name=f"entanglement-pair-{cfg.encoding}")
    for layer in range(cfg.layers):
        _encode_register(b, cfg, _shift(qa, offset), "q", d)
        _encode_register(b, cfg, _shift(qb, offset), "k", d)
        if pqc:
            _crx_wall(b, cfg, n_r, layer, offset)
    return b.done()


def _iqp_products(x: FloatArray, cfg: EntanglementConfig) -> dict[tuple[int, int], FloatArray]:
    """RZZ angles of the IQP map for features ``x`` of shape ``(..., d)`` (``S001-A04``)."""
    d = x.shape[-1]
    s = cfg.feature_scale
    out: dict[tuple[int, int], FloatArray] = {}
    for i, j in itertools.combinations(range(d), 2):
        xi, xj = s * x[..., i], s * x[..., j]
        if cfg.phi2 == "havlicek":
            out[(i, j)] = 2.0 * (math.pi - xi) * (math.pi - xj)
        else:
            out[(i, j)] = xi * xj
    return out


def pair_bindings(
    q: FloatArray, k: FloatArray, theta: FloatArray | None, cfg: EntanglementConfig
) -> dict[str, FloatArray]:
    """Symbol values of :func:`pair_template` for features ``q, k`` of shape ``(B, d)``.

    Returns ``symbol -> (B,)`` arrays (theta values broadcast to ``(B,)``).
    """
    bsz, d = q.shape
    vals: dict[str, FloatArray] = {}
    for prefix, x in (("q", q), ("k", k)):
        for i in range(d):
            vals[f"{prefix}_{i}"] = np.ascontiguousarray(x[:, i])
        if cfg.encoding == "iqp" and cfg.iqp_entanglers == "within_register":
            for (i, j), v in _iqp_products(x, cfg).items():
                vals[f"{prefix}{prefix}_{i}_{j}"] = v
    if theta is not None:
        n_r = cfg.register_qubits(d)
        for layer in range(1 if cfg.share_theta_across_layers else cfg.layers):
            for m in range(n_r):
                v = theta[m] if cfg.share_theta_across_layers else theta[layer, m]
                vals[_sym_theta(cfg, layer, m)] = np.full(bsz, float(v))
    return vals


def _scalar_bindings(vals: dict[str, FloatArray]) -> dict[str, float]:
    return {key: float(v[0]) for key, v in vals.items()}


def pair_circuit(
    q: npt.ArrayLike,
    k: npt.ArrayLike,
    theta: npt.ArrayLike | None,
    *,
    config: EntanglementConfig | None = None,
) -> Circuit:
    """The pair circuit ``|Psi(q, k)>`` on ``2 n_r`` qubits (spec §3).

    Args:
        q: query features ``(d,)`` (register ``A``, ``S001-A13``).
        k: key features ``(d,)`` (register ``B``).
        theta: CRX angles ``(n_r,)`` (or ``(layers, n_r)`` without sharing, ``S001-A03``);
            ``None`` keeps them symbolic (``theta_0, ...``) for export.
        config: the :class:`EntanglementConfig` (default: ``EntanglementConfig()``).

    >>> cfg = EntanglementConfig(encoding="dense", layers=2)
    >>> c = pair_circuit([0.1, 0.2], [0.3, 0.4], [0.5], config=cfg)
    >>> c.num_qubits, c.count_ops()
    (2, {'rx': 4, 'ry': 4, 'crx': 2})
    >>> pair_circuit([0.1, 0.2], [0.3, 0.4], None, config=cfg).parameters
    ('theta_0',)
    """
    cfg = resolve_config(config)
    qa, ka = validate_features(q, k, names=("q", "k"), ndim=1)
    d = qa.shape[0]
    n_r = cfg.register_qubits(d)
    th = None if theta is None else validate_theta(theta, cfg, n_r)
    vals = _scalar_bindings(pair_bindings(qa[None], ka[None], th, cfg))
    return pair_template(cfg, d).bind(vals)


def pair_swap_test_circuit(
    q: npt.ArrayLike,
    k: npt.ArrayLike,
    theta: npt.ArrayLike | None = None,
    *,
    config: EntanglementConfig | None = None,
) -> Circuit:
    """SWAP test of the query and key states (spec §4.2), ancilla = qubit 0, measured.

    Registers ``A`` and ``B`` are qubits ``1..2 n_r`` (layout ``S001-A13`` shifted by one). With
    ``swap_states="encoding_only"`` (``S001-A18``, default) they hold ``U(q)|0>`` and ``U(k)|0>``
    (the pair circuit without its CRX gates; ``theta`` is then not used); with ``"pair_state"``
    they hold ``|Psi(q, k)>``. The test itself is
    :func:`reference.estimators.swap_test.swap_test_circuit`.

    >>> c = pair_swap_test_circuit([0.1, 0.2], [0.3, 0.4], config=EntanglementConfig(layers=1))
    >>> c.num_qubits, c.measured_qubits
    (3, (0,))
    """
    cfg = resolve_config(config)
    qa, ka = validate_features(q, k, names=("q", "k"), ndim=1)
    d = qa.shape[0]
    n_r = cfg.register_qubits(d)
    pqc = cfg.swap_states == "pair_state"
    th = None if (theta is None or not pqc) else validate_theta(theta, cfg, n_r)
    vals = _scalar_bindings(pair_bindings(qa[None], ka[None], th, cfg))
    return swap_template(cfg, d).bind(vals, strict=False)


def swap_template(cfg: EntanglementConfig, d: int) -> Circuit:
    """The symbolic SWAP-test circuit of :func:`pair_swap_test_circuit` (bind with
    :func:`pair_bindings`)."""
    n_r = cfg.register_qubits(d)
    pqc = cfg.swap_states == "pair_state"
    qa, qb = cfg.registers(n_r)
    return swap_test_circuit(
        2 * n_r,
        qa,
        qb,
        prep=pair_template(cfg, d, pqc=pqc),
        name=f"entanglement-swap-test-{cfg.encoding}",
    )


__all__ = [
    "pair_bindings",
    "pair_circuit",
    "pair_swap_test_circuit",
    "pair_template",
    "swap_template",
]
