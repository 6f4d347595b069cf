"""Unit tests of :mod:`reference.algorithms.maxip` (S002-C37, S002-C38, S002-F05)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from reference.algorithms.maxip import max_ip_brute, max_ip_by_threshold_search, threshold_oracle

A2 = np.array([[1, 0], [0, 1]])

BAD: list[tuple[str, Callable[[], Any], str]] = [
    ("max_ip_brute(A empty)", lambda: max_ip_brute(np.zeros((0, 2), int), A2), "A"),
    ("max_ip_brute(d mismatch)", lambda: max_ip_brute(A2, np.ones((2, 3), int)), "dimension"),
    ("max_ip_brute(A non-integer)", lambda: max_ip_brute(A2 * 0.5, A2), "integer"),
    ("max_ip_brute(B nan)", lambda: max_ip_brute(A2, np.full((2, 2), np.nan)), "integer"),
    ("max_ip_brute(B strings)", lambda: max_ip_brute(A2, np.array([["a", "b"]])), "integer"),
    ("search(M too small)", lambda: max_ip_by_threshold_search(3 * A2, A2, M=2), "M=2"),
    ("threshold_oracle(k=0)", lambda: threshold_oracle(A2, 0, k_promise=0), "k_promise"),
]


@pytest.mark.parametrize(("call", "match"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input(call: Callable[[], Any], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()


def test_S002_C37_hand_example() -> None:
    """OPT of {(1,0),(1,1)} x {(1,1),(0,1)} is 2; d = 2, M = 1: range [-2, 2], <= 3 rounds."""
    r = max_ip_by_threshold_search(np.array([[1, 0], [1, 1]]), np.array([[1, 1], [0, 1]]))
    assert r.opt == 2
    assert r.round_bound == 3
    assert r.rounds <= 3


def test_S002_C38_stored_counterexample_violates_the_promise() -> None:
    """S002-C38 / F05: the stored Boolean n = 30, d = 6 instance; t = 3 < OPT = 5 sees 7 entries."""
    path = Path(__file__).resolve().parents[1] / "proofs" / "counterexamples" / "S002-C38.json"
    cx = json.loads(path.read_text(encoding="utf-8"))
    A, B = np.array(cx["A"]), np.array(cx["B"])
    r = max_ip_by_threshold_search(A, B)
    assert r.opt == max_ip_brute(A, B) == cx["opt"] == 5
    at3 = next(c for c in r.calls if c.t == 3)
    assert at3.max_row_count == 7
    assert not at3.promise_ok
    assert all(c.t < r.opt for c in r.violations)
