"""Planar half-space reporting by convex layers (seed 002, Theorem 7.2 for ``d = 2``; claims
S002-C34, S002-C36): the stated planar rate ``O((k + 1) log n)`` that the kd-tree of
:mod:`reference.algorithms.halfspace` does not attain. Point tests use the canonical scores of
:func:`reference.algorithms.findset.scores`, so reports equal :func:`brute_force` bit for bit.

>>> import numpy as np
>>> pts = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [2.0, 2.0], [1.0, 1.0]])
>>> ConvexLayersIndex.build(pts).query(np.array([1.0, 1.0]), 1.0).indices.tolist()
[1, 2, 3, 4]
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from reference._types import FloatArray, IntArray
from reference.algorithms.findset import scores
from reference.algorithms.halfspace import (
    EPS,
    TINY,
    QueryResult,
    _check_points,
    _check_query,
    _hit,
)

CCW_ERRBOUND = (3.0 + 16.0 * EPS / 2) * EPS / 2
"""Shewchuk's ``ccwerrboundA``: a computed ``orient2d`` above this times its permanent has the
correct sign (no underflow)."""


def _orient_certain(
    origin: FloatArray, edge_end: FloatArray, pts: FloatArray, exact_int: bool
) -> npt.NDArray[np.bool_]:
    """``(h, m)``: point ``pts[j]`` is certainly on the left of (or, for exact integer data, on)
    the directed edge ``origin[i] -> edge_end[i]``."""
    ex = (edge_end[:, 0] - origin[:, 0])[:, None]
    ey = (edge_end[:, 1] - origin[:, 1])[:, None]
    dx = pts[None, :, 0] - origin[:, 0][:, None]
    dy = pts[None, :, 1] - origin[:, 1][:, None]
    left, right = ex * dy, ey * dx
    det = left - right
    if exact_int:
        return det >= 0
    perm = np.abs(left) + np.abs(right)
    out: npt.NDArray[np.bool_] = (det > CCW_ERRBOUND * perm) & (perm > 2.0**-900)
    return out


def _certified_layer(p: FloatArray, verts: IntArray, inner: IntArray, exact_int: bool) -> bool:
    """The hull ``verts`` (CCW) is strictly convex and contains every ``inner`` point, certainly."""
    h = verts.size
    if h < 3:
        return False
    v = p[verts]
    nxt = np.roll(v, -1, axis=0)
    # strict convexity: each vertex strictly left of the edge before it (exact data: > 0)
    prev = np.roll(v, 1, axis=0)
    ex, ey = v[:, 0] - prev[:, 0], v[:, 1] - prev[:, 1]
    dx, dy = nxt[:, 0] - prev[:, 0], nxt[:, 1] - prev[:, 1]
    left, right = ex * dy, ey * dx
    det = left - right
    perm = np.abs(left) + np.abs(right)
    convex = det > 0 if exact_int else (det > CCW_ERRBOUND * perm) & (perm > 2.0**-900)
    if not np.all(convex):
        return False
    if inner.size == 0:
        return True
    return _contains_all(v, nxt, p[inner], exact_int)


def _contains_all(v: FloatArray, nxt: FloatArray, x: FloatArray, exact_int: bool) -> bool:
    """Every row of ``x: (m, 2)`` certainly inside the strictly convex CCW polygon ``v: (h, 2)``.

    Each point is tested against the edge of its angular sector around the vertex centroid and
    both neighbouring edges (``O(m)`` orientation tests); the sector is exact up to one because
    every sector is wider than twice the angle error bound of the point. Points for which that
    bound fails, or all points when the centroid is not certainly interior, are tested against
    every edge.
    """
    h = v.shape[0]
    c = v.mean(axis=0)
    if not np.all(_orient_certain(v, nxt, c[None, :], exact_int)):
        return bool(np.all(_orient_certain(v, nxt, x, exact_int)))
    theta = np.arctan2(v[:, 1] - c[1], v[:, 0] - c[0])
    r0 = int(np.argmin(theta))
    th = np.roll(theta, -r0)
    widths = np.diff(np.concatenate((th, [th[0] + 2 * np.pi])))
    if np.any(widths <= 0):
        return bool(np.all(_orient_certain(v, nxt, x, exact_int)))
    d = x - c
    psi = np.arctan2(d[:, 1], d[:, 0])
    # angle error: rounding of x - c relative to its length, plus atan2's own few ulps
    dist = np.hypot(d[:, 0], d[:, 1])
    mag = np.abs(x).sum(axis=1) + np.abs(c).sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        ang_err = 8.0 * EPS * (1.0 + mag / dist)
    fast = ang_err < 0.5 * float(widths.min())  # NaN (x at the centroid) -> slow path
    sec = (np.searchsorted(th, psi, side="right") - 1) % h
    edge = (sec + r0) % h  # vertex index that starts the sector's edge
    ok = np.ones(x.shape[0], dtype=np.bool_)
    for shift in (-1, 0, 1):
        e_idx = (edge + shift) % h
        ex = nxt[e_idx, 0] - v[e_idx, 0]
        ey = nxt[e_idx, 1] - v[e_idx, 1]
        dx = x[:, 0] - v[e_idx, 0]
        dy = x[:, 1] - v[e_idx, 1]
        left, right = ex * dy, ey * dx
        det = left - right
        if exact_int:
            ok &= det >= 0
        else:
            perm = np.abs(left) + np.abs(right)
            ok &= (det > CCW_ERRBOUND * perm) & (perm > 2.0**-900)
    slow = ~fast
    if np.any(slow):
        ok[slow] = np.all(_orient_certain(v, nxt, x[slow], exact_int), axis=0)
    return bool(np.all(ok))


@dataclass(frozen=True, kw_only=True)
class ConvexLayersIndex:
    """Planar half-space (half-plane) reporting by convex layers (Chazelle-Guibas-Lee 1985), the
    ``d = 2`` case of Theorem 7.2 (query ``O((k + 1) log n)``; exponent ``1 - 1/floor(2/2) = 0``).

    ``build`` peels convex hulls (SciPy/Qhull, ``O(n log n)`` per layer: a simple ``O(n^2 log n)``
    worst-case build, not Chazelle's ``O(n log n)``). Each layer is certified with Shewchuk's
    orientation error bound (exact for small integer data): strictly convex, and containing every
    point peeled later. Peeling stops at the first layer that cannot be certified (degenerate or
    collinear remainder, fewer than 3 points, Qhull precision trouble); those points form a final
    layer that is scanned. A query walks the layers from the outside in: per
    layer the extreme vertex in direction ``a`` is found by binary search on the edge angles, the
    reported vertices form an arc around it, and the walk stops at the first layer with no vertex
    in the half-plane (every inner point lies in that layer's hull).

    Exactness (S002-C36): vertices are reported by the canonical score of :func:`brute_force`. A
    layer is skipped only when its extreme vertex is certified (both neighbours lower by more than
    twice the rounding bound ``E = 4 gamma_2 sum_i |a_i| max_j |p_ji| + 4 eps |b|``) and below
    ``b - 2E``; the arc walk continues while the computed score is ``>= b - 2E``. Any uncertain
    layer is scanned in full.

    Attributes: points ``(n, 2)``; ``layers``: vertex indices per layer (CCW); ``edge_angle`` and
    ``rot``: per layer the sorted edge angles and the rotation that sorts them; ``flat``: the final
    unstructured layer; ``absmax``: ``(2,)`` max ``|p_i|``.
    """

    points: FloatArray
    layers: tuple[IntArray, ...]
    edge_angle: tuple[FloatArray, ...]
    rot: tuple[int, ...]
    flat: IntArray
    absmax: FloatArray

    @staticmethod
    def build(points: npt.ArrayLike) -> ConvexLayersIndex:
        """``Init(S)`` for ``points: (n, 2)``."""
        from scipy.spatial import ConvexHull, QhullError

        p = _check_points(points).copy()
        if p.shape[1] != 2:
            raise ValueError(f"points: ConvexLayersIndex needs d=2, got d={p.shape[1]}")
        idx = np.arange(p.shape[0], dtype=np.int64)
        # small integers: differences and cross products are exact in binary64
        exact_int = bool(np.all(p == np.round(p)) and np.abs(p).max() < 2.0**20)
        layers: list[IntArray] = []
        angles: list[FloatArray] = []
        rots: list[int] = []
        while idx.size >= 3:
            try:
                hull = ConvexHull(p[idx])
            except QhullError:  # collinear or otherwise degenerate remainder
                break
            verts = idx[hull.vertices]  # counter-clockwise for 2-D hulls
            keep = np.ones(idx.size, dtype=np.bool_)
            keep[hull.vertices] = False
            if not _certified_layer(p, verts, idx[keep], exact_int):
                break  # Qhull's answer is not certain: scan this layer and everything inside
            e = p[np.roll(verts, -1)] - p[verts]
            phi = np.arctan2(e[:, 1], e[:, 0])
            r0 = int(np.argmin(phi))
            layers.append(verts)
            angles.append(np.roll(phi, -r0))
            rots.append(r0)
            idx = idx[keep]
        p.setflags(write=False)
        return ConvexLayersIndex(
            points=p,
            layers=tuple(layers),
            edge_angle=tuple(angles),
            rot=tuple(rots),
            flat=idx,
            absmax=np.abs(p).max(axis=0),
        )

    def query(self, a: npt.ArrayLike, b: float, *, strict: bool = False) -> QueryResult:
        """``Query(a, b)`` (Definition 7.1); equal to :func:`brute_force` exactly (S002-C36).

        ``nodes_visited`` counts layers entered plus binary-search steps, ``points_tested`` the
        vertices scored.
        """
        av, bf = _check_query(a, b, 2)
        p = self.points
        err = 4.0 * (2 + 2) * EPS * float(np.sum(np.abs(av) * self.absmax)) + 4.0 * EPS * abs(bf)
        err += 2 * TINY
        low = bf - 2.0 * err
        alpha = math.atan2(av[1], av[0])
        out: list[IntArray] = []
        visited = 0
        tested = 0
        for verts, phi, r0 in zip(self.layers, self.edge_angle, self.rot, strict=True):
            h = verts.size
            visited += 1 + max(1, math.ceil(math.log2(h)))
            target = alpha + math.pi / 2
            target = phi[0] + math.fmod(target - phi[0], 2 * math.pi)
            if target < phi[0]:
                target += 2 * math.pi
            t = int(np.searchsorted(phi, target)) % h
            u = (t + r0) % h  # start vertex of the first edge with angle >= alpha + pi/2
            tri = verts[[(u - 1) % h, u, (u + 1) % h]]
            s3 = scores(p[tri], av)
            tested += 3
            certified = s3[1] - s3[0] > 2 * err and s3[1] - s3[2] > 2 * err
            if not certified or h <= 3:
                s_all = scores(p[verts], av)
                tested += h
                hit = _hit(s_all, bf, strict)
                if not np.any(s_all >= low):
                    break
                out.append(verts[hit])
                continue
            if s3[1] < low:
                break
            arc = [verts[u]] if (s3[1] > bf if strict else s3[1] >= bf) else []
            for step in (1, -1):
                j = (u + step) % h
                while j != u:
                    sj = float(scores(p[verts[j : j + 1]], av)[0])
                    tested += 1
                    if sj < low:
                        break
                    if sj > bf if strict else sj >= bf:
                        arc.append(verts[j])
                    j = (j + step) % h
            out.append(np.array(arc, dtype=np.int64))
        else:
            if self.flat.size:
                s_flat = scores(p[self.flat], av)
                tested += int(self.flat.size)
                out.append(self.flat[_hit(s_flat, bf, strict)])
        res = np.unique(np.concatenate(out)) if out else np.zeros(0, dtype=np.int64)
        return QueryResult(
            indices=res.astype(np.int64),
            nodes_visited=visited,
            points_tested=tested,
            reported_in_bulk=0,
        )


__all__ = ["CCW_ERRBOUND", "ConvexLayersIndex"]
