"""The ledger run through an executor (``python -m proofs -j N`` / ``--dask-scheduler``) gives the
serial run's evidence, in specification order; crashes, hangs and dying workers become Failed."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Executor
from typing import Any

import numpy as np
import pytest

from proofs import ledger, parallel
from proofs.__main__ import main
from proofs.parallel import evaluate_within, run_tasks

# one claim of every verdict the ledger gives, each provider cheap: held, proved, refuted
# (S002-C06), counted (S001-P20, S002-C29), uncheckable (S002-C40)
SUBSET = ("H-CORE-01", "H-CORE-06", "S002-C0", "S001-P20", "S002-C29", "S002-C40")
# on Dask (whose workers start afresh and import what they run) the claims of one module: held,
# proved and refuted
DASK_SUBSET = ("S002-C0",)

# Providers of this module, run by worker processes (found by module name, like proofs.evidence)
EVIDENCE = ledger.EvidenceRegistry()
HERE = __name__


@EVIDENCE.claim("T-OK")
def _ok(rng: np.random.Generator) -> ledger.Evidence:
    return ledger.held_margin(
        cases=3, worst_slack=float(rng.random()), detail="a draw of its own rng"
    )


@EVIDENCE.claim("T-RAISES")
def _raises(rng: np.random.Generator) -> ledger.Evidence:
    raise ZeroDivisionError("boom")


@EVIDENCE.claim("T-HANGS")
def _hangs(rng: np.random.Generator) -> ledger.Evidence:
    for _ in range(40):  # 2 s, far past the timeouts below (finite: an abandoned thread ends)
        with contextlib.suppress(Exception):  # cannot swallow the timeout (a BaseException)
            time.sleep(0.05)
    return ledger.held_margin(cases=1, worst_slack=0.0)


@EVIDENCE.claim("T-DIES")
def _dies(rng: np.random.Generator) -> ledger.Evidence:
    os._exit(13)


def _same(a: list[ledger.Entry], b: list[ledger.Entry]) -> None:
    """Same claims in the same order, same verdicts, same evidence (repr: floats to the bit)."""
    assert [e.claim.id for e in a] == [e.claim.id for e in b]
    assert [e.verdict for e in a] == [e.verdict for e in b]
    assert [repr(e.evidence) for e in a] == [repr(e.evidence) for e in b]
    assert [e.module for e in a] == [e.module for e in b]


@pytest.fixture(scope="module")
def serial() -> list[ledger.Entry]:
    return ledger.run_ledger(only=SUBSET, jobs=1)


def test_serial_subset_covers_every_verdict_kind(serial: list[ledger.Entry]) -> None:
    assert {e.verdict for e in serial} == {"held", "proved", "refuted", "counted", "uncheckable"}
    assert all(e.ok for e in serial)


def test_process_pool_gives_the_serial_evidence(serial: list[ledger.Entry]) -> None:
    """-j 2: identical verdicts and evidence objects, in specification order."""
    _same(serial, ledger.run_ledger(only=SUBSET, jobs=2))


@pytest.mark.skipif(
    "forkserver" not in multiprocessing.get_all_start_methods(), reason="no fork server here"
)
def test_fork_server_workers_give_the_serial_evidence(monkeypatch: pytest.MonkeyPatch) -> None:
    """The start method of Python 3.12+ on Linux (preloading the modules), exercised on 3.11."""
    monkeypatch.setattr(parallel, "START_METHOD", "forkserver")
    out = run_tasks([("T-OK", HERE, 0), ("T-RAISES", HERE, 0)], jobs=2)
    assert out["T-OK"][0] == _ok(ledger.rng_for("T-OK", 0))
    assert out["T-RAISES"][0].verdict == "failed"


def test_every_evidence_type_pickles() -> None:
    """Results cross process boundaries: each frozen Evidence dataclass survives a round trip."""
    samples: list[ledger.Evidence] = [
        ledger.Proved(method="sympy", detail="d"),
        ledger.held_margin(cases=3, worst_slack=0.25, detail="d", tolerance=1e-12),
        ledger.Counted(detail="d", rows=(("n=4", 16.0, 16.0),)),
        ledger.Refuted(counterexample={"x": [1, 2.5], "y": None}, observed="o", detail="d"),
        ledger.Uncheckable(reason="a citation"),
        ledger.Open(reason="r"),
        ledger.Failed(error="e", counterexample={"a": 1}),
    ]
    kinds = {type(ev) for ev in samples}
    assert kinds == set(ledger.Evidence.__args__)  # type: ignore[attr-defined]
    for ev in samples:
        assert pickle.loads(pickle.dumps(ev)) == ev


@pytest.mark.parametrize("jobs", [1, 2], ids=["serial", "pool"])
def test_a_raising_provider_is_failed_with_its_exception(jobs: int) -> None:
    out = run_tasks([("T-RAISES", HERE, 0), ("T-OK", HERE, 0)], jobs=jobs)
    ev = out["T-RAISES"][0]
    assert isinstance(ev, ledger.Failed) and "ZeroDivisionError: boom" in ev.error
    assert out["T-OK"][0] == _ok(ledger.rng_for("T-OK", 0))


@pytest.mark.parametrize("jobs", [1, 2], ids=["serial", "pool"])
def test_timeout_turns_a_hang_into_failed(jobs: int) -> None:
    out = run_tasks([("T-HANGS", HERE, 0), ("T-OK", HERE, 0)], jobs=jobs, timeout=0.3)
    ev = out["T-HANGS"][0]
    assert isinstance(ev, ledger.Failed) and "timed out" in ev.error and "0.3 s" in ev.error
    assert out["T-OK"][0].verdict == "held"


def test_timeout_off_the_main_thread_abandons_the_provider_thread() -> None:
    """Where no alarm can be set (a Dask worker's thread), the provider runs in a helper thread."""
    box: list[ledger.Evidence] = []
    t = threading.Thread(target=lambda: box.append(evaluate_within("T-HANGS", _hangs, 0, 0.2)))
    t.start()
    t.join()
    assert isinstance(box[0], ledger.Failed) and "abandoned" in box[0].error


def test_a_dying_worker_fails_only_its_own_claim() -> None:
    """os._exit in a provider breaks the pool; the claims are re-run one by one to name it."""
    tasks = [("T-OK", HERE, 0), ("T-DIES", HERE, 0), ("T-RAISES", HERE, 0)]
    out = run_tasks(tasks, jobs=2)
    died = out["T-DIES"][0]
    assert isinstance(died, ledger.Failed) and "worker process died" in died.error
    assert out["T-OK"][0] == _ok(ledger.rng_for("T-OK", 0))
    raised = out["T-RAISES"][0]
    assert isinstance(raised, ledger.Failed) and "ZeroDivisionError" in raised.error


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-j", "0"], "0 must be >= 1"),
        (["--jobs", "x"], "invalid _positive_int value"),
        (["--timeout", "0"], "0 must be a positive number of seconds"),
        (["--timeout", "nan"], "nan must be a positive number of seconds"),
    ],
    ids=["jobs=0", "jobs=x", "timeout=0", "timeout=nan"],
)
def test_bad_ledger_arguments_exit_2(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(args)
    assert exc.value.code == 2
    assert message in capsys.readouterr().err


def test_bad_jobs_and_timeout_in_the_api() -> None:
    with pytest.raises(ValueError, match="jobs=0"):
        run_tasks([("T-OK", HERE, 0)], jobs=0)
    with pytest.raises(ValueError, match="timeout=-1"):
        evaluate_within("T-OK", _ok, 0, -1)


# --- Dask -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dask_executor() -> Iterator[Executor]:
    distributed: Any = pytest.importorskip(
        "distributed", reason="dask.distributed is not installed (the `cluster` extra)"
    )
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client.get_executor()


def test_dask_cluster_gives_the_serial_evidence(
    serial: list[ledger.Entry], dask_executor: Executor
) -> None:
    """--dask-scheduler: the same tasks on a LocalCluster's two worker processes."""
    want = [e for e in serial if e.claim.id.startswith(DASK_SUBSET)]
    assert {e.verdict for e in want} == {"held", "proved", "refuted"}
    _same(want, ledger.run_ledger(only=DASK_SUBSET, executor=dask_executor))


def test_dask_worker_turns_crash_and_hang_into_failed(dask_executor: Executor) -> None:
    tasks = [("T-RAISES", HERE, 0), ("T-HANGS", HERE, 0), ("T-OK", HERE, 0)]
    out = run_tasks(tasks, executor=dask_executor, timeout=0.3)
    raised, hung = out["T-RAISES"][0], out["T-HANGS"][0]
    assert isinstance(raised, ledger.Failed) and "ZeroDivisionError: boom" in raised.error
    assert isinstance(hung, ledger.Failed) and "timed out" in hung.error
    assert out["T-OK"][0] == _ok(ledger.rng_for("T-OK", 0))
