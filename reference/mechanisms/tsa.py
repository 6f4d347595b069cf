"""Tensorized Spectral Attention (TSA): TT-matrix projections and a polynomial graph filter.

Specification: survey claims file, §1 (Xu, Konstantinidis, Li, Mandic, NeurIPS 2021 QTNML
workshop); claims ``SUR-TSA-01..05`` and the seed correction ``SUR-CORR-01``. RECONSTRUCTED from
the abstract and the GTN framework (arXiv 2303.13565); no public code is known.

Formula (tokens as rows)::

    W[(i_1..i_M), (j_1..j_M)] = G_1[i_1, j_1] G_2[i_2, j_2] ... G_M[i_M, j_M]   (TT-matrix / MPO)
    Q = X W_Q,  K = X W_K,  V = X W_V          (N, d')   contracted core by core, never dense
    A = softmax(Q K^T / sqrt(d'))               (N, N)    row-stochastic ("attention domain")
    Y = sum_{k=0}^{K} theta_k A^k V             (N, d')   polynomial (spectral) graph filter

RECONSTRUCTED choices, each a keyword option of :class:`TSAConfig` with the spec's default
(survey §1 (1), marked *assumption* there; the ids below are this module's labels):

* ``TSA-R1`` ``filter="scalar"``: scalar ``theta_k``; ``"tt"``: ``sum_k A^k V Theta_k`` with
  TT-matrix ``Theta_k`` (``d' x d'``).
* ``TSA-R2`` ``scale=None``: logits divided by ``sqrt(d')``; a float overrides.
* ``TSA-R3`` tokenisation: ``x_t`` reshaped row-major into ``I_1 x ... x I_M`` (the TT index
  ``(i_1..i_M)`` is the row-major flat index), the same for outputs. Not a separate keyword: a
  column-major reshape is the row-major one of the reversed modes, i.e. the cores given in
  reverse order with their bond axes swapped.
* ``TSA-R4`` the TT format is used for all three projections ``W_Q, W_K, W_V``. Not a separate
  keyword: ``in_modes=(d,), out_modes=(d',)`` makes every projection one dense core
  ``(1, d, d', 1)`` (the dense baseline).

Notation map (paper -> here): ``G_m`` -> ``TTMatrix.cores[m]`` with shape
``(r_{m-1}, I_m, J_m, r_m)``; ``theta_k`` -> ``TSAParams.theta[k]``; ``K`` -> ``config.order``;
``d = prod I_m`` -> ``TTMatrix.in_dim``; ``d' = prod J_m`` -> ``TTMatrix.out_dim``.

Every array argument may carry leading batch axes (``X: (..., N, d)``): one call handles the
whole batch. The parameter count is *measured* from the allocated cores
(:attr:`TTMatrix.parameter_count` sums ``core.size``), and matrix products can be routed through an
:class:`~reference.algorithms.opcount.OpCounter`.

>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> cfg = TSAConfig(in_modes=(2, 3), out_modes=(2, 2), rank=2, order=2)
>>> params = init_params(rng, cfg)
>>> params.w_q.parameter_count  # 1*2*2*2 + 2*3*2*1 cores
20
>>> y = tsa_attention(rng.normal(size=(5, 6)), params, config=cfg)
>>> y.shape
(5, 4)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from reference._mechanism import Mechanism
from reference._types import FloatArray
from reference._validate import choice, finite_scalar, integer, real_array
from reference.algorithms.attention import softmax
from reference.algorithms.opcount import OpCounter

Filter = Literal["scalar", "tt"]
_FILTERS = ("scalar", "tt")


def _modes(name: str, modes: object) -> tuple[int, ...]:
    if not isinstance(modes, tuple) or not modes:
        raise TypeError(f"{name}={modes!r} must be a non-empty tuple of positive integers")
    return tuple(integer(f"{name}[{i}]", m, lo=1) for i, m in enumerate(modes))


@dataclass(frozen=True, kw_only=True)
class TTMatrix:
    """A ``d x d'`` matrix in TT-matrix (MPO) format.

    Attributes:
        cores: ``G_m`` of shape ``(r_{m-1}, I_m, J_m, r_m)``, ``r_0 = r_M = 1``, bond dimensions
            matching between neighbours.
    """

    cores: tuple[FloatArray, ...]

    def __post_init__(self) -> None:
        if not isinstance(self.cores, tuple) or not self.cores:
            raise TypeError("cores must be a non-empty tuple of (r, I, J, r') arrays")
        checked = tuple(
            real_array(f"cores[{m}]", c, ndim=4, shape_text="(r_prev, I, J, r_next)")
            for m, c in enumerate(self.cores)
        )
        if checked[0].shape[0] != 1 or checked[-1].shape[3] != 1:
            raise ValueError(
                f"cores have boundary ranks r_0={checked[0].shape[0]}, "
                f"r_M={checked[-1].shape[3]}; both must be 1"
            )
        for m in range(1, len(checked)):
            if checked[m - 1].shape[3] != checked[m].shape[0]:
                raise ValueError(
                    f"cores[{m - 1}] has right rank {checked[m - 1].shape[3]} but cores[{m}] has "
                    f"left rank {checked[m].shape[0]}"
                )
            if 0 in checked[m].shape:
                raise ValueError(f"cores[{m}] has shape {checked[m].shape}; no axis may be empty")
        object.__setattr__(self, "cores", checked)

    @property
    def in_modes(self) -> tuple[int, ...]:
        return tuple(int(c.shape[1]) for c in self.cores)

    @property
    def out_modes(self) -> tuple[int, ...]:
        return tuple(int(c.shape[2]) for c in self.cores)

    @property
    def in_dim(self) -> int:
        return math.prod(self.in_modes)

    @property
    def out_dim(self) -> int:
        return math.prod(self.out_modes)

    @property
    def parameter_count(self) -> int:
        """Number of stored floats: the sum of the allocated cores' sizes (measured, not a
        formula)."""
        return int(sum(c.size for c in self.cores))

    def dense(self) -> FloatArray:
        """The dense ``(d, d')`` matrix ``W[(i), (j)] = G_1[i_1, j_1] ... G_M[i_M, j_M]``."""
        w = self.cores[0][0]  # (I1, J1, r1)
        rows, cols = w.shape[0], w.shape[1]
        for core in self.cores[1:]:
            # w[(i..), (j..), r] x core[r, i, j, r'] -> w[(i.. i), (j.. j), r']
            w = np.einsum("abr,rijs->aibjs", w, core)
            rows, cols = rows * core.shape[1], cols * core.shape[2]
            w = w.reshape(rows, cols, core.shape[3])
        return np.ascontiguousarray(w[:, :, 0])


def tt_apply(x: npt.ArrayLike, w: TTMatrix, *, counter: OpCounter | None = None) -> FloatArray:
    """``x @ dense(w)`` computed core by core (the dense matrix is never formed).

    Args:
        x: ``(..., d)`` with ``d = w.in_dim``.
        counter: optional; every core contraction is counted.

    Returns:
        ``(..., d')``.
    """
    xa = real_array("X", x, ndim=None)
    if xa.ndim == 0 or xa.shape[-1] != w.in_dim:
        raise ValueError(f"X has shape {xa.shape}; expected (..., d={w.in_dim})")
    lead = xa.shape[:-1]
    b = math.prod(lead)
    ops = counter if counter is not None else OpCounter()
    # state t[b, j_done, r, i_rest]
    t = xa.reshape(b, 1, 1, w.in_dim)
    done = 1
    rest = w.in_dim
    for core in w.cores:
        r, i_m, j_m, r_next = core.shape
        rest //= i_m
        t4 = t.reshape(b, done, r, i_m, rest)
        t = ops.einsum("bjris,rimt->bjmts", t4, core)
        done *= j_m
        t = t.reshape(b, done, r_next, rest)
    return np.ascontiguousarray(t.reshape(*lead, w.out_dim))


def tt_random(
    rng: np.random.Generator, in_modes: tuple[int, ...], out_modes: tuple[int, ...], rank: int
) -> TTMatrix:
    """Gaussian cores with variance chosen so ``dense(W)`` has entries of variance ``1 / d``."""
    ins, outs = _modes("in_modes", in_modes), _modes("out_modes", out_modes)
    if len(ins) != len(outs):
        raise ValueError(f"in_modes={ins} and out_modes={outs} must have the same length M")
    r = integer("rank", rank, lo=1)
    m = len(ins)
    ranks = [1] + [r] * (m - 1) + [1]
    d = math.prod(ins)
    # var(dense entry) = prod_k var_k * r^(M-1) = 1/d
    std = (1.0 / (d * float(r) ** (m - 1))) ** (1.0 / (2 * m))
    cores = tuple(rng.normal(0.0, std, (ranks[k], ins[k], outs[k], ranks[k + 1])) for k in range(m))
    return TTMatrix(cores=cores)


@dataclass(frozen=True, kw_only=True)
class TSAConfig:
    """Hyper-parameters of TSA (see the module docstring for the RECONSTRUCTED labels).

    Attributes:
        in_modes: ``(I_1, ..., I_M)``, ``d = prod I_m``.
        out_modes: ``(J_1, ..., J_M)``, ``d' = prod J_m``.
        rank: TT rank ``r`` of every inner bond.
        order: filter order ``K >= 0`` (``K + 1`` coefficients).
        filter: ``TSA-R1``, ``"scalar"`` (default) or ``"tt"``.
        scale: ``TSA-R2``, logit scale; ``None`` (default) means ``1 / sqrt(d')``.
    """

    in_modes: tuple[int, ...]
    out_modes: tuple[int, ...]
    rank: int = 2
    order: int = 2
    filter: Filter = "scalar"
    scale: float | None = None

    def __post_init__(self) -> None:
        ins, outs = _modes("in_modes", self.in_modes), _modes("out_modes", self.out_modes)
        if len(ins) != len(outs):
            raise ValueError(f"in_modes={ins} and out_modes={outs} must have the same length M")
        integer("rank", self.rank, lo=1)
        integer("order", self.order, lo=0)
        choice("filter", self.filter, _FILTERS)
        if self.scale is not None:
            finite_scalar("scale", self.scale, lo=0.0, lo_open=True)

    @property
    def logit_scale(self) -> float:
        return 1.0 / math.sqrt(math.prod(self.out_modes)) if self.scale is None else self.scale


@dataclass(frozen=True, kw_only=True)
class TSAParams:
    """Trainable weights: TT projections and filter coefficients.

    Attributes:
        w_q, w_k, w_v: ``d x d'`` TT-matrices.
        theta: ``(K + 1,)`` scalar coefficients (``filter="scalar"``), or a tuple of ``K + 1``
            ``d' x d'`` TT-matrices (``filter="tt"``).
    """

    w_q: TTMatrix
    w_k: TTMatrix
    w_v: TTMatrix
    theta: FloatArray | tuple[TTMatrix, ...]

    @property
    def parameter_count(self) -> int:
        """Floats actually allocated by every core and coefficient."""
        th = self.theta
        extra = sum(t.parameter_count for t in th) if isinstance(th, tuple) else int(np.size(th))
        return (
            self.w_q.parameter_count + self.w_k.parameter_count + self.w_v.parameter_count + extra
        )


def init_params(rng: np.random.Generator, config: TSAConfig) -> TSAParams:
    """Random TT projections; ``theta`` uniform on the simplex-like ``[1/(K+1)]*(K+1)``."""
    c = config
    ws = [tt_random(rng, c.in_modes, c.out_modes, c.rank) for _ in range(3)]
    k1 = c.order + 1
    theta: FloatArray | tuple[TTMatrix, ...]
    if c.filter == "scalar":
        theta = np.full(k1, 1.0 / k1)
    else:
        theta = tuple(tt_random(rng, c.out_modes, c.out_modes, c.rank) for _ in range(k1))
    return TSAParams(w_q=ws[0], w_k=ws[1], w_v=ws[2], theta=theta)


def _check(x: npt.ArrayLike, params: TSAParams, config: TSAConfig) -> FloatArray:
    xa = real_array("X", x, ndim=None)
    if xa.ndim < 2:
        raise ValueError(f"X has shape {xa.shape}; expected (..., N, d) with N >= 1")
    d = math.prod(config.in_modes)
    if xa.shape[-2] == 0:
        raise ValueError(f"X has shape {xa.shape}; the sequence is empty (N = 0)")
    if xa.shape[-1] != d:
        raise ValueError(f"X has shape {xa.shape}; expected (..., N, d={d}) from in_modes")
    for name, w in (("w_q", params.w_q), ("w_k", params.w_k), ("w_v", params.w_v)):
        if w.in_modes != config.in_modes or w.out_modes != config.out_modes:
            raise ValueError(
                f"params.{name} has modes {w.in_modes} -> {w.out_modes}; config expects "
                f"{config.in_modes} -> {config.out_modes}"
            )
    k1 = config.order + 1
    if config.filter == "scalar":
        th = params.theta
        if isinstance(th, tuple):
            raise TypeError("params.theta must be a (K+1,) array for filter='scalar'")
        real_array("params.theta", th, ndim=1)
        if th.shape != (k1,):
            raise ValueError(f"params.theta has shape {th.shape}; expected (K+1={k1},)")
    elif not isinstance(params.theta, tuple) or len(params.theta) != k1:
        raise TypeError(f"params.theta must be a tuple of K+1={k1} TT-matrices for filter='tt'")
    return xa


def attention_weights(
    x: npt.ArrayLike,
    params: TSAParams,
    *,
    config: TSAConfig,
    counter: OpCounter | None = None,
) -> FloatArray:
    """``A = softmax(Q K^T scale)``: ``X (..., N, d) -> (..., N, N)``, row-stochastic."""
    xa = _check(x, params, config)
    ops = counter if counter is not None else OpCounter()
    q = tt_apply(xa, params.w_q, counter=ops)
    k = tt_apply(xa, params.w_k, counter=ops)
    logits = ops.matmul(q, np.swapaxes(k, -1, -2)) * config.logit_scale
    return softmax(logits, axis=-1)


def filter_matrix(a: npt.ArrayLike, theta: npt.ArrayLike) -> FloatArray:
    """``h(A) = sum_k theta_k A^k`` (``(..., N, N)``), the filter as one matrix (for laws)."""
    aa = real_array("A", a, ndim=None)
    th = real_array("theta", theta, ndim=1, nonempty=True)
    if aa.ndim < 2 or aa.shape[-1] != aa.shape[-2]:
        raise ValueError(f"A has shape {aa.shape}; expected (..., N, N)")
    eye = np.broadcast_to(np.eye(aa.shape[-1]), aa.shape)
    out = th[0] * eye
    power = eye
    for coef in th[1:]:
        power = power @ aa
        out = out + coef * power
    return np.ascontiguousarray(out)


def tsa_attention(
    x: npt.ArrayLike,
    params: TSAParams,
    *,
    config: TSAConfig,
    counter: OpCounter | None = None,
) -> FloatArray:
    """TSA layer ``Y = sum_k theta_k A^k V`` (or ``sum_k A^k V Theta_k``).

    Args:
        x: ``(..., N, d)`` tokens (``d = prod in_modes``).
        params: TT projections and filter coefficients.
        config: hyper-parameters.
        counter: optional; every matrix product (TT contractions, ``Q K^T``, each ``A P``) is
            counted.

    Returns:
        ``(..., N, d')``. ``A^k V`` is formed by repeated products ``P_k = A P_{k-1}`` (``K``
        products of ``(N, N) @ (N, d')``), never by powers of ``A``.
    """
    xa = _check(x, params, config)
    ops = counter if counter is not None else OpCounter()
    a = attention_weights(xa, params, config=config, counter=ops)
    p = tt_apply(xa, params.w_v, counter=ops)
    th = params.theta
    y: FloatArray
    if isinstance(th, tuple):
        y = tt_apply(p, th[0], counter=ops)
        for theta_k in th[1:]:
            p = ops.matmul(a, p)
            y = y + tt_apply(p, theta_k, counter=ops)
    else:
        y = th[0] * p
        for coef in th[1:]:
            p = ops.matmul(a, p)
            y = y + coef * p
    return y


MECHANISM = Mechanism(
    name="tsa",
    module=__name__,
    summary="Tensorized spectral attention: TT-matrix projections, polynomial filter of softmax A",
    no_circuit_reason="classical tensor-network algebra (survey §1 (4)): no source compiles the "
    "TT-matrix projections or the graph filter to a gate-model circuit",
)

__all__ = [
    "MECHANISM",
    "TSAConfig",
    "TSAParams",
    "TTMatrix",
    "attention_weights",
    "filter_matrix",
    "init_params",
    "tsa_attention",
    "tt_apply",
    "tt_random",
]
