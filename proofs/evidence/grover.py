"""Evidence for the Grover / half-space / Max-IP claims of seed 002.

Claims: S002-C26..C29 (Grover, Theorem 3.1), S002-C34..C37 (half-space reporting, Lemma 7.3,
Max-IP, Lemma 8.3), S002-C38 / F05 (the k = 1 promise gap), S002-C39 / A06 (failure model),
S002-C40 (attribution, left open), S002-F07 (exponent comparison), S002-F08 (wording slips).
Every verdict is computed at run time from the reference (:mod:`reference.mechanisms.grover`,
:mod:`reference.algorithms.halfspace`, :mod:`reference.algorithms.maxip`) and the laws of
:mod:`properties.grover.laws`.
"""

from __future__ import annotations

import functools
import inspect
import math
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import sympy as sp

from proofs.ledger import (
    Case,
    Counted,
    Evidence,
    EvidenceRegistry,
    Failed,
    Held,
    Open,
    Proved,
    Refuted,
    held_or_failed,
    load_counterexample,
)
from properties.grover import laws
from reference.algorithms import halfspace, maxip
from reference.mechanisms import grover

EVIDENCE = EvidenceRegistry()


# ---------------------------------------------------------------------------------------------
# Grover (Theorem 3.1, §6)


@EVIDENCE.claim("S002-C26")
def success_formula(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        for n in range(1, 65):
            for m in range(n + 1):
                mask = np.zeros(n, dtype=np.bool_)
                mask[rng.choice(n, size=m, replace=False)] = True
                for r in (0, 1, 2, 5, 11):
                    yield laws.law_success_formula(mask, r), {"N": n, "M": m, "r": r}
        for q in range(1, 6):
            for _ in range(6):
                n = 1 << q
                marked = sorted(int(x) for x in rng.choice(n, int(rng.integers(1, n + 1)), False))
                rstar = grover.optimal_iterations(num_items=n, num_marked=len(marked))
                for r in range(rstar + 3):
                    yield (
                        laws.law_gate_level_success(q, marked, r),
                        {"qubits": q, "marked": marked, "r": r, "level": "gate"},
                    )

    return held_or_failed(
        cases(),
        detail="P_succ(r) = sin^2((2r+1) theta): item-by-item state-vector simulation for every "
        "2 <= N <= 64 (and N = 1), every 0 <= M <= N (random marked sets), r in {0,1,2,5,11}; "
        "gate-level grover_circuit (H, x-conjugated mcz oracle, diffusion) on 1..5 qubits, "
        "r = 0..r*+2; tolerance from the floating-point model of the law",
    )


@EVIDENCE.claim("S002-C27")
def optimal_iterations(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        for n in range(1, 301):
            for m in range(1, n + 1):
                yield laws.law_optimal_iterations(n, m), {"N": n, "M": m}
        for _ in range(2000):
            n = int(10 ** rng.uniform(3, 12))
            m = int(rng.integers(1, n + 1)) if rng.random() < 0.3 else int(rng.integers(1, 50))
            yield laws.law_optimal_iterations(n, m), {"N": n, "M": m}

    return held_or_failed(
        cases(),
        detail="r* = floor(pi/(4 theta)): P_succ(r*) >= 1 - M/N and r* <= (pi/4) sqrt(N/M) for "
        "every 1 <= M <= N <= 300 and 2000 random (N, M) with N up to 1e12; slack = the smaller "
        "margin",
    )


def _sympy_sum_bound() -> tuple[bool, str]:
    """``1/sqrt(m) <= 2 (sqrt m - sqrt(m-1))`` for ``m >= 1`` and the telescoping sum."""
    u = sp.symbols("u", nonnegative=True)  # u = sqrt(m - 1)
    v = sp.sqrt(u**2 + 1)  # v = sqrt(m)
    rationalised = sp.simplify((v - u) * (v + u)) == 1
    gap = 1 / (v * (v + u) ** 2)  # 2 (v - u) - 1/v, rewritten
    identity = sp.simplify(2 * (v - u) - 1 / v - gap) == 0
    positive = bool(gap.is_positive)
    m, k = sp.symbols("m k", integer=True, positive=True)
    telescoped = sp.simplify(sp.summation(2 * (sp.sqrt(m) - sp.sqrt(m - 1)), (m, 1, k)))
    telescopes = sp.simplify(telescoped - 2 * sp.sqrt(k)) == 0
    ok = rationalised and identity and positive and telescopes
    return ok, (
        "with u = sqrt(m-1) >= 0, v = sqrt(m): (v-u)(v+u) = 1 and "
        "2(v-u) - 1/v = 1/(v (v+u)^2) > 0, "
        f"so m^(-1/2) < 2(sqrt m - sqrt(m-1)); sum_(m=1)^k 2(sqrt m - sqrt(m-1)) = {telescoped}"
    )


@functools.cache
def _find_all_counts() -> dict[tuple[int, int], tuple[float, float, float]]:
    """Mean (total, search, certification) queries of find-all per (n, k), 8 rows each.

    Rows of one Algorithm-1 run share ``delta = 0.01`` (per-row ``delta / n``, S002-A06).
    Deterministic generator so the ledger and the plot see the same numbers.
    """
    rng = np.random.default_rng(20260)
    out: dict[tuple[int, int], tuple[float, float, float]] = {}
    for n in (256, 1024, 4096, 16384):
        for k in (1, 4, 16, 64):
            tot, cert = [], []
            for _ in range(8):
                mask = np.zeros(n, dtype=np.bool_)
                mask[rng.choice(n, size=k, replace=False)] = True
                res = grover.find_all(mask, rng=rng, delta=0.01, num_rows=n)
                if res.indices.size != k:
                    raise RuntimeError(f"find_all missed items at n={n}, k={k}")
                tot.append(res.queries)
                cert.append(res.certification_queries)
            t, c = float(np.mean(tot)), float(np.mean(cert))
            out[(n, k)] = (t, t - c, c)
    return out


@EVIDENCE.claim("S002-C28")
def sum_bound(rng: np.random.Generator) -> Evidence:
    ok, detail = _sympy_sum_bound()
    if not ok:
        return Failed(error=f"SymPy step failed: {detail}")
    worst = min(laws.law_sum_inverse_sqrt(k) for k in range(1, 5001))
    if worst < 0:
        return Failed(error=f"numeric check of sum m^-1/2 <= 2 sqrt k failed, slack {worst}")
    counts = _find_all_counts()
    ratios = [s / math.sqrt(n * k) for (n, k), (_, s, _) in counts.items()]
    return Proved(
        method="SymPy: per-term bound by rationalisation, telescoping sum; exhaustive k <= 5000",
        detail=f"{detail}. Measured find-all search queries (certification excluded) / sqrt(nk) "
        f"over n in 256..16384, k in 1..64: {min(ratios):.2f}..{max(ratios):.2f} (bounded, as "
        "sum_m O(sqrt(n/m)) = O(sqrt(nk)) predicts)",
    )


def _sum_formula(n: int, k: int) -> float:
    """``sum_{m=1}^k sqrt(n/m)``: Theorem 3.1's find-all search cost before the O()."""
    return float(np.sum(np.sqrt(n / np.arange(1, k + 1))))


@EVIDENCE.claim("S002-C29")
def per_row_queries(rng: np.random.Generator) -> Evidence:
    counts = _find_all_counts()
    ns = (256, 1024, 4096, 16384)
    ks = (1, 4, 16, 64)
    search = {key: v[1] for key, v in counts.items()}
    e_n = halfspace.fit_exponent(ns, [search[(n, 4)] for n in ns])
    e_k = halfspace.fit_exponent(ks, [search[(16384, k)] for k in ks])
    f_k = halfspace.fit_exponent(ks, [_sum_formula(16384, k) for k in ks])
    e_tot = halfspace.fit_exponent(ns, [counts[(n, 4)][0] for n in ns])
    ratios = [search[(n, k)] / _sum_formula(n, k) for n in ns for k in ks]
    ratio_sqrt = [search[(n, k)] / (2 * math.sqrt(n * k)) for n in ns for k in ks]
    rows: list[tuple[str, float, float]] = [
        ("search exponent in n (k=4) vs sqrt(n)", e_n, 0.5),
        ("search exponent in k (n=16384) vs sum_m sqrt(n/m) over k=1..64", e_k, f_k),
        ("n rows x per row: exponent in n", 1.0 + e_n, 1.5),
        ("total per-row exponent in n (k=4, incl. certification)", e_tot, 0.5),
        ("max search / (2 sqrt(nk)) over the grid", max(ratio_sqrt), 1.0),
    ]
    rows += [
        (f"n={n} k={k}: mean search queries vs sqrt(nk)", search[(n, k)], math.sqrt(n * k))
        for n in ns
        for k in ks
    ]
    spread = max(ratios) / min(ratios)
    ok = abs(e_n - 0.5) <= 0.1 and abs(e_k - f_k) <= 0.1 and spread <= 2.0 and e_tot <= 0.7
    detail = (
        "find-all per row (Algorithm 1's GroverFindAll; each query costs O(d) with QRAM, so "
        "per-row time is queries x d), 8 rows per (n, k): search queries (certification "
        "excluded) grow as sqrt(n) in n and as sum_(m<=k) sqrt(n/m) <= 2 sqrt(nk) in k (the "
        "local slope of that sum over k = 1..64 is above its asymptotic 1/2); measured / "
        f"sum_m sqrt(n/m) stays in {min(ratios):.2f}..{max(ratios):.2f}. The certification adds "
        "O(sqrt(n) log(n^2/delta)) per row: the O~ factor"
    )
    if not ok:
        return Failed(
            error=f"query growth off the formula: n {e_n:.3f}, k {e_k:.3f} vs {f_k:.3f}, "
            f"ratio spread {spread:.2f}, total {e_tot:.3f}"
        )
    return Counted(detail=detail, rows=tuple(rows))


@EVIDENCE.claim("S002-C39")
def failure_model(rng: np.random.Generator) -> Evidence:
    delta, n, trials = 0.2, 32, 20
    fails = 0
    det_fails = 0
    q_row = q_det = 0
    for _ in range(trials):
        keys = rng.normal(size=(n, 3))
        queries = rng.normal(size=(n, 3))
        tau = 1.0
        exact = [halfspace.brute_force(keys, queries[i], tau) for i in range(n)]
        fs = grover.GroverFindSet(delta=delta)
        det = grover.GroverFindSet(delta=delta, failure_model="deterministic")
        got = [fs(queries[i], keys, tau, rng=rng) for i in range(n)]
        gd = [det(queries[i], keys, tau, rng=rng) for i in range(n)]
        fails += int(any(not np.array_equal(g.indices, e) for g, e in zip(got, exact, strict=True)))
        det_fails += int(
            any(not np.array_equal(g.indices, e) for g, e in zip(gd, exact, strict=True))
        )
        q_row += sum(g.queries for g in got)
        q_det += sum(g.queries for g in gd)
    # exact single-run failure of Grover itself: N = 8, M = 1 at r* = 2 fails w.p. 7/128
    p_single = 1.0 - float(grover.success_probability(num_items=8, num_marked=1, iterations=2))
    # binomial tolerance: accept the observed rate if P(Binom(trials, delta) >= fails) >= 1e-3
    tail = sum(
        math.comb(trials, j) * delta**j * (1 - delta) ** (trials - j)
        for j in range(fails, trials + 1)
    )
    reps = grover.repetitions(num_items=n, delta=delta, num_rows=n)
    detail = (
        f"{trials} Algorithm-1 runs of n={n} rows (d=3, tau=1), per-row delta/n with "
        f"delta={delta} (S002-A06): {fails} runs with any wrong find set (guarantee: <= delta); "
        f"R = ceil(log2(n^2/delta)) = {reps} attempts per step, query overhead vs the "
        f"deterministic model (R=1, the theorems' stated cost) x{q_row / max(q_det, 1):.2f}; "
        f"that model failed in {det_fails}/{trials} runs here, and a single Grover run is not "
        f"deterministic (N=8, M=1, r*=2 fails w.p. {p_single:.5f}), so the theorems need "
        "'with probability 1 - delta'"
    )
    if tail < 1e-3:
        return Failed(error=f"failure rate {fails}/{trials} exceeds delta={delta}: {detail}")
    return Held(
        cases=trials,
        worst_slack=delta - fails / trials,
        detail=detail,
        tolerance=0.0,
    )


@EVIDENCE.claim("S002-A06")
def failure_model_option(rng: np.random.Generator) -> Evidence:
    sig = inspect.signature(grover.find_all).parameters
    default_ok = sig["failure_model"].default == "per-row" and sig["delta"].default == 0.01
    fs_ok = grover.GroverFindSet().failure_model == "per-row"
    mask = grover.marked_mask(50, [3, 17, 41])
    ran = [
        grover.find_all(mask, rng=rng, failure_model=fm).indices.tolist()
        for fm in ("per-row", "deterministic")
    ]
    if not (default_ok and fs_ok and all(r == [3, 17, 41] for r in ran)):
        return Failed(error=f"failure-model option missing or wrong default: {sig}")
    return Proved(
        method="run-time inspection of reference.mechanisms.grover.find_all / GroverFindSet",
        detail="failure_model='per-row' (per-row delta/n, R = ceil(log2(N n/delta)) repetitions) "
        "is the default of find_all and GroverFindSet (delta=0.01); 'deterministic' (R = 1) is "
        "the alternative; both run",
    )


@EVIDENCE.claim("S002-F08")
def wording_slips(rng: np.random.Generator) -> Evidence:
    cx = load_counterexample("S002-F08")
    nq, marked, r = int(cx["num_qubits"]), list(cx["marked"]), int(cx["iterations"])
    n = 1 << nq
    th = sp.asin(sp.sqrt(sp.Rational(len(marked), n)))
    exact = sp.nsimplify(sp.simplify(sp.expand_trig(sp.sin((2 * r + 1) * th) ** 2)))
    gate = grover.gate_level_success_probability(nq, marked, r)
    vec = grover.simulated_success_probability(grover.marked_mask(n, marked), r)
    rstar = grover.optimal_iterations(num_items=n, num_marked=len(marked))
    # "exactly k" vs "at most k": find-all needs no k; the same call serves every count
    counts_ok = all(
        grover.find_all(grover.marked_mask(64, list(range(m))), rng=rng).indices.size == m
        for m in range(6)
    )
    # "each row of B has n - k ones" (Definition 4.2's B: exp(x) on S~_i, 1 elsewhere)
    br = cx["b_row"]
    logits = np.array(br["logits"], dtype=np.float64)
    found = logits >= float(br["tau"])
    good = int(found.sum(axis=1).max()) <= int(br["k"])  # (tau, k)-good
    b_mat = np.where(found, np.exp(logits), 1.0)
    ones = int(np.sum(b_mat[int(br["row"])] == 1.0))
    if exact >= 1 or str(exact) != cx["exact_success"] or r != rstar or not counts_ok:
        return Failed(error=f"F08 re-check did not reproduce: exact={exact}, r*={rstar}")
    if not good or ones == int(br["n"]) - int(br["k"]):
        return Failed(error=f"F08 B-row example did not reproduce: good={good}, ones={ones}")
    if abs(gate - float(exact)) > 1e-12 or abs(vec - float(exact)) > 1e-12:
        return Failed(error=f"simulations disagree with {exact}: gate {gate}, vector {vec}")
    return Refuted(
        counterexample=cx,
        observed=f"exact success probability at r* = {r} is {exact} < 1 (SymPy; gate-level "
        f"{gate:.15f}, vector {vec:.15f}); the (tau, k)-good B-row example has {ones} ones, "
        f"not n - k = {int(br['n']) - int(br['k'])} (at least n - k is right)",
        detail="the theorems state Grover-based guarantees deterministically; they hold only with "
        "probability 1 - delta (S002-C39); 'exactly n - k ones' should read 'at least' "
        "(S002-C06). 'Exactly k' (Thm 3.1) vs 'at most k' (application) is harmless: "
        "find-all uses BBHT for an unknown count and returned all m items for m = 0..5",
    )


# ---------------------------------------------------------------------------------------------
# half-space reporting (Definition 7.1, Theorem 7.2, Lemma 7.3)


@functools.cache
def _halfspace_costs() -> dict[int, dict[str, list[float]]]:
    """Per d: sizes, mean query operations, and the full Algorithm 3 cost (build + n queries)."""
    rng = np.random.default_rng(7302)
    out: dict[int, dict[str, list[float]]] = {}
    for d in (2, 3, 4):
        ns: list[float] = []
        q_ops: list[float] = []
        total: list[float] = []
        for n in (250, 500, 1000, 2000, 4000):
            keys = rng.normal(size=(n, d))
            idx = halfspace.HalfspaceIndex.build(keys)
            queries = rng.normal(size=(n, d))
            taus = rng.uniform(-1.0, 1.0, size=n)
            ops = idx.query_many(queries, taus).operations
            ns.append(n)
            q_ops.append(float(np.mean(ops)))
            total.append(float(idx.build_operations + np.sum(ops)))
        out[d] = {"n": ns, "query": q_ops, "total": total}
    # d = 2 by convex layers (Theorem 7.2's planar rate): fixed output k = 8 per query
    ns2: list[float] = []
    cl_ops: list[float] = []
    for n in (1000, 2000, 4000, 8000):
        keys = rng.normal(size=(n, 2))
        cl = halfspace.ConvexLayersIndex.build(keys)
        cl_q: list[float] = []
        for _ in range(40):
            a = rng.normal(size=2)
            b = float(np.sort(halfspace.scores(keys, a))[-8])  # the 8 largest scores qualify
            cl_q.append(cl.query(a, b).operations)
        ns2.append(n)
        cl_ops.append(float(np.mean(cl_q)))
    out[0] = {"n": ns2, "query": cl_ops, "total": []}
    return out


@EVIDENCE.claim("S002-C34")
def halfspace_composition(rng: np.random.Generator) -> Evidence:
    nn, f = sp.symbols("n f", positive=True)
    composed = sp.simplify(nn * nn ** (1 - 1 / f) - nn ** (2 - 1 / f)) == 0
    if not composed:
        return Failed(error="SymPy: n * n^(1-1/f) != n^(2-1/f)")
    costs = _halfspace_costs()
    rows: list[tuple[str, float, float]] = []
    ok = True
    for d, c in costs.items():
        if d == 0:
            continue
        eq = halfspace.fit_exponent(c["n"], c["query"])
        et = halfspace.fit_exponent(c["n"], c["total"])
        stated = 1.0 - 1.0 / (d // 2)
        rows.append((f"d={d}: kd-tree query exponent (kd-tree bound 1-1/d)", eq, 1.0 - 1.0 / d))
        rows.append((f"d={d}: Theorem 7.2 query exponent 1-1/floor(d/2)", eq, stated))
        rows.append((f"d={d}: Algorithm 3 total exponent vs 1 + query exponent", et, 1.0 + eq))
        ok = ok and abs(et - (1.0 + eq)) <= 0.1 and abs(eq - (1.0 - 1.0 / d)) <= 0.15
    cl = costs[0]
    e_cl = halfspace.fit_exponent(cl["n"], cl["query"])
    rows.append(("d=2: convex-layers query exponent at output k=8 (Theorem 7.2: 0)", e_cl, 0.0))
    ok = ok and e_cl <= 0.15
    if not ok:
        return Failed(error=f"measured exponents do not compose: {rows}")
    return Counted(
        detail="Lemma 7.3 = Init + n Query: SymPy n * n^(1-1/f) = n^(2-1/f); measured Algorithm 3 "
        "cost with the kd-tree (build + all n queries, operations = nodes visited + points "
        "tested) has exponent 1 + (query exponent), n = 250..4000. The kd-tree's query exponent "
        "is 1-1/d (measured), above Theorem 7.2's 1-1/floor(d/2) for every d (Matousek's shallow "
        "partitions for d >= 4 and Afshani-Chan for d = 3 are not implemented); for d = 2 the "
        "convex-layers structure realises the stated rate: at fixed output k = 8 its query cost "
        f"is flat in n = 1000..8000 (mean {cl['query'][0]:.0f}..{cl['query'][-1]:.0f} ops)",
        rows=tuple(rows),
    )


def _layers_query(cl: halfspace.ConvexLayersIndex) -> laws.HalfspaceQuery:
    def query(_p: np.ndarray, a: np.ndarray, b: float, strict: bool) -> np.ndarray:
        return cl.query(a, b, strict=strict).indices

    return query


@EVIDENCE.claim("S002-C36")
def halfspace_exact(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        for i in range(160):
            n = int(rng.integers(1, 120))
            d = int(rng.integers(1, 7))
            integer = i % 2 == 0
            keys = (
                rng.integers(-3, 4, (n, d)).astype(np.float64)
                if integer
                else rng.normal(size=(n, d))
            )
            leaf = int(rng.integers(1, 12))
            hs = {st: halfspace.HalfspaceFindSet(leaf_size=leaf, strict=st) for st in (False, True)}
            gs = {st: grover.GroverFindSet(strict=st) for st in (False, True)}
            cl = halfspace.ConvexLayersIndex.build(keys) if d == 2 else None
            for _ in range(4):
                q = rng.integers(-2, 3, d).astype(np.float64) if integer else rng.normal(size=d)
                j = int(rng.integers(n))
                tau = (
                    float(rng.integers(-3, 4))
                    if integer
                    else float(halfspace.scores(keys[j : j + 1], q)[0])  # a tie at point j
                )
                for strict in (False, True):
                    slack = laws.law_halfspace_exact(keys, q, tau, strict=strict)
                    if cl is not None:
                        slack = min(
                            slack,
                            laws.law_halfspace_exact(
                                keys, q, tau, strict=strict, query=_layers_query(cl)
                            ),
                        )
                    want = halfspace.brute_force(keys, q, tau, strict=strict)
                    adapters = (hs[strict], gs[strict]) if i % 16 == 0 else (hs[strict],)
                    for adapter in adapters:
                        if not np.array_equal(adapter(q, keys, tau, rng=rng).indices, want):
                            slack = -1.0
                    yield slack, {"n": n, "d": d, "integer": integer, "strict": strict}

    return held_or_failed(
        cases(),
        detail="Query(Q_i, tau) over {K_j} equals brute force {j : <Q_i, K_j> - tau >= 0} exactly "
        "(and with strict >), kd-tree for every d and convex layers for d = 2, on integer grids "
        "(many boundary ties, collinear points) and Gaussian points with the "
        "hyperplane through a point; the HalfspaceFindSet adapter (every instance) and the "
        "GroverFindSet adapter (every 16th) return the same S~_i; slack 0 = equal, -1 = different",
    )


# ---------------------------------------------------------------------------------------------
# complexity comparison (Theorem 1.5 vs Theorem 1.3)


@EVIDENCE.claim("S002-C35")
def classical_exponent(rng: np.random.Generator) -> Evidence:
    expo = {d: 2 - sp.Rational(1, d // 2) for d in range(2, 6)}
    small = all(e <= sp.Rational(3, 2) for e in expo.values())
    f = sp.symbols("f", integer=True, positive=True)
    # d >= 6 <=> floor(d/2) = f >= 3: 2 - 1/f >= 5/3 > 3/2
    big = sp.simplify((2 - 1 / f) - sp.Rational(5, 3) - (f - 3) / (3 * f)) == 0
    if not (small and big):
        return Failed(error=f"exponent arithmetic failed: {expo}")
    return Proved(
        method="SymPy exact rationals",
        detail="2 - 1/floor(d/2) = "
        + ", ".join(f"{e} (d={d})" for d, e in expo.items())
        + " <= 3/2 for d <= 5; for d >= 6, 2 - 1/f - 5/3 = (f-3)/(3f) >= 0 with f = floor(d/2) "
        ">= 3, so the quantum exponent 3/2 wins only from d = 6 on",
    )


@EVIDENCE.claim("S002-F07")
def advantage_limited(rng: np.random.Generator) -> Evidence:
    n, k = sp.symbols("n k", positive=True)
    quantum = n ** sp.Rational(3, 2) * sp.sqrt(k)
    # d in {2,3}: classical n k; quantum / classical = sqrt(n/k) >= 1 when k <= n
    r23 = sp.simplify(quantum / (n * k) - sp.sqrt(n / k)) == 0
    # d in {4,5}: classical n^1.5 + n k <= 2 n^1.5 sqrt(k) for 1 <= k <= n, term by term:
    # k = (1+s)^2 (s >= 0): quantum - n^1.5 = n^1.5 s >= 0;
    # n = k (1+s)^2 (s >= 0): quantum - n k = n k s >= 0
    s_ = sp.symbols("s", nonnegative=True)
    t1 = sp.simplify((quantum - n ** sp.Rational(3, 2)).subs(k, (1 + s_) ** 2))
    t2 = sp.simplify((quantum - n * k).subs(n, k * (1 + s_) ** 2))
    ok45 = bool(t1.is_nonnegative) and bool(t2.is_nonnegative)
    # naive / quantum speed-up
    speed = sp.simplify(n**2 / quantum - sp.sqrt(n / k)) == 0
    counts = _halfspace_costs()
    grover_counts = _find_all_counts()
    ns = (256, 1024, 4096, 16384)
    e_quant = 1.0 + halfspace.fit_exponent(ns, [grover_counts[(n_, 4)][1] for n_ in ns])
    rows: list[tuple[str, float, float]] = [
        ("quantum (Grover) total exponent in n, measured (k=4)", e_quant, 1.5)
    ]
    rows.append(
        (
            "d=2: classical total exponent with convex layers (k=8) vs stated 1",
            1.0 + halfspace.fit_exponent(counts[0]["n"], counts[0]["query"]),
            1.0,
        )
    )
    for d, c in counts.items():
        if d == 0:
            continue
        rows.append(
            (
                f"d={d}: classical total exponent, measured kd-tree vs stated 2-1/floor(d/2)",
                halfspace.fit_exponent(c["n"], c["total"]),
                2.0 - 1.0 / (d // 2),
            )
        )
    if not (r23 and ok45 and speed):
        return Failed(error="exponent comparison failed")
    return Counted(
        detail="SymPy: for d in {2,3} quantum/classical = n^1.5 k^0.5 / (n k) = sqrt(n/k) >= 1; "
        "for d in {4,5} n^1.5 + n k <= 2 n^1.5 k^0.5 (term by term, 1 <= k <= n); "
        "speed-up over naive n^2 d is sqrt(n/k) (none when k ~ n). So the quantum bound beats the "
        "paper's own classical bound only for d >= 6 (S002-C35). Measured exponents (convex layers "
        "realise d = 2's stated 1; our kd-tree realises 2-1/d, not 2-1/floor(d/2)):",
        rows=tuple(rows),
    )


# ---------------------------------------------------------------------------------------------
# Max-IP (Definition 8.1, Lemma 8.3)


@EVIDENCE.claim("S002-C37")
def maxip_reduction(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        for _ in range(400):
            n, m, d = (int(x) for x in rng.integers(1, 16, 3))
            d = min(d, 8)
            mag = int(rng.integers(1, 7))
            A = rng.integers(-mag, mag + 1, (n, d))
            B = rng.integers(-mag, mag + 1, (m, d))
            yield laws.law_maxip_reduction(A, B), {"n": n, "m": m, "d": d, "M": mag}
        for d in range(1, 7):  # extreme: OPT at the ends of the range
            for sign in (1, -1):
                A = np.full((2, d), sign)
                B = np.full((3, d), 1)
                yield laws.law_maxip_reduction(A, B), {"d": d, "sign": sign}

    return held_or_failed(
        cases(),
        detail="Q = [a_i], K = [b_j]: binary search over integer thresholds in [-dM^2, dM^2] "
        "with the threshold oracle returns OPT(A, B) = max (QK^T) within ceil(log2(2dM^2+1)) "
        "rounds; slack = round bound - rounds (0 = bound attained)",
    )


def _promise_gap(claim_id: str) -> Evidence:
    cx = load_counterexample(claim_id)
    A, B = np.array(cx["A"], dtype=np.int64), np.array(cx["B"], dtype=np.int64)
    res = maxip.max_ip_by_threshold_search(A, B, k_promise=int(cx["k_promise"]))
    opt = maxip.max_ip_brute(A, B)
    at = [c for c in res.calls if c.t == int(cx["threshold"])]
    below = [c for c in res.violations if c.t < opt]
    mini = cx["minimal"]
    mres = maxip.max_ip_by_threshold_search(np.array(mini["A"]), np.array(mini["B"]))
    mini_ok = any(
        c.t < mres.opt and c.max_row_count == int(mini["entries_above_threshold"])
        for c in mres.violations
    )
    if not (
        res.opt == opt == int(cx["opt"])
        and at
        and at[0].max_row_count == int(cx["entries_above_threshold"])
        and not at[0].promise_ok
        and below
        and mini_ok
    ):
        return Failed(error=f"stored counterexample does not reproduce the gap: {res.calls}")
    return Refuted(
        counterexample={
            "n": int(A.shape[0]),
            "d": int(A.shape[1]),
            "opt": opt,
            "threshold": int(cx["threshold"]),
            "row": at[0].row,
            "entries_above": at[0].max_row_count,
            "stored": f"proofs/counterexamples/{claim_id}.json",
        },
        observed=f"binary search queried t = {[c.t for c in res.calls]} (OPT = {opt}); at "
        + ", ".join(f"t={c.t}: {c.max_row_count} entries > t in row {c.row}" for c in below)
        + " — the k = 1 promise fails below OPT; minimal instance n = 2, d = 1 fails at t = 0",
        detail="a k = 1 promise algorithm may answer arbitrarily at those thresholds, so Lemma "
        "8.3's proof does not establish hardness 'even for k = 1' (it does for algorithms correct "
        "on all inputs: the search returns OPT)",
    )


@EVIDENCE.claim("S002-C38")
def promise_gap(rng: np.random.Generator) -> Evidence:
    return _promise_gap("S002-C38")


@EVIDENCE.claim("S002-F05")
def promise_gap_flag(rng: np.random.Generator) -> Evidence:
    return _promise_gap("S002-F05")


@EVIDENCE.claim("S002-C40")
def attribution(rng: np.random.Generator) -> Evidence:
    return Open(
        reason="bibliographic attribution (Theorem 7.2's n^(1-1/floor(d/2)) bound is Matousek / "
        "AEM92, AC09 is the 3-d O(log n + k) result): a citation cannot be checked by "
        "computation and no computational counterexample exists, so it is left open rather than "
        "marked refuted without evidence"
    )


# ---------------------------------------------------------------------------------------------
# plots


@EVIDENCE.plot
def plot_success_probability(out_dir: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    r = np.arange(0, 26)
    for q, marked in ((6, [5]), (6, [1, 9, 33, 60])):
        n = 1 << q
        analytic = grover.success_probability(num_items=n, num_marked=len(marked), iterations=r)
        ax.plot(r, analytic, label=f"sin^2((2r+1)theta), N={n}, M={len(marked)}")
        sim_p = [grover.gate_level_success_probability(q, marked, int(x)) for x in r[::2]]
        ax.plot(r[::2], sim_p, "o", ms=4, label=f"gate-level simulation, M={len(marked)}")
        ax.axvline(grover.optimal_iterations(num_items=n, num_marked=len(marked)), ls=":", c="gray")
    ax.set_xlabel("Grover iterations r")
    ax.set_ylabel("success probability")
    ax.set_title("S002-C26/C27: Grover success probability (dotted: r*)")
    ax.legend(fontsize=7)
    path = out_dir / "s002_grover_success.png"
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return [path]


@EVIDENCE.plot
def plot_queries(out_dir: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    counts = _find_all_counts()
    x = np.array([math.sqrt(n * k) for n, k in counts])
    total = np.array([v[0] for v in counts.values()])
    search = np.array([v[1] for v in counts.values()])
    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    ax.loglog(x, search, "o", label="search queries (certification excluded)")
    ax.loglog(x, total, "s", mfc="none", label="total per row (incl. certification, delta/n)")
    xs = np.array([x.min(), x.max()])
    ax.loglog(xs, float(np.median(search / x)) * xs, "--", c="gray", label="c sqrt(nk)")
    ax.set_xlabel("sqrt(n k)")
    ax.set_ylabel("oracle queries per row")
    ax.set_title("S002-C28/C29: find-all oracle queries vs sqrt(nk)")
    ax.legend(fontsize=7)
    path = out_dir / "s002_grover_queries.png"
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return [path]
