"""The claims ledger: registry completeness, expected verdicts, refutation machinery."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from proofs import ledger
from proofs.claims_extract import extract
from proofs.report import write_report

REPO = Path(__file__).resolve().parents[1]


def _shared_claims() -> Path | None:
    for base in (REPO.parent, REPO.parent.parent):
        p = base / "shared" / "claims"
        if p.is_dir():
            return p
    return None


def test_every_specification_claim_id_is_registered() -> None:
    """Every id of the claims/ specification appears in proofs/data/claims.json, and vice versa."""
    folder = _shared_claims()
    if folder is None:
        pytest.skip("the claims/ specification folder is not beside this clone")
    fresh = [c["id"] for c in extract(folder)]
    registered = list(ledger.load_claims())
    assert fresh == registered


def test_claim_ids_unique_and_families_known() -> None:
    claims = ledger.load_claims()
    fams = {c.family for c in claims.values()}
    assert {"H-CORE", "S001", "S002", "SUR-QAMA", "SUR-GROQ"} <= fams


def test_expected_verdicts_refer_to_known_claims_and_providers() -> None:
    claims = ledger.load_claims()
    expected = ledger.load_expected()
    provs = ledger.providers()
    assert set(expected) <= set(claims)
    # a claim expected to have evidence must have a provider (a provider may still answer Open,
    # with its reason, when the claim cannot be checked by computation; its expectation is then
    # "open" and test_verdict_equals_expected holds it to that)
    assert {c for c, v in expected.items() if v != "open"} <= set(provs)


@pytest.mark.parametrize("claim_id", sorted(ledger.providers()))
def test_verdict_equals_expected(claim_id: str) -> None:
    """Each encoded claim gets exactly its expected verdict (the ledger, one test per id)."""
    _, fn = ledger.providers()[claim_id]
    ev = ledger.evaluate(claim_id, fn)
    want = ledger.load_expected()[claim_id]
    assert ev.verdict == want, ledger.evidence_text(ev)
    if isinstance(ev, ledger.Held):
        # issue 10 C: every held claim reports named sub-laws (no unstructured float margin)
        # and its expected entry records the strength the gate holds it to
        legacy = [s.name for s in ev.sublaws if s.kind == "margin"]
        assert not legacy, f"{claim_id}: unstructured margin sub-law(s) {legacy}"
        strength = ledger.load_expected_strength().get(claim_id)
        assert strength is not None and strength.min_cases is not None, (
            f"{claim_id}: no min_cases recorded (python -m proofs.strength --only {claim_id})"
        )
        if ev.utilisation is not None:
            assert strength.max_utilisation is not None, f"{claim_id}: no max_utilisation"
        weaker = strength.problem(ev.cases, ev.utilisation)
        assert weaker is None, f"{claim_id}: {weaker}"


def test_held_or_failed_reports_the_worst_case() -> None:
    ok = ledger.held_or_failed([(0.5, {"a": 1}), (0.1, {"a": 2})], detail="d")
    assert isinstance(ok, ledger.Held) and ok.cases == 2
    (sub,) = ok.sublaws
    assert sub.kind == "margin" and sub.worst_deviation == -0.1 and sub.utilisation is None
    bad = ledger.held_or_failed([(0.5, {"a": 1}), (-0.2, {"a": 2})], detail="d")
    assert isinstance(bad, ledger.Failed) and bad.counterexample == {"a": 2}
    assert isinstance(ledger.held_or_failed([], detail="d"), ledger.Failed)


def test_a_raising_provider_is_failed_not_crashed() -> None:
    def boom(rng: np.random.Generator) -> ledger.Evidence:
        raise ZeroDivisionError("x")

    ev = ledger.evaluate("H-CORE-01", boom)
    assert isinstance(ev, ledger.Failed) and "ZeroDivisionError" in ev.error


def test_rng_per_claim_is_deterministic() -> None:
    a = ledger.rng_for("S002-C16").random(3)
    b = ledger.rng_for("S002-C16").random(3)
    c = ledger.rng_for("S002-C17").random(3)
    assert np.array_equal(a, b) and not np.array_equal(a, c)


def test_report_lists_every_claim(tmp_path: Path) -> None:
    entries = ledger.run_ledger(only=["H-CORE"])
    md = write_report(entries, tmp_path, plots=False)
    text = md.read_text()
    data = json.loads((tmp_path / "report.json").read_text())
    assert all(e.claim.id in text for e in entries)
    assert len(data["claims"]) == len(entries)
    assert data["summary"]["H-CORE"]["held"] == 10


def test_cli_fails_on_unexpected_verdict(tmp_path: Path) -> None:
    """`python -m proofs` exits 1 when a verdict differs from the expectation."""
    env_dir = tmp_path / "proofs_copy"
    import shutil

    shutil.copytree(REPO / "proofs", env_dir / "proofs")
    shutil.copytree(REPO / "reference", env_dir / "reference")
    shutil.copytree(REPO / "properties", env_dir / "properties")
    core = env_dir / "proofs" / "expected" / "core.toml"
    text = core.read_text()
    # the entry may be a bare verdict or a table with min_cases / max_utilisation
    edited = re.sub(r'^"H-CORE-01" = .*$', '"H-CORE-01" = "refuted"', text, flags=re.M)
    assert edited != text
    core.write_text(edited)
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "proofs",
            "--only",
            "H-CORE-01",
            "--no-plots",
            "--out",
            str(tmp_path / "out"),
        ],
        cwd=env_dir,
        capture_output=True,
        text=True,
        check=False,
    )
    assert r.returncode == 1
    assert "UNEXPECTED H-CORE-01: held (expected refuted)" in r.stdout


def test_every_claim_id_is_listed_in_an_expected_file() -> None:
    """An unlisted id is an error (a provider deleted with its expected line cannot vanish)."""
    assert ledger.unlisted_claims() == []


def test_open_and_uncheckable_need_a_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "x.toml").write_text('[verdicts]\n"S002-C40" = "open"\n', encoding="utf-8")
    monkeypatch.setattr(ledger, "EXPECTED_DIR", tmp_path)
    with pytest.raises(ValueError, match="S002-C40 is expected open; give its reason"):
        ledger.load_expected()
    (tmp_path / "x.toml").write_text(
        '[verdicts]\n"S002-C40" = { verdict = "uncheckable", reason = "a citation" }\n',
        encoding="utf-8",
    )
    assert ledger.load_expected_reasons() == {"S002-C40": ("uncheckable", "a citation")}


def test_unlisted_claim_stops_the_ledger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "x.toml").write_text('[verdicts]\n"H-CORE-01" = "held"\n', encoding="utf-8")
    monkeypatch.setattr(ledger, "EXPECTED_DIR", tmp_path)
    with pytest.raises(ValueError, match="no expected verdict"):
        ledger.run_ledger(only=["H-CORE-01"])


def test_ledger_runs_without_the_test_dependencies() -> None:
    """The installed wheel has numpy, scipy and sympy only: no evidence module may import
    hypothesis or pytest (directly or through a strategies module)."""
    code = (
        "import sys\n"
        "sys.modules['hypothesis'] = None\n"
        "sys.modules['pytest'] = None\n"
        "from proofs import ledger\n"
        "print(len(ledger.providers()))\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert r.returncode == 0, r.stderr[-2000:]
    assert int(r.stdout.strip()) == len(ledger.load_claims())
