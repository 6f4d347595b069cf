"""Evidence for half-space reporting, the complexity comparison and the Max-IP reduction of seed 002
(``S002-C34..C38``, ``S002-C40``, ``S002-F05``, ``S002-F07``)."""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator
from dataclasses import replace

import numpy as np
import sympy as sp

from proofs.evidence.grover.failure_model import Case
from proofs.evidence.grover.search import _find_all_counts
from proofs.ledger import (
    Counted,
    Evidence,
    EvidenceRegistry,
    Failed,
    Proved,
    Refuted,
    Uncheckable,
    held_or_failed,
    load_counterexample,
)
from properties.grover import laws
from properties.outcome import Outcome, combine, true
from properties.tolerances import STAT_Z, log_factor_window, slope_standard_error
from reference.algorithms import convex_layers, halfspace, maxip
from reference.mechanisms import grover

EVIDENCE = EvidenceRegistry()


# ---------------------------------------------------------------------------------------------
# half-space reporting (Definition 7.1, Theorem 7.2, Lemma 7.3)


@functools.cache
def _halfspace_costs() -> dict[int, dict[str, list[float]]]:
    """Per d: sizes, mean query operations (and their standard errors), and the full Algorithm 3
    cost (build + n queries)."""
    rng = np.random.default_rng(7302)
    out: dict[int, dict[str, list[float]]] = {}
    for d in (2, 3, 4):
        ns: list[float] = []
        q_ops: list[float] = []
        q_sem: list[float] = []
        total: list[float] = []
        for n in (250, 500, 1000, 2000, 4000):
            keys = rng.normal(size=(n, d))
            idx = halfspace.HalfspaceIndex.build(keys)
            queries = rng.normal(size=(n, d))
            taus = rng.uniform(-1.0, 1.0, size=n)
            ops = idx.query_many(queries, taus).operations
            ns.append(n)
            q_ops.append(float(np.mean(ops)))
            q_sem.append(float(np.std(ops, ddof=1) / math.sqrt(n)))
            total.append(float(idx.build_operations + np.sum(ops)))
        out[d] = {"n": ns, "query": q_ops, "query_sem": q_sem, "total": total}
    # d = 2 by convex layers (Theorem 7.2's planar rate): fixed output k = 8 per query
    ns2: list[float] = []
    cl_ops: list[float] = []
    cl_sem: list[float] = []
    for n in (1000, 2000, 4000, 8000):
        keys = rng.normal(size=(n, 2))
        cl = convex_layers.ConvexLayersIndex.build(keys)
        cl_q: list[float] = []
        for _ in range(40):
            a = rng.normal(size=2)
            b = float(np.sort(halfspace.scores(keys, a))[-8])  # the 8 largest scores qualify
            cl_q.append(cl.query(a, b).operations)
        ns2.append(n)
        cl_ops.append(float(np.mean(cl_q)))
        cl_sem.append(float(np.std(cl_q, ddof=1) / math.sqrt(len(cl_q))))
    out[0] = {"n": ns2, "query": cl_ops, "query_sem": cl_sem, "total": []}
    return out


