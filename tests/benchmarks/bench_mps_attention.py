"""Benchmark: MPS attention's prefix/suffix sweep against naive per-position recomputation of
the environments (survey §3, SUR-MPS-05). Outputs are checked equal before timing; reports time,
counted matrix products and their ratios.

Run: ``python tests/benchmarks/bench_mps_attention.py [--sizes 64 256 1024]``; writes
``build/bench/mps_attention.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from reference.algorithms.opcount import OpCounter
from reference.mechanisms import mps_attention as mps

OUT = Path("build") / "bench" / "mps_attention.json"


def best_of(fn: Callable[[], object], repeat: int) -> float:
    best = math.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def bench(n: int, *, p: int = 4, r: int = 8, q: int = 4, batch: int = 8) -> dict[str, float]:
    cfg = mps.MPSConfig(renormalize=False)
    rng = np.random.default_rng(n)
    prm = mps.init_params(rng, length=n, phys=p, out_dim=q, rank=r, config=cfg)
    phi = rng.normal(size=(batch, n, p)) / math.sqrt(p)
    c1, c2 = OpCounter(), OpCounter()
    y1 = mps.mps_attention(phi, prm, config=cfg, counter=c1).y
    y2 = mps.mps_attention_naive(phi, prm, config=cfg, counter=c2).y
    scale = float(np.max(np.abs(y2))) or 1.0
    dev = float(np.max(np.abs(y1 - y2))) / scale
    if dev > 1e-9 * n:
        raise RuntimeError(f"N={n}: relative deviation {dev}")
    t1 = best_of(lambda: mps.mps_attention(phi, prm, config=cfg), 3)
    t2 = best_of(lambda: mps.mps_attention_naive(phi, prm, config=cfg), 1)
    return {
        "N": n,
        "p": p,
        "r": r,
        "p_out": q,
        "batch": batch,
        "sweep_seconds": t1,
        "naive_seconds": t2,
        "time_ratio": t2 / t1,
        "sweep_products": c1.products,
        "naive_products": c2.products,
        "product_ratio": c2.products / c1.products,
        "relative_deviation": dev,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--sizes", type=int, nargs="*", default=[64, 256, 1024])
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args(argv)
    rows = [bench(n) for n in a.sizes]
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps({"benchmark": "mps_attention", "rows": rows}, indent=1) + "\n")
    print("| N | sweep s | naive s | time ratio | sweep products | naive products |")
    print("|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['N']} | {r['sweep_seconds']:.4f} | {r['naive_seconds']:.3f} | "
            f"{r['time_ratio']:.1f} | {r['sweep_products']} | {r['naive_products']} |"
        )
    print(f"wrote {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
