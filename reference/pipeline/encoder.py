"""The Figure-1 encoder of seed 001 (§5): CLS token, two single-head attention layers, linear head.

Forward pass only (training comes later). For a sample of ``T`` tokens ``x_1..x_T in R^d``::

    Z^(0) = [x_CLS; x_1; ...; x_T] (+ PE)                              (N, d), N = T + 1
    Q = Z W_q^T,  K = Z W_k^T,  V = Z W_v^T        (bias-free)          Eq. 1
    A_ij = score(q_i, k_j)                          (N, N)              Eq. 2 (fixed) / Eq. 4
    Z^(l+1) = softmax_j(s * A) V   (+ Z^(l) if residual)                Eq. 3
    logits = W_out y_CLS,  y_CLS = Z^(L)[0]          (n_classes,)       bias-free head

The score is pluggable (:class:`ScoreFn`: ``(Q (N, d), K (N, d), layer_index) -> (N, N)``
logits): ``"dot"`` (classical ``q_i . k_j``, built in) or any score name a registered mechanism
offers (``Mechanism.scorers`` in :mod:`reference.registry`: ``"entropy"`` / ``"swap"`` /
``"concurrence"`` from the entanglement mechanism, seed §4; ``"qsann"`` from
:mod:`reference.mechanisms.qsann`), or any callable passed as ``scorer=``. A new score mechanism
registers ``(name, factory)`` and needs no edit here (:func:`make_scorer`, :func:`score_names`).

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
from typing import Any, Literal, Protocol, TypeAlias, runtime_checkable

import numpy as np
import numpy.typing as npt

from reference import _validate as val
from reference._mechanism import Mechanism, ScorerFactory
from reference._types import FloatArray, IntArray
from reference.algorithms.attention import dot_product_logits, resolve_scale, softmax
from reference.mechanisms.qsann import QSANNConfig

ScoreName: TypeAlias = str
"""``"dot"`` or a score name registered by a mechanism (:func:`score_names`)."""
Positional = Literal["sinusoidal", "learned"]

BUILTIN_SCORE = "dot"
POSITIONALS: tuple[str, ...] = ("sinusoidal", "learned")


@runtime_checkable
class ScoreFn(Protocol):
    """A pluggable attention score: ``(Q (N, d), K (N, d), layer_index) -> (N, N)`` logits."""

    def __call__(self, q: FloatArray, k: FloatArray, layer_index: int, /) -> FloatArray: ...


@runtime_checkable
class ScoreHooks(Protocol):
    """What a registered score factory may offer besides ``factory(config, params) -> ScoreFn``
    (each hook optional; the encoder reads it when present):

    * ``theta_shape(config) -> tuple[int, ...]``: one attention layer's score parameters
      (absent: ``(0,)``, a score without trainable parameters);
    * ``theta_range: tuple[float, float]``: their uniform initialisation (absent: ``(-pi, pi)``,
      ``S001-A12``);
    * ``check(config) -> None``: raise ``ValueError`` for a configuration the score cannot run.
    """

    def theta_shape(self, config: Any, /) -> tuple[int, ...]: ...


def _registered_scorers() -> dict[str, ScorerFactory]:
    """Score name -> factory over every registered mechanism (the registry is imported here, not
    at module level: it imports this module)."""
    from reference.registry import MECHANISMS

    out: dict[str, ScorerFactory] = {}
    for mech in MECHANISMS.values():
        for name, factory in mech.scorers:
            if name == BUILTIN_SCORE or name in out:
                raise ValueError(f"score {name!r} registered twice (again by {mech.name!r})")
            out[name] = factory
    # removed when the entanglement package registers its scorers (with _entanglement_scores.py)
    from reference.pipeline import _entanglement_scores as fallback

    for name, measure in fallback.QUANTUM_MEASURES.items():
        out.setdefault(name, fallback.EntanglementScoreFactory(measure=measure))
    return out


def score_names() -> tuple[str, ...]:
    """Every score ``EncoderConfig.score`` accepts: ``"dot"`` and the registered ones, sorted."""
    return (BUILTIN_SCORE, *sorted(_registered_scorers()))


def _factory(name: str) -> ScorerFactory | None:
    """The registered factory of score ``name`` (``None`` for the built-in ``"dot"``)."""
    if name == BUILTIN_SCORE:
        return None
    found = _registered_scorers()
    if name not in found:
        val.choice("score", name, (BUILTIN_SCORE, *sorted(found)))
    return found[name]


def _hook(name: str, hook: str, default: Any) -> Any:
    return getattr(_factory(name), hook, default)


@dataclass(frozen=True, kw_only=True)
class EncoderConfig:
    """Architecture of the Figure-1 encoder (see the module docstring for the defaults' ids).

    Attributes:
        embed_dim: ``d`` (12 in the paper).
        num_classes: output classes.
        num_layers: attention layers in sequence (2 in the paper).
        score: ``"dot"`` or a registered score name (:func:`score_names`: ``"entropy"``,
            ``"swap"``, ``"concurrence"``, ``"qsann"``, ...).
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
    score: ScoreName = BUILTIN_SCORE
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
        for name in ("embed_dim", "num_classes", "num_layers", "reupload_layers", "max_tokens"):
            val.integer(name, getattr(self, name), lo=1)
        if not isinstance(self.score, str):
            raise TypeError(f"score={self.score!r} must be a score name (str)")
        if self.positional_encoding is not None:
            val.choice("positional_encoding", self.positional_encoding, POSITIONALS)
        resolve_scale(self.embed_dim, self.logit_scale)
        check = _hook(self.score, "check", None)
        if check is not None:
            check(self)

    @property
    def scale(self) -> float:
        """The logit scale actually applied."""
        return resolve_scale(self.embed_dim, self.logit_scale)

    @property
    def theta_shape(self) -> tuple[int, ...]:
        """Shape of one attention layer's score parameters (``(0,)`` for ``"dot"``)."""
        shape = _hook(self.score, "theta_shape", None)
        return (0,) if shape is None else tuple(int(n) for n in shape(self))

    @property
    def num_theta(self) -> int:
        """Number of distinct ``theta`` arrays (one per attention layer unless shared)."""
        return 1 if self.share_theta_across_attention_layers else self.num_layers


def _frozen(name: str, x: npt.ArrayLike) -> FloatArray:
    """A finite real read-only copy of ``x``."""
    a = np.array(val.real_array(name, x), dtype=np.float64)
    a.setflags(write=False)
    return a


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
            if getattr(self, name) is not None:
                object.__setattr__(self, name, _frozen(name, getattr(self, name)))
        object.__setattr__(
            self, "theta", tuple(_frozen(f"theta[{i}]", t) for i, t in enumerate(self.theta))
        )
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
    val.generator("rng", rng)
    d, L = config.embed_dim, config.num_layers
    lim = 1.0 / math.sqrt(d)

    def lin(*shape: int) -> FloatArray:
        return rng.uniform(-lim, lim, shape)

    lo, hi = _hook(config.score, "theta_range", (-np.pi, np.pi))
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
    theta = int(np.prod(config.theta_shape))
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
    n = val.integer("num_positions", num_positions, lo=1)
    d = val.integer("dim", dim, lo=1)
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
    """The score function named by ``config.score``, bound to ``params``: ``"dot"`` is the
    encoder's own classical score; every other name is looked up in the registry
    (``Mechanism.scorers``), so a new score mechanism needs no edit here."""
    factory = _factory(config.score)
    if factory is None:
        return DotScorer()
    fn = factory(config, params)
    if not callable(fn):
        raise TypeError(f"score {config.score!r}: its factory returned {fn!r}, not a callable")
    return fn


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
    d = config.embed_dim
    want = f"(T, {d}) or (B, T, {d}), T >= 1"
    x = val.real_array("tokens", tokens, ndim=(2, 3), shape_text=want)
    if x.shape[-1] != d or x.shape[-2] < 1:
        raise ValueError(f"tokens has shape {x.shape}; expected {want}")
    if x.ndim == 3 and x.shape[0] < 1:
        raise ValueError(f"tokens has shape {x.shape}: empty batch")
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
    z = val.real_array("logits", logits, ndim=(1, 2), shape_text="(C,) or (B, C)", nonempty=True)
    y: IntArray = np.asarray(labels)
    if z.ndim == 1:
        z, y = z[None], y.reshape(1)
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
    "BUILTIN_SCORE",
    "MECHANISM",
    "POSITIONALS",
    "DotScorer",
    "EncoderConfig",
    "EncoderOutput",
    "EncoderParams",
    "ScoreFn",
    "ScoreHooks",
    "ScoreName",
    "cross_entropy",
    "embed_input",
    "forward",
    "init_params",
    "make_scorer",
    "parameter_count",
    "score_names",
    "sinusoidal_positions",
]
