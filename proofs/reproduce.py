"""``python -m proofs.reproduce``: the seed-001 reproduction run (issue 15, spec §11).

Trains every model x task x seed (:mod:`reference.pipeline.reproduce`), then writes into ``--out``
(default ``build/reproduction``):

* ``raw/<model>.json`` — per-seed learning curves and every option (one file per model);
* ``report.md`` — availability of each model, per-task tables (paper statistic, statistic at the
  dev-selected epoch, final train accuracy, gap, seconds per seed) and the claims
  ``S001-E01..E06`` as decided from these results;
* ``learning_curves_<task>.png`` (IQM across seeds per epoch, 95 % bootstrap band of the IQM),
  ``accuracy_vs_size.png`` (MNIST-1D), ``gaps.png``.

``--store`` also copies the results of the available models into ``proofs/data/reproduction/``
(from which the ledger decides the claims without training) and writes the counterexample file of
every claim the results do not reproduce. ``--smoke`` runs 2 seeds x 2 epochs on a small MNIST-1D
(what CI runs, through ``tests/test_reproduce.py``). The ``reproduce`` nox session runs this module
(opt-in; never part of ``verify``).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from proofs import ledger
from proofs.evidence.encoder import empirical as emp
from reference.pipeline import protocol as pr
from reference.pipeline import reproduce as rp
from reference.pipeline.training import TrainConfig

ROOT = Path(__file__).resolve().parent.parent
SMOKE_TASKS = ("mc", "rp", "mnist1d-50")


def _clean(obj: Any) -> Any:
    """JSON-ready copy with NaN / inf written as ``None``."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_clean(v) for v in obj]
    return obj


def write_json(path: Path, obj: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(_clean(obj), indent=1) + "\n", encoding="utf-8")


def _available(res: Mapping[str, Any]) -> dict[str, Any]:
    return {m: r for m, r in res.items() if r.get("available")}


def claim_rows(res: Mapping[str, Any]) -> list[tuple[str, str, str, dict[str, Any] | None]]:
    """``(claim id, verdict word, text, counterexample or None)`` decided from ``res``."""
    avail = _available(res)
    rows: list[tuple[str, str, str, dict[str, Any] | None]] = []
    for cid in ("S001-E01", "S001-E02", "S001-E03", "S001-E06"):
        word, comps, _ = emp.decide_from(cid, avail)
        text = "; ".join(emp._line(c) for c in comps)
        if word == "refuted":
            proto = emp._protocol(avail, [comps[0].a])
            rows.append((cid, word, text, emp.counterexample(cid, comps, proto)))
        elif word == "held":
            rows.append((cid, word, text, None))
        else:
            rows.append((cid, "open", f"{word}. {text}".strip(" ."), None))
    if "mlp" in avail and all(t in avail["mlp"]["tasks"] for t in emp.LAMBEQ):
        num = emp.e04_numbers(avail)
        ok4 = emp.e04_holds(num)
        text = json.dumps(num)
        cx: dict[str, Any] | None = None
        if not ok4:
            cx = {
                "claim": "S001-E04",
                "note": f"{emp.NOT_REPRODUCED}: stored MLP results",
                "protocol": emp._protocol(avail, ["mlp"]),
                "numbers": num,
            }
        rows.append(("S001-E04", "held" if ok4 else "refuted", text, cx))
    else:
        rows.append(("S001-E04", "open", emp.NOT_STORED, None))
    rows.append(("S001-E05", "open", "needs Fashion-MNIST (PQK dataset); not decidable here", None))
    return sorted(rows)


