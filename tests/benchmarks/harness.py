"""The one benchmark harness and JSON schema (DESIGN.md, "Performance").

Every ``tests/benchmarks/bench_<name>.py`` builds a :class:`Bench`, checks each method's result
equal to the reference's (:func:`check_equal`) *before* timing it (:func:`time_callable`), adds
one :class:`Record` per (workload, size, method), and writes ``build/bench/<name>.json``::

    {
      "schema": "qah-bench/1",
      "name": "simulator",
      "commit": "0a33d9d...", "dirty": false,
      "machine": {"cores": 2, "python": "3.11.7", "numpy": "2.4.6",
                  "blas": "scipy-openblas 0.3.31", "blas_threads": {...}, ...},
      "records": [
        {"workload": "random circuits, one structure", "size": {"qubits": 12, "gates": 100},
         "method": "reference batched", "peer": "qiskit", "throughput": 5210.0,
         "unit": "circuits/s", "ratio": 3.1, "checked_equal": true,
         "seconds": {"best": 0.79, "median": 0.81, "repeats": 3}, "note": ""},
        ...
      ]
    }

``ratio`` is this record's throughput divided by the ``peer`` record's (same workload and size,
``method == peer``), measured in the same run; ``null`` when the record has no peer (or is one).
``checked_equal`` says the result was compared with the reference before timing (a peer that
could not be compared says ``false`` and why in ``note``). Results are never asserted in tests.

``counts`` (optional, default ``{}``) holds what the running code counted or allocated besides
time (parameters, peak bytes, matrix products), keyed by name.

``python tests/benchmarks/harness.py [build/bench]`` prints one table of every ratio found.
Importing the harness puts the repository root on ``sys.path``, so ``python
tests/benchmarks/bench_<name>.py`` runs from a checkout without ``PYTHONPATH``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

SCHEMA = "qah-bench/1"
ROOT = Path(__file__).resolve().parents[2]
OUT_DIR = ROOT / "build" / "bench"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
_THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "XLA_FLAGS")

Size = Mapping[str, int | float | str]


@dataclass(frozen=True, kw_only=True)
class Timing:
    """Wall-clock seconds of one call: best and median over ``repeats`` (after ``warmup``)."""

    best: float
    median: float
    repeats: int


@dataclass(frozen=True, kw_only=True)
class Record:
    """One measured method on one workload and size (see the module docstring)."""

    workload: str
    size: Mapping[str, int | float | str]
    method: str
    throughput: float
    unit: str
    checked_equal: bool
    seconds: Timing | None = None
    peer: str | None = None
    ratio: float | None = None
    note: str = ""
    counts: Mapping[str, int | float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.workload or not self.method or not self.unit:
            raise ValueError(f"workload, method and unit must be non-empty: {self!r}")
        if not (np.isfinite(self.throughput) and self.throughput > 0):
            raise ValueError(f"throughput={self.throughput} must be finite and > 0")
        if self.peer == self.method:
            raise ValueError(f"method {self.method!r} cannot be its own peer")


def time_callable(fn: Callable[[], object], *, repeat: int = 5, warmup: int = 1) -> Timing:
    """Time ``fn()``: ``warmup`` untimed calls, then ``repeat`` timed ones (best and median)."""
    if repeat < 1 or warmup < 0:
        raise ValueError(f"repeat={repeat} must be >= 1 and warmup={warmup} >= 0")
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return Timing(best=min(times), median=statistics.median(times), repeats=repeat)


def peak_bytes(fn: Callable[[], object]) -> int:
    """Peak bytes Python allocated (``tracemalloc``) during one call of ``fn()``."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def arguments(doc: str | None, *, peers: Sequence[str] = ()) -> argparse.ArgumentParser:
    """A parser whose description is the first line of ``doc``, with ``--out-dir`` (where
    :meth:`Bench.write` puts ``<name>.json``) and, given ``peers``, ``--peers`` (default: all of
    them; no value: the reference alone); each script adds its own size options."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0] if doc else None)
    ap.add_argument("--out-dir", type=Path, default=OUT_DIR)
    if peers:
        ap.add_argument("--peers", nargs="*", default=list(peers), choices=list(peers))
    return ap


def sweep(
    name: str,
    doc: str | None,
    bench: Callable[[Bench, int], None],
    *,
    option: str,
    default: Sequence[int],
    argv: list[str] | None = None,
) -> int:
    """The ``main`` of a benchmark over one integer size: parse ``--out-dir`` and ``option``
    (several sizes, ``default``), call ``bench(b, size)`` for each, write ``<name>.json``."""
    ap = arguments(doc)
    ap.add_argument(option, type=int, nargs="*", default=list(default))
    a = ap.parse_args(argv)
    b = Bench(name)
    for size in getattr(a, option.lstrip("-").replace("-", "_")):
        bench(b, size)
    b.write(a.out_dir)
    return 0


def check_equal(ours: object, theirs: object, *, atol: float, what: str, rtol: float = 0.0) -> bool:
    """Raise ``AssertionError`` naming ``what`` and the deviation unless the arrays are equal
    within ``atol + rtol |ours|``; return ``True`` (for ``Record.checked_equal``). Call it before
    timing: a method is never timed on a result that differs from the reference."""
    a = np.asarray(ours)
    b = np.asarray(theirs)
    if a.shape != b.shape:
        raise AssertionError(f"{what}: shape {b.shape} differs from the reference's {a.shape}")
    dev = float(np.max(np.abs(a - b), initial=0.0))
    allowed = atol + rtol * float(np.max(np.abs(a), initial=0.0))
    if not dev <= allowed:
        raise AssertionError(f"{what}: max |difference| {dev:.3g} > {allowed:.3g}")
    return True


def machine() -> dict[str, Any]:
    """Cores, Python, NumPy, the BLAS NumPy was built with, and the thread settings in force."""
    blas: dict[str, Any] = {}
    try:
        cfg = np.show_config(mode="dicts")
        blas = dict(cfg.get("Build Dependencies", {}).get("blas", {}))
    except (TypeError, AttributeError):  # older NumPy without mode="dicts"
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 1
    return {
        "cores": os.cpu_count() or 1,
        "usable_cores": usable,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "blas": f"{blas.get('name', 'unknown')} {blas.get('version', '')}".strip(),
        "blas_threads": {v: os.environ[v] for v in _THREAD_VARS if v in os.environ},
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
    }


def commit() -> tuple[str | None, bool]:
    """``(git HEAD, dirty)`` of the checkout, or ``(None, False)`` outside a git checkout."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None, False
    return head, bool(status.strip())