@EVIDENCE.claim("S002-C34")
def halfspace_composition(rng: np.random.Generator) -> Evidence:
    nn, f, k = sp.symbols("n f k", positive=True)
    # Lemma 7.3 as stated: Init + n (Query) with Theorem 7.2's rates, for symbolic n, f = floor(d/2)
    composed = sp.simplify(nn * (nn ** (1 - 1 / f) + k) - (nn ** (2 - 1 / f) + nn * k)) == 0
    # the O(n log n) Init is absorbed: n log n / (n^(2-1/f) log n) = n^((1-f)/f) <= 1 for f >= 1
    absorbed = sp.simplify(nn / nn ** (2 - 1 / f) - nn ** ((1 - f) / f)) == 0
    if not (composed and absorbed):
        return Failed(error="SymPy: n (n^(1-1/f) + k) != n^(2-1/f) + nk or n log n not absorbed")
    costs = _halfspace_costs()
    parts: list[str] = []
    ok = True
    for d, c in costs.items():
        if d == 0:
            continue
        eq = halfspace.fit_exponent(c["n"], c["query"])
        et = halfspace.fit_exponent(c["n"], c["total"])
        win = _query_window(c)
        comp = _composition_window(c)
        claimed = 1.0 - 1.0 / (d // 2)
        reached = eq <= claimed + win
        parts.append(
            f"d={d}: kd-tree query exponent {eq:.3f} vs claimed 1-1/floor(d/2) = {claimed:.2f} "
            f"({'reached' if reached else 'NOT reached'} within +{win:.3f}); against the "
            f"kd-tree's own bound 1-1/d = {1 - 1 / d:.2f}: {eq - (1 - 1 / d):+.3f} in "
            f"[-{win - log_factor_window(c['n'][0]):.3f}, +{win:.3f}]; Algorithm 3 total "
            f"{et:.3f} vs 1 + query {1 + eq:.3f}: {et - 1 - eq:+.3f} within +-{comp:.3f}"
        )
        below = STAT_Z * slope_standard_error(c["n"], c["query"], c["query_sem"])
        ok = ok and abs(et - (1.0 + eq)) <= comp and -below <= eq - (1.0 - 1.0 / d) <= win
    cl = costs[0]
    e_cl = halfspace.fit_exponent(cl["n"], cl["query"])
    w_cl = _query_window(cl)
    ok = ok and e_cl <= w_cl
    if not ok:
        return Failed(error=f"measured exponents do not compose: {parts}, convex layers {e_cl}")
    return Proved(
        method="SymPy, symbolic n, k, f = floor(d/2) >= 1",
        detail="PROVED is Lemma 7.3's composition as stated, GIVEN Theorem 7.2's query bound: "
        "n (n^(1-1/f) + k) = n^(2-1/f) + nk and n log n <= n^(2-1/f) log n (n^((1-f)/f) <= 1). "
        "The query bound itself is not established by this project's code for d >= 3. "
        "Measured (operations = nodes visited + points tested, n = 250..4000, counted by the "
        "running index; windows: a hidden log factor 1/ln(n_min) above plus STAT_Z = 4 "
        "standard errors of the fitted slope, and for the composition the build's share of "
        "the total, see _composition_window): Algorithm 3 = build + n queries has exponent "
        "1 + (query exponent), as "
        "the composition says; against the claimed rate: d = 2 convex layers at fixed output "
        f"k = 8 have query exponent {e_cl:.3f} vs claimed 0 (reached: log n + k, window "
        f"+{w_cl:.3f}); "
        + "; ".join(parts)
        + ". So for d = 3, 4 the implemented structure (kd-tree, 1-1/d) is slower than the "
        "claimed 1-1/floor(d/2) (Afshani-Chan for d = 3, Matousek's shallow partitions for "
        "d >= 4 are not implemented)",
    )


def _query_window(c: dict[str, list[float]]) -> float:
    """Upper window of a fitted query exponent: a hidden log factor (tree depth, the ``log n``
    of ``O(log n + k)``) raises it by at most ``1/ln(n_min)``
    (:func:`properties.tolerances.log_factor_window`), plus ``STAT_Z`` standard errors of
    the slope from the scatter of the queries behind each mean."""
    se = slope_standard_error(c["n"], c["query"], c["query_sem"])
    return log_factor_window(c["n"][0]) + STAT_Z * se


def _composition_window(c: dict[str, list[float]]) -> float:
    """``|exponent(total) - (1 + exponent(query))|`` bound for ``total = build + n query``.

    ``log total = log(n query) + log(1 + u)`` with ``u = build / (n query)`` (measured), so the
    difference of the fitted exponents is the fitted slope of ``log(1 + u)``: a least-squares
    slope is a positive average of secant slopes, each at most ``max u/(1+u)`` times the slope of
    ``log u``, which is at most ``1 + 1/ln(n_min)`` in size (``build = O(n log n)``, ``n query``
    grows at least linearly)."""
    u = [(t - n * q) / (n * q) for n, q, t in zip(c["n"], c["query"], c["total"], strict=True)]
    return max(x / (1 + x) for x in u) * (1 + log_factor_window(c["n"][0]))


def _kdtree_query(p: np.ndarray, a: np.ndarray, b: float, strict: bool) -> np.ndarray:
    """The reference under test: a kd-tree built on ``p`` (``Init``), then ``Query(a, b)``."""
    return halfspace.HalfspaceIndex.build(p).query(a, b, strict=strict).indices


def _renamed(outcome: Outcome, prefix: str) -> Outcome:
    """``outcome`` with ``prefix`` on every check name (the same law on another structure)."""
    return Outcome(tuple(replace(c, name=prefix + c.name) for c in outcome.checks))


def _layers_query(cl: convex_layers.ConvexLayersIndex) -> laws.HalfspaceQuery:
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
            cl = convex_layers.ConvexLayersIndex.build(keys) if d == 2 else None
            for _ in range(4):
                q = rng.integers(-2, 3, d).astype(np.float64) if integer else rng.normal(size=d)
                j = int(rng.integers(n))
                tau = (
                    float(rng.integers(-3, 4))
                    if integer
                    else float(halfspace.scores(keys[j : j + 1], q)[0])  # a tie at point j
                )
                for strict in (False, True):
                    parts = [laws.law_halfspace_exact(_kdtree_query, keys, q, tau, strict=strict)]
                    if cl is not None:
                        layers = laws.law_halfspace_exact(
                            _layers_query(cl), keys, q, tau, strict=strict
                        )
                        parts.append(_renamed(layers, "convex layers (d = 2): "))
                    want = halfspace.brute_force(keys, q, tau, strict=strict)
                    found = hs[strict](q, keys, tau, rng=rng).indices
                    parts.append(
                        true("HalfspaceFindSet adapter = brute force", np.array_equal(found, want))
                    )
                    if i % 16 == 0:
                        found = gs[strict](q, keys, tau, rng=rng).indices
                        parts.append(
                            true("GroverFindSet adapter = brute force", np.array_equal(found, want))
                        )
                    yield (
                        combine(*parts),
                        {"n": n, "d": d, "integer": integer, "strict": strict},
                    )

    return held_or_failed(
        cases(),
        detail="Query(Q_i, tau) over {K_j} equals brute force {j : <Q_i, K_j> - tau >= 0} exactly "
        "(and with strict >), kd-tree for every d and convex layers for d = 2, on integer grids "
        "(many boundary ties, collinear points) and Gaussian points with the "
        "hyperplane through a point; the HalfspaceFindSet adapter (every instance) and the "
        "GroverFindSet adapter (every 16th) return the same S~_i (boolean checks)",
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
    # Measured against claimed. Window: O~ hides a log factor, and the local log-log slope of
    # n^a log n is a + 1/ln n, so a measured exponent may exceed the claimed a by at most
    # 1/ln(n_min) (and, the counts being increasing in n, not fall below it by more than the
    # same amount of sampling scatter).
    w_q = log_factor_window(ns[0])
    e_cl = rows[1][1]
    w_cl = log_factor_window(counts[0]["n"][0])
    checks = {
        f"quantum total exponent {e_quant:.3f} in [1.5 - {w_q:.2f}, 1.5 + {w_q:.2f}]": abs(
            e_quant - 1.5
        )
        <= w_q,
        f"d=2 classical total exponent {e_cl:.3f} in [1 - {w_cl:.2f}, 1 + {w_cl:.2f}]": abs(
            e_cl - 1.0
        )
        <= w_cl,
        "d=2: measured classical exponent < measured quantum exponent (classical no worse)": (
            e_cl < e_quant
        ),
    }
    bad = [c for c, ok in checks.items() if not ok]
    if bad:
        return Failed(error=f"measured vs claimed exponents: {bad}")
    slower = [r for r in rows[2:] if r[1] > e_quant]
    return Counted(
        detail="SymPy: for d in {2,3} quantum/classical = n^1.5 k^0.5 / (n k) = sqrt(n/k) >= 1; "
        "for d in {4,5} n^1.5 + n k <= 2 n^1.5 k^0.5 (term by term, 1 <= k <= n); "
        "speed-up over naive n^2 d is sqrt(n/k) (none when k ~ n). So the quantum bound beats the "
        "paper's own classical bound only for d >= 6 (S002-C35). Measured against claimed "
        "(fitted log-log exponents of query/operation counts of the running code; window "
        "+-1/ln(n_min) for the hidden log factor): "
        + "; ".join(f"{c}: true" for c in checks)
        + f" ({len(checks)} of {len(checks)}). Not reproduced: the kd-tree at "
        + ", ".join(r[0].split(":")[0] for r in slower)
        + f" measures {', '.join(f'{r[1]:.2f}' for r in slower)} against the stated "
        f"{', '.join(f'{r[2]:.2f}' for r in slower)}, slower than the measured quantum "
        f"{e_quant:.2f} (Theorem 7.2's d >= 3 structures are not implemented), so for d = 3..5 "
        "the 'classical no worse' half rests on the SymPy comparison of the stated bounds only",
        rows=tuple(rows),
    )


# ---------------------------------------------------------------------------------------------
# Max-IP (Definition 8.1, Lemma 8.3)


@EVIDENCE.claim("S002-C37")
def maxip_reduction(rng: np.random.Generator) -> Evidence:
    _search = maxip.max_ip_by_threshold_search  # the reference under test

    def cases() -> Iterator[Case]:
        for _ in range(400):
            n, m, d = (int(x) for x in rng.integers(1, 16, 3))
            d = min(d, 8)
            mag = int(rng.integers(1, 7))
            A = rng.integers(-mag, mag + 1, (n, d))
            B = rng.integers(-mag, mag + 1, (m, d))
            yield (
                laws.law_maxip_reduction(_search, A, B),
                {"n": n, "m": m, "d": d, "M": mag},
            )
        for d in range(1, 7):  # extreme: OPT at the ends of the range
            for sign in (1, -1):
                A = np.full((2, d), sign)
                B = np.full((3, d), 1)
                yield (
                    laws.law_maxip_reduction(_search, A, B),
                    {"d": d, "sign": sign},
                )

    return held_or_failed(
        cases(),
        detail="Q = [a_i], K = [b_j]: binary search over integer thresholds in [-dM^2, dM^2] "
        "with the threshold oracle returns OPT(A, B) = max (QK^T) within ceil(log2(2dM^2+1)) "
        "rounds (integers, tolerance 0)",
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
    return Uncheckable(
        reason="bibliographic attribution (Theorem 7.2's n^(1-1/floor(d/2)) bound is Matousek / "
        "AEM92, AC09 is the 3-d O(log n + k) result): a citation, which no computation decides; "
        "the specification's REFUTED is a bibliographic correction, not a computed refutation"
    )
