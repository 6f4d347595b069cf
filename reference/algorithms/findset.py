"""Shared pieces of the find-set searches of seed 002 (Algorithm 1 / Algorithm 3).

* :class:`FindResult` — what a find-set search returns (the structural protocol is defined in
  :mod:`reference.mechanisms.sparse`; :class:`reference.mechanisms.grover.GroverFindSet` and
  :class:`reference.algorithms.halfspace.HalfspaceFindSet` return this class).
* :func:`scores` — the canonical inner products ``<a, p_j>``, accumulated coordinate by coordinate,
  so every find set (Grover, half-space, brute force) rounds each score identically and boundary
  ties ``x_ij = tau`` (S002-A02) are decided the same way.
* :func:`check_points` / :func:`check_row` — the boundary checks every find-set search shares
  (keys ``(n, d)`` non-empty, finite and real; a query row ``(d,)`` of matching length).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reference._types import FloatArray, IntArray
from reference._validate import real_array


@dataclass(frozen=True, kw_only=True)
class FindResult:
    """Outcome of one find-set search on one row (the return type of every find-set search).

    Attributes:
        indices: ``(m,)`` sorted column indices found.
        queries: oracle queries spent (each costs one O(d) inner product, Lemma 5.1).
    """

    indices: IntArray
    queries: int

    def __post_init__(self) -> None:
        ix = np.asarray(self.indices)
        if ix.ndim != 1 or (ix.size and not np.issubdtype(ix.dtype, np.integer)):
            raise ValueError(f"indices must be a 1-d integer array, got {ix.dtype} {ix.shape}")
        if ix.size and np.any(np.diff(ix) <= 0):
            raise ValueError("indices must be strictly increasing (sorted, no repeats)")
        q = self.queries
        if isinstance(q, bool) or not isinstance(q, int | np.integer) or q < 0:
            raise ValueError(f"queries={q!r} must be an int >= 0")
        object.__setattr__(self, "indices", ix.astype(np.int64, copy=False))
        object.__setattr__(self, "queries", int(q))


def check_points(name: str, points: object) -> FloatArray:
    """``points`` as a finite real non-empty ``(n, d)`` array (``n, d >= 1``)."""
    return real_array(name, points, ndim=2, shape_text="(n, d)", nonempty=True)  # type: ignore[arg-type]


def check_row(name: str, a: object, d: int) -> FloatArray:
    """``a`` as a finite real ``(d,)`` vector (a query row against ``d``-dimensional points)."""
    av = real_array(name, a, ndim=1, shape_text=f"(d,)=({d},)")  # type: ignore[arg-type]
    if av.shape != (d,):
        raise ValueError(f"{name} has shape {av.shape}; expected (d,)=({d},) matching the points")
    return av


def scores(points: FloatArray, a: FloatArray) -> FloatArray:
    """Canonical ``<a, p_j>`` for ``points: (m, d)``, ``a: (d,)``, accumulated coordinate by
    coordinate.

    Elementwise, so the value for a point does not depend on which other points are in the batch
    (unlike a BLAS ``gemv``/``gemm``, whose blocking may change the rounding).
    """
    s: FloatArray = points[:, 0] * a[0]
    for i in range(1, points.shape[1]):
        s = s + points[:, i] * a[i]
    return s


__all__ = ["FindResult", "check_points", "check_row", "scores"]
