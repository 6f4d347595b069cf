"""Sessions of the verification harness. ``nox -s verify`` is the main job.

Every session installs what it needs into its own virtual environment made from the interpreter
that runs nox (any supported Python >= 3.11; ``nox --force-python 3.13`` picks another one), so a
fresh machine with Python and nox is enough. Positional arguments after ``--`` are passed through.
Tests run in parallel on every core (pytest-xdist, ``-n auto``; pass ``-- -n 0`` for one process).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import nox

nox.options.sessions = ["verify"]
# Sessions name no interpreter (python=None: the one running nox), so nothing is "missing" by
# default; when one is asked for (``--force-python 3.13``) and absent, that is an error, not a skip.
nox.options.error_on_missing_interpreters = True

PY: str | None = None
ROOT = Path(__file__).parent
TEST_ENV = {"HYPOTHESIS_PROFILE": os.environ.get("HYPOTHESIS_PROFILE", "ci")}


def _pytest(session: nox.Session, *args: str) -> None:
    """pytest on every core (``-n auto``); a later ``-n`` in ``args`` overrides it."""
    session.run("python", "-m", "pytest", "-n", "auto", *args, env=TEST_ENV)


@nox.session(python=PY)
def tests(session: nox.Session) -> None:
    """Unit tests, Hypothesis properties (ci profile: derandomized), doctests and the ledger tests.

    Interop tests against external toolchains skip here (they run in ``interop``). The ``cluster``
    extra (Dask, a few pure-Python wheels) is installed so the ledger's Dask executor is tested.
    """
    session.install("-e", ".[test,report,export,cluster]")
    _pytest(session, *(session.posargs or ["-q"]))


@nox.session(python=PY)
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check."""
    session.install("-e", ".[dev]")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=PY)
def typecheck(session: nox.Session) -> None:
    """mypy --strict on reference, qasm and proofs."""
    session.install("-e", ".[dev,export]")
    session.run("mypy", "--strict", "reference", "qasm", "proofs")


@nox.session(python=PY)
def verify(session: nox.Session) -> None:
    """The main job: lint + typecheck + tests + the claims ledger report.

    Writes build/verification/report.md and report.json (with plots) and fails when any claim's
    verdict differs from proofs/expected/*.toml. ``nox -s verify -- --variant MODULE:CALLABLE``
    also checks a user's variant against the papers' laws; ``-- -j N`` / ``--timeout SECONDS`` /
    ``--dask-scheduler ADDRESS`` choose where the ledger's providers run (default: every core).
    """
    session.install("-e", ".[test,dev,report,export,cluster]")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy", "--strict", "reference", "qasm", "proofs")
    if os.environ.get("QAH_SUITE_RAN") == "1":
        # `.ci/run` runs the README test command (the same suite, same checkout, same Python)
        # first and sets this, so CI runs the suite once; never set it by hand
        session.log("tests: NOT run here (QAH_SUITE_RAN=1: .ci/run ran `nox -s tests` first)")
    else:
        _pytest(session, "-q")  # the same run as ``nox -s tests``
    # passed on to `python -m proofs`: --variant M:C, -j N (default: every core), --timeout S,
    # --dask-scheduler ADDRESS (needs the `cluster` extra)
    passed = ("--variant", "-j", "--jobs", "--timeout", "--dask-scheduler")
    ledger: list[str] = []
    args = list(session.posargs)
    while args:
        a = args.pop(0)
        if a in passed and args:
            ledger += [a, args.pop(0)]
        elif a.startswith(tuple(f"{o}=" for o in passed if o.startswith("--"))):
            ledger += a.split("=", 1)
        else:
            session.error(f"verify: unknown argument {a!r} (only {', '.join(passed)}, each VALUE)")
    session.run("python", "-m", "proofs", *ledger)


