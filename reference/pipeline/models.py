"""The trainable models of the seed-001 reproduction (issue 15; spec §5, §6.1, §11), each a
:class:`~reference.pipeline.model_protocol.Model` with exact gradients.

=================== ===================================================================== =====
name                model                                                                 theta
=================== ===================================================================== =====
``entropy``         Figure-1 encoder, entanglement-entropy score (default of the paper)    yes
``swap``            same encoder, SWAP-test score ``P(1)`` on encoding-only states         no
                    (``S001-A10``, ``S001-A18``: no CRX, so no angles to train)
``concurrence``     same encoder, concurrence ``2 sqrt(1 - P(0^n))`` (``S001-A11``)         yes
``classical``       same encoder, dot-product score                                        no
``no_entanglement`` the entropy encoder with every CRX angle fixed at 0 (``S001-E06``):     no
                    every score is 0 (``S001-P04``), attention is uniform
``qsann``           QSANN, token-mean head (:mod:`reference.mechanisms.qsann`)             --
``qsann_cls``       QSANN (CLS token) head                                                 --
=================== ===================================================================== =====

The quantum scores use the **dense** encoding by default (the paper's; ``encoding=`` takes
``"super_dense"`` too), ``embed_dim = 12``, 2 attention layers, 4 re-uploading layers, with the
encoder's defaults for every other RECONSTRUCTED choice (``S001-A05``..``A09``, ``A12``, ``A16``,
``A19``, ``A20``; see :mod:`reference.pipeline.encoder`).

Parameter counts (paper accounting, ``d = 12``, binary, dense): ``entropy`` and ``concurrence``
``2 (3 * 144 + 6) + 24 = 900``; ``classical``, ``swap`` and ``no_entanglement`` 888. The
classical model is **matched** to the entropy model by architecture: the same ``d``, layers,
``W_q, W_k, W_v`` and head, differing only by the ``2 n_r = 12`` CRX angles (1.3 % of 900);
its input width is fixed by the data (12-dimensional tokens), so it cannot be matched by
changing ``d``. Each model's :attr:`parameter_count` counts every trained entry (CLS included).

Gradients: :mod:`reference.pipeline.grad` (reverse mode for the classical parts, parameter shift
for the quantum scores; proven equal to central finite differences in
``tests/test_gradients.py``).

>>> import numpy as np
>>> m = make_model("entropy")
>>> p = m.init_params(np.random.default_rng(0))
>>> loss, g = m.loss_and_grad(p, np.zeros((2, 4, 12)), np.array([0, 1]))
>>> sorted(g) == sorted(p) and round(loss, 6) == round(float(np.log(2.0)), 6)
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

import numpy as np
import numpy.typing as npt

from reference import _validate as val
from reference._types import FloatArray, IntArray
from reference.mechanisms.qsann.model import QSANNConfig
from reference.mechanisms.qsann.model import init_params as qsann_init
from reference.pipeline import encoder as enc
from reference.pipeline.grad.encoder import EncoderGrad, params_to_dict
from reference.pipeline.grad.qsann import QSANNGrad, qsann_params_to_dict
from reference.pipeline.model_protocol import Model, Params, check_gradient_keys

MODEL_NAMES: Final[tuple[str, ...]] = (
    "entropy",
    "swap",
    "concurrence",
    "classical",
    "no_entanglement",
    "qsann",
    "qsann_cls",
)


def _check_x(x: npt.ArrayLike, d: int) -> FloatArray:
    want = f"(B, T, {d}) with B, T >= 1"
    a = val.real_array("x", x, ndim=3, shape_text=want)
    if a.shape[2] != d or a.shape[0] < 1 or a.shape[1] < 1:
        raise ValueError(f"x has shape {a.shape}; expected {want}")
    return a


def _check_y(y: npt.ArrayLike, batch: int, num_classes: int) -> IntArray:
    a = np.asarray(y)
    if a.shape != (batch,) or not np.issubdtype(a.dtype, np.integer):
        raise ValueError(f"y has shape {a.shape} / dtype {a.dtype}; expected ({batch},) ints")
    if np.any(a < 0) or np.any(a >= num_classes):
        raise ValueError(f"y={a.tolist()} must lie in [0, {num_classes})")
    return a.astype(np.int64)


def _mean_ce(logits: FloatArray, y: IntArray) -> float:
    m = logits.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(logits - m).sum(axis=1))
    return float(np.mean(lse - logits[np.arange(logits.shape[0]), y]))


def _check_params(params: Params, reference: Params) -> Params:
    if not isinstance(params, dict):
        raise TypeError(f"params must be a dict of arrays, got {type(params).__name__}")
    try:
        check_gradient_keys(reference, params)
    except ValueError as e:
        raise ValueError(f"params: {e}") from None
    return {k: val.real_array(f"params[{k!r}]", v) for k, v in params.items()}


@dataclass(frozen=True, kw_only=True)
class EncoderModel:
    """The Figure-1 encoder as a :class:`Model`.

    Attributes:
        name: results name.
        config: encoder architecture (``score`` in ``"dot"``, ``"entropy"``, ``"swap"``,
            ``"concurrence"``).
        train_theta: whether the score angles are parameters (key ``"theta"``).
        theta_value: the constant angle of every CRX when ``train_theta`` is false (0 for the
            no-entanglement control).
    """

    name: str
    config: enc.EncoderConfig
    train_theta: bool = True
    theta_value: float = 0.0

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise ValueError(f"name={self.name!r} must be a non-empty string")
        val.finite_scalar("theta_value", self.theta_value)
        self._grad  # noqa: B018 - validates the score

    @property
    def _grad(self) -> EncoderGrad:
        fixed = None if self.train_theta else np.full(self.config.theta_shape, self.theta_value)
        return EncoderGrad(config=self.config, fixed_theta=fixed)

    @property
    def parameter_count(self) -> int:
        """Trained entries (CLS vector included, a shared theta counted once)."""
        p = self.init_params(np.random.default_rng(0))
        return int(sum(v.size for v in p.values()))

    def init_params(self, rng: np.random.Generator) -> Params:
        """:func:`reference.pipeline.encoder.init_params` (``S001-A12``) as a flat dict."""
        p = enc.init_params(val.generator("rng", rng), self.config)
        return params_to_dict(p, self.config, train_theta=self.train_theta)

    def _ref(self) -> Params:
        return self.init_params(np.random.default_rng(0))

    def loss_and_grad(self, params: Params, x: FloatArray, y: IntArray) -> tuple[float, Params]:
        """Mean cross-entropy (``S001-A20``) and its exact gradient."""
        p = _check_params(params, self._ref())
        xa = _check_x(x, self.config.embed_dim)
        ya = _check_y(y, xa.shape[0], self.config.num_classes)
        return self._grad.loss_and_grad(p, xa, ya)

    def loss(self, params: Params, x: FloatArray, y: IntArray) -> float:
        """Mean cross-entropy only (forward pass, no gradient)."""
        logits = self.logits(params, x)
        return _mean_ce(logits, _check_y(y, logits.shape[0], self.config.num_classes))

    def logits(self, params: Params, x: FloatArray) -> FloatArray:
        """``(B, n_classes)`` logits."""
        p = _check_params(params, self._ref())
        return self._grad.forward(p, _check_x(x, self.config.embed_dim))[0]

    def embed(self, params: Params, x: FloatArray) -> FloatArray:
        """``(B, d)`` CLS output before the head (the NEA embedding, spec §7)."""
        p = _check_params(params, self._ref())
        return self._grad.forward(p, _check_x(x, self.config.embed_dim))[1]

    def predict(self, params: Params, x: FloatArray) -> IntArray:
        """Arg-max class labels ``(B,)``."""
        return np.asarray(np.argmax(self.logits(params, x), axis=1), dtype=np.int64)


@dataclass(frozen=True, kw_only=True)
class QSANNModel:
    """QSANN (``config.head="mean"``) or QSANN(CLS) (``"cls"``) as a :class:`Model`.

    Binary: Paddle's sigmoid head as the logits ``[0, w . y + b]``. ``num_classes > 2``
    (RECONSTRUCTED, QSANN is binary): a linear head ``(C, d)`` with bias, init ``N(0, 0.001)``.
    """

    name: str
    config: QSANNConfig = field(default_factory=QSANNConfig)
    num_classes: int = 2

    def __post_init__(self) -> None:
        val.integer("num_classes", self.num_classes, lo=2)

    @property
    def _grad(self) -> QSANNGrad:
        return QSANNGrad(config=self.config, num_classes=self.num_classes)

    @property
    def parameter_count(self) -> int:
        return int(sum(v.size for v in self._ref().values()))

    def init_params(self, rng: np.random.Generator) -> Params:
        """Paddle's initialisation (:func:`reference.mechanisms.qsann.model.init_params`)."""
        rng = val.generator("rng", rng)
        out = qsann_params_to_dict(qsann_init(rng, self.config), self.config, self.num_classes)
        if self.num_classes > 2:
            out["head_w"] = rng.normal(0.0, 0.001, out["head_w"].shape)
        return out

    def _ref(self) -> Params:
        return self.init_params(np.random.default_rng(0))

    def loss_and_grad(self, params: Params, x: FloatArray, y: IntArray) -> tuple[float, Params]:
        p = _check_params(params, self._ref())
        xa = _check_x(x, self.config.num_features)
        ya = _check_y(y, xa.shape[0], self.num_classes)
        return self._grad.loss_and_grad(p, xa, ya)

    def loss(self, params: Params, x: FloatArray, y: IntArray) -> float:
        """Mean cross-entropy only (forward pass, no gradient)."""
        logits = self.logits(params, x)
        return _mean_ce(logits, _check_y(y, logits.shape[0], self.num_classes))

    def logits(self, params: Params, x: FloatArray) -> FloatArray:
        """``(B, n_classes)`` logits."""
        p = _check_params(params, self._ref())
        return self._grad.logits(p, _check_x(x, self.config.num_features))

    def predict(self, params: Params, x: FloatArray) -> IntArray:
        """Arg-max class labels ``(B,)``."""
        return np.asarray(np.argmax(self.logits(params, x), axis=1), dtype=np.int64)


