"""Run the ledger's evidence providers through a :mod:`concurrent.futures` executor.

``python -m proofs -j N`` evaluates the providers on ``N`` worker processes (default: every core);
``--dask-scheduler ADDRESS`` hands the very same tasks to a Dask cluster through
``distributed.Client(ADDRESS).get_executor()`` (the optional ``cluster`` extra). There is no
scheduler of our own: the executor is the only moving part, and the code path is the same for
the process pool and for Dask.

* A task is ``(claim_id, module, seed, timeout)``: plain strings and numbers, so nothing
  unpicklable crosses. The worker imports the evidence module (once per process: Python caches
  it; see :data:`START_METHOD`), looks the provider up in the module's ``EVIDENCE`` registry and
  runs it with its own deterministic generator ``rng_for(claim_id, seed)``. The result is the
  frozen Evidence dataclass (they all pickle) and the seconds the provider took, so the run is
  identical to the serial one: same verdicts, same evidence objects, in specification order.
* A provider that raises gives :class:`~proofs.ledger.Failed` with the exception, as serially; a
  provider running longer than ``timeout`` seconds gives ``Failed("timed out ...")``. The timeout
  is an alarm (``SIGALRM``) when the provider runs in a process's main thread (the process pool,
  and the serial run), which interrupts the provider; elsewhere (a Dask worker's thread) the
  provider runs in a helper thread that is abandoned when it overruns.
* A worker process that dies (a segfault, ``os._exit``) breaks a process pool: the claims it
  took down are re-run one at a time in a fresh one-worker pool, so the one that kills its
  process is named and ``Failed``, and the others get their own evidence.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import platform
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from types import FrameType
from typing import TypeAlias

from proofs.ledger import Evidence, EvidenceRegistry, Failed, Provider, evaluate

Task: TypeAlias = tuple[str, str, int]
"""``(claim_id, evidence module, seed)``."""
Outcome: TypeAlias = tuple[Evidence, float]
"""The evidence and the seconds its provider took."""


def default_jobs() -> int:
    """Every core: ``os.cpu_count()`` (1 when unknown)."""
    return os.cpu_count() or 1


class _Overrun(BaseException):
    """Raised by the alarm inside an overrunning provider. A ``BaseException`` (like
    ``KeyboardInterrupt``), so a provider's ``except Exception`` cannot swallow it."""


def _timed_out(timeout: float, extra: str = "") -> Failed:
    return Failed(error=f"timed out: the provider ran longer than {timeout:g} s (--timeout){extra}")


def evaluate_within(
    claim_id: str, provider: Provider, seed: int, timeout: float | None = None
) -> Evidence:
    """:func:`~proofs.ledger.evaluate`, turning a run longer than ``timeout`` seconds into
    :class:`~proofs.ledger.Failed` (``None``: no limit)."""
    if timeout is None:
        return evaluate(claim_id, provider, seed)
    if not timeout > 0:
        raise ValueError(f"timeout={timeout!r} must be a positive number of seconds")
    if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
        return _with_alarm(claim_id, provider, seed, timeout)
    return _with_thread(claim_id, provider, seed, timeout)


def _with_alarm(claim_id: str, provider: Provider, seed: int, timeout: float) -> Evidence:
    def ring(signum: int, frame: FrameType | None) -> None:
        raise _Overrun

    previous = signal.signal(signal.SIGALRM, ring)
    try:
        try:
            signal.setitimer(signal.ITIMER_REAL, timeout)
            return evaluate(claim_id, provider, seed)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _Overrun:
        return _timed_out(timeout)
    finally:
        signal.signal(signal.SIGALRM, previous)


def _with_thread(claim_id: str, provider: Provider, seed: int, timeout: float) -> Evidence:
    box: list[Evidence] = []
    worker = threading.Thread(
        target=lambda: box.append(evaluate(claim_id, provider, seed)),
        name=f"provider {claim_id}",
        daemon=True,
    )
    worker.start()
    worker.join(timeout)
    if worker.is_alive() or not box:
        return _timed_out(timeout, "; its thread was abandoned, still running")
    return box[0]


def run_task(claim_id: str, module: str, seed: int, timeout: float | None) -> Outcome:
    """Worker side: import ``module`` (cached per process), run the provider of ``claim_id``."""
    reg = getattr(importlib.import_module(module), "EVIDENCE", None)
    if not isinstance(reg, EvidenceRegistry) or claim_id not in reg.providers:
        raise LookupError(f"{module} has no evidence provider for {claim_id}")
    t0 = time.perf_counter()
    ev = evaluate_within(claim_id, reg.providers[claim_id], seed, timeout)
    return ev, time.perf_counter() - t0


