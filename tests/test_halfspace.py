"""Unit tests of :mod:`reference.algorithms.halfspace` (S002-C34, S002-C36): bad inputs, exactness,
adapter."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from reference.algorithms.convex_layers import ConvexLayersIndex
from reference.algorithms.halfspace import (
    HalfspaceFindSet,
    HalfspaceIndex,
    brute_force,
    fit_exponent,
    scores,
)

P = np.arange(15.0).reshape(5, 3)
IDX = HalfspaceIndex.build(P)

BAD: list[tuple[str, Callable[[], Any], str]] = [
    ("build(empty)", lambda: HalfspaceIndex.build(np.zeros((0, 3))), "empty"),
    ("build(1-d points)", lambda: HalfspaceIndex.build(np.zeros(3)), "points"),
    ("build(nan point)", lambda: HalfspaceIndex.build(np.array([[0.0, np.nan]])), "finite"),
    ("build(inf point)", lambda: HalfspaceIndex.build(np.array([[np.inf, 0.0]])), "finite"),
    ("build(d=0)", lambda: HalfspaceIndex.build(np.zeros((3, 0))), r"points has shape \(3, 0\)"),
    ("build(leaf_size=0)", lambda: HalfspaceIndex.build(P, leaf_size=0), "leaf_size"),
    (
        "query(a dim 2, points dim 3)",
        lambda: IDX.query(np.ones(2), 0.0),
        r"a has shape \(2,\); expected \(d,\)=\(3,\)",
    ),
    ("query(a 2-d)", lambda: IDX.query(np.ones((1, 3)), 0.0), r"a has shape \(1, 3\)"),
    ("query(a nan)", lambda: IDX.query(np.array([1.0, np.nan, 0.0]), 0.0), "finite"),
    ("query(b=nan)", lambda: IDX.query(np.ones(3), float("nan")), "b=nan"),
    ("brute_force(empty)", lambda: brute_force(np.zeros((0, 2)), np.ones(2), 0.0), "empty"),
    ("brute_force(dim mismatch)", lambda: brute_force(P, np.ones(4), 0.0), r"a has shape \(4,\)"),
    ("HalfspaceFindSet(leaf_size=0)", lambda: HalfspaceFindSet(leaf_size=0), "leaf_size"),
    (
        "HalfspaceFindSet()(K empty)",
        lambda: HalfspaceFindSet()(np.ones(2), np.zeros((0, 2)), 0.0, rng=np.random.default_rng(0)),
        "empty",
    ),
    ("fit_exponent(one size)", lambda: fit_exponent([10], [3.0]), "fit_exponent"),
    ("ConvexLayersIndex(d=3)", lambda: ConvexLayersIndex.build(P), "d=2"),
    ("ConvexLayersIndex(empty)", lambda: ConvexLayersIndex.build(np.zeros((0, 2))), "empty"),
    ("ConvexLayersIndex(nan)", lambda: ConvexLayersIndex.build(np.full((3, 2), np.nan)), "finite"),
    (
        "ConvexLayersIndex.query(a dim 3)",
        lambda: ConvexLayersIndex.build(P[:, :2]).query(np.ones(3), 0.0),
        r"a has shape \(3,\); expected \(d,\)=\(2,\)",
    ),
    ("query_many(A dim 2)", lambda: IDX.query_many(np.ones((4, 2)), 0.0), r"A has shape \(4, 2\)"),
    ("query_many(A nan)", lambda: IDX.query_many(np.full((2, 3), np.nan), 0.0), "finite"),
    (
        "query_many(b inf)",
        lambda: IDX.query_many(np.ones((2, 3)), np.inf),
        r"b contains NaN or inf \(b=inf\)",
    ),
    ("query_many(chunk=0)", lambda: IDX.query_many(np.ones((2, 3)), 0.0, chunk=0), "chunk"),
    (
        "HalfspaceFindSet().find_all(tau=nan)",
        lambda: HalfspaceFindSet().find_all(P, P, np.nan, rng=np.random.default_rng(0)),
        "tau",
    ),
]


@pytest.mark.parametrize(("call", "match"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input(call: Callable[[], Any], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()


COMPLEX: list[tuple[str, Callable[[], Any], str]] = [
    ("build(complex points)", lambda: HalfspaceIndex.build(P * 1j), "points is complex"),
    ("query(complex a)", lambda: IDX.query(np.ones(3) * 1j, 0.0), "a is complex"),
    ("query(complex b)", lambda: IDX.query(np.ones(3), 1j), "b=1j is complex"),
    ("query_many(complex A)", lambda: IDX.query_many(np.ones((2, 3)) + 0j, 0.0), "A is complex"),
    ("brute_force(complex a)", lambda: brute_force(P, np.ones(3) * 1j, 0.0), "a is complex"),
    (
        "ConvexLayersIndex(complex points)",
        lambda: ConvexLayersIndex.build(P[:, :2] * 1j),
        "points is complex",
    ),
]


@pytest.mark.parametrize(("call", "match"), [b[1:] for b in COMPLEX], ids=[b[0] for b in COMPLEX])
def test_complex_input_rejected(call: Callable[[], Any], match: str) -> None:
    """Complex input is rejected naming the argument (the maths is real; it was cast before)."""
    with pytest.raises(TypeError, match=match):
        call()


def test_query_many_with_no_queries_is_empty() -> None:
    """Empty input: ``m = 0`` queries give an empty CSR result of the right shape."""
    res = IDX.query_many(np.zeros((0, 3)), 0.0)
    assert res.indptr.tolist() == [0]
    assert res.indices.size == 0 and res.nodes_visited.size == 0


def test_S002_C36_boundary_ties_reported() -> None:
    """S002-C36: points exactly on the hyperplane are reported (>=) and dropped with strict (>)."""
    pts = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [2.0, 2.0], [0.5, 0.5], [3.0, -3.0]])
    idx = HalfspaceIndex.build(pts, leaf_size=1)
    a, b = np.array([1.0, 1.0]), 1.0
    assert idx.query(a, b).indices.tolist() == [1, 2, 3, 4]
    assert idx.query(a, b, strict=True).indices.tolist() == [3]


def test_S002_C36_duplicates_and_single_point() -> None:
    pts = np.zeros((9, 4))
    idx = HalfspaceIndex.build(pts)
    assert idx.query(np.ones(4), 0.0).indices.tolist() == list(range(9))
    assert idx.query(np.ones(4), 0.0, strict=True).indices.size == 0
    one = HalfspaceIndex.build(np.array([[1.0, 2.0, 3.0]]))
    assert one.query(np.array([1.0, 0.0, 0.0]), 1.0).indices.tolist() == [0]


def test_whole_cells_are_reported_without_tests() -> None:
    """A half-space containing every point is answered from the root box alone."""
    rng = np.random.default_rng(1)
    pts = rng.normal(size=(1000, 3))
    res = HalfspaceIndex.build(pts).query(np.array([1.0, 0.0, 0.0]), -100.0)
    assert res.indices.size == 1000
    assert res.points_tested == 0
    assert res.nodes_visited == 1
    assert res.reported_in_bulk == 1000
    empty = HalfspaceIndex.build(pts).query(np.array([1.0, 0.0, 0.0]), 100.0)
    assert empty.indices.size == 0
    assert empty.operations == 1


def test_query_cost_sublinear_in_two_dimensions() -> None:
    """S002-C34 (kd-tree): the operation count for d = 2 grows like n^(1/2), far below n."""
    rng = np.random.default_rng(7)
    ns = [1000, 4000, 16000]
    costs = []
    for n in ns:
        idx = HalfspaceIndex.build(rng.normal(size=(n, 2)))
        ops = [
            idx.query(rng.normal(size=2), float(rng.uniform(-1, 1))).operations for _ in range(20)
        ]
        costs.append(float(np.mean(ops)))
    assert fit_exponent(ns, costs) < 0.75


def test_find_set_adapter_and_cache() -> None:
    rng = np.random.default_rng(5)
    K = rng.normal(size=(31, 3))
    fs = HalfspaceFindSet()
    q = rng.normal(size=3)
    res = fs(q, K, 0.2, rng=rng)
    assert np.array_equal(res.indices, brute_force(K, q, 0.2))
    first = fs.index_for(K)
    assert fs.index_for(K.copy()) is first  # same keys by value: reused
    K2 = K.copy()
    K2[0, 0] += 1.0
    assert fs.index_for(K2) is not first
    assert np.array_equal(fs(q, K2, 0.2, rng=rng).indices, brute_force(K2, q, 0.2))


def test_query_many_equals_single_queries() -> None:
    """The batched traversal gives, row by row, the same sets and counters as ``query``."""
    rng = np.random.default_rng(9)
    for d in (1, 2, 3, 5):
        pts = rng.integers(-3, 4, (157, d)).astype(float)
        idx = HalfspaceIndex.build(pts, leaf_size=3)
        A = rng.integers(-2, 3, (41, d)).astype(float)
        b = rng.integers(-3, 4, 41).astype(float)
        for strict in (False, True):
            many = idx.query_many(A, b, strict=strict, chunk=7)
            for i in range(41):
                one = idx.query(A[i], float(b[i]), strict=strict)
                row = many.indices[many.indptr[i] : many.indptr[i + 1]]
                assert np.array_equal(row, one.indices)
                assert np.array_equal(row, brute_force(pts, A[i], float(b[i]), strict=strict))
                assert many.operations[i] == one.operations
                assert many.reported_in_bulk[i] == one.reported_in_bulk


def test_find_set_batch_path_matches_rows() -> None:
    rng = np.random.default_rng(10)
    K, Q = rng.normal(size=(64, 3)), rng.normal(size=(19, 3))
    fs = HalfspaceFindSet()
    indptr, indices, queries = fs.find_all(Q, K, 0.5, rng=rng)
    for i in range(19):
        one = fs(Q[i], K, 0.5, rng=rng)
        assert np.array_equal(indices[indptr[i] : indptr[i + 1]], one.indices)
        assert queries[i] == one.queries


@pytest.mark.parametrize("kind", ["grid", "collinear", "gaussian-tie", "tiny", "duplicates"])
def test_S002_C36_convex_layers_equal_brute_force(kind: str) -> None:
    """S002-C36 for the planar convex-layers structure, including degenerate inputs."""
    rng = np.random.default_rng(len(kind))
    for _ in range(60):
        n = int(rng.integers(1, 90))
        if kind in ("grid", "collinear", "duplicates"):
            pts = rng.integers(-3, 4, (n, 2)).astype(float)
            if kind == "collinear":
                pts[:, 1] = 2 * pts[:, 0]
            if kind == "duplicates":
                pts = np.repeat(pts[: max(1, n // 4)], 4, axis=0)
            a = rng.integers(-2, 3, 2).astype(float)
            b = float(rng.integers(-4, 5))
        else:
            scale = 1e-300 if kind == "tiny" else 1.0
            pts = rng.normal(size=(n, 2)) * scale
            a = rng.normal(size=2)
            j = int(rng.integers(pts.shape[0]))
            b = float(scores(pts[j : j + 1], a)[0])
        idx = ConvexLayersIndex.build(pts)
        for strict in (False, True):
            assert np.array_equal(
                idx.query(a, b, strict=strict).indices, brute_force(pts, a, b, strict=strict)
            )


def test_S002_C34_convex_layers_cost_flat_in_n() -> None:
    """Theorem 7.2 for d = 2: at fixed output (k = 8) the query cost does not grow like n^(1/2)."""
    rng = np.random.default_rng(8)
    ns = [1000, 4000, 16000]
    costs = []
    for n in ns:
        pts = rng.normal(size=(n, 2))
        idx = ConvexLayersIndex.build(pts)
        ops = []
        for _ in range(30):
            a = rng.normal(size=2)
            res = idx.query(a, float(np.sort(scores(pts, a))[-8]))
            assert res.indices.size == 8
            ops.append(res.operations)
        costs.append(float(np.mean(ops)))
    assert fit_exponent(ns, costs) < 0.2
