"""Unit tests of :mod:`reference.algorithms.annealing`: 1-flip optimal samples (SUR-QAMA-03),
ground states of small instances, the blocked update as a fast path of the sequential chain,
determinism given the Generator, bad input."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from proofs.evidence.qama.symbolic import random_jh
from reference.algorithms.annealing import SimulatedAnnealing, local_search, simulated_annealing
from reference.algorithms.qubo import QUBO, brute_force
from tests import _bad_input as bad_input


def _random(n: int, seed: int) -> QUBO:
    rng = np.random.default_rng(seed)
    return QUBO.from_matrix(rng.normal(size=(n, n)), offset=0.25, symmetrize="average")


def untyped(v: object) -> Any:
    """A deliberately ill-typed argument (the bad-input table calls past the type checker)."""
    return v


def test_sur_qama_03_annealer_samples_are_one_flip_optimal() -> None:
    """SUR-QAMA-03: every restart's final state has Delta_i >= 0 (local search post-condition)."""
    q = _random(11, 7)
    res = simulated_annealing(q, rng=np.random.default_rng(1), sweeps=30, restarts=12)
    assert res.samples.shape == (12, 11)
    assert np.all(q.flip_deltas(res.samples) >= -1e-12)
    np.testing.assert_allclose(q.energy(res.samples), res.energies)


def test_annealer_finds_ground_state_of_small_instance() -> None:
    q = _random(9, 11)
    res = simulated_annealing(q, rng=np.random.default_rng(2), sweeps=200, restarts=16)
    assert res.best.energy == pytest.approx(brute_force(q).energy, abs=1e-12)


@pytest.mark.parametrize("kind", ["dense", "qama"])
def test_annealer_block_updates_give_the_same_chain(kind: str) -> None:
    """The blocked field update is a fast path of the one-flip-at-a-time chain: with the same
    Generator, every block size (1 = plain sequential updates) gives identical samples."""
    from reference.mechanisms import qama

    rng = np.random.default_rng(12)
    model = _random(13, 12) if kind == "dense" else qama.qama_qubo(*random_jh(rng, 3, 5))
    runs = [
        simulated_annealing(
            model,
            rng=np.random.default_rng(3),
            sweeps=25,
            restarts=7,
            block=bs,
            local_search_after=False,
        ).samples
        for bs in (1, 3, 8, 64)
    ]
    for other in runs[1:]:
        assert np.array_equal(runs[0], other)


def test_annealer_is_deterministic_given_generator() -> None:
    q = _random(6, 1)
    a = simulated_annealing(q, rng=np.random.default_rng(5), sweeps=10, restarts=3)
    b = simulated_annealing(q, rng=np.random.default_rng(5), sweeps=10, restarts=3)
    assert np.array_equal(a.samples, b.samples)


def test_local_search_reaches_one_flip_optimum() -> None:
    q = _random(8, 4)
    x = local_search(q, np.zeros((3, 8)))
    assert np.all(q.flip_deltas(x) >= -1e-12)


BAD: list[bad_input.Row] = [
    (
        "SA zero sweeps",
        lambda: simulated_annealing(_random(3, 0), rng=np.random.default_rng(0), sweeps=0),
        "sweeps",
    ),
    (
        "SA zero restarts",
        lambda: simulated_annealing(_random(3, 0), rng=np.random.default_rng(0), restarts=0),
        "restarts",
    ),
    (
        "SA bad beta",
        lambda: simulated_annealing(
            _random(3, 0), rng=np.random.default_rng(0), beta_range=(0.0, 1.0)
        ),
        "beta_range",
    ),
    (
        "SA bad schedule",
        lambda: simulated_annealing(_random(3, 0), rng=np.random.default_rng(0), schedule="cubic"),  # type: ignore[arg-type]
        "schedule",
    ),
    (
        "SA block 0",
        lambda: simulated_annealing(_random(3, 0), rng=np.random.default_rng(0), block=0),
        "block",
    ),
    (
        "SA beta_range not a pair",
        lambda: simulated_annealing(
            _random(3, 0), rng=np.random.default_rng(0), beta_range=untyped((1.0,))
        ),
        "beta_range",
    ),
    (
        "SimulatedAnnealing schedule",
        lambda: SimulatedAnnealing(schedule="cubic"),  # type: ignore[arg-type]
        "schedule",
    ),
]
BAD_TYPE: list[bad_input.Row] = [
    (
        "SA no Generator",
        lambda: simulated_annealing(_random(3, 0), rng=0),  # type: ignore[arg-type]
        "rng",
    ),
    (
        "SimulatedAnnealing float sweeps",
        lambda: SimulatedAnnealing(sweeps=untyped(2.5)),
        "sweeps",
    ),
]


@pytest.mark.parametrize(("call", "error", "match"), bad_input.cases(BAD, BAD_TYPE))
def test_bad_input(call: Callable[[], object], error: type[Exception], match: str) -> None:
    bad_input.check(call, error, match)