def _executor_failure(exc: BaseException) -> Failed:
    line = traceback.format_exception_only(type(exc), exc)[-1].strip()
    return Failed(error=f"the executor could not run the provider: {line}")


START_METHOD: str | None = (
    None if platform.system() != "Linux" else "fork" if sys.version_info < (3, 12) else "forkserver"
)
"""How worker processes start. Linux, Python 3.11: forked from this process, so they start with
the evidence modules it has already imported (no second import). Linux, Python 3.12+ (where
forking a process with threads, such as OpenBLAS's, is deprecated): from a fork server that
imports the evidence modules once. Elsewhere the platform's default (spawn): each worker imports
a module on first use."""


def process_pool(jobs: int, preload: Sequence[str] = ()) -> ProcessPoolExecutor:
    """A pool of ``jobs`` worker processes started by :data:`START_METHOD`; ``preload``: the
    modules a fork server imports before it forks the workers."""
    if START_METHOD is None:
        return ProcessPoolExecutor(jobs)
    ctx = multiprocessing.get_context(START_METHOD)
    if START_METHOD == "forkserver":
        ctx.set_forkserver_preload(["proofs.ledger", *preload])
    return ProcessPoolExecutor(jobs, mp_context=ctx)


def run_tasks(
    tasks: Sequence[Task],
    *,
    jobs: int = 1,
    executor: Executor | None = None,
    timeout: float | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Outcome]:
    """Evaluate ``tasks``: in this process when ``jobs == 1`` and no ``executor`` is given, else
    on ``executor`` (for instance Dask's) or on a pool of ``jobs`` processes made here.

    Returns ``claim_id -> (evidence, seconds)``; the caller orders it (specification order).
    """
    if jobs < 1:
        raise ValueError(f"jobs={jobs} must be >= 1")
    out: dict[str, Outcome] = {}

    def record(cid: str, outcome: Outcome) -> None:
        out[cid] = outcome
        if progress is not None:
            progress(f"{cid}: {outcome[0].verdict} ({outcome[1]:.2f}s)")

    if executor is None and (jobs == 1 or len(tasks) <= 1):
        for cid, module, seed in tasks:
            record(cid, run_task(cid, module, seed, timeout))
        return out
    if executor is not None:
        broken = _drain(executor, tasks, timeout, record)
    else:
        modules = sorted({module for _, module, _ in tasks})
        with process_pool(min(jobs, len(tasks)), modules) as pool:
            broken = _drain(pool, tasks, timeout, record)
        broken = _isolate(broken, modules, timeout, record)
    for cid, _, _ in broken:  # a user's executor that broke: nothing to restart
        record(cid, (_executor_failure(BrokenProcessPool("the executor broke")), 0.0))
    return out


def _drain(
    executor: Executor,
    tasks: Sequence[Task],
    timeout: float | None,
    record: Callable[[str, Outcome], None],
) -> list[Task]:
    """Submit every task, record results as they complete; return the tasks a broken process
    pool took down (their own outcome is unknown)."""
    futures: dict[Future[Outcome], Task] = {
        executor.submit(run_task, cid, module, seed, timeout): (cid, module, seed)
        for cid, module, seed in tasks
    }
    broken: list[Task] = []
    for fut in as_completed(futures):
        task = futures[fut]
        try:
            outcome = fut.result()
        except BrokenProcessPool:
            broken.append(task)
            continue
        except Exception as exc:  # pickling, a lost Dask worker, an unimportable module
            outcome = (_executor_failure(exc), 0.0)
        record(task[0], outcome)
    order = {t: i for i, t in enumerate(tasks)}
    return sorted(broken, key=order.__getitem__)


def _isolate(
    tasks: Sequence[Task],
    modules: Sequence[str],
    timeout: float | None,
    record: Callable[[str, Outcome], None],
) -> list[Task]:
    """Re-run the tasks of a broken pool one at a time, so the provider that kills its worker
    process is the one that is Failed."""
    pool: ProcessPoolExecutor | None = None
    try:
        for cid, module, seed in tasks:
            if pool is None:
                pool = process_pool(1, modules)
            try:
                outcome = pool.submit(run_task, cid, module, seed, timeout).result()
            except BrokenProcessPool as exc:
                pool.shutdown(wait=False)
                pool = None
                died = f"the worker process died running the provider: {exc}"
                outcome = (Failed(error=died), 0.0)
            except Exception as exc:
                outcome = (_executor_failure(exc), 0.0)
            record(cid, outcome)
    finally:
        if pool is not None:
            pool.shutdown()
    return []


__all__ = [
    "Outcome",
    "Task",
    "default_jobs",
    "evaluate_within",
    "process_pool",
    "run_task",
    "run_tasks",
]
