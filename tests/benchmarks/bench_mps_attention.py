"""Benchmark: MPS attention's prefix/suffix sweep against naive per-position recomputation of
the environments (survey §3, SUR-MPS-05). Outputs are checked equal before timing; reports time,
counted matrix products (``counts``).

Run: ``python tests/benchmarks/bench_mps_attention.py [--sizes 64 256 1024]``; writes
``build/bench/mps_attention.json`` in the shared schema (``harness.py``).
"""

from __future__ import annotations

import math

import numpy as np
from harness import Bench, check_equal, sweep

from reference.algorithms.opcount import OpCounter
from reference.mechanisms import mps_attention as mps


def bench(b: Bench, n: int, *, p: int = 4, r: int = 8, q: int = 4, batch: int = 8) -> None:
    cfg = mps.MPSConfig(renormalize=False)
    rng = np.random.default_rng(n)
    prm = mps.init_params(rng, length=n, phys=p, out_dim=q, rank=r, config=cfg)
    phi = rng.normal(size=(batch, n, p)) / math.sqrt(p)
    c1, c2 = OpCounter(), OpCounter()
    y1 = mps.mps_attention(phi, prm, config=cfg, counter=c1).y
    y2 = mps.mps_attention_naive(phi, prm, config=cfg, counter=c2).y
    scale = float(np.max(np.abs(y2))) or 1.0
    equal = check_equal(y2, y1, atol=1e-9 * n * scale, what=f"sweep vs naive at N={n}")
    common = {
        "workload": "MPS attention outputs",
        "size": {"tokens": n, "p": p, "r": r, "p_out": q, "batch": batch},
        "items": batch,
        "unit": "sequences/s",
        "checked_equal": equal,
    }
    b.measure(
        lambda: mps.mps_attention_naive(phi, prm, config=cfg),
        method="naive per-position environments",
        repeat=1,
        counts={"matrix_products": c2.products},
        **common,
    )
    b.measure(
        lambda: mps.mps_attention(phi, prm, config=cfg),
        method="prefix/suffix sweep",
        peer="naive per-position environments",
        counts={"matrix_products": c1.products},
        **common,
    )


def main(argv: list[str] | None = None) -> int:
    return sweep(
        "mps_attention", __doc__, bench, option="--sizes", default=[64, 256, 1024], argv=argv
    )


if __name__ == "__main__":
    raise SystemExit(main())
