"""Laws of Multi-mask Tensorized Self-Attention (claims ``SUR-MTSA-01..06``).

Every law takes the implementation under test and returns an
:class:`~properties.outcome.Outcome` (named checks with derived tolerances, issue 10 C). The
implementation is a *heads function* ``heads(X (B, N, d), padding (B, N)) -> O (B, H, N, d_h)``
(attention results before any fusion gate), so the reference and a user's variant meet the same
checks.

Oracle: :func:`explicit_oracle` forms the ``(B, H, N, N, d_h)`` alignment tensor
``f_ijc = log sigma(q_i . k_j / sqrt(d_h)) + f_s2t(x_j)_c`` (masked entries ``-inf``) and takes
the feature-wise softmax over ``j`` with ``np.exp`` after max-subtraction, exactly the
survey's right-hand side; it shares no code with :mod:`reference.mechanisms.mtsa`.

Tolerance derivation (one place). A softmax weight responds to a logit error ``delta`` with a
relative change ``<= 2 delta``, so an output (a convex combination of values) moves by
``<= 2 delta max|v|``. Logit errors come from (i) the ``d``-term projections and the ``d_h``-term
score, bounded by ``2 (d + d_h + 2) eps`` times the same sums over absolute values (Higham
Thm 3.5), and (ii) the shift ``z - max z`` before ``exp``, relative ``eps`` of ``|z|`` (so
``eps * range`` absolutely, ``range`` = max absolute logit). The final ``N``-term sums and the
division add ``(N + 3) eps`` relative. Everything is doubled because two computations are
compared (:func:`output_tolerance`). The smallest normal float is added as the underflow part
of the rounding model (each operation may add ``eta = tiny * eps`` absolutely; the ``~(d + N)``
operations of an output stay far below ``tiny``), so the tolerance is positive when ``V = 0``.
"""

from __future__ import annotations

import math
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

from properties.outcome import Outcome, at_least, at_most, close, combine, within
from properties.tolerances import EPS
from reference._types import BoolArray, FloatArray
from reference.mechanisms.mtsa import MTSAConfig, MTSAParams

Heads = Callable[[FloatArray, BoolArray], FloatArray]


def _proj(x: FloatArray, params: MTSAParams, config: MTSAConfig) -> dict[str, FloatArray]:
    """Q, K, V and f_s2t via einsum (the oracle's own projections), plus absolute-value sums."""
    ein = "bnd,hde->bhne"
    q = np.einsum(ein, x, params.w_q)
    k = np.einsum(ein, x, params.w_k)
    v = np.einsum(ein, x, params.w_v)
    ax = np.abs(x)
    av = np.einsum(ein, ax, np.abs(params.w_v))
    if config.s2t_input == "tokens":
        src, asrc, e1 = x, ax, ein
    else:
        src, asrc, e1 = v, av, "bhne,hef->bhnf"
    if config.s2t == "mlp":
        assert params.w_1 is not None and params.b_1 is not None
        pre = np.einsum(e1, src, params.w_1) + params.b_1[None, :, None, :]
        f = np.einsum("bhne,hef->bhnf", np.maximum(pre, 0.0), params.w_2)
        abs_pre = np.einsum(e1, asrc, np.abs(params.w_1)) + np.abs(params.b_1)[None, :, None, :]
        abs_f = np.einsum("bhne,hef->bhnf", abs_pre, np.abs(params.w_2))
    else:
        f = np.einsum(e1, src, params.w_2)
        abs_f = np.einsum(e1, asrc, np.abs(params.w_2))
    f = f + params.b_2[None, :, None, :]
    abs_f = abs_f + np.abs(params.b_2)[None, :, None, :]
    aq = np.einsum(ein, ax, np.abs(params.w_q))
    ak = np.einsum(ein, ax, np.abs(params.w_k))
    return {"q": q, "k": k, "v": v, "f": f, "aq": aq, "ak": ak, "av": av, "af": abs_f}


def masks(n: int, config: MTSAConfig) -> BoolArray:
    """``(H, N, N)`` positional masks written from the survey's definition."""
    out = np.zeros((config.heads, n, n), dtype=bool)
    for h in range(config.heads):
        for i in range(n):
            for j in range(n):
                if not config.directional:
                    out[h, i, j] = config.attn_self or i != j
                elif h < config.heads // 2:
                    out[h, i, j] = i > j or (config.attn_self and i == j)
                else:
                    out[h, i, j] = i < j or (config.attn_self and i == j)
    return out


def allowed(x: FloatArray, padding: BoolArray, config: MTSAConfig) -> BoolArray:
    """``(B, H, N, N)``: positional mask AND key padding."""
    result: BoolArray = masks(x.shape[1], config)[None] & padding[:, None, None, :]
    return result


