"""Evidence for ``H-EST-01`` .. ``H-EST-07``: two-copy identities, unbiasedness, budgets, coverage.

The estimators are :mod:`reference.estimators`; the claims are registered in
:mod:`proofs.claims_extract` (``EST_CLAIMS``). Tolerances: an event probability read off a
simulated statevector of ``D`` amplitudes, each off by at most ``d = state_tolerance(circuit)``
(``properties/tolerances.py``), is off by at most ``2 sqrt(D) d + D d^2``; an independent reference
computed from a reduced density matrix adds ``64 D eps``; a score map multiplies by its Lipschitz
constant (:func:`_event_tol`). Statistical checks accept ``M`` misses out of ``R`` repetitions when
``M <= binom.ppf(1 - 1e-6, R, delta)``: a correct interval fails the check with probability
``<= 1e-6``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import replace

import numpy as np
import sympy as sp
from scipy import stats

from proofs.ledger import (
    Case,
    Evidence,
    EvidenceRegistry,
    Failed,
    Proved,
    held_or_failed,
)
from properties.tolerances import EPS, entropy_tolerance, state_tolerance
from reference import quantum_info as qi
from reference import simulate as sim
from reference.circuit import Circuit
from reference.core import swap_test
from reference.estimators.base import EventEstimator, all_outcomes
from reference.estimators.expval import Z_MAP, expval_estimator
from reference.estimators.grover import SUCCESS_MAP, success_estimator
from reference.estimators.intervals import clopper_pearson, hoeffding_halfwidth, hoeffding_shots
from reference.estimators.swap import (
    CONCURRENCE_MAP,
    FIDELITY_MAP,
    P1_MAP,
    concurrence_estimator,
    swap_estimator,
)
from reference.estimators.swap_test import cswap_concurrence_circuit
from reference.estimators.two_copy import (
    purity_estimator,
    purity_map,
    renyi2_estimator,
    renyi2_map,
)
from reference.mechanisms import entanglement as ent
from reference.mechanisms.entanglement.config import Encoding
from reference.mechanisms.grover import grover_circuit, success_probability
from reference.testing import random_circuit

EVIDENCE = EvidenceRegistry()

FALSE_ALARM = 1e-6
"""Probability that a statistical check rejects a correct interval."""


def _event_tol(circuit: Circuit, lipschitz: float) -> float:
    d = state_tolerance(circuit)
    dim = 1 << circuit.num_qubits
    return lipschitz * (2.0 * math.sqrt(dim) * d + dim * d * d + 64.0 * dim * EPS)


def _pair_preps(rng: np.random.Generator, count: int) -> Iterator[tuple[str, Circuit]]:
    encs: dict[Encoding, int] = {"super_dense": 4, "dense": 2, "iqp": 1}
    for i in range(count):
        enc = list(encs)[i % 3]
        d = 2 * encs[enc] if enc != "iqp" else 2
        q, k = rng.uniform(-math.pi, math.pi, (2, d))
        layers = int(rng.integers(1, 4))
        th = rng.uniform(-math.pi, math.pi, d // encs[enc])
        yield (
            enc,
            ent.pair_circuit(q, k, th, config=ent.EntanglementConfig(encoding=enc, layers=layers)),
        )


def _two_copy_cases(rng: np.random.Generator, method: str) -> Iterator[Case]:
    preps: list[tuple[str, Circuit]] = list(_pair_preps(rng, 6))
    for n in (1, 2, 3, 4):
        for _ in range(6):
            preps.append(("random", random_circuit(rng, num_qubits=n, num_gates=20)))
    for label, c in preps:
        psi = sim.statevector(c)
        n = c.num_qubits
        for mask in range(1, 1 << n):
            sub = [q for q in range(n) if mask >> q & 1]
            est = purity_estimator(c, sub, method=method)  # type: ignore[arg-type]
            got = 2.0 * float(est.event_probabilities()[0]) - 1.0
            want = float(qi.subsystem_purity(psi, sub))
            yield (
                _event_tol(est.circuit, 2.0) - abs(got - want),
                {"prep": label, "num_qubits": n, "subsystem": sub, "got": got, "want": want},
            )


@EVIDENCE.claim("H-EST-01")
def two_copy_ancilla_identity(rng: np.random.Generator) -> Evidence:
    return held_or_failed(
        _two_copy_cases(rng, "two-copy"),
        detail="2 P(ancilla=0) - 1 of the simulated two-copy circuit vs Tr rho_A^2 from the "
        "reduced density matrix, every non-empty subsystem A of random 1..4-qubit circuits and "
        "of entanglement pair circuits (super-dense, dense, IQP; 2-4 qubits, 1-3 layers); sizes "
        "up to 9 qubits, so held on these sizes (not a symbolic proof); slack = derived "
        "round-off bound - deviation",
    )


@EVIDENCE.claim("H-EST-02")
def two_copy_bell_identity(rng: np.random.Generator) -> Evidence:
    return held_or_failed(
        _two_copy_cases(rng, "bell"),
        detail="2 P(sum_a b1_a b2_a even) - 1 of the simulated Bell-basis circuit vs "
        "Tr rho_A^2, the same states and subsystems as H-EST-01 (up to 8 qubits); slack = "
        "derived round-off bound - deviation",
    )


def _linear_cases(rng: np.random.Generator) -> Iterator[tuple[str, EventEstimator, np.ndarray]]:
    """(label, estimator, independent reference scores) for every linear estimator."""
    for _ in range(4):
        ta, tb = rng.uniform(-math.pi, math.pi, 2)
        f = math.cos((ta - tb) / 2.0) ** 2
        c = swap_test(float(ta), float(tb))
        yield "swap", swap_estimator(c, quantity="swap"), np.array([(1.0 - f) / 2.0])
        yield "fidelity", swap_estimator(c, quantity="fidelity"), np.array([f])
    for n in (2, 3):
        c = random_circuit(rng, num_qubits=n, num_gates=20)
        psi = sim.statevector(c)
        for method in ("two-copy", "bell"):
            est = purity_estimator(c, [0], method=method)
            yield f"purity-{method}", est, np.array([float(qi.subsystem_purity(psi, [0]))])
        zs = ["".join("Z" if q == j else "I" for q in range(n)) for j in range(n)]
        want = np.array([float(sim.expval_pauli(psi, z)) for z in zs])
        yield "expval", expval_estimator(c, range(n)), want
    for r in (0, 1, 2, 3):
        marked = sorted(int(x) for x in rng.choice(8, size=int(rng.integers(1, 3)), replace=False))
        want = success_probability(num_items=8, num_marked=len(marked), iterations=r)
        est = success_estimator(grover_circuit(3, marked, r, measure=True), marked)
        yield "success", est, np.array([want])


@EVIDENCE.claim("H-EST-03")
def linear_estimators_unbiased(rng: np.random.Generator) -> Evidence:
    shots = 5

    def cases() -> Iterator[Case]:
        for label, est, want in _linear_cases(rng):
            if not est.score.linear:
                raise AssertionError(f"{label}: score map is not marked linear")
            probs = sim.marginal(
                sim.probabilities(sim.statevector(est.circuit)), est.circuit.measured_qubits
            )
            bits = all_outcomes(len(est.circuit.measured_qubits))
            k = np.arange(shots + 1)
            for i, ev in enumerate(est.events):
                p = float(probs[ev(bits)].sum())
                # exact expectation of the raw estimator g(k/n) over k ~ Binomial(n, p)
                mean = float(np.sum(stats.binom.pmf(k, shots, p) * est.score.g(k / shots)))
                tol = _event_tol(est.circuit, 2.0) + 8 * (shots + 1) * EPS
                yield (
                    tol - abs(mean - float(want[i])),
                    {
                        "estimator": label,
                        "event": est.labels[i],
                        "mean": mean,
                        "want": float(want[i]),
                    },
                )

    return held_or_failed(
        cases(),
        detail="E[g(k/n)] summed exactly over k ~ Binomial(5, P(event)), P(event) from the "
        "simulated measurement circuit, vs the score computed independently (cos^2 of the SWAP "
        "angles, Tr rho_A^2 of the reduced state, <psi|Z_j|psi>, sin^2((2r+1) theta)); SWAP "
        "test, fidelity, purity (ancilla and Bell forms), <Z_j>, Grover success",
    )


@EVIDENCE.claim("H-EST-04")
def shot_budgets_proved(rng: np.random.Generator) -> Evidence:
    n, eps, delta, m, p, k = sp.symbols("n epsilon delta m p k", positive=True)
    tail = 2 * sp.exp(-2 * n * eps**2)
    n_star = sp.log(2 / delta) / (2 * eps**2)
    steps: list[str] = []
    if sp.simplify(tail.subs(n, n_star) - delta) != 0:
        return Failed(error="2 exp(-2 n* eps^2) != delta at n* = ln(2/delta)/(2 eps^2)")
    if not sp.simplify(sp.diff(tail, n)).is_negative:
        return Failed(error="the Hoeffding tail is not decreasing in n")
    steps.append("2exp(-2n eps^2) = delta at n* and decreasing in n")
    if sp.simplify(m * (delta / m) - delta) != 0:
        return Failed(error="union bound")
    steps.append("m intervals at delta/m fail together with probability <= m (delta/m) = delta")
    # Lipschitz constants of the affine maps: |g'(p)| = const
    for smap, const in (
        (FIDELITY_MAP, 2),
        (purity_map(2), 2),
        (Z_MAP, 2),
        (P1_MAP, 1),
        (SUCCESS_MAP, 1),
    ):
        slope = sp.diff(smap.g(p), p)
        if sp.simplify(sp.Abs(slope) - const) != 0:
            return Failed(error=f"{smap.name}: |g'| = {slope}, expected {const}")
        if sp.simplify(smap.p_epsilon(eps) - eps / const) != 0:
            return Failed(error=f"{smap.name}: p_epsilon(eps) != eps/{const}")
    steps.append(
        "affine maps: |g'| = 2 (fidelity, purity, <Z>), 1 (P(1), success); the code's "
        "p_epsilon equals eps/|g'|"
    )
    # Renyi-2: -ln(x), x = 2p - 1 in [2^-k, 1]: |d/dp| = 2/x <= 2^(k+1)
    x = sp.symbols("x", positive=True)
    slope = sp.Abs(sp.diff(-sp.log(2 * p - 1), p)).subs(p, (x + 1) / 2)
    if sp.simplify(slope - 2 / x) != 0 or sp.simplify((2 / x).subs(x, 2**-k) - 2 ** (k + 1)) != 0:
        return Failed(error=f"renyi2 slope {slope}")
    if sp.diff(2 / x, x).is_negative is not True:
        return Failed(error="renyi2 slope is not decreasing in x")
    for kk in (1, 2, 3):
        pe = renyi2_map(kk).p_epsilon(eps)
        if sp.simplify(pe - eps / 2 ** (kk + 1)) != 0:
            return Failed(error=f"renyi2 k={kk}: p_epsilon = {pe}")
    steps.append(
        "renyi2: |d(-ln(2p-1))/dp| = 2/x <= 2^(k+1) on x = 2p-1 in [2^-k, 1] (maximal "
        "at the floor); the clip is 1-Lipschitz; code p_epsilon = eps 2^-(k+1)"
    )
    # concurrence: |2 sqrt(1-a) - 2 sqrt(1-b)| <= 2 sqrt|a-b|: for u >= v >= 0,
    # (u - v) - (sqrt u - sqrt v)^2 = 2 sqrt v (sqrt u - sqrt v) >= 0
    su, sv = sp.symbols("s_u s_v", nonnegative=True)  # sqrt u, sqrt v
    gap = sp.expand((su**2 - sv**2) - (su - sv) ** 2)
    if sp.simplify(gap - 2 * sv * (su - sv)) != 0:
        return Failed(error=f"concurrence Hoelder step: {gap}")
    if sp.simplify(CONCURRENCE_MAP.p_epsilon(eps) - eps**2 / 4) != 0:
        return Failed(error="concurrence p_epsilon != eps^2/4")
    steps.append(
        "concurrence: (u - v) - (sqrt u - sqrt v)^2 = 2 sqrt v (sqrt u - sqrt v) >= 0, "
        "so |C(a) - C(b)| <= 2 sqrt|a - b| and eps_p = eps^2/4"
    )
    # the code's budget is the ceiling of n*, minimal
    for e, d in ((0.1, 0.05), (0.05, 1e-3), (0.013, 0.2)):
        nb = hoeffding_shots(e, d)
        if not (nb >= float(n_star.subs({eps: e, delta: d})) > nb - 1):
            return Failed(error=f"hoeffding_shots({e}, {d}) = {nb} is not ceil(n*)")
    steps.append("hoeffding_shots = ceil(n*)")
    return Proved(method="SymPy", detail="; ".join(steps))


@EVIDENCE.claim("H-EST-05")
def clopper_pearson_within_budget(rng: np.random.Generator) -> Evidence:
    maps = [
        P1_MAP,
        FIDELITY_MAP,
        purity_map(1),
        purity_map(2),
        renyi2_map(1),
        renyi2_map(2),
        Z_MAP,
        SUCCESS_MAP,
        CONCURRENCE_MAP,
    ]

    def cases() -> Iterator[Case]:
        for eps in (0.3, 0.2, 0.1):
            for delta in (0.2, 0.05, 0.01):
                for smap in maps:
                    pe = smap.p_epsilon(eps)
                    n = hoeffding_shots(pe, delta)
                    k = np.arange(n + 1)
                    lo, hi = clopper_pearson(k, np.full_like(k, n), delta)
                    h = hoeffding_halfwidth(n, delta)
                    inside = float(np.min(np.minimum(lo - (k / n - h), (k / n + h) - hi)))
                    est = smap.clipped(k / n)
                    a, b = smap.clipped(lo), smap.clipped(hi)
                    half = float(np.max(np.maximum(np.abs(est - a), np.abs(b - est))))
                    # 1e-12: the beta quantile's own round-off
                    yield (
                        min(inside + 1e-12, eps - half + 1e-12),
                        {"map": smap.name, "epsilon": eps, "delta": delta, "shots": n},
                    )

    return held_or_failed(
        cases(),
        detail="every k = 0..n at the budget n for eps in {0.3, 0.2, 0.1}, delta in {0.2, "
        "0.05, 0.01} and every score map (P(1), fidelity, purity and Renyi-2 on 1 and 2 qubits, "
        "<Z>, success, concurrence): the Clopper-Pearson interval lies in k/n +- Hoeffding "
        "half-width and the clipped score interval lies within eps of the estimate (held on "
        "these sizes; the general argument is in reference/estimators/intervals.py)",
    )


def _coverage_instances() -> list[tuple[str, EventEstimator]]:
    q, k = [0.3, -0.7, 1.1, 0.2], [0.8, 0.1, -0.6, 1.3]
    pair = ent.pair_circuit(
        q, k, [0.4, -1.1], config=ent.EntanglementConfig(encoding="dense", layers=2)
    )
    cs = cswap_concurrence_circuit(
        2,
        prep=ent.pair_circuit(
            q, k, [0.8], config=ent.EntanglementConfig(encoding="super_dense", layers=1)
        ),
    )
    st = swap_test(0.3, 1.4)
    rc = random_circuit(np.random.default_rng(7), num_qubits=3, num_gates=20)
    return [
        ("swap", swap_estimator(st, quantity="swap", epsilon=0.05)),
        ("fidelity", swap_estimator(st, quantity="fidelity", epsilon=0.05)),
        ("concurrence", concurrence_estimator(cs, epsilon=0.2)),
        ("purity two-copy", purity_estimator(pair, [0, 1], epsilon=0.05)),
        ("purity bell", purity_estimator(pair, [0, 1], method="bell", epsilon=0.05)),
        ("renyi2 two-copy", renyi2_estimator(pair, [0, 1], epsilon=0.2)),
        ("renyi2 bell", renyi2_estimator(pair, [0, 1], method="bell", epsilon=0.2)),
        ("expval (3 simultaneous)", expval_estimator(rc, [0, 1, 2], epsilon=0.05)),
        ("success", success_estimator(grover_circuit(3, [5], 1, measure=True), [5])),
        ("purity near 1/2^k", purity_estimator(Circuit.build(2).h(0).cx(0, 1).done(), [0])),
    ]


def coverage(est: EventEstimator, reps: int, rng: np.random.Generator) -> tuple[int, int]:
    """``(misses, shots)``: repetitions whose intervals do not all contain the exact scores,
    drawing the outcome counts of ``reps`` runs at the budget from the exact distribution."""
    probs = sim.marginal(
        sim.probabilities(sim.statevector(est.circuit)), est.circuit.measured_qubits
    )
    probs = probs / probs.sum()
    bits = all_outcomes(len(est.circuit.measured_qubits))
    masks = np.array([ev(bits) for ev in est.events], dtype=np.int64)  # (m, 2**nb)
    n = est.budget
    draws = rng.multinomial(n, probs, size=reps)  # (R, 2**nb)
    k = draws @ masks.T  # (R, m)
    exact = est.score.clipped(masks @ probs)
    _, lo, hi = est.interval(k, n)
    ok = np.all((lo <= exact) & (exact <= hi), axis=1)
    return int(reps - ok.sum()), n


def exact_coverage(est: EventEstimator) -> float | None:
    """``sum_k Binomial(k; n, p) 1{interval(k) contains the score}`` at the budget ``n`` (one
    event only; ``None`` for several simultaneous events)."""
    if len(est.events) != 1:
        return None
    p = float(est.event_probabilities()[0])
    n = est.budget
    k = np.arange(n + 1)
    exact = est.score.clipped(np.array([p]))[0]
    _, lo, hi = est.interval(k, n)
    return float(np.sum(stats.binom.pmf(k, n, p)[(lo <= exact) & (exact <= hi)]))


@EVIDENCE.claim("H-EST-06")
def interval_coverage(rng: np.random.Generator) -> Evidence:
    reps = 2000
    rows: list[str] = []

    def cases() -> Iterator[Case]:
        for label, est in _coverage_instances():
            misses, n = coverage(est, reps, rng)
            allowed = int(stats.binom.ppf(1.0 - FALSE_ALARM, reps, est.delta))
            exact = exact_coverage(est)
            ex = "" if exact is None else f", exact {exact:.4f}"
            rows.append(f"{label}: simulated {1 - misses / reps:.4f}{ex} at {n} shots")
            case = {"quantity": label, "misses": misses, "allowed": allowed, "shots": n}
            yield (allowed - misses) / reps, case
            if exact is not None:
                # 1e-9: the binomial pmf summed over n + 1 terms
                yield exact - (1.0 - est.delta) + 1e-9, case | {"exact_coverage": exact}

    ev = held_or_failed(cases(), detail="")
    if isinstance(ev, Failed):
        return ev
    return replace(
        ev,
        detail=f"{reps} repetitions per quantity at delta = 0.05 (outcome counts drawn from the "
        "exact distribution of the measurement circuit at the budget; simulated misses <= "
        f"binom.ppf(1 - {FALSE_ALARM:g}, R, delta)), and for single-event quantities the exact "
        "coverage (sum over every k of the binomial) >= 1 - delta; coverage: "
        + "; ".join(rows)
        + "; slack = the worst of (allowed - misses) / R and exact coverage - (1 - delta)",
    )


@EVIDENCE.claim("H-EST-07")
def von_neumann_above_renyi2(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        for enc, c in _pair_preps(rng, 60):
            psi = sim.statevector(c)
            n_r = c.num_qubits // 2
            rho = qi.reduced_density_matrix(psi, list(range(n_r)))
            svn = float(qi.von_neumann_entropy(rho))
            s2 = float(qi.renyi2_entropy(rho))
            yield (
                svn - s2 + entropy_tolerance(1 << n_r),
                {"encoding": enc, "n_r": n_r, "S_vN": svn, "S_2": s2},
            )

    return held_or_failed(
        cases(),
        detail="S_vN - S_2 of register A on 60 random entanglement pair states (super-dense, "
        "dense, IQP; 1-2 qubits per register, 1-3 layers, random features and theta); slack = "
        "S_vN - S_2 + entropy round-off bound",
    )
