"""Benchmark: TSA with TT-matrix projections against the same layer with dense weight matrices
(survey §1, SUR-TSA-01 / -02): outputs checked equal before timing; reports time, the parameter
counts of the allocated arrays and their ratio as the number of modes ``M`` grows.

Run: ``python tests/benchmarks/bench_tsa.py [--modes 4 6 8]``; writes ``build/bench/tsa.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from reference.algorithms.attention import softmax
from reference.mechanisms import tsa

OUT = Path("build") / "bench" / "tsa.json"


def best_of(fn: Callable[[], object], repeat: int) -> float:
    best = math.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def dense_layer(
    x: np.ndarray, wq: np.ndarray, wk: np.ndarray, wv: np.ndarray, theta: np.ndarray
) -> np.ndarray:
    a = softmax(x @ wq @ (x @ wk).T / math.sqrt(wq.shape[1]))
    p = x @ wv
    y = theta[0] * p
    for c in theta[1:]:
        p = a @ p
        y = y + c * p
    return y


def bench(m: int, *, n: int = 128, rank: int = 4) -> dict[str, float]:
    cfg = tsa.TSAConfig(in_modes=(2,) * m, out_modes=(2,) * m, rank=rank, order=2)
    rng = np.random.default_rng(m)
    prm = tsa.init_params(rng, cfg)
    x = rng.normal(size=(n, 2**m))
    ws = [prm.w_q.dense(), prm.w_k.dense(), prm.w_v.dense()]
    theta = np.asarray(prm.theta)
    y1 = tsa.tsa_attention(x, prm, config=cfg)
    y2 = dense_layer(x, *ws, theta)
    dev = float(np.max(np.abs(y1 - y2)))
    if dev > 1e-9 * max(1.0, float(np.max(np.abs(y2)))):
        raise RuntimeError(f"M={m}: deviation {dev}")
    t1 = best_of(lambda: tsa.tsa_attention(x, prm, config=cfg), 3)
    t2 = best_of(lambda: dense_layer(x, *ws, theta), 3)
    tt_params = prm.w_q.parameter_count + prm.w_k.parameter_count + prm.w_v.parameter_count
    dense_params = sum(int(w.size) for w in ws)
    return {
        "M": m,
        "d": 2**m,
        "N": n,
        "rank": rank,
        "tt_seconds": t1,
        "dense_seconds": t2,
        "time_ratio_dense_over_tt": t2 / t1,
        "tt_parameters": tt_params,
        "dense_parameters": dense_params,
        "parameter_ratio": dense_params / tt_params,
        "max_deviation": dev,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--modes", type=int, nargs="*", default=[4, 6, 8])
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args(argv)
    rows = [bench(m) for m in a.modes]
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps({"benchmark": "tsa", "rows": rows}, indent=1) + "\n")
    print("| M | d | TT s | dense s | dense/TT time | TT params | dense params |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['M']} | {r['d']} | {r['tt_seconds']:.4f} | {r['dense_seconds']:.4f} | "
            f"{r['time_ratio_dense_over_tt']:.2f} | {r['tt_parameters']} | "
            f"{r['dense_parameters']} |"
        )
    print(f"wrote {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
