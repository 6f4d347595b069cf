"""Outcomes, sub-law margins and the strength gate of held claims (issue 10, section C)."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from proofs import ledger, margins
from proofs.margins import Strength
from properties import outcome as oc


def test_check_utilisation_and_slack() -> None:
    c = oc.Check("eq", 2e-16, 1e-15)
    assert c.holds and c.utilisation == pytest.approx(0.2) and c.slack == pytest.approx(8e-16)
    assert oc.Check("inside", -0.5, 1e-15).utilisation == 0.0
    assert oc.Check("exact int", 0.0, 0.0).utilisation == 0.0
    broken = oc.Check("over", 2e-15, 1e-15)
    assert not broken.holds and broken.utilisation == math.inf
    assert not oc.Check("nan", math.nan, 1.0).holds
    assert oc.true("shape", True).holds and not oc.true("shape", False).holds
    with pytest.raises(ValueError, match="tolerance"):
        oc.Check("neg", 0.0, -1.0)


def test_constructors() -> None:
    assert oc.close("v", [1.0, 2.0], [1.0, 2.0 + 1e-12], 1e-11).holds
    assert not oc.close("v", [1.0, 2.0], [1.0, 2.0 + 1e-10], 1e-11).holds
    assert not oc.close("v", [1.0], [1.0, 2.0], 1.0).holds  # shape mismatch is a failure
    assert not oc.close("v", [math.nan], [1.0], 1.0).holds
    assert oc.at_most("p", [0.2, 0.9], 1.0).holds and not oc.at_most("p", [1.1], 1.0).holds
    assert oc.at_most("p", [1.0 + 1e-17], 1.0, 1e-16).holds
    assert oc.at_least("p", [0.0, 3.0], 0.0).holds and not oc.at_least("p", [-1e-3], 0.0).holds


def test_combine_keeps_the_worst_check_per_name() -> None:
    o = oc.combine(
        oc.within("row", 1e-16, 1e-15), oc.within("row", 5e-16, 1e-15), oc.true("shape", True)
    )
    assert [c.name for c in o.checks] == ["row", "shape"]
    assert o.checks[0].deviation == 5e-16 and o.utilisation == pytest.approx(0.5)
    assert not oc.combine(o, oc.true("shape", False)).holds


def test_assert_holds_names_the_failing_check() -> None:
    oc.assert_holds(oc.within("eq", 0.0, 1.0))
    oc.assert_holds(0.0)
    with pytest.raises(AssertionError, match="eq: deviation 2 / tolerance 1"):
        oc.assert_holds(oc.combine(oc.within("eq", 2.0, 1.0), oc.true("ok", True)))
    with pytest.raises(AssertionError, match="slack nan"):
        oc.assert_holds(math.nan)


def _cases(devs: list[float]) -> list[tuple[oc.Outcome, dict[str, int]]]:
    return [
        (oc.combine(oc.within("eq", d, 1e-15), oc.true("shape", True)), {"i": i})
        for i, d in enumerate(devs)
    ]


def test_held_or_failed_reports_per_sub_law() -> None:
    ev = ledger.held_or_failed(_cases([1e-16, 4e-16, 2e-16]), detail="d")
    assert isinstance(ev, ledger.Held) and ev.cases == 3
    eq, shape = ev.sublaws
    assert eq.kind == "numeric" and eq.cases == 3 and eq.worst_deviation == 4e-16
    assert eq.utilisation == pytest.approx(0.4) and ev.utilisation == pytest.approx(0.4)
    assert shape.kind == "boolean" and shape.text() == "shape: 3 of 3 true"
    text = ledger.evidence_text(ev)
    assert "utilisation 0.4" in text and "3 of 3 true" in text


def test_held_or_failed_stops_at_a_failing_sub_law() -> None:
    ev = ledger.held_or_failed(_cases([1e-16, 3e-15, 0.0]), detail="d")
    assert isinstance(ev, ledger.Failed) and ev.counterexample == {"i": 1}
    assert "eq: deviation 3e-15" in ev.error
    nan = ledger.held_or_failed([(oc.within("eq", math.nan, 1.0), {"i": 0})], detail="d")
    assert isinstance(nan, ledger.Failed)


def test_strength_gate() -> None:
    st = Strength(min_cases=3, max_utilisation=0.5)
    assert st.problem(3, 0.4) is None
    assert "fewer than the recorded minimum 3" in (st.problem(2, 0.4) or "")
    assert "exceeds the recorded maximum" in (st.problem(3, 0.6) or "")
    assert "no numeric sub-law" in (st.problem(3, None) or "")
    assert Strength(min_cases=3).problem(5, None) is None


def test_a_weaker_entry_is_not_ok() -> None:
    claim = ledger.Claim(id="X-01", seed="x", section="s", kind="k", statement="st", spec="f")
    ev = ledger.held_or_failed(_cases([4e-16]), detail="d")
    assert isinstance(ev, ledger.Held)
    entry = ledger.Entry(claim=claim, evidence=ev, expected="held", module="m", seconds=0.0)
    assert entry.ok
    tight = replace(entry, strength=Strength(max_utilisation=0.2))
    assert not tight.ok and "exceeds" in (tight.weaker or "")
    more = replace(entry, strength=Strength(min_cases=2))
    assert not more.ok


@pytest.mark.parametrize(
    ("observed", "recorded"),
    [(0.0, 0.001), (1e-5, 0.001), (0.003, 0.01), (0.04, 0.1), (0.12, 0.5), (0.3, 1.0), (2.0, 1.0)],
)
def test_headroom(observed: float, recorded: float) -> None:
    assert margins.headroom(observed) == recorded
    if observed <= 0.5:
        assert recorded >= 2 * observed


def test_parse_strength_rejects_nonsense() -> None:
    assert margins.parse_strength("f", {}) is None
    with pytest.raises(ValueError, match="min_cases"):
        margins.parse_strength("f", {"min_cases": 0})
    with pytest.raises(ValueError, match="max_utilisation"):
        margins.parse_strength("f", {"max_utilisation": 2.0})
    with pytest.raises(ValueError, match="max_utilisation"):
        margins.parse_strength("f", {"max_utilisation": True})


def test_summarise_folds_numpy_booleans() -> None:
    res = margins.summarise([(oc.true("found", np.bool_(True)), {})])
    assert res.failure is None and res.sublaws[0].true == 1
