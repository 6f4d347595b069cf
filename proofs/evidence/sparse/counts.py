"""Counted evidence for the complexity claims of seed 002 (``S002-C30..C33``, ``S002-F06``,
``S002-F09``: operation and query counters compared with the stated formulas) and the
reconstructed defaults (``S002-A01..A05``)."""

from __future__ import annotations

import inspect
import math
from collections.abc import Iterator, Sequence
from dataclasses import replace

import numpy as np
import sympy as sym

from proofs.evidence.sparse._common import Case, _case, _instances, _run, reference_approx
from proofs.ledger import (
    Counted,
    Evidence,
    EvidenceRegistry,
    Failed,
    Held,
    Proved,
    held_or_failed,
    load_counterexample,
)
from properties.outcome import at_least, at_most, combine, true, within
from properties.sparse import laws
from reference._types import FloatArray, IntArray
from reference.algorithms.opcount import OpCounter, fitted_exponent
from reference.mechanisms import sparse

EVIDENCE = EvidenceRegistry()


# ---------------------------------------------------------------------------------------------
# complexity counts


@EVIDENCE.claim("S002-C30")
def construction_count(rng: np.random.Generator) -> Evidence:
    bound = 3 * math.pi / 4 + 3  # query budget: pi/4 (2 sqrt(nk) + sqrt n) + k + 1 <= this sqrt(nk)
    rows: list[str] = []
    ratios: list[float] = []

    def cases() -> Iterator[Case]:
        for n in (64, 256, 1024):
            for k in (1, 4, 16):
                for d in (4, 16):
                    Q = rng.normal(size=(n, d))
                    K = rng.normal(size=(n, d))
                    X = Q @ K.T
                    # tau above the (k+1)-th largest score of every row, by more than the rounding
                    # difference between X = Q K^T and the search's own K q (two d-term dot
                    # products: 2 d eps max||q|| max||k||), so every find set has <= k entries
                    dots = 2 * d * laws.EPS * _max_norm(Q) * _max_norm(K)
                    tau = float(np.sort(X, axis=1)[:, -(k + 1)].max()) + 2 * dots
                    res = sparse.algorithm1(Q, K, tau=tau, k=k, search=_BudgetSearch(), rng=rng)
                    measured = float(res.operations)
                    want = n * (math.sqrt(n * k) * d + k * d)
                    sizes = res.B.row_nnz()
                    expect = sum(_budget(n, int(s)) * d + int(s) * d for s in sizes)
                    ratios.append(measured / want)
                    rows.append(f"n={n} k={k} d={d}: {measured:.0f} / {want:.0f}")
                    yield (
                        combine(
                            true("operations = sum_i (queries_i d + |S_i| d)", measured == expect),
                            at_most("|S_i| <= k", sizes, k),
                            # a ratio of two float sums: 4 eps relative
                            at_most(
                                "cost / (n (sqrt(nk) d + kd)) <= 3 pi/4 + 3",
                                measured / want,
                                bound,
                                4 * laws.EPS * bound,
                            ),
                        ),
                        {"n": n, "k": k, "d": d},
                    )

    res = held_or_failed(cases(), detail="")
    if not isinstance(res, Held):
        return res
    return replace(
        res,
        detail="COST MODEL, not a count: the find sets are computed by an exact classical scan "
        "and each row is then charged the Grover find-all query budget of Theorem 3.1 "
        "(sum_{m<=|S_i|} ceil(pi/4 sqrt(n/m)) + ceil(pi/4 sqrt n) queries; the Grover search "
        "itself is simulated in S002-C26..C29). Checked on the cost model's inputs (the real "
        "|S_i| of Algorithm 1 on Gaussian Q, K, n = 64..1024, k = 1..16, d = 4, 16): Algorithm "
        "1's reported operations = sum_i (queries_i d + |S_i| d) exactly, and cost / (n "
        f"(sqrt(nk) d + kd)) in [{min(ratios):.2f}, {max(ratios):.2f}] <= 3 pi/4 + 3 = "
        f"{bound:.2f} (the budget's bound pi/4 (2 sqrt(nk) + sqrt n) + k + 1 <= (3 pi/4 + 3) "
        "sqrt(nk)); rows (cost / n (sqrt(nk) d + kd)): " + "; ".join(rows),
    )


