"""The one set of argument validators of the reference (DESIGN.md, "Bad input").

Every public function validates at its boundary with these helpers, so every mechanism rejects bad
input with the same words, each naming the argument and the offending value:

* ``Q has shape (3,); expected 2 dims (n, d)``
* ``Q contains NaN or inf (Q[1, 0]=nan); it must be finite``
* ``Q is complex (complex128); a real array is required``
* ``tau=nan must be finite``, ``k=0 must be >= 1``, ``encoding='foo' must be one of ('dense', ...)``

Complex input is rejected where the mathematics is real (NumPy would otherwise drop the imaginary
part with a warning, or silently for ``np.asarray(x, dtype=float)`` on Python complex scalars).
Booleans are rejected where an integer count is asked for (``True`` is not a qubit count).

>>> real_array("Q", [[1.0, 2.0]], ndim=2).shape
(1, 2)
>>> real_array("Q", [1.0, float("nan")], ndim=1)
Traceback (most recent call last):
...
ValueError: Q contains NaN or inf (Q[1]=nan); it must be finite
>>> finite_scalar("tau", 0.5, lo=0.0)
0.5
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from reference._types import ComplexArray, FloatArray

T = TypeVar("T")

_DIM_NAMES = {0: "a scalar", 1: "(n,)", 2: "(n, d)", 3: "(b, n, d)"}


def _dims_text(dims: tuple[int, ...], shape_text: str | None) -> str:
    if shape_text is not None:
        return shape_text
    return " or ".join(f"{d} dims" for d in dims)


def _first_bad(a: npt.NDArray[np.generic]) -> str:
    idx = tuple(int(i) for i in np.argwhere(~np.isfinite(a))[0])
    inner = ", ".join(map(str, idx))
    return f"[{inner}]={a[idx].item()!r}" if idx else f"={a.item()!r}"


def _to_array(name: str, x: object, dtype: type[np.generic]) -> npt.NDArray[np.generic]:
    if isinstance(x, str | bytes):
        raise TypeError(f"{name} must be a numeric array, got {type(x).__name__}")
    try:
        raw = np.asarray(x)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a numeric array, got {type(x).__name__}") from None
    if raw.dtype == object or not (
        np.issubdtype(raw.dtype, np.number) or np.issubdtype(raw.dtype, np.bool_)
    ):
        raise TypeError(f"{name} must be a numeric array, got dtype {raw.dtype}")
    if dtype is np.float64 and np.iscomplexobj(raw):
        raise TypeError(f"{name} is complex ({raw.dtype}); a real array is required")
    return raw.astype(dtype, copy=False)


def real_array(
    name: str,
    x: npt.ArrayLike,
    *,
    ndim: int | tuple[int, ...] | None = None,
    shape_text: str | None = None,
    finite: bool = True,
    nonempty: bool = False,
) -> FloatArray:
    """``x`` as a float64 array, checked for dimension, realness and finiteness.

    Args:
        name: the argument's name, used in every message.
        ndim: allowed number(s) of dimensions (``None``: any).
        shape_text: how the expected shape is spelled in the message (``"(n, d)"``).
        finite: reject NaN and +-inf.
        nonempty: reject arrays with a zero-length axis.
    """
    a = _to_array(name, x, np.float64)
    if ndim is not None:
        dims = (ndim,) if isinstance(ndim, int) else ndim
        if a.ndim not in dims:
            raise ValueError(f"{name} has shape {a.shape}; expected {_dims_text(dims, shape_text)}")
    if nonempty and a.size == 0:
        raise ValueError(f"{name} has shape {a.shape}; expected a non-empty array")
    if finite and a.size and not np.all(np.isfinite(a)):
        raise ValueError(f"{name} contains NaN or inf ({name}{_first_bad(a)}); it must be finite")
    return a  # type: ignore[return-value]


def complex_array(
    name: str,
    x: npt.ArrayLike,
    *,
    ndim: int | tuple[int, ...] | None = None,
    shape_text: str | None = None,
) -> ComplexArray:
    """``x`` as a finite complex128 array of the given dimension(s)."""
    a = _to_array(name, x, np.complex128)
    if ndim is not None:
        dims = (ndim,) if isinstance(ndim, int) else ndim
        if a.ndim not in dims:
            raise ValueError(f"{name} has shape {a.shape}; expected {_dims_text(dims, shape_text)}")
    if a.size and not np.all(np.isfinite(a)):
        raise ValueError(f"{name} contains NaN or inf ({name}{_first_bad(a)}); it must be finite")
    return a  # type: ignore[return-value]


def square_matrix(name: str, x: npt.ArrayLike, *, nonempty: bool = True) -> FloatArray:
    """A finite real ``(n, n)`` matrix."""
    a = real_array(name, x, ndim=2, shape_text="a square (n, n) matrix")
    if a.shape[0] != a.shape[1] or (nonempty and a.shape[0] < 1):
        raise ValueError(f"{name} has shape {a.shape}; expected a non-empty square (n, n) matrix")
    return a


def finite_scalar(
    name: str,
    v: object,
    *,
    lo: float | None = None,
    hi: float | None = None,
    lo_open: bool = False,
    hi_open: bool = False,
) -> float:
    """A finite real number, optionally in ``[lo, hi]`` (``lo_open`` / ``hi_open`` exclude ends)."""
    if isinstance(v, bool) or not isinstance(v, numbers.Real | np.floating | np.integer):
        if isinstance(v, complex | np.complexfloating):
            raise TypeError(f"{name}={v!r} is complex; a real number is required")
        raise TypeError(f"{name}={v!r} must be a real number, got {type(v).__name__}")
    f = float(v)
    if not math.isfinite(f):
        raise ValueError(f"{name}={f!r} must be finite")
    if lo is not None and (f < lo or (lo_open and f == lo)):
        raise ValueError(f"{name}={f!r} must be {'>' if lo_open else '>='} {lo!r}")
    if hi is not None and (f > hi or (hi_open and f == hi)):
        raise ValueError(f"{name}={f!r} must be {'<' if hi_open else '<='} {hi!r}")
    return f


def integer(name: str, v: object, *, lo: int | None = None, hi: int | None = None) -> int:
    """An integer (Python or NumPy; not ``bool``, not a float), optionally in ``[lo, hi]``."""
    if isinstance(v, bool) or not isinstance(v, int | np.integer):
        raise TypeError(f"{name}={v!r} must be an integer, got {type(v).__name__}")
    i = int(v)
    if lo is not None and i < lo:
        raise ValueError(f"{name}={i} must be >= {lo}")
    if hi is not None and i > hi:
        raise ValueError(f"{name}={i} must be <= {hi}")
    return i


def probability(name: str, p: object) -> float:
    """A probability in ``[0, 1]``."""
    return finite_scalar(name, p, lo=0.0, hi=1.0)


def probabilities(name: str, p: npt.ArrayLike, *, atol: float = 1e-9) -> FloatArray:
    """A finite non-negative vector summing to 1 (within ``atol``) along its last axis."""
    a = real_array(name, p, ndim=(1, 2), shape_text="(k,) or (b, k)", nonempty=True)
    if np.any(a < 0):
        raise ValueError(f"{name} has a negative entry ({float(a.min())!r}); it must be >= 0")
    s = a.sum(axis=-1)
    if np.any(np.abs(s - 1.0) > atol):
        raise ValueError(f"{name} sums to {np.ravel(s)[0]!r}; it must sum to 1")
    return a


def choice(name: str, v: T, allowed: Sequence[T]) -> T:
    """``v`` if it is one of ``allowed``."""
    if v not in allowed:
        raise ValueError(f"{name}={v!r} must be one of {tuple(allowed)!r}")
    return v


def generator(name: str, rng: object) -> np.random.Generator:
    """An explicit ``numpy.random.Generator`` (never a seed or the global state)."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"{name} must be a numpy.random.Generator, got {type(rng).__name__}")
    return rng


__all__ = [
    "choice",
    "complex_array",
    "finite_scalar",
    "generator",
    "integer",
    "probabilities",
    "probability",
    "real_array",
    "square_matrix",
]
