"""Matrix Product State (MPS) attention: TT-SVD, product-state contraction, environments.

Specification: survey claims file, §3 (no single primary source; nearest: Žunkovič's MPO
attention layer, Feng et al. arXiv 2410.20926, arXiv 2311.11091); claims ``SUR-MPS-01..05``.
RECONSTRUCTED throughout.

Formula (``phi(x_t) in R^p`` given; cores ``A_t: (r_{t-1}, p, r_t)``, ``r_0 = r_N = 1``)::

    T[i_1..i_N]   = A_1[i_1] A_2[i_2] ... A_N[i_N]                      (the MPS tensor)
    M_t           = sum_i phi(x_t)_i A_t[i]                (r_{t-1}, r_t) transfer matrix
    <T, (x)_t phi(x_t)> = M_1 M_2 ... M_N                               (scalar score)
    L_t = L_{t-1} M_t,  R_t = M_t R_{t+1}                               (prefix / suffix)
    y_t = L_{t-1} (sum_i phi(x_t)_i B_t[i]) R_{t+1}        in R^{p'}    (B_t: (r, p, p', r'))

All ``y_t`` take ``O(N)`` matrix products (prefix and suffix sweeps, one contraction per ``t``)
against ``O(N^2)`` for recomputing each environment from scratch (:func:`mps_attention_naive`);
both run their products through an optional :class:`~reference.algorithms.opcount.OpCounter`.

RECONSTRUCTED choices (survey §3 (1); labels of this module), each a keyword option:

* ``MPS-R1`` ``uniform=False``: site-dependent cores; ``True`` uses one ``A: (r, p, r)``, one
  ``B: (r, p, p', r)`` and boundary vectors ``alpha, omega: (r,)`` (``L_0 = alpha``,
  ``R_{N+1} = omega``), parameters ``O(p r^2)`` independent of ``N``.
* ``MPS-R2`` ``renormalize=True``: every ``L_t`` and ``R_t`` is divided by its 2-norm and the
  logarithms of the norms accumulated, so ``y_t = y_scaled * exp(log_scale)`` never overflows.
* ``MPS-R3`` ``tt_svd(..., max_rank=None, rel_tol=0.0)``: truncation by rank and/or by the
  discarded singular-value mass at each cut (Oseledets 2011, Alg. 1).

Notation map: ``A_t`` -> ``MPSParams.a_cores[t]``; ``B_t`` -> ``MPSParams.b_cores[t]``;
``phi(x_t)`` -> ``phi[..., t, :]``; ``r_t`` bond dimensions; ``eps_k`` -> ``TTSVD.discarded[k]``.

>>> import numpy as np
>>> t = np.arange(8.0).reshape(2, 2, 2)
>>> dec = tt_svd(t)
>>> bool(np.allclose(mps_to_dense(dec.cores), t))
True
>>> [c.shape for c in dec.cores]
[(1, 2, 2), (2, 2, 2), (2, 2, 1)]
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from reference._mechanism import Mechanism
from reference._types import FloatArray
from reference._validate import finite_scalar, integer, real_array
from reference.algorithms.opcount import OpCounter


@dataclass(frozen=True, kw_only=True)
class TTSVD:
    """Result of :func:`tt_svd`.

    Attributes:
        cores: ``(r_{k-1}, p_k, r_k)`` cores.
        discarded: ``(N-1,)`` Frobenius norm ``eps_k`` of the singular values dropped at cut ``k``.
    """

    cores: tuple[FloatArray, ...]
    discarded: FloatArray


def tt_svd(tensor: npt.ArrayLike, *, max_rank: int | None = None, rel_tol: float = 0.0) -> TTSVD:
    """TT-SVD (Oseledets 2011, Alg. 1) of an order-``N`` tensor ``(p_1, ..., p_N)``.

    At cut ``k`` the unfolding's singular values beyond ``max_rank`` (if given) and those whose
    tail mass is at most ``rel_tol * ||T||_F / sqrt(N - 1)`` are dropped (at least one is kept).
    With the defaults nothing is dropped and the decomposition is exact.

    Args:
        tensor: ``(p_1, ..., p_N)``, ``N >= 1``, non-empty.
        max_rank: ``MPS-R3``, largest bond dimension kept.
        rel_tol: ``MPS-R3``, relative accuracy target (Oseledets' ``epsilon``).
    """
    t = real_array("tensor", tensor, ndim=None, nonempty=True)
    if t.ndim < 1:
        raise ValueError(f"tensor has shape {t.shape}; expected at least 1 dim (p_1, ..., p_N)")
    if max_rank is not None:
        integer("max_rank", max_rank, lo=1)
    tol = finite_scalar("rel_tol", rel_tol, lo=0.0)
    dims = t.shape
    n = len(dims)
    delta = tol * float(np.linalg.norm(t)) / math.sqrt(max(n - 1, 1))
    cores: list[FloatArray] = []
    disc = np.zeros(max(n - 1, 0))
    r_prev = 1
    c = t.reshape(r_prev * dims[0], -1)
    for k in range(n - 1):
        u, s, vt = np.linalg.svd(c, full_matrices=False)
        tail = np.sqrt(np.cumsum((s**2)[::-1])[::-1])  # tail[j] = ||s[j:]||
        keep = len(s)
        if delta > 0:
            keep = int(np.sum(tail > delta))
        if max_rank is not None:
            keep = min(keep, max_rank)
        keep = max(keep, 1)
        disc[k] = float(tail[keep]) if keep < len(s) else 0.0
        cores.append(u[:, :keep].reshape(r_prev, dims[k], keep))
        c = (s[:keep, None] * vt[:keep]).reshape(keep * dims[k + 1], -1)
        r_prev = keep
    cores.append(c.reshape(r_prev, dims[-1], 1))
    return TTSVD(cores=tuple(cores), discarded=disc)


def _check_cores(name: str, cores: object, ndim: int) -> tuple[FloatArray, ...]:
    if not isinstance(cores, tuple) or not cores:
        raise TypeError(f"{name} must be a non-empty tuple of arrays")
    out = tuple(real_array(f"{name}[{k}]", c, ndim=ndim) for k, c in enumerate(cores))
    if out[0].shape[0] != 1 or out[-1].shape[-1] != 1:
        raise ValueError(f"{name} must have boundary ranks r_0 = r_N = 1")
    for k in range(1, len(out)):
        if out[k - 1].shape[-1] != out[k].shape[0]:
            raise ValueError(
                f"{name}[{k - 1}] has right rank {out[k - 1].shape[-1]} but {name}[{k}] has "
                f"left rank {out[k].shape[0]}"
            )
    return out


def mps_to_dense(cores: tuple[FloatArray, ...]) -> FloatArray:
    """The full tensor ``T[i_1..i_N] = A_1[i_1] ... A_N[i_N]`` of ``(r, p, r')`` cores."""
    cs = _check_cores("cores", cores, 3)
    out = cs[0].reshape(cs[0].shape[1], cs[0].shape[2])
    dims = [cs[0].shape[1]]
    for c in cs[1:]:
        out = (out @ c.reshape(c.shape[0], -1)).reshape(-1, c.shape[2])
        dims.append(c.shape[1])
    return np.ascontiguousarray(out.reshape(dims))


@dataclass(frozen=True, kw_only=True)
class MPSConfig:
    """Hyper-parameters.

    Attributes:
        uniform: ``MPS-R1``; one ``A``, ``B`` for every site with boundary vectors.
        renormalize: ``MPS-R2``; unit-norm environments with accumulated log-scales.
    """

    uniform: bool = False
    renormalize: bool = True

    def __post_init__(self) -> None:
        for name in ("uniform", "renormalize"):
            if not isinstance(getattr(self, name), bool):
                raise TypeError(f"{name}={getattr(self, name)!r} must be a bool")


@dataclass(frozen=True, kw_only=True)
class MPSParams:
    """Cores. Site-dependent: ``a_cores[t]: (r_{t-1}, p, r_t)``, ``b_cores[t]:
    (r_{t-1}, p, p', r_t)`` with ``r_0 = r_N = 1``. Uniform: ``a_cores = (A,)`` ``(r, p, r)``,
    ``b_cores = (B,)`` ``(r, p, p', r)``, ``alpha, omega: (r,)``."""

    a_cores: tuple[FloatArray, ...]
    b_cores: tuple[FloatArray, ...]
    alpha: FloatArray | None = None
    omega: FloatArray | None = None

    @property
    def parameter_count(self) -> int:
        """Floats actually allocated (every core and boundary vector)."""
        arrays = [*self.a_cores, *self.b_cores, self.alpha, self.omega]
        return int(sum(np.size(a) for a in arrays if a is not None))


def init_params(
    rng: np.random.Generator,
    *,
    length: int,
    phys: int,
    out_dim: int,
    rank: int,
    config: MPSConfig,
) -> MPSParams:
    """Gaussian cores scaled by ``1 / sqrt(p r)`` (uniform: one core of each kind)."""
    n = integer("length", length, lo=1)
    p = integer("phys", phys, lo=1)
    q = integer("out_dim", out_dim, lo=1)
    r = integer("rank", rank, lo=1)
    if config.uniform:
        s = 1.0 / math.sqrt(p * r)
        return MPSParams(
            a_cores=(rng.normal(0, s, (r, p, r)),),
            b_cores=(rng.normal(0, s, (r, p, q, r)),),
            alpha=rng.normal(0, 1, r),
            omega=rng.normal(0, 1, r),
        )
    ranks = [1] + [r] * (n - 1) + [1]
    a = tuple(
        rng.normal(0, 1 / math.sqrt(p * ranks[t]), (ranks[t], p, ranks[t + 1])) for t in range(n)
    )
    b = tuple(
        rng.normal(0, 1 / math.sqrt(p * ranks[t]), (ranks[t], p, q, ranks[t + 1])) for t in range(n)
    )
    return MPSParams(a_cores=a, b_cores=b)


@dataclass(frozen=True, kw_only=True)
class MPSOutput:
    """``y = y_scaled * exp(log_scale)[..., None]``.

    Attributes:
        y_scaled: ``(B, N, p')``.
        log_scale: ``(B, N)`` (0 without renormalisation; ``-inf`` when an environment is 0).
    """

    y_scaled: FloatArray
    log_scale: FloatArray

    @property
    def y(self) -> FloatArray:
        """The outputs themselves (may overflow for long sequences; prefer the scaled form)."""
        out: FloatArray = self.y_scaled * np.exp(self.log_scale)[..., None]
        return out


def _sites(
    phi: npt.ArrayLike, params: MPSParams, config: MPSConfig
) -> tuple[FloatArray, list[FloatArray], list[FloatArray], FloatArray, FloatArray]:
    """Validated ``phi (B, N, p)``, per-site cores and the boundary environments."""
    ph = real_array("phi", phi, ndim=(2, 3), shape_text="(N, p) or (B, N, p)")
    if ph.ndim == 2:
        ph = ph[None]
    _, n, p = ph.shape
    if n == 0 or p == 0:
        raise ValueError(f"phi has shape {ph.shape}; the sequence is empty")
    if config.uniform:
        if len(params.a_cores) != 1 or len(params.b_cores) != 1:
            raise ValueError("uniform=True expects a_cores=(A,) and b_cores=(B,)")
        a = real_array("a_cores[0]", params.a_cores[0], ndim=3)
        bb = real_array("b_cores[0]", params.b_cores[0], ndim=4)
        if params.alpha is None or params.omega is None:
            raise ValueError("uniform=True needs params.alpha and params.omega")
        r = a.shape[0]
        alpha = real_array("alpha", params.alpha, ndim=1)
        omega = real_array("omega", params.omega, ndim=1)
        if a.shape != (r, p, r) or bb.shape[:2] != (r, p) or bb.shape[3] != r:
            raise ValueError(f"a_cores[0] {a.shape} / b_cores[0] {bb.shape} do not fit p={p}")
        if alpha.shape != (r,) or omega.shape != (r,):
            raise ValueError(f"alpha/omega must have shape ({r},)")
        return ph, [a] * n, [bb] * n, alpha[None], omega[:, None]
    a_c = _check_cores("a_cores", params.a_cores, 3)
    b_c = _check_cores("b_cores", params.b_cores, 4)
    if len(a_c) != n or len(b_c) != n:
        raise ValueError(f"phi has N={n} sites but a_cores has {len(a_c)}, b_cores {len(b_c)}")
    for t in range(n):
        if a_c[t].shape[1] != p or b_c[t].shape[1] != p:
            raise ValueError(f"a_cores[{t}] / b_cores[{t}] physical dim differs from p={p}")
        if b_c[t].shape[0] != a_c[t].shape[0] or b_c[t].shape[3] != a_c[t].shape[2]:
            raise ValueError(f"b_cores[{t}] bonds {b_c[t].shape} differ from a_cores[{t}]")
    if len({c.shape[2] for c in b_c}) != 1:
        raise ValueError("every b_cores[t] must have the same output dim p'")
    return ph, list(a_c), list(b_c), np.ones((1, 1)), np.ones((1, 1))


def transfer_matrices(phi: FloatArray, cores: list[FloatArray]) -> list[FloatArray]:
    """``M_t = sum_i phi_t[i] A_t[i]``: ``(B, r_{t-1}, r_t)`` per site."""
    return [np.einsum("bi,rit->brt", phi[:, t], a) for t, a in enumerate(cores)]


def mps_contract(
    phi: npt.ArrayLike,
    cores: tuple[FloatArray, ...],
    *,
    counter: OpCounter | None = None,
) -> FloatArray:
    """``<T, (x)_t phi_t> = M_1 ... M_N``: ``phi (B, N, p)`` -> ``(B,)`` (no renormalisation)."""
    cs = _check_cores("cores", cores, 3)
    ph = real_array("phi", phi, ndim=(2, 3), shape_text="(N, p) or (B, N, p)")
    ph = ph[None] if ph.ndim == 2 else ph
    if ph.shape[1] != len(cs) or any(c.shape[1] != ph.shape[2] for c in cs):
        raise ValueError(f"phi has shape {ph.shape}; cores expect N={len(cs)} sites")
    ops = counter if counter is not None else OpCounter()
    ms = transfer_matrices(ph, list(cs))
    env = ms[0]
    for m in ms[1:]:
        env = ops.matmul(env, m)
    return np.ascontiguousarray(env[:, 0, 0])


def _normalise(env: FloatArray) -> tuple[FloatArray, FloatArray]:
    nrm = np.linalg.norm(env.reshape(env.shape[0], -1), axis=1)
    safe = np.where(nrm > 0, nrm, 1.0)
    with np.errstate(divide="ignore"):
        logn = np.where(nrm > 0, np.log(safe), -np.inf)
    return env / safe[:, None, None], logn


def mps_attention(
    phi: npt.ArrayLike,
    params: MPSParams,
    *,
    config: MPSConfig,
    counter: OpCounter | None = None,
) -> MPSOutput:
    """All ``y_t = L_{t-1} B[phi_t] R_{t+1}`` with prefix and suffix sweeps (``O(N)`` products).

    Args:
        phi: ``(B, N, p)`` (or ``(N, p)``) local feature vectors.
        params: cores (site-dependent or uniform, see :class:`MPSParams`).
        config: options.
        counter: optional; every environment product and output contraction is counted.

    Returns:
        :class:`MPSOutput` with ``y_scaled (B, N, p')`` and ``log_scale (B, N)``.
    """
    ph, a, bcores, left0, right0 = _sites(phi, params, config)
    ops = counter if counter is not None else OpCounter()
    bsz, n, _ = ph.shape
    ms = transfer_matrices(ph, a)
    lefts: list[FloatArray] = [np.broadcast_to(left0, (bsz, *left0.shape))]
    llog = [np.zeros(bsz)]
    for t in range(n - 1):
        env = ops.matmul(lefts[-1], ms[t])
        lg = llog[-1]
        if config.renormalize:
            env, dl = _normalise(env)
            lg = lg + dl
        lefts.append(env)
        llog.append(lg)
    rights: list[FloatArray] = [np.broadcast_to(right0, (bsz, *right0.shape))]
    rlog = [np.zeros(bsz)]
    for t in range(n - 1, 0, -1):
        env = ops.matmul(ms[t], rights[-1])
        lg = rlog[-1]
        if config.renormalize:
            env, dl = _normalise(env)
            lg = lg + dl
        rights.append(env)
        rlog.append(lg)
    rights.reverse()
    rlog.reverse()
    ys = []
    for t in range(n):
        bt = np.einsum("bi,riqs->bqrs", ph[:, t], bcores[t])  # (B, p', r, r')
        lt = lefts[t][:, None]  # (B, 1, 1, r)
        rt = rights[t][:, None]  # (B, 1, r', 1)
        ys.append(ops.matmul(ops.matmul(lt, bt), rt)[:, :, 0, 0])
    y = np.stack(ys, axis=1)
    return MPSOutput(y_scaled=y, log_scale=np.stack(llog, 1) + np.stack(rlog, 1))


def mps_attention_naive(
    phi: npt.ArrayLike,
    params: MPSParams,
    *,
    config: MPSConfig,
    counter: OpCounter | None = None,
) -> MPSOutput:
    """The same ``y_t`` recomputing ``L_{t-1}`` and ``R_{t+1}`` from scratch for every ``t``
    (``O(N^2)`` products; no renormalisation). The baseline of ``SUR-MPS-05``."""
    ph, a, bcores, left0, right0 = _sites(phi, params, config)
    ops = counter if counter is not None else OpCounter()
    bsz, n, _ = ph.shape
    ms = transfer_matrices(ph, a)
    ys = []
    for t in range(n):
        left = np.broadcast_to(left0, (bsz, *left0.shape))
        for s in range(t):
            left = ops.matmul(left, ms[s])
        right = np.broadcast_to(right0, (bsz, *right0.shape))
        for s in range(n - 1, t, -1):
            right = ops.matmul(ms[s], right)
        bt = np.einsum("bi,riqs->bqrs", ph[:, t], bcores[t])
        ys.append(ops.matmul(ops.matmul(left[:, None], bt), right[:, None])[:, :, 0, 0])
    return MPSOutput(y_scaled=np.stack(ys, axis=1), log_scale=np.zeros((bsz, n)))


MECHANISM = Mechanism(
    name="mps-attention",
    module=__name__,
    summary="MPS attention: TT-SVD, product-state contraction, prefix/suffix environments",
    no_circuit_reason="classical tensor-network algebra (survey §3 (4)): a sequential MPS "
    "preparation circuit exists in principle (Schön et al. 2005) but no source builds one for "
    "attention",
)

__all__ = [
    "MECHANISM",
    "TTSVD",
    "MPSConfig",
    "MPSOutput",
    "MPSParams",
    "init_params",
    "mps_attention",
    "mps_attention_naive",
    "mps_contract",
    "mps_to_dense",
    "transfer_matrices",
    "tt_svd",
]
