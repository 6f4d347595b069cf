"""Quantum-inspired Semantic Dependency Fusion Model (QEDFM), *Axioms* 2025, 14(7), 525.

Specification: survey claims file, §6; claims ``SUR-QEDFM-01..05`` and the seed correction
``SUR-CORR-05``. The components (complex word states, sequence density matrix, quantum
cross-attention with dependency relations, projective measurement, relative entropy of coherence)
are FOUND in the abstract; the wiring below is RECONSTRUCTED (no code or full text is available).

Formula (``d`` features, ``N`` tokens, ``E`` dependency edges, entropies in bits)::

    psi_i      = h_i / ||h_i|| * exp(i phi_i)                         (N, d) complex, unit
    rho_S      = sum_i p_i |psi_i><psi_i|,   p = softmax(logits)      (d, d)
    psi_e      = (psi_i + psi_j) / ||psi_i + psi_j||,  e = (i, j)     (E, d)
    a_{i,e}    = softmax_e Tr(rho_i rho_e) = softmax_e |<psi_i|psi_e>|^2 / temperature
    rho'_i     = sum_e a_{i,e} |psi_e><psi_e|                          (N, d, d)
    p_k        = Tr(rho Pi_k),  Pi_k = |u_k><u_k|                      measurement
    C_re(rho)  = S(Delta(rho)) - S(rho),  Delta = dephasing in the computational basis

RECONSTRUCTED choices (survey §6 (1), *reconstruction*; labels of this module), all keywords:

* ``QEDFM-R1`` ``weights="softmax"``: ``p = softmax(logits)``; ``"uniform"``: ``p_i = 1/N``.
* ``QEDFM-R2`` edge states ``psi_i + psi_j`` normalised (an edge whose sum vanishes is rejected);
  not a keyword: another edge encoding is passed as ``psi_edges`` to :func:`cross_attention`.
* ``QEDFM-R3`` cross-attention score ``Tr(rho_i rho_e)`` with ``temperature=1.0``.
* ``QEDFM-R4`` rank-one projectors from the rows of ``basis`` (unit vectors).

Notation map: ``h_i`` -> ``h[..., i, :]`` (encoder features), ``phi_i`` -> ``phases``,
``rho_S`` -> ``QEDFMOutput.sequence``, ``rho'`` -> ``QEDFMOutput.fused``, ``u_k`` -> ``basis[k]``.

>>> import numpy as np
>>> plus = np.full((2, 2), 0.5)
>>> round(coherence(plus), 12)
1.0
>>> coherence(np.diag([0.3, 0.7]))
0.0
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from reference._mechanism import Mechanism
from reference._types import ComplexArray, FloatArray, IntArray
from reference._validate import choice, complex_array, finite_scalar, real_array
from reference.algorithms.opcount import OpCounter

Weights = Literal["softmax", "uniform"]
UNIT_TOL = 1e-9
"""How far from 1 a basis vector's norm may be (inputs are user data, not our round-off)."""


@dataclass(frozen=True, kw_only=True)
class QEDFMConfig:
    """Hyper-parameters (RECONSTRUCTED labels in the module docstring).

    Attributes:
        weights: ``QEDFM-R1``, ``"softmax"`` (default) or ``"uniform"`` token weights.
        temperature: ``QEDFM-R3``, cross-attention temperature ``> 0`` (default 1).
    """

    weights: Weights = "softmax"
    temperature: float = 1.0

    def __post_init__(self) -> None:
        choice("weights", self.weights, ("softmax", "uniform"))
        finite_scalar("temperature", self.temperature, lo=0.0, lo_open=True)


def _softmax(z: FloatArray) -> FloatArray:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    out: FloatArray = e / e.sum(axis=-1, keepdims=True)
    return out


def word_states(h: npt.ArrayLike, phases: npt.ArrayLike) -> ComplexArray:
    """``psi = h / ||h|| * exp(i phases)``: ``(..., N, d)`` real -> ``(..., N, d)`` complex."""
    ha = real_array("h", h, ndim=(2, 3), shape_text="(N, d) or (B, N, d)", nonempty=True)
    ph = real_array("phases", phases, ndim=(2, 3), shape_text="(N, d) or (B, N, d)")
    if ph.shape != ha.shape:
        raise ValueError(f"phases has shape {ph.shape}; expected h's shape {ha.shape}")
    norm = np.linalg.norm(ha, axis=-1, keepdims=True)
    if np.any(norm == 0):
        idx = tuple(int(v) for v in np.argwhere(norm[..., 0] == 0)[0])
        raise ValueError(f"h{list(idx)} is the zero vector; a word state needs a direction")
    out: ComplexArray = (ha / norm) * np.exp(1j * ph)
    return out


