"""Benchmark: the reference annealer
(:func:`reference.algorithms.annealing.simulated_annealing`) against ``dwave-samplers``'
``SimulatedAnnealingSampler`` (the maintained successor of dwave-neal) and
brute force, on QAMA v2 QUBOs with ``H N in {16, 64, 256}``.

Metric: time to solution per read, ``TTS99 = t_read * ln(0.01) / ln(1 - p)`` where ``t_read`` is
the wall time of one call divided by its number of reads and ``p`` the fraction of reads that
reach the best known energy (brute force at ``H N = 16``; otherwise the best energy any run of
either solver found, including a long run of each). Each solver gets its best number of sweeps
from a grid (standard TTS methodology); both get the same number of reads per call and run
single-threaded (BLAS threads pinned to 1 before NumPy is imported). Results are checked equal
before timing: every dwave sample's energy is recomputed with the reference QUBO.

Run: ``python tests/benchmarks/bench_qama.py`` (needs the ``bench`` extra). Writes
``build/bench/qama.json`` and prints a table. Never collected by pytest.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import json  # noqa: E402
import math  # noqa: E402
import platform  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

from reference.algorithms.annealing import simulated_annealing  # noqa: E402
from reference.algorithms.qubo import QUBO, brute_force  # noqa: E402
from reference.mechanisms import qama  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SIZES = ((2, 8), (4, 16), (8, 32))  # H N = 16, 64, 256
SWEEPS = (16, 64, 256, 1024)
READS = (256, 1024)
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


def main() -> None:
    import dimod
    from dwave.samplers import SimulatedAnnealingSampler

    sampler = SimulatedAnnealingSampler()
    rows: list[dict[str, Any]] = []
    for hh, n in SIZES:
        nv = hh * n
        for inst in range(INSTANCES):
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
                long_ours = simulated_annealing(
                    model, rng=np.random.default_rng(7), sweeps=4096, restarts=256
                )
                long_neal = sampler.sample(bqm, num_reads=256, num_sweeps=8192, seed=7)
                best = min(float(long_ours.energies.min()), float(long_neal.record.energy.min()))
            runs: dict[str, list[tuple[int, int, float, float]]] = {"ours": [], "neal": []}
            for sweeps in SWEEPS:
                for reads in READS:
                    seed = 31 * reads + sweeps
                    t0 = time.perf_counter()
                    res = simulated_annealing(
                        model, rng=np.random.default_rng(seed), sweeps=sweeps, restarts=reads
                    )
                    t_ours = time.perf_counter() - t0
                    t0 = time.perf_counter()
                    ss = sampler.sample(bqm, num_reads=reads, num_sweeps=sweeps, seed=seed)
                    t_neal = time.perf_counter() - t0
                    xs = ss.record.sample[:, [ss.variables.index(i) for i in order]]
                    if not np.allclose(model.energy(xs), ss.record.energy, atol=1e-9):
                        raise AssertionError("dwave energies differ from the reference QUBO")
                    e_ours = res.energies
                    e_neal = np.asarray(ss.record.energy)
                    best = min(best, float(e_ours.min()), float(e_neal.min()))
                    runs["ours"].append((sweeps, reads, t_ours / reads, _succ(e_ours, best)))
                    runs["neal"].append((sweeps, reads, t_neal / reads, _succ(e_neal, best)))
            for solver, recs in runs.items():
                for sweeps, reads, t_read, p in recs:
                    rows.append(
                        {
                            "HN": nv,
                            "H": hh,
                            "N": n,
                            "instance": inst,
                            "solver": solver,
                            "sweeps": sweeps,
                            "reads": reads,
                            "t_read_s": t_read,
                            "success": p,
                            "tts99_s": tts99(t_read, p),
                            "us_per_read_sweep": 1e6 * t_read / sweeps,
                            "best_known": best,
                            "brute_force_s": exact_time,
                        }
                    )
    summary: list[dict[str, Any]] = []
    for hh, n in SIZES:
        nv = hh * n
        per: dict[str, float] = {}
        detail: dict[str, Any] = {}
        for solver in ("ours", "neal"):
            # best sweeps per solver: lowest geometric-mean TTS over instances
            best_sw, best_rd, best_tts = SWEEPS[0], READS[0], math.inf
            for sweeps in SWEEPS:
                for reads in READS:
                    tt = [
                        r["tts99_s"]
                        for r in rows
                        if r["HN"] == nv
                        and r["solver"] == solver
                        and r["sweeps"] == sweeps
                        and r["reads"] == reads
                    ]
                    finite = all(map(math.isfinite, tt))
                    g = math.exp(float(np.mean(np.log(tt)))) if finite else math.inf
                    if g < best_tts:
                        best_sw, best_rd, best_tts = sweeps, reads, g
            per[solver] = best_tts
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
                "brute_force_s": bf_t,
                "ratio_brute_force_over_ours": bf_t / per["ours"] if math.isfinite(bf_t) else None,
            }
        )
    out = {
        "benchmark": "QAMA QUBO solvers: reference SA vs dwave-samplers SA vs brute force",
        "metric": "TTS99 per read (s), best sweeps per solver from the grid",
        "reads_grid": list(READS),
        "sweeps_grid": list(SWEEPS),
        "instances_per_size": INSTANCES,
        "machine": platform.platform(),
        "summary": summary,
        "rows": rows,
    }
    path = ROOT / "build" / "bench" / "qama.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=1, default=float), encoding="utf-8")
    print(
        f"{'HN':>4} {'ours sw/rd':>11} {'ours TTS99':>11} {'neal sw/rd':>11} {'neal TTS99':>11} "
        f"{'neal/ours':>10} {'bf s':>9}"
    )
    for s in summary:
        print(
            f"{s['HN']:>4} {s['ours_sweeps']:>5}/{s['ours_reads']:<5} {s['ours_tts99_s']:>11.3e} "
            f"{s['neal_sweeps']:>5}/{s['neal_reads']:<5} {s['neal_tts99_s']:>11.3e} "
            f"{s['ratio_neal_over_ours']:>10.2f} {s['brute_force_s']:>9.3g}"
        )
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
