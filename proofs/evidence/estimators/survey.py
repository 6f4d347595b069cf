"""Evidence for ``H-EST-11`` and ``H-EST-12`` (the gate-model survey scores' estimators), and the
survey cases that ``H-EST-03`` (unbiasedness) and ``H-EST-06`` (coverage) add to their own.

Estimators: :mod:`reference.estimators.survey`. Tolerances as in
:mod:`proofs.evidence.estimators.two_copy_and_counts` (:func:`event_tolerance`: the round-off of
an event probability read off a simulated statevector, times the score's Lipschitz constant 2).
Statistical checks are integer counts: ``M`` misses of ``R`` repetitions pass when
``M <= binom.ppf(1 - FALSE_ALARM, R, delta)`` (tolerance 0), so a correct interval fails the check
with probability ``<= FALSE_ALARM``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import replace

import numpy as np
from scipy import stats

from proofs.evidence.estimators.two_copy_and_counts import FALSE_ALARM, event_tolerance
from proofs.ledger import Case, Evidence, EvidenceRegistry, Failed, held_or_failed
from properties.outcome import at_least, at_most, close, combine
from properties.tolerances import EPS
from reference import quantum_info as qi
from reference import simulate as sim
from reference.circuit import Circuit
from reference.estimators.base import EventEstimator, all_outcomes
from reference.estimators.survey import (
    PostselectedEstimator,
    overlap_estimator,
    postselected_expval_estimator,
    postselected_shots,
    trace_overlap_estimator,
)
from reference.mechanisms import qcsam, qmsan
from reference.testing import random_circuit

EVIDENCE = EvidenceRegistry()

REPS = 2000
"""Simulated repetitions per post-selected instance of ``H-EST-12``."""

OVERLAP = "2 P(event) - 1 = Tr(rho_A sigma_A)"


def swap_test_of(a: Circuit, b: Circuit, pairs: list[tuple[int, int]]) -> Circuit:
    """SWAP test (ancilla 0) of ``a`` on qubits ``1..n`` and ``b`` on ``n+1..2n`` with
    controlled-SWAPs on ``pairs`` (qubits of ``a``, qubits of ``b``)."""
    n = a.num_qubits
    bld = Circuit.build(2 * n + 1)
    for prep, off in ((a, 1), (b, 1 + n)):
        for op in prep.gate_ops:
            bld.add(op.gate, [q + off for q in op.qubits], op.params)
    bld.h(0)
    for qa, qb in pairs:
        bld.cswap(0, 1 + qa, 1 + n + qb)
    return bld.h(0).measure([0]).done()


def _qmsan_case(rng: np.random.Generator, kept: int) -> tuple[Circuit, float]:
    cfg = qmsan.QMSANConfig(num_qubits=2, kept_qubits=kept)
    p = qmsan.init_params(rng, cfg)
    x = rng.uniform(-math.pi, math.pi, size=(3, 2))
    om = qmsan.positions(3, cfg)
    s, j = (int(v) for v in rng.integers(0, 3, 2))
    c = qmsan.swap_test_circuit(cfg).bind(qmsan.swap_bindings(x[s], om[s], x[j], om[j], p, cfg))
    return c, float(qmsan.scores(x, p, cfg)[s, j])


def _qcsam_case(rng: np.random.Generator) -> tuple[Circuit, complex]:
    cfg = qcsam.QCSAMConfig(num_qubits=2)
    p = qcsam.init_params(rng, cfg)
    x = rng.uniform(-math.pi, math.pi, size=(2, 2))
    c = qcsam.hadamard_test_circuit(cfg, part="real")
    c = c.bind(qcsam.hadamard_bindings(x[0], x[1], p.query[0], p.key[0]))
    return c, complex(qcsam.alpha_matrix(x, p, cfg)[0, 0, 1])


@EVIDENCE.claim("H-EST-11")
def destructive_trace_overlap(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        for n in (1, 2, 3):
            for _ in range(6):
                a = random_circuit(rng, num_qubits=n, num_gates=15)
                b = random_circuit(rng, num_qubits=n, num_gates=15)
                k = int(rng.integers(1, n + 1))
                sub = sorted(int(q) for q in rng.choice(n, size=k, replace=False))
                rho = qi.reduced_density_matrix(sim.statevector(a), sub)
                sigma = qi.reduced_density_matrix(sim.statevector(b), sub)
                want = float(np.real(np.trace(rho @ sigma)))
                st = swap_test_of(a, b, [(q, q) for q in sub])
                for method in ("swap-test", "bell"):
                    est = trace_overlap_estimator(st, method=method)
                    got = 2.0 * float(est.event_probabilities()[0]) - 1.0
                    yield (
                        close(OVERLAP, got, want, event_tolerance(st, 2.0)),
                        {"n": n, "kept": sub, "method": method, "got": got, "want": want},
                    )
        for kept in (1, 2):
            for _ in range(4):
                c, want = _qmsan_case(rng, kept)
                for method in ("swap-test", "bell"):
                    got = float(trace_overlap_estimator(c, method=method).exact()[0])
                    yield (
                        close("QMSAN: 2 P(event) - 1 = scores", got, want, event_tolerance(c, 2.0)),
                        {"qmsan_kept": kept, "method": method, "got": got, "want": want},
                    )

    return held_or_failed(
        cases(),
        detail="2 P(event) - 1 of the simulated SWAP test (event: ancilla 0) and of its "
        "ancilla-free Bell form (event: sum_pairs b_a b_b even) vs Tr(rho_A sigma_A) of the "
        "reduced density matrices: two independent random 1..3-qubit circuits, random kept "
        "subsets (18 pairs), and QMSAN's registered swap test with random tokens and angles "
        "(kept 1 and 2 of 2 qubits) vs qmsan.scores; up to 7 qubits, so held on these sizes; "
        "tolerance: the derived round-off of the simulated event probability and of the "
        "reduced states",
    )


def _postselected_instances() -> list[tuple[str, PostselectedEstimator]]:
    out = []
    for heads in (1, 2):
        cfg = qcsam.QCSAMConfig(num_qubits=2, num_heads=heads)
        p = qcsam.init_params(np.random.default_rng(2503 + heads), cfg)
        x = np.array([[0.3, -0.7], [1.1, 0.4]])
        c = qcsam.clcu_circuit(qcsam.alpha_matrix(x, p, cfg)[:, 0, :], x, p, cfg).circuit
        nq = c.num_qubits
        est = postselected_expval_estimator(c, [nq - 2, nq - 1], epsilon=0.1)
        out.append((f"CLCU {heads} head(s), p_succ {est.selection_probability:.3f}", est))
    return out


def _kept_lower(n: int, p: float, delta: float) -> float:
    """``n p - sqrt(n ln(1/delta) / 2)``: Hoeffding's lower bound on the kept shots of ``n``."""
    return n * p - math.sqrt(n) * math.sqrt(math.log(1.0 / delta) / 2.0)


