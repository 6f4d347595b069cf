"""``python -m proofs``: run the claims ledger, write the report; ``python -m proofs check``.

Usage::

    python -m proofs [--only PREFIX ...] [--out DIR] [--no-plots] [--seed N] [--variant M:C]
    python -m proofs check MODULE:CALLABLE

Exit status 0 when every verdict equals the expected one (``proofs/expected/*.toml``), 1 otherwise.
``check`` exits 1 when any applicable law does not hold for the variant, 2 when the object matches
no known protocol.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from proofs.ledger import evidence_text, run_ledger
from proofs.report import DEFAULT_OUT, summary_table, write_report
from proofs.variants import families, load_object


def check_variant(spec: str) -> int:
    """Run every applicable law on the object named by ``spec``; print claim by claim."""
    obj = load_object(spec)
    fams = [f for f in families() if f.matches(obj)]
    if not fams:
        names = ", ".join(f"{f.name} ({f.description})" for f in families()) or "none defined"
        print(f"{spec}: matches no known variant protocol. Known families: {names}")
        return 2
    failed = 0
    for fam in fams:
        print(f"== {spec} as a {fam.name} variant: {fam.description}")
        for r in fam.run(obj):
            mark = "HOLDS  " if r.holds else "REFUTED"
            print(
                f"{mark} {r.claim_id}: {r.detail} [{r.cases} cases, worst slack "
                f"{r.worst_slack:.3g}]"
            )
            if not r.holds:
                failed += 1
                cx = json.dumps(r.counterexample, sort_keys=True, default=str)
                print(f"        counterexample: {cx}")
    print(f"{failed} law(s) refuted" if failed else "every applicable law holds")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    args_in = list(sys.argv[1:] if argv is None else argv)
    if args_in and args_in[0] == "check":
        p = argparse.ArgumentParser(
            prog="python -m proofs check",
            description="Check a user's variant against the papers' laws.",
        )
        p.add_argument("variant", help="MODULE:CALLABLE or path/to/file.py:CALLABLE")
        a = p.parse_args(args_in[1:])
        return check_variant(a.variant)
    p = argparse.ArgumentParser(
        prog="python -m proofs",
        description="Run the claims ledger: evaluate the evidence of every claim id, write "
        "build/verification/report.md and report.json, print the per-seed summary, and fail "
        "when any verdict differs from proofs/expected/*.toml.",
    )
    p.add_argument("--only", nargs="*", default=[], help="claim-id prefixes to run (e.g. S002-C)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help="report folder")
    p.add_argument("--no-plots", action="store_true", help="skip the matplotlib plots")
    p.add_argument("--seed", type=int, default=0, help="seed of the per-claim generators")
    p.add_argument(
        "--variant",
        action="append",
        default=[],
        help="also check MODULE:CALLABLE (same as `python -m proofs check`)",
    )
    p.add_argument("-v", "--verbose", action="store_true", help="print each claim as it runs")
    a = p.parse_args(args_in)
    entries = run_ledger(
        only=a.only, seed=a.seed, progress=(lambda s: print(s, flush=True)) if a.verbose else None
    )
    md = write_report(entries, a.out, plots=not a.no_plots)
    print(summary_table(entries))
    bad = [e for e in entries if not e.ok]
    for e in bad:
        print(
            f"UNEXPECTED {e.claim.id}: {e.verdict} (expected {e.expected}): "
            f"{evidence_text(e.evidence)}"
        )
    print(f"report: {md}")
    rc = 1 if bad else 0
    for v in a.variant:
        rc = max(rc, 1 if check_variant(v) else 0)
    return rc


if __name__ == "__main__":
    raise SystemExit(main())