def _max_norm(M: FloatArray) -> float:
    return float(np.max(np.linalg.norm(M, axis=1)))


def _budget(n: int, s: int) -> int:
    return sum(math.ceil(math.pi / 4 * math.sqrt(n / m)) for m in range(1, s + 1)) + math.ceil(
        math.pi / 4 * math.sqrt(n)
    )


class _BudgetSearch:
    """Exact find set, charged the Grover find-all query budget of Theorem 3.1 (a cost model)."""

    def __call__(
        self, q: FloatArray, K: FloatArray, tau: float, *, rng: np.random.Generator
    ) -> sparse.FindResult:
        idx: IntArray = np.flatnonzero(K @ q >= tau).astype(np.int64)
        return sparse.FindResult(indices=idx, queries=_budget(K.shape[0], int(idx.size)))


@EVIDENCE.claim("S002-C31")
def nk_redundant(rng: np.random.Generator) -> Evidence:
    n, k = sym.symbols("n k", positive=True)
    gap = n ** sym.Rational(3, 2) * sym.sqrt(k) - n * k
    factored = n * sym.sqrt(k) * (sym.sqrt(n) - sym.sqrt(k))
    if sym.simplify(gap - factored) != 0:
        return Failed(error="n^1.5 k^.5 - nk != n sqrt(k) (sqrt(n) - sqrt(k))")
    if sym.simplify(n * k / (n ** sym.Rational(3, 2) * sym.sqrt(k)) - sym.sqrt(k / n)) != 0:
        return Failed(error="ratio != sqrt(k/n)")
    return Proved(
        method="SymPy",
        detail="n^{3/2} k^{1/2} - nk = n sqrt(k) (sqrt(n) - sqrt(k)) >= 0 for 1 <= k <= n; "
        "ratio nk / (n^{3/2} k^{1/2}) = sqrt(k/n) <= 1",
    )


