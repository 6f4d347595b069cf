"""General path of entanglement-based attention: batched simulation of every pair circuit
(any encoding; spec §3-§4, ``S001-P01`` .. ``S001-P04``, ``S001-A17``), and the entropy of a
(possibly mixed) pair density matrix."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal, TypeAlias, get_args

import numpy as np
import numpy.typing as npt

from reference import quantum_info as qi
from reference import simulate as sim
from reference._types import ComplexArray, FloatArray
from reference._validate import choice, integer
from reference.estimators.swap_test import concurrence_purity, swap_test_p1
from reference.mechanisms.entanglement.circuits import pair_bindings, pair_template, swap_template
from reference.mechanisms.entanglement.config import (
    DEFAULT_CHUNK_BYTES,
    MAX_PAIR_QUBITS,
    EntanglementConfig,
    resolve_config,
    validate_features,
    validate_inputs,
    validate_theta,
)
from reference.mechanisms.entanglement.matrix_form import matrix_form_applies, matrix_scores

GeneralMethod: TypeAlias = Literal["auto", "matrix", "gates"]
"""How the general path computes: ``"matrix"`` (:mod:`.matrix_form`, register unitaries once per
token, BLAS-3 per pair), ``"gates"`` (gate-by-gate batched simulation of the pair circuit) or
``"auto"`` (the matrix form whenever :func:`.matrix_form.matrix_form_applies`)."""


def _pair_grid(Qa: FloatArray, Ka: FloatArray, lo: int, hi: int) -> tuple[FloatArray, FloatArray]:
    m = Ka.shape[0]
    flat = np.arange(lo, hi)
    return Qa[flat // m], Ka[flat % m]


def _chunks(total: int, per_item_bytes: int, chunk_bytes: int) -> Iterator[tuple[int, int]]:
    step = max(1, chunk_bytes // max(1, per_item_bytes))
    for lo in range(0, total, step):
        yield lo, min(total, lo + step)


def pair_states_general(
    Q: npt.ArrayLike,
    K: npt.ArrayLike,
    theta: npt.ArrayLike,
    *,
    config: EntanglementConfig | None = None,
) -> ComplexArray:
    """Statevectors ``(n * m, 4**n_r)`` of every pair circuit (row ``i * m + j`` is ``(Q_i, K_j)``),
    from one batched simulation of the symbolic :func:`pair_template`."""
    cfg = resolve_config(config)
    Qa, Ka = validate_features(Q, K)
    n_r = _check_size(cfg, Qa.shape[1])
    th = validate_theta(theta, cfg, n_r)
    tmpl = pair_template(cfg, Qa.shape[1])
    qs, ks = _pair_grid(Qa, Ka, 0, Qa.shape[0] * Ka.shape[0])
    return sim.statevector(tmpl, bindings=pair_bindings(qs, ks, th, cfg))


def _check_size(cfg: EntanglementConfig, d: int) -> int:
    n_r = cfg.register_qubits(d)
    if 2 * n_r > MAX_PAIR_QUBITS:
        hint = " (path='fast' needs 2-qubit blocks only)" if cfg.is_angle_encoding else ""
        raise ValueError(
            f"d={d} gives a {2 * n_r}-qubit pair state; the general path simulates at most "
            f"{MAX_PAIR_QUBITS}{hint}"
        )
    return n_r


def scores_general(
    Q: npt.ArrayLike,
    K: npt.ArrayLike,
    theta: npt.ArrayLike | None,
    *,
    config: EntanglementConfig | None = None,
    chunk_bytes: int = DEFAULT_CHUNK_BYTES,
    method: GeneralMethod = "auto",
) -> FloatArray:
    """Attention scores ``(n, m)`` by simulating every pair circuit (any encoding).

    ``method="matrix"`` (the default through ``"auto"``) evolves each pair as a ``D x D`` matrix
    (:mod:`.matrix_form`); ``method="gates"`` is the gate-by-gate simulation described next, which
    a property proves equal (``properties/entanglement``). ``chunk_bytes`` sizes the gate-by-gate
    chunks only.

    Gate by gate: one symbolic circuit (:func:`pair_template`, or the SWAP-test circuit) is
    simulated for all ``n * m`` pairs at once with ``(B,)`` bindings, in chunks of at most
    ``chunk_bytes`` of statevectors. Entropies come from batched Schmidt decompositions,
    concurrences from the subsystem purities of the pair state
    (``P(0^n) = 2^-n sum_alpha Tr rho_alpha^2``), SWAP-test probabilities from the ancilla
    marginal of the simulated SWAP-test circuit.
    """
    cfg = resolve_config(config)
    Qa, Ka, th = validate_inputs(Q, K, theta, cfg)
    integer("chunk_bytes", chunk_bytes, lo=1)
    choice("method", method, get_args(GeneralMethod))
    return general_scores(Qa, Ka, th, cfg, chunk_bytes=chunk_bytes, method=method)


def general_scores(
    Qa: FloatArray,
    Ka: FloatArray,
    th: FloatArray | None,
    cfg: EntanglementConfig,
    *,
    chunk_bytes: int = DEFAULT_CHUNK_BYTES,
    method: GeneralMethod = "auto",
) -> FloatArray:
    """:func:`scores_general` on inputs already checked by
    :func:`~reference.mechanisms.entanglement.config.validate_inputs`."""
    n, m = Qa.shape[0], Ka.shape[0]
    d = Qa.shape[1]
    n_r = _check_size(cfg, d)
    if method != "gates" and matrix_form_applies(cfg):
        return matrix_scores(Qa, Ka, th, cfg)
    tmpl = swap_template(cfg, d) if cfg.measure == "swap" else pair_template(cfg, d)
    nq = tmpl.num_qubits
    out = np.empty(n * m)
    qa, qb = cfg.registers(n_r)
    sub = list(qa if cfg.entropy_subsystem == "query" else qb)
    for lo, hi in _chunks(n * m, 16 << nq, chunk_bytes):
        qs, ks = _pair_grid(Qa, Ka, lo, hi)
        vals = pair_bindings(qs, ks, th, cfg)
        psi = sim.statevector(tmpl, bindings=vals)
        if cfg.measure == "entropy":
            out[lo:hi] = qi.entanglement_entropy(psi, sub)
        elif cfg.measure == "concurrence":
            out[lo:hi] = concurrence_purity(psi)
        else:
            p1 = swap_test_p1(psi)
            out[lo:hi] = 1.0 - 2.0 * p1 if cfg.swap_output == "fidelity" else p1
    return out.reshape(n, m)


def entropy_of_density_matrix(
    rho: npt.ArrayLike, *, n_r: int, config: EntanglementConfig | None = None
) -> FloatArray:
    """Von Neumann entropy (nats) of one register of a (possibly mixed) pair density matrix.

    ``rho``: ``(4**n_r, 4**n_r)`` or ``(B, ...)``. The register is ``config.entropy_subsystem``
    (``S001-A17``: the query register by default). For a mixed state ``S(rho_A) != S(rho_B)`` in
    general and neither is an entanglement measure (spec §4.1).
    """
    cfg = resolve_config(config)
    n_r = integer("n_r", n_r, lo=1)
    qa, qb = cfg.registers(n_r)
    keep = qa if cfg.entropy_subsystem == "query" else qb
    return qi.von_neumann_entropy(qi.partial_trace(rho, list(keep)))


__all__ = [
    "GeneralMethod",
    "entropy_of_density_matrix",
    "general_scores",
    "pair_states_general",
    "scores_general",
]