def _states(name: str, psi: npt.ArrayLike) -> ComplexArray:
    p = complex_array(name, psi, ndim=(2, 3), shape_text="(N, d) or (B, N, d)")
    if p.shape[-2] == 0 or p.shape[-1] == 0:
        raise ValueError(f"{name} has shape {p.shape}; the sequence is empty")
    nrm = np.linalg.norm(p, axis=-1)
    if np.any(np.abs(nrm - 1.0) > UNIT_TOL):
        raise ValueError(f"{name} rows must be unit vectors (a norm is {float(nrm.flat[0])!r})")
    return p


def sequence_density(
    psi: npt.ArrayLike,
    logits: npt.ArrayLike | None = None,
    *,
    config: QEDFMConfig | None = None,
    counter: OpCounter | None = None,
) -> ComplexArray:
    """``rho_S = sum_i p_i |psi_i><psi_i|``: ``psi (..., N, d)`` -> ``(..., d, d)``.

    ``logits (..., N)`` give ``p = softmax(logits)`` (``weights="softmax"``; ``None`` means all
    zero, i.e. uniform)."""
    cfg = config if config is not None else QEDFMConfig()
    p = _states("psi", psi)
    n = p.shape[-2]
    if cfg.weights == "uniform" or logits is None:
        w = np.full(p.shape[:-1], 1.0 / n)
    else:
        lg = real_array("logits", logits, ndim=p.ndim - 1)
        if lg.shape != p.shape[:-1]:
            raise ValueError(f"logits has shape {lg.shape}; expected {p.shape[:-1]}")
        w = _softmax(lg)
    ops = counter if counter is not None else OpCounter()
    single = p.ndim == 2
    pb, wb = (p[None], w[None]) if single else (p, w)
    rho = ops.einsum("bn,bni,bnj->bij", wb.astype(complex), pb, pb.conj())
    return rho[0] if single else rho


def edge_states(psi: npt.ArrayLike, edges: npt.ArrayLike) -> ComplexArray:
    """``psi_e = (psi_i + psi_j) / ||.||`` for ``edges (E, 2)`` token index pairs."""
    p = _states("psi", psi)
    n = p.shape[-2]
    e = np.asarray(edges)
    if e.ndim != 2 or e.shape[1] != 2 or e.shape[0] == 0:
        raise ValueError(f"edges has shape {e.shape}; expected (E, 2) with E >= 1")
    if not np.issubdtype(e.dtype, np.integer):
        raise TypeError(f"edges must be integer token indices, got {e.dtype}")
    if e.min() < 0 or e.max() >= n:
        raise ValueError(
            f"edges contains index {int(e.max()) if e.max() >= n else int(e.min())}"
            f"; tokens are 0..{n - 1}"
        )
    s = p[..., e[:, 0], :] + p[..., e[:, 1], :]
    nrm = np.linalg.norm(s, axis=-1, keepdims=True)
    if np.any(nrm < 1e-12):
        raise ValueError("edges contains a pair with psi_i = -psi_j (the edge state vanishes)")
    out: ComplexArray = s / nrm
    return out


def cross_attention(
    psi: npt.ArrayLike,
    psi_edges: npt.ArrayLike,
    *,
    config: QEDFMConfig | None = None,
    counter: OpCounter | None = None,
) -> tuple[FloatArray, ComplexArray]:
    """``a_{i,e} = softmax_e |<psi_i|psi_e>|^2 / T`` and ``rho'_i = sum_e a_{i,e} rho_e``.

    Returns ``(a (..., N, E), fused (..., N, d, d))``."""
    cfg = config if config is not None else QEDFMConfig()
    p = _states("psi", psi)
    pe = _states("psi_edges", psi_edges)
    if pe.shape[:-2] != p.shape[:-2] or pe.shape[-1] != p.shape[-1]:
        raise ValueError(f"psi_edges has shape {pe.shape}; incompatible with psi {p.shape}")
    ops = counter if counter is not None else OpCounter()
    single = p.ndim == 2
    pb, peb = (p[None], pe[None]) if single else (p, pe)
    overlap = ops.einsum("bni,bei->bne", pb.conj(), peb)
    a = _softmax(np.abs(overlap) ** 2 / cfg.temperature)
    proj = ops.einsum("bei,bej->beij", peb, peb.conj())
    fused = ops.einsum("bne,beij->bnij", a.astype(complex), proj)
    return (a[0], fused[0]) if single else (a, fused)


def measure(rho: npt.ArrayLike, basis: npt.ArrayLike) -> FloatArray:
    """``p_k = <u_k| rho |u_k>`` for unit rows ``u_k`` of ``basis (K, d)``: ``(..., K)``."""
    r = complex_array("rho", rho, ndim=(2, 3, 4))
    u = complex_array("basis", basis, ndim=2, shape_text="(K, d)")
    if r.shape[-1] != r.shape[-2] or u.shape[1] != r.shape[-1] or u.shape[0] == 0:
        raise ValueError(f"basis has shape {u.shape}; rho has shape {r.shape}")
    if np.any(np.abs(np.linalg.norm(u, axis=1) - 1.0) > UNIT_TOL):
        raise ValueError("basis rows must be unit vectors")
    out: FloatArray = np.einsum("ki,...ij,kj->...k", u.conj(), r, u).real
    return out


