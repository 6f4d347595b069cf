"""Record the strength of held evidence in ``proofs/expected/*.toml`` (for review, like goldens).

``python -m proofs.strength [--only PREFIX ...] [--write] [-j N]`` runs the chosen providers and,
for each ``held`` claim, prints the entry with ``min_cases`` (the cases run: evidence is
deterministic per seed, so fewer means a weaker check) and ``max_utilisation`` (the next 1-2-5
step above twice the observed utilisation, see :func:`proofs.margins.headroom`). ``--write``
rewrites those one-line entries in place; review the diff: a utilisation that grew is a numeric
regression to explain, not a number to re-record.
"""

from __future__ import annotations

import argparse
import os
import re
import sys

from proofs import margins
from proofs.ledger import EXPECTED_DIR, Held, run_ledger


def entry_line(cid: str, ev: Held) -> str:
    rec = margins.suggest(ev.cases, ev.sublaws)
    parts = ['verdict = "held"', f"min_cases = {rec['min_cases']}"]
    if "max_utilisation" in rec:
        parts.append(f"max_utilisation = {rec['max_utilisation']:g}")
    return f'"{cid}" = {{ {", ".join(parts)} }}'


def write_lines(lines: dict[str, str]) -> list[str]:
    """Replace the one-line entries of these ids in the expected files; return ids not found."""
    left = dict(lines)
    for path in sorted(EXPECTED_DIR.glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        out = []
        changed = False
        for line in text.splitlines(keepends=True):
            m = re.match(r'^"([^"]+)"\s*=', line)
            if m and m.group(1) in left and "reason" not in line:
                end = "\n" if line.endswith("\n") else ""
                new_line = left.pop(m.group(1)) + end
                changed |= new_line != line
                out.append(new_line)
            else:
                out.append(line)
        if changed:
            path.write_text("".join(out), encoding="utf-8")
    return sorted(left)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m proofs.strength", description=__doc__)
    p.add_argument("--only", nargs="*", default=[], help="claim id prefixes")
    p.add_argument("--write", action="store_true", help="rewrite the expected entries")
    p.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    a = p.parse_args(argv)
    entries = run_ledger(only=a.only, jobs=a.jobs)
    lines: dict[str, str] = {}
    for e in entries:
        if isinstance(e.evidence, Held) and e.expected == "held":
            lines[e.claim.id] = entry_line(e.claim.id, e.evidence)
            print(lines[e.claim.id])
        elif e.verdict != e.expected:
            print(
                f"# {e.claim.id}: {e.verdict}, expected {e.expected}: not recorded", file=sys.stderr
            )
    if a.write:
        missing = write_lines(lines)
        if missing:
            print(f"# not found as one-line entries: {missing}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