def _budget_roundoff(n: int, p: float, delta: float, m0: int) -> float:
    """Round-off of ``n p - sqrt(n) c - m0`` (``c = sqrt(ln(1/delta)/2)``): ``n p`` one rounding,
    ``sqrt(n) c`` four (the log, the halving is exact, two square roots, the product), the two
    subtractions one each on values of size at most ``n p + sqrt(n) c + m0``; ``6 eps`` of that
    bounds them all (first order)."""
    c = math.sqrt(math.log(1.0 / delta) / 2.0)
    return 6.0 * EPS * (n * p + math.sqrt(n) * c + m0)


@EVIDENCE.claim("H-EST-12")
def postselected_coverage_and_budget(rng: np.random.Generator) -> Evidence:
    rows: list[str] = []

    def budget_cases() -> Iterator[Case]:
        for m0 in (1, 7, 100, 3506, 10**5):
            for p in (1.0, 0.5, 0.3, 0.05, 1e-3):
                for delta in (0.2, 0.05, 1e-6):
                    n = postselected_shots(m0, p, delta)
                    yield (
                        combine(
                            at_least(
                                "budget suffices: n p - sqrt(n ln(1/delta)/2) >= m0",
                                _kept_lower(n, p, delta),
                                m0,
                                _budget_roundoff(n, p, delta, m0),
                            ),
                            at_most(
                                "budget is the smallest: (n-1) p - sqrt((n-1) ln(1/delta)/2) < m0",
                                _kept_lower(n - 1, p, delta),
                                m0,
                                _budget_roundoff(n, p, delta, m0),
                            ),
                        ),
                        {"m0": m0, "p": p, "delta": delta, "n": n},
                    )

    def coverage_cases() -> Iterator[Case]:
        for label, est in _postselected_instances():
            n = est.budget
            probs = sim.marginal(
                sim.probabilities(sim.statevector(est.circuit)), est.circuit.measured_qubits
            )
            probs = probs / probs.sum()
            bits = all_outcomes(len(est.circuit.measured_qubits))
            sel = np.all(bits[:, list(est.selection)] == 0, axis=1)
            masks = np.array([sel & (bits[:, i] == 1) for i in est.readout], dtype=np.int64)
            draws = rng.multinomial(n, probs, size=REPS)
            kept = draws @ sel.astype(np.int64)
            k = draws @ masks.T
            exact = est.exact()
            _, lo, hi = est.interval(k, kept[:, None])
            misses = int(REPS - np.all((lo <= exact) & (exact <= hi), axis=1).sum())
            short = int((kept < est.kept_budget).sum())
            allowed = int(stats.binom.ppf(1.0 - FALSE_ALARM, REPS, est.delta))
            rows.append(
                f"{label}: {n} shots (kept budget {est.kept_budget}), coverage "
                f"{1 - misses / REPS:.4f}, kept >= budget in {1 - short / REPS:.4f}"
            )
            yield (
                combine(
                    at_most("misses <= binom.ppf(1 - FALSE_ALARM, R, delta)", misses, allowed),
                    at_most(
                        "runs short of the kept budget <= binom.ppf(1 - FALSE_ALARM, R, delta)",
                        short,
                        allowed,
                    ),
                ),
                {"instance": label, "shots": n, "misses": misses, "short": short},
            )

    ev = held_or_failed([*budget_cases(), *coverage_cases()], detail="")
    if isinstance(ev, Failed):
        return ev
    return replace(
        ev,
        detail="budget algebra on 75 (m0, p, delta) triples (n satisfies n p - sqrt(n ln(1/delta)"
        "/2) >= m0 and n - 1 does not); coverage of QCSAM's post-selected <Z_l> (2 simultaneous "
        f"intervals, conditional Clopper-Pearson) over {REPS} multinomial repetitions at the "
        f"budget per instance, misses <= binom.ppf(1 - {FALSE_ALARM:g}, R, delta), and the kept "
        "shots reaching the kept-shot budget as often: " + "; ".join(rows),
    )


