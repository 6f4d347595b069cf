"""The variant checker treats a user's code as untrusted input (DESIGN.md, "Variants").

Exit codes of ``python -m proofs check``: 0 every applicable law holds, 1 a law is refuted, 2 the
object cannot be loaded or matches no protocol (one line, no traceback), 3 the variant crashed
while checked and no law was refuted. A law run on 0 cases is "not checked"; a NaN slack is a
refutation. These tests use synthetic families so they check the framework, not a family.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path

import pytest

import proofs.__main__ as cli
from proofs.variants import LawResult, VariantFamily, exit_code

REPO = Path(__file__).resolve().parents[1]


def _law(status: str) -> LawResult:
    base = {"claim_id": "X-01", "detail": "synthetic", "cases": 5, "worst_slack": 0.1}
    if status == "holds":
        return LawResult(holds=True, **base)  # type: ignore[arg-type]
    if status == "refuted":
        return LawResult(holds=False, **base | {"worst_slack": -1.0})  # type: ignore[arg-type]
    if status == "nan":
        return LawResult(holds=True, **base | {"worst_slack": float("nan")})  # type: ignore[arg-type]
    if status == "empty":
        return LawResult(holds=True, **base | {"cases": 0})  # type: ignore[arg-type]
    return LawResult(holds=False, crashed="ZeroDivisionError: boom", **base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("statuses", "code"),
    [
        (["holds", "holds"], 0),
        (["holds", "refuted"], 1),
        (["holds", "nan"], 1),
        (["crashed", "holds"], 3),
        (["crashed", "refuted"], 1),
        (["empty"], 3),
        (["empty", "holds"], 0),
    ],
)
def test_exit_code_rules(statuses: list[str], code: int) -> None:
    results = [_law(s) for s in statuses]
    assert exit_code(results) == code
    if "nan" in statuses:
        assert results[statuses.index("nan")].status == "refuted"
    if "empty" in statuses:
        assert results[statuses.index("empty")].status == "not checked"


def _family(run: object, matches: object = lambda obj: callable(obj)) -> VariantFamily:
    return VariantFamily(
        name="synthetic",
        description="synthetic family for the checker's own tests",
        matches=matches,  # type: ignore[arg-type]
        run=run,  # type: ignore[arg-type]
        signature="f(x) -> float",
    )


def _with_families(monkeypatch: pytest.MonkeyPatch, fams: Sequence[VariantFamily]) -> None:
    monkeypatch.setattr(cli, "families", lambda: list(fams))


def _write(tmp_path: Path, name: str, body: str) -> Path:
    p = tmp_path / name
    p.write_text(textwrap.dedent(body), encoding="utf-8")
    return p


def test_family_run_raising_is_reported_as_crashed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def run(obj: object) -> list[LawResult]:
        obj()  # type: ignore[operator]
        return [_law("holds")]

    _with_families(monkeypatch, [_family(run)])
    f = _write(tmp_path, "v.py", "def bad():\n    raise RuntimeError('variant exploded')\n")
    assert cli.check_variant(f"{f}:bad") == 3
    out = capsys.readouterr().out
    assert "CRASHED" in out
    assert "RuntimeError: variant exploded" in out


@pytest.mark.parametrize(
    ("body", "attr", "needle"),
    [
        ("x = 1\n", "missing", "has no attribute 'missing'"),
        ("def f(:\n", "f", "SyntaxError"),
        ("raise ImportError('no such dependency')\n", "f", "ImportError: no such dependency"),
    ],
    ids=["missing-attribute", "syntax-error", "import-raises"],
)
def test_unloadable_variant_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, attr: str, needle: str
) -> None:
    f = _write(tmp_path, "v.py", body)
    assert cli.check_variant(f"{f}:{attr}") == 2
    out = capsys.readouterr().out.strip()
    assert needle in out
    assert "Traceback" not in out
    assert len(out.splitlines()) == 1


def test_missing_file_and_bad_spec_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.check_variant("/nonexistent/dir/v.py:f") == 2
    assert cli.check_variant("no_colon_here") == 2
    assert "MODULE:CALLABLE" in capsys.readouterr().out


def test_no_protocol_exits_2(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _with_families(monkeypatch, [_family(lambda obj: [_law("holds")])])
    f = _write(tmp_path, "v.py", "NOT_CALLABLE = 3\n")
    assert cli.check_variant(f"{f}:NOT_CALLABLE") == 2


def test_a_file_named_like_a_project_package_does_not_replace_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import reference

    _with_families(monkeypatch, [_family(lambda obj: [_law("holds")])])
    f = _write(tmp_path, "reference.py", "def f():\n    return 1.0\n")
    assert cli.check_variant(f"{f}:f") == 0
    assert sys.modules["reference"] is reference


def test_a_variant_can_import_its_sibling(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _with_families(monkeypatch, [_family(lambda obj: [_law("holds")] if obj() == 2 else [])])
    _write(tmp_path, "helper_mod_qah.py", "TWO = 2\n")
    f = _write(tmp_path, "v.py", "from helper_mod_qah import TWO\ndef f():\n    return TWO\n")
    assert cli.check_variant(f"{f}:f") == 0


def test_json_output_is_machine_readable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _with_families(monkeypatch, [_family(lambda obj: [_law("holds"), _law("refuted")])])
    f = _write(tmp_path, "v.py", "def f():\n    return 1.0\n")
    assert cli.check_variant(f"{f}:f", as_json=True) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["exit_code"] == 1
    assert [r["status"] for r in data["families"][0]["results"]] == ["holds", "refuted"]


def test_list_shows_every_real_family_with_its_protocol(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["check", "--list"]) == 0
    out = capsys.readouterr().out
    from proofs.variants import families

    for fam in families():
        assert fam.name in out


def test_only_without_a_match_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--only", "NO-SUCH-PREFIX", "--no-plots"]) == 2
    assert "matches no claim id" in capsys.readouterr().err


def test_help_mentions_check_and_explain() -> None:
    r = subprocess.run(
        [sys.executable, "-m", "proofs", "--help"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "proofs check" in r.stdout
    assert "explain" in r.stdout


def test_explain_prints_claim_evidence_and_verdict(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["explain", "H-CORE-09"]) == 0
    out = capsys.readouterr().out
    assert "H-CORE-09" in out
    assert "verdict:" in out
    assert cli.main(["explain", "NOPE-01"]) == 2
