r"""QAMA v1 soft selection (commits ``5eb0a97``/``bbbfe60``, ``QAMA/QAMultiheadAttention.py``;
survey §7 (1b), SUR-QAMA-06).

Jensen–Shannon couplings ``J_ij = JSD(softmax(q_i) || softmax(k_j))`` (log2), entropy fields
``h_j = -sum_c v^_jc log2 v^_jc``, ``q_bits`` bits per (head, token) giving weights
``w = sum_b 2^b x_b / (2^q - 1)``, objective ``-c_4 sum_h sum_{j,k} J_jk w_hj w_hk -
c_1 sum h_j w_hj + lambda_mh mean_{h<h'} sum_{j,b} x_hjb x_h'jb`` over ``H N q`` bits.
RECONSTRUCTED options (survey §7 (1b)): ``normalize="standardize"`` stands for the code's
BatchNorm (train mode, no affine); ``zero_diagonal=True``; the cross-head term is a *mean* over
head pairs.

>>> bits_to_weights([[0, 0], [1, 0], [0, 1], [1, 1]], 2).tolist()
[0.0, 0.3333333333333333, 0.6666666666666666, 1.0]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from reference._types import FloatArray
from reference._validate import choice, finite_scalar, integer
from reference.algorithms.qubo import QUBO, check_binary
from reference.mechanisms.qama._checks import coefficient, heads, jh, qk

Normalize = Literal["standardize", "none"]


def _softmax(a: FloatArray) -> FloatArray:
    z = a - a.max(axis=-1, keepdims=True)
    ez = np.exp(z)
    return ez / ez.sum(axis=-1, keepdims=True)  # type: ignore[no-any-return]


def _xlog2(p: FloatArray) -> FloatArray:
    out = np.zeros_like(p)
    pos = p > 0
    out[pos] = p[pos] * np.log2(p[pos])
    return out


def _standardize(a: FloatArray, mask: npt.NDArray[np.bool_], eps: float) -> FloatArray:
    vals = a[mask]
    out = a.copy()
    if vals.size == 0:
        return out
    out[mask] = (vals - vals.mean()) / math.sqrt(float(vals.var()) + eps)
    return out


def js_couplings(
    q: npt.ArrayLike,
    k: npt.ArrayLike,
    *,
    normalize: Normalize = "standardize",
    zero_diagonal: bool = True,
    eps: float = 1e-5,
) -> FloatArray:
    """v1 couplings ``J_ij = JSD(softmax(q_i) || softmax(k_j))`` in bits; ``(H, N, d) -> (H, N,
    N)``. Options (RECONSTRUCTED, survey §7 (1b)): ``normalize="standardize"`` (BatchNorm of the
    off-diagonal entries, train mode, no affine, ``eps``), ``zero_diagonal``."""
    qa, ka = qk(q, k)
    choice("normalize", normalize, ("standardize", "none"))
    finite_scalar("eps", eps, lo=0.0)
    pq = _softmax(qa)[:, :, None, :]
    pk = _softmax(ka)[:, None, :, :]
    m = 0.5 * (pq + pk)
    # KL(p || m) = sum p log2 p - sum p log2 m; m > 0 wherever p > 0
    kl_q = (_xlog2(pq) - pq * np.log2(np.where(pq > 0, m, 1.0))).sum(-1)
    kl_k = (_xlog2(pk) - pk * np.log2(np.where(pk > 0, m, 1.0))).sum(-1)
    j: FloatArray = 0.5 * kl_q + 0.5 * kl_k
    n = qa.shape[1]
    off = ~np.eye(n, dtype=bool)[None].repeat(qa.shape[0], axis=0)
    if normalize == "standardize":
        j = _standardize(j, off, eps)
    if zero_diagonal:
        j[~off] = 0.0
    return j


def entropy_fields(
    v: npt.ArrayLike, *, clip: float = 1e-8, normalize: Normalize = "standardize", eps: float = 1e-5
) -> FloatArray:
    """v1 fields ``h_j = -sum_c v^_jc log2 v^_jc``, ``v^_j = clip(v_j / sum_c v_jc, clip, 1)``;
    ``(H, N, d) -> (H, N)``. ``v`` rows must have a positive sum."""
    va = heads("v", v, 3, "(H, N, d)")
    choice("normalize", normalize, ("standardize", "none"))
    finite_scalar("clip", clip, lo=0.0, hi=1.0, lo_open=True)
    finite_scalar("eps", eps, lo=0.0)
    s = va.sum(axis=-1, keepdims=True)
    if np.any(s <= 0):
        raise ValueError("v: every row must have a positive sum")
    vh = np.clip(va / s, clip, 1.0)
    h: FloatArray = -_xlog2(vh).sum(-1)
    if normalize == "standardize":
        h = _standardize(h, np.ones_like(h, dtype=bool), eps)
    return h


def bit_weights(q_bits: int) -> FloatArray:
    """``a_b = 2^b / (2^q - 1)``, so ``w = sum_b a_b x_b`` (v1 soft selection); ``(q,)``."""
    integer("q_bits", q_bits, lo=1, hi=16)
    out: FloatArray = 2.0 ** np.arange(q_bits, dtype=np.float64) / (2.0**q_bits - 1.0)
    return out


def bits_to_weights(x: npt.ArrayLike, q_bits: int = 4) -> FloatArray:
    """``(..., q) -> (...)``: ``w = sum_b 2^b x_b / (2^q - 1)`` in ``{0, 1/(2^q-1), ..., 1}``."""
    a = bit_weights(q_bits)
    out: FloatArray = check_binary(x, q_bits) @ a
    return out


@dataclass(frozen=True, kw_only=True)
class QAMAv1Params:
    """v1 objective coefficients (survey §7 (1b)): ``c4 = c1 = 1``, ``lam_mh = 2``,
    ``q_bits = 4``."""

    q_bits: int = 4
    c4: float = 1.0
    c1: float = 1.0
    lam_mh: float = 2.0

    def __post_init__(self) -> None:
        bit_weights(self.q_bits)
        for name in ("c4", "c1", "lam_mh"):
            coefficient(name, getattr(self, name))


def v1_qubo(J: npt.ArrayLike, h: npt.ArrayLike, *, params: QAMAv1Params | None = None) -> QUBO:
    """Bit-level QUBO of the v1 objective over ``H N q`` bits (flat index ``(h N + j) q + b``).

    ``J: (H, N, N)`` (any real; symmetrised, which leaves the objective unchanged), ``h: (H, N)``.
    With ``H = 1`` the cross-head mean is over no pairs and is taken as 0.
    """
    prm = params or QAMAv1Params()
    ja, ha = jh(J, h)
    hh, n, _ = ja.shape
    a = bit_weights(prm.q_bits)
    qb = prm.q_bits
    js = 0.5 * (ja + np.swapaxes(ja, -1, -2))
    m = np.zeros((hh, n, qb, hh, n, qb))
    hi = np.arange(hh)
    m[hi, :, :, hi, :, :] = -prm.c4 * js[:, :, None, :, None] * np.outer(a, a)[None, None, :, None]
    pairs = hh * (hh - 1) // 2
    if pairs:
        lam = prm.lam_mh / pairs / 2.0
        m += lam * (
            (1.0 - np.eye(hh))[:, None, None, :, None, None]
            * np.eye(n)[None, :, None, None, :, None]
            * np.eye(qb)[None, None, :, None, None, :]
        )
    flat = m.reshape(hh * n * qb, hh * n * qb)
    flat[np.diag_indices_from(flat)] += (-prm.c1 * ha[:, :, None] * a[None, None, :]).reshape(-1)
    return QUBO(matrix=flat)


def v1_objective(
    x: npt.ArrayLike, J: npt.ArrayLike, h: npt.ArrayLike, *, params: QAMAv1Params | None = None
) -> FloatArray:
    """The v1 objective at the ``w`` level for bits ``x: (..., H, N, q)`` (independent of
    :func:`v1_qubo`; SUR-QAMA-06)."""
    prm = params or QAMAv1Params()
    ja, ha = jh(J, h)
    hh, n, _ = ja.shape
    xa = check_binary(x, prm.q_bits)
    w = bits_to_weights(xa, prm.q_bits)
    if w.shape[-2:] != (hh, n):
        raise ValueError(f"x has shape {xa.shape}; expected (..., {hh}, {n}, {prm.q_bits})")
    quad = np.einsum("...hj,hjk,...hk->...", w, ja, w)
    lin = np.einsum("...hj,hj->...", w, ha)
    pen = np.zeros(quad.shape)
    pairs = [(a, b) for a in range(hh) for b in range(a + 1, hh)]
    for a, b in pairs:
        pen = pen + (xa[..., a, :, :] * xa[..., b, :, :]).sum(axis=(-1, -2))
    if pairs:
        pen = pen / len(pairs)
    return -prm.c4 * quad - prm.c1 * lin + prm.lam_mh * pen  # type: ignore[no-any-return]


__all__ = [
    "Normalize",
    "QAMAv1Params",
    "bit_weights",
    "bits_to_weights",
    "entropy_fields",
    "js_couplings",
    "v1_objective",
    "v1_qubo",
]