def explicit_oracle(
    x: FloatArray, padding: BoolArray, params: MTSAParams, config: MTSAConfig
) -> FloatArray:
    """The masked feature-wise softmax over the explicit ``(B, H, N, N, d_h)`` tensor.

    Rows with no unmasked key and padded query positions are 0."""
    p = _proj(x, params, config)
    s = np.einsum("bhic,bhjc->bhij", p["q"], p["k"]) / math.sqrt(config.head_dim)
    logd = s if config.activation == "exp" else -np.logaddexp(0.0, -s)
    m = allowed(x, padding, config)
    t = logd[..., None] + p["f"][:, :, None, :, :]  # (B, H, N_i, N_j, d_h)
    t = np.where(m[..., None], t, -np.inf)
    top = t.max(axis=3, keepdims=True)
    has: BoolArray = np.asarray(m.any(axis=-1), dtype=bool)
    top = np.where(has[..., None, None], top, 0.0)
    w = np.exp(t - top)
    den = w.sum(axis=3)
    num = (w * p["v"][:, :, None, :, :]).sum(axis=3)
    o = np.where(has[..., None], num / np.where(has[..., None], den, 1.0), 0.0)
    out: FloatArray = np.where(padding[:, None, :, None], o, 0.0)
    return out


def output_tolerance(x: FloatArray, params: MTSAParams, config: MTSAConfig) -> float:
    """Allowed deviation between two computations of ``O`` (module docstring)."""
    p = _proj(x, params, config)
    d, dh, n = x.shape[-1], config.head_dim, x.shape[1]
    abs_s = np.einsum("bhic,bhjc->bhij", p["aq"], p["ak"]) / math.sqrt(dh)
    rng_logit = float(np.max(abs_s)) + float(np.max(p["af"]))
    delta = 2.0 * (d + dh + 2) * EPS * rng_logit + 2.0 * EPS * rng_logit
    vmax = float(np.max(p["av"]))
    return float(2.0 * (2.0 * delta + (n + 3) * EPS) * vmax + np.finfo(np.float64).tiny)


def law_equals_explicit(
    heads: Heads, x: FloatArray, padding: BoolArray, params: MTSAParams, config: MTSAConfig
) -> Outcome:
    """SUR-MTSA-01: the implementation equals the explicit masked feature-wise softmax within
    :func:`output_tolerance` (a non-finite output never holds)."""
    got = np.asarray(heads(x, padding), dtype=np.float64)
    want = explicit_oracle(x, padding, params, config)
    tol = output_tolerance(x, params, config)
    return close("heads = explicit N x N x d_h softmax", got, want, tol)


def law_convexity(
    o: FloatArray, v: FloatArray, mask: BoolArray, padding: BoolArray, tol: float
) -> Outcome:
    """SUR-MTSA-02: ``min_{j in M_i} v_jc <= o_ic <= max_{j in M_i} v_jc`` for every real query
    row with a key.

    ``o, v: (B, H, N, d_h)``, ``mask: (B, H, N, N)``, ``padding: (B, N)``; ``tol`` from
    :func:`output_tolerance`."""
    vv = v[:, :, None, :, :]  # (B, H, 1, N_j, d_h)
    mm = mask[..., None]
    lo = np.where(mm, vv, np.inf).min(axis=3)
    hi = np.where(mm, vv, -np.inf).max(axis=3)
    rows = mask.any(axis=-1) & padding[:, None, :]
    has = rows[..., None] & np.ones_like(o, dtype=bool)
    return combine(
        at_least("o_ic >= min_j v_jc", o[has], lo[has], tol),
        at_most("o_ic <= max_j v_jc", o[has], hi[has], tol),
    )


def law_causality(
    heads: Heads,
    x: FloatArray,
    padding: BoolArray,
    cut: int,
    noise: FloatArray,
    config: MTSAConfig,
    tol: float,
) -> Outcome:
    """SUR-MTSA-03: perturbing tokens ``j > cut`` leaves forward heads' rows ``i <= cut``
    unchanged, and perturbing tokens ``j < cut`` leaves backward heads' rows ``i >= cut``
    unchanged (``noise``: ``(B, N, d)``). Requires ``directional``."""
    n = x.shape[1]
    half = config.heads // 2
    o = np.asarray(heads(x, padding), dtype=np.float64)
    fut = x.copy()
    fut[:, cut + 1 :] += noise[:, cut + 1 :]
    past = x.copy()
    past[:, :cut] += noise[:, :cut]
    of = np.asarray(heads(fut, padding), dtype=np.float64)
    ob = np.asarray(heads(past, padding), dtype=np.float64)
    dev_f = float(np.max(np.abs(of[:, :half, : cut + 1] - o[:, :half, : cut + 1])))
    dev_b = float(np.max(np.abs(ob[:, half:, cut:n] - o[:, half:, cut:n]), initial=0.0))
    return combine(
        within("forward heads: rows i <= cut unchanged", dev_f, tol),
        within("backward heads: rows i >= cut unchanged", dev_b, tol),
    )


