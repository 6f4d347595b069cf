"""Classical single-head scaled dot-product attention (seed 001, §5, Eqs. 1-3).

Formula (paper Eqs. 1-3, with the transposition of Eq. 2 fixed; claims ``S001-P16``,
``S001-P17``, ``S001-P19``, defaults ``S001-A05``, ``S001-A19``)::

    Q = W_q Z^T,  K = W_k Z^T,  V = W_v Z^T           (d, N)       Eq. 1
    A = Q^T K,    A_ij = q_i . k_j                      (N, N)       Eq. 2 (fixed)
    Attention(Z) = softmax(A / sqrt(d_h)) V^T           (N, d)       Eq. 3

We store tokens as rows, so ``Q = Z @ W_q.T`` is ``(N, d)`` and ``A = Q @ K.T``.

**Eq. 2 typo (REFUTED, literal reading).** The paper writes ``A = Q K^T``; with Eq. 1's shapes
``Q, K in R^{d x N}`` that product is ``(d, d)``, not the ``(N, N)`` matrix of query-key scores.
The intended matrix is ``Q^T K`` (``A_ij = q_i . k_j``); :func:`eq2_literal` computes the literal
product so a test can show its shape is wrong whenever ``N != d``.

Notation map (paper -> here): ``Z`` -> ``z`` (rows are tokens, CLS first), ``W_q, W_k, W_v`` ->
``w_q, w_k, w_v`` (``(d, d)``, no bias), ``d_h = d`` (one head) -> ``d``, ``A`` -> ``logits``.

Softmax axis (``S001-A19``): over keys ``j`` (row-wise, the last axis), CLS key included.
Logit scaling (``S001-A05``): ``scale=None`` means ``1 / sqrt(d_h)`` (literal Eq. 3); pass
``scale=1.0`` for unscaled logits.

>>> import numpy as np
>>> w = softmax(np.array([[0.0, 1.0]]))
>>> np.allclose(w, [[1 / (1 + np.e), np.e / (1 + np.e)]])
True
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from reference import _validate as val
from reference._types import FloatArray


def softmax(logits: npt.ArrayLike, *, axis: int = -1) -> FloatArray:
    """Numerically stable softmax along ``axis`` (claim ``S001-P16``).

    ``exp(x - max(x))`` is evaluated, so logits of any finite magnitude are safe. Entries equal to
    ``-inf`` are masked (weight exactly 0). NaN, ``+inf``, and a slice whose entries are all
    ``-inf`` are rejected (the distribution would be undefined).

    Weights are in ``[0, 1]`` and each slice sums to 1 within ``n * eps``; they are strictly inside
    ``(0, 1)`` when the slice has at least two entries and the finite logits span less than about
    700 (beyond that ``exp`` underflows to 0 in float64).

    Args:
        logits: any shape.
        axis: the axis normalised over; ``-1`` = over keys (``S001-A19``).

    >>> softmax(np.array([1000.0, 1000.0])).tolist()
    [0.5, 0.5]
    >>> softmax(np.array([0.0, -np.inf, 0.0])).tolist()
    [0.5, 0.0, 0.5]
    """
    x = val.real_array("logits", logits, finite=False)
    if x.ndim == 0:
        raise ValueError(f"logits has shape {x.shape}; expected at least 1 dim")
    if np.any(np.isnan(x)) or np.any(np.isposinf(x)):
        raise ValueError("logits contains NaN or +inf; only -inf (a masked entry) is allowed")
    if x.shape[axis] == 0:
        raise ValueError(f"logits has shape {x.shape}: axis={axis} is empty")
    m = np.max(x, axis=axis, keepdims=True)
    if np.any(np.isneginf(m)):
        raise ValueError(f"logits: a slice along axis={axis} is entirely -inf (fully masked)")
    e = np.exp(x - m)
    out: FloatArray = e / np.sum(e, axis=axis, keepdims=True)
    return out


def dot_product_logits(q: npt.ArrayLike, k: npt.ArrayLike) -> FloatArray:
    """Unscaled scores ``A_ij = q_i . k_j`` (Eq. 2 fixed).

    Args:
        q: ``(N, d)`` queries (rows), or ``(B, N, d)``.
        k: ``(M, d)`` keys, or ``(B, M, d)``.

    Returns:
        ``(N, M)`` (or ``(B, N, M)``).
    """
    qa = val.real_array("q", q, ndim=(2, 3))
    ka = val.real_array("k", k, ndim=(2, 3))
    if qa.ndim != ka.ndim or qa.shape[-1] != ka.shape[-1] or qa.shape[:-2] != ka.shape[:-2]:
        raise ValueError(f"q has shape {qa.shape} and k has shape {ka.shape}: incompatible")
    return np.asarray(qa @ np.swapaxes(ka, -1, -2), dtype=np.float64)


def eq2_literal(q_cols: npt.ArrayLike, k_cols: npt.ArrayLike) -> FloatArray:
    """The paper's literal Eq. 2, ``A = Q K^T`` with ``Q, K`` of shape ``(d, N)``.

    Returns a ``(d, d)`` matrix: **not** the ``(N, N)`` score matrix (REFUTED, literal reading; see
    the module docstring). Kept only to document and test the typo.
    """
    qa = val.real_array("q_cols", q_cols, ndim=2)
    ka = val.real_array("k_cols", k_cols, ndim=2)
    return np.asarray(qa @ ka.T, dtype=np.float64)


def resolve_scale(d: int, scale: float | None) -> float:
    """The logit scale: ``1/sqrt(d)`` when ``scale`` is ``None`` (``S001-A05``), else ``scale``."""
    d = val.integer("d", d, lo=1)
    if scale is None:
        return 1.0 / math.sqrt(d)
    return val.finite_scalar("scale", scale, lo=0.0, lo_open=True)


def attention_weights(
    q: npt.ArrayLike, k: npt.ArrayLike, *, scale: float | None = None
) -> FloatArray:
    """``softmax(scale * q k^T)`` over keys (``S001-A19``); ``scale=None`` is ``1/sqrt(d)``.

    Args:
        q: ``(N, d)`` or ``(B, N, d)``.
        k: ``(M, d)`` or ``(B, M, d)``.

    Returns:
        ``(N, M)`` (or ``(B, N, M)``) row-stochastic weights.
    """
    logits = dot_product_logits(q, k)
    return softmax(resolve_scale(int(np.shape(q)[-1]), scale) * logits, axis=-1)


def attend(weights: npt.ArrayLike, v: npt.ArrayLike) -> FloatArray:
    """``weights @ v``: each output row is a convex combination of the rows of ``v`` (``S001-P17``).

    Args:
        weights: ``(N, M)`` or ``(B, N, M)``, row-stochastic.
        v: ``(M, d)`` or ``(B, M, d)``.
    """
    w = val.real_array("weights", weights, ndim=(2, 3))
    va = val.real_array("v", v, ndim=(2, 3))
    if w.ndim != va.ndim or w.shape[-1] != va.shape[-2] or w.shape[:-2] != va.shape[:-2]:
        raise ValueError(f"weights has shape {w.shape} and v has shape {va.shape}: incompatible")
    return np.asarray(w @ va, dtype=np.float64)


def self_attention(
    z: npt.ArrayLike,
    w_q: npt.ArrayLike,
    w_k: npt.ArrayLike,
    w_v: npt.ArrayLike,
    *,
    scale: float | None = None,
) -> tuple[FloatArray, FloatArray]:
    """One single-head attention layer, Eqs. 1-3 (bias-free projections, no ``W_o``).

    Args:
        z: ``(N, d)`` tokens (rows), or ``(B, N, d)``.
        w_q, w_k, w_v: ``(d, d)`` projection matrices (``q_i = W_q z_i``).
        scale: logit scale; ``None`` = ``1/sqrt(d)`` (``S001-A05``).

    Returns:
        ``(output, weights)``: ``(N, d)`` and ``(N, N)`` (with the leading batch axis if given).

    >>> z = np.eye(3)
    >>> out, w = self_attention(z, np.eye(3), np.eye(3), np.eye(3))
    >>> out.shape, bool(np.allclose(w.sum(axis=-1), 1))
    ((3, 3), True)
    """
    za = val.real_array("z", z, ndim=(2, 3))
    d = za.shape[-1]
    if d < 1 or za.shape[-2] < 1:
        raise ValueError(f"z has shape {za.shape}; need at least one token of dimension >= 1")
    mats = []
    for name, w in (("w_q", w_q), ("w_k", w_k), ("w_v", w_v)):
        wa = val.real_array(name, w, ndim=2)
        if wa.shape != (d, d):
            raise ValueError(f"{name} has shape {wa.shape}; expected {(d, d)}")
        mats.append(wa)
    q, k, v = (za @ m.T for m in mats)
    weights = attention_weights(q, k, scale=scale)
    return attend(weights, v), weights


__all__ = [
    "attend",
    "attention_weights",
    "dot_product_logits",
    "eq2_literal",
    "resolve_scale",
    "self_attention",
    "softmax",
]
