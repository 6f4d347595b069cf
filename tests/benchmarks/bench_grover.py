"""Benchmark: half-space range reporting (kd-tree) against brute-force scanning, and Grover
find-all oracle queries against a classical scan (seed 002, S002-C34, S002-C29).

Run ``python tests/benchmarks/bench_grover.py [--quick]``; writes ``build/bench/s002_grover.json``
in the shared schema (``harness.py``) and prints its table. Results are checked equal before
timing. Operation counts (``counts``): the tree counts nodes visited + points tested per query
(bulk-reported points are output), brute force tests every point (``n``). Grover's records are
query counts, not times: ``throughput`` is rows per oracle query (the scan reads one row per
query), so their ratio is ``n / queries``.
"""

from __future__ import annotations

import math
import time

import numpy as np
from harness import Bench, Record, arguments

from reference.algorithms.convex_layers import ConvexLayersIndex
from reference.algorithms.halfspace import HalfspaceIndex, brute_force, scores
from reference.mechanisms import grover


def _scan_all(pts: np.ndarray, A: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Brute-force scan of every query, blocked matrix products (what a user would write)."""
    rows, cols = [], []
    for i in range(0, A.shape[0], 512):
        r, c = np.nonzero(A[i : i + 512] @ pts.T >= b[i : i + 512, None])
        rows.append(r + i)
        cols.append(c)
    return np.concatenate(rows), np.concatenate(cols)


def bench_halfspace(
    b: Bench, ns: list[int], dims: list[int], queries: int, rng: np.random.Generator
) -> None:
    """Unit-norm ``a``; ``b`` in [-1, 1] (output ~ n/2) or in [2.5, 3.5] (output ~ 1e-3 n).

    Times: one ``query`` call per query (Python loop), and all queries at once with
    ``query_many`` (Algorithm 3's batch) against a blocked brute-force scan of the same queries.
    """
    for regime, (blo, bhi) in (("large-k", (-1.0, 1.0)), ("small-k", (2.5, 3.5))):
        for d in dims:
            for n in ns:
                _halfspace_case(b, regime, (blo, bhi), d, n, queries, rng)


def _halfspace_case(
    b: Bench,
    regime: str,
    b_range: tuple[float, float],
    d: int,
    n: int,
    queries: int,
    rng: np.random.Generator,
) -> None:
    blo, bhi = b_range
    pts = rng.normal(size=(n, d))
    t0 = time.perf_counter()
    idx = HalfspaceIndex.build(pts)
    t_build = time.perf_counter() - t0
    qa = rng.normal(size=(queries, d))
    qa /= np.linalg.norm(qa, axis=1, keepdims=True)
    qb = rng.uniform(blo, bhi, size=queries)
    batch = idx.query_many(qa, qb)
    for i in range(min(queries, 50)):  # equal before timing
        want = brute_force(pts, qa[i], float(qb[i]))
        got = batch.indices[batch.indptr[i] : batch.indptr[i + 1]]
        if not np.array_equal(got, want):
            raise AssertionError(f"tree != brute force at n={n}, d={d}, query {i}")
    single = min(queries, 30)
    common = {
        "workload": f"half-space reporting, {regime}",
        "size": {"n": n, "d": d, "queries": queries},
        "unit": "queries/s",
        "checked_equal": True,
        "repeat": 1,
        "warmup": 0,
    }
    tree = {
        "ops_per_query": float(np.mean(batch.operations)),
        "mean_output_k": float(np.mean(np.diff(batch.indptr))),
        "build_ops": idx.build_operations,
        "build_seconds": t_build,
    }
    b.measure(
        lambda: _scan_all(pts, qa, qb),
        method="brute-force scan, batch",
        items=queries,
        counts={"ops_per_query": n},
        **common,
    )
    b.measure(
        lambda: [idx.query(qa[i], float(qb[i])) for i in range(single)],
        method="kd-tree, one query at a time",
        peer="brute-force scan, batch",
        items=single,
        counts=tree,
        **common,
    )
    b.measure(
        lambda: idx.query_many(qa, qb),
        method="kd-tree, batch",
        peer="brute-force scan, batch",
        items=queries,
        counts=tree,
        **common,
    )


def bench_convex_layers(b: Bench, ns: list[int], queries: int, rng: np.random.Generator) -> None:
    """Planar convex layers vs kd-tree vs scan at output k = 8 (Theorem 7.2, d = 2)."""
    for n in ns:
        _convex_case(b, n, queries, rng)


def _convex_case(b: Bench, n: int, queries: int, rng: np.random.Generator) -> None:
    pts = rng.normal(size=(n, 2))
    t0 = time.perf_counter()
    cl = ConvexLayersIndex.build(pts)
    t_build = time.perf_counter() - t0
    kd = HalfspaceIndex.build(pts)
    qa = rng.normal(size=(queries, 2))
    qb = np.array([np.sort(scores(pts, qa[i]))[-8] for i in range(queries)])
    res = [cl.query(qa[i], float(qb[i])) for i in range(queries)]
    for i in range(queries):  # equal before timing
        if not np.array_equal(res[i].indices, brute_force(pts, qa[i], float(qb[i]))):
            raise AssertionError(f"convex layers != brute force at n={n}, query {i}")
    b.measure(
        lambda: [cl.query(qa[i], float(qb[i])) for i in range(queries)],
        workload="planar half-space reporting, output k = 8",
        size={"n": n, "d": 2, "queries": queries},
        method="convex layers, one query at a time",
        items=queries,
        unit="queries/s",
        checked_equal=True,
        repeat=1,
        warmup=0,
        counts={
            "layers": len(cl.layers),
            "build_seconds": t_build,
            "ops_per_query": float(np.mean([r.operations for r in res])),
            "kdtree_ops_per_query": float(np.mean(kd.query_many(qa, qb).operations)),
            "scan_ops_per_query": n,
        },
    )


def bench_grover(b: Bench, ns: list[int], k: int, rng: np.random.Generator) -> None:
    """Oracle queries of ``find_all`` (per-row delta/n, delta = 0.01) against a classical scan."""
    for n in ns:
        mask = np.zeros(n, dtype=np.bool_)
        mask[rng.choice(n, size=k, replace=False)] = True
        res = grover.find_all(mask, rng=rng, delta=0.01, num_rows=n)
        if not np.array_equal(res.indices, np.flatnonzero(mask)):
            raise AssertionError(f"find_all missed items at n={n}")
        search = res.queries - res.certification_queries
        common = {
            "workload": "find all k marked rows",
            "size": {"n": n, "k": k},
            "unit": "rows/oracle query",
            "checked_equal": True,
        }
        b.add(Record(method="classical scan", throughput=1.0, counts={"queries": n}, **common))
        grover_record = Record(
            method="grover find-all",
            peer="classical scan",
            throughput=n / res.queries,
            counts={
                "queries": res.queries,
                "search_queries": search,
                "sqrt_nk": math.sqrt(n * k),
                "scan_over_search": n / search,
            },
            **common,
        )
        b.add(grover_record)


def main() -> None:
    p = arguments(__doc__)
    p.add_argument("--quick", action="store_true", help="small sizes (smoke run)")
    a = p.parse_args()
    rng = np.random.default_rng(2026)
    b = Bench("s002_grover")
    ns = [1000, 4000] if a.quick else [1000, 4000, 16000, 64000]
    bench_halfspace(b, ns, [2, 3, 4], 200 if a.quick else 2000, rng)
    bench_convex_layers(b, [1000, 4000] if a.quick else [1000, 4000, 16000, 32000], 100, rng)
    gns = [1024, 16384] if a.quick else [1024, 16384, 262144, 1048576]
    bench_grover(b, gns, 16, rng)
    b.write(a.out_dir)


if __name__ == "__main__":
    main()