def law_padding_invariance(
    heads: Heads, x: FloatArray, padding: BoolArray, noise: FloatArray, tol: float
) -> Outcome:
    """SUR-MTSA-05: changing padded tokens leaves every unpadded output unchanged.

    ``tol``: :func:`padding_tolerance` (padded tokens enter no sum of an unpadded output, so
    only the unpadded tokens, the same in both calls, set the rounding of either side)."""
    o = np.asarray(heads(x, padding), dtype=np.float64)
    x2 = np.where(padding[..., None], x, x + noise)
    o2 = np.asarray(heads(x2, padding), dtype=np.float64)
    keep = np.broadcast_to(padding[:, None, :, None], o.shape)
    return close("unpadded outputs unchanged", o2[keep], o[keep], tol)


def padding_tolerance(
    x: FloatArray, padding: BoolArray, params: MTSAParams, config: MTSAConfig
) -> float:
    """Two computations of the unpadded outputs: ``2 *`` :func:`output_tolerance` of the tokens
    with the padded ones zeroed (their values and logits take no part in an unpadded row)."""
    return 2.0 * output_tolerance(np.where(padding[..., None], x, 0.0), params, config)


def masked_dot_attention(
    x: FloatArray, padding: BoolArray, params: MTSAParams, config: MTSAConfig
) -> FloatArray:
    """Oracle of SUR-MTSA-04 (first reduction): masked multi-head softmax attention."""
    p = _proj(x, params, config)
    s = np.einsum("bhic,bhjc->bhij", p["q"], p["k"]) / math.sqrt(config.head_dim)
    m = allowed(x, padding, config)
    s = np.where(m, s, -np.inf)
    has = m.any(axis=-1, keepdims=True)
    w = np.exp(s - np.where(has, s.max(axis=-1, keepdims=True), 0.0))
    w = w / np.where(has, w.sum(axis=-1, keepdims=True), 1.0)
    out: FloatArray = np.where(padding[:, None, :, None], w @ p["v"], 0.0)
    return out


def masked_s2t_attention(
    x: FloatArray, padding: BoolArray, params: MTSAParams, config: MTSAConfig
) -> FloatArray:
    """Oracle of SUR-MTSA-04 (second reduction, ``q = 0``): ``o_ic = sum_{j in M_i}
    softmax_j(f_jc) v_jc`` (masked multi-dimensional source2token attention)."""
    p = _proj(x, params, config)
    m = allowed(x, padding, config)[..., None]  # (B, H, N, N, 1)
    t = np.where(m, p["f"][:, :, None], -np.inf)
    has: BoolArray = np.asarray(m.any(axis=3, keepdims=True), dtype=bool)
    w = np.exp(t - np.where(has, t.max(axis=3, keepdims=True), 0.0))
    num = (w * p["v"][:, :, None]).sum(axis=3)
    den = w.sum(axis=3)
    o = np.where(has[:, :, :, 0], num / np.where(has[:, :, :, 0], den, 1.0), 0.0)
    out: FloatArray = np.where(padding[:, None, :, None], o, 0.0)
    return out


def law_reduction(
    got: FloatArray, want: FloatArray, tol: float, name: str = "reduction"
) -> Outcome:
    """SUR-MTSA-04: the implementation under the reduced parameters equals the oracle."""
    return close(f"{name} = oracle", np.asarray(got, dtype=np.float64), want, tol)


def peak_bytes(fn: Callable[[], Any]) -> int:
    """Peak traced allocation (bytes) while ``fn()`` runs (NumPy reports its buffers to
    :mod:`tracemalloc`), above the level at the start."""
    was = tracemalloc.is_tracing()
    if not was:
        tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    if not was:
        tracemalloc.stop()
    return int(peak - base)


def law_no_cubic_allocation(
    run: Callable[[int, int], Any], n: int, dims: tuple[int, int], heads: int
) -> tuple[Outcome, dict[str, float]]:
    """SUR-MTSA-06: the extra peak memory per extra feature (``d_h`` from ``dims[0]`` to
    ``dims[1]``, ``run(n, d_h)`` calls the implementation) is at most a small multiple of
    ``H N`` floats, far from the ``H N^2`` floats per feature of an ``N x N x d_h`` tensor.

    Returns ``(outcome, info)``: the check's deviation is ``ratio = (bytes per feature) /
    (8 H N^2)`` with tolerance ``1/2``. Why ``1/2``: materialising an ``N x N x d_h`` float64
    tensor (any of the ``B H N N d_h`` alignment arrays) costs at least ``8 H N^2`` bytes per
    feature, ratio ``>= 1``; an ``O(H N)``-per-feature implementation has ratio ``O(1/N)``.
    Half-way separates the two regimes with a factor 2 either side for allocator noise
    (utilisation = the fraction of half a tensor)."""
    p0 = peak_bytes(lambda: run(n, dims[0]))
    p1 = peak_bytes(lambda: run(n, dims[1]))
    per_feature = (p1 - p0) / (dims[1] - dims[0])
    ratio = per_feature / (8.0 * heads * n * n)
    info = {"N": n, "peak_lo": p0, "peak_hi": p1, "bytes_per_feature": per_feature}
    return within("peak bytes per feature / (8 H N^2)", ratio, 0.5), info


def as_array(a: npt.ArrayLike) -> FloatArray:
    out: FloatArray = np.asarray(a, dtype=np.float64)
    return out
