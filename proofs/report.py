"""Verification report: ``build/verification/report.md`` + ``report.json`` (+ plots)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from proofs.ledger import VERDICTS, Entry, discover_registries, evidence_text, summary, to_json

DEFAULT_OUT = Path("build") / "verification"
_COLS = ("proved", "held", "counted", "refuted", "uncheckable", "open", "failed")


def summary_table(entries: Sequence[Entry]) -> str:
    """Per-family counts as a Markdown table (also printed by ``python -m proofs``)."""
    s = summary(entries)
    lines = [
        "| family | " + " | ".join(_COLS) + " | total | unexpected |",
        "|---|" + "---:|" * (len(_COLS) + 2),
    ]
    tot = {k: 0 for k in (*VERDICTS, "total", "mismatch")}
    for fam, row in s.items():
        lines.append(
            f"| {fam} | "
            + " | ".join(str(row[c]) for c in _COLS)
            + f" | {row['total']} | {row['mismatch']} |"
        )
        for k in tot:
            tot[k] += row[k]
    lines.append(
        "| **all** | "
        + " | ".join(f"**{tot[c]}**" for c in _COLS)
        + f" | **{tot['total']}** | **{tot['mismatch']}** |"
    )
    return "\n".join(lines)


def _cell(text: str, limit: int = 400) -> str:
    t = text.replace("|", "\\|").replace("\n", " ")
    return t if len(t) <= limit else t[: limit - 3] + "..."


def draw_plots(out: Path) -> tuple[list[Path], str]:
    """Run every registered plot function; returns the files and a note on what was skipped."""
    try:
        import matplotlib

        matplotlib.use("Agg")
    except ImportError:
        return [], "plots skipped: matplotlib is not installed (install the `report` extra)"
    files: list[Path] = []
    for _, reg in discover_registries():
        for fn in reg.plots:
            files.extend(fn(out))
    return files, ""


def write_report(entries: Sequence[Entry], out: Path = DEFAULT_OUT, *, plots: bool = True) -> Path:
    """Write ``report.md`` and ``report.json`` into ``out``; returns the Markdown path."""
    out.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    note = "plots not requested"
    if plots:
        files, note = draw_plots(out)
    lines = [
        "# Verification report",
        "",
        "Every claim id of the specification with its verdict. *proved*: SymPy proof or exhaustive "
        "check; *held*: a property held on every generated case (worst slack shown); *counted*: "
        "measured counts match the stated complexity; *refuted*: a stored minimal counterexample "
        "re-checked at this run; *open*: not encoded yet; *failed*: the evidence broke.",
        "A verdict that differs from `proofs/expected/*.toml` is marked **UNEXPECTED** and fails "
        "`python -m proofs`.",
        "",
        "## Summary",
        "",
        summary_table(entries),
        "",
    ]
    if files:
        lines += ["## Plots", ""]
        lines += [f"![{f.stem}]({f.name})" for f in files]
        lines.append("")
    elif note:
        lines += [f"_{note}_", ""]
    fams: dict[str, list[Entry]] = {}
    for e in entries:
        fams.setdefault(e.claim.family, []).append(e)
    for fam, es in fams.items():
        lines += [f"## {fam}", "", "| id | verdict | evidence | claim |", "|---|---|---|---|"]
        for e in es:
            v = e.verdict if e.ok else f"**UNEXPECTED {e.verdict}** (expected {e.expected})"
            lines.append(
                f"| {e.claim.id} | {v} | {_cell(evidence_text(e.evidence))} | "
                f"{_cell(e.claim.statement, 240)} |"
            )
        lines.append("")
    md = out / "report.md"
    md.write_text("\n".join(lines), encoding="utf-8")
    data = to_json(entries)
    data["plots"] = [f.name for f in files]
    (out / "report.json").write_text(json.dumps(data, indent=1, default=str), encoding="utf-8")
    return md
