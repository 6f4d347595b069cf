"""Benchmark: half-space range reporting (kd-tree) against brute-force scanning, and Grover
find-all oracle queries against a classical scan (seed 002, S002-C34, S002-C29).

Run ``python tests/benchmarks/bench_grover.py [--quick]``; writes
``build/bench/s002_grover.json`` and prints a table. Results are checked equal before timing.
Operation counts: the tree counts nodes visited + points tested per query (bulk-reported points
are output), brute force tests every point (``n``). Wall time is one run on one machine.
"""

from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path
from typing import Any

import numpy as np

from reference.algorithms.convex_layers import ConvexLayersIndex
from reference.algorithms.halfspace import HalfspaceIndex, brute_force, scores
from reference.mechanisms import grover

ROOT = Path(__file__).resolve().parents[2]


def _scan_all(pts: np.ndarray, A: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Brute-force scan of every query, blocked matrix products (what a user would write)."""
    rows, cols = [], []
    for i in range(0, A.shape[0], 512):
        r, c = np.nonzero(A[i : i + 512] @ pts.T >= b[i : i + 512, None])
        rows.append(r + i)
        cols.append(c)
    return np.concatenate(rows), np.concatenate(cols)


def bench_halfspace(
    ns: list[int], dims: list[int], queries: int, rng: np.random.Generator
) -> list[dict[str, Any]]:
    """Unit-norm ``a``; ``b`` in [-1, 1] (output ~ n/2) or in [2.5, 3.5] (output ~ 1e-3 n).

    Times: one ``query`` call per query (Python loop), and all queries at once with
    ``query_many`` (Algorithm 3's batch) against a blocked brute-force scan of the same queries.
    """
    rows: list[dict[str, Any]] = []
    for regime, (blo, bhi) in (("large-k", (-1.0, 1.0)), ("small-k", (2.5, 3.5))):
        for d in dims:
            for n in ns:
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
                t0 = time.perf_counter()
                for i in range(single):
                    idx.query(qa[i], float(qb[i]))
                t_tree = (time.perf_counter() - t0) / single
                t0 = time.perf_counter()
                idx.query_many(qa, qb)
                t_many = (time.perf_counter() - t0) / queries
                t0 = time.perf_counter()
                _scan_all(pts, qa, qb)
                t_scan = (time.perf_counter() - t0) / queries
                ops = float(np.mean(batch.operations))
                rows.append(
                    {
                        "regime": regime,
                        "d": d,
                        "n": n,
                        "queries": queries,
                        "tree_ops_per_query": ops,
                        "brute_ops_per_query": n,
                        "ops_ratio_brute_over_tree": n / ops,
                        "mean_output_k": float(np.mean(np.diff(batch.indptr))),
                        "build_ops": idx.build_operations,
                        "build_s": t_build,
                        "tree_single_s_per_query": t_tree,
                        "tree_batch_s_per_query": t_many,
                        "scan_batch_s_per_query": t_scan,
                        "time_ratio_scan_over_tree_batch": t_scan / t_many,
                    }
                )
    return rows


def bench_convex_layers(
    ns: list[int], queries: int, rng: np.random.Generator
) -> list[dict[str, Any]]:
    """Planar convex layers vs kd-tree vs scan at output k = 8 (Theorem 7.2, d = 2)."""
    rows: list[dict[str, Any]] = []
    for n in ns:
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
        t0 = time.perf_counter()
        for i in range(queries):
            cl.query(qa[i], float(qb[i]))
        t_cl = (time.perf_counter() - t0) / queries
        kd_ops = float(np.mean(kd.query_many(qa, qb).operations))
        rows.append(
            {
                "n": n,
                "layers": len(cl.layers),
                "build_s": t_build,
                "layers_ops_per_query": float(np.mean([r.operations for r in res])),
                "kdtree_ops_per_query": kd_ops,
                "scan_ops_per_query": n,
                "layers_s_per_query": t_cl,
            }
        )
    return rows


def bench_grover(ns: list[int], k: int, rng: np.random.Generator) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for n in ns:
        mask = np.zeros(n, dtype=np.bool_)
        mask[rng.choice(n, size=k, replace=False)] = True
        res = grover.find_all(mask, rng=rng, delta=0.01, num_rows=n)
        if not np.array_equal(res.indices, np.flatnonzero(mask)):
            raise AssertionError(f"find_all missed items at n={n}")
        search = res.queries - res.certification_queries
        rows.append(
            {
                "n": n,
                "k": k,
                "grover_queries": res.queries,
                "grover_search_queries": search,
                "classical_scan_queries": n,
                "sqrt_nk": math.sqrt(n * k),
                "ratio_scan_over_grover": n / res.queries,
                "ratio_scan_over_search": n / search,
            }
        )
    return rows


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--quick", action="store_true", help="small sizes (smoke run)")
    p.add_argument("--out", type=Path, default=ROOT / "build" / "bench" / "s002_grover.json")
    a = p.parse_args()
    rng = np.random.default_rng(2026)
    ns = [1000, 4000] if a.quick else [1000, 4000, 16000, 64000]
    hs = bench_halfspace(ns, [2, 3, 4], 200 if a.quick else 2000, rng)
    cl = bench_convex_layers([1000, 4000] if a.quick else [1000, 4000, 16000, 32000], 100, rng)
    gns = [1024, 16384] if a.quick else [1024, 16384, 262144, 1048576]
    gr = bench_grover(gns, 16, rng)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(
        json.dumps({"halfspace": hs, "convex_layers": cl, "grover": gr}, indent=1) + "\n",
        encoding="utf-8",
    )
    print("half-space reporting: kd-tree vs brute-force scan (per query; times in microseconds)")
    print(
        f"{'regime':>7} {'d':>2} {'n':>6} {'tree ops':>9} {'scan ops':>8} {'ops ratio':>9}"
        f" {'k':>6} {'tree 1q':>8} {'tree bat':>8} {'scan bat':>8} {'t ratio':>7}"
    )
    for r in hs:
        print(
            f"{r['regime']:>7} {r['d']:>2} {r['n']:>6} {r['tree_ops_per_query']:>9.0f}"
            f" {r['brute_ops_per_query']:>8} {r['ops_ratio_brute_over_tree']:>9.1f}"
            f" {r['mean_output_k']:>6.0f} {1e6 * r['tree_single_s_per_query']:>8.0f}"
            f" {1e6 * r['tree_batch_s_per_query']:>8.0f} {1e6 * r['scan_batch_s_per_query']:>8.0f}"
            f" {r['time_ratio_scan_over_tree_batch']:>7.2f}"
        )
    print("\nplanar convex layers (output k = 8): operations per query")
    print(
        f"{'n':>6} {'layers':>6} {'layers ops':>10} {'kd-tree ops':>11} {'scan ops':>8} {'us/q':>6}"
    )
    for r in cl:
        print(
            f"{r['n']:>6} {r['layers']:>6} {r['layers_ops_per_query']:>10.0f}"
            f" {r['kdtree_ops_per_query']:>11.0f} {r['scan_ops_per_query']:>8}"
            f" {1e6 * r['layers_s_per_query']:>6.0f}"
        )
    print("\nGrover find-all (k = 16, per-row delta/n, delta = 0.01) vs classical scan (n queries)")
    print(
        f"{'n':>8} {'queries':>9} {'search':>8} {'sqrt(nk)':>9} {'scan/total':>10}"
        f" {'scan/search':>11}"
    )
    for r in gr:
        print(
            f"{r['n']:>8} {r['grover_queries']:>9} {r['grover_search_queries']:>8}"
            f" {r['sqrt_nk']:>9.0f} {r['ratio_scan_over_grover']:>10.2f}"
            f" {r['ratio_scan_over_search']:>11.1f}"
        )
    print(f"\nwritten {a.out}")


if __name__ == "__main__":
    main()
