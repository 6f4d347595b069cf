"""Benchmark: MTSA's two-matmul form against the explicit ``N x N x d_h`` tensor a user would
write (survey §2, SUR-MTSA-01 / -06). Results are checked equal (derived allowance of
:mod:`properties.mtsa.laws`) before timing; time (best of repeats) and tracemalloc peak ratios.

Run: ``python tests/benchmarks/bench_mtsa.py [--sizes 64 128 256]``; writes
``build/bench/mtsa.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np

from properties.mtsa import laws
from reference.mechanisms import mtsa

OUT = Path("build") / "bench" / "mtsa.json"


def best_of(fn: Callable[[], object], repeat: int) -> float:
    best = math.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def peak(fn: Callable[[], object]) -> int:
    tracemalloc.start()
    fn()
    out = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return out


def bench(n: int, *, heads: int = 4, head_dim: int = 32, d: int = 64) -> dict[str, float]:
    cfg = mtsa.MTSAConfig(heads=heads, head_dim=head_dim, s2t="linear", attn_self=True)
    rng = np.random.default_rng(n)
    p = mtsa.init_params(rng, cfg, model_dim=d)
    x = rng.normal(size=(2, n, d))
    pad = np.ones((2, n), dtype=bool)

    def ours() -> np.ndarray:
        return mtsa.mtsa_heads(x, p, config=cfg, padding=pad)[0]

    def explicit() -> np.ndarray:
        return laws.explicit_oracle(x, pad, p, cfg)

    dev = float(np.max(np.abs(ours() - explicit())))
    tol = laws.output_tolerance(x, p, cfg)
    if dev > tol:
        raise RuntimeError(f"N={n}: deviation {dev} > allowance {tol}")
    t1, t2 = best_of(ours, 3), best_of(explicit, 2)
    m1, m2 = peak(ours), peak(explicit)
    return {
        "N": n,
        "heads": heads,
        "head_dim": head_dim,
        "d": d,
        "batch": 2,
        "two_matmul_seconds": t1,
        "explicit_seconds": t2,
        "time_ratio": t2 / t1,
        "two_matmul_peak_bytes": m1,
        "explicit_peak_bytes": m2,
        "memory_ratio": m2 / m1,
        "max_deviation": dev,
        "allowance": tol,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--sizes", type=int, nargs="*", default=[64, 128, 256])
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args(argv)
    rows = [bench(n) for n in a.sizes]
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps({"benchmark": "mtsa", "rows": rows}, indent=1) + "\n")
    print(
        "| N | two-matmul s | explicit s | time ratio | peak MB ours | peak MB explicit | ratio |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['N']} | {r['two_matmul_seconds']:.4f} | {r['explicit_seconds']:.4f} | "
            f"{r['time_ratio']:.1f} | {r['two_matmul_peak_bytes'] / 1e6:.1f} | "
            f"{r['explicit_peak_bytes'] / 1e6:.1f} | {r['memory_ratio']:.1f} |"
        )
    print(f"wrote {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
