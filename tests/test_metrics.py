"""Metrics of seed 001 (§7): IQM, reporting protocol, generalisation gap, NEA; bad input."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from scipy.stats import trim_mean

from reference.pipeline import metrics as met
from tests import _bad_input as bad_input


def test_iqm_oracle_and_scipy() -> None:
    """S001-P21: IQM(0..9) = 4.5; equals scipy trim_mean(x, 0.25) for n = 1..13 and along axes."""
    assert float(met.iqm(np.arange(10))) == 4.5
    rng = np.random.default_rng(0)
    for n in range(1, 14):
        x = rng.normal(size=n)
        assert np.isclose(float(met.iqm(x)), trim_mean(x, 0.25))
    x = rng.normal(size=(10, 7))
    assert np.allclose(met.iqm(x, axis=0), trim_mean(x, 0.25, axis=0))
    assert np.allclose(met.iqm(x, axis=1), trim_mean(x, 0.25, axis=1))


def test_reporting_protocol_max_over_epochs_of_iqm() -> None:
    rng = np.random.default_rng(1)
    acc = rng.uniform(size=(10, 6))
    r = met.reporting_protocol(acc)
    per = np.array([np.mean(np.sort(acc[:, e])[2:8]) for e in range(6)])
    assert np.allclose(r.per_epoch, per)
    assert r.best == per.max()
    assert r.best_epoch == int(per.argmax())
    # the max of per-epoch IQMs is not the IQM of per-seed maxima in general
    assert r.best <= float(met.iqm(acc.max(axis=1)))


def test_generalisation_gap() -> None:
    assert np.allclose(met.generalisation_gap([1.0, 0.8], [0.7, 0.8]), [0.3, 0.0])


def test_nea_oracle_and_bias_free_prototypes() -> None:
    train = np.array([[1.0, 0.0], [3.0, 0.2], [0.0, 1.0], [0.1, 5.0]])
    labels = np.array([0, 0, 1, 1])
    test = np.array([[10.0, 1.0], [0.0, 0.01], [1.0, 1.1]])
    assert met.nea_predict(train, labels, test, num_classes=2).tolist() == [0, 1, 1]
    assert met.nea(train, labels, test, np.array([0, 1, 0]), num_classes=2) == pytest.approx(2 / 3)


def test_nea_zero_test_embedding_defined() -> None:
    """A zero-norm embedding has cosine 0 to every prototype: ties go to class 0."""
    train = np.array([[1.0, 0.0], [0.0, 1.0]])
    assert met.nea_predict(train, np.array([0, 1]), np.zeros((1, 2)), num_classes=2).tolist() == [0]


E = np.eye(3)
Y = np.array([0, 1, 2])
BAD = [
    ("iqm-empty", lambda: met.iqm(np.array([])), "empty"),
    ("iqm-nan", lambda: met.iqm(np.array([1.0, np.nan])), "x"),
    ("iqm-axis-empty", lambda: met.iqm(np.zeros((0, 3)), axis=0), "empty"),
    ("protocol-1d", lambda: met.reporting_protocol(np.ones(4)), "scores"),
    ("protocol-inf", lambda: met.reporting_protocol(np.full((2, 2), np.inf)), "scores"),
    ("gap-shapes", lambda: met.generalisation_gap([1.0, 2.0], [1.0]), "train_accuracy"),
    ("nea-labels-shape", lambda: met.nea(E, Y[:2], E, Y, num_classes=3), "train_labels"),
    ("nea-float-labels", lambda: met.nea(E, Y * 1.0, E, Y, num_classes=3), "train_labels"),
    (
        "nea-missing-class",
        lambda: met.nea(E, np.array([0, 0, 1]), E, Y, num_classes=3),
        "no training sample",
    ),
    ("nea-width", lambda: met.nea(E, Y, np.ones((2, 4)), Y[:2], num_classes=3), "width"),
    (
        "nea-nan",
        lambda: met.nea(E, Y, np.full((1, 3), np.nan), Y[:1], num_classes=3),
        "test_embeddings",
    ),
    ("nea-classes-0", lambda: met.nea(E, Y, E, Y, num_classes=0), "num_classes"),
    ("nea-test-labels", lambda: met.nea(E, Y, E, Y[:2], num_classes=3), "test_labels"),
]


BAD_TYPE = [
    ("iqm-complex", lambda: met.iqm(np.array([1j, 2.0])), "x"),
    ("scores-complex", lambda: met.reporting_protocol(np.ones((2, 2)) * 1j), "scores"),
    ("cosine-complex", lambda: met.cosine_similarity(np.ones((1, 2)) * 1j, np.ones((1, 2))), "a"),
    (
        "classes-float",
        lambda: met.class_means(np.ones((2, 2)), np.array([0, 1]), num_classes=2.0),  # type: ignore[arg-type]
        "num_classes",
    ),
]


@pytest.mark.parametrize(("call", "error", "match"), bad_input.cases(BAD, BAD_TYPE))
def test_bad_input(call: Callable[[], object], error: type[Exception], match: str) -> None:
    bad_input.check(call, error, match)
