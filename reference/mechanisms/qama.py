r"""Annealing-based multi-head attention, QAMA (seed 003; survey §7, claims SUR-QAMA-01..06).

**v2 operator** (code ``Dxee-e/QAMA`` commit ``8fd13ab``, ``QAMA/QAMA/QUBO.py`` and
``QAMultiheadAttention.py``). Per batch element, heads ``H``, tokens ``N``, head width ``d_h``:

* couplings ``J^h = sym(Q^h K^h^T / sqrt(d_h))`` with ``sym(A) = (A + A^T)/2`` and zero diagonal;
* fields ``h^h_j = (1/d_h) sum_c V^h_jc e_c`` (learned ``e``, the code's ``E2V``);
* QUBO over ``x in {0,1}^{HN}`` (``x_{hj} = 1``: head ``h`` selects token ``j``; flat index
  ``h N + j``)::

      E(x) = -c_q sum_h sum_{j!=k} J^h_jk x_hj x_hk - c_l N sum_{h,j} h^h_j x_hj
             + p sum_j sum_{h!=h'} x_hj x_h'j,          p = (c_p / 2) sqrt(2/pi) N / (H - 1),

  defaults ``c_q = 1``, ``c_l = 0.16``, ``c_p = 0.8`` (``DEFAULT_MODEL_ARGS``);
* output: with ``x*`` detached, per-token energies ``H^h_j = -(x*_hj sum_k J^h_jk x*_hk +
  h^h_j x*_hj)`` and ``Y[j, (h, :)] = H^h_j e``.

The input projections (``LayerNorm`` and ``W_q, W_k, W_v``) are not part of this reference: the
functions take the per-head ``q, k, v`` directly.

**v1 soft selection** (commits ``5eb0a97``/``bbbfe60``, ``QAMA/QAMultiheadAttention.py``):
Jensen–Shannon couplings ``J_ij = JSD(softmax(q_i) || softmax(k_j))`` (log2), entropy fields
``h_j = -sum_c v^_jc log2 v^_jc``, ``q_bits`` bits per (head, token) giving weights
``w = sum_b 2^b x_b / (2^q - 1)``, objective ``-c_4 sum_h sum_{j,k} J_jk w_hj w_hk -
c_1 sum h_j w_hj + lambda_mh mean_{h<h'} sum_{j,b} x_hjb x_h'jb`` over ``H N q`` bits.

Documented options (survey §7; RECONSTRUCTED defaults, *(assumption)* in the specification):

* ``row_scale = sqrt(2/pi)`` in :func:`penalty_weight`: the survey's *(assumption)* reading of
  ``sqrt(2/pi) = E|Z|`` as the expected row sum scale of unit-variance couplings (SUR-QAMA-04).
* v1: ``normalize="standardize"`` stands for the code's BatchNorm of the off-diagonal couplings
  and of the fields (train mode, no affine); ``zero_diagonal=True`` sets ``J_jj = 0``; the
  cross-head term is a *mean* over head pairs and ``+lambda`` times it (Kaiwu's
  ``add_constraint`` semantics are unverified, survey §7 (1b)).

Notation map: paper ``J, h, x, c_q, c_l, c_p, p`` -> same names; heads ``t`` in the code ->
``H``; tokens ``n`` in the code -> ``N``.

>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> q, k, v = (rng.normal(size=(2, 3, 4)) for _ in range(3))
>>> out = qama_forward(q, k, v, rng.normal(size=4), rng=rng)
>>> out.y.shape, out.x.shape
((3, 8), (2, 3))
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from reference._mechanism import CircuitExample, Mechanism
from reference._types import FloatArray, IntArray
from reference._validate import choice, finite_scalar, generator, integer, real_array
from reference.algorithms.qaoa import qaoa_circuit
from reference.algorithms.qubo import QUBO, BruteForce, QUBOSolver, Solution, check_binary
from reference.circuit import Circuit, Param

SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)


def _heads(name: str, a: npt.ArrayLike, ndim: int, shape_text: str) -> FloatArray:
    """A finite real non-empty array of ``ndim`` dims (``(H, N, ...)``: at least one head and
    one token; an empty problem has no QUBO)."""
    return real_array(name, a, ndim=ndim, shape_text=shape_text, nonempty=True)


def _coefficient(name: str, v: object) -> float:
    """A QUBO coefficient: finite and ``>= 0`` (the laws' Lipschitz constants and the sign of
    each term, attention rewarded and sharing penalised, assume non-negative weights)."""
    return finite_scalar(name, v, lo=0.0)


@dataclass(frozen=True, kw_only=True)
class QAMAParams:
    """QUBO coefficients of QAMA v2 (``QUBO.py DEFAULT_MODEL_ARGS``; SUR-QAMA-01).

    Attributes:
        c_q: quadratic (attention) coefficient, default 1.
        c_l: linear (field) coefficient, default 0.16 (multiplied by ``N``).
        c_p: multi-head penalty coefficient, default 0.8.
        row_scale: ``sqrt(2/pi)`` *(assumption: ``E|Z|``, survey §7)*; ``p = c_p/2 row_scale
            N/(H-1)``.
        penalty: explicit ``p`` overriding the formula (needed for ``H = 1``, where the formula
            divides by zero; the cross-head term is then empty anyway).
    """

    c_q: float = 1.0
    c_l: float = 0.16
    c_p: float = 0.8
    row_scale: float = SQRT_2_OVER_PI
    penalty: float | None = None

    def __post_init__(self) -> None:
        for name in ("c_q", "c_l", "c_p"):
            _coefficient(name, getattr(self, name))
        finite_scalar("row_scale", self.row_scale, lo=0.0, lo_open=True)
        if self.penalty is not None:
            _coefficient("penalty", self.penalty)

    def penalty_for(self, *, num_tokens: int, num_heads: int) -> float:
        if self.penalty is not None:
            return float(self.penalty)
        return penalty_weight(
            num_tokens=num_tokens, num_heads=num_heads, c_p=self.c_p, row_scale=self.row_scale
        )


def _penalty(prm: QAMAParams, n: int, hh: int) -> float:
    """``p`` for ``H >= 2``; for ``H = 1`` the cross-head term is empty and, as in the code
    (``if t > 1``), no penalty is formed (``p`` reported as 0 or the explicit override)."""
    if hh > 1:
        return prm.penalty_for(num_tokens=n, num_heads=hh)
    return 0.0 if prm.penalty is None else float(prm.penalty)


def penalty_weight(
    *, num_tokens: int, num_heads: int, c_p: float = 0.8, row_scale: float = SQRT_2_OVER_PI
) -> float:
    """``p = (c_p/2) row_scale N / (H - 1)`` (survey §7 (1a)); ``H = 1`` is rejected.

    >>> round(penalty_weight(num_tokens=4, num_heads=3), 6)
    0.638308
    """
    integer("num_tokens", num_tokens, lo=1)
    if integer("num_heads", num_heads, lo=1) < 2:
        raise ValueError(
            f"num_heads={num_heads}: the penalty p = (c_p/2) sqrt(2/pi) N/(H-1) needs H >= 2 "
            "(division by zero at H = 1); pass QAMAParams(penalty=...) explicitly"
        )
    cp = _coefficient("c_p", c_p)
    rs = finite_scalar("row_scale", row_scale, lo=0.0, lo_open=True)
    return 0.5 * cp * rs * num_tokens / (num_heads - 1)


# ---------------------------------------------------------------------------------------------
# v2: couplings, fields, QUBO, token energies


def _qk(q: npt.ArrayLike, k: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    qa = _heads("q", q, 3, "(H, N, d_h)")
    ka = _heads("k", k, 3, "(H, N, d_h)")
    if qa.shape != ka.shape:
        raise ValueError(f"q has shape {qa.shape} but k has shape {ka.shape}")
    return qa, ka


def couplings(q: npt.ArrayLike, k: npt.ArrayLike, *, scale: float | None = None) -> FloatArray:
    """``J = sym(q k^T * scale)`` with zero diagonal; ``q, k: (H, N, d_h) -> (H, N, N)``.

    ``scale`` defaults to ``1/sqrt(d_h)``.
    """
    qa, ka = _qk(q, k)
    s = (
        1.0 / math.sqrt(qa.shape[-1])
        if scale is None
        else finite_scalar("scale", scale, lo=0.0, lo_open=True)
    )
    a = np.einsum("hjc,hkc->hjk", qa, ka) * s
    j: FloatArray = 0.5 * (a + np.swapaxes(a, -1, -2))
    idx = np.arange(qa.shape[1])
    j[:, idx, idx] = 0.0
    return j


def fields(v: npt.ArrayLike, e: npt.ArrayLike) -> FloatArray:
    """``h_j = (1/d_h) sum_c v_jc e_c``; ``v: (H, N, d_h)``, ``e: (d_h,)`` -> ``(H, N)``."""
    va, ea = _heads("v", v, 3, "(H, N, d_h)"), real_array("e", e, ndim=1)
    if ea.shape[0] != va.shape[-1]:
        raise ValueError(f"e has shape {ea.shape}; expected ({va.shape[-1]},)")
    return va @ ea / va.shape[-1]  # type: ignore[no-any-return]


def _jh(J: npt.ArrayLike, h: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    ja, ha = _heads("J", J, 3, "(H, N, N)"), _heads("h", h, 2, "(H, N)")
    hh, n, n2 = ja.shape
    if n != n2 or ha.shape != (hh, n):
        raise ValueError(f"J has shape {ja.shape} and h {ha.shape}; expected (H, N, N), (H, N)")
    return ja, ha


def _check_jh(J: npt.ArrayLike, h: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    ja, ha = _jh(J, h)
    bad = np.argwhere(ja != np.swapaxes(ja, -1, -2))
    if bad.size:
        a, j, k = (int(i) for i in bad[0])
        raise ValueError(
            f"J must be symmetric in its last two axes (J[{a}, {j}, {k}]={ja[a, j, k]!r} != "
            f"J[{a}, {k}, {j}]={ja[a, k, j]!r})"
        )
    bad = np.argwhere(np.diagonal(ja, axis1=1, axis2=2) != 0.0)
    if bad.size:
        a, j = (int(i) for i in bad[0])
        raise ValueError(f"J must have a zero diagonal (J[{a}, {j}, {j}]={ja[a, j, j]!r})")
    return ja, ha


def qama_qubo(J: npt.ArrayLike, h: npt.ArrayLike, *, params: QAMAParams | None = None) -> QUBO:
    """The QAMA v2 QUBO matrix (survey §7 (1a), ``prepare_coefficients``; SUR-QAMA-01).

    ``J: (H, N, N)`` symmetric, zero diagonal; ``h: (H, N)``. Flat index of ``(h, j)`` is
    ``h N + j``. Entries: ``Q[(h,j),(h,k)] = -c_q J^h_jk`` (``j != k``), ``Q[(h,j),(h,j)] =
    -c_l N h^h_j``, ``Q[(h,j),(h',j)] = p`` (``h != h'``).
    """
    prm = params or QAMAParams()
    ja, ha = _check_jh(J, h)
    hh, n, _ = ja.shape
    p = _penalty(prm, n, hh)
    q = np.zeros((hh, n, hh, n))
    hi = np.arange(hh)
    q[hi, :, hi, :] = -prm.c_q * ja
    q += p * (1.0 - np.eye(hh))[:, None, :, None] * np.eye(n)[None, :, None, :]
    jj = np.arange(n)
    q[hi[:, None], jj[None, :], hi[:, None], jj[None, :]] = -prm.c_l * n * ha
    return QUBO(matrix=q.reshape(hh * n, hh * n))


def closed_form_energy(
    x: npt.ArrayLike, J: npt.ArrayLike, h: npt.ArrayLike, *, params: QAMAParams | None = None
) -> FloatArray:
    """The three-term closed form of ``E(x)`` for ``x: (..., H, N)``, computed term by term
    (independent of :func:`qama_qubo`; SUR-QAMA-01)."""
    prm = params or QAMAParams()
    ja, ha = _check_jh(J, h)
    hh, n, _ = ja.shape
    xa = check_binary(x, n)
    if xa.shape[-2] != hh:
        raise ValueError(f"x has shape {xa.shape}; expected (..., {hh}, {n})")
    p = _penalty(prm, n, hh)
    attn = np.einsum("...hj,hjk,...hk->...", xa, ja, xa)
    lin = np.einsum("...hj,hj->...", xa, ha)
    return -prm.c_q * attn - prm.c_l * n * lin + p * cross_head_overlap(xa)  # type: ignore[no-any-return]


def cross_head_overlap(x: npt.ArrayLike) -> FloatArray:
    """``G(x) = sum_j c_j (c_j - 1)`` with ``c_j = sum_h x_hj`` (SUR-QAMA-04); ``(..., H, N) ->
    (...)``. Equals ``sum_j sum_{h != h'} x_hj x_h'j``."""
    shape = np.shape(x)
    if len(shape) < 2:
        raise ValueError(f"x has shape {shape}; expected (..., H, N)")
    xa = check_binary(x, shape[-1])
    c = xa.sum(axis=-2)
    return (c * (c - 1.0)).sum(axis=-1)  # type: ignore[no-any-return]


def ising_closed_form(
    J: npt.ArrayLike, h: npt.ArrayLike, *, params: QAMAParams | None = None
) -> tuple[FloatArray, FloatArray, float]:
    """QAMA-specialised Ising ``(h_I (HN,), J_I (HN, HN) strictly upper, offset)`` from the
    survey's closed forms (§7 (1c); SUR-QAMA-02), independent of
    :func:`reference.algorithms.qubo.to_ising`:
    ``J_I[(h,j),(h,k)] = -c_q J_jk / 2``, ``J_I[(h,j),(h',j)] = p/2``, ``h_I = [-c_l N h_j -
    c_q sum_k J_jk + p (H-1)] / 2``, offset ``[-c_l N sum h - c_q sum_h sum_{j<k} J_jk +
    p N H (H-1)/2] / 2``."""
    prm = params or QAMAParams()
    ja, ha = _check_jh(J, h)
    hh, n, _ = ja.shape
    p = _penalty(prm, n, hh)
    hi = 0.5 * (-prm.c_l * n * ha - prm.c_q * ja.sum(axis=-1) + p * (hh - 1))
    full = np.zeros((hh, n, hh, n))
    idx = np.arange(hh)
    full[idx, :, idx, :] = -0.5 * prm.c_q * ja
    full += 0.5 * p * (1.0 - np.eye(hh))[:, None, :, None] * np.eye(n)[None, :, None, :]
    upper = np.triu(full.reshape(hh * n, hh * n), 1)
    off = 0.5 * (
        -prm.c_l * n * ha.sum() - prm.c_q * np.triu(ja, 1).sum() + p * n * hh * (hh - 1) / 2.0
    )
    return hi.reshape(-1), upper, float(off)


def token_energies(x: npt.ArrayLike, J: npt.ArrayLike, h: npt.ArrayLike) -> FloatArray:
    """``H^h_j = -(x_hj sum_k J^h_jk x_hk + h^h_j x_hj)`` (``calculate_energy``); ``(H, N)``."""
    ja, ha = _check_jh(J, h)
    xa = check_binary(x, ja.shape[-1])
    return -(xa * np.einsum("hjk,hk->hj", ja, xa) + ha * xa)  # type: ignore[no-any-return]


@dataclass(frozen=True, kw_only=True)
class QAMAOutput:
    """One QAMA v2 forward pass.

    Attributes:
        y: ``(N, H d_h)`` output, ``y[j, h d_h:(h+1) d_h] = H^h_j e``.
        x: ``(H, N)`` selection ``x*`` (int64).
        token_energy: ``(H, N)`` per-token energies ``H^h_j``.
        energy: QUBO energy of ``x*``.
        qubo: the QUBO solved.
        J: ``(H, N, N)``; h: ``(H, N)``.
    """

    y: FloatArray
    x: IntArray
    token_energy: FloatArray
    energy: float
    qubo: QUBO
    J: FloatArray
    h: FloatArray


def qama_forward(
    q: npt.ArrayLike,
    k: npt.ArrayLike,
    v: npt.ArrayLike,
    e: npt.ArrayLike,
    *,
    rng: np.random.Generator,
    params: QAMAParams | None = None,
    solver: QUBOSolver | None = None,
) -> QAMAOutput:
    """QAMA v2 on one batch element: ``q, k, v: (H, N, d_h)``, ``e: (d_h,)``.

    ``solver`` is any :class:`~reference.algorithms.qubo.QUBOSolver` (default exact brute force, so
    ``H N <= 22``); batch over elements by calling once per element.
    """
    generator("rng", rng)
    J = couplings(q, k)
    h = fields(v, e)
    prm = params or QAMAParams()
    model = qama_qubo(J, h, params=prm)
    sol: Solution = (solver or BruteForce())(model, rng)
    hh, n, _ = J.shape
    x = np.asarray(sol.x, dtype=np.int64).reshape(hh, n)
    te = token_energies(x, J, h)
    ea = real_array("e", e, ndim=1)
    y = (te.T[:, :, None] * ea[None, None, :]).reshape(n, hh * ea.shape[0])
    return QAMAOutput(y=y, x=x, token_energy=te, energy=float(sol.energy), qubo=model, J=J, h=h)


def resource_counts(
    *, num_heads: int, num_tokens: int, q_bits: int | None = None
) -> dict[str, int]:
    """Counted resources (SUR-QAMA-06): spins ``H N`` (``H N q`` in v1) and the coupler bound
    ``H C(N,2) + N C(H,2)`` (v2)."""
    integer("num_heads", num_heads, lo=1)
    integer("num_tokens", num_tokens, lo=1)
    out = {
        "spins": num_heads * num_tokens,
        "coupler_bound": num_heads * math.comb(num_tokens, 2)
        + num_tokens * math.comb(num_heads, 2),
    }
    if q_bits is not None:
        integer("q_bits", q_bits, lo=1)
        out["spins_v1"] = num_heads * num_tokens * q_bits
    return out


# ---------------------------------------------------------------------------------------------
# v1: Jensen-Shannon couplings, entropy fields, soft selection with q bits

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
    qa, ka = _qk(q, k)
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
    va = _heads("v", v, 3, "(H, N, d)")
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
            _coefficient(name, getattr(self, name))


def v1_qubo(J: npt.ArrayLike, h: npt.ArrayLike, *, params: QAMAv1Params | None = None) -> QUBO:
    """Bit-level QUBO of the v1 objective over ``H N q`` bits (flat index ``(h N + j) q + b``).

    ``J: (H, N, N)`` (any real; symmetrised, which leaves the objective unchanged), ``h: (H, N)``.
    With ``H = 1`` the cross-head mean is over no pairs and is taken as 0.
    """
    prm = params or QAMAv1Params()
    ja, ha = _jh(J, h)
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
    ja, ha = _jh(J, h)
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


def _example_qama_qubo() -> QUBO:
    """A fixed ``H = N = 2`` QAMA v2 QUBO (4 spins) for the registered QAOA layer."""
    J = np.array([[[0.0, 0.7], [0.7, 0.0]], [[0.0, -0.4], [-0.4, 0.0]]])
    h = np.array([[0.5, -0.3], [0.2, 0.9]])
    return qama_qubo(J, h)


def qaoa_layer_example() -> Circuit:
    """One QAOA layer (``h`` layer, cost, mixer) of :func:`_example_qama_qubo`, symbolic
    ``gamma``/``beta`` (survey §7 (4); SUR-QAMA-C01)."""
    return qaoa_circuit(
        _example_qama_qubo(),
        layers=1,
        gammas=[Param("gamma")],
        betas=[Param("beta")],
        name="qaoa_layer",
    )


MECHANISM = Mechanism(
    name="qama",
    module=__name__,
    summary="QAMA annealing multi-head attention: v2 QUBO (couplings, fields, cross-head "
    "penalty), v1 soft selection, brute-force / annealing solvers, QAOA surrogate (seed 003).",
    circuits=(
        CircuitExample(
            name="qaoa-layer",
            build=qaoa_layer_example,
            description="one QAOA layer for an H = N = 2 QAMA QUBO (4 qubits), symbolic "
            "gamma/beta; cost layer cx-rz-cx couplings, rz fields, rx mixer",
        ),
    ),
)


__all__ = [
    "MECHANISM",
    "SQRT_2_OVER_PI",
    "QAMAOutput",
    "QAMAParams",
    "QAMAv1Params",
    "bit_weights",
    "bits_to_weights",
    "closed_form_energy",
    "couplings",
    "cross_head_overlap",
    "entropy_fields",
    "fields",
    "ising_closed_form",
    "js_couplings",
    "penalty_weight",
    "qama_forward",
    "qama_qubo",
    "qaoa_layer_example",
    "resource_counts",
    "token_energies",
    "v1_objective",
    "v1_qubo",
]
