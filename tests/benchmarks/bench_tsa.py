"""Benchmark: TSA with TT-matrix projections against the same layer with dense weight matrices
(survey §1, SUR-TSA-01 / -02): outputs checked equal before timing; reports time, the parameter
counts of the allocated arrays and their ratio as the number of modes ``M`` grows.

Run: ``python tests/benchmarks/bench_tsa.py [--modes 4 6 8]``; writes ``build/bench/tsa.json`` in
the shared schema (``harness.py``).
"""

from __future__ import annotations

import math

import numpy as np
from harness import Bench, check_equal, sweep

from reference.algorithms.attention import softmax
from reference.mechanisms import tsa


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


def bench(b: Bench, m: int, *, n: int = 128, rank: int = 4) -> None:
    cfg = tsa.TSAConfig(in_modes=(2,) * m, out_modes=(2,) * m, rank=rank, order=2)
    rng = np.random.default_rng(m)
    prm = tsa.init_params(rng, cfg)
    x = rng.normal(size=(n, 2**m))
    ws = [prm.w_q.dense(), prm.w_k.dense(), prm.w_v.dense()]
    theta = np.asarray(prm.theta)
    want = dense_layer(x, *ws, theta)
    equal = check_equal(
        want,
        tsa.tsa_attention(x, prm, config=cfg),
        atol=1e-9 * max(1.0, float(np.max(np.abs(want)))),
        what=f"TT layer vs dense layer at M={m}",
    )
    tt_params = prm.w_q.parameter_count + prm.w_k.parameter_count + prm.w_v.parameter_count
    common = {
        "workload": "TSA layer, K = 2",
        "size": {"modes": m, "d": 2**m, "tokens": n, "rank": rank},
        "items": n,
        "unit": "tokens/s",
        "checked_equal": equal,
    }
    b.measure(
        lambda: dense_layer(x, *ws, theta),
        method="dense weights",
        counts={"parameters": sum(int(w.size) for w in ws)},
        **common,
    )
    b.measure(
        lambda: tsa.tsa_attention(x, prm, config=cfg),
        method="TT weights",
        peer="dense weights",
        counts={"parameters": tt_params},
        **common,
    )


def main(argv: list[str] | None = None) -> int:
    return sweep("tsa", __doc__, bench, option="--modes", default=[4, 6, 8], argv=argv)


if __name__ == "__main__":
    raise SystemExit(main())
