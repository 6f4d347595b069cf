"""Benchmark: seed 002 sparse attention against dense exact attention (S002-C32, C33).

Algorithm 2 given ``B`` (``O(nkd)``) and the full Algorithm 1 + 2 with the exact scan
(``O(n^2 d)`` find sets + ``O(nkd)``) against dense ``D(A)^-1 A V`` (``O(n^2 d)``), at
``n in {1024, 4096, 16384}``, ``k = 16``, ``d = 64``. Inputs satisfy the hypotheses of Theorem 1.3
exactly (checked before timing): ``n / k`` groups of ``k`` keys around unit centres (orthonormal
when ``n / k <= d``, random otherwise) plus small noise; query ``i`` points at the centre of its
group, and the scale is set so that every non-planted score has ``|x| <= eta = 0.0999`` and every
planted score exceeds ``tau``. Results are checked against the proven bound
``2 tanh(eta/2) ||V||_max`` before timing. Ratios are reported against the ideal ``n / k``.

Timing: one BLAS thread (set before NumPy loads); the methods of one size are timed interleaved
(one call each per round, so the machine's load hits them alike) and compared by their medians.

Run: ``python tests/benchmarks/bench_sparse.py [--sizes 1024 4096]``; writes
``build/bench/s002_sparse.json`` (``qah-bench/1``, ``harness.py``).
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))

from harness import OUT_DIR, Bench, Record, Timing  # noqa: E402

from reference.mechanisms import sparse  # noqa: E402

ETA = 0.0999


def planted_instance(
    rng: np.random.Generator, *, n: int, k: int, d: int, noise: float = 0.02
) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """``Q, K, V: (n, d)`` and ``tau`` with exactly the ``k`` keys of row ``i``'s group in
    ``S_i`` and ``|x| <= ETA`` elsewhere (verified blockwise)."""
    groups = n // k
    if groups <= d:
        centres = np.linalg.qr(rng.normal(size=(d, d)))[0][:, :groups].T
    else:
        centres = rng.normal(size=(groups, d))
        centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    g = np.arange(n) // k
    K = centres[g] + noise * rng.normal(size=(n, d)) / math.sqrt(d)
    Q = centres[g].copy()
    planted_min, off_max = math.inf, 0.0
    step = max(1, (1 << 23) // n)
    for s in range(0, n, step):
        x = Q[s : s + step] @ K.T
        mask = g[s : s + step, None] == g[None, :]
        planted_min = min(planted_min, float(x[mask].min()))
        off_max = max(off_max, float(np.abs(x[~mask]).max()))
    if planted_min <= off_max:
        raise RuntimeError(f"n={n}: planted {planted_min} <= off-group {off_max}")
    scale = min(ETA / off_max, 8.0 / planted_min)
    Q *= scale
    tau = 0.5 * (ETA + scale * planted_min) if scale * planted_min > ETA else scale * planted_min
    ip, ix = sparse.find_sets(Q, K, tau)
    if not (np.all(np.diff(ip) == k) and np.array_equal(g[ix], np.repeat(g, k))):
        raise RuntimeError(f"n={n}: find sets are not the planted groups")
    V = rng.normal(size=(n, d))
    return Q, K, V, tau


def interleaved(fns: dict[str, Callable[[], object]], repeat: int) -> dict[str, Timing]:
    """``repeat`` rounds calling every method once per round (after one warm-up call each), so
    that the machine's load hits them alike; best and median seconds."""
    for f in fns.values():
        f()
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, f in fns.items():
            t0 = time.perf_counter()
            f()
            times[name].append(time.perf_counter() - t0)
    return {
        name: Timing(best=min(t), median=statistics.median(t), repeats=repeat)
        for name, t in times.items()
    }


def bench(n: int, *, k: int = 16, d: int = 64, seed: int = 0, repeat: int = 5) -> list[Record]:
    rng = np.random.default_rng(seed + n)
    Q, K, V, tau = planted_instance(rng, n=n, k=k, d=d)
    exact = sparse.attention(Q, K, V)
    full = sparse.sparse_attention(Q, K, V, tau=tau, k=k, rng=rng)
    B = full.B
    a2 = sparse.algorithm2(B, V)
    bound = 2 * math.tanh(ETA / 2) * float(np.abs(V).max())
    err = float(np.abs(full.output - exact).max())
    if err > bound or not np.array_equal(a2.output, full.output):
        raise RuntimeError(f"n={n}: error {err} > bound {bound}")
    # Algorithm 2 alone is timed many more times than dense attention (n / k times cheaper)
    t = interleaved(
        {
            "dense exact": lambda: sparse.attention(Q, K, V),
            "algorithm 1 + 2": lambda: sparse.sparse_attention(Q, K, V, tau=tau, k=k, rng=rng),
        },
        repeat,
    )
    t |= interleaved({"algorithm 2": lambda: sparse.algorithm2(B, V)}, 20 * repeat)
    size = {"n": n, "k": k, "d": d}
    note = (
        f"max error {err:.3g} <= bound {bound:.3g}; Algorithm 2 operations "
        f"{a2.operations.total}; ideal n/k = {n / k:.0f}; throughput = 1 / median"
    )
    return [
        Record(
            workload="attention output, planted find sets",
            size=size,
            method=method,
            throughput=1.0 / tm.median,
            unit="calls/s",
            checked_equal=True,
            seconds=tm,
            peer=None if method == "dense exact" else "dense exact",
            note=note,
        )
        for method, tm in t.items()
    ]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--sizes", type=int, nargs="*", default=[1024, 4096, 16384])
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--out", type=Path, default=OUT_DIR)
    a = p.parse_args(argv)
    b = Bench("s002_sparse")
    for n in a.sizes:
        for r in bench(n, repeat=a.repeat if n <= 4096 else max(3, a.repeat // 2)):
            b.add(r)
    b.write(a.out)
    print("| n | alg2 speed-up over dense (median) | ideal n/k | fraction of ideal |")
    print("|---:|---:|---:|---:|")
    for r in b.with_ratios():
        if r.method == "algorithm 2" and r.ratio is not None:
            n, k = int(r.size["n"]), int(r.size["k"])
            print(f"| {n} | {r.ratio:.0f} | {n // k} | {r.ratio / (n / k):.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
