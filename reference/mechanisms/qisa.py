"""QISA / QITSA: quantum-inspired interpretable self-attention (Li, Zhang, Zhao, Gao, Yuan,
arXiv 2408.07891).

Specification: survey claims file, §9; claims ``SUR-QISA-01..05`` (and the citation correction
``SUR-CORR-08``). FOUND in ``LiBingyu01/QITSA-...`` ``train.py`` (classes ``projection_Euler``,
``projection_CalculateMatrixQ``, ``projection_Measurement``, ``self_attention``); this module
implements the mathematics independently, with the faithful quantum reading as the default and the
public code's quirks as documented options.

Formula (``T`` tokens, ``d`` features; the LSTM encoders are outside this module: their outputs
``x`` (amplitude stream input) and ``phi`` (phases) are the inputs here)::

    a_t    = SA(x)_t = sum_s softmax_s(q_t . k_s / scale) v_s,  q = k = v = x / ||x||   (T, d)
    psi_t  = a_t / ||a_t|| * exp(i phi_t)                      Euler embedding, ||psi_t|| = 1
    u_t    = W_1 psi_t,  v_t = W_2 psi_t                       (complex d x d weights)
    sc_t   = sum_c |u_tc|^2 |v_tc|^2,  w = softmax_t(sc)
    rho    = sum_t w_t |psi_t><psi_t|                          (d, d) density matrix
    p_k    = <p_k| rho |p_k>                                   measurement, unit vectors p_k

Options (FOUND quirks of the public code, each a keyword of :class:`QISAConfig` with the faithful
choice as default; labels of this module):

* ``QISA-Q1`` ``outer="dagger"`` (faithful ``psi psi^dagger``) or ``"transpose"``: the public code
  forms ``Re = r r^T - m m^T``, ``Im = m r^T + r m^T`` = ``psi psi^T``, not Hermitian and not PSD
  (its "diagonal" is ``psi^2``, not ``|psi|^2``); refuted on a stored counterexample
  (``SUR-QISA-01``).
* ``QISA-Q2`` ``softmax="joint"`` (one real score per token, as above) or ``"split"``: the
  public code scores real and imaginary parts separately,
  ``sc^re_t = sum_c Re(u_t^2)_c Re(v_t^2)_c`` and ``sc^im_t = sum_c Im(u_t^2)_c Im(v_t^2)_c``, with
  one softmax each, weighting the real and the imaginary part of ``rho`` separately.
* ``QISA-Q3`` ``score_scale="sqrt_d"`` (faithful) or ``"sqrt_batch"``: the public
  ``self_attention`` divides by ``sqrt(inputs.shape[1])``, the batch size of a ``(T, B, d)``
  tensor.
* ``QISA-Q4`` ``state="psi"`` (faithful ``|psi_t>``) or ``"value"``: the public code builds
  ``rho`` from ``v_t = W_2 psi_t``.

Notation map (code -> here): ``projection_Euler`` -> :func:`euler_embedding`;
``projection_CalculateMatrixQ`` -> :func:`q_attention_density`; ``projection_Measurement`` ->
:func:`measure`; ``self_attention`` -> :func:`amplitude_attention`.

>>> import numpy as np
>>> psi = euler_embedding(np.ones((1, 1)), np.full((1, 1), np.pi / 4))
>>> q_attention_density(psi, np.eye(1), np.eye(1)).round(12)
array([[1.+0.j]])
>>> q_attention_density(psi, np.eye(1), np.eye(1), config=QISAConfig(outer="transpose")).round(12)
array([[0.+1.j]])
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from reference._mechanism import Mechanism
from reference._types import ComplexArray, FloatArray
from reference._validate import choice, complex_array, integer, real_array

Outer = Literal["dagger", "transpose"]
Softmax = Literal["joint", "split"]
Scale = Literal["sqrt_d", "sqrt_batch"]
State = Literal["psi", "value"]
UNIT_TOL = 1e-9


@dataclass(frozen=True, kw_only=True)
class QISAConfig:
    """Options; every default is the faithful choice (quirk labels in the module docstring).

    Attributes:
        outer: ``QISA-Q1``, ``"dagger"`` or ``"transpose"``.
        softmax: ``QISA-Q2``, ``"joint"`` or ``"split"``.
        score_scale: ``QISA-Q3``, ``"sqrt_d"`` or ``"sqrt_batch"``.
        state: ``QISA-Q4``, ``"psi"`` or ``"value"``.
    """

    outer: Outer = "dagger"
    softmax: Softmax = "joint"
    score_scale: Scale = "sqrt_d"
    state: State = "psi"

    def __post_init__(self) -> None:
        choice("outer", self.outer, ("dagger", "transpose"))
        choice("softmax", self.softmax, ("joint", "split"))
        choice("score_scale", self.score_scale, ("sqrt_d", "sqrt_batch"))
        choice("state", self.state, ("psi", "value"))


def _softmax(z: FloatArray, axis: int = -1) -> FloatArray:
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    out: FloatArray = e / e.sum(axis=axis, keepdims=True)
    return out


def _batched(
    name: str, x: npt.ArrayLike, *, complex_: bool = False
) -> tuple[npt.NDArray[Any], bool]:
    arr = (
        complex_array(name, x, ndim=(2, 3), shape_text="(T, d) or (B, T, d)")
        if complex_
        else real_array(name, x, ndim=(2, 3), shape_text="(T, d) or (B, T, d)")
    )
    if arr.shape[-2] == 0 or arr.shape[-1] == 0:
        raise ValueError(f"{name} has shape {arr.shape}; the sequence is empty")
    single = arr.ndim == 2
    return (arr[None] if single else arr), single


def amplitude_attention(
    x: npt.ArrayLike, *, config: QISAConfig | None = None, batch_size: int | None = None
) -> FloatArray:
    """Amplitude stream ``a = softmax(q k^T / scale) v`` with ``q = k = v = x / ||x||``.

    Args:
        x: ``(B, T, d)`` (or ``(T, d)``); no row may be zero.
        config: ``score_scale="sqrt_d"`` divides by ``sqrt(d)``; ``"sqrt_batch"`` by
            ``sqrt(batch_size)`` (default: ``B``), the public code's divisor.

    Returns:
        ``(B, T, d)`` (or ``(T, d)``).
    """
    cfg = config if config is not None else QISAConfig()
    xa, single = _batched("x", x)
    nrm = np.linalg.norm(xa, axis=-1, keepdims=True)
    if np.any(nrm == 0):
        raise ValueError("x has a zero row; L2 normalisation needs a direction")
    q = xa / nrm
    if cfg.score_scale == "sqrt_d":
        scale = math.sqrt(xa.shape[-1])
    else:
        scale = math.sqrt(
            xa.shape[0] if batch_size is None else integer("batch_size", batch_size, lo=1)
        )
    a: FloatArray = _softmax(q @ np.swapaxes(q, -1, -2) / scale) @ q
    return a[0] if single else a


def euler_embedding(a: npt.ArrayLike, phi: npt.ArrayLike) -> ComplexArray:
    """``psi_t = a_t / ||a_t|| * exp(i phi_t)``: real ``(..., T, d)`` pair -> complex, unit rows."""
    aa, single = _batched("a", a)
    ph, _ = _batched("phi", phi)
    if ph.shape != aa.shape:
        raise ValueError(f"phi has shape {ph.shape[single:]}; expected a's {aa.shape[single:]}")
    nrm = np.linalg.norm(aa, axis=-1, keepdims=True)
    if np.any(nrm == 0):
        raise ValueError("a has a zero row; the Euler embedding needs a direction")
    psi: ComplexArray = aa / nrm * np.exp(1j * ph)
    return psi[0] if single else psi


def attention_weights(
    psi: npt.ArrayLike, w1: npt.ArrayLike, w2: npt.ArrayLike, *, config: QISAConfig | None = None
) -> tuple[FloatArray, FloatArray]:
    """Token weights ``(w_re, w_im)``, each ``(B, T)``; equal unless ``softmax="split"``."""
    cfg = config if config is not None else QISAConfig()
    p, _ = _batched("psi", psi, complex_=True)
    d = p.shape[-1]
    m1 = complex_array("w1", w1, ndim=2, shape_text="(d, d)")
    m2 = complex_array("w2", w2, ndim=2, shape_text="(d, d)")
    for name, m in (("w1", m1), ("w2", m2)):
        if m.shape != (d, d):
            raise ValueError(f"{name} has shape {m.shape}; expected ({d}, {d})")
    u = p @ m1.T
    v = p @ m2.T
    if cfg.softmax == "joint":
        w = _softmax(np.sum(np.abs(u) ** 2 * np.abs(v) ** 2, axis=-1))
        return w, w
    u2, v2 = u * u, v * v
    return (
        _softmax(np.sum(u2.real * v2.real, axis=-1)),
        _softmax(np.sum(u2.imag * v2.imag, axis=-1)),
    )


def q_attention_density(
    psi: npt.ArrayLike, w1: npt.ArrayLike, w2: npt.ArrayLike, *, config: QISAConfig | None = None
) -> ComplexArray:
    """The Q-attention density matrix: ``psi (B, T, d)`` unit rows -> ``rho (B, d, d)``.

    Faithful default: ``rho = sum_t w_t |psi_t><psi_t|`` (Hermitian, PSD, trace 1). See the
    module docstring for the public code's options."""
    cfg = config if config is not None else QISAConfig()
    p, single = _batched("psi", psi, complex_=True)
    if np.any(np.abs(np.linalg.norm(p, axis=-1) - 1.0) > UNIT_TOL):
        raise ValueError("psi rows must be unit vectors (use euler_embedding)")
    w_re, w_im = attention_weights(p, w1, w2, config=cfg)
    z = p if cfg.state == "psi" else p @ complex_array("w2", w2, ndim=2).T
    zc = z.conj() if cfg.outer == "dagger" else z
    outer = np.einsum("bti,btj->btij", z, zc)
    re = np.einsum("bt,btij->bij", w_re, outer.real)
    im = np.einsum("bt,btij->bij", w_im, outer.imag)
    rho: ComplexArray = re + 1j * im
    return rho[0] if single else rho


