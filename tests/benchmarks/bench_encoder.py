"""Benchmark: QSANN readouts and the Figure-1 encoder forward pass (seed 001).

* ``qsann``: the batched QSANN readouts (one simulator call per circuit for every token of every
  sample, :func:`reference.mechanisms.qsann.readouts`) against a per-token loop that binds and
  simulates each
  token's circuits separately (the Paddle code's structure), in tokens/s; results are checked
  equal (<= 1e-12) before timing.
* ``encoder``: :func:`reference.pipeline.encoder.forward` throughput in samples/s (4 tokens + CLS,
  ``d = 12``, 2 layers) for every score function (dot, QSANN, entropy/SWAP/concurrence with the
  super-dense encoding), batched over samples.

Output: a table on stdout and JSON in ``build/bench/s001_encoder.json``.
Run: ``python tests/benchmarks/bench_encoder.py [--tokens 64 256] [--samples 64]``.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reference import simulate as sim  # noqa: E402
from reference.mechanisms import qsann as qs  # noqa: E402
from reference.pipeline import encoder as enc  # noqa: E402


def _best_time(fn: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def _loop_readouts(
    x: np.ndarray, p: qs.QSANNParams, cfg: qs.QSANNConfig
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n, d = cfg.num_qubits, cfg.num_features
    obs = qs.value_observables(n, d)
    zq, zk, vals = [], [], []
    for tok in x:
        emb = qs.embedding_circuit(n, depth=cfg.run_embedding_depth, features=list(tok))
        states = [
            sim.statevector(emb.then(qs.ansatz_circuit(n, depth=dp, params=list(th))))
            for th, dp in (
                (p.query[0], cfg.depth_query),
                (p.key[0], cfg.depth_key),
                (p.value[0], cfg.depth_value),
            )
        ]
        zi = "Z" + "I" * (n - 1)
        zq.append(float(sim.expval_pauli(states[0], zi)))
        zk.append(float(sim.expval_pauli(states[1], zi)))
        vals.append([float(sim.expval_pauli(states[2], o)) for o in obs])
    return np.array(zq), np.array(zk), np.array(vals)


def bench_qsann(tokens: list[int], rng: np.random.Generator) -> list[dict[str, Any]]:
    rows = []
    for n_qubits in (2, 4):
        cfg = qs.QSANNConfig(num_qubits=n_qubits, depth_ebd=1)
        p = qs.init_params(rng, cfg)
        for m in tokens:
            x = rng.uniform(-np.pi, np.pi, (m, cfg.num_features))
            fast = qs.readouts(x, p, cfg, 0)
            slow = _loop_readouts(x, p, cfg)
            dev = max(float(np.max(np.abs(a - b))) for a, b in zip(fast, slow, strict=True))
            if dev > 1e-12:
                raise AssertionError(f"batched and loop readouts differ by {dev}")
            t_fast = _best_time(lambda x=x, p=p, cfg=cfg: qs.readouts(x, p, cfg, 0))
            t_slow = _best_time(lambda x=x, p=p, cfg=cfg: _loop_readouts(x, p, cfg), repeat=1)
            rows.append(
                {
                    "bench": "qsann-readouts",
                    "qubits": n_qubits,
                    "tokens": m,
                    "batched_tokens_per_s": m / t_fast,
                    "loop_tokens_per_s": m / t_slow,
                    "ratio": t_slow / t_fast,
                    "max_abs_diff": dev,
                }
            )
    return rows


def bench_encoder(samples: int, rng: np.random.Generator) -> list[dict[str, Any]]:
    rows = []
    x = rng.normal(0, 1, (samples, 4, 12))
    for score in enc.score_names():
        cfg = enc.EncoderConfig(score=score)
        p = enc.init_params(rng, cfg)
        batched = enc.forward(p, x, cfg).logits
        single = enc.forward(p, x[0], cfg).logits
        dev = float(np.max(np.abs(batched[0] - single)))
        if dev > 1e-12:
            raise AssertionError(f"{score}: batched and single forward differ by {dev}")
        t = _best_time(lambda cfg=cfg, p=p: enc.forward(p, x, cfg))
        rows.append(
            {
                "bench": "encoder-forward",
                "score": score,
                "samples": samples,
                "samples_per_s": samples / t,
            }
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--tokens", type=int, nargs="+", default=[64, 256])
    ap.add_argument("--samples", type=int, default=64)
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "bench" / "s001_encoder.json")
    args = ap.parse_args(argv)
    rng = np.random.default_rng(0)
    rows = bench_qsann(args.tokens, rng) + bench_encoder(args.samples, rng)
    print("| bench | setting | throughput | vs per-token loop |")
    print("|---|---|---:|---:|")
    for r in rows:
        if r["bench"] == "qsann-readouts":
            print(
                f"| qsann readouts | {r['qubits']} qubits, {r['tokens']} tokens | "
                f"{r['batched_tokens_per_s']:.0f} tokens/s | {r['ratio']:.1f}x |"
            )
        else:
            print(
                f"| encoder forward | score={r['score']}, {r['samples']} samples | "
                f"{r['samples_per_s']:.0f} samples/s | |"
            )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    meta = {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "machine": platform.machine(),
    }
    args.out.write_text(json.dumps({"meta": meta, "rows": rows}, indent=2), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
