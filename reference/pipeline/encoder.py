"""The Figure-1 encoder of seed 001 (§5): CLS token, two single-head attention layers, linear head.

Forward pass only (training comes later). For a sample of ``T`` tokens ``x_1..x_T in R^d``::

    Z^(0) = [x_CLS; x_1; ...; x_T] (+ PE)                              (N, d), N = T + 1
    Q = Z W_q^T,  K = Z W_k^T,  V = Z W_v^T        (bias-free)          Eq. 1
    A_ij = score(q_i, k_j)                          (N, N)              Eq. 2 (fixed) / Eq. 4
    Z^(l+1) = softmax_j(s * A) V   (+ Z^(l) if residual)                Eq. 3
    logits = W_out y_CLS,  y_CLS = Z^(L)[0]          (n_classes,)       bias-free head

The score is pluggable (:class:`ScoreFn`: ``(Q (N, d), K (N, d), layer_index) -> (N, N)``
logits): ``"dot"`` (classical ``q_i . k_j``), ``"entropy"`` / ``"swap"`` / ``"concurrence"``
(:func:`reference.mechanisms.entanglement.scores` on the PQC state, seed §4), ``"qsann"`` (Gaussian
score,
:class:`reference.mechanisms.qsann.QSANNScorer`), or any callable passed as ``scorer=``.

Defaults (each RECONSTRUCTED in the spec, each an option here):

* ``S001-A05`` logit scaling ``s = 1/sqrt(d)`` (``logit_scale=None``); ``logit_scale=1.0`` unscaled.
* ``S001-A06`` no residual, no LayerNorm (``residual=False``).
* ``S001-A07`` learned CLS vector, init ``N(0, 0.02)`` (``learn_cls=True``); ``False`` = zeros.
* ``S001-A08`` no positional encoding (``positional_encoding=None``); ``"sinusoidal"``,
  ``"learned"``. Without one the CLS output is invariant to permuting the tokens (``S001-P18``).
* ``S001-A09`` the paper's ``3*(d*d + 1)`` counts a "+1" that no-bias projections do not have:
  ignored by default (:func:`parameter_count` ``plus_one=False``).
* ``S001-A12`` initialisation is not given: projections and head ``U(-1/sqrt(d), 1/sqrt(d))``
  (Equinox ``Linear`` default), PQC angles ``U(-pi, pi)`` (recorded, not the paper's).
* ``S001-A16`` each attention layer has its own ``theta`` (``share_theta_across_attention_layers=
  False``).
* ``S001-A19`` softmax over keys ``j`` (rows), CLS key included.
* ``S001-A20`` loss: softmax cross-entropy on ``W_out y_CLS`` (:func:`cross_entropy`).

Notation map (paper -> here): ``embed_dim`` -> ``embed_dim = d``, ``x_CLS`` -> ``params.cls``,
``W_q, W_k, W_v`` -> ``params.w_q[l]`` ..., ``theta`` of the PQC -> ``params.theta[l]``, the linear
layer -> ``params.w_out`` ``(n_classes, d)``.

>>> import numpy as np
>>> cfg = EncoderConfig(embed_dim=4, num_classes=3)
>>> p = init_params(np.random.default_rng(0), cfg)
>>> forward(p, np.zeros((5, 4)), cfg).logits.shape
(3,)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from reference._mechanism import Mechanism
from reference._types import FloatArray, IntArray
from reference.algorithms.attention import dot_product_logits, resolve_scale, softmax
from reference.mechanisms.entanglement.scorer import EntanglementScorer
from reference.mechanisms.qsann import QSANNConfig, QSANNScorer

ScoreName = Literal["dot", "entropy", "swap", "concurrence", "qsann"]
Positional = Literal["sinusoidal", "learned"]

SCORES: tuple[str, ...] = ("dot", "entropy", "swap", "concurrence", "qsann")
POSITIONALS: tuple[str, ...] = ("sinusoidal", "learned")

QUANTUM_MEASURES: dict[str, str] = {
    "entropy": "entropy",
    "swap": "swap",
    "concurrence": "concurrence",
}
"""Score name -> ``measure=`` of :func:`reference.mechanisms.entanglement.scores`."""

FEATURES_PER_QUBIT: dict[str, int] = {"super_dense": 4, "dense": 2, "iqp": 1}
"""Encoding -> features per qubit (seed §2): ``n_r = d / features_per_qubit`` CRX angles."""


@runtime_checkable
class ScoreFn(Protocol):
    """A pluggable attention score: ``(Q (N, d), K (N, d), layer_index) -> (N, N)`` logits."""

    def __call__(self, q: FloatArray, k: FloatArray, layer_index: int, /) -> FloatArray: ...


def _int(name: str, v: object, lo: int) -> int:
    if isinstance(v, bool) or not isinstance(v, int | np.integer) or int(v) < lo:
        raise ValueError(f"{name}={v!r} must be an int >= {lo}")
    return int(v)


@dataclass(frozen=True, kw_only=True)
class EncoderConfig:
    """Architecture of the Figure-1 encoder (see the module docstring for the defaults' ids).

    Attributes:
        embed_dim: ``d`` (12 in the paper).
        num_classes: output classes.
        num_layers: attention layers in sequence (2 in the paper).
        score: ``"dot" | "entropy" | "swap" | "concurrence" | "qsann"``.
        encoding: quantum feature map of the entanglement scores (``"super_dense"``, ``"dense"``,
            ``"iqp"``); ignored by ``"dot"`` and ``"qsann"``.
        reupload_layers: data re-uploading layers of the PQC (4 in the paper).
        share_theta_across_reuploads: one ``theta in R^{n_r}`` reused by every re-upload layer
            (``S001-A03``, default); ``False`` gives ``(reupload_layers, n_r)``.
        share_theta_across_attention_layers: ``False`` (``S001-A16``): each attention layer has
            its own ``theta``; ``True``: one ``theta`` for all attention layers.
        logit_scale: ``None`` = ``1/sqrt(d)`` (``S001-A05``), else the factor applied to logits.
        residual: ``Z + softmax(.) V`` instead of ``softmax(.) V`` (``S001-A06``, default False).
        learn_cls: learned CLS vector (``S001-A07``, default) or fixed zeros.
        positional_encoding: ``None`` (``S001-A08``), ``"sinusoidal"`` or ``"learned"``.
        max_tokens: longest sequence (CLS included) a learned positional table covers.
        qsann: QSANN circuit configuration of ``score="qsann"`` (its ``num_features`` must equal
            ``embed_dim``); default ``QSANNConfig()`` (2 qubits, ``d = 12``).
    """

    embed_dim: int = 12
    num_classes: int = 2
    num_layers: int = 2
    score: ScoreName = "dot"
    encoding: str = "super_dense"
    reupload_layers: int = 4
    share_theta_across_reuploads: bool = True
    share_theta_across_attention_layers: bool = False
    logit_scale: float | None = None
    residual: bool = False
    learn_cls: bool = True
    positional_encoding: Positional | None = None
    max_tokens: int = 16
    qsann: QSANNConfig = field(default_factory=QSANNConfig)

    def __post_init__(self) -> None:
        _int("embed_dim", self.embed_dim, 1)
        _int("num_classes", self.num_classes, 1)
        _int("num_layers", self.num_layers, 1)
        _int("reupload_layers", self.reupload_layers, 1)
        _int("max_tokens", self.max_tokens, 1)
        if self.score not in SCORES:
            raise ValueError(f"score={self.score!r} must be one of {SCORES}")
        if self.positional_encoding is not None and self.positional_encoding not in POSITIONALS:
            raise ValueError(
                f"positional_encoding={self.positional_encoding!r} must be None or one of "
                f"{POSITIONALS}"
            )
        resolve_scale(self.embed_dim, self.logit_scale)
        if self.score in QUANTUM_MEASURES:
            fpq = FEATURES_PER_QUBIT.get(self.encoding)
            if fpq is None:
                raise ValueError(
                    f"encoding={self.encoding!r} must be one of {tuple(FEATURES_PER_QUBIT)}"
                )
            if self.embed_dim % fpq:
                raise ValueError(
                    f"embed_dim={self.embed_dim} must be a multiple of {fpq} for "
                    f"encoding={self.encoding!r}"
                )
        if self.score == "qsann" and self.qsann.num_features != self.embed_dim:
            raise ValueError(
                f"qsann.num_features={self.qsann.num_features} must equal "
                f"embed_dim={self.embed_dim} for score='qsann'"
            )

    @property
    def scale(self) -> float:
        """The logit scale actually applied."""
        return resolve_scale(self.embed_dim, self.logit_scale)

    @property
    def theta_shape(self) -> tuple[int, ...]:
        """Shape of one attention layer's score parameters (``(0,)`` for ``"dot"``)."""
        if self.score == "dot":
            return (0,)
        if self.score == "qsann":
            return (QSANNScorer.theta_size(self.qsann),)
        n_r = self.embed_dim // FEATURES_PER_QUBIT[self.encoding]
        return (n_r,) if self.share_theta_across_reuploads else (self.reupload_layers, n_r)

    @property
    def num_theta(self) -> int:
        """Number of distinct ``theta`` arrays (one per attention layer unless shared)."""
        return 1 if self.share_theta_across_attention_layers else self.num_layers


@dataclass(frozen=True, kw_only=True)
class EncoderParams:
    """Parameters of the encoder (frozen, validated on construction; :meth:`check` against a
    config).

    Attributes:
        w_q, w_k, w_v: ``(L, d, d)`` bias-free projections (``q_i = W_q z_i``).
        w_out: ``(n_classes, d)`` bias-free classifier.
        cls: ``(d,)`` CLS vector.
        theta: one score-parameter array per attention layer (or one shared; ``(0,)`` for dot).
        pos: ``(max_tokens, d)`` learned positional table, or ``None``.
    """

    w_q: FloatArray
    w_k: FloatArray
    w_v: FloatArray
    w_out: FloatArray
    cls: FloatArray
    theta: tuple[FloatArray, ...]
    pos: FloatArray | None = None

    def __post_init__(self) -> None:
        for name in ("w_q", "w_k", "w_v", "w_out", "cls", "pos"):
            v = getattr(self, name)
            if v is None:
                continue
            a = np.array(v, dtype=np.float64)
            if not np.all(np.isfinite(a)):
                raise ValueError(f"{name} contains NaN or inf")
            a.setflags(write=False)
            object.__setattr__(self, name, a)
        if self.w_q.ndim != 3 or self.w_q.shape[1] != self.w_q.shape[2]:
            raise ValueError(f"w_q has shape {self.w_q.shape}; expected (L, d, d)")
        for name in ("w_k", "w_v"):
            if getattr(self, name).shape != self.w_q.shape:
                raise ValueError(
                    f"{name} has shape {getattr(self, name).shape}; expected {self.w_q.shape}"
                )
        d = self.w_q.shape[1]
        if self.w_out.ndim != 2 or self.w_out.shape[1] != d:
            raise ValueError(f"w_out has shape {self.w_out.shape}; expected (n_classes, {d})")
        if self.cls.shape != (d,):
            raise ValueError(f"cls has shape {self.cls.shape}; expected ({d},)")
        if self.pos is not None and (self.pos.ndim != 2 or self.pos.shape[1] != d):
            raise ValueError(f"pos has shape {self.pos.shape}; expected (max_tokens, {d})")
        thetas = []
        for i, t in enumerate(self.theta):
            a = np.array(t, dtype=np.float64)
            if not np.all(np.isfinite(a)):
                raise ValueError(f"theta[{i}] contains NaN or inf")
            a.setflags(write=False)
            thetas.append(a)
        object.__setattr__(self, "theta", tuple(thetas))

    def check(self, config: EncoderConfig) -> None:
        """Raise ``ValueError`` unless every shape matches ``config``."""
        d, L = config.embed_dim, config.num_layers
        if self.w_q.shape != (L, d, d):
            raise ValueError(f"w_q has shape {self.w_q.shape}; config needs {(L, d, d)}")
        if self.w_out.shape != (config.num_classes, d):
            raise ValueError(
                f"w_out has shape {self.w_out.shape}; config needs {(config.num_classes, d)}"
            )
        if len(self.theta) != config.num_theta:
            raise ValueError(
                f"theta has {len(self.theta)} entries; config needs {config.num_theta}"
            )
        for i, t in enumerate(self.theta):
            if t.shape != config.theta_shape:
                raise ValueError(f"theta[{i}] has shape {t.shape}; expected {config.theta_shape}")
        if not config.learn_cls and np.any(self.cls != 0):
            raise ValueError("cls must be zeros when learn_cls=False (S001-A07 fixed option)")
        if config.positional_encoding == "learned" and (
            self.pos is None or self.pos.shape != (config.max_tokens, d)
        ):
            got = None if self.pos is None else self.pos.shape
            raise ValueError(f"pos has shape {got}; learned needs {(config.max_tokens, d)}")

    def layer_theta(self, layer: int) -> FloatArray:
        """``theta`` used by attention layer ``layer`` (``S001-A16``)."""
        return self.theta[0] if len(self.theta) == 1 else self.theta[layer]


def init_params(rng: np.random.Generator, config: EncoderConfig) -> EncoderParams:
    """Random parameters (``S001-A12``: the paper gives no initialisation).

    Projections and head ``U(-1/sqrt(d), 1/sqrt(d))`` (Equinox ``Linear``), CLS ``N(0, 0.02)``
    when learned else zeros (``S001-A07``), PQC angles ``U(-pi, pi)``, QSANN ansatz angles
    ``U(0, 2 pi)``, learned positions ``N(0, 0.02)``.
    """
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng={rng!r} must be a numpy.random.Generator")
    d, L = config.embed_dim, config.num_layers
    lim = 1.0 / math.sqrt(d)

    def lin(*shape: int) -> FloatArray:
        return rng.uniform(-lim, lim, shape)

    lo, hi = (0.0, 2 * np.pi) if config.score == "qsann" else (-np.pi, np.pi)
    return EncoderParams(
        w_q=lin(L, d, d),
        w_k=lin(L, d, d),
        w_v=lin(L, d, d),
        w_out=lin(config.num_classes, d),
        cls=rng.normal(0.0, 0.02, d) if config.learn_cls else np.zeros(d),
        theta=tuple(rng.uniform(lo, hi, config.theta_shape) for _ in range(config.num_theta)),
        pos=(
            rng.normal(0.0, 0.02, (config.max_tokens, d))
            if config.positional_encoding == "learned"
            else None
        ),
    )


def parameter_count(
    config: EncoderConfig, *, plus_one: bool = False, paper_accounting: bool = True
) -> int:
    """Trainable parameters (claim ``S001-P20``).

    Paper accounting (§5): ``L * (3 (d*d [+1]) + |theta|) + d * n_classes``; with the defaults
    (super-dense, ``d = 12``, 2 layers, binary, shared ``theta``) this is
    ``2 (3*144 + 3) + 24 = 894``, and 900 with the paper's "+1" (``plus_one=True``,
    ``S001-A09``). ``paper_accounting=False`` counts every entry of :class:`EncoderParams`
    instead (adds the learned CLS vector and a learned positional table, absent from the paper's
    count, and counts a shared ``theta`` once).

    >>> parameter_count(EncoderConfig(score="entropy"))
    894
    >>> parameter_count(EncoderConfig(score="entropy"), plus_one=True)
    900
    """
    d, L = config.embed_dim, config.num_layers
    theta = int(np.prod(config.theta_shape)) if config.score != "dot" else 0
    head = d * config.num_classes
    if paper_accounting:
        return L * (3 * (d * d + int(plus_one)) + theta) + head
    total = 3 * L * d * d + config.num_theta * theta + head
    total += d if config.learn_cls else 0
    total += config.max_tokens * d if config.positional_encoding == "learned" else 0
    return total


def sinusoidal_positions(num_positions: int, dim: int) -> FloatArray:
    """Vaswani et al. table ``PE[p, 2i] = sin(p / 10000^(2i/d))``, ``PE[p, 2i+1] = cos(...)``.

    >>> sinusoidal_positions(3, 4).shape
    (3, 4)
    """
    n = _int("num_positions", num_positions, 1)
    d = _int("dim", dim, 1)
    pos = np.arange(n, dtype=np.float64)[:, None]
    i = np.arange(d)
    rate = 1.0 / 10000.0 ** ((2 * (i // 2)) / d)
    ang = pos * rate[None, :]
    return np.where(i % 2 == 0, np.sin(ang), np.cos(ang))


# ---------------------------------------------------------------------------------------------
# score functions


@dataclass(frozen=True)
class DotScorer:
    """Classical score ``A_ij = q_i . k_j`` (Eq. 2 fixed)."""

    def __call__(self, q: FloatArray, k: FloatArray, layer_index: int) -> FloatArray:
        return dot_product_logits(q, k)

    def batched(self, q: FloatArray, k: FloatArray, layer_index: int) -> FloatArray:
        return dot_product_logits(q, k)


def make_scorer(config: EncoderConfig, params: EncoderParams) -> ScoreFn:
    """The built-in score function named by ``config.score``, bound to ``params.theta``."""
    if config.score == "dot":
        return DotScorer()
    if config.score == "qsann":
        th = tuple(params.layer_theta(i) for i in range(config.num_layers))
        return QSANNScorer(config=config.qsann, theta=th)
    return EntanglementScorer(
        theta=params.theta,
        measure=QUANTUM_MEASURES[config.score],
        encoding=config.encoding,
        layers=config.reupload_layers,
        share_theta_across_layers=config.share_theta_across_reuploads,
    )


# ---------------------------------------------------------------------------------------------
# forward pass


@dataclass(frozen=True, kw_only=True)
class EncoderOutput:
    """Result of :func:`forward` (batch axis ``B`` absent for a single sample).

    Attributes:
        logits: ``(B, n_classes)`` class logits ``W_out y_CLS``.
        y_cls: ``(B, d)`` CLS output of the last attention layer (the NEA embedding).
        weights: ``(L, B, N, N)`` post-softmax attention of every layer.
        hidden: ``(L + 1, B, N, d)`` token states, input (CLS + PE included) first.
    """

    logits: FloatArray
    y_cls: FloatArray
    weights: FloatArray
    hidden: FloatArray


def _scores(scorer: ScoreFn, q: FloatArray, k: FloatArray, layer: int, name: str) -> FloatArray:
    b, n, _ = q.shape
    batched = getattr(scorer, "batched", None)
    if callable(batched):
        out = np.asarray(batched(q, k, layer), dtype=np.float64)
    else:
        out = np.stack([np.asarray(scorer(q[i], k[i], layer), dtype=np.float64) for i in range(b)])
    if out.shape != (b, n, n):
        raise ValueError(f"scorer {name} returned shape {out.shape[1:]}; expected {(n, n)}")
    if not np.all(np.isfinite(out)):
        raise ValueError(f"scorer {name} returned NaN or inf logits")
    return out


def embed_input(params: EncoderParams, tokens: FloatArray, config: EncoderConfig) -> FloatArray:
    """``Z^(0)``: CLS prepended (position 0), positional encoding added: ``(B, T+1, d)``."""
    b, t, d = tokens.shape
    z = np.concatenate([np.broadcast_to(params.cls, (b, 1, d)), tokens], axis=1)
    if config.positional_encoding == "sinusoidal":
        z = z + sinusoidal_positions(t + 1, d)[None]
    elif config.positional_encoding == "learned":
        if params.pos is None or t + 1 > params.pos.shape[0]:
            raise ValueError(f"tokens: {t} + 1 (CLS) exceeds max_tokens={config.max_tokens}")
        z = z + params.pos[None, : t + 1]
    return z


def forward(
    params: EncoderParams,
    tokens: npt.ArrayLike,
    config: EncoderConfig,
    *,
    scorer: ScoreFn | None = None,
) -> EncoderOutput:
    """Encoder forward pass.

    Args:
        params: parameters matching ``config``.
        tokens: ``(T, d)`` or ``(B, T, d)`` token vectors (CLS not included), ``T >= 1``.
        config: architecture.
        scorer: custom :class:`ScoreFn` replacing ``config.score`` (``theta`` then unused).

    Returns:
        :class:`EncoderOutput`.
    """
    params.check(config)
    x = np.asarray(tokens, dtype=np.float64)
    d = config.embed_dim
    if x.ndim not in (2, 3) or x.shape[-1] != d or x.shape[-2] < 1:
        raise ValueError(f"tokens has shape {x.shape}; expected (T, {d}) or (B, T, {d}), T >= 1")
    if x.ndim == 3 and x.shape[0] < 1:
        raise ValueError(f"tokens has shape {x.shape}: empty batch")
    if not np.all(np.isfinite(x)):
        raise ValueError("tokens contains NaN or inf")
    if scorer is not None and not callable(scorer):
        raise TypeError(f"scorer={scorer!r} is not callable")
    single = x.ndim == 2
    xb = x[None] if single else x
    fn = make_scorer(config, params) if scorer is None else scorer
    name = config.score if scorer is None else repr(scorer)
    z = embed_input(params, xb, config)
    hidden = [z]
    weights = []
    for layer in range(config.num_layers):
        q = z @ params.w_q[layer].T
        k = z @ params.w_k[layer].T
        v = z @ params.w_v[layer].T
        w = softmax(config.scale * _scores(fn, q, k, layer, name), axis=-1)
        upd = w @ v
        z = z + upd if config.residual else upd
        hidden.append(z)
        weights.append(w)
    y_cls = z[:, 0]
    logits = y_cls @ params.w_out.T
    hs, ws = np.stack(hidden), np.stack(weights)
    if single:
        return EncoderOutput(logits=logits[0], y_cls=y_cls[0], weights=ws[:, 0], hidden=hs[:, 0])
    return EncoderOutput(logits=logits, y_cls=y_cls, weights=ws, hidden=hs)


def cross_entropy(logits: npt.ArrayLike, labels: npt.ArrayLike) -> float:
    """Mean softmax cross-entropy ``-log softmax(logits)[label]`` (``S001-A20``), stable.

    Args:
        logits: ``(C,)`` or ``(B, C)``.
        labels: int or ``(B,)`` ints in ``[0, C)``.

    >>> round(cross_entropy(np.array([0.0, 0.0]), 1), 6)
    0.693147
    """
    z = np.asarray(logits, dtype=np.float64)
    y: IntArray = np.asarray(labels)
    if z.ndim == 1:
        z, y = z[None], y.reshape(1)
    if z.ndim != 2 or z.shape[1] < 1 or z.shape[0] < 1:
        raise ValueError(f"logits has shape {np.shape(logits)}; expected (C,) or (B, C)")
    if not np.all(np.isfinite(z)):
        raise ValueError("logits contains NaN or inf")
    if y.shape != (z.shape[0],) or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(
            f"labels has shape {y.shape} / dtype {y.dtype}; expected ({z.shape[0]},) ints"
        )
    if np.any(y < 0) or np.any(y >= z.shape[1]):
        raise ValueError(f"labels={y.tolist()} must be in [0, {z.shape[1]})")
    m = z.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(z - m).sum(axis=1))
    return float(np.mean(lse - z[np.arange(z.shape[0]), y]))


MECHANISM = Mechanism(
    name="encoder",
    module=__name__,
    summary="Seed-001 Figure-1 encoder: CLS token, 2 single-head attention layers with a "
    "pluggable score (dot, entropy, SWAP test, concurrence, QSANN), bias-free linear head.",
    no_circuit_reason="classical wiring around the score functions; the circuits of the quantum "
    "scores are registered by the entanglement-attention and qsann mechanisms",
)

__all__ = [
    "FEATURES_PER_QUBIT",
    "MECHANISM",
    "POSITIONALS",
    "QUANTUM_MEASURES",
    "SCORES",
    "DotScorer",
    "EncoderConfig",
    "EncoderOutput",
    "EncoderParams",
    "EntanglementScorer",
    "ScoreFn",
    "cross_entropy",
    "embed_input",
    "forward",
    "init_params",
    "make_scorer",
    "parameter_count",
    "sinusoidal_positions",
]