@dataclass
class Bench:
    """The records of one benchmark script; :meth:`write` fills in the ratios and saves them."""

    name: str
    records: list[Record] = field(default_factory=list)

    def add(self, record: Record) -> Record:
        self.records.append(record)
        return record

    def measure(
        self,
        fn: Callable[[], object],
        *,
        workload: str,
        size: Size,
        method: str,
        items: float,
        unit: str,
        checked_equal: bool,
        peer: str | None = None,
        repeat: int = 3,
        warmup: int = 1,
        note: str = "",
        counts: Mapping[str, int | float] | None = None,
    ) -> Record:
        """Time ``fn`` (which processes ``items`` units of work per call) and add its record."""
        t = time_callable(fn, repeat=repeat, warmup=warmup)
        return self.add(
            Record(
                workload=workload,
                size=dict(size),
                method=method,
                throughput=items / t.best,
                unit=unit,
                checked_equal=checked_equal,
                seconds=t,
                peer=peer,
                note=note,
                counts=dict(counts or {}),
            )
        )

    def measure_against(
        self,
        fn: Callable[[], object],
        ours: object,
        *,
        peers: Mapping[str, Callable[[], object]],
        atol: float,
        only: Sequence[str] | None = None,
        method: str = "reference",
        **record: Any,
    ) -> Record:
        """Time the reference ``fn`` (whose result is ``ours``) and each optional peer library of
        ``peers`` (name -> call): a peer is run once and :func:`check_equal` to ``ours`` before it
        is timed (once, no warm-up), or skipped, printed, when it is not installed (ImportError)
        or not named in ``only`` (``--peers``). The reference's ``peer`` is the first peer timed;
        ``record``: :meth:`measure`'s keywords."""
        timed = []
        for name, peer_fn in peers.items():
            if only is not None and name not in only:
                continue
            try:
                theirs = peer_fn()
            except ImportError as exc:
                print(f"{name} peer skipped: {exc}")
                continue
            equal = check_equal(ours, theirs, atol=atol, what=name)
            self.measure(peer_fn, method=name, checked_equal=equal, repeat=1, warmup=0, **record)
            timed.append(name)
        return self.measure(
            fn,
            method=method,
            peer=timed[0] if timed else None,
            checked_equal=True,
            note="the reference is the baseline of the equality checks",
            **record,
        )

    def with_ratios(self) -> list[Record]:
        """The records, each ``ratio`` = throughput / its peer's (same workload and size)."""
        key = {(r.workload, _size_key(r.size), r.method): r for r in self.records}
        out = []
        for r in self.records:
            p = key.get((r.workload, _size_key(r.size), r.peer)) if r.peer else None
            ratio = r.throughput / p.throughput if p is not None else None
            out.append(Record(**{**_fields(r), "ratio": ratio}))
        return out

    def document(self) -> dict[str, Any]:
        head, dirty = commit()
        return {
            "schema": SCHEMA,
            "name": self.name,
            "commit": head,
            "dirty": dirty,
            "machine": machine(),
            "records": [_record_json(r) for r in self.with_ratios()],
        }

    def write(self, out_dir: Path = OUT_DIR) -> Path:
        """Write ``<out_dir>/<name>.json`` (schema-checked) and print the table; return the path."""
        doc = self.document()
        problems = validate(doc)
        if problems:
            raise ValueError(f"benchmark {self.name!r} does not fit {SCHEMA}: {problems}")
        out_dir.mkdir(parents=True, exist_ok=True)
        path = out_dir / f"{self.name}.json"
        path.write_text(json.dumps(doc, indent=1) + "\n")
        print(table([doc]))
        print(f"wrote {path}")
        return path


