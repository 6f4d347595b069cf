"""Unit tests of :mod:`reference.algorithms.annealing`: 1-flip optimal samples (SUR-QAMA-03),
ground states of small instances, the level schedule as the sequential chain (double precision:
identical samples to a one-flip-at-a-time reference fed the same random numbers; single
precision: same success probability within sampling error), determinism, bad input."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from proofs.evidence.qama.symbolic import random_jh
from reference.algorithms.annealing import (
    SimulatedAnnealing,
    default_beta_range,
    local_search,
    simulated_annealing,
    sweep_levels,
    sweep_plan,
)
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
    """``block`` is kept for compatibility and has no effect under the level schedule: with the
    same Generator every block size gives identical samples."""
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


def sequential_reference(
    qubo: QUBO, rng: np.random.Generator, *, sweeps: int, restarts: int
) -> np.ndarray:
    """The textbook chain, one variable at a time in the sweep order ``sweep_plan(q).order``
    (a fixed order; the levels of :func:`sweep_levels` in turn), every ``Delta_i``
    recomputed from scratch, consuming the Generator as :func:`simulated_annealing` does
    (initial states, then per sweep one ``(n, R)`` block of ``Exp(1)`` whose row ``k`` belongs to
    variable ``sweep_plan(q).order[k]``); a flip is accepted iff ``Delta <= E / beta``."""
    q = qubo.matrix
    n = qubo.num_variables
    order = sweep_plan(q).order
    row = np.empty(n, dtype=np.int64)
    row[order] = np.arange(n)
    b0, b1 = default_beta_range(qubo)
    x = rng.integers(0, 2, size=(restarts, n)).astype(np.float64)
    for beta in np.geomspace(b0, b1, sweeps):
        e = rng.standard_exponential(size=(n, restarts)) * (1.0 / beta)
        for i in order:
            f = q[i, i] + 2.0 * (x @ q[i] - q[i, i] * x[:, i])
            flip = (1.0 - 2.0 * x[:, i]) * f <= e[row[i]]
            x[flip, i] = 1.0 - x[flip, i]
    return x.astype(np.int64)


def _qama(hh: int, n: int, seed: int) -> QUBO:
    from reference.mechanisms import qama

    return qama.qama_qubo(*random_jh(np.random.default_rng(seed), hh, n))


@pytest.mark.parametrize("kind", ["dense", "qama", "sparse"])
def test_level_schedule_is_the_sequential_chain(kind: str) -> None:
    """Double precision: identical samples to :func:`sequential_reference` with the same
    Generator (the fields differ from the from-scratch ones only by rounding, so a flip decision
    could differ only if some ``Delta`` fell within ~1e-13 of its threshold)."""
    if kind == "dense":
        model = _random(13, 12)
    elif kind == "qama":
        model = _qama(3, 5, 12)
    else:  # a path graph: two levels touch few rows (the gather path of the field update)
        m = np.diag(np.random.default_rng(4).normal(size=12))
        m += np.diag(np.full(11, -0.7), 1) + np.diag(np.full(11, -0.7), -1)
        model = QUBO.from_matrix(m)
    new = simulated_annealing(
        model,
        rng=np.random.default_rng(3),
        sweeps=25,
        restarts=7,
        local_search_after=False,
        precision="double",
    ).samples
    ref = sequential_reference(model, np.random.default_rng(3), sweeps=25, restarts=7)
    assert np.array_equal(new, ref)


@pytest.mark.parametrize(("hh", "n"), [(3, 5), (4, 8), (2, 6), (8, 32)])
def test_levels_are_a_proper_colouring(hh: int, n: int) -> None:
    """Same-level variables are uncoupled (what makes the level update the sequential sweep),
    and on QAMA never more levels than the ``H + N - 1`` antidiagonals ``h + j``."""
    q = _qama(hh, n, 0).matrix
    lev = sweep_levels(q)
    same = lev[:, None] == lev[None, :]
    assert not np.any(same & (q != 0.0) & ~np.eye(hh * n, dtype=bool))
    assert lev.max() + 1 <= hh + n - 1


def test_qama_levels_are_the_nim_sum_latin_square() -> None:
    """QAMA couples (h, j) within its head and its token (a rook's graph): for ``N`` a power of
    two first-fit colours ``(h, j)`` by ``h XOR j``, ``N`` levels of ``H`` variables."""
    lev = sweep_levels(_qama(4, 8, 0).matrix).reshape(4, 8)
    assert np.array_equal(lev, np.bitwise_xor.outer(np.arange(4), np.arange(8)))


Z_FALSE_ALARM = 4.891638
"""Two-sided normal quantile of a 1e-6 false-alarm rate per comparison."""


@pytest.mark.parametrize(("hh", "n", "sweeps"), [(2, 6, 3), (3, 4, 6), (2, 8, 10)])
def test_single_precision_success_matches_sequential_chain(hh: int, n: int, sweeps: int) -> None:
    """Quality evidence for float32 sweeps: on fixed QAMA instances (ground state by brute
    force) the fraction of raw chains (no local search) ending in a ground state equals the
    sequential double-precision chain's within sampling error: two-proportion z-test with
    pooled variance, ``|z| <= 4.89`` (false-alarm rate 1e-6 per comparison if the success
    probabilities are equal). Few sweeps keep the success probability away from 0 and 1,
    where the test has power: with 4000 reads a difference of 0.06 is detected."""
    model = _qama(hh, n, 100 * hh + n)
    best = brute_force(model).energy
    reads = 4000
    ok = []
    for samples in (
        simulated_annealing(
            model,
            rng=np.random.default_rng(1),
            sweeps=sweeps,
            restarts=reads,
            local_search_after=False,
            precision="single",
        ).samples,
        sequential_reference(model, np.random.default_rng(2), sweeps=sweeps, restarts=reads),
    ):
        ok.append(float(np.mean(model.energy(samples) <= best + 1e-9 * max(1.0, abs(best)))))
    p = 0.5 * (ok[0] + ok[1])
    assert 0.05 < p < 0.95, f"success {ok}: choose sweeps with an intermediate success rate"
    z = (ok[0] - ok[1]) / math.sqrt(2.0 * p * (1.0 - p) / reads)
    assert abs(z) <= Z_FALSE_ALARM, f"success single {ok[0]} vs sequential {ok[1]} (z = {z})"


@pytest.mark.parametrize("precision", ["single", "double"])
def test_reported_energies_are_recomputed_energies(precision: str) -> None:
    """Valid output in both precisions: E(x) recomputed equals the reported energy, samples
    binary and 1-flip optimal, best = argmin."""
    model = _qama(4, 6, 9)
    res = simulated_annealing(
        model,
        rng=np.random.default_rng(8),
        sweeps=40,
        restarts=50,
        precision=precision,  # type: ignore[arg-type]
    )
    assert set(np.unique(res.samples).tolist()) <= {0, 1}
    # the same n^2-term sum in another order: each is within gamma_2n sum|Q_ij x_i x_j| <= 2n eps
    # n^2 max|Q| of the exact value (nested dot products), plus the offset's rounding
    n = model.num_variables
    bound = 4.0 * (n + 1) ** 3 * np.finfo(float).eps * max(model.scale(), 1.0)
    np.testing.assert_allclose(res.energies, model.energy(res.samples), rtol=0.0, atol=bound)
    assert np.all(model.flip_deltas(res.samples) >= -1e-12)
    assert res.best.energy == res.energies.min()


def test_read_blocks_anneal_every_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reads annealed in several blocks (``READ_BLOCK`` shrunk to 3-read blocks: 6 full blocks
    and a partial one). At zero temperature (``beta = 1e6``: only ``Delta <= E / beta``, about
    ``1e-5``, is accepted) a sweep is a greedy single-flip descent, so after ``4 n`` sweeps every
    read must sit at a 1-flip optimum without the final local search; a block left unannealed
    would keep its random start. Samples and energies valid, the run deterministic."""
    from reference.algorithms import annealing

    model = _qama(3, 5, 21)
    monkeypatch.setattr(annealing, "READ_BLOCK", 3 * model.num_variables)
    runs = [
        simulated_annealing(
            model,
            rng=np.random.default_rng(4),
            sweeps=4 * model.num_variables,
            restarts=20,
            beta_range=(1e6, 1e6),
            local_search_after=False,
        )
        for _ in range(2)
    ]
    assert np.array_equal(runs[0].samples, runs[1].samples)
    x = runs[0].samples
    np.testing.assert_allclose(model.energy(x), runs[0].energies)
    assert np.all(model.flip_deltas(x) >= -1e-12)


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
        "SA bad precision",
        lambda: simulated_annealing(
            _random(3, 0), rng=np.random.default_rng(0), precision=untyped("half")
        ),
        "precision",
    ),
    (
        "SimulatedAnnealing precision",
        lambda: SimulatedAnnealing(precision=untyped("half")),
        "precision",
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
