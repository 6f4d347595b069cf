"""The three find-set searches of seed 002 agree (S002-C36, Algorithm 1 vs Algorithm 3).

Exact scan, the half-space index and Grover find-all (with the per-row failure model off, i.e.
certified) must return the same find set, boundary ties ``x_ij = tau`` included, because all three
use the canonical per-coordinate scores of :mod:`reference.algorithms.findset`.
"""

from __future__ import annotations

import numpy as np
import pytest

from reference.algorithms.findset import scores
from reference.algorithms.halfspace import HalfspaceFindSet
from reference.mechanisms import sparse
from reference.mechanisms.grover import GroverFindSet


@pytest.mark.parametrize("seed", range(6))
def test_exact_halfspace_and_grover_find_the_same_sets(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, d = 23, 3
    K = rng.integers(-2, 3, size=(n, d)).astype(float)  # integer data: many exact ties
    q = rng.integers(-2, 3, size=d).astype(float)
    tau = float(np.sort(scores(K, q))[-4])  # a tie-prone threshold, about 4 found
    exact = sparse.ExactScan()(q, K, tau, rng=rng).indices
    half = HalfspaceFindSet()(q, K, tau, rng=rng).indices
    assert np.array_equal(exact, half)
    grover = GroverFindSet()(q, K, tau, rng=rng)
    assert np.array_equal(exact, grover.indices)
    assert grover.queries > 0