@nox.session(python=PY, default=False)
def package(session: nox.Session) -> None:
    """Build the wheel and run it from a non-editable install outside the checkout.

    The wheel goes into a fresh virtual environment in a temporary folder, and the commands run
    from that folder, so nothing is imported from the source tree: every subpackage and data
    file must be in the wheel. Runs ``python -m qasm list``, ``python -m proofs check --list``
    and the ``H-CORE`` part of the ledger (which imports the laws of ``properties``).
    """
    session.install("pip")
    # setuptools builds in build/lib and never deletes from it: a module moved or removed since
    # the last build would ship in the wheel, so start from a clean build folder
    shutil.rmtree(ROOT / "build" / "lib", ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="qah-wheel-") as tmp:
        out = Path(tmp)
        session.run("python", "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT))
        (wheel,) = out.glob("*.whl")
        session.run("python", "-m", "venv", str(out / "venv"))
        py = str(out / "venv" / ("Scripts" if os.name == "nt" else "bin") / "python")
        session.run(py, "-m", "pip", "install", "-q", str(wheel), external=True)
        session.chdir(out)
        session.run(py, "-m", "qasm", "list", external=True)
        session.run(py, "-m", "proofs", "check", "--list", external=True)
        ledger = ("--only", "H-CORE", "--no-plots", "--out", str(out / "ledger"))
        session.run(py, "-m", "proofs", *ledger, external=True)
        session.chdir(ROOT)


@nox.session(python=PY)
def interop(session: nox.Session) -> None:
    """Exported OpenQASM 3 / QIR against Qiskit + Aer, Braket, pyqasm, qirrunner and qdk.

    A missing toolchain is a failure here (QAH_REQUIRE_INTEROP=1), never a skip.
    """
    session.install("-e", ".[test,export,interop]")
    env = TEST_ENV | {"QAH_REQUIRE_INTEROP": "1", "QDK_PYTHON_TELEMETRY": "none"}
    session.run(
        "python",
        "-m",
        "pytest",
        "-q",
        "-n",
        "auto",
        "-m",
        "interop",
        "tests/interop",
        "tests/test_qasm_cli.py",
        *session.posargs,
        env=env,
    )


@nox.session(name="regen-golden", python=PY, default=False)
def regen_golden(session: nox.Session) -> None:
    """Rewrite the golden OpenQASM 3 / QIR files under tests/golden (review the diff!)."""
    session.install("-e", ".[export]")
    session.run("python", "tests/golden/regen.py", *session.posargs)


@nox.session(python=PY, default=False)
def bench(session: nox.Session) -> None:
    """Benchmarks against the libraries a user would otherwise pick (ratios in one run).

    Runs every tests/benchmarks/bench_*.py (or the names given: ``nox -s bench -- simulator``),
    each writing build/bench/<name>.json in the one schema of tests/benchmarks/harness.py, then
    prints one table of the ratios against the peers. Never part of the test run.
    """
    session.install("-e", ".[bench,export]")
    names = session.posargs or sorted(
        p.stem.removeprefix("bench_") for p in (ROOT / "tests" / "benchmarks").glob("bench_*.py")
    )
    # one BLAS thread for every library: idle OpenBLAS threads spinning after a NumPy call starve
    # the JAX/TensorCircuit peer on 2 cores (measured 1,350 -> 220 pairs/s)
    env = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    for name in names:
        session.run("python", f"tests/benchmarks/bench_{name}.py", env=env)
    # one table of every ratio, from the JSON files in the schema of tests/benchmarks/harness.py
    session.run("python", "tests/benchmarks/harness.py", str(ROOT / "build" / "bench"))


@nox.session(python=PY, default=False)
def reproduce(session: nox.Session) -> None:
    """Seed-001 reproduction (issue 15): train every model x task x seed, write
    build/reproduction/report.md, plots and the raw per-seed JSON. Opt-in, never part of verify.

    Arguments go to ``python -m proofs.reproduce``: ``--smoke`` (2 seeds x 2 epochs), ``--store``
    (write the results the ledger decides S001-E01..E06 from into proofs/data/reproduction),
    ``--models ...``, ``--tasks ...``, ``--seeds N``, ``--epochs N``, ``--batch-size N``.
    """
    session.install("-e", ".[test,report]")
    env = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    session.run("python", "-m", "proofs.reproduce", *session.posargs, env=env)
