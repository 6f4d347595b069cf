"""Unit and bad-input tests of :mod:`reference.mechanisms.sparse` (seed 002, sparse attention)."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import numpy as np
import pytest

from properties.sparse import laws
from reference.mechanisms import sparse
from reference.mechanisms.sparse import exact as sparse_exact
from reference.registry import MECHANISMS

RNG = np.random.default_rng


def _ok(n: int = 5, d: int = 3) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = RNG(1)
    return rng.normal(size=(n, d)), rng.normal(size=(n, d)), rng.normal(size=(n, 7))


Q0, K0, V0 = _ok()
NAN_Q = Q0.copy()
NAN_Q[1, 2] = np.nan
INF_K = K0.copy()
INF_K[0, 0] = np.inf
INF_V = V0.copy()
INF_V[3, 1] = -np.inf
EMPTY_ROW_X = np.array([[2.0, 0.0, 0.0], [0.0, 0.01, 0.0], [0.0, 0.0, 2.0]])


def _sa(**kw: object) -> Callable[[], object]:
    args: dict[str, object] = {"tau": 1.0, "k": 2, "rng": RNG(0)}
    Q, K, V = kw.pop("Q", Q0), kw.pop("K", K0), kw.pop("V", V0)
    args.update(kw)
    return lambda: sparse.sparse_attention(Q, K, V, **args)  # type: ignore[arg-type]


def _zeros_empty() -> object:
    B = sparse.algorithm1(EMPTY_ROW_X, np.eye(3), tau=1.0, k=1, rng=RNG(0), fill="zeros").B
    return sparse.algorithm2(B, np.eye(3))


BAD: list[tuple[str, Callable[[], object], type[Exception], str]] = [
    ("k=0", _sa(k=0), ValueError, "k=0 must be in"),
    ("k=-1", _sa(k=-1), ValueError, "k=-1"),
    ("k>n", _sa(k=6), ValueError, r"k=6 must be in \[1, n=5\]"),
    ("k=2.5", _sa(k=2.5), TypeError, "k=2.5"),
    ("k=True", _sa(k=True), TypeError, "k=True"),
    ("eta=0", _sa(eta=0.0), ValueError, "eta=0.0"),
    ("eta<0", _sa(eta=-0.01), ValueError, "eta=-0.01"),
    ("eta=0.1 paper domain", _sa(eta=0.1), ValueError, r"eta=0.1 must be in \(0, 0.1\)"),
    ("eta=0.5 paper domain", _sa(eta=0.5), ValueError, "S002-A04"),
    ("eta=nan", _sa(eta=math.nan), ValueError, "eta=nan"),
    ("eta=inf positive", _sa(eta=math.inf, eta_domain="positive"), ValueError, "eta=inf"),
    ("eta_domain=bogus", _sa(eta=0.05, eta_domain="bogus"), ValueError, "eta_domain"),
    ("tau=nan", _sa(tau=math.nan), ValueError, "tau=nan"),
    ("tau=inf", _sa(tau=math.inf), ValueError, "tau=inf"),
    ("Q has NaN", _sa(Q=NAN_Q), ValueError, r"Q contains NaN or inf \(Q\[1, 2\]=nan\)"),
    ("K has inf", _sa(K=INF_K), ValueError, r"K contains NaN or inf \(K\[0, 0\]=inf\)"),
    ("V has -inf", _sa(V=INF_V), ValueError, r"V contains NaN or inf \(V\[3, 1\]=-inf\)"),
    ("Q, K d mismatch", _sa(K=K0[:, :2]), ValueError, r"Q shape \(5, 3\) and K shape \(5, 2\)"),
    ("Q, K n mismatch", _sa(K=K0[:4]), ValueError, "K shape"),
    ("V n mismatch", _sa(V=V0[:4]), ValueError, "V shape .* must have n=5 rows"),
    ("Q 1-d", _sa(Q=Q0[0]), ValueError, r"Q has shape \(3,\); expected \(n, d\)"),
    (
        "Q empty",
        _sa(Q=np.zeros((0, 3)), K=np.zeros((0, 3))),
        ValueError,
        r"Q has shape \(0, 3\); expected a non-empty",
    ),
    (
        "Q, K with d=0",
        _sa(Q=np.zeros((5, 0)), K=np.zeros((5, 0))),
        ValueError,
        r"Q has shape \(5, 0\)",
    ),
    ("V with d_v=0", _sa(V=np.zeros((5, 0))), ValueError, r"V has shape \(5, 0\)"),
    ("Q complex", _sa(Q=Q0 + 1j), TypeError, "Q is complex"),
    ("K complex", _sa(K=K0 * 1j), TypeError, "K is complex"),
    ("V complex", _sa(V=V0.astype(complex)), TypeError, "V is complex"),
    ("tau complex", _sa(tau=1j), TypeError, "tau=1j is complex"),
    ("rng not a Generator", _sa(rng=0), TypeError, "rng must be a numpy.random.Generator"),
    (
        "attention Q complex",
        lambda: sparse.attention(Q0 * 1j, K0, V0),
        TypeError,
        "Q is complex",
    ),
    (
        "attention_weights K complex",
        lambda: sparse.attention_weights(Q0, K0 + 0j),
        TypeError,
        "K is complex",
    ),
    (
        "find_sets Q complex",
        lambda: sparse.find_sets(Q0 * 1j, K0, 1.0),
        TypeError,
        "Q is complex",
    ),
    (
        "ExactScan q complex",
        lambda: sparse.ExactScan()(Q0[0] * 1j, K0, 1.0, rng=RNG(0)),
        TypeError,
        "q is complex",
    ),
    (
        "ExactScan q wrong length",
        lambda: sparse.ExactScan()(Q0[0, :2], K0, 1.0, rng=RNG(0)),
        ValueError,
        r"q has shape \(2,\); expected \(d,\)=\(3,\)",
    ),
    (
        "matrix_norm complex",
        lambda: sparse.matrix_norm(np.eye(2) * 1j),
        TypeError,
        "M is complex",
    ),
    ("fill=bogus", _sa(fill="twos"), ValueError, "fill="),
    ("comparison=bogus", _sa(comparison="=>"), ValueError, "comparison="),
    ("not (tau,k)-good", _sa(tau=-100.0), ValueError, r"row 0: find set has 5 > k=2"),
    ("eta hypothesis fails", _sa(eta=0.05, tau=1.0, k=5), ValueError, "sub-threshold"),
    ("zeros + empty find set", _zeros_empty, ValueError, r"row 1: empty find set .* D\(B\)_11 = 0"),
    (
        "norm=bogus",
        lambda: sparse.matrix_norm(np.eye(2), norm="max"),  # type: ignore[arg-type]
        ValueError,
        "norm=",
    ),
    (
        "reading=bounded no eta",
        lambda: sparse.is_tau_k_good(Q0, K0, tau=1.0, k=2, reading="bounded"),
        ValueError,
        "eta",
    ),
    (
        "B indices out of range",
        lambda: sparse.SparsePlusRankOne(
            n=2, indptr=np.array([0, 1, 1]), indices=np.array([2]), scores=np.array([0.0])
        ),
        ValueError,
        "indices must be integers in",
    ),
    (
        "B unsorted row",
        lambda: sparse.SparsePlusRankOne(
            n=3, indptr=np.array([0, 2, 2, 2]), indices=np.array([1, 0]), scores=np.zeros(2)
        ),
        ValueError,
        "strictly increasing",
    ),
    (
        "B bad indptr",
        lambda: sparse.SparsePlusRankOne(
            n=2, indptr=np.array([0, 2, 1]), indices=np.array([0]), scores=np.zeros(1)
        ),
        ValueError,
        "indptr",
    ),
    (
        "B nan score",
        lambda: sparse.SparsePlusRankOne(
            n=1, indptr=np.array([0, 1]), indices=np.array([0]), scores=np.array([np.nan])
        ),
        ValueError,
        r"scores contains NaN or inf \(scores\[0\]=nan\)",
    ),
    (
        "B from non-positive values",
        lambda: sparse.SparsePlusRankOne.from_values(
            n=1, indptr=np.array([0, 1]), indices=np.array([0]), values=np.array([0.0])
        ),
        ValueError,
        "values must be > 0",
    ),
    (
        "algorithm2 B not structure",
        lambda: sparse.algorithm2(np.eye(2), np.eye(2)),  # type: ignore[arg-type]
        TypeError,
        "SparsePlusRankOne",
    ),
]


@pytest.mark.parametrize(("fn", "exc", "match"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input(fn: Callable[[], object], exc: type[Exception], match: str) -> None:
    """Bad inputs raise naming the argument and its value (never a silent NaN / ZeroDivision)."""
    with pytest.raises(exc, match=match):
        fn()


# ---------------------------------------------------------------------------------------------
# oracles


def test_attention_hand_oracle_no_sqrt_d() -> None:
    """Definition 1.1 without 1/sqrt(d): one query, keys with scores 0 and 1 -> weights
    [1, e]/(1 + e); d = 4 would change them if a 1/sqrt(d) crept in."""
    Q = np.array([[1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]])
    K = np.array([[0.0, 0.0, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0]])
    w = sparse.attention_weights(Q, K)
    e = math.e
    np.testing.assert_allclose(w[0], [1 / (1 + e), e / (1 + e)], rtol=1e-15)
    np.testing.assert_allclose(w[1], [0.5, 0.5], rtol=1e-15)


def test_attention_stable_for_huge_scores() -> None:
    """Row-max shift: scores of 1e4 do not overflow (S002-C01)."""
    Q = np.array([[100.0], [-100.0], [0.5]])
    K = np.array([[100.0], [99.0], [0.0]])
    w = sparse.attention_weights(Q, K)
    assert np.all(np.isfinite(w))
    np.testing.assert_allclose(w.sum(axis=1), 1.0, rtol=1e-15)
    V = np.arange(6.0).reshape(3, 2)
    np.testing.assert_allclose(sparse.attention(Q, K, V), w @ V, rtol=1e-13, atol=1e-300)


def test_attention_blocked_equals_one_block(monkeypatch: pytest.MonkeyPatch) -> None:
    """The row-blocked dense path gives the same result with tiny blocks."""
    rng = RNG(3)
    Q, K, V = rng.normal(size=(11, 3)), rng.normal(size=(11, 3)), rng.normal(size=(11, 5))
    full = sparse.attention(Q, K, V)
    monkeypatch.setattr(sparse_exact, "_CHUNK_ENTRIES", 7)
    np.testing.assert_allclose(sparse.attention(Q, K, V), full, rtol=1e-13, atol=1e-15)


def test_find_sets_ge_and_gt_on_ties() -> None:
    """S002-A02: '>=' (default) keeps ties at tau, '>' drops them."""
    X = np.array([[1.0, 2.0, 0.0], [2.0, 2.0, 2.0], [0.0, 0.0, 0.0]])
    ip, ix = sparse.find_sets(X, np.eye(3), 2.0)
    assert ip.tolist() == [0, 1, 4, 4]
    assert ix.tolist() == [1, 0, 1, 2]
    ip, ix = sparse.find_sets(X, np.eye(3), 2.0, comparison=">")
    assert ip.tolist() == [0, 0, 0, 0]
    assert ix.size == 0


def test_b_structure_matches_definition_4_2() -> None:
    """S002-C05, A05: B = A on S_i, 1 elsewhere; D(B) = n + sum (A - 1)."""
    X = np.array([[2.0, 0.05, -0.05], [0.0, 0.01, 3.0], [0.02, 0.03, -0.04]])
    B = sparse.algorithm1(X, np.eye(3), tau=1.0, k=1, rng=RNG(0)).B
    assert B.row_nnz().tolist() == [1, 1, 0]
    np.testing.assert_allclose(B.to_dense(), laws.a_tilde(X, 1.0), rtol=1e-15)
    np.testing.assert_allclose(B.row_sums(), [3 + math.e**2 - 1, 3 + math.e**3 - 1, 3.0])
    Bz = sparse.algorithm1(X, np.eye(3), tau=1.0, k=1, rng=RNG(0), fill="zeros").B
    assert Bz.c == 0.0
    assert Bz.row_sums()[2] == 0.0


class _RowLoop:
    """A FindSetSearch without a batch fast path (exercises the per-row path of Algorithm 1)."""

    def __call__(
        self, q: np.ndarray, K: np.ndarray, tau: float, *, rng: np.random.Generator
    ) -> sparse.FindResult:
        return sparse.ExactScan()(q, K, tau, rng=rng)


def test_batch_fast_path_equals_per_row_search() -> None:
    """ExactScan.find_all (blocked) equals the per-row protocol path, queries = n per row."""
    rng = RNG(5)
    inst = laws.random_instance(rng, n=13, eta=0.05, tau=0.5, k=4)
    a = sparse.algorithm1(inst.Q, inst.K, tau=0.5, k=4, rng=RNG(0))
    b = sparse.algorithm1(inst.Q, inst.K, tau=0.5, k=4, rng=RNG(0), search=_RowLoop())
    assert isinstance(sparse.ExactScan(), sparse.BatchFindSetSearch)
    assert not isinstance(_RowLoop(), sparse.BatchFindSetSearch)
    np.testing.assert_array_equal(a.B.indptr, b.B.indptr)
    np.testing.assert_array_equal(a.B.indices, b.B.indices)
    np.testing.assert_array_equal(a.B.scores, b.B.scores)
    assert a.queries.tolist() == b.queries.tolist() == [13] * 13
    assert a.operations == b.operations == (13 * 13 + a.B.nnz) * inst.Q.shape[1]


@pytest.mark.parametrize("fill", ["ones", "zeros"])
def test_algorithm2_equals_dense(fill: str) -> None:
    """Algorithm 2 (vectorised CSR) equals D(B)^-1 B V computed densely; count = formula."""
    rng = RNG(7)
    inst = laws.random_instance(rng, n=17, eta=0.05, tau=0.5, k=5, min_find=1)
    B = sparse.algorithm1(inst.Q, inst.K, tau=0.5, k=5, rng=RNG(0), fill=fill).B  # type: ignore[arg-type]
    V = rng.normal(size=(17, 3))
    res = sparse.algorithm2(B, V)
    Bd = B.to_dense()
    np.testing.assert_allclose(res.output, (Bd @ V) / Bd.sum(axis=1)[:, None], rtol=1e-12)
    assert res.operations.total == sparse.algorithm2_operations(B.nnz, 17, 3, fill=fill)  # type: ignore[arg-type]


def test_algorithm2_stable_for_large_found_scores() -> None:
    """Found entries up to 800 (exp overflows float64) still give finite, correct outputs."""
    X = np.array([[800.0, 0.01, -0.02], [0.0, 0.05, 0.03], [-0.01, 750.0, 749.0]])
    res = sparse.sparse_attention(X, np.eye(3), np.eye(3), tau=100.0, k=2, rng=RNG(0))
    assert np.all(np.isfinite(res.output))
    exact = sparse.attention(X, np.eye(3), np.eye(3))
    np.testing.assert_allclose(res.output[[0, 2]], exact[[0, 2]], atol=1e-15)
    assert np.abs(res.output[1] - exact[1]).sum() <= sparse.error_bound(0.05, norm="row_l1")


def test_error_bound_values() -> None:
    """S002-C16/C17, A01: tanh(eta/2) entrywise, twice that row-l1; <= eta/2 and <= eta."""
    assert sparse.error_bound(0.05) == math.tanh(0.025)
    assert sparse.error_bound(0.05, norm="row_l1") == 2 * math.tanh(0.025) <= 0.05
    assert sparse.error_bound(0.5, eta_domain="positive") == math.tanh(0.25)


def test_f01_instance_error() -> None:
    """S002-F01 by hand: n = 8, diagonal 2, off-diagonal -10: entrywise error 0.486."""
    X = np.full((8, 8), -10.0)
    np.fill_diagonal(X, 2.0)
    B = sparse.algorithm1(X, np.eye(8), tau=1.0, k=1, rng=RNG(0)).B
    assert round(sparse.approximation_error(X, np.eye(8), B), 3) == 0.486
    assert round(sparse.approximation_error(X, np.eye(8), B, norm="row_l1"), 3) == 0.973


def test_registered_without_circuit() -> None:
    """The mechanism is registered; its quantum part is the Grover search (grover-search)."""
    mech = MECHANISMS["sparse"]
    assert mech.module == "reference.mechanisms.sparse"
    assert not mech.circuits
    assert "grover" in mech.no_circuit_reason


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"indices": np.array([2, 1]), "queries": 3}, "strictly increasing"),
        ({"indices": np.array([1, 1]), "queries": 3}, "strictly increasing"),
        ({"indices": np.array([[1]]), "queries": 3}, "1-d integer"),
        ({"indices": np.array([0.5]), "queries": 3}, "1-d integer"),
        ({"indices": np.array([1]), "queries": -1}, "queries=-1"),
    ],
    ids=["unsorted", "repeated", "2-d", "float", "negative queries"],
)
def test_find_result_validates(kwargs: dict[str, object], match: str) -> None:
    """FindResult (the FindSetSearch protocol's return type) rejects malformed results."""
    with pytest.raises(ValueError, match=match):
        sparse.FindResult(**kwargs)  # type: ignore[arg-type]


def test_search_out_of_range_indices_rejected() -> None:
    """A search returning a column >= n is rejected by Algorithm 1."""

    def bad(q: np.ndarray, K: np.ndarray, tau: float, *, rng: np.random.Generator) -> object:
        return sparse.FindResult(indices=np.array([K.shape[0]]), queries=1)

    with pytest.raises(ValueError, match=r"outside \[0, n=5\)"):
        sparse.algorithm1(Q0, K0, tau=1.0, k=2, rng=RNG(0), search=bad)  # type: ignore[arg-type]


class _Lossy:
    """A randomized FindSetSearch (keeps each found column with probability 1/2): models a
    bounded-error search and checks that Algorithm 1 hands it the caller's generator."""

    def __call__(
        self, q: np.ndarray, K: np.ndarray, tau: float, *, rng: np.random.Generator
    ) -> sparse.FindResult:
        exact = sparse.ExactScan()(q, K, tau, rng=rng).indices
        return sparse.FindResult(indices=exact[rng.random(exact.size) < 0.5], queries=7)


def test_randomized_search_is_pluggable_and_reproducible() -> None:
    """Algorithm 1 with a custom search: support within the exact find sets, queries summed,
    the same generator seed gives the same B."""
    inst = laws.random_instance(RNG(11), n=19, eta=0.05, tau=0.5, k=6, min_find=3)
    exact = sparse.algorithm1(inst.Q, inst.K, tau=0.5, k=6, rng=RNG(0)).B
    a = sparse.algorithm1(inst.Q, inst.K, tau=0.5, k=6, rng=RNG(4), search=_Lossy())
    b = sparse.algorithm1(inst.Q, inst.K, tau=0.5, k=6, rng=RNG(4), search=_Lossy())
    np.testing.assert_array_equal(a.B.indices, b.B.indices)
    assert a.B.nnz < exact.nnz
    for i in range(19):
        row = set(a.B.indices[a.B.indptr[i] : a.B.indptr[i + 1]].tolist())
        assert row <= set(exact.indices[exact.indptr[i] : exact.indptr[i + 1]].tolist())
    assert a.queries.tolist() == [7] * 19


def _algorithm2_csr_previous(B: sparse.SparsePlusRankOne, V: np.ndarray) -> np.ndarray:
    """Algorithm 2 as implemented before the access-pattern rewrite (issue 13, item 4): the
    oracle the current implementation is proven equal to."""
    import scipy.sparse as sp

    from reference.mechanisms.sparse.approximation import _segment_reduce

    n, c = B.n, B.c
    nnz_row = B.row_nnz()
    shift = _segment_reduce(np.maximum, B.scores, B.indptr, -np.inf)
    if c > 0:
        shift = np.maximum(shift, 0.0)
    rows = B.row_ids()
    w = np.exp(B.scores - shift[rows])
    c_s = c * np.exp(-shift)
    b1 = sp.csr_array((w - c_s[rows], B.indices, B.indptr), shape=(n, n))
    r = c_s * (n - nnz_row) + _segment_reduce(np.add, w, B.indptr, 0.0)
    y = np.asarray(b1 @ V)
    if c > 0:
        y = y + c_s[:, None] * V.sum(axis=0)[None, :]
    return np.asarray(y / r[:, None])


@pytest.mark.parametrize("fill", ["ones", "zeros"])
@pytest.mark.parametrize("regular", [True, False])
@pytest.mark.parametrize("seed", range(4))
def test_algorithm2_equals_previous_implementation(fill: str, regular: bool, seed: int) -> None:
    """The rewritten Algorithm 2 (rows of ``k`` entries as an ``(n, k)`` block, ``D(B)^-1`` folded
    into the sparse entries, in-place rank-one update) equals the previous CSR implementation.

    Tolerance: both sum the same terms in the same order; the rewrite divides each of the
    ``|S_i| + 1`` terms by ``r_i`` before summing instead of after, one extra rounding per term
    (relative ``eps``), and the sum of ``|S_i| + 1`` terms carries ``(|S_i| + 1) eps`` relative
    error on the sum of absolute terms ``T_i = (sum_j |B1_ij| |V_j| + c_s |1^T V|) / r_i``. So
    ``|new - old| <= 2 (|S_i| + 2) eps T_i``; we check with ``T_i`` computed densely.
    """
    rng = RNG(100 + seed)
    n, k, dv = 23, 4, 5
    if regular:
        indptr = np.arange(0, n * k + 1, k)
        indices = np.sort(
            np.stack([rng.choice(n, k, replace=False) for _ in range(n)]), axis=1
        ).ravel()
    else:
        counts = rng.integers(1 if fill == "zeros" else 0, 7, size=n)
        indptr = np.concatenate([[0], np.cumsum(counts)])
        indices = np.concatenate([np.sort(rng.choice(n, c, replace=False)) for c in counts])
    scores = rng.normal(scale=3.0, size=int(indptr[-1])) + (40.0 if seed == 3 else 0.0)
    B = sparse.SparsePlusRankOne(n=n, indptr=indptr, indices=indices, scores=scores, fill=fill)  # type: ignore[arg-type]
    V = rng.normal(size=(n, dv))
    new = sparse.algorithm2(B, V).output
    old = _algorithm2_csr_previous(B, V)
    shift = np.array(
        [
            max(scores[a:b].max(initial=-np.inf), 0.0 if B.c else -np.inf)
            for a, b in itertools.pairwise(indptr)
        ]
    )
    dense = B.to_dense() * np.exp(-shift)[:, None]  # rows of B scaled by e^{-m_i}
    b1 = dense - B.c * np.exp(-shift)[:, None]
    r = dense.sum(axis=1)
    terms = (np.abs(b1) @ np.abs(V) + B.c * np.exp(-shift)[:, None] * np.abs(V.sum(axis=0))) / r[
        :, None
    ]
    bound = 2 * (np.diff(indptr)[:, None] + 2) * np.finfo(float).eps * terms
    assert np.all(np.abs(new - old) <= bound)
    assert sparse.algorithm2(B, V).operations.total == sparse.algorithm2_operations(
        B.nnz,
        n,
        dv,
        fill=fill,  # type: ignore[arg-type]
    )