def measure(rho: npt.ArrayLike, vectors: npt.ArrayLike) -> FloatArray:
    """``p_k = Re <p_k| rho |p_k>`` for unit rows ``p_k`` of ``vectors (K, d)``: ``(..., K)``."""
    r = complex_array("rho", rho, ndim=(2, 3))
    v = complex_array("vectors", vectors, ndim=2, shape_text="(K, d)")
    if r.shape[-1] != r.shape[-2] or v.shape[0] == 0 or v.shape[1] != r.shape[-1]:
        raise ValueError(f"vectors has shape {v.shape}; rho has shape {r.shape}")
    if np.any(np.abs(np.linalg.norm(v, axis=1) - 1.0) > UNIT_TOL):
        raise ValueError("vectors rows must be unit vectors")
    out: FloatArray = np.einsum("ki,...ij,kj->...k", v.conj(), r, v).real
    return out


MECHANISM = Mechanism(
    name="qisa",
    module=__name__,
    summary="QISA/QITSA: Euler embedding, Q-attention density matrix, projective measurement",
    no_circuit_reason="quantum-inspired (survey §9 (4)): the density matrix is built classically "
    "from complex embeddings; the paper and its code describe no gate-model circuit",
)

__all__ = [
    "MECHANISM",
    "QISAConfig",
    "amplitude_attention",
    "attention_weights",
    "euler_embedding",
    "measure",
    "q_attention_density",
]
