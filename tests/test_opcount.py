"""The OpCounter's sparse-attention operations count what the arithmetic performs, and
Algorithm 2's OperationCount is read off them (``S002-C32``)."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from reference.algorithms.opcount import OpCounter, fitted_exponent
from reference.mechanisms import sparse


def test_counted_operations_match_numpy() -> None:
    rng = np.random.default_rng(1)
    A = sp.random_array((6, 5), density=0.4, rng=rng, format="csr")
    V = rng.normal(size=(5, 3))
    c = OpCounter()
    np.testing.assert_allclose(c.spmm(A, V), A @ V)
    assert (c.products, c.madds) == (1, A.nnz * 3)
    indptr = np.array([0, 2, 2, 5])
    vals = np.arange(5.0)
    np.testing.assert_array_equal(c.segment_sum(vals, indptr), [1.0, 0.0, 9.0])
    assert c.adds == 5
    np.testing.assert_array_equal(c.column_sum(V), V.sum(axis=0))
    y = c.add_outer(V, np.ones(5), np.arange(3.0))
    np.testing.assert_array_equal(y, V + np.arange(3.0))
    np.testing.assert_array_equal(c.divide_rows(y, np.full(5, 2.0)), y / 2)
    assert c.adds == 5 + 15 + 15 and c.madds == A.nnz * 3 + 15


def test_algorithm2_count_follows_the_stored_entries() -> None:
    """Storing more support entries (same matrix B) changes the measured count: the count is
    tied to the product actually performed, not to the claimed formula."""
    rng = np.random.default_rng(2)
    n, d = 6, 4
    V = rng.normal(size=(n, d))
    diag = sparse.SparsePlusRankOne(
        n=n, indptr=np.arange(n + 1), indices=np.arange(n), scores=np.full(n, 1.0)
    )
    # the same B with every entry stored (x = 0 gives exp(0) = 1 = c off the diagonal)
    full_idx = np.tile(np.arange(n), n)
    full_scores = np.where(full_idx == np.repeat(np.arange(n), n), 1.0, 0.0)
    full = sparse.SparsePlusRankOne(
        n=n, indptr=np.arange(0, n * n + 1, n), indices=full_idx, scores=full_scores
    )
    a, b = sparse.algorithm2(diag, V), sparse.algorithm2(full, V)
    np.testing.assert_allclose(a.output, b.output, rtol=1e-13)
    assert a.operations.sparse_product == n * d
    assert b.operations.sparse_product == n * n * d
    assert abs(fitted_exponent([2, 4, 8], [8, 16, 32]) - 1.0) < 1e-12