def _fields(r: Record) -> dict[str, Any]:
    return {f: getattr(r, f) for f in r.__dataclass_fields__}


def _size_key(size: Size) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, str(v)) for k, v in size.items()))


def _record_json(r: Record) -> dict[str, Any]:
    d = _fields(r)
    d["size"] = dict(r.size)
    d["seconds"] = asdict(r.seconds) if r.seconds is not None else None
    d["counts"] = dict(r.counts)
    return d


_RECORD_TYPES: dict[str, tuple[type, ...]] = {
    "workload": (str,),
    "size": (dict,),
    "method": (str,),
    "peer": (str, type(None)),
    "throughput": (int, float),
    "unit": (str,),
    "ratio": (int, float, type(None)),
    "checked_equal": (bool,),
    "seconds": (dict, type(None)),
    "note": (str,),
}
_OPTIONAL_TYPES: dict[str, tuple[type, ...]] = {"counts": (dict,)}
_MACHINE_KEYS = ("cores", "python", "numpy", "blas")


def validate(doc: Mapping[str, Any]) -> list[str]:
    """Problems of a benchmark document against the schema (empty when it fits)."""
    out = []
    if doc.get("schema") != SCHEMA:
        out.append(f"schema={doc.get('schema')!r} must be {SCHEMA!r}")
    for key in ("name", "commit", "machine", "records"):
        if key not in doc:
            out.append(f"missing {key!r}")
    mach = doc.get("machine", {})
    out += [f"machine lacks {k!r}" for k in _MACHINE_KEYS if k not in mach]
    for i, rec in enumerate(doc.get("records", [])):
        for k, types in _RECORD_TYPES.items():
            if k not in rec:
                out.append(f"records[{i}] lacks {k!r}")
            elif not isinstance(rec[k], types):
                out.append(f"records[{i}].{k}={rec[k]!r} has type {type(rec[k]).__name__}")
        for k, types in _OPTIONAL_TYPES.items():
            if k in rec and not isinstance(rec[k], types):
                out.append(f"records[{i}].{k}={rec[k]!r} has type {type(rec[k]).__name__}")
        extra = set(rec) - set(_RECORD_TYPES) - set(_OPTIONAL_TYPES)
        if extra:
            out.append(f"records[{i}] has unknown keys {sorted(extra)}")
    return out


def table(docs: list[Mapping[str, Any]]) -> str:
    """One text table of every record of ``docs`` (benchmark, workload, size, method, ratio)."""
    rows = [("bench", "workload", "size", "method", "throughput", "peer", "ratio", "equal")]
    for doc in docs:
        for r in doc["records"]:
            size = ", ".join(f"{k}={v}" for k, v in r["size"].items())
            ratio = f"{r['ratio']:.3g}x" if r["ratio"] is not None else "-"
            tput = f"{r['throughput']:.4g} {r['unit']}"
            equal = "yes" if r["checked_equal"] else "NO"
            peer = r["peer"] or "-"
            rows.append((doc["name"], r["workload"], size, r["method"], tput, peer, ratio, equal))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print one table of every ``<dir>/*.json`` in the schema (default ``build/bench``)."""
    folder = Path((argv or sys.argv[1:] or [str(OUT_DIR)])[0])
    docs = []
    for path in sorted(folder.glob("*.json")):
        doc = json.loads(path.read_text())
        if isinstance(doc, dict) and doc.get("schema") == SCHEMA:
            docs.append(doc)
        else:
            print(f"{path.name}: not in the {SCHEMA} schema (not ported to the harness yet)")
    if docs:
        print(table(docs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
