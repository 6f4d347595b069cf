"""Intervals, shot budgets and counts adapters of :mod:`reference.estimators`."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from reference.estimators.counts import bit_matrix, canonical_counts
from reference.estimators.intervals import (
    bonferroni,
    clopper_pearson,
    hoeffding_halfwidth,
    hoeffding_shots,
)


@pytest.mark.parametrize("eps", [0.3, 0.1, 0.05, 0.01, 0.0123])
@pytest.mark.parametrize("delta", [0.5, 0.05, 1e-3, 1e-9])
def test_hoeffding_shots_is_the_smallest_sufficient_n(eps: float, delta: float) -> None:
    n = hoeffding_shots(eps, delta)
    assert 2 * math.exp(-2 * n * eps * eps) <= delta
    assert n == 1 or 2 * math.exp(-2 * (n - 1) * eps * eps) > delta
    assert hoeffding_halfwidth(n, delta) <= eps


@pytest.mark.parametrize("n", [1, 2, 7, 50, 737])
@pytest.mark.parametrize("delta", [0.2, 0.05, 1e-4])
def test_clopper_pearson_lies_inside_the_hoeffding_interval(n: int, delta: float) -> None:
    k = np.arange(n + 1)
    lo, hi = clopper_pearson(k, np.full_like(k, n), delta)
    h = hoeffding_halfwidth(n, delta)
    p = k / n
    assert np.all(lo <= p) and np.all(p <= hi)
    # 1e-12: the beta quantile's own round-off, far below the Hoeffding margin
    assert np.all(lo >= p - h - 1e-12) and np.all(hi <= p + h + 1e-12)


def test_clopper_pearson_endpoints_are_the_exact_binomial_tails() -> None:
    n, k, delta = 40, 13, 0.05
    lo, hi = clopper_pearson(k, n, delta)
    assert stats.binom.sf(k - 1, n, float(lo)) == pytest.approx(delta / 2, rel=1e-9)
    assert stats.binom.cdf(k, n, float(hi)) == pytest.approx(delta / 2, rel=1e-9)
    assert clopper_pearson(0, 5, delta)[0] == 0.0 and clopper_pearson(5, 5, delta)[1] == 1.0


def test_bonferroni_splits_delta() -> None:
    assert bonferroni(0.05, 8) == pytest.approx(0.05 / 8)


def test_counts_adapters() -> None:
    assert canonical_counts({"001": 2}, num_clbits=3, counts_format="qiskit") == {"100": 2}
    assert canonical_counts({"0x1": 2}, num_clbits=3, counts_format="qiskit") == {"100": 2}
    assert canonical_counts({"0 01": 2}, num_clbits=3, counts_format="qiskit") == {"100": 2}
    assert canonical_counts({"001": 2}, num_clbits=3, counts_format="braket") == {"001": 2}
    assert canonical_counts({"01": 2, "0 1": 1}, num_clbits=2) == {"01": 3}
    assert canonical_counts({"1": 4.0}, num_clbits=1) == {"1": 4}
    bits, w = bit_matrix({"10": 3, "01": 1})
    assert bits.tolist() == [[1, 0], [0, 1]] and w.tolist() == [3, 1]


BAD = [
    (lambda: hoeffding_shots(0.0, 0.05), ValueError, "epsilon"),
    (lambda: hoeffding_shots(0.1, 1.0), ValueError, "delta"),
    (lambda: hoeffding_shots(float("nan"), 0.1), ValueError, "epsilon"),
    (lambda: hoeffding_halfwidth(0, 0.1), ValueError, "shots"),
    (lambda: clopper_pearson(3, 2, 0.1), ValueError, "k, n"),
    (lambda: clopper_pearson(1.5, 2, 0.1), TypeError, "k, n"),
    (lambda: bonferroni(0.1, 0), ValueError, "m"),
    (lambda: canonical_counts({"01": 1}, num_clbits=3), ValueError, "num_clbits=3"),
    (lambda: canonical_counts({"0a": 1}, num_clbits=2), ValueError, "0 and 1"),
    (lambda: canonical_counts({"01": -1}, num_clbits=2), ValueError, "non-negative"),
    (lambda: canonical_counts({"01": 0.5}, num_clbits=2), TypeError, "non-negative"),
    (lambda: canonical_counts({"01": 0}, num_clbits=2), ValueError, "no shots"),
    (
        lambda: canonical_counts({"01": 1}, num_clbits=2, counts_format="cirq"),  # type: ignore[arg-type]
        ValueError,
        "counts_format",
    ),
    (
        lambda: canonical_counts({"0x9": 1}, num_clbits=3, counts_format="qiskit"),
        ValueError,
        "does not fit",
    ),
]


@pytest.mark.parametrize(("call", "exc", "match"), BAD)
def test_bad_input(call: object, exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        call()  # type: ignore[operator]
