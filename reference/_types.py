"""Array aliases used in signatures. Shapes are named in docstrings (``q: (n, d)``)."""

from __future__ import annotations

from typing import TypeAlias

import numpy as np
import numpy.typing as npt

FloatArray: TypeAlias = npt.NDArray[np.float64]
ComplexArray: TypeAlias = npt.NDArray[np.complex128]
IntArray: TypeAlias = npt.NDArray[np.int64]
BoolArray: TypeAlias = npt.NDArray[np.bool_]
AnyArray: TypeAlias = npt.NDArray[np.generic]

__all__ = ["AnyArray", "BoolArray", "ComplexArray", "FloatArray", "IntArray"]
