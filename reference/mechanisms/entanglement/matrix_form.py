r"""General path of entanglement attention in matrix form (spec §3-§4; ``S001-P01`` .. ``P04``).

A pair state on registers ``A`` (query, ``n_r`` qubits) and ``B`` (key) is a ``D x D`` matrix
``M[a, b] = <a, b|Psi>`` (``D = 2**n_r``, register-local indices, qubit ``A_0`` most significant).
One re-uploading layer is

.. math::

    M \leftarrow C_\theta\big(U_A(q)\, M\, U_B(k)^T\big)

where ``U_A(q)``, ``U_B(k)`` are the register unitaries of one layer of the feature map (any
encoding: the IQP ``ZZ`` map acts inside one register, so it factorises per register too), computed
**once per token** by simulating the register circuit of :func:`.circuits.pair_template`
(``O(n + m)`` register simulations, not ``O(n m)``). The CRX wall ``C_theta`` (control ``c_m``,
target ``t_m``, ``S001-A02``) is data independent; since ``RX(t) = H RZ(t) H``, in the frame where
the target register is rotated by ``H^{(x) n_r}`` it is an entrywise phase

.. math::

    \tilde M \leftarrow \Phi \circ \tilde M,\qquad
    \Phi[a, b] = \exp\big(-\tfrac{i}{2}\textstyle\sum_m \theta_m\, c_m (1 - 2 t_m)\big),

with ``c_m``, ``t_m`` the bits of the control and target indices. The whole evolution stays in that
frame (``U_t -> H U_t H`` once per token); the first layer acts on ``|0><0|`` and is the rank-one
``Phi o (x y^T)``; the others are two BLAS-3 products and one entrywise product per pair on
matrices that stay in cache. Read-outs:

* entropy: eigenvalues of ``M M^H`` (``= rho_A``; a local unitary on either register does not
  change the spectrum, so the frame needs no undoing; ``S(rho_A) = S(rho_B)`` for the pure pair
  state, ``S001-P03``, so ``entropy_subsystem`` does not change it);
* SWAP test, ``swap_states="pair_state"``: ``<Psi|SWAP_AB|Psi> = Re sum conj(M) o M^T``;
  ``"encoding_only"``: ``|<phi(q)|phi(k)>|^2`` with ``phi(x) = U(x)^L |0>`` per token (no pair
  work at all); ``P(1) = (1 - .) / 2``;
* concurrence: the pair states rebuilt from ``M`` (frame undone, register layout ``S001-A13``) go
  to :func:`reference.estimators.swap_test.concurrence_purity`, as in the gate-by-gate path.

Pairs are processed in chunks of ``chunk_bytes``; NumPy's BLAS/LAPACK calls release the GIL, so
chunks are spread over ``workers`` threads (:class:`concurrent.futures.ThreadPoolExecutor`).

>>> import numpy as np
>>> from reference.mechanisms.entanglement import EntanglementConfig, scores_general
>>> rng = np.random.default_rng(0)
>>> Q, K, th = rng.normal(size=(2, 3)), rng.normal(size=(3, 3)), rng.normal(size=3)
>>> cfg = EntanglementConfig(encoding="iqp", layers=2)
>>> a = matrix_scores(Q, K, th, cfg)
>>> bool(np.allclose(a, scores_general(Q, K, th, config=cfg, method="gates"), atol=1e-12))
True
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Final

import numpy as np

from reference import simulate as sim
from reference._types import ComplexArray, FloatArray
from reference.circuit import Circuit
from reference.estimators.swap_test import concurrence_purity
from reference.mechanisms.entanglement.circuits import _encode_register, pair_bindings
from reference.mechanisms.entanglement.config import (
    DEFAULT_CHUNK_BYTES,
    EntanglementConfig,
    needs_theta,
)
from reference.quantum_info import ZERO_PROB

MATRIX_CHUNK_BYTES: Final[int] = 1 << 20
"""Pair states per chunk of the matrix form (bytes): small enough to stay in L2 with its
temporaries."""


def matrix_form_applies(cfg: EntanglementConfig) -> bool:
    """Whether the pair circuit keeps the ``A``/``B`` structure (encoding per register, CRX wall
    between ``A_m`` and ``B_m``): true for every option :class:`EntanglementConfig` allows. A
    configuration without it would take the gate-by-gate simulation."""
    return cfg.encoding in ("super_dense", "dense", "iqp") and cfg.iqp_entanglers in (
        "within_register",
        "none",
    )


def register_template(cfg: EntanglementConfig, d: int) -> Circuit:
    """One layer of the feature map on one ``n_r``-qubit register (symbols ``q_i``, ``qq_i_j``):
    the register part of :func:`.circuits.pair_template`, built by the same code."""
    n_r = cfg.register_qubits(d)
    b = Circuit.build(n_r, name=f"entanglement-register-{cfg.encoding}")
    _encode_register(b, cfg, tuple(range(n_r)), "q", d)
    return b.done()


def register_unitaries(X: FloatArray, cfg: EntanglementConfig) -> ComplexArray:
    """``(n, D, D)`` unitaries of one feature-map layer for each token row of ``X`` ``(n, d)``,
    by one batched simulation of :func:`register_template` on every basis state."""
    n, d = X.shape
    tmpl = register_template(cfg, d)
    dim = 1 << tmpl.num_qubits
    vals = pair_bindings(X, X, None, cfg)
    names = set(tmpl.parameters)
    rep = {k: np.repeat(v, dim) for k, v in vals.items() if k in names}
    eye = np.tile(np.eye(dim, dtype=np.complex128), (n, 1))
    cols = sim.statevector(tmpl, bindings=rep, initial=eye).reshape(n, dim, dim)
    return np.ascontiguousarray(np.swapaxes(cols, 1, 2))


def hadamard(n: int) -> FloatArray:
    """``H^{(x) n}`` (``2**n x 2**n``, real symmetric, orthogonal)."""
    h = np.array([[1.0]])
    h1 = np.array([[1.0, 1.0], [1.0, -1.0]]) / np.sqrt(2.0)
    for _ in range(n):
        h = np.kron(h, h1)
    return h


def _bits(n: int) -> FloatArray:
    """``(2**n, n)``: bit of register qubit ``m`` (qubit 0 most significant) of each index."""
    r = np.arange(1 << n)[:, None]
    return ((r >> (n - 1 - np.arange(n))[None, :]) & 1).astype(np.float64)


def crx_phases(theta: FloatArray, cfg: EntanglementConfig, n_r: int) -> list[ComplexArray]:
    """``Phi_l`` ``(D, D)`` of every layer: the CRX wall as an entrywise phase on ``M[a, b]`` in
    the frame where the target register is rotated by ``H^{(x) n_r}``."""
    bits = _bits(n_r)
    sign = 1.0 - 2.0 * bits
    out: list[ComplexArray] = []
    for layer in range(cfg.layers):
        th = theta if cfg.share_theta_across_layers else theta[layer]
        control, target = (bits * th, sign)
        phase = control @ target.T if cfg.crx_direction == "query_to_key" else target @ control.T
        out.append(np.exp(-0.5j * phase))
    return out


def entropy_from_spectrum(ev: FloatArray) -> FloatArray:
    """``-sum p ln p`` over the last axis with the ``ZERO_PROB`` cut-off of
    :mod:`reference.quantum_info` (renormalised, clipped at 0)."""
    p = np.where(ev > ZERO_PROB, ev, 0.0)
    tot = p.sum(axis=-1, keepdims=True)
    p = p / np.where(tot > 0, tot, 1.0)
    s = -np.sum(p * np.log(np.where(p > 0, p, 1.0)), axis=-1)
    return np.asarray(np.maximum(s, 0.0), dtype=np.float64)


def _default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def _pair_reader(
    cfg: EntanglementConfig, n_r: int, h: ComplexArray
) -> Callable[[ComplexArray], FloatArray]:
    """Read-out of a chunk of frame matrices ``(B, D, D)`` -> ``(B,)`` scores."""
    target_b = cfg.crx_direction == "query_to_key"

    def unframe(mt: ComplexArray) -> ComplexArray:
        return mt @ h if target_b else h @ mt

    if cfg.measure == "entropy":

        def read(mt: ComplexArray) -> FloatArray:
            rho = mt @ np.conj(np.swapaxes(mt, 1, 2))
            return entropy_from_spectrum(np.asarray(np.linalg.eigvalsh(rho), dtype=np.float64))

    elif cfg.measure == "concurrence":

        def read(mt: ComplexArray) -> FloatArray:
            m = unframe(mt)
            if cfg.register_layout == "key_first":
                m = np.swapaxes(m, 1, 2)
            return concurrence_purity(m.reshape(m.shape[0], -1))

    else:

        def read(mt: ComplexArray) -> FloatArray:
            m = unframe(mt)
            s = np.real(np.sum(np.conj(m) * np.swapaxes(m, 1, 2), axis=(1, 2)))
            p1 = (1.0 - s) / 2.0
            return np.asarray(1.0 - 2.0 * p1 if cfg.swap_output == "fidelity" else p1)

    return read


def matrix_scores(
    Qa: FloatArray,
    Ka: FloatArray,
    th: FloatArray | None,
    cfg: EntanglementConfig,
    *,
    chunk_bytes: int = MATRIX_CHUNK_BYTES,
    workers: int | None = None,
) -> FloatArray:
    """Scores ``(n, m)`` of every pair by the matrix form (inputs already validated by
    :func:`.config.validate_inputs`; ``th`` is ``None`` only for the encoding-only SWAP test)."""
    n, m = Qa.shape[0], Ka.shape[0]
    d = Qa.shape[1]
    n_r = cfg.register_qubits(d)
    dim = 1 << n_r
    UA = register_unitaries(Qa, cfg)
    UB = register_unitaries(Ka, cfg)
    if not needs_theta(cfg) or th is None:
        return _encoding_only_swap(UA, UB, cfg)
    h = hadamard(n_r).astype(np.complex128)
    e0 = np.zeros(dim, dtype=np.complex128)
    e0[0] = 1.0
    if cfg.crx_direction == "query_to_key":  # targets on B: frame rotates B
        UB = h @ UB @ h
        x0, y0 = UA[:, :, 0], UB @ h[:, 0]
    else:
        UA = h @ UA @ h
        x0, y0 = UA @ h[:, 0], UB[:, :, 0]
    UBt = np.ascontiguousarray(np.swapaxes(UB, 1, 2))
    phis = crx_phases(th, cfg, n_r)
    read = _pair_reader(cfg, n_r, h)
    # Layers 1-2 in one product: Phi_1 o (x y^T) = diag(x) Phi_1 diag(y), so layer 2's
    # U_A diag(x) Phi_1 diag(y) U_B^T = P_q S_k with P_q, S_k computed once per token.
    P = UA * x0[:, None, :] @ phis[0] if cfg.layers > 1 else x0
    S = y0[:, :, None] * UBt if cfg.layers > 1 else y0
    per = max(1, chunk_bytes // (16 * dim * dim))
    qb, kb = (max(1, per // m), m) if per >= m else (1, per)
    blocks = [(q0, k0) for q0 in range(0, n, qb) for k0 in range(0, m, kb)]
    out = np.empty((n, m))

    def run(block: tuple[int, int]) -> None:
        q0, k0 = block
        q1, k1 = min(n, q0 + qb), min(m, k0 + kb)
        if cfg.layers == 1:
            mt = P[q0:q1, None, :, None] * S[None, k0:k1, None, :]
        else:
            mt = P[q0:q1, None] @ S[None, k0:k1]
        mt *= phis[1 if cfg.layers > 1 else 0]
        for layer in range(2, cfg.layers):
            mt = UA[q0:q1, None] @ mt
            mt = mt @ UBt[None, k0:k1]
            mt *= phis[layer]
        out[q0:q1, k0:k1] = read(mt.reshape(-1, dim, dim)).reshape(q1 - q0, k1 - k0)

    nw = min(workers or _default_workers(), len(blocks))
    if nw <= 1:
        for b in blocks:
            run(b)
    else:
        with ThreadPoolExecutor(max_workers=nw) as ex:
            list(ex.map(run, blocks))
    return out


def _encoding_only_swap(UA: ComplexArray, UB: ComplexArray, cfg: EntanglementConfig) -> FloatArray:
    """SWAP test of ``phi(q) = U(q)^L |0>`` against ``phi(k)`` (``S001-A18`` default): per-token
    states, then one ``(n, m)`` overlap matrix."""
    phq, phk = UA[:, :, 0], UB[:, :, 0]
    for _ in range(1, cfg.layers):
        phq = np.einsum("nij,nj->ni", UA, phq)
        phk = np.einsum("nij,nj->ni", UB, phk)
    f = np.abs(np.conj(phq) @ phk.T) ** 2
    p1 = (1.0 - f) / 2.0
    return np.asarray(1.0 - 2.0 * p1 if cfg.swap_output == "fidelity" else p1, dtype=np.float64)


__all__ = [
    "DEFAULT_CHUNK_BYTES",
    "MATRIX_CHUNK_BYTES",
    "crx_phases",
    "entropy_from_spectrum",
    "hadamard",
    "matrix_form_applies",
    "matrix_scores",
    "register_template",
    "register_unitaries",
]
