"""The protocol every trainable model of the reproduction meets (issue 15).

A model is a small object with a name and three pure functions of an explicit parameter dict:
``init_params`` (from an explicit :class:`numpy.random.Generator`), ``loss_and_grad`` (the mean
softmax cross-entropy of a batch and its *exact* gradient with respect to every parameter) and
``predict`` (class labels). The training loop (:mod:`reference.pipeline.training`) and the
reproduction runner see models only through this protocol, so the Figure-1 encoder with each
score, QSANN, classical attention and the MLP baseline are trained by the same code.

Shapes: ``x`` is ``(B, T, d)`` token vectors (an MLP flattens them), ``y`` is ``(B,)`` integer
labels in ``[0, num_classes)``. Parameters are a flat ``dict[str, FloatArray]``; the gradient has
exactly the same keys and shapes.
"""

from __future__ import annotations

from typing import Protocol, TypeAlias, runtime_checkable

import numpy as np

from reference._types import FloatArray, IntArray

Params: TypeAlias = dict[str, FloatArray]
"""Parameter name -> array; a gradient has the same keys and shapes."""


@runtime_checkable
class Model(Protocol):
    """A trainable classifier over token sequences (see the module docstring)."""

    @property
    def name(self) -> str:
        """Stable name used in results files (``"entropy"``, ``"mlp"``, ...)."""
        ...

    def init_params(self, rng: np.random.Generator) -> Params:
        """Fresh parameters drawn from ``rng`` only (bit-for-bit deterministic per seed)."""
        ...

    def loss_and_grad(self, params: Params, x: FloatArray, y: IntArray) -> tuple[float, Params]:
        """Mean cross-entropy over the batch and its exact gradient (same keys as ``params``)."""
        ...

    def predict(self, params: Params, x: FloatArray) -> IntArray:
        """Predicted class labels, shape ``(B,)``."""
        ...


def check_gradient_keys(params: Params, grad: Params) -> None:
    """Raise ``ValueError`` naming the key where ``grad`` and ``params`` differ in keys/shapes."""
    if set(params) != set(grad):
        raise ValueError(f"grad keys {sorted(grad)} differ from params keys {sorted(params)}")
    for key, value in params.items():
        if np.shape(grad[key]) != np.shape(value):
            raise ValueError(
                f"grad[{key!r}] has shape {np.shape(grad[key])}, params[{key!r}] {np.shape(value)}"
            )


__all__ = ["Model", "Params", "check_gradient_keys"]
