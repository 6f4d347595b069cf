"""Hypothesis properties of seed 002's sparse attention, binding :mod:`properties.sparse.laws`
to :mod:`reference.mechanisms.sparse`. Test names carry the claim ids."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
from hypothesis import example, find, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from properties.outcome import assert_holds, at_most
from properties.sparse import laws
from properties.sparse.strategies import instances, score_pairs
from reference.mechanisms import sparse


def reference(
    Q: np.ndarray, K: np.ndarray, V: np.ndarray, *, tau: float, k: int
) -> sparse.SparseAttentionResult:
    """The reference bound to the laws: Algorithms 1-2 with the exact scan (draws no randoms)."""
    return sparse.sparse_attention(Q, K, V, tau=tau, k=k, rng=np.random.default_rng(0))


@given(score_pairs())
def test_s002_c01_row_stochastic(QK: tuple[np.ndarray, np.ndarray]) -> None:
    """S002-C01: D^-1 A is row-stochastic with positive entries (row spread <= 648, see
    :func:`properties.sparse.strategies.score_pairs`)."""
    Q, K = QK
    assert_holds(laws.law_row_stochastic(sparse.attention_weights, Q, K))


@given(
    arrays(
        np.int64,
        st.tuples(st.integers(1, 6)).map(lambda t: (t[0], t[0])),
        elements=st.integers(-2, 2),
    ),
    st.integers(-2, 2),
    st.data(),
    st.sampled_from([">=", ">"]),
)
def test_s002_c02_a02_tau_k_good(X: np.ndarray, tau: int, data: st.DataObject, cmp: str) -> None:
    """S002-C02, S002-A02: (tau, k)-good counts {x >= tau} (or {x > tau}), ties included."""
    k = data.draw(st.integers(1, X.shape[0]))
    assert_holds(
        laws.law_tau_k_good(
            sparse.is_tau_k_good, X.astype(float), tau=float(tau), k=k, comparison=cmp
        )
    )


@given(instances())
def test_s002_c03_c04_c05_structure(inst: laws.Instance) -> None:
    """S002-C03 (<= |S_i| <= k nonzeros), C04 (B2 = 1 1^T), C05 (D(B) formula)."""
    assert_holds(laws.law_sparsity(reference, inst))
    assert_holds(laws.law_sparsity_find_set(reference, inst))
    assert_holds(laws.law_rank_one_part(reference, inst))
    assert_holds(laws.law_row_sums(reference, inst))


_ETA_EDGE = 0.04247692778150971
"""An off-``S_i`` entry exactly at ``|x| = eta`` with ``B = 1``: the computed ``e^x - 1`` exceeds
``expm1(eta)`` by one rounding of ``e^x`` (found by Hypothesis; see ``law_pointwise``)."""


@example(
    laws.Instance(
        Q=np.array([[0.0, _ETA_EDGE, 0.0]]),
        K=np.array([[0.0, 1.0, 0.0]]),
        V=np.array([[0.0]]),
        X=np.array([[_ETA_EDGE]]),
        tau=1.0,
        k=1,
        eta=_ETA_EDGE,
        family="hypothesis",
    )
)
@given(instances())
def test_s002_c09_c10_c11_pointwise(inst: laws.Instance) -> None:
    """S002-C09, C10, C11: |A - B| <= e^eta - 1 <= 2 eta off S_i, A = B on S_i."""
    assert_holds(laws.law_pointwise(reference, inst))
    assert_holds(laws.law_max_diff(reference, inst))


@given(instances())
def test_s002_c12_c13_c14_c15_normalisers(inst: laws.Instance) -> None:
    """S002-C12, C13, C15, and C14's conditional form (tau >= -eta here)."""
    assert_holds(laws.law_normaliser(reference, inst))
    assert_holds(laws.law_db_lower(reference, inst))
    assert_holds(laws.law_da_lower(inst.X, eta=inst.eta))


@given(instances())
def test_s002_c16_c17_c21_c25_error_bounds(inst: laws.Instance) -> None:
    """S002-C16, C17, C21 (sharp 2 tanh(eta/2) bounds), uniform in n, k, d, tau (C25)."""
    assert_holds(laws.law_error_bounds(reference, inst))


@given(instances(max_n=12))
def test_s002_c32_inference(inst: laws.Instance) -> None:
    """S002-C32: Algorithm 2 computes D(B)^-1 B V with nnz(d+1) + 3nd <= nkd + nk + 3nd ops."""
    assert_holds(laws.law_output_consistent(reference, inst))
    assert_holds(laws.law_exact_ops(reference, inst))
    assert_holds(laws.law_operations(reference, inst))


@given(st.floats(1e-6, 0.0999), st.integers(2, 80))
def test_s002_c19_two_point_never_beats_bound(eta: float, n: int) -> None:
    """S002-C17 / C19: the two-point m-split rows stay below 2 tanh(eta/2) for every m."""
    m = np.arange(1, n)[:, None]
    x = np.where(np.arange(n)[None, :] < m, -eta, eta)
    err = np.abs(laws.softmax_rows(x) - 1.0 / n).sum(axis=1)
    bound = 2 * math.tanh(eta / 2)
    assert_holds(at_most("two-point row-l1 <= 2 tanh(eta/2)", err, bound, laws.row_tolerance(n)))


def test_strategy_produces_edge_cases() -> None:
    """The instance strategy reaches empty find sets, full rows (|S_i| = k = n) and n = 1."""
    find(instances(), lambda i: bool(np.any(laws.find_mask(i.X, i.tau).sum(axis=1) == 0)))
    find(
        instances(),
        lambda i: i.n > 1 and bool(np.any(laws.find_mask(i.X, i.tau).sum(axis=1) == i.n)),
    )
    find(instances(), lambda i: i.n == 1)


def test_nan_slack_is_a_failure_never_a_pass() -> None:
    """A non-finite comparison fails the law: ``exp(800)`` overflows in both ``A`` and ``B``, so
    ``|A - B| = inf - inf = nan`` on ``S_i`` (this used to be mapped to slack 0, a pass): the
    ``on S_i`` check fails."""
    X = np.array([[800.0]])
    Q, K = laws.realise(X, np.random.default_rng(0))
    inst = laws.Instance(
        Q=Q, K=K, V=np.ones((1, 1)), X=X, tau=1.0, k=1, eta=0.05, family="overflow"
    )
    with np.errstate(over="ignore", invalid="ignore"):
        result = laws.law_pointwise(reference, inst)
    assert not result.holds
    assert any(c.name.startswith("on S_i") for c in result.failing)


def test_nan_output_fails_the_output_laws() -> None:
    """A variant whose output is NaN fails C16/C17/C21 and C32 (never a pass)."""
    inst = laws.random_instance(np.random.default_rng(1), n=4, min_find=1)

    def nan_output(
        Q: np.ndarray, K: np.ndarray, V: np.ndarray, *, tau: float, k: int
    ) -> sparse.SparseAttentionResult:
        r = reference(Q, K, V, tau=tau, k=k)
        return dataclasses.replace(r, output=np.full_like(r.output, np.nan))

    assert all(not o.holds for o in laws.error_outcomes(nan_output, inst))
    assert not laws.law_output_consistent(nan_output, inst).holds
