"""The MLP baseline of seed 001 (§8, claim ``S001-E04``) with exact hand-written gradients.

The paper: "an MLP (3x48x48 hidden + 48x2, about 7k parameters) reaches 100 % test on MC and
overfits RP". Read as 3 hidden layers of width 48 and an output layer of 2 on the flattened
``T x d = 4 x 12 = 48`` tokens::

    h_0 = flatten(x)                      (B, T d)
    h_l = act(h_{l-1} W_l^T + b_l)        (B, 48),  l = 1..3
    logits = h_3 W_out^T + b_out          (B, C)
    loss = mean_b -log softmax(logits_b)[y_b]

Parameters for ``T d = 48``, ``C = 2``: ``3 (48*48 + 48) + 48*2 + 2 = 7154`` ("about 7k").

RECONSTRUCTED (``S001-A12``, options here): activation ReLU (``activation="tanh"`` the
alternative), biases present, initialisation ``U(-1/sqrt(fan_in), 1/sqrt(fan_in))`` for weights
and biases (PyTorch / Equinox ``Linear`` default).

Reverse mode (``G`` = gradient of the mean loss): ``G_logits = (softmax - onehot) / B``;
``G_W = G_out^T h_in``, ``G_b = sum_b G_out``, ``G_in = G_out W``; through the activation
``G_pre = G_h * act'(pre)`` (ReLU: ``1[pre > 0]``; tanh: ``1 - h^2``).

Notation map: hidden widths -> ``hidden``; output 2 -> ``num_classes``; parameter keys ``w0, b0,
.. w3, b3`` (``w3`` the output layer).

>>> m = MLPModel(input_dim=48, num_classes=2)
>>> m.parameter_count()
7154
>>> p = m.init_params(np.random.default_rng(0))
>>> loss, g = m.loss_and_grad(p, np.zeros((3, 4, 12)), np.array([0, 1, 1]))
>>> sorted(g) == sorted(p)
True
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

from reference import _validate as val
from reference._types import FloatArray, IntArray
from reference.pipeline.model_protocol import Params

Activation = Literal["relu", "tanh"]


def _log_softmax(z: FloatArray) -> FloatArray:
    s = z - z.max(axis=1, keepdims=True)
    out: FloatArray = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
    return out


@dataclass(frozen=True, kw_only=True)
class MLPModel:
    """Fully connected classifier on flattened tokens (module docstring).

    Attributes:
        input_dim: ``T * d`` of the inputs (48 for 4 tokens of 12).
        num_classes: output width (2 for MC / RP, 10 for MNIST-1D).
        hidden: hidden widths (``(48, 48, 48)``, the paper's).
        activation: ``"relu"`` (RECONSTRUCTED default) or ``"tanh"``.
    """

    input_dim: int
    num_classes: int = 2
    hidden: tuple[int, ...] = (48, 48, 48)
    activation: Activation = "relu"

    def __post_init__(self) -> None:
        val.integer("input_dim", self.input_dim, lo=1)
        val.integer("num_classes", self.num_classes, lo=2)
        if not isinstance(self.hidden, tuple):
            raise TypeError(f"hidden={self.hidden!r} must be a tuple of ints")
        for i, h in enumerate(self.hidden):
            val.integer(f"hidden[{i}]", h, lo=1)
        val.choice("activation", self.activation, ("relu", "tanh"))

    @property
    def name(self) -> str:
        return "mlp"

    def _widths(self) -> list[int]:
        return [self.input_dim, *self.hidden, self.num_classes]

    def parameter_count(self) -> int:
        """Number of trainable scalars (weights and biases)."""
        w = self._widths()
        return sum(a * b + b for a, b in itertools.pairwise(w))

    def init_params(self, rng: np.random.Generator) -> Params:
        """``U(-1/sqrt(fan_in), 1/sqrt(fan_in))`` weights and biases, drawn from ``rng`` only."""
        val.generator("rng", rng)
        w = self._widths()
        p: Params = {}
        for layer, (fan_in, fan_out) in enumerate(itertools.pairwise(w)):
            bound = 1.0 / math.sqrt(fan_in)
            p[f"w{layer}"] = rng.uniform(-bound, bound, size=(fan_out, fan_in))
            p[f"b{layer}"] = rng.uniform(-bound, bound, size=(fan_out,))
        return p

    def _flat(self, x: FloatArray) -> FloatArray:
        a = val.real_array("x", x, ndim=3, shape_text="(B, T, d)")
        flat = a.reshape(a.shape[0], -1)
        if flat.shape[1] != self.input_dim:
            raise ValueError(
                f"x has shape {a.shape}: T*d={flat.shape[1]} != input_dim={self.input_dim}"
            )
        return flat

    def _act(self, z: FloatArray) -> FloatArray:
        out: FloatArray = np.maximum(z, 0.0) if self.activation == "relu" else np.tanh(z)
        return out

    def _forward(self, params: Params, x: FloatArray) -> list[FloatArray]:
        """Activations ``[h_0, h_1, .., h_L, logits]``."""
        hs = [self._flat(x)]
        n = len(self.hidden)
        for layer in range(n + 1):
            z = hs[-1] @ params[f"w{layer}"].T + params[f"b{layer}"]
            hs.append(self._act(z) if layer < n else z)
        return hs

    def logits(self, params: Params, x: FloatArray) -> FloatArray:
        """``(B, C)`` class logits."""
        return self._forward(params, x)[-1]

    def predict(self, params: Params, x: FloatArray) -> IntArray:
        """Arg-max class labels ``(B,)``."""
        out: IntArray = np.argmax(self.logits(params, x), axis=1).astype(np.int64)
        return out

    def loss_and_grad(self, params: Params, x: FloatArray, y: IntArray) -> tuple[float, Params]:
        """Mean softmax cross-entropy and its exact gradient (module docstring)."""
        hs = self._forward(params, x)
        labels = np.asarray(y)
        b = hs[0].shape[0]
        if labels.shape != (b,):
            raise ValueError(f"y has shape {labels.shape}; expected ({b},)")
        if b and (labels.min() < 0 or labels.max() >= self.num_classes):
            raise ValueError(f"y has a label outside [0, num_classes={self.num_classes})")
        logp = _log_softmax(hs[-1])
        rows = np.arange(b)
        loss = float(-logp[rows, labels].mean())
        g_out = np.exp(logp)
        g_out[rows, labels] -= 1.0
        g_out /= b
        grad: Params = {}
        n = len(self.hidden)
        for layer in range(n, -1, -1):
            h_in = hs[layer]
            grad[f"w{layer}"] = g_out.T @ h_in
            grad[f"b{layer}"] = g_out.sum(axis=0)
            if layer == 0:
                break
            g_h = g_out @ params[f"w{layer}"]
            g_out = g_h * (h_in > 0.0) if self.activation == "relu" else g_h * (1.0 - h_in * h_in)
        return loss, grad


__all__ = ["Activation", "MLPModel"]
