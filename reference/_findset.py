"""Shared pieces of the find-set searches of seed 002 (Algorithm 1 / Algorithm 3).

* :class:`FindResult` — what a find-set search returns (the structural protocol is defined in
  :mod:`reference.sparse`; :class:`reference.grover.GroverFindSet` and
  :class:`reference.halfspace.HalfspaceFindSet` return this class).
* :func:`scores` — the canonical inner products ``<a, p_j>``, accumulated coordinate by coordinate,
  so every find set (Grover, half-space, brute force) rounds each score identically and boundary
  ties ``x_ij = tau`` (S002-A02) are decided the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from reference._types import FloatArray, IntArray


@dataclass(frozen=True, kw_only=True)
class FindResult:
    """A find set ``S~_i`` (sorted ``indices``) and the ``queries`` (oracle queries or
    operations) spent finding it."""

    indices: IntArray
    queries: int


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


__all__ = ["FindResult", "scores"]
