"""Benchmark: the reference annealer
(:func:`reference.algorithms.annealing.simulated_annealing`) against ``dwave-samplers``'
``SimulatedAnnealingSampler`` (the maintained successor of dwave-neal) and
brute force, on QAMA v2 QUBOs with ``H N in {16, 64, 256}``.

Metric: time to solution per read, ``TTS99 = t_read * ln(0.01) / ln(1 - p)`` where ``t_read`` is
the wall time of one call divided by its number of reads and ``p`` the fraction of reads that
reach the best known energy (brute force at ``H N = 16``; otherwise the best energy any run of
either solver found, including a long run of each). Each solver gets its best number of sweeps
and number of reads per call from a grid (standard TTS methodology: reads 256, 1024, 4096;
a vectorised solver amortises its per-level dispatch over the reads of one call, the peer's
time per read does not depend on it; cells above ``MAX_READ_SWEEPS`` variable-updates are
skipped for both); both run single-threaded (BLAS threads pinned to 1 before NumPy is
imported) after one untimed warm-up call per instance. Results are checked equal
before timing: every dwave sample's energy is recomputed with the reference QUBO.

Each grid cell runs ``--repeats`` times (ours and the peer alternating, seeds differing per
repeat): ``t_read`` is the median wall time, ``p`` pools the reads of all repeats; process CPU
times are recorded too (the machine is shared: a ratio of CPU times is less disturbed by other
load than a ratio of wall times). Ratios come from one run.

Run: ``python tests/benchmarks/bench_qama.py [--sizes 16,64,256] [--sweeps ...] [--reads ...]
[--instances 3] [--repeats 3]`` (needs the ``bench`` extra). Writes ``build/bench/qama.json`` in
the shared schema (:mod:`harness`; throughput = 1 / TTS99, ratio = ours / dwave-samplers) and
``build/bench/qama_grid.json`` (every cell), and prints a table. Never collected by pytest.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402
from harness import Bench, Record, Timing  # noqa: E402

from reference.algorithms.annealing import simulated_annealing  # noqa: E402
from reference.algorithms.qubo import QUBO, brute_force  # noqa: E402
from reference.mechanisms import qama  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SIZES = {16: (2, 8), 64: (4, 16), 256: (8, 32)}  # H N -> (H, N)
SWEEPS = (16, 64, 256, 1024)
READS = (256, 1024, 4096)
MAX_READ_SWEEPS = 2**28
"""Cells with ``HN * sweeps * reads`` above this are skipped (the 4096-read column at HN = 256
would take minutes per cell; both solvers skip the same cells)."""
INSTANCES = 3
D_HEAD = 8


def qama_instance(rng: np.random.Generator, hh: int, n: int) -> QUBO:
    q, k, v = (rng.normal(size=(hh, n, D_HEAD)) for _ in range(3))
    return qama.qama_qubo(qama.couplings(q, k), qama.fields(v, rng.normal(size=D_HEAD)))


def _succ(e: np.ndarray, best: float) -> float:
    return float(np.mean(e <= best + 1e-9 * max(1.0, abs(best))))


def tts99(t_read: float, p: float) -> float:
    if p <= 0.0:
        return math.inf
    if p >= 0.99:
        return t_read
    return t_read * math.log(0.01) / math.log(1.0 - p)


def _args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ints = lambda t: tuple(int(v) for v in t.split(","))  # noqa: E731
    ap.add_argument("--sizes", type=ints, default=tuple(SIZES))
    ap.add_argument("--sweeps", type=ints, default=SWEEPS)
    ap.add_argument("--reads", type=ints, default=READS)
    ap.add_argument("--instances", type=int, default=INSTANCES)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--long-sweeps", type=int, default=4096, help="ours; the peer gets twice")
    ap.add_argument("--long-reads", type=int, default=256)
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    import dimod
    from dwave.samplers import SimulatedAnnealingSampler

    args = _args(argv)
    sampler = SimulatedAnnealingSampler()
    rows: list[dict[str, Any]] = []
    for nv in args.sizes:
        hh, n = SIZES[nv]
        for inst in range(args.instances):
            rng = np.random.default_rng(1000 * nv + inst)
            model = qama_instance(rng, hh, n)
            upper = np.triu(model.matrix, 1) * 2.0 + np.diag(np.diagonal(model.matrix))
            bqm = dimod.BinaryQuadraticModel(upper, "BINARY")
            order = list(range(nv))
            exact_time = math.nan
            if nv <= 22:
                t0 = time.perf_counter()
                best = brute_force(model).energy
                exact_time = time.perf_counter() - t0
            else:  # best known: long runs of both solvers
                ls, lr = args.long_sweeps, args.long_reads
                long_ours = simulated_annealing(
                    model, rng=np.random.default_rng(7), sweeps=ls, restarts=lr
                )
                long_neal = sampler.sample(bqm, num_reads=lr, num_sweeps=2 * ls, seed=7)
                best = min(float(long_ours.energies.min()), float(long_neal.record.energy.min()))
            # warm-up (untimed): first-call costs (BLAS init, the memoised sweep plan, dimod)
            simulated_annealing(model, rng=np.random.default_rng(0), sweeps=2, restarts=8)
            sampler.sample(bqm, num_reads=8, num_sweeps=2, seed=0)
            cells = []
            for sweeps in args.sweeps:
                for reads in args.reads:
                    if nv * sweeps * reads > MAX_READ_SWEEPS:
                        continue
                    e_all: dict[str, list[np.ndarray]] = {"ours": [], "neal": []}
                    wall: dict[str, list[float]] = {"ours": [], "neal": []}
                    cpu: dict[str, list[float]] = {"ours": [], "neal": []}
                    for rep in range(args.repeats):
                        seed = 31 * reads + sweeps + 100_003 * rep
                        t0, c0 = time.perf_counter(), time.process_time()
                        res = simulated_annealing(
                            model, rng=np.random.default_rng(seed), sweeps=sweeps, restarts=reads
                        )
                        wall["ours"].append(time.perf_counter() - t0)
                        cpu["ours"].append(time.process_time() - c0)
                        t0, c0 = time.perf_counter(), time.process_time()
                        ss = sampler.sample(bqm, num_reads=reads, num_sweeps=sweeps, seed=seed)
                        wall["neal"].append(time.perf_counter() - t0)
                        cpu["neal"].append(time.process_time() - c0)
                        xs = ss.record.sample[:, [ss.variables.index(i) for i in order]]
                        if not np.allclose(model.energy(xs), ss.record.energy, atol=1e-9):
                            raise AssertionError("dwave energies differ from the reference QUBO")
                        if not np.allclose(model.energy(res.samples), res.energies, atol=1e-9):
                            raise AssertionError("reported energies differ from E(x)")
                        e_all["ours"].append(res.energies)
                        e_all["neal"].append(np.asarray(ss.record.energy))
                        best = min(best, float(res.energies.min()), float(ss.record.energy.min()))
                    cells.append((sweeps, reads, e_all, wall, cpu))
            for sweeps, reads, e_all, wall, cpu in cells:  # success against the final best
                for solver in ("ours", "neal"):
                    p = _succ(np.concatenate(e_all[solver]), best)
                    t_read = statistics.median(wall[solver]) / reads
                    c_read = statistics.median(cpu[solver]) / reads
                    rows.append(
                        {
                            "HN": nv,
                            "H": hh,
                            "N": n,
                            "instance": inst,
                            "solver": solver,
                            "sweeps": sweeps,
                            "reads": reads,
                            "repeats": args.repeats,
                            "t_read_s": t_read,
                            "t_read_s_all": [w / reads for w in wall[solver]],
                            "cpu_read_s": c_read,
                            "success": p,
                            "success_per_sweep": p / sweeps,
                            "tts99_s": tts99(t_read, p),
                            "tts99_cpu_s": tts99(c_read, p),
                            "us_per_read_sweep": 1e6 * t_read / sweeps,
                            "best_known": best,
                            "brute_force_s": exact_time,
                        }
                    )
    _summarise(args, rows)


def _summarise(args: argparse.Namespace, rows: list[dict[str, Any]]) -> None:
    summary: list[dict[str, Any]] = []
    bench = Bench(name="qama")
    for nv in args.sizes:
        hh, n = SIZES[nv]
        per: dict[str, float] = {}
        per_cpu: dict[str, float] = {}
        detail: dict[str, Any] = {}
        for solver in ("ours", "neal"):
            # best sweeps per solver: lowest geometric-mean TTS over instances
            best_sw, best_rd, best_tts = args.sweeps[0], args.reads[0], math.inf
            for sweeps in args.sweeps:
                for reads in args.reads:
                    tt = [
                        r["tts99_s"]
                        for r in rows
                        if r["HN"] == nv
                        and r["solver"] == solver
                        and r["sweeps"] == sweeps
                        and r["reads"] == reads
                    ]
                    if not tt:
                        continue
                    finite = all(map(math.isfinite, tt))
                    g = math.exp(float(np.mean(np.log(tt)))) if finite else math.inf
                    if g < best_tts:
                        best_sw, best_rd, best_tts = sweeps, reads, g
            per[solver] = best_tts
            cells = [
                r
                for r in rows
                if r["HN"] == nv
                and r["solver"] == solver
                and r["sweeps"] == best_sw
                and r["reads"] == best_rd
            ]
            tc = [r["tts99_cpu_s"] for r in cells]
            per_cpu[solver] = (
                math.exp(float(np.mean(np.log(tc)))) if all(map(math.isfinite, tc)) else math.inf
            )
            walls = [w for r in cells for w in r["t_read_s_all"]]
            bench.add(
                Record(
                    workload="QAMA v2 QUBO, simulated annealing, TTS99 per read",
                    size={"HN": nv, "H": hh, "N": n},
                    method="reference SA" if solver == "ours" else "dwave-samplers SA",
                    throughput=1.0 / best_tts if best_tts > 0 else 0.0,
                    unit="1/TTS99 (1/s)",
                    checked_equal=True,
                    seconds=Timing(
                        best=min(walls) * best_rd,
                        median=statistics.median(walls) * best_rd,
                        repeats=len(walls),
                    ),
                    peer="dwave-samplers SA" if solver == "ours" else None,
                    note=f"best of the grid: {best_sw} sweeps x {best_rd} reads; TTS99 = geometric "
                    "mean over instances, success pooled over repeats, median wall time",
                )
            )
            succ = [
                r["success"]
                for r in rows
                if r["HN"] == nv
                and r["solver"] == solver
                and r["sweeps"] == best_sw
                and r["reads"] == best_rd
            ]
            detail[solver] = {
                "sweeps": best_sw,
                "reads": best_rd,
                "tts99_s": best_tts,
                "success": succ,
            }
        bf = [r["brute_force_s"] for r in rows if r["HN"] == nv and r["solver"] == "ours"]
        bf_t = float(np.nanmean(bf)) if not all(math.isnan(b) for b in bf) else math.nan
        summary.append(
            {
                "HN": nv,
                "H": hh,
                "N": n,
                **{f"{k}_{kk}": vv for k, d in detail.items() for kk, vv in d.items()},
                "ratio_neal_over_ours": per["neal"] / per["ours"],
                "ratio_neal_over_ours_cpu": per_cpu["neal"] / per_cpu["ours"],
                "brute_force_s": bf_t,
                "ratio_brute_force_over_ours": bf_t / per["ours"] if math.isfinite(bf_t) else None,
            }
        )
    out = {
        "benchmark": "QAMA QUBO solvers: reference SA vs dwave-samplers SA vs brute force",
        "metric": "TTS99 per read (s), best sweeps per solver from the grid",
        "reads_grid": list(args.reads),
        "sweeps_grid": list(args.sweeps),
        "instances_per_size": args.instances,
        "repeats": args.repeats,
        "machine": platform.platform(),
        "summary": summary,
        "rows": rows,
    }
    path = ROOT / "build" / "bench" / "qama_grid.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=1, default=float), encoding="utf-8")
    print(
        f"{'HN':>4} {'ours sw/rd':>11} {'ours TTS99':>11} {'neal sw/rd':>11} {'neal TTS99':>11} "
        f"{'neal/ours':>10} {'cpu ratio':>10} {'bf s':>9}"
    )
    for s in summary:
        print(
            f"{s['HN']:>4} {s['ours_sweeps']:>5}/{s['ours_reads']:<5} {s['ours_tts99_s']:>11.3e} "
            f"{s['neal_sweeps']:>5}/{s['neal_reads']:<5} {s['neal_tts99_s']:>11.3e} "
            f"{s['ratio_neal_over_ours']:>10.2f} {s['ratio_neal_over_ours_cpu']:>10.2f} "
            f"{s['brute_force_s']:>9.3g}"
        )
    print(f"wrote {path}")
    bench.write()


if __name__ == "__main__":
    main()