def make_model(
    name: str,
    *,
    num_classes: int = 2,
    embed_dim: int = 12,
    encoding: str = "dense",
    reupload_layers: int = 4,
    num_layers: int = 2,
) -> Model:
    """The model called ``name`` (:data:`MODEL_NAMES`) for ``embed_dim``-dimensional tokens.

    QSANN needs ``embed_dim = 2 n (2 D + 1)``; 12 gives Paddle's 2 qubits, depth 1.
    """
    val.choice("name", name, MODEL_NAMES)
    val.integer("num_classes", num_classes, lo=2)
    d = val.integer("embed_dim", embed_dim, lo=1)
    if name.startswith("qsann"):
        if d != QSANNConfig().num_features:
            raise ValueError(f"embed_dim={d}: QSANN models here take {QSANNConfig().num_features}")
        cfg_q = QSANNConfig(head="cls") if name == "qsann_cls" else QSANNConfig(head="mean")
        return QSANNModel(name=name, config=cfg_q, num_classes=num_classes)
    score = {"classical": "dot", "no_entanglement": "entropy"}.get(name, name)
    cfg = enc.EncoderConfig(
        embed_dim=d,
        num_classes=num_classes,
        num_layers=num_layers,
        score=score,
        encoding=encoding,
        reupload_layers=reupload_layers,
    )
    train = name in ("entropy", "concurrence")
    return EncoderModel(name=name, config=cfg, train_theta=train, theta_value=0.0)


PAPER_PARAMETER_COUNTS: Final[dict[str, int]] = {
    "entropy": 900,
    "concurrence": 900,
    "swap": 888,
    "classical": 888,
    "no_entanglement": 888,
}
"""Paper accounting (``d = 12``, binary, dense; CLS not counted) quoted in the docstring."""


__all__ = [
    "MODEL_NAMES",
    "PAPER_PARAMETER_COUNTS",
    "EncoderModel",
    "QSANNModel",
    "make_model",
]
