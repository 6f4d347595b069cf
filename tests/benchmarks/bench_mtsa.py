"""Benchmark: MTSA's two-matmul form against the explicit ``N x N x d_h`` tensor a user would
write (survey §2, SUR-MTSA-01 / -06). Results are checked equal (derived allowance of
:mod:`properties.mtsa.laws`) before timing; time (best of repeats) and tracemalloc peaks
(``counts``).

Run: ``python tests/benchmarks/bench_mtsa.py [--sizes 64 128 256]``; writes
``build/bench/mtsa.json`` in the shared schema (``harness.py``).
"""

from __future__ import annotations

import numpy as np
from harness import Bench, check_equal, peak_bytes, sweep

from properties.mtsa import laws
from reference.mechanisms import mtsa


def bench(b: Bench, n: int, *, heads: int = 4, head_dim: int = 32, d: int = 64) -> None:
    cfg = mtsa.MTSAConfig(heads=heads, head_dim=head_dim, s2t="linear", attn_self=True)
    rng = np.random.default_rng(n)
    p = mtsa.init_params(rng, cfg, model_dim=d)
    x = rng.normal(size=(2, n, d))
    pad = np.ones((2, n), dtype=bool)

    def ours() -> np.ndarray:
        return mtsa.mtsa_heads(x, p, config=cfg, padding=pad)[0]

    def explicit() -> np.ndarray:
        return laws.explicit_oracle(x, pad, p, cfg)

    equal = check_equal(
        explicit(), ours(), atol=laws.output_tolerance(x, p, cfg), what=f"two-matmul at N={n}"
    )
    common = {
        "workload": "MTSA heads, linear s2t, self-attention on",
        "size": {"tokens": n, "heads": heads, "head_dim": head_dim, "d": d, "batch": 2},
        "items": 2,
        "unit": "sequences/s",
        "checked_equal": equal,
    }
    b.measure(
        explicit,
        method="explicit N x N x d_h tensor",
        repeat=2,
        counts={"peak_bytes": peak_bytes(explicit)},
        **common,
    )
    b.measure(
        ours,
        method="two-matmul",
        peer="explicit N x N x d_h tensor",
        counts={"peak_bytes": peak_bytes(ours)},
        **common,
    )


def main(argv: list[str] | None = None) -> int:
    return sweep("mtsa", __doc__, bench, option="--sizes", default=[64, 128, 256], argv=argv)


if __name__ == "__main__":
    raise SystemExit(main())
