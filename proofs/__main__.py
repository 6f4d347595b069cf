"""``python -m proofs``: run the claims ledger and write the report; ``check`` a user's variant;
``explain`` one claim.

Usage::

    python -m proofs [--only PREFIX ...] [--out DIR] [--no-plots] [--seed N] [--variant M:C]
                     [-j N] [--timeout SECONDS] [--dask-scheduler ADDRESS]
    python -m proofs check MODULE:CALLABLE | path/to/file.py:CALLABLE [--json]
    python -m proofs check --list
    python -m proofs explain CLAIM_ID

The ledger exits 0 when every verdict equals the expected one (``proofs/expected/*.toml``), 1
otherwise, 2 on bad arguments (``--only`` matching no claim id). ``check`` exits 0 when every
applicable law holds, 1 when a law is refuted, 2 when the object cannot be loaded or matches no
known protocol (one line, no traceback), 3 when the variant crashed while being checked and no
law was refuted.

The providers run on ``-j N`` worker processes (default: every core; ``-j 1`` runs them one after
the other in this process, for debugging), or on a Dask cluster (``--dask-scheduler ADDRESS``);
the report is the same either way (see :mod:`proofs.parallel`).
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

from proofs.ledger import evaluate, evidence_text, load_claims, load_expected, providers, run_ledger
from proofs.parallel import default_jobs
from proofs.report import DEFAULT_OUT, summary_table, write_report
from proofs.variants import (
    EXIT_CRASHED,
    EXIT_UNLOADABLE,
    LawResult,
    VariantFamily,
    VariantLoadError,
    exit_code,
    families,
    load_object,
)

_MARK = {"holds": "HOLDS  ", "refuted": "REFUTED", "crashed": "CRASHED", "not checked": "NOT RUN"}


def _probe(fams: Sequence[VariantFamily], obj: object) -> tuple[list[VariantFamily], list[str]]:
    matched: list[VariantFamily] = []
    crashes: list[str] = []
    for fam in fams:
        try:
            if fam.matches(obj):
                matched.append(fam)
        except Exception as exc:  # a matcher must not raise; the variant may make it
            crashes.append(f"{fam.name}: {type(exc).__name__}: {exc}")
    return matched, crashes


def _run_family(fam: VariantFamily, obj: object) -> list[LawResult]:
    try:
        return list(fam.run(obj))
    except Exception as exc:
        return [
            LawResult(
                claim_id=f"({fam.name})",
                holds=False,
                cases=0,
                worst_slack=float("nan"),
                detail="the family's laws could not run",
                crashed=f"{type(exc).__name__}: {exc}",
            )
        ]


def _result_json(r: LawResult) -> dict[str, Any]:
    return {
        "claim_id": r.claim_id,
        "status": r.status,
        "cases": r.cases,
        "worst_slack": r.worst_slack,
        "detail": r.detail,
        "counterexample": r.counterexample,
        "crashed": r.crashed,
    }


def check_variant(spec: str, *, as_json: bool = False) -> int:
    """Run every applicable law on the object named by ``spec``; print claim by claim."""

    def fail(msg: str, code: int) -> int:
        if as_json:
            print(json.dumps({"variant": spec, "exit_code": code, "error": msg, "families": []}))
        else:
            print(msg)
        return code

    try:
        obj = load_object(spec)
    except VariantLoadError as exc:
        return fail(f"cannot load {spec}: {exc}", EXIT_UNLOADABLE)
    known = families()
    fams, crashes = _probe(known, obj)
    if not fams:
        names = ", ".join(f"{f.name}" for f in known) or "none defined"
        msg = f"{spec}: matches no known variant protocol (known families: {names}; see --list)"
        if crashes:
            return fail(f"{msg}; probing it raised: {'; '.join(crashes)}", EXIT_CRASHED)
        return fail(msg, EXIT_UNLOADABLE)
    report: list[dict[str, Any]] = []
    everything: list[LawResult] = []
    for fam in fams:
        results = _run_family(fam, obj)
        everything += results
        report.append({"name": fam.name, "results": [_result_json(r) for r in results]})
        if as_json:
            continue
        print(f"== {spec} as a {fam.name} variant: {fam.description}")
        for r in results:
            print(
                f"{_MARK[r.status]} {r.claim_id}: {r.detail} [{r.cases} cases, worst slack "
                f"{r.worst_slack:.3g}]"
            )
            if r.crashed is not None:
                print(f"        crashed: {r.crashed}")
            if r.status in ("refuted", "crashed") and r.counterexample is not None:
                cx = json.dumps(r.counterexample, sort_keys=True, default=str)
                print(f"        counterexample: {cx}")
    rc = exit_code(everything)
    if as_json:
        print(json.dumps({"variant": spec, "exit_code": rc, "families": report}, default=str))
    else:
        counts = {s: sum(r.status == s for r in everything) for s in _MARK}
        tally = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
        if rc == 0:
            print(f"every applicable law holds ({tally})")
        elif counts["refuted"]:
            print(f"{counts['refuted']} law(s) refuted ({tally})")
        else:
            print(f"the variant crashed while being checked; no law refuted ({tally})")
    return rc


def _list_families() -> int:
    for fam in families():
        sig = fam.signature or "(see the family's module docstring)"
        print(f"{fam.name}: {sig}\n    {fam.description}")
    return 0


def explain(claim_id: str) -> int:
    """Print one claim, its evidence and verdict (runs only that claim's provider)."""
    claims = load_claims()
    if claim_id not in claims:
        print(f"claim_id={claim_id!r} is not a registered claim id")
        return 2
    c = claims[claim_id]
    expected = load_expected().get(claim_id, "open")
    provs = providers()
    print(f"{c.id} ({c.spec} {c.section}; kind: {c.kind})\n\n{c.statement}\n")
    if claim_id not in provs:
        print(f"verdict: open (no evidence provider); expected: {expected}")
        return 0
    module, fn = provs[claim_id]
    ev = evaluate(claim_id, fn)
    print(f"evidence ({module}): {evidence_text(ev)}")
    print(f"verdict: {ev.verdict}; expected: {expected}")
    return 0 if ev.verdict == expected else 1


def _positive_int(text: str) -> int:
    n = int(text)
    if n < 1:
        raise argparse.ArgumentTypeError(f"{n} must be >= 1")
    return n


def _positive_float(text: str) -> float:
    x = float(text)
    if not x > 0 or x == float("inf"):
        raise argparse.ArgumentTypeError(f"{text} must be a positive number of seconds")
    return x


def _ledger(args_in: list[str]) -> int:
    p = argparse.ArgumentParser(
        prog="python -m proofs",
        description="Run the claims ledger: evaluate the evidence of every claim id, write "
        "build/verification/report.md and report.json, print the per-seed summary, and fail "
        "when any verdict differs from proofs/expected/*.toml.",
        epilog="Other commands: `python -m proofs check FILE.py:OBJECT [--json]` checks your "
        "variant against the papers' laws (`check --list` lists the protocols); `python -m "
        "proofs explain CLAIM_ID` prints one claim with its evidence.",
    )
    p.add_argument("--only", nargs="+", default=[], help="claim-id prefixes to run (e.g. S002-C)")
    p.add_argument("--out", type=Path, default=None, help="report folder")
    p.add_argument("--no-plots", action="store_true", help="skip the matplotlib plots")
    p.add_argument("--seed", type=int, default=0, help="seed of the per-claim generators")
    p.add_argument(
        "--variant",
        action="append",
        default=[],
        help="also check MODULE:CALLABLE (same as `python -m proofs check`)",
    )
    p.add_argument("-v", "--verbose", action="store_true", help="print each claim as it runs")
    p.add_argument(
        "-j",
        "--jobs",
        type=_positive_int,
        default=default_jobs(),
        help="worker processes for the evidence providers (default: every core, "
        f"{default_jobs()} here); 1 runs them one after the other in this process",
    )
    p.add_argument(
        "--timeout",
        type=_positive_float,
        default=None,
        metavar="SECONDS",
        help="stop a provider after SECONDS; its claim is then failed (default: no limit)",
    )
    p.add_argument(
        "--dask-scheduler",
        default=None,
        metavar="ADDRESS",
        help="run the providers on the Dask cluster at ADDRESS (tcp://host:8786) instead of "
        "local processes (needs the `cluster` extra: pip install '.[cluster]'; the scheduler "
        "and every worker must import this project, installed in the same versions)",
    )
    a = p.parse_args(args_in)
    if a.only and not any(cid.startswith(tuple(a.only)) for cid in load_claims()):
        print(f"--only {' '.join(a.only)} matches no claim id", file=sys.stderr)
        return 2
    # a partial run never overwrites the full report unless asked to
    out = a.out if a.out is not None else (DEFAULT_OUT / "only" if a.only else DEFAULT_OUT)
    progress = (lambda s: print(s, flush=True)) if a.verbose else None
    run = partial(run_ledger, only=a.only, seed=a.seed, progress=progress, timeout=a.timeout)
    if a.dask_scheduler is None:
        entries = run(jobs=a.jobs)
    else:
        try:  # the optional `cluster` extra (imported by name: the type checker may not have it)
            distributed = importlib.import_module("distributed")
        except ImportError:
            print(
                "--dask-scheduler needs dask.distributed: pip install '.[cluster]'", file=sys.stderr
            )
            return 2
        with distributed.Client(a.dask_scheduler) as client:
            entries = run(executor=client.get_executor())
    md = write_report(entries, out, plots=not a.no_plots, seed=a.seed)
    print(summary_table(entries))
    bad = [e for e in entries if not e.ok]
    for e in bad:
        if e.verdict == e.expected:
            print(f"WEAKER {e.claim.id}: {e.verdict}, but {e.weaker}: {evidence_text(e.evidence)}")
            continue
        print(
            f"UNEXPECTED {e.claim.id}: {e.verdict} (expected {e.expected}): "
            f"{evidence_text(e.evidence)}"
        )
    print(f"report: {md}")
    rc = 1 if bad else 0
    for v in a.variant:
        rc = max(rc, 1 if check_variant(v) else 0)
    return rc


def main(argv: list[str] | None = None) -> int:
    args_in = list(sys.argv[1:] if argv is None else argv)
    if args_in and args_in[0] == "check":
        p = argparse.ArgumentParser(
            prog="python -m proofs check",
            description="Check a user's variant against the papers' laws. Exit 0: every "
            "applicable law holds; 1: a law is refuted; 2: cannot load / no protocol; 3: the "
            "variant crashed while checked and no law was refuted.",
        )
        p.add_argument("variant", nargs="?", help="MODULE:CALLABLE or path/to/file.py:CALLABLE")
        p.add_argument("--json", action="store_true", help="print a machine-readable result")
        p.add_argument("--list", action="store_true", help="list every family and its protocol")
        a = p.parse_args(args_in[1:])
        if a.list:
            return _list_families()
        if a.variant is None:
            p.error("give MODULE:CALLABLE (or --list)")
        return check_variant(a.variant, as_json=a.json)
    if args_in and args_in[0] == "explain":
        p = argparse.ArgumentParser(prog="python -m proofs explain")
        p.add_argument("claim_id")
        return explain(p.parse_args(args_in[1:]).claim_id)
    return _ledger(args_in)


if __name__ == "__main__":
    raise SystemExit(main())
