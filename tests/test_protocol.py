"""Statistics of the seed-001 reproduction protocol (spec §11): hand-computed small examples."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from reference.pipeline import protocol as pr
from tests import _bad_input as bad_input

# 4 seeds x 3 epochs; per epoch IQM of 4 values drops 1 at each end and averages the middle two.
TEST = np.array(
    [
        [0.50, 0.70, 0.60],
        [0.60, 0.90, 0.70],
        [0.40, 0.80, 0.90],
        [0.70, 0.60, 0.80],
    ]
)
# hand: epoch 0 sorted .4 .5 .6 .7 -> (.5+.6)/2 = .55; epoch 1 .6 .7 .8 .9 -> .75;
#       epoch 2 .6 .7 .8 .9 -> .75 (a tie with epoch 1).
DEV = np.array(
    [
        [0.1, 0.2, 0.9],
        [0.1, 0.2, 0.9],
        [0.1, 0.2, 0.9],
        [0.1, 0.2, 0.9],
    ]
)


def test_iqm_curve_is_the_per_epoch_middle_half_mean() -> None:
    """IQM = mean of the middle 50 % (rliable): per epoch of the 4-seed example, by hand."""
    np.testing.assert_allclose(pr.iqm_curve(TEST), [0.55, 0.75, 0.75], rtol=0, atol=1e-15)
    assert float(pr.iqm_curve(np.arange(10.0)[:, None])[0]) == 4.5  # drops 2 each end of 10


def test_paper_statistic_is_the_maximum_over_epochs() -> None:
    assert pr.max_over_epochs(TEST) == pytest.approx(0.75, abs=1e-15)


def test_selected_epoch_is_chosen_on_dev_not_test() -> None:
    """Dev picks epoch 2 (IQM 0.9); the test IQM there is 0.75, by hand."""
    assert pr.selected_epoch(DEV) == 2
    assert pr.at_selected_epoch(TEST, DEV) == pytest.approx(0.75, abs=1e-15)
    flat = np.zeros((4, 3))
    assert pr.selected_epoch(flat) == 0  # ties: the first maximum
    assert pr.at_selected_epoch(TEST, flat) == pytest.approx(0.55, abs=1e-15)


def test_generalisation_gap_at_final_and_given_epoch() -> None:
    train = np.ones((4, 3))
    # final epoch test .6 .7 .9 .8 -> gaps .4 .3 .1 .2 -> middle two (.2 + .3)/2
    assert pr.generalisation_gap(train, TEST) == pytest.approx(0.25, abs=1e-15)
    assert pr.generalisation_gap(train, TEST, epoch=0) == pytest.approx(0.45, abs=1e-15)


def test_vectorised_statistics_equal_the_scalar_ones() -> None:
    rng = np.random.default_rng(3)
    c = rng.uniform(size=(7, 5))
    d = rng.uniform(size=(7, 5))
    assert pr.stat_max_over_epochs(c[None])[0] == pr.max_over_epochs(c)
    stacked = pr.stack_test_dev(c, d)[None]
    assert pr.stat_selected_epoch(stacked)[0] == pr.at_selected_epoch(c, d)
    assert pr.stat_final_epoch((c - d)[None])[0] == pytest.approx(
        pr.generalisation_gap(c, d), abs=1e-15
    )


def test_bootstrap_of_constant_curves_is_a_point() -> None:
    """Every resample of identical seeds is the same: the interval collapses to the point."""
    a = {"t": np.full((5, 3), 0.8)}
    b = {"t": np.full((5, 3), 0.5)}
    d = pr.bootstrap_difference(a, b, rng=np.random.default_rng(0), reps=100)
    assert d.point == pytest.approx(0.3, abs=1e-15)
    assert d.lo == pytest.approx(0.3, abs=1e-15) and d.hi == pytest.approx(0.3, abs=1e-15)
    assert d.positive and not d.negative


def test_bootstrap_is_stratified_by_task_and_averages_tasks() -> None:
    """Point = mean over tasks of the per-task differences; seeds resampled within each task, so
    a task with constant seeds contributes its exact difference to every replicate."""
    rng = np.random.default_rng(1)
    noisy_a, noisy_b = rng.uniform(0.6, 0.9, size=(10, 4)), rng.uniform(0.1, 0.4, size=(10, 4))
    a = {"x": noisy_a, "y": np.full((10, 4), 0.5)}
    b = {"x": noisy_b, "y": np.full((10, 4), 0.5)}
    d = pr.bootstrap_difference(a, b, rng=np.random.default_rng(2), reps=500)
    expect = (pr.max_over_epochs(noisy_a) - pr.max_over_epochs(noisy_b)) / 2
    assert d.point == pytest.approx(expect, abs=1e-15)
    assert 0.0 < d.lo <= d.point <= d.hi
    again = pr.bootstrap_difference(a, b, rng=np.random.default_rng(2), reps=500)
    assert again == d  # deterministic per generator


def test_overlapping_algorithms_are_not_declared_different() -> None:
    rng = np.random.default_rng(5)
    a = {"t": rng.uniform(0.4, 0.6, size=(10, 3))}
    b = {"t": rng.uniform(0.4, 0.6, size=(10, 3))}
    d = pr.bootstrap_difference(a, b, rng=np.random.default_rng(6), reps=1000)
    assert d.lo < 0.0 < d.hi
    assert not d.positive and not d.negative


C = np.zeros((3, 2))
BAD = [
    ("curves-1d", lambda: pr.iqm_curve(np.zeros(3)), "curves"),
    ("curves-nan", lambda: pr.max_over_epochs(np.array([[np.nan]])), "curves"),
    ("test-dev-shapes", lambda: pr.at_selected_epoch(C, np.zeros((3, 3))), "test"),
    ("gap-shapes", lambda: pr.generalisation_gap(C, np.zeros((2, 2))), "train"),
    ("gap-epoch", lambda: pr.generalisation_gap(C, C, epoch=2), "epoch"),
    ("tasks-differ", lambda: pr.bootstrap_difference({"a": C}, {"b": C}, rng=RNG), "tasks"),
    ("tasks-empty", lambda: pr.bootstrap_difference({}, {}, rng=RNG), "tasks"),
    ("reps", lambda: pr.bootstrap_difference({"a": C}, {"a": C}, rng=RNG, reps=1), "reps"),
    ("level", lambda: pr.bootstrap_difference({"a": C}, {"a": C}, rng=RNG, level=1.0), "level"),
]
RNG = np.random.default_rng(0)
BAD_TYPE = [
    ("rng-seed", lambda: pr.bootstrap_difference({"a": C}, {"a": C}, rng=0), "rng"),  # type: ignore[arg-type]
]


@pytest.mark.parametrize(("call", "error", "match"), bad_input.cases(BAD, BAD_TYPE))
def test_bad_input(call: Callable[[], object], error: type[Exception], match: str) -> None:
    bad_input.check(call, error, match)