def task_table(res: Mapping[str, Any], task: str) -> list[str]:
    """Markdown rows of one task: one per available model."""
    out = [
        f"### {task}",
        "",
        "| model | params | max-over-epochs IQM test acc (epoch) | IQM test acc at dev-selected "
        "epoch | final IQM train acc | final IQM gap | s / seed |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, rec in res.items():
        if not rec.get("available") or task not in rec["tasks"]:
            continue
        t = rec["tasks"][task]
        test = emp.curves(rec, task, "test_acc")
        train = emp.curves(rec, task, "train_acc")
        curve = pr.iqm_curve(test)
        sel = pr.at_selected_epoch(test, emp.curves(rec, task, "dev_acc"))
        out.append(
            f"| {name} | {t['parameter_count']} | {curve.max():.4f} ({int(curve.argmax()) + 1}) | "
            f"{sel:.4f} | {float(pr.iqm_curve(train)[-1]):.4f} | "
            f"{pr.generalisation_gap(train, test):+.4f} | {float(np.mean(t['seconds'])):.2f} |"
        )
    return [*out, ""]


def _bands(c: np.ndarray[Any, Any], rng: np.random.Generator) -> tuple[Any, Any, Any]:
    """Per-epoch IQM across seeds and the 95 % percentile-bootstrap band of that IQM."""
    mid = pr.iqm_curve(c)
    if c.shape[0] < 2:
        return mid, mid, mid
    idx = rng.integers(0, c.shape[0], size=(500, c.shape[0]))
    reps = np.stack([pr.iqm_curve(c[i]) for i in idx])
    lo, hi = np.percentile(reps, [2.5, 97.5], axis=0)
    return mid, lo, hi


def plots(res: Mapping[str, Any], out: Path) -> list[Path]:
    """Learning curves per task, accuracy vs MNIST-1D size, gaps (PNG files in ``out``)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    avail = _available(res)
    paths: list[Path] = []
    tasks = sorted({t for r in avail.values() for t in r["tasks"]})
    rng = np.random.default_rng(0)
    for task in tasks:
        fig, ax = plt.subplots(figsize=(6.4, 4.0))
        for name, rec in avail.items():
            if task not in rec["tasks"]:
                continue
            for key, style in (("test_acc", "-"), ("train_acc", ":")):
                mid, lo, hi = _bands(emp.curves(rec, task, key), rng)
                ep = np.arange(1, mid.size + 1)
                line = ax.plot(ep, mid, style, label=f"{name} {key.split('_')[0]}")
                if key == "test_acc":
                    ax.fill_between(ep, lo, hi, color=line[0].get_color(), alpha=0.2)
        ax.set_xlabel("epoch")
        ax.set_ylabel("accuracy (IQM across seeds; band: 95% bootstrap of the IQM)")
        ax.set_title(f"{task}: learning curves")
        ax.legend(fontsize=7)
        paths.append(out / f"learning_curves_{task}.png")
        fig.savefig(paths[-1], dpi=110, bbox_inches="tight")
        plt.close(fig)
    sizes = sorted(int(t.split("-")[1]) for t in tasks if t.startswith("mnist1d-"))
    if sizes:
        fig, ax = plt.subplots(figsize=(6.4, 4.0))
        for name, rec in avail.items():
            pts = [
                (n, pr.max_over_epochs(emp.curves(rec, f"mnist1d-{n}", "test_acc")))
                for n in sizes
                if f"mnist1d-{n}" in rec["tasks"]
            ]
            if pts:
                ax.plot(*zip(*pts, strict=True), "o-", label=name)
        ax.set_xscale("log")
        ax.set_xlabel("MNIST-1D training-set size")
        ax.set_ylabel("max-over-epochs IQM test accuracy")
        ax.legend(fontsize=7)
        paths.append(out / "accuracy_vs_size.png")
        fig.savefig(paths[-1], dpi=110, bbox_inches="tight")
        plt.close(fig)
    fig, ax = plt.subplots(figsize=(7.0, 4.0))
    width = 0.8 / max(1, len(avail))
    for k, (name, rec) in enumerate(avail.items()):
        gaps = [
            pr.generalisation_gap(emp.curves(rec, t, "train_acc"), emp.curves(rec, t, "test_acc"))
            if t in rec["tasks"]
            else np.nan
            for t in tasks
        ]
        ax.bar(np.arange(len(tasks)) + k * width, gaps, width, label=name)
    ax.set_xticks(np.arange(len(tasks)) + 0.4 - width / 2, tasks, fontsize=7)
    ax.set_ylabel("final-epoch IQM gap (train - test accuracy)")
    ax.legend(fontsize=7)
    paths.append(out / "gaps.png")
    fig.savefig(paths[-1], dpi=110, bbox_inches="tight")
    plt.close(fig)
    return paths


def report(
    res: Mapping[str, Any], config: rp.ReproConfig, seconds: float, figs: Sequence[Path]
) -> str:
    """The Markdown report."""
    lines = [
        "# Seed-001 reproduction (issue 15; spec §11)",
        "",
        f"Seeds {list(config.seeds)}; training options `{config.train.as_dict()}`; embedding "
        f"`{config.embedding}`; wall time {seconds:.1f} s.",
        "Paper statistic: maximum over epochs of the IQM across seeds of test accuracy (it "
        "selects on the test set); next to it the IQM at the epoch chosen on held-out training "
        "data. 'A beats B': difference > 0 with its 95% stratified-bootstrap interval excluding 0.",
        "",
        "## Models",
        "",
        "| model | status |",
        "|---|---|",
    ]
    for name, rec in res.items():
        lines.append(f"| {name} | {'trained' if rec['available'] else rec['reason']} |")
    lines += ["", "## Results per task", ""]
    for task in config.tasks:
        lines += task_table(res, task)
    lines += ["## Claims", "", "| claim | verdict | evidence |", "|---|---|---|"]
    for cid, word, text, _ in claim_rows(res):
        lines.append(f"| {cid} | {word} | {text.replace('|', '/')} |")
    lines += ["", "## Plots", ""] + [f"![{p.stem}]({p.name})" for p in figs]
    return "\n".join(lines) + "\n"


def store(res: Mapping[str, Any], directory: Path, counterexamples: Path) -> list[Path]:
    """Copy available results into ``directory`` (one file per model, replacing that model's
    earlier file), then decide the claims from every model stored there and write the
    counterexample file of each refuted one."""
    written = []
    for name, rec in _available(res).items():
        written.append(directory / f"{name}.json")
        write_json(written[-1], rec)
    for cid, word, _, cx in claim_rows(emp.load_results(directory)):
        if word == "refuted" and cx is not None:
            written.append(counterexamples / f"{cid}.json")
            write_json(written[-1], cx)
    return written


def config_from_args(ns: argparse.Namespace) -> rp.ReproConfig:
    """The :class:`ReproConfig` of the command line."""
    smoke = bool(ns.smoke)
    epochs = ns.epochs if ns.epochs is not None else (2 if smoke else TrainConfig().epochs)
    seeds = ns.seeds if ns.seeds is not None else (2 if smoke else 10)
    tasks = tuple(ns.tasks) if ns.tasks else (SMOKE_TASKS if smoke else rp.TASK_NAMES)
    return rp.ReproConfig(
        seeds=tuple(range(seeds)),
        train=TrainConfig(epochs=epochs, batch_size=ns.batch_size, eval_loss=not ns.no_eval_loss),
        models=tuple(ns.models) if ns.models else rp.MODEL_NAMES,
        tasks=tasks,
        mnist1d_num_samples=1000 if smoke else 5000,
        mnist1d_test_size=ns.mnist1d_test_size or (200 if smoke else 1000),
    )


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m proofs.reproduce", description=__doc__)
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "reproduction")
    ap.add_argument("--smoke", action="store_true", help="2 seeds x 2 epochs, small MNIST-1D")
    ap.add_argument("--seeds", type=int, default=None, help="number of seeds 0..N-1 (10)")
    ap.add_argument("--epochs", type=int, default=None)
    ap.add_argument("--batch-size", type=int, default=TrainConfig().batch_size)
    ap.add_argument("--models", nargs="*", choices=rp.MODEL_NAMES)
    ap.add_argument("--tasks", nargs="*", choices=rp.TASK_NAMES)
    ap.add_argument("--store", action="store_true", help="write proofs/data/reproduction")
    ap.add_argument("--store-dir", type=Path, default=emp.STORE)
    ap.add_argument(
        "--no-eval-loss", action="store_true", help="skip the per-epoch test/dev loss (faster)"
    )
    ap.add_argument("--mnist1d-test-size", type=int, default=None, help="(default 1000)")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    ap.add_argument(
        "--store-raw",
        nargs="+",
        type=Path,
        metavar="JSON",
        help="train nothing: store these raw/<model>.json files of earlier runs (with --store-dir)",
    )
    ap.add_argument("--quiet", action="store_true")
    ns = ap.parse_args(argv)
    if ns.store_raw:
        raw = [json.loads(p.read_text(encoding="utf-8")) for p in ns.store_raw]
        for p in store({r["model"]: r for r in raw}, ns.store_dir, ledger.COUNTEREXAMPLES):
            print(f"stored {p}")
        return 0
    config = config_from_args(ns)
    t0 = time.perf_counter()
    say = None if ns.quiet else lambda s: print(s, flush=True)
    if ns.jobs > 1:
        with ProcessPoolExecutor(max_workers=ns.jobs) as pool:
            res = rp.run(config, progress=say, executor=pool)
    else:
        res = rp.run(config, progress=say)
    seconds = time.perf_counter() - t0
    out: Path = ns.out
    for name, rec in res.items():
        write_json(out / "raw" / f"{name}.json", rec)
    figs = plots(res, out)
    (out / "report.md").write_text(report(res, config, seconds, figs), encoding="utf-8")
    print(f"wrote {out / 'report.md'} ({seconds:.1f} s)")
    if ns.store:
        for p in store(res, ns.store_dir, ledger.COUNTEREXAMPLES):
            print(f"stored {p}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
