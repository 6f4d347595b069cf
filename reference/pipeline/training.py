"""Training loop of the seed-001 reproduction (issue 15): Adam, cosine schedule, minibatches.

Spec: ``claims/seed001-entanglement-attention.md`` §7 (FOUND, App. A: Adam, lr ``1e-2``, cosine
learning-rate schedule) and §11 (protocol of ``S001-E01..E06``). Everything the paper does not
give (``S001-A12``: epochs, batch size, schedule length and final value, Adam's betas and eps) is
an option of :class:`TrainConfig`, recorded with the results (:meth:`TrainConfig.as_dict`).

Adam (Kingma & Ba 2015, Algorithm 1) at step ``t = 1, 2, ...`` with learning rate ``eta_t``::

    m_t = b1 m_{t-1} + (1 - b1) g_t          v_t = b2 v_{t-1} + (1 - b2) g_t^2
    p_t = p_{t-1} - eta_t (m_t / (1 - b1^t)) / (sqrt(v_t / (1 - b2^t)) + eps)

Cosine schedule (Loshchilov & Hutter 2017, without restarts; optax ``cosine_decay_schedule``)::

    eta_t = eta_0 (floor + (1 - floor) (1 + cos(pi min(t, S) / S)) / 2),   S = schedule steps

Notation map (paper -> here): learning rate -> ``lr``; "cosine LR schedule" -> ``schedule_steps``
(``None``: the whole run) and ``lr_floor`` (final value as a fraction of ``lr``, default 0).

The loop is bit-for-bit deterministic per generator: the only randomness is the epoch
permutation drawn from the ``rng`` argument (:func:`fit`), the model's parameters come from the
caller.

>>> cosine_lr(0, total=10, lr=1.0, floor=0.0), cosine_lr(10, total=10, lr=1.0, floor=0.1)
(1.0, 0.1)
>>> TrainConfig(epochs=2).as_dict()["lr"]
0.01
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

import numpy as np

from reference import _validate as val
from reference._types import FloatArray, IntArray
from reference.pipeline.model_protocol import Model, Params, check_gradient_keys


@dataclass(frozen=True, kw_only=True)
class TrainConfig:
    """Hyper-parameters of :func:`fit` (``S001-A12``: every one but ``lr`` is RECONSTRUCTED).

    Attributes:
        epochs: passes over the training set (not given by the paper).
        batch_size: minibatch size; the last batch of an epoch may be smaller (not given).
        lr: Adam's learning rate (FOUND: ``1e-2``).
        beta1, beta2, eps: Adam's constants (not given; PyTorch/optax defaults).
        schedule_steps: length of the cosine decay in optimiser steps (``None``: every step of the
            run, so the rate reaches its floor at the last step; not given).
        lr_floor: final learning rate as a fraction of ``lr`` (not given; 0 = optax default).
        shuffle: draw a fresh permutation of the training set every epoch.
        eval_loss: also record the loss on the evaluation splits (one extra
            ``loss_and_grad`` per split per epoch); ``False`` records NaN there.
    """

    epochs: int = 30
    batch_size: int = 16
    lr: float = 1e-2
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8
    schedule_steps: int | None = None
    lr_floor: float = 0.0
    shuffle: bool = True
    eval_loss: bool = True

    def __post_init__(self) -> None:
        val.integer("epochs", self.epochs, lo=1)
        val.integer("batch_size", self.batch_size, lo=1)
        val.finite_scalar("lr", self.lr, lo=0.0, lo_open=True)
        val.finite_scalar("beta1", self.beta1, lo=0.0, hi=1.0, hi_open=True)
        val.finite_scalar("beta2", self.beta2, lo=0.0, hi=1.0, hi_open=True)
        val.finite_scalar("eps", self.eps, lo=0.0, lo_open=True)
        if self.schedule_steps is not None:
            val.integer("schedule_steps", self.schedule_steps, lo=1)
        val.finite_scalar("lr_floor", self.lr_floor, lo=0.0, hi=1.0)
        if not isinstance(self.shuffle, bool):
            raise TypeError(f"shuffle={self.shuffle!r} must be a bool")
        if not isinstance(self.eval_loss, bool):
            raise TypeError(f"eval_loss={self.eval_loss!r} must be a bool")

    def as_dict(self) -> dict[str, int | float | bool | None]:
        """The options as a JSON-ready dict (recorded with every result)."""
        return dict(asdict(self))


def cosine_lr(step: int, *, total: int, lr: float, floor: float) -> float:
    """Learning rate at optimiser step ``step`` (0-based) of a cosine decay over ``total`` steps
    from ``lr`` to ``floor * lr``, constant at ``floor * lr`` afterwards."""
    val.integer("step", step, lo=0)
    val.integer("total", total, lo=1)
    frac = min(step, total) / total
    return lr * (floor + (1.0 - floor) * 0.5 * (1.0 + math.cos(math.pi * frac)))


@dataclass(frozen=True, kw_only=True)
class AdamState:
    """First and second moment estimates and the step count ``t`` (steps taken so far)."""

    m: Params
    v: Params
    t: int = 0


def adam_init(params: Params) -> AdamState:
    """Zero moments with the keys and shapes of ``params``."""
    return AdamState(
        m={k: np.zeros_like(p) for k, p in params.items()},
        v={k: np.zeros_like(p) for k, p in params.items()},
    )


def adam_step(
    params: Params, grad: Params, state: AdamState, *, lr: float, config: TrainConfig
) -> tuple[Params, AdamState]:
    """One Adam update (module docstring); returns new parameters and state (inputs untouched)."""
    check_gradient_keys(params, grad)
    t = state.t + 1
    b1, b2 = config.beta1, config.beta2
    c1, c2 = 1.0 - b1**t, 1.0 - b2**t
    new_p: Params = {}
    new_m: Params = {}
    new_v: Params = {}
    for k in sorted(params):
        g = np.asarray(grad[k], dtype=np.float64)
        if not np.all(np.isfinite(g)):
            raise ValueError(f"grad[{k!r}] contains NaN or inf")
        m = b1 * state.m[k] + (1.0 - b1) * g
        v = b2 * state.v[k] + (1.0 - b2) * g * g
        new_p[k] = params[k] - lr * (m / c1) / (np.sqrt(v / c2) + config.eps)
        new_m[k], new_v[k] = m, v
    return new_p, AdamState(m=new_m, v=new_v, t=t)


@dataclass(frozen=True, kw_only=True)
class Split:
    """A labelled split: ``x: (M, T, d)`` tokens and ``y: (M,)`` labels."""

    x: FloatArray
    y: IntArray

    def __post_init__(self) -> None:
        x = val.real_array("x", self.x, ndim=3, shape_text="(M, T, d)", nonempty=True)
        y = np.asarray(self.y)
        if y.shape != (x.shape[0],) or not np.issubdtype(y.dtype, np.integer):
            raise ValueError(f"y has shape {y.shape} dtype {y.dtype}; expected ({x.shape[0]},) int")
        if np.any(y < 0):
            raise ValueError(f"y has a negative label {int(y.min())}")
        object.__setattr__(self, "x", x)
        object.__setattr__(self, "y", y.astype(np.int64))

    def __len__(self) -> int:
        return int(self.x.shape[0])


@dataclass(frozen=True, kw_only=True)
class History:
    """Per-epoch metrics after each epoch ``1..E`` (``(E,)`` arrays; a missing split is empty).

    ``train_loss`` is the mean minibatch loss seen during the epoch (before each step), the
    accuracies and the evaluation losses are measured on the whole split after the epoch.
    """

    train_acc: FloatArray
    train_loss: FloatArray
    test_acc: FloatArray
    test_loss: FloatArray
    dev_acc: FloatArray = field(default_factory=lambda: np.zeros(0))
    dev_loss: FloatArray = field(default_factory=lambda: np.zeros(0))

    def as_dict(self) -> dict[str, list[float]]:
        """JSON-ready lists (NaN written as ``None`` by the caller's encoder)."""
        return {k: [float(v) for v in np.asarray(a)] for k, a in asdict(self).items()}


def accuracy(model: Model, params: Params, split: Split) -> float:
    """Fraction of ``split`` that ``model`` labels correctly."""
    pred = np.asarray(model.predict(params, split.x))
    if pred.shape != split.y.shape:
        raise ValueError(
            f"{model.name}.predict returned shape {pred.shape}; expected {split.y.shape}"
        )
    return float(np.mean(pred == split.y))


def _eval_loss(model: Model, params: Params, split: Split, on: bool) -> float:
    return float(model.loss_and_grad(params, split.x, split.y)[0]) if on else float("nan")


def fit(
    model: Model,
    params: Params,
    train: Split,
    test: Split,
    dev: Split | None = None,
    *,
    config: TrainConfig,
    rng: np.random.Generator,
) -> tuple[Params, History]:
    """Train ``model`` from ``params`` on ``train`` with minibatch Adam and a cosine schedule.

    Args:
        model: any :class:`~reference.pipeline.model_protocol.Model`.
        params: initial parameters (for example ``model.init_params(rng)``).
        train, test, dev: splits; ``dev`` is held-out training data for epoch selection.
        config: the hyper-parameters (:class:`TrainConfig`).
        rng: draws the epoch permutations; the run is a pure function of its inputs and the
            generator's state (bit-for-bit deterministic per seed).

    Returns:
        The final parameters and the per-epoch :class:`History`.
    """
    if not isinstance(model, Model):
        raise TypeError(f"model={model!r} does not satisfy the Model protocol")
    if not isinstance(config, TrainConfig):
        raise TypeError(f"config must be a TrainConfig, got {type(config).__name__}")
    val.generator("rng", rng)
    for name, s in (("train", train), ("test", test), ("dev", dev)):
        if s is not None and not isinstance(s, Split):
            raise TypeError(f"{name} must be a Split, got {type(s).__name__}")
    m = len(train)
    per_epoch = -(-m // config.batch_size)
    total = (
        config.schedule_steps if config.schedule_steps is not None else config.epochs * per_epoch
    )
    p = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
    state = adam_init(p)
    cols: dict[str, list[float]] = {k: [] for k in ("tra", "trl", "tea", "tel", "dea", "del")}
    step = 0
    for _ in range(config.epochs):
        order = rng.permutation(m) if config.shuffle else np.arange(m)
        losses = []
        for b in range(per_epoch):
            idx = order[b * config.batch_size : (b + 1) * config.batch_size]
            loss, grad = model.loss_and_grad(p, train.x[idx], train.y[idx])
            if not math.isfinite(loss):
                raise ValueError(f"{model.name}: loss={loss!r} at step {step} is not finite")
            losses.append(float(loss) * len(idx))
            lr = cosine_lr(step, total=total, lr=config.lr, floor=config.lr_floor)
            p, state = adam_step(p, grad, state, lr=lr, config=config)
            step += 1
        # plain left-to-right accumulation, not sum(): Python >= 3.12 sums floats with Neumaier
        # compensation, which moved this mean by an ulp between interpreters and broke the
        # bit-for-bit re-run of the stored results on 3.13
        acc = 0.0
        for v in losses:
            acc += v
        cols["trl"].append(acc / m)
        cols["tra"].append(accuracy(model, p, train))
        cols["tea"].append(accuracy(model, p, test))
        cols["tel"].append(_eval_loss(model, p, test, config.eval_loss))
        if dev is not None:
            cols["dea"].append(accuracy(model, p, dev))
            cols["del"].append(_eval_loss(model, p, dev, config.eval_loss))
    arr = {k: np.asarray(v, dtype=np.float64) for k, v in cols.items()}
    hist = History(
        train_acc=arr["tra"],
        train_loss=arr["trl"],
        test_acc=arr["tea"],
        test_loss=arr["tel"],
        dev_acc=arr["dea"],
        dev_loss=arr["del"],
    )
    return p, hist


__all__ = [
    "AdamState",
    "History",
    "Split",
    "TrainConfig",
    "accuracy",
    "adam_init",
    "adam_step",
    "cosine_lr",
    "fit",
]
