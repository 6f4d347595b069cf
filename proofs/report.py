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


TITLES = {
    "H-CORE": "Circuit core and simulator (project claims)",
    "H-EST": "Hardware estimators (project claims)",
    "S001": "Seed 001: entanglement-based attention",
    "S002": "Seed 002: Grover sparse attention",
    "SUR-CORR": "Survey: corrections to the seed documents",
    "SUR-TSA": "Survey: tensorized spectral attention (TSA)",
    "SUR-MTSA": "Survey: multi-mask tensorized self-attention (MTSA)",
    "SUR-MPS": "Survey: MPS attention",
    "SUR-QCSAM": "Survey: quantum complex-valued self-attention (QCSAM)",
    "SUR-QMSAN": "Survey: quantum mixed-state self-attention (QMSAN)",
    "SUR-QEDFM": "Survey: QEDFM",
    "SUR-QAMA": "Survey: QAMA (attention as a QUBO / Ising problem)",
    "SUR-QASA": "Survey: QASA (quantum adaptive self-attention)",
    "SUR-QISA": "Survey: QISA / QITSA",
    "SUR-GROQ": "Survey: GroQ-RAG",
}
"""Section titles of the report, by claim family."""

LEGEND = (
    "| mark | meaning |",
    "|---|---|",
    "| proved | a general symbolic proof (SymPy) of the statement as stated |",
    "| held | a property held on every generated case; the evidence says which cases and, per "
    "sub-law, the case count and the utilisation = worst deviation / tolerance derived from "
    "the maths (0 exact, 1 at the bound), or `k of k true` for a yes/no sub-check; an "
    "*unstructured margin* is a law not yet split into sub-laws (no utilisation) |",
    "| counted | an operation / query / memory count produced by the running code, compared "
    "with the stated complexity |",
    "| refuted | the claim as stated is false: a stored minimal counterexample, re-checked at "
    "this run (`proofs/counterexamples/<id>.json`) |",
    "| uncheckable | no computation can decide it (a citation, an attribution); shown apart, "
    "never counted as coverage |",
    "| open | not encoded yet (the reason is given) |",
    "| failed | the evidence itself broke (an exception, or a violated property expected to "
    "hold) |",
    "| **UNEXPECTED** | the verdict differs from `proofs/expected/*.toml`; `python -m proofs` "
    "fails |",
    "| **WEAKER** | the verdict is as expected but the evidence ran fewer cases or used more of "
    "its tolerance than `proofs/expected/*.toml` records (`min_cases`, `max_utilisation`); "
    "`python -m proofs` fails |",
)


def provenance(seed: int = 0) -> dict[str, str]:
    """Commit, date, seed and package versions of this run (for the report's header)."""
    import datetime
    import platform
    import subprocess
    from importlib import metadata

    here = Path(__file__).resolve().parent
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=here,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    out = {
        "commit": commit or "unknown (not a git checkout)",
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "seed": str(seed),
        "python": platform.python_version(),
    }
    for pkg in ("numpy", "scipy", "sympy", "hypothesis", "quantum-attention-harness"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def _row(e: Entry) -> str:
    if e.ok:
        v: str = e.verdict
    elif e.verdict == e.expected:
        v = f"**WEAKER {e.verdict}** ({e.weaker})"
    else:
        v = f"**UNEXPECTED {e.verdict}** (expected {e.expected})"
    return (
        f"| {e.claim.id} | {v} | {_cell(e.claim.statement, 240)} | "
        f"{_cell(evidence_text(e.evidence))} |"
    )


_HEAD = ("| id | verdict | claim | evidence |", "|---|---|---|---|")


def write_report(
    entries: Sequence[Entry], out: Path = DEFAULT_OUT, *, plots: bool = True, seed: int = 0
) -> Path:
    """Write ``report.md`` and ``report.json`` into ``out``; returns the Markdown path.

    Layout: provenance, legend, summary, the refuted claims (the headline), the uncheckable
    claims apart, then one titled section per claim family with the claim text before its
    evidence. Counterexamples are whole in ``report.json`` and cut in the Markdown.
    """
    out.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    note = "plots not requested"
    if plots:
        files, note = draw_plots(out)
    prov = provenance(seed)
    lines = [
        "# Verification report",
        "",
        "Provenance: " + "; ".join(f"{k} {v}" for k, v in prov.items()) + ".",
        "",
        "Every claim id of the specification with its verdict and evidence. Counterexamples and "
        "evidence are whole in `report.json`; cells here are cut at 400 characters.",
        "",
        *LEGEND,
        "",
        "## Summary",
        "",
        summary_table(entries),
        "",
    ]
    bad = [e for e in entries if not e.ok]
    if bad:
        lines += ["## UNEXPECTED verdicts", "", *_HEAD, *map(_row, bad), ""]
    refuted = [e for e in entries if e.verdict == "refuted"]
    lines += [
        "## Refuted claims",
        "",
        "The papers' mistakes, each with a stored minimal counterexample re-checked at this run.",
        "",
        *_HEAD,
        *map(_row, refuted),
        "",
    ]
    unch = [e for e in entries if e.verdict == "uncheckable"]
    if unch:
        lines += ["## Uncheckable claims (not coverage)", "", *_HEAD, *map(_row, unch), ""]
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
        lines += [f"## {TITLES.get(fam, fam)} (`{fam}`)", "", *_HEAD, *map(_row, es), ""]
    md = out / "report.md"
    md.write_text("\n".join(lines), encoding="utf-8")
    data = to_json(entries)
    data["plots"] = [f.name for f in files]
    data["provenance"] = prov
    (out / "report.json").write_text(json.dumps(data, indent=1, default=str), encoding="utf-8")
    return md
