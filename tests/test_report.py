"""The report: legend, provenance, refuted claims first, uncheckable apart, titled sections."""

from __future__ import annotations

import json
from pathlib import Path

from proofs.ledger import Claim, Entry, Held, Refuted, Uncheckable, held_margin
from proofs.report import LEGEND, write_report


def _entry(cid: str, ev: Held | Refuted | Uncheckable, expected: str) -> Entry:
    claim = Claim(
        id=cid, seed="s", spec="spec.md", section="§1", statement=f"statement of {cid}", kind="p"
    )
    return Entry(claim=claim, evidence=ev, expected=expected, module="m", seconds=0.0)  # type: ignore[arg-type]


def test_report_layout(tmp_path: Path) -> None:
    big = {"x": list(range(500))}
    entries = [
        _entry("S002-C01", held_margin(cases=7, worst_slack=0.5, detail="d"), "held"),
        _entry("S002-C02", Refuted(counterexample=big, observed="differs"), "refuted"),
        _entry("SUR-CORR-09", Uncheckable(reason="a citation"), "uncheckable"),
    ]
    md = write_report(entries, tmp_path, plots=False, seed=3).read_text()
    for row in LEGEND[2:]:
        assert row in md
    assert "Provenance: commit" in md and "seed 3" in md
    # the refuted claim is the headline: its section precedes the per-family sections
    assert md.index("## Refuted claims") < md.index("## Seed 002: Grover sparse attention")
    assert md.index("## Uncheckable claims") < md.index("## Seed 002")
    # the claim text comes before its evidence in each row
    row = next(line for line in md.splitlines() if line.startswith("| S002-C01 |"))
    assert row.index("statement of S002-C01") < row.index("held on 7 cases")
    data = json.loads((tmp_path / "report.json").read_text())
    cx = next(c for c in data["claims"] if c["id"] == "S002-C02")["evidence"]["counterexample"]
    assert cx == big  # whole in the JSON, cut in the Markdown
    assert "numpy" in data["provenance"]