@EVIDENCE.claim("S002-F06")
def plus_nkd_loose(rng: np.random.Generator) -> Evidence:
    n, k, d = sym.symbols("n k d", positive=True)
    main = n ** sym.Rational(3, 2) * sym.sqrt(k) * d
    total = main + n * k * d
    # total <= 2 main  <=>  nkd <= main  <=>  sqrt(k) <= sqrt(n)
    if sym.simplify((2 * main - total) - n * sym.sqrt(k) * d * (sym.sqrt(n) - sym.sqrt(k))) != 0:
        return Failed(error="2 main - total != n sqrt(k) d (sqrt n - sqrt k)")
    worst = max(
        (nn * kk) / (nn**1.5 * kk**0.5) for nn in (2, 10, 1000, 10**6) for kk in (1, nn // 2, nn)
    )
    if worst > 1 + 8 * laws.EPS:  # four correctly rounded pow / product / quotient steps
        return Failed(error=f"nk / n^1.5 k^.5 = {worst} > 1")
    return Proved(
        method="SymPy",
        detail="n^{1.5} k^{.5} d <= n^{1.5} k^{.5} d + nkd <= 2 n^{1.5} k^{.5} d for 1 <= k <= n "
        "(2 main - total = n sqrt(k) d (sqrt n - sqrt k) >= 0): the +nkd term is redundant "
        f"(loose, not wrong); numeric max nk/(n^1.5 k^.5) = {worst:g} at k = n",
    )


def _exact_k_matrix(rng: np.random.Generator, n: int, k: int) -> sparse.SparsePlusRankOne:
    """``B`` with exactly ``k`` support entries per row (random columns, scores in [1, 2])."""
    cols = np.argsort(rng.random((n, n)), axis=1)[:, :k] if k < n else np.tile(np.arange(n), (n, 1))
    indices = np.sort(cols, axis=1).reshape(-1).astype(np.int64)
    indptr = np.arange(0, n * k + 1, k, dtype=np.int64)
    return sparse.SparsePlusRankOne(
        n=n, indptr=indptr, indices=indices, scores=rng.uniform(1.0, 2.0, n * k)
    )


def _slope_tolerance(sizes: Sequence[int], counts: Sequence[float]) -> float:
    """Round-off bound of the least-squares log-log slope: each ``log(count)`` is within
    ``2 eps |log count|`` of exact (counts are exact integers < 2^53, the log is correctly
    rounded to 1 ulp), and the slope is ``sum_i w_i log(count_i)`` with
    ``w_i = (x_i - mean x) / sum_j (x_j - mean x)^2``, so its error is at most
    ``2 eps max|log count| sum_i |w_i|`` (the ``x_i`` are computed the same way: doubled)."""
    x = np.log(np.asarray(sizes, dtype=np.float64))
    w = (x - x.mean()) / float(np.sum((x - x.mean()) ** 2))
    big = float(np.max(np.abs(np.log(np.asarray(counts, dtype=np.float64)))))
    return 4 * laws.EPS * big * float(np.sum(np.abs(w))) * (1 + float(np.max(np.abs(x))))


@EVIDENCE.claim("S002-C32")
def inference_count(rng: np.random.Generator) -> Evidence:
    """Counts read off the OpCounter every arithmetic step of ``algorithm2`` runs through."""
    sweeps = {
        "n": [(n, 8, 8) for n in (64, 128, 256, 512, 1024)],
        "k": [(512, k, 16) for k in (1, 2, 4, 8, 16, 32, 64)],
        "d": [(512, 8, d) for d in (1, 2, 4, 8, 16, 32, 64)],
    }
    rows: list[tuple[str, float, float]] = []
    slopes: dict[str, float] = {}
    worst_c = 0.0
    for var, grid in sweeps.items():
        sizes: list[int] = []
        counts: list[float] = []
        for n, k, d in grid:
            B = _exact_k_matrix(rng, n, k)
            V = rng.normal(size=(n, d))
            ops = sparse.algorithm2(B, V).operations
            if ops.sparse_product != B.b1().nnz * d:
                return Failed(error=f"sparse product counted {ops.sparse_product} != nnz(B1) d")
            total = float(ops.total)
            worst_c = max(worst_c, total / (n * k * d))
            sizes.append({"n": n, "k": k, "d": d}[var])
            counts.append(total)
            rows.append((f"n={n} k={k} d={d}", total, n * k * d))
        slope = fitted_exponent(sizes, counts)
        tol = _slope_tolerance(sizes, counts)
        slopes[var] = slope
        if slope > 1 + tol:
            return Failed(error=f"fitted exponent in {var} = {slope} > 1 (O(nkd) is linear)")
        if var == "n" and abs(slope - 1) > tol:
            return Failed(error=f"fitted exponent in n = {slope} != 1 at fixed k, d")
    if worst_c > 5:
        return Failed(error=f"ops / (nkd) = {worst_c} > 5")
    # the contrast the count must draw: a dense n^2 d product routed through the same counter
    dense: list[float] = []
    for n, _, _ in sweeps["n"]:
        c = OpCounter()
        c.matmul(_exact_k_matrix(rng, n, 8).to_dense(), rng.normal(size=(n, 8)))
        dense.append(float(c.madds))
    dense_slope = fitted_exponent([g[0] for g in sweeps["n"]], dense)
    return Counted(
        detail="measured: the operations Algorithm 2 performs, read off the OpCounter that its "
        "row sums (segment_sum), sparse product B1 V (CSR SpMM: one multiply-add per stored "
        "entry per column), column sum 1^T V, rank-one update and D(B)^-1 scaling run through; "
        "B built with exactly k support entries per row. Against the claimed O(nkd): fitted "
        f"log-log exponent in n = {slopes['n']:.6f} (k = d = 8; must be 1: count linear in n), "
        f"in k = {slopes['k']:.3f} (n = 512, d = 16), in d = {slopes['d']:.3f} (n = 512, k = 8),"
        " each required <= 1 up to the least-squares round-off bound (the lower-order O(nk), "
        "O(nd) terms pull k and d below 1); max ops / (nkd) = "
        f"{worst_c:.3f} <= 5 (the lemma's four terms nk + nkd + nd + 2nd, each <= nkd); "
        "sparse-product count = nnz(B1) d on every size. Contrast: a dense n^2 d product "
        f"through the same counter fits exponent {dense_slope:.3f} in n",
        rows=tuple(rows),
    )


@EVIDENCE.claim("S002-C33")
def speedup(rng: np.random.Generator) -> Evidence:
    n, k, d = sym.symbols("n k d", positive=True)
    if sym.simplify(n**2 * d / (n ** sym.Rational(3, 2) * sym.sqrt(k) * d) - sym.sqrt(n / k)) != 0:
        return Failed(error="n^2 d / (n^1.5 k^.5 d) != sqrt(n/k)")
    dd = 8
    ns = (256, 512, 1024, 2048)
    rows: list[str] = []
    slopes: list[float] = []
    ratios: list[float] = []
    speedups: list[list[float]] = []
    for kk in (1, 4, 16):
        ups: list[float] = []
        for nn in ns:
            Q = rng.normal(size=(nn, dd)) / math.sqrt(dd)
            K = rng.normal(size=(nn, dd))
            V = rng.normal(size=(nn, dd))
            naive = OpCounter()  # dense softmax(Q K^T) V, multiply-adds counted by the counter
            X = naive.matmul(Q, K.T)
            A = naive.exp(X - X.max(axis=1, keepdims=True))
            naive.matmul(A / A.sum(axis=1, keepdims=True), V)
            B = _exact_k_matrix(rng, nn, kk)
            alg2 = sparse.algorithm2(B, V).operations.total  # counted (S002-C32)
            alg1 = nn * (_budget(nn, kk) * dd + kk * dd)  # Grover budget: cost model
            up = naive.madds / (alg1 + alg2)
            ups.append(up)
            ratios.append(up / math.sqrt(nn / kk))
            rows.append(f"n={nn} k={kk}: {up:.2f} vs sqrt(n/k) = {math.sqrt(nn / kk):.2f}")
        slopes.append(fitted_exponent(ns, ups))
        speedups.append(ups)
    # window: cost = n (A sqrt(n) + C) with A, C >= 0 fixed by k, d (budget ~ pi/4 * 2 sqrt(nk),
    # the kd, Algorithm 2 and ceiling terms are O(n)); naive = 2 n^2 d. The local slope of the
    # speed-up is 2 - (1 + (1/2) A sqrt n / (A sqrt n + C)), in [1/2, 1), tending to 1/2; a
    # least-squares slope over sizes is a positive average of local slopes, so it lies in the
    # same window, up to the slope's round-off (_slope_tolerance).
    cases = [
        (
            combine(
                at_least("speed-up exponent >= 1/2", sl, 0.5, _slope_tolerance(ns, ups)),
                true("speed-up exponent < 1", sl < 1),
            ),
            {"k": kk, "n": list(ns), "d": dd},
        )
        for kk, sl, ups in zip((1, 4, 16), slopes, speedups, strict=True)
    ]
    res = held_or_failed(cases, detail="")
    if not isinstance(res, Held):
        return res
    return replace(
        res,
        detail="SymPy: n^2 d / (n^{1.5} k^{.5} d) = sqrt(n/k) exactly (> 1 iff k < n). "
        "Numerically, partly a COST MODEL: naive = multiply-adds of dense softmax(QK^T)V counted "
        "by an OpCounter (2 n^2 d), Algorithm 2 = its counted operations (S002-C32), Algorithm 1 "
        "= the Grover find-all query budget (cost model, S002-C30) times d plus kd. Fitted "
        "exponent of the speed-up in n (n = 256..2048, d = 8) for k = 1, 4, 16: "
        + ", ".join(f"{s:.3f}" for s in slopes)
        + " against the claimed 1/2; window [1/2, 1): with cost = n (A sqrt n + C), A, C >= 0 "
        "fixed by k, d, the local exponent is 1 - (1/2) A sqrt n / (A sqrt n + C), which tends "
        "to 1/2 from above; speed-up / sqrt(n/k) in "
        f"[{min(ratios):.3f}, {max(ratios):.3f}]. Rows: " + "; ".join(rows),
    )


@EVIDENCE.claim("S002-F09")
def no_n_over_n_minus_k(rng: np.random.Generator) -> Evidence:
    eta = 0.05
    factors: list[float] = []

    def cases() -> Iterator[Case]:
        for n in (4, 16, 64, 128):
            k = n - 1
            for _ in range(10):
                inst = laws.random_instance(
                    rng, n=n, k=k, eta=eta, tau=float(rng.uniform(-eta / 2, eta))
                )
                yield laws.law_error_bounds(reference_approx(rng), inst), _case(inst)
            factors.append(n / (n - k))

    res = held_or_failed(cases(), detail="sharp bounds at k = n - 1")
    if not isinstance(res, Held):
        return res
    if factors[-1] < 100:
        return Failed(error=f"n/(n-k) factors {factors} do not blow up")
    # Lemma 4.3 P4 (2 n eta) divided by D_ii >= (n - k) e^-eta: 2 eta e^eta n / (n - k)
    paper = [2 * eta * math.exp(eta) * f for f in factors]
    return replace(
        res,
        detail="at k = n - 1 the sharp bounds 2 tanh(eta/2) still hold while a "
        f"Lemma 4.5 constant with n/(n-k) grows: factors {factors}, the term 2 n eta / ((n - k) "
        "e^-eta) = 2 eta e^eta n/(n-k) = "
        + ", ".join(f"{p:.3g}" for p in paper)
        + f" at eta = {eta} (vacuous above 1)",
    )


# ---------------------------------------------------------------------------------------------
# reconstructed defaults


def _default(fn: object, name: str) -> object:
    return inspect.signature(fn).parameters[name].default  # type: ignore[arg-type]


@EVIDENCE.claim("S002-A01")
def default_norm(rng: np.random.Generator) -> Evidence:
    if (
        _default(sparse.matrix_norm, "norm") != "entrywise"
        or _default(sparse.approximation_error, "norm") != "entrywise"
    ):
        return Failed(error="the default norm is not 'entrywise'")

    def cases() -> Iterator[Case]:
        for inst in _instances(rng, 100):
            B = _run(inst, rng).B
            ent = sparse.approximation_error(inst.Q, inst.K, B)
            l1 = sparse.approximation_error(inst.Q, inst.K, B, norm="row_l1")
            tol = laws.row_tolerance(inst.n)
            yield (
                combine(
                    at_most("entrywise <= tanh(eta/2)", ent, sparse.error_bound(inst.eta), tol),
                    at_most(
                        "row-l1 <= 2 tanh(eta/2)",
                        l1,
                        sparse.error_bound(inst.eta, norm="row_l1"),
                        tol,
                    ),
                    at_least("row-l1 >= entrywise (the row-l1 norm dominates)", l1, ent, tol),
                ),
                _case(inst),
            )

    return held_or_failed(
        cases(),
        detail="norm='entrywise' is the default of matrix_norm / approximation_error; both "
        "norms checked against their sharp bounds (tanh(eta/2), 2 tanh(eta/2))",
    )


@EVIDENCE.claim("S002-A02")
def default_comparison(rng: np.random.Generator) -> Evidence:
    if _default(sparse.find_sets, "comparison") != ">=" or sparse.ExactScan().comparison != ">=":
        return Failed(error="the default comparison is not '>='")

    def cases() -> Iterator[Case]:
        for _ in range(200):
            n = int(rng.integers(1, 10))
            X = rng.integers(-2, 3, size=(n, n)).astype(float)
            tau = float(rng.integers(-2, 3))
            for comp in (">=", ">"):
                ip, ix = sparse.find_sets(X, np.eye(n), tau, comparison=comp)
                got = [ix[ip[i] : ip[i + 1]].tolist() for i in range(n)]
                want = [s.tolist() for s in laws.find_sets_brute(X, tau, comp)]
                yield (
                    true(f"find_sets({comp!r}) = brute force", got == want),
                    {"X": X.tolist(), "tau": tau, "cmp": comp},
                )

    return held_or_failed(
        cases(),
        detail="find_sets defaults to x >= tau (S002-A02); both '>=' and '>' equal brute force "
        "on integer matrices with ties",
    )


@EVIDENCE.claim("S002-A03")
def default_reading(rng: np.random.Generator) -> Evidence:
    if _default(sparse.is_tau_k_good, "reading") != "counting":
        return Failed(error="the default reading is not 'counting'")
    cx = load_counterexample("S002-C23")
    X = np.asarray(cx["X"], dtype=float)
    n = X.shape[0]
    counting = sparse.is_tau_k_good(X, np.eye(n), tau=1.0, k=1)
    bounded = sparse.is_tau_k_good(X, np.eye(n), tau=1.0, k=1, reading="bounded", eta=0.05)
    if not counting or bounded:
        return Failed(error=f"F01 instance: counting={counting}, bounded={bounded}")

    def cases() -> Iterator[Case]:
        for inst in _instances(rng, 100):
            ok_c = sparse.is_tau_k_good(inst.Q, inst.K, tau=inst.tau, k=inst.k)
            ok_b = sparse.is_tau_k_good(
                inst.Q, inst.K, tau=inst.tau, k=inst.k, reading="bounded", eta=inst.eta
            )
            yield (
                combine(
                    true("hypothesis instance good under 'counting'", ok_c),
                    true("hypothesis instance good under 'bounded'", ok_b),
                ),
                _case(inst),
            )

    res = held_or_failed(cases(), detail="")
    if not isinstance(res, Held):
        return res
    return replace(
        res,
        detail="reading='counting' is the default; on the F01 instance counting says good and "
        "'bounded' (eta = 0.05) says not; generated hypothesis instances pass both readings",
    )


@EVIDENCE.claim("S002-A04")
def default_eta_domain(rng: np.random.Generator) -> Evidence:
    if _default(sparse.check_eta, "eta_domain") != "paper":
        return Failed(error="the default eta_domain is not 'paper'")
    table: Sequence[tuple[float, str, bool]] = (
        (0.05, "paper", True),
        (0.0999, "paper", True),
        (0.1, "paper", False),
        (0.5, "paper", False),
        (0.0, "paper", False),
        (-0.01, "paper", False),
        (float("nan"), "paper", False),
        (0.5, "positive", True),
        (0.0, "positive", False),
    )

    def cases() -> Iterator[Case]:
        for eta, dom, ok in table:
            try:
                sparse.check_eta(eta, eta_domain=dom)  # type: ignore[arg-type]
                accepted = True
            except ValueError:
                accepted = False
            yield (
                true(f"check_eta accepts exactly the {dom!r} domain", accepted == ok),
                {"eta": str(eta), "eta_domain": dom},
            )

    return held_or_failed(
        cases(), detail="eta in (0, 0.1) by default, (0, inf) with eta_domain='positive'"
    )


@EVIDENCE.claim("S002-A05")
def default_fill(rng: np.random.Generator) -> Evidence:
    if (
        _default(sparse.algorithm1, "fill") != "ones"
        or _default(sparse.sparse_attention, "fill") != "ones"
    ):
        return Failed(error="the default fill is not 'ones'")

    def cases() -> Iterator[Case]:
        for inst in _instances(rng, 100):
            B1 = sparse.algorithm1(inst.Q, inst.K, tau=inst.tau, k=inst.k, rng=rng).B
            B0 = sparse.algorithm1(inst.Q, inst.K, tau=inst.tau, k=inst.k, rng=rng, fill="zeros").B
            want1 = laws.a_tilde(inst.X, inst.tau)
            want0 = np.where(laws.find_mask(inst.X, inst.tau), np.exp(inst.X), 0.0)
            # both sides are fl(e^x) of the same x (2 eps relative each): 4 eps
            yield (
                combine(
                    within(
                        "fill='ones': B = A~ (relative)",
                        float(np.max(np.abs(B1.to_dense() - want1) / want1)),
                        4 * laws.EPS,
                    ),
                    within(
                        "fill='zeros': B = A on S_i, 0 elsewhere (relative)",
                        float(np.max(np.abs(B0.to_dense() - want0) / np.maximum(want0, 1.0))),
                        4 * laws.EPS,
                    ),
                ),
                _case(inst),
            )

    return held_or_failed(
        cases(),
        detail="fill='ones' (B = A~ of Def 4.2) is the default; fill='zeros' gives A on S_i and "
        "0 elsewhere (relative 4 eps)",
    )
