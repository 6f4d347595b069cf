"""Grover sparse attention (seed 002): Definition 1.1 attention, find sets, the sparse-plus-rank-one
approximation ``B = B1 + 1 1^T`` (Definition 4.2), Algorithm 1 with a pluggable find-set search and
Algorithm 2 (inference) with an operation counter.

Seed ``002_5e183a29182452ba.txt`` (Guo, Song, Yang, Zhang, arXiv 2307.08045), specification
``claims/seed002-grover-sparse-attention.md`` §§1-7. Claims implemented / checked here:
``S002-C01..C25``, ``S002-C30..C33``, ``S002-F01..F04``, ``F06``, ``F09``; reconstructed defaults
``S002-A01..A05`` are keyword options with the proposed default.

Formulas (there is **no** ``1/sqrt(d)`` in this paper's attention)::

    X = Q K^T,  A = exp(X) (entrywise),  D(M) = diag(M 1_n),  Att(Q, K, V) = D(A)^-1 A V
    find set      S_i = {j : X_ij >= tau}                         (S002-A02: ">=" or ">")
    (tau, k)-good max_i |S_i| <= k                                 (S002-A03: counting reading)
    B (Def 4.2)   B_ij = A_ij on S_i, 1 elsewhere;  B = B1 + 1 1^T, (B1)_ij = (A_ij - 1) 1[j in S_i]
    D(B)_ii       n + sum_{j in S_i} (A_ij - 1)                    (S002-C05)
    Algorithm 2   T = D(B)^-1 B V = diag(r)^-1 (B1 V + 1_n (1_n^T V))   in O(nkd)   (S002-C32)
    sharp bounds  entrywise tanh(eta/2), row-l1 2 tanh(eta/2), output 2 tanh(eta/2) ||V||_max
                  when |X_ij| <= eta off S_i                        (S002-C16, C17, C21)

Notation map (paper -> here): ``Q, K, V`` -> ``Q, K, V``; ``QK^T`` -> :func:`scores`;
``\\tilde S_i`` -> :func:`find_sets` (CSR ``indptr``/``indices``); ``B = B_1 + B_2`` ->
:class:`SparsePlusRankOne` (``B_2 = c 1 1^T`` with ``c = 1`` for ``fill="ones"``, the analysed
version, ``c = 0`` for ``fill="zeros"``, Algorithm 1 as written, REFUTED as accurate by
``S002-C24``); ``D(B)`` -> :meth:`SparsePlusRankOne.row_sums`; GroverFindAll -> a
:class:`FindSetSearch` (the exact scan :class:`ExactScan` here; the Grover and half-space searches
live in :mod:`reference.mechanisms.grover` / :mod:`reference.algorithms.halfspace`).

Example (n = 3: one large entry per row, everything else 0, so S_i = {i} for tau = 1):

>>> import numpy as np
>>> Q = np.eye(3) * 2.0; K = np.eye(3)
>>> res = sparse_attention(Q, K, np.eye(3), tau=1.0, k=1, rng=np.random.default_rng(0))
>>> res.B.row_nnz().tolist()
[1, 1, 1]
>>> bool(np.allclose(res.output, attention(Q, K, np.eye(3))))
True
>>> res.operations.total == 3 * (3 + 1) + 3 * 3 * 3  # nnz (d + 1) + 3 n d
True
"""

from __future__ import annotations

from reference._mechanism import Mechanism
from reference.algorithms.findset import FindResult
from reference.mechanisms.sparse.approximation import (
    Algorithm1Result,
    BatchFindSetSearch,
    ExactScan,
    FindSetSearch,
    OperationCount,
    SparseAttentionApproximation,
    SparseAttentionOutput,
    SparseAttentionResult,
    SparsePlusRankOne,
    algorithm1,
    algorithm2,
    algorithm2_operations,
    approximation_error,
    error_bound,
    matrix_norm,
    normalised_dense,
    sparse_attention,
)
from reference.mechanisms.sparse.exact import (
    ETA_MAX,
    Comparison,
    EtaDomain,
    Fill,
    Norm,
    Reading,
    attention,
    attention_weights,
    check_eta,
    check_k,
    find_sets,
    is_tau_k_good,
    max_sub_threshold,
    scores,
)

MECHANISM = Mechanism(
    name="sparse",
    module=__name__,
    summary="Seed 002: sparse-plus-rank-one attention B = B1 + 1 1^T from find sets, "
    "Algorithms 1-2 with a pluggable find-set search and an O(nkd) inference operation counter.",
    no_circuit_reason="The mechanism is classical linear algebra around a find-set search; its "
    "only quantum part is the Grover find-set search, whose circuits are registered by the "
    "`grover` mechanism (reference.mechanisms.grover).",
)

__all__ = [
    "ETA_MAX",
    "MECHANISM",
    "Algorithm1Result",
    "BatchFindSetSearch",
    "Comparison",
    "EtaDomain",
    "ExactScan",
    "Fill",
    "FindResult",
    "FindSetSearch",
    "Norm",
    "OperationCount",
    "Reading",
    "SparseAttentionApproximation",
    "SparseAttentionOutput",
    "SparseAttentionResult",
    "SparsePlusRankOne",
    "algorithm1",
    "algorithm2",
    "algorithm2_operations",
    "approximation_error",
    "attention",
    "attention_weights",
    "check_eta",
    "check_k",
    "error_bound",
    "find_sets",
    "is_tau_k_good",
    "matrix_norm",
    "max_sub_threshold",
    "normalised_dense",
    "scores",
    "sparse_attention",
]