def survey_linear_cases(
    rng: np.random.Generator,
) -> Iterator[tuple[str, EventEstimator, np.ndarray]]:
    """``H-EST-03`` cases: QCSAM's overlap parts and QMSAN's ``Tr(rho sigma)`` (both forms),
    against ``qcsam.alpha_matrix`` and ``qmsan.scores``."""
    for _ in range(2):
        c, alpha = _qcsam_case(rng)
        re, im = overlap_estimator(c).parts
        yield "overlap Re", re, np.array([alpha.real])
        yield "overlap Im", im, np.array([alpha.imag])
        c2, want = _qmsan_case(rng, 1)
        for method in ("swap-test", "bell"):
            est = trace_overlap_estimator(c2, method=method)
            yield f"trace-overlap {method}", est, np.array([want])


def survey_coverage_instances() -> list[tuple[str, EventEstimator]]:
    """``H-EST-06`` instances (one-program parts; the composite overlap's parts at delta/2)."""
    c, _ = _qcsam_case(np.random.default_rng(2503))
    re, im = overlap_estimator(c, epsilon=0.05).parts
    c2, _ = _qmsan_case(np.random.default_rng(2403), 1)
    return [
        ("overlap Re (delta/2)", re),
        ("overlap Im (delta/2)", im),
        ("trace-overlap swap-test", trace_overlap_estimator(c2, epsilon=0.05)),
        ("trace-overlap bell", trace_overlap_estimator(c2, method="bell", epsilon=0.05)),
    ]


__all__ = ["EVIDENCE", "survey_coverage_instances", "survey_linear_cases", "swap_test_of"]
