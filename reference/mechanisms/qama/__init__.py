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

**v1 soft selection** (:mod:`reference.mechanisms.qama.v1`; commits ``5eb0a97``/``bbbfe60``,
``QAMA/QAMultiheadAttention.py``):
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

import numpy as np
import numpy.typing as npt

from reference._mechanism import CircuitExample, Mechanism
from reference._types import FloatArray, IntArray
from reference._validate import finite_scalar, generator, integer, real_array
from reference.algorithms.qaoa import qaoa_circuit
from reference.algorithms.qubo import QUBO, BruteForce, QUBOSolver, Solution, check_binary
from reference.circuit import Circuit, Param
from reference.mechanisms.qama._checks import coefficient, heads, jh, qk
from reference.mechanisms.qama.v1 import (
    Normalize,
    QAMAv1Params,
    bit_weights,
    bits_to_weights,
    entropy_fields,
    js_couplings,
    v1_objective,
    v1_qubo,
)

SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)


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
            coefficient(name, getattr(self, name))
        finite_scalar("row_scale", self.row_scale, lo=0.0, lo_open=True)
        if self.penalty is not None:
            coefficient("penalty", self.penalty)

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
    cp = coefficient("c_p", c_p)
    rs = finite_scalar("row_scale", row_scale, lo=0.0, lo_open=True)
    return 0.5 * cp * rs * num_tokens / (num_heads - 1)


# ---------------------------------------------------------------------------------------------
# v2: couplings, fields, QUBO, token energies


def couplings(q: npt.ArrayLike, k: npt.ArrayLike, *, scale: float | None = None) -> FloatArray:
    """``J = sym(q k^T * scale)`` with zero diagonal; ``q, k: (H, N, d_h) -> (H, N, N)``.

    ``scale`` defaults to ``1/sqrt(d_h)``.
    """
    qa, ka = qk(q, k)
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
    va, ea = heads("v", v, 3, "(H, N, d_h)"), real_array("e", e, ndim=1)
    if ea.shape[0] != va.shape[-1]:
        raise ValueError(f"e has shape {ea.shape}; expected ({va.shape[-1]},)")
    return va @ ea / va.shape[-1]  # type: ignore[no-any-return]


def _checkjh(J: npt.ArrayLike, h: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    ja, ha = jh(J, h)
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
    ja, ha = _checkjh(J, h)
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
    ja, ha = _checkjh(J, h)
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
    ja, ha = _checkjh(J, h)
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
    ja, ha = _checkjh(J, h)
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
    "Normalize",
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
