"""Unit tests of :mod:`reference.mechanisms.grover` (S002-C26..C29, S002-C39, S002-A06): bad
inputs, search
behaviour, circuits, the find-set adapter."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from reference import simulate as sim
from reference.mechanisms import grover
from reference.registry import MECHANISMS, circuits

RNG = np.random.default_rng

BAD: list[tuple[str, Callable[[], Any], type[Exception], str]] = [
    (
        "GroverFindSet()(q complex)",
        lambda: grover.GroverFindSet()(
            np.ones(2) * 1j, np.eye(2), 0.5, rng=np.random.default_rng(0)
        ),
        TypeError,
        "q is complex",
    ),
    (
        "GroverFindSet()(K complex)",
        lambda: grover.GroverFindSet()(
            np.ones(2), np.eye(2) + 0j, 0.5, rng=np.random.default_rng(0)
        ),
        TypeError,
        "K is complex",
    ),
    (
        "GroverFindSet()(K empty)",
        lambda: grover.GroverFindSet()(
            np.ones(2), np.zeros((0, 2)), 0.5, rng=np.random.default_rng(0)
        ),
        ValueError,
        r"K has shape \(0, 2\); expected a non-empty",
    ),
    (
        "GroverFindSet()(tau=nan)",
        lambda: grover.GroverFindSet()(np.ones(2), np.eye(2), np.nan, rng=np.random.default_rng(0)),
        ValueError,
        "tau=nan",
    ),
    (
        "durr_hoyer_max(values complex)",
        lambda: grover.durr_hoyer_max(np.ones(3) * 1j, rng=np.random.default_rng(0)),
        TypeError,
        "values is complex",
    ),
    (
        "durr_hoyer_max(values empty)",
        lambda: grover.durr_hoyer_max(np.zeros(0), rng=np.random.default_rng(0)),
        ValueError,
        r"values has shape \(0,\); expected a non-empty",
    ),
    ("theta(N=0)", lambda: grover.theta(num_items=0, num_marked=0), ValueError, "num_items"),
    (
        "success_probability(N=-3)",
        lambda: grover.success_probability(num_items=-3, num_marked=1, iterations=1),
        ValueError,
        "num_items",
    ),
    ("theta(M>N)", lambda: grover.theta(num_items=5, num_marked=7), ValueError, "num_marked"),
    (
        "success_probability(r=-1)",
        lambda: grover.success_probability(num_items=5, num_marked=1, iterations=-1),
        ValueError,
        "iterations",
    ),
    (
        "optimal_iterations(M=0)",
        lambda: grover.optimal_iterations(num_items=5, num_marked=0),
        ValueError,
        "num_marked",
    ),
    ("marked_mask(index=7, N=5)", lambda: grover.marked_mask(5, [1, 7]), ValueError, "marked"),
    ("marked_mask(index=-1)", lambda: grover.marked_mask(5, [-1]), ValueError, "marked"),
    ("marked_mask(N=0)", lambda: grover.marked_mask(0, []), ValueError, "num_items"),
    ("phase_oracle(index=8, m=3)", lambda: grover.phase_oracle(3, [8]), ValueError, "marked"),
    ("grover_circuit(m=0)", lambda: grover.grover_circuit(0, [0], 1), ValueError, "num_qubits"),
    ("grover_circuit(r=-2)", lambda: grover.grover_circuit(2, [0], -2), ValueError, "iterations"),
    (
        "find_all(delta=0)",
        lambda: grover.find_all(np.ones(3, bool), rng=RNG(0), delta=0.0),
        ValueError,
        "delta",
    ),
    (
        "find_all(delta=1)",
        lambda: grover.find_all(np.ones(3, bool), rng=RNG(0), delta=1.0),
        ValueError,
        "delta",
    ),
    (
        "find_all(delta=nan)",
        lambda: grover.find_all(np.ones(3, bool), rng=RNG(0), delta=float("nan")),
        ValueError,
        "delta",
    ),
    (
        "find_all(empty mask)",
        lambda: grover.find_all(np.zeros(0, bool), rng=RNG(0)),
        ValueError,
        "num_items",
    ),
    (
        "find_all(failure_model=bogus)",
        lambda: grover.find_all(np.ones(3, bool), rng=RNG(0), failure_model="bogus"),  # type: ignore[arg-type]
        ValueError,
        "failure_model",
    ),
    (
        "find_all(num_rows=0)",
        lambda: grover.find_all(np.ones(3, bool), rng=RNG(0), num_rows=0),
        ValueError,
        "num_rows",
    ),
    (
        "bbht_search(int mask)",
        lambda: grover.bbht_search(np.array([0, 1]), rng=RNG(0)),
        ValueError,
        "mask",
    ),
    (
        "bbht_search(max_queries=0)",
        lambda: grover.bbht_search(np.ones(3, bool), rng=RNG(0), max_queries=0),
        ValueError,
        "max_queries",
    ),
    (
        "bbht_search(backend=bogus)",
        lambda: grover.bbht_search(np.ones(3, bool), rng=RNG(0), backend="bogus"),  # type: ignore[arg-type]
        ValueError,
        "backend",
    ),
    (
        "durr_hoyer_max(nan)",
        lambda: grover.durr_hoyer_max(np.array([1.0, np.nan]), rng=RNG(0)),
        ValueError,
        "values",
    ),
    ("durr_hoyer_max(empty)", lambda: grover.durr_hoyer_max([], rng=RNG(0)), ValueError, "values"),
    ("GroverFindSet(delta=1.5)", lambda: grover.GroverFindSet(delta=1.5), ValueError, "delta"),
    ("GroverFindSet(num_rows=0)", lambda: grover.GroverFindSet(num_rows=0), ValueError, "num_rows"),
    (
        "GroverFindSet()(q dim 3, K dim 2)",
        lambda: grover.GroverFindSet()(np.ones(3), np.ones((5, 2)), 0.0, rng=RNG(0)),
        ValueError,
        "q",
    ),
    (
        "GroverFindSet()(K with nan)",
        lambda: grover.GroverFindSet()(np.ones(2), np.full((5, 2), np.nan), 0.0, rng=RNG(0)),
        ValueError,
        "finite",
    ),
    (
        "GroverFindSet()(tau=inf)",
        lambda: grover.GroverFindSet()(np.ones(2), np.ones((5, 2)), np.inf, rng=RNG(0)),
        ValueError,
        "tau",
    ),
    (
        "GroverFindSet()(K empty)",
        lambda: grover.GroverFindSet()(np.ones(2), np.ones((0, 2)), 0.0, rng=RNG(0)),
        ValueError,
        "K",
    ),
]


@pytest.mark.parametrize(("call", "exc", "match"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input(call: Callable[[], Any], exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        call()


def test_S002_C26_grover_on_four_items_is_exact() -> None:
    """S002-C26 hand oracle: N = 4, M = 1, one iteration succeeds with probability 1."""
    assert math.isclose(
        float(grover.success_probability(num_items=4, num_marked=1, iterations=1)), 1.0
    )
    psi = sim.statevector(grover.grover_circuit(2, [2], 1))
    assert abs(abs(psi[2]) - 1.0) < 1e-12


def test_S002_C26_circuit_state_is_minus_one_to_the_r_times_ideal() -> None:
    """The gate-level state equals (-1)^r G^r |s> (diffusion is -(2|s><s| - I))."""
    for r in (0, 1, 2, 3):
        psi = sim.statevector(grover.grover_circuit(3, [1, 6], r))
        ideal = grover.grover_state(grover.marked_mask(8, [1, 6]), r)
        assert np.allclose(psi, (-1) ** r * ideal, atol=1e-12)


def test_bbht_never_returns_unmarked_and_finds_with_budget() -> None:
    """BBHT: a found index is always marked; with no marked item it returns None."""
    rng = RNG(3)
    none = grover.bbht_search(np.zeros(17, bool), rng=rng)
    assert none.index is None
    assert 0 < none.queries <= grover.bbht_attempt_budget(17)
    mask = grover.marked_mask(97, [4, 50, 90])
    hits = [grover.bbht_search(mask, rng=rng) for _ in range(200)]
    assert all(h.index is None or mask[h.index] for h in hits)
    assert sum(h.index is not None for h in hits) >= 100  # >= 1/2 per attempt (BBHT + Markov)


def test_statevector_backend_agrees_with_subspace_backend() -> None:
    """Both sampling backends draw from the same exact distribution (binomial 5-sigma band)."""
    mask = grover.marked_mask(11, [3])
    counts = {}
    for backend in ("subspace", "statevector"):
        rng = RNG(5)
        res = [grover.bbht_search(mask, rng=rng, backend=backend).queries for _ in range(300)]
        counts[backend] = float(np.mean(res))
    assert abs(counts["subspace"] - counts["statevector"]) < 2.0


def test_S002_C39_find_all_default_finds_everything() -> None:
    """S002-A06 default (per-row delta): 50 rows of N = 64 with random marked sets all exact."""
    rng = RNG(11)
    for _ in range(50):
        mask = rng.random(64) < 0.1
        res = grover.find_all(mask, rng=rng, delta=0.05, num_rows=50)
        assert np.array_equal(res.indices, np.flatnonzero(mask))
        assert res.repetitions == math.ceil(math.log2(64 * 50 / 0.05))


def test_durr_hoyer_finds_the_maximum() -> None:
    rng = RNG(2)
    wins = 0
    for _ in range(40):
        v = rng.normal(size=200)
        wins += int(grover.durr_hoyer_max(v, rng=rng, delta=0.05).index == int(np.argmax(v)))
    assert wins >= 36


def test_grover_find_set_conforms_to_protocol() -> None:
    """The adapter: sorted int64 indices equal to {j : <q, K_j> >= tau}; strict uses >."""
    rng = RNG(4)
    K = rng.integers(-2, 3, (23, 3)).astype(float)
    q = np.array([1.0, 0.0, 1.0])
    x = K @ q
    for strict in (False, True):
        res = grover.GroverFindSet(strict=strict)(q, K, 1.0, rng=rng)
        assert res.indices.dtype == np.int64
        assert np.array_equal(res.indices, np.flatnonzero(x > 1 if strict else x >= 1))
        assert res.queries > 0


def test_registered_mechanism_and_circuits() -> None:
    assert MECHANISMS["grover"].module == "reference.mechanisms.grover"
    it = circuits()["grover-iteration"].build()
    assert it.num_qubits == 3
    assert "mcz" in it.count_ops()
    full = circuits()["grover-search-3q"].build()
    assert full.measured_qubits == (0, 1, 2)
    p = sim.probabilities(sim.statevector(full))
    assert p[5] == pytest.approx(
        float(grover.success_probability(num_items=8, num_marked=1, iterations=2))
    )
