"""The shared benchmark harness (tests/benchmarks/harness.py): schema, ratios, equality checks.

Nothing here times anything meaningful or asserts a speed: the callables are trivial.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tests.benchmarks import harness


def _bench() -> harness.Bench:
    bench = harness.Bench("toy")
    common = {"workload": "w", "size": {"n": 4}, "unit": "items/s", "checked_equal": True}
    bench.add(harness.Record(method="peerlib", throughput=10.0, **common))
    bench.add(harness.Record(method="ours", peer="peerlib", throughput=30.0, **common))
    bench.add(harness.Record(method="alone", throughput=5.0, **common))
    return bench


def test_ratio_is_ours_over_the_peer_of_the_same_workload_and_size() -> None:
    ratios = {r.method: r.ratio for r in _bench().with_ratios()}
    assert ratios == {"peerlib": None, "ours": 3.0, "alone": None}


def test_written_document_fits_the_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bench = _bench()
    bench.measure(
        lambda: sum(range(10)),
        workload="w",
        size={"n": 8},
        method="timed",
        items=10,
        unit="items/s",
        checked_equal=harness.check_equal(np.arange(3), np.arange(3.0), atol=0, what="toy"),
        repeat=2,
    )
    path = bench.write(tmp_path)
    doc = json.loads(path.read_text())
    assert harness.validate(doc) == []
    assert path.name == "toy.json"
    assert set(doc["machine"]) >= {"cores", "python", "numpy", "blas"}
    timed = doc["records"][-1]
    assert timed["seconds"]["repeats"] == 2
    assert timed["seconds"]["best"] <= timed["seconds"]["median"]
    assert "ours" in capsys.readouterr().out
    assert harness.main([str(tmp_path)]) == 0


def test_validate_names_what_is_wrong() -> None:
    doc = _bench().document()
    doc["records"][0]["checked_equal"] = "yes"
    del doc["records"][1]["unit"]
    doc["schema"] = "other"
    problems = " | ".join(harness.validate(doc))
    assert "checked_equal" in problems
    assert "lacks 'unit'" in problems
    assert "schema" in problems


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"throughput": float("nan")}, "throughput"),
        ({"throughput": 0.0}, "throughput"),
        ({"method": ""}, "method"),
        ({"peer": "m"}, "own peer"),
    ],
    ids=["nan-throughput", "zero-throughput", "empty-method", "own-peer"],
)
def test_bad_records_are_rejected(kwargs: dict[str, object], match: str) -> None:
    base: dict[str, object] = {
        "workload": "w",
        "size": {},
        "method": "m",
        "throughput": 1.0,
        "unit": "u",
        "checked_equal": True,
    }
    with pytest.raises(ValueError, match=match):
        harness.Record(**{**base, **kwargs})  # type: ignore[arg-type]


def test_check_equal_refuses_different_results() -> None:
    with pytest.raises(AssertionError, match="peer: max"):
        harness.check_equal(np.zeros(3), np.ones(3), atol=1e-9, what="peer")
    with pytest.raises(AssertionError, match="shape"):
        harness.check_equal(np.zeros(3), np.zeros(4), atol=1e-9, what="peer")
    with pytest.raises(ValueError, match="repeat"):
        harness.time_callable(lambda: None, repeat=0)