def _entropy_bits(eigs: npt.NDArray[np.floating[Any]]) -> float:
    lam = np.clip(eigs, 0.0, None)
    lam = lam[lam > 0]
    return float(-(lam * np.log2(lam)).sum())


def _density(name: str, rho: npt.ArrayLike) -> ComplexArray:
    r = complex_array(name, rho, ndim=2, shape_text="a square (d, d) matrix")
    if r.shape[0] != r.shape[1] or r.shape[0] == 0:
        raise ValueError(f"{name} has shape {r.shape}; expected a non-empty square matrix")
    if not np.allclose(r, r.conj().T, atol=1e-10):
        raise ValueError(f"{name} is not Hermitian")
    if abs(np.trace(r).real - 1.0) > 1e-8:
        raise ValueError(f"{name} has trace {np.trace(r).real!r}; a density matrix has trace 1")
    return r


def von_neumann_entropy(rho: npt.ArrayLike) -> float:
    """``S(rho) = -Tr rho log2 rho`` (bits)."""
    r = _density("rho", rho)
    return _entropy_bits(np.linalg.eigvalsh(0.5 * (r + r.conj().T)))


def coherence(rho: npt.ArrayLike) -> float:
    """Relative entropy of coherence ``C_re = S(Delta rho) - S(rho)`` in bits (Baumgratz et al.
    2014), clipped at 0 from below (round-off)."""
    r = _density("rho", rho)
    diag = np.clip(np.diag(r).real, 0.0, None)
    c = _entropy_bits(diag) - _entropy_bits(np.linalg.eigvalsh(0.5 * (r + r.conj().T)))
    return max(c, 0.0)


@dataclass(frozen=True, kw_only=True)
class QEDFMOutput:
    """Everything the layer computes (``B`` = batch, ``N`` tokens, ``E`` edges, ``K`` outcomes).

    Attributes:
        states: ``(B, N, d)`` word states; ``sequence``: ``(B, d, d)`` density matrix;
        attention: ``(B, N, E)``; ``fused``: ``(B, N, d, d)``; ``probabilities``: ``(B, N, K)``
        of each fused state.
    """

    states: ComplexArray
    sequence: ComplexArray
    attention: FloatArray
    fused: ComplexArray
    probabilities: FloatArray


def qedfm_layer(
    h: npt.ArrayLike,
    phases: npt.ArrayLike,
    edges: npt.ArrayLike,
    basis: npt.ArrayLike,
    logits: npt.ArrayLike | None = None,
    *,
    config: QEDFMConfig | None = None,
    counter: OpCounter | None = None,
) -> QEDFMOutput:
    """The reconstructed QEDFM fusion layer: ``h, phases (B, N, d)``, ``edges (E, 2)``,
    ``basis (K, d)``, ``logits (B, N)`` -> :class:`QEDFMOutput`."""
    cfg = config if config is not None else QEDFMConfig()
    psi = word_states(h, phases)
    single = psi.ndim == 2
    psi = psi[None] if single else psi
    lg = None if logits is None else np.asarray(logits)
    if lg is not None and single:
        lg = lg[None]
    rho = sequence_density(psi, lg, config=cfg, counter=counter)
    pe = edge_states(psi, edges)
    a, fused = cross_attention(psi, pe, config=cfg, counter=counter)
    probs = measure(fused, basis)
    return QEDFMOutput(states=psi, sequence=rho, attention=a, fused=fused, probabilities=probs)


def chain_edges(n: int) -> IntArray:
    """The ``N - 1`` edges ``(i, i + 1)`` of a chain parse (a tree on ``N`` tokens)."""
    i = np.arange(max(n - 1, 0), dtype=np.int64)
    out: IntArray = np.stack([i, i + 1], axis=1)
    return out


MECHANISM = Mechanism(
    name="qedfm",
    module=__name__,
    summary="QEDFM: complex word states, density matrices, dependency cross-attention, coherence",
    no_circuit_reason="quantum-inspired and classical (survey §6 (4)): density matrices are "
    "computed with linear algebra; the paper describes no gate-model circuit",
)

__all__ = [
    "MECHANISM",
    "QEDFMConfig",
    "QEDFMOutput",
    "chain_edges",
    "coherence",
    "cross_attention",
    "edge_states",
    "measure",
    "qedfm_layer",
    "sequence_density",
    "von_neumann_entropy",
    "word_states",
]
