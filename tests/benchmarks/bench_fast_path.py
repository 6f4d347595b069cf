"""Benchmark: the entanglement fast path's per-call overhead and the batched encoder (issue 13,
items 2 and 3).

* ``fast path``: :func:`reference.mechanisms.entanglement.scores` (``path="fast"``, entanglement
  entropy, 4 layers) against TensorCircuit-NG (JAX backend, complex128, ``vmap`` + ``jit`` over
  the pairs, the peer of ``bench_entanglement.py``) at ``N`` queries x ``N`` keys, super-dense
  (``d = 12``, 6 qubits) and dense (``d = 12``, 12 qubits) encodings, in pairs/s.
* ``encoder``: :func:`reference.pipeline.encoder.forward` on a batch of 32 MC-sized samples
  (4 tokens + CLS, ``d = 12``, 2 layers, super-dense entropy) with the batched quantum scores
  (``EntanglementScorer.batched``, one fast-path call per layer) against the per-sample loop
  (the same scorer without ``batched``), in samples/s.

Every method's result is checked equal to ours before it is timed; the methods of one workload
are timed interleaved (one call each per round) so that the machine's load hits them alike, and
throughput is ``items / median``. One BLAS thread (set before NumPy loads). Output: the
``qah-bench/1`` JSON of ``harness.py`` in ``build/bench/fast_path.json`` and a table.

Run: ``python tests/benchmarks/bench_fast_path.py [--sizes 16 64 256] [--repeat 31]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))

from bench_entanglement import tensorcircuit_method  # noqa: E402
from harness import Bench, Record, Timing, check_equal  # noqa: E402

from reference.mechanisms import entanglement as ent  # noqa: E402
from reference.pipeline import encoder as enc  # noqa: E402

LAYERS = 4
TOL = 1e-9


def interleaved(fns: dict[str, Callable[[], object]], repeat: int) -> dict[str, Timing]:
    """One warm-up call each, then ``repeat`` rounds calling every method once per round."""
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


def _record(
    *,
    workload: str,
    size: dict[str, Any],
    method: str,
    items: float,
    unit: str,
    t: Timing,
    peer: str | None,
) -> Record:
    return Record(
        workload=workload,
        size=size,
        method=method,
        throughput=items / t.median,
        unit=unit,
        checked_equal=True,
        seconds=t,
        peer=peer,
        note="throughput = items / median; methods timed interleaved",
    )


def bench_fast_path(bench: Bench, sizes: list[int], repeat: int, peers: bool) -> None:
    rng = np.random.default_rng(0)
    for encoding, d in (("super_dense", 12), ("dense", 12)):
        cfg = ent.EntanglementConfig(encoding=encoding, layers=LAYERS)  # type: ignore[arg-type]
        n_r = cfg.register_qubits(d)
        tc = tensorcircuit_method(cfg, d)[0] if peers else None
        for n in sizes:
            q, k = rng.normal(size=(n, d)), rng.normal(size=(n, d))
            th = rng.normal(size=(n_r,))
            ours = ent.scores(q, k, th, config=cfg, path="fast")
            fns: dict[str, Callable[[], object]] = {
                "ours-fast": lambda q=q, k=k, th=th, cfg=cfg: ent.scores(
                    q, k, th, config=cfg, path="fast"
                )
            }
            if tc is not None:
                check_equal(ours, tc(q, k, th), atol=TOL, what=f"tensorcircuit {encoding} N={n}")
                fns["tensorcircuit"] = lambda q=q, k=k, th=th, tc=tc: tc(q, k, th)
            size = {"encoding": encoding, "qubits": 2 * n_r, "layers": LAYERS, "N": n}
            for method, t in interleaved(fns, repeat).items():
                bench.add(
                    _record(
                        workload="entanglement entropy, fast path",
                        size=size,
                        method=method,
                        items=n * n,
                        unit="pairs/s",
                        t=t,
                        peer="tensorcircuit" if method == "ours-fast" and tc is not None else None,
                    )
                )


class _PerSample:
    """The scorer without ``batched``: the encoder then loops over the samples."""

    def __init__(self, scorer: enc.ScoreFn) -> None:
        self.scorer = scorer

    def __call__(self, q: np.ndarray, k: np.ndarray, layer_index: int) -> np.ndarray:
        return np.asarray(self.scorer(q, k, layer_index))


def bench_encoder(bench: Bench, repeat: int, batch: int = 32, tokens: int = 4) -> None:
    rng = np.random.default_rng(1)
    for score in ("entropy", "concurrence"):
        cfg = enc.EncoderConfig(score=score, encoding="super_dense", embed_dim=12)
        p = enc.init_params(rng, cfg)
        x = rng.normal(size=(batch, tokens, cfg.embed_dim))
        scorer = enc.make_scorer(cfg, p)
        loop = _PerSample(scorer)
        a = enc.forward(p, x, cfg, scorer=scorer)
        b = enc.forward(p, x, cfg, scorer=loop)
        check_equal(a.logits, b.logits, atol=1e-12, what="per-sample loop logits")
        check_equal(a.weights, b.weights, atol=1e-12, what="per-sample loop weights")
        timings = interleaved(
            {
                "batched": lambda p=p, x=x, cfg=cfg, s=scorer: enc.forward(p, x, cfg, scorer=s),
                "per-sample loop": lambda p=p, x=x, cfg=cfg, s=loop: enc.forward(
                    p, x, cfg, scorer=s
                ),
            },
            repeat,
        )
        size = {"score": score, "batch": batch, "tokens": tokens + 1, "d": 12, "layers": 2}
        for method, t in timings.items():
            bench.add(
                _record(
                    workload="encoder forward, super-dense quantum scores",
                    size=size,
                    method=method,
                    items=batch,
                    unit="samples/s",
                    t=t,
                    peer="per-sample loop" if method == "batched" else None,
                )
            )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[16, 64, 256])
    ap.add_argument("--repeat", type=int, default=31)
    ap.add_argument("--no-peers", action="store_true", help="skip TensorCircuit-NG")
    a = ap.parse_args(argv)
    bench = Bench("fast_path")
    bench_fast_path(bench, a.sizes, a.repeat, peers=not a.no_peers)
    bench_encoder(bench, a.repeat)
    bench.write()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
