"""Runner of the seed-001 reproduction (issue 15; spec §11, claims ``S001-E01..E06``).

Trains every model x task x seed with :func:`reference.pipeline.training.fit` and returns the raw
per-seed learning curves as JSON-ready dicts (one per model). Plots and the report are written by
``python -m proofs.reproduce`` (the ``reproduce`` nox session); the ledger decides the claims from
the stored copies in ``proofs/data/reproduction/`` without training.

Models come from a registry of factories ``name -> factory(task) -> Model``:

* ``"mlp"``: :class:`reference.pipeline.mlp.MLPModel` (§8).
* the encoder models of :data:`ENCODER_MODELS` come from ``reference.pipeline.models`` when that
  module exists: ``make_model(name, num_classes=C, embed_dim=d)`` for each ``name`` in its
  ``MODEL_NAMES``. A model the registry cannot build is reported as ``"not available"`` with the
  reason, never skipped silently.

Seeding: seed ``s`` gives ``rng = numpy.random.default_rng(s)``; the model's initial parameters
are drawn from it first, then every epoch permutation. A run is a pure function of (model, task,
seed, options): bit-for-bit reproducible (``tests/test_reproduce.py`` re-runs a stored one).

>>> cfg = ReproConfig(seeds=(0,), models=("mlp",), tasks=("mc",), train=TrainConfig(epochs=1))
>>> out = run(cfg)
>>> sorted(out["mlp"]["tasks"]["mc"])[:3]
['dev_acc', 'dev_loss', 'parameter_count']
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Executor, Future
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from reference import _validate as val
from reference.pipeline.mlp import MLPModel
from reference.pipeline.model_protocol import Model
from reference.pipeline.tasks import Embedding, Task, lambeq_task, mnist1d_tasks
from reference.pipeline.training import TrainConfig, fit

SCHEMA = "s001-reproduction/1"
"""Version tag of the results files."""

ENCODER_MODELS: tuple[str, ...] = (
    "entropy",
    "swap",
    "concurrence",
    "qsann",
    "qsann_cls",
    "classical",
    "no_entanglement",
)
"""The Figure-1 encoder models (``reference.pipeline.models``) in report order."""
MODEL_NAMES: tuple[str, ...] = (*ENCODER_MODELS, "mlp")
MNIST1D_SIZES: tuple[int, ...] = (50, 100, 200, 500)
TASK_NAMES: tuple[str, ...] = ("mc", "rp", *(f"mnist1d-{n}" for n in MNIST1D_SIZES))

Factory = Callable[[Task], Model]


@dataclass(frozen=True, kw_only=True)
class ReproConfig:
    """What to run (every option is written into the results).

    Attributes:
        seeds: one run per seed (§11: 10 seeds).
        train: the training hyper-parameters (:class:`TrainConfig`).
        models, tasks: subsets of :data:`MODEL_NAMES` and :data:`TASK_NAMES`.
        embedding, dev_fraction: word vectors and RP's held-out share
            (:func:`reference.pipeline.tasks.lambeq_task`).
        mnist1d_num_samples, mnist1d_test_size: MNIST-1D generation size and test subset.
    """

    seeds: tuple[int, ...] = tuple(range(10))
    train: TrainConfig = field(default_factory=TrainConfig)
    models: tuple[str, ...] = MODEL_NAMES
    tasks: tuple[str, ...] = TASK_NAMES
    embedding: Embedding = "ppmi-svd"
    dev_fraction: float = 0.2
    mnist1d_num_samples: int = 5000
    mnist1d_test_size: int = 1000

    def __post_init__(self) -> None:
        if not self.seeds:
            raise ValueError("seeds=() must name at least one seed")
        for i, s in enumerate(self.seeds):
            val.integer(f"seeds[{i}]", s, lo=0)
        for m in self.models:
            val.choice("models", m, MODEL_NAMES)
        for t in self.tasks:
            val.choice("tasks", t, TASK_NAMES)
        if not isinstance(self.train, TrainConfig):
            raise TypeError(f"train must be a TrainConfig, got {type(self.train).__name__}")
        val.integer("mnist1d_num_samples", self.mnist1d_num_samples, lo=1000)
        val.integer("mnist1d_test_size", self.mnist1d_test_size, lo=1)

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["train"] = self.train.as_dict()
        d["seeds"] = list(self.seeds)
        d["models"] = list(self.models)
        d["tasks"] = list(self.tasks)
        return d


def _mlp(task: Task) -> Model:
    _, t, d = task.train.x.shape
    return MLPModel(input_dim=t * d, num_classes=task.num_classes)


def _encoder_factory(name: str) -> Factory | str:
    """The factory of encoder model ``name`` or the reason it is not available."""
    try:
        models = importlib.import_module("reference.pipeline.models")
    except ImportError as exc:
        return f"not available: reference.pipeline.models cannot be imported ({exc})"
    make = getattr(models, "make_model", None)
    names = getattr(models, "MODEL_NAMES", ())
    if not callable(make):
        return "not available: reference.pipeline.models has no make_model"
    if name not in names:
        return f"not available: reference.pipeline.models.MODEL_NAMES has no {name!r}"

    def factory(task: Task) -> Model:
        model = make(name, num_classes=task.num_classes, embed_dim=task.train.x.shape[2])
        if not isinstance(model, Model):
            raise TypeError(f"make_model({name!r}) returned {model!r}, not a Model")
        return model

    return factory


def resolve(name: str) -> Factory | str:
    """Factory of model ``name`` (``task -> Model``), or a ``"not available: ..."`` reason."""
    val.choice("name", name, MODEL_NAMES)
    if name == "mlp":
        return _mlp
    return _encoder_factory(name)


def make_tasks(config: ReproConfig) -> dict[str, Task]:
    """The tasks of ``config`` by name (MNIST-1D generated once for all sizes)."""
    out: dict[str, Task] = {}
    for name in ("mc", "rp"):
        if name in config.tasks:
            out[name] = lambeq_task(
                name,
                embedding=config.embedding,
                dev_fraction=config.dev_fraction,
            )
    sizes = tuple(int(t.split("-")[1]) for t in config.tasks if t.startswith("mnist1d-"))
    if sizes:
        for task in mnist1d_tasks(
            sizes,
            num_samples=config.mnist1d_num_samples,
            test_size=config.mnist1d_test_size,
        ):
            out[task.name] = task
    return {t: out[t] for t in config.tasks}


def run_seed(model: Model, task: Task, seed: int, train: TrainConfig) -> dict[str, Any]:
    """One training run: the per-epoch curves of ``model`` on ``task`` for ``seed``."""
    rng = np.random.default_rng(seed)
    params = model.init_params(rng)
    t0 = time.perf_counter()
    _, hist = fit(model, params, task.train, task.test, task.dev, config=train, rng=rng)
    out: dict[str, Any] = hist.as_dict()
    out["seconds"] = time.perf_counter() - t0
    out["parameter_count"] = int(sum(np.size(v) for v in params.values()))
    return out


_CURVES = ("train_acc", "train_loss", "test_acc", "test_loss", "dev_acc", "dev_loss")


def _unit(name: str, task: Task, seed: int, train: TrainConfig) -> dict[str, Any]:
    """One (model, task, seed) run, built from names only (picklable for process pools)."""
    factory = resolve(name)
    if isinstance(factory, str):
        raise RuntimeError(factory)
    return run_seed(factory(task), task, seed, train)


def run(
    config: ReproConfig,
    *,
    tasks: Mapping[str, Task] | None = None,
    progress: Callable[[str], None] | None = None,
    executor: Executor | None = None,
) -> dict[str, dict[str, Any]]:
    """Train every model x task x seed of ``config``.

    Args:
        config: what to run.
        tasks: prepared tasks by name (default: :func:`make_tasks`).
        progress: called with one line per finished run.
        executor: runs the (model, task, seed) units (for example a
            ``concurrent.futures.ProcessPoolExecutor``); ``None`` runs them in order here. Each
            unit is a pure function of its inputs, so the results do not depend on it.

    Returns:
        model name -> results dict (``schema``, ``model``, ``available``, ``reason``, ``config``,
        ``task_options``, ``tasks``: task -> curve name -> ``(S, E)`` nested lists, ``seeds``,
        ``seconds`` per seed, ``parameter_count``). An unavailable model has ``available=False``,
        its reason and no curves.
    """
    if not isinstance(config, ReproConfig):
        raise TypeError(f"config must be a ReproConfig, got {type(config).__name__}")
    task_map = dict(tasks) if tasks is not None else make_tasks(config)
    results: dict[str, dict[str, Any]] = {}
    pending: dict[tuple[str, str], list[Future[dict[str, Any]]]] = {}
    for name in config.models:
        factory = resolve(name)
        rec: dict[str, Any] = {
            "schema": SCHEMA,
            "model": name,
            "config": config.as_dict(),
            "task_options": {t: dict(task_map[t].options) for t in config.tasks},
            "tasks": {},
        }
        results[name] = rec
        if isinstance(factory, str):
            rec.update(available=False, reason=factory)
            continue
        rec.update(available=True, reason="")
        for tname in config.tasks:
            if executor is not None:
                pending[name, tname] = [
                    executor.submit(_unit, name, task_map[tname], s, config.train)
                    for s in config.seeds
                ]
                continue
            model = factory(task_map[tname])
            runs = []
            for seed in config.seeds:
                runs.append(run_seed(model, task_map[tname], seed, config.train))
                if progress is not None:
                    progress(f"{name} {tname} seed {seed}: {runs[-1]['seconds']:.1f}s")
            rec["tasks"][tname] = _entry(runs, config.seeds)
    for (name, tname), futures in pending.items():
        runs = []
        for seed, fut in zip(config.seeds, futures, strict=True):
            runs.append(fut.result())
            if progress is not None:
                progress(f"{name} {tname} seed {seed}: {runs[-1]['seconds']:.1f}s")
        results[name]["tasks"][tname] = _entry(runs, config.seeds)
    return results


def _entry(runs: list[dict[str, Any]], seeds: tuple[int, ...]) -> dict[str, Any]:
    entry: dict[str, Any] = {c: [r[c] for r in runs] for c in _CURVES}
    entry["seeds"] = list(seeds)
    entry["seconds"] = [r["seconds"] for r in runs]
    entry["parameter_count"] = runs[0]["parameter_count"]
    return entry


__all__ = [
    "ENCODER_MODELS",
    "MNIST1D_SIZES",
    "MODEL_NAMES",
    "SCHEMA",
    "TASK_NAMES",
    "ReproConfig",
    "make_tasks",
    "resolve",
    "run",
    "run_seed",
]
