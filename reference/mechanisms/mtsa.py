"""Multi-mask Tensorized Self-Attention (MTSA), Shen et al., NAACL 2019 (arXiv 1805.00912v4).

Specification: survey claims file, §2; claims ``SUR-MTSA-01..06`` and the seed correction
``SUR-CORR-02``. FOUND in ``taoshen58/mtsa`` (``MTSA_API/mtsa.py``,
``multi_mask_tensorized_self_attn``); this is an independent NumPy implementation of the formula,
not a translation of that TensorFlow code.

Formula, per head ``h`` (``H`` heads, ``d_h`` features per head, tokens as rows)::

    Q, K, V = X W_q[h], X W_k[h], X W_v[h]                        (N, d_h)
    D_ij = M_ij sigma(q_i . k_j / sqrt(d_h))                      (N, N)    token2token
    S_jc = exp(f_s2t(x_j)_c),  f_s2t(x) = W_2 phi(W_1 x + b_1) + b_2 (or linear)  (N, d_h)
    O = (D (S * V)) / (D S)                                        (N, d_h)  two matmuls
      = sum_j softmax_j(q_i.k_j/sqrt(d_h) + f_s2t(x_j)_c + log M_ij) v_jc     (sigma = exp)

The ``N x N x d_h`` alignment tensor of the last line is never formed (``SUR-MTSA-06``).

Masks: the first ``H/2`` heads are forward (``M_ij = [i > j]``), the others backward
(``[i < j]``); ``attn_self=True`` uses ``>=`` / ``<=``; every mask is ANDed with the key padding.

Numerical traps of the public code, handled here (tested in ``tests/test_mtsa.py``):

* ``tf.exp`` of the logits without max-subtraction overflows for logits above ~709 (inf / inf =
  NaN). Here ``D`` is shifted by its row maximum and ``S`` by its column maximum over the unmasked
  keys; both shifts cancel in the ratio, so every exponent is ``<= 0``.
* the public code replaces a zero denominator by 1 (``tf.where(Z > 0, Z, 1)``), which silently
  returns 0 when the shifted products ``D_ij S_jc`` all underflow although the row has unmasked
  keys. Here a row whose denominator is below ``2**-800`` (while it has an unmasked key) is
  recomputed exactly in the log domain, a chunk of rows at a time (``O(chunk N d_h)`` memory).
  Why ``2**-800``: subnormal terms carry an absolute error ``< N 2**-1074``; relative to a sum
  ``>= 2**-800`` that is ``< N 2**-274``, far below ``eps``.
* a row with no unmasked key at all (the first token of a forward head without ``attn_self``)
  has an empty softmax; the public code outputs 0 there. That is option ``empty_rows="zero"``
  (default), or ``"raise"``.

Options (FOUND in the public API unless marked; every one a keyword of :class:`MTSAConfig`):

* ``activation`` ``"exp"`` (default) / ``"sigmoid"`` (``dot_activation_name``);
* ``attn_self=False``; ``directional=True`` (``use_direction``);
* ``s2t="mlp"`` with ``phi`` = ReLU (``add_layer_for_multi``, ``activation_func_name='relu'``),
  or ``"linear"``;
* ``fusion_gate``: ``g = sigmoid([v; o] W_g + b)``, output ``g v + (1 - g) o``, per head.

RECONSTRUCTED choices (survey §2 (1); labels of this module):

* ``MTSA-R1`` ``fusion_gate=False``: the survey's smallest variant (the public API defaults to
  True);
* ``MTSA-R2`` ``s2t_input="tokens"``: ``f_s2t`` reads the tokens ``x_j`` (the public code can
  read ``v_j``: ``"values"``);
* ``MTSA-R3`` outputs at padded query positions are 0 (a convention: no law reads them).

Notation map (paper / code -> here): ``rep_tensor`` -> ``X (B, N, d)``; ``rep_mask`` ->
``padding (B, N)`` (True = real token); ``e_dot_logits`` -> ``D``; ``e_multi_logits`` -> ``S``;
``accum_z_deno`` -> ``D S``; ``head_num`` -> ``heads``; ``head_dim`` -> ``head_dim``.

>>> import numpy as np
>>> cfg = MTSAConfig(heads=2, head_dim=3)
>>> p = init_params(np.random.default_rng(0), cfg, model_dim=4)
>>> mtsa_attention(np.ones((5, 4)), p, config=cfg).shape
(5, 6)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from reference._mechanism import Mechanism
from reference._types import BoolArray, FloatArray
from reference._validate import choice, integer, real_array
from reference.algorithms.opcount import OpCounter

Activation = Literal["exp", "sigmoid"]
S2T = Literal["mlp", "linear"]
S2TInput = Literal["tokens", "values"]
EmptyRows = Literal["zero", "raise"]
UNDERFLOW_GUARD = 2.0**-800
"""Denominators below this (with an unmasked key) are recomputed in the log domain."""
FALLBACK_CHUNK = 16
"""Rows recomputed at once by the log-domain fallback (memory ``O(chunk N d_h)``)."""


@dataclass(frozen=True, kw_only=True)
class MTSAConfig:
    """Hyper-parameters (see the module docstring for provenance of each default).

    Attributes:
        heads: ``H >= 1``; even when ``directional`` (half forward, half backward).
        head_dim: ``d_h >= 1``.
        activation: ``sigma`` of the token2token part, ``"exp"`` or ``"sigmoid"``.
        attn_self: include ``j = i`` in the directional masks.
        directional: forward/backward masks; ``False`` lets every head see every token.
        s2t: ``"mlp"`` (``W_2 relu(W_1 x + b_1) + b_2``) or ``"linear"`` (``W_2 x + b_2``).
        s2t_input: ``MTSA-R2``, ``f_s2t`` reads the ``"tokens"`` ``x_j`` (default, the survey) or
            the head's ``"values"`` ``v_j`` (the public code's ``use_input_for_attn=False``).
        fusion_gate: ``MTSA-R1``, combine ``g v + (1 - g) o`` per head.
        empty_rows: a query row with no unmasked key outputs ``"zero"`` or ``"raise"``s.
    """

    heads: int = 2
    head_dim: int
    activation: Activation = "exp"
    attn_self: bool = False
    directional: bool = True
    s2t: S2T = "mlp"
    s2t_input: S2TInput = "tokens"
    fusion_gate: bool = False
    empty_rows: EmptyRows = "zero"

    def __post_init__(self) -> None:
        integer("heads", self.heads, lo=1)
        integer("head_dim", self.head_dim, lo=1)
        choice("activation", self.activation, ("exp", "sigmoid"))
        choice("s2t", self.s2t, ("mlp", "linear"))
        choice("s2t_input", self.s2t_input, ("tokens", "values"))
        choice("empty_rows", self.empty_rows, ("zero", "raise"))
        for name in ("attn_self", "directional", "fusion_gate"):
            if not isinstance(getattr(self, name), bool):
                raise TypeError(f"{name}={getattr(self, name)!r} must be a bool")
        if self.directional and self.heads % 2:
            raise ValueError(f"heads={self.heads} must be even when directional=True")


@dataclass(frozen=True, kw_only=True)
class MTSAParams:
    """Trainable weights, one slice per head (``d`` = model dimension, ``d_h`` = head_dim).

    Attributes:
        w_q, w_k, w_v: ``(H, d, d_h)``.
        w_1, b_1: ``(H, d_in, d_h)``, ``(H, d_h)`` (``s2t="mlp"`` only; else ``None``), where
            ``d_in = d`` for ``s2t_input="tokens"`` and ``d_h`` for ``"values"``.
        w_2, b_2: ``(H, d_h, d_h)`` (mlp) or ``(H, d_in, d_h)`` (linear), and ``(H, d_h)``.
        w_g, b_g: ``(H, 2 d_h, d_h)``, ``(H, d_h)`` (``fusion_gate`` only; else ``None``).
    """

    w_q: FloatArray
    w_k: FloatArray
    w_v: FloatArray
    w_2: FloatArray
    b_2: FloatArray
    w_1: FloatArray | None = None
    b_1: FloatArray | None = None
    w_g: FloatArray | None = None
    b_g: FloatArray | None = None


def init_params(rng: np.random.Generator, config: MTSAConfig, *, model_dim: int) -> MTSAParams:
    """Gaussian weights with variance ``1 / fan_in``, zero biases."""
    h, dh, d = config.heads, config.head_dim, integer("model_dim", model_dim, lo=1)

    def g(*shape: int) -> FloatArray:
        return rng.normal(0.0, 1.0 / math.sqrt(shape[-2]), shape)

    mlp = config.s2t == "mlp"
    din = d if config.s2t_input == "tokens" else dh
    return MTSAParams(
        w_q=g(h, d, dh),
        w_k=g(h, d, dh),
        w_v=g(h, d, dh),
        w_1=g(h, din, dh) if mlp else None,
        b_1=np.zeros((h, dh)) if mlp else None,
        w_2=g(h, dh, dh) if mlp else g(h, din, dh),
        b_2=np.zeros((h, dh)),
        w_g=g(h, 2 * dh, dh) if config.fusion_gate else None,
        b_g=np.zeros((h, dh)) if config.fusion_gate else None,
    )


def _param(name: str, a: FloatArray | None, shape: tuple[int, ...]) -> FloatArray:
    if a is None:
        raise ValueError(f"params.{name} is None; expected shape {shape} for this config")
    arr = real_array(f"params.{name}", a, ndim=len(shape))
    if arr.shape != shape:
        raise ValueError(f"params.{name} has shape {arr.shape}; expected {shape}")
    return arr


def direction_masks(n: int, config: MTSAConfig) -> BoolArray:
    """``(H, N, N)`` positional masks: forward heads first, then backward (or all-True)."""
    i = np.arange(n)[:, None]
    j = np.arange(n)[None, :]
    fw = (i >= j) if config.attn_self else (i > j)
    bw = (i <= j) if config.attn_self else (i < j)
    if not config.directional:
        full = np.ones((n, n), dtype=bool) if config.attn_self else (i != j)
        return np.broadcast_to(full, (config.heads, n, n)).copy()
    half = config.heads // 2
    return np.concatenate([np.broadcast_to(fw, (half, n, n)), np.broadcast_to(bw, (half, n, n))])


def _inputs(
    x: npt.ArrayLike, padding: npt.ArrayLike | None, params: MTSAParams, config: MTSAConfig
) -> tuple[FloatArray, BoolArray, bool]:
    xa = real_array("X", x, ndim=(2, 3), shape_text="(N, d) or (B, N, d)")
    single = xa.ndim == 2
    if single:
        xa = xa[None]
    b, n, d = xa.shape
    if n == 0 or d == 0:
        raise ValueError(f"X has shape {xa.shape[1:] if single else xa.shape}; empty sequence")
    if padding is None:
        pad = np.ones((b, n), dtype=bool)
    else:
        raw = np.asarray(padding)
        if raw.dtype != np.bool_:
            raise TypeError(f"padding must be a boolean array (True = token), got {raw.dtype}")
        pad = raw[None] if single and raw.ndim == 1 else raw
        if pad.shape != (b, n):
            raise ValueError(f"padding has shape {raw.shape}; expected {(b, n)[single:]}")
        empty = np.flatnonzero(~pad.any(axis=1))
        if empty.size:
            raise ValueError(
                f"padding masks every token of sequence {int(empty[0])}; at least one must be True"
            )
    h, dh = config.heads, config.head_dim
    for name in ("w_q", "w_k", "w_v"):
        _param(name, getattr(params, name), (h, d, dh))
    return xa, pad, single


def _s2t(
    x: FloatArray, v: FloatArray, params: MTSAParams, config: MTSAConfig, ops: OpCounter
) -> FloatArray:
    """``f_s2t``: tokens ``(B, N, d)`` (or values ``(B, H, N, d_h)``) -> ``(B, H, N, d_h)``."""
    h, dh = config.heads, config.head_dim
    xb = x[:, None] if config.s2t_input == "tokens" else v
    d = xb.shape[-1]
    b2 = _param("b_2", params.b_2, (h, dh))[None, :, None, :]
    if config.s2t == "mlp":
        w1 = _param("w_1", params.w_1, (h, d, dh))
        b1 = _param("b_1", params.b_1, (h, dh))[None, :, None, :]
        hid = np.maximum(ops.matmul(xb, w1) + b1, 0.0)
        return ops.matmul(hid, _param("w_2", params.w_2, (h, dh, dh))) + b2
    return ops.matmul(xb, _param("w_2", params.w_2, (h, d, dh))) + b2


def log_token2token(scores: FloatArray, activation: Activation) -> FloatArray:
    """``log sigma(s)``: ``s`` for exp, ``-log(1 + e^{-s})`` for sigmoid (stable)."""
    if activation == "exp":
        return scores
    out: FloatArray = -np.logaddexp(0.0, -scores)
    return out


def mtsa_heads(
    x: npt.ArrayLike,
    params: MTSAParams,
    *,
    config: MTSAConfig,
    padding: npt.ArrayLike | None = None,
    counter: OpCounter | None = None,
) -> tuple[FloatArray, FloatArray]:
    """Per-head attention results before the fusion gate.

    Args:
        x: ``(B, N, d)`` (or ``(N, d)``).
        padding: ``(B, N)`` booleans, True for real tokens (default: no padding).
        counter: optional; every matrix product is counted.

    Returns:
        ``(O, V)``, each ``(B, H, N, d_h)``; ``O`` is 0 on rows with no unmasked key (or raises,
        ``empty_rows="raise"``) and on padded query positions.
    """
    xa, pad, _ = _inputs(x, padding, params, config)
    ops = counter if counter is not None else OpCounter()
    dh = config.head_dim
    xb = xa[:, None]  # (B, 1, N, d)
    q = ops.matmul(xb, params.w_q)  # (B, H, N, d_h)
    k = ops.matmul(xb, params.w_k)
    v = ops.matmul(xb, params.w_v)
    f = _s2t(xa, v, params, config, ops)  # (B, H, N, d_h)
    n = xa.shape[1]
    allowed = direction_masks(n, config)[None] & pad[:, None, None, :]  # (B, H, N, N)
    logd = log_token2token(ops.matmul(q, np.swapaxes(k, -1, -2)) / math.sqrt(dh), config.activation)
    has_key: BoolArray = np.asarray(allowed.any(axis=-1), dtype=bool)  # (B, H, N)
    row_max = np.where(allowed, logd, -np.inf).max(axis=-1, initial=-np.inf)
    row_max = np.where(has_key, row_max, 0.0)
    dmat = np.where(allowed, np.exp(np.minimum(logd - row_max[..., None], 0.0)), 0.0)
    del logd
    keyok = pad[:, None, :, None]  # (B, 1, N, 1)
    col_max = np.where(keyok, f, -np.inf).max(axis=-2, keepdims=True)
    smat = np.where(keyok, np.exp(np.minimum(f - col_max, 0.0)), 0.0)  # (B, H, N, d_h)
    num = ops.matmul(dmat, smat * v)
    den = ops.matmul(dmat, smat)
    del dmat
    orphan = ~has_key & pad[:, None, :]
    if config.empty_rows == "raise" and orphan.any():
        b, hh, i = (int(t[0]) for t in np.nonzero(orphan))
        raise ValueError(
            f"query {i} of head {hh} in sequence {b} has no unmasked key (empty_rows='raise')"
        )
    small = (den < UNDERFLOW_GUARD) & has_key[..., None]
    safe = np.where(small | ~has_key[..., None], 1.0, den)
    o = np.where(has_key[..., None], num / safe, 0.0)
    rows = np.argwhere(small.any(axis=-1))  # (R, 3) of (b, h, i)
    if rows.size:
        o[tuple(rows.T)] = _log_domain_rows(rows, q, k, v, f, allowed, config)
    o = np.where(pad[:, None, :, None], o, 0.0)
    return o, v


def _log_domain_rows(
    rows: npt.NDArray[np.int64],
    q: FloatArray,
    k: FloatArray,
    v: FloatArray,
    f: FloatArray,
    allowed: BoolArray,
    config: MTSAConfig,
) -> FloatArray:
    """Exact feature-wise softmax for the listed ``(b, h, i)`` rows, ``FALLBACK_CHUNK`` at a
    time."""
    out = np.empty((len(rows), v.shape[-1]))
    scale = 1.0 / math.sqrt(config.head_dim)
    for s in range(0, len(rows), FALLBACK_CHUNK):
        b, h, i = rows[s : s + FALLBACK_CHUNK].T
        sc = np.einsum("rc,rjc->rj", q[b, h, i], k[b, h]) * scale
        logit = log_token2token(sc, config.activation)[:, :, None] + f[b, h]  # (r, N, d_h)
        logit = np.where(allowed[b, h, i][:, :, None], logit, -np.inf)
        top = logit.max(axis=1, keepdims=True)
        w = np.exp(logit - top)
        out[s : s + FALLBACK_CHUNK] = (w * v[b, h]).sum(axis=1) / w.sum(axis=1)
    return out


def _sigmoid(z: FloatArray) -> FloatArray:
    out: FloatArray = 0.5 * (1.0 + np.tanh(0.5 * z))
    return out


def mtsa_attention(
    x: npt.ArrayLike,
    params: MTSAParams,
    *,
    config: MTSAConfig,
    padding: npt.ArrayLike | None = None,
    counter: OpCounter | None = None,
) -> FloatArray:
    """MTSA layer: ``X (B, N, d) -> (B, N, H d_h)`` (or ``(N, d) -> (N, H d_h)``).

    Heads are concatenated in order (forward heads first). See :func:`mtsa_heads`.
    """
    o, v = mtsa_heads(x, params, config=config, padding=padding, counter=counter)
    if config.fusion_gate:
        h, dh = config.heads, config.head_dim
        wg = _param("w_g", params.w_g, (h, 2 * dh, dh))
        bg = _param("b_g", params.b_g, (h, dh))
        ops = counter if counter is not None else OpCounter()
        g = _sigmoid(ops.matmul(np.concatenate([v, o], axis=-1), wg) + bg[None, :, None, :])
        o = g * v + (1.0 - g) * o
    b, h, n, dh = o.shape
    y = np.ascontiguousarray(np.moveaxis(o, 1, 2).reshape(b, n, h * dh))
    if padding is not None:
        pad = np.asarray(padding)
        pad = pad[None] if pad.ndim == 1 else pad
        y = np.where(pad[..., None], y, 0.0)
    return y[0] if np.ndim(x) == 2 else y


MECHANISM = Mechanism(
    name="mtsa",
    module=__name__,
    summary="Multi-mask tensorized self-attention: feature-wise masked softmax in two matmuls",
    no_circuit_reason="classical attention (survey §2 (4)): no quantum component in the paper or "
    "its public code",
)

__all__ = [
    "FALLBACK_CHUNK",
    "MECHANISM",
    "UNDERFLOW_GUARD",
    "MTSAConfig",
    "MTSAParams",
    "direction_masks",
    "init_params",
    "log_token2token",
    "mtsa_attention",
    "mtsa_heads",
]
