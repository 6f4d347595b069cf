"""Evidence for seed 002 definitions and the structure of ``B`` (``S002-C01..C06``)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import sympy as sym

from proofs.evidence.sparse._common import _case, _instances, _run, reference_approx
from proofs.ledger import (
    Case,
    Evidence,
    EvidenceRegistry,
    Failed,
    Proved,
    Refuted,
    held_or_failed,
    load_counterexample,
)
from properties.sparse import laws
from reference.mechanisms import sparse

EVIDENCE = EvidenceRegistry()


# ---------------------------------------------------------------------------------------------
# definitions and structure


@EVIDENCE.claim("S002-C01")
def row_stochastic(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        for _ in range(300):
            n = int(rng.integers(1, 40))
            d = int(rng.integers(1, 9))
            scale = float(rng.choice([0.1, 1.0, 5.0, 20.0]))
            Q = rng.normal(size=(n, d)) * scale
            K = rng.normal(size=(n, d)) * scale
            if np.ptp(Q @ K.T, axis=1).max(initial=0.0) > 700:  # exp underflow: outside floats
                continue
            yield (
                laws.law_row_stochastic(sparse.attention_weights, Q, K),
                {"Q": Q.tolist(), "K": K.tolist()},
            )

    return held_or_failed(
        cases(),
        detail="random Q, K (n < 40, scale up to 20, row score spread <= 700 so exp does not "
        "underflow); |row sum - 1| <= 8 (n + 2) eps and min entry > 0",
        tolerance=0.0,
    )


@EVIDENCE.claim("S002-C02")
def tau_k_good(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        for _ in range(400):
            n = int(rng.integers(1, 12))
            X = rng.integers(-3, 4, size=(n, n)).astype(float)  # integer grid: ties at tau
            tau = float(rng.integers(-3, 4))
            k = int(rng.integers(1, n + 1))
            for comp in (">=", ">"):
                yield (
                    laws.law_tau_k_good(sparse.is_tau_k_good, X, tau=tau, k=k, comparison=comp),
                    {"X": X.tolist(), "tau": tau, "k": k, "comparison": comp},
                )

    return held_or_failed(
        cases(),
        detail="is_tau_k_good agrees with a brute-force set count on integer matrices with "
        "ties at tau (both comparisons)",
    )


@EVIDENCE.claim("S002-C03")
def row_sparsity(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        approx = reference_approx(rng)
        for inst in _instances(rng, 300):
            s = min(laws.law_sparsity(approx, inst), laws.law_sparsity_find_set(approx, inst))
            yield s, _case(inst)

    return held_or_failed(
        cases(), detail="row i of B - 1 1^T has <= |S_i| <= k nonzeros (dense count)"
    )


@EVIDENCE.claim("S002-C04")
def rank_one(rng: np.random.Generator) -> Evidence:
    n = sym.Symbol("n", integer=True, positive=True)
    i = sym.Symbol("i", integer=True, positive=True)
    entry = sym.Integer(1) * sym.Integer(1)  # (1 1^T)_ij = 1_i 1_j = 1 for every i, j
    # column j equals 1_j * (1, ..., 1)^T: every column is a multiple of 1_n, so rank <= 1;
    # the trace sum_i 1 = n > 0, so the matrix is non-zero and rank >= 1
    trace = sym.summation(entry, (i, 1, n))
    if not (sym.simplify(trace - n) == 0 and sym.ask(sym.Q.positive(n))):
        return Failed(error="trace(1 1^T) = n > 0 not established")
    exact = [int(sym.ones(m, m).rank()) for m in range(1, 17)]
    if exact != [1] * 16:
        return Failed(error=f"sympy ranks of 1 1^T for n = 1..16: {exact}")
    for _ in range(50):  # the reference's B really has B - B1 = 1 1^T
        inst = laws.random_instance(rng)
        if laws.law_rank_one_part(reference_approx(rng), inst) < 0:
            return Failed(error="B - B1 is not 1 1^T", counterexample=_case(inst))
    return Proved(
        method="SymPy",
        detail="1_n 1_n^T = u u^T has column space span(u) (rank <= 1) and trace n > 0 "
        "(rank >= 1); exact SymPy ranks for n = 1..16; B - B1 == 1 1^T on 50 reference outputs",
    )


@EVIDENCE.claim("S002-C05")
def row_sums(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        for inst in _instances(rng, 300):
            B = _run(inst, rng).B
            s = laws.law_row_sums(reference_approx(rng), inst)
            # and D(B) equals the dense row sums of B
            dense = B.to_dense().sum(axis=1)
            rel = float(np.max(np.abs(dense - B.row_sums()) / np.maximum(dense, 1.0)))
            yield min(s, laws.row_tolerance(inst.n) - rel), _case(inst)

    return held_or_failed(
        cases(),
        detail="D(B)_ii = n + sum_{S_i}(A_ij - 1) (from expm1 of the brute-force find set) and "
        "= B 1 densely; relative tolerance 8 (n + 2) eps",
    )


@EVIDENCE.claim("S002-C06")
def exactly_n_minus_k_ones(rng: np.random.Generator) -> Evidence:
    cx = load_counterexample("S002-C06")
    X = np.asarray(cx["X"], dtype=float)
    n, k, tau = int(cx["n"]), int(cx["k"]), float(cx["tau"])
    if not sparse.is_tau_k_good(X, np.eye(n), tau=tau, k=k):
        return Failed(error="stored instance is not (tau, k)-good", counterexample=cx)
    B = sparse.algorithm1(X, np.eye(n), tau=tau, k=k, rng=rng).B.to_dense()
    ones = (B == 1.0).sum(axis=1)
    if np.all(ones == n - k):
        return Failed(error="every row has exactly n - k ones", counterexample=cx)
    if np.any(ones < n - k):
        return Failed(error="'at least n - k ones' fails too", counterexample=cx)
    return Refuted(
        counterexample=cx,
        observed=f"ones per row {ones.tolist()} with n - k = {n - k}: not exactly n - k "
        "(row 0 has |S_0| = 1 < k); 'at least n - k' holds on every row",
    )
