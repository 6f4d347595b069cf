"""Evidence for QMSAN (survey §5, ``SUR-QMSAN-01..05``).

The laws of :mod:`properties.qmsan.laws` check the reference (:mod:`reference.mechanisms.qmsan`)
on random models small enough for exact density matrices (``n <= 3``, ``N <= 4``); the shot-noise
law is checked on sampled estimates drawn with the claim's own ``numpy.random.Generator``.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import numpy as np

from proofs.ledger import Evidence, EvidenceRegistry, Failed, Held, Uncheckable, held_or_failed
from properties.outcome import combine
from properties.qmsan import laws
from properties.tolerances import state_tolerance
from reference.mechanisms import qmsan

EVIDENCE = EvidenceRegistry()
CASES = 24


def _instance(
    rng: np.random.Generator, min_tokens: int = 1
) -> tuple[np.ndarray, qmsan.QMSANParams, qmsan.QMSANConfig]:
    n = int(rng.integers(1, 4))
    cfg = qmsan.QMSANConfig(
        num_qubits=n,
        kept_qubits=int(rng.integers(1, max(1, n - 1) + 1)),
        ansatz_layers=int(rng.integers(1, 3)),
        positional=("pi_s_over_n", "none")[int(rng.integers(2))],
    )
    x = rng.uniform(-math.pi, math.pi, (int(rng.integers(min_tokens, 5)), n))
    return x, qmsan.init_params(rng, cfg), cfg


def _tol(cfg: qmsan.QMSANConfig, params: qmsan.QMSANParams) -> float:
    """:func:`laws.reduced_state_tolerance` of the token circuit."""
    s = state_tolerance(qmsan.token_circuit(cfg, params.query))
    return laws.reduced_state_tolerance(s, cfg.kept_qubits)


@EVIDENCE.claim("SUR-QMSAN-01")
def qmsan_01(rng: np.random.Generator) -> Evidence:
    mixed = 0

    def cases() -> Any:
        nonlocal mixed
        for i in range(CASES):
            x, p, cfg = _instance(rng)
            rho, sigma = qmsan.reduced_states(x, p, cfg)
            pur = np.real(np.einsum("sab,sba->s", rho, rho))
            # a reporting count: purity below 1 - 1e-6 is a mixed state (rounding moves a pure
            # state's purity by ~1e-15; the count only says the mixed regime was reached)
            mixed += int(np.any(pur < 1 - 1e-6))
            tol = _tol(cfg, p)
            law = combine(
                laws.law_density_matrices(rho, tol), laws.law_density_matrices(sigma, tol)
            )
            yield law, {"case": i, "n": cfg.num_qubits, "m": cfg.kept_qubits}

    ev = held_or_failed(
        cases(),
        detail="reduced query/key states of random models: Hermitian, PSD, unit trace within "
        "2 D * 2 s (s = state_tolerance of the token circuit)",
    )
    if isinstance(ev, Held):
        return replace(ev, detail=ev.detail + f"; {mixed} of {ev.cases} cases had a mixed state")
    return ev


def _random_dm(rng: np.random.Generator, d: int) -> np.ndarray:
    r = int(rng.integers(1, d + 1))
    g = rng.normal(size=(d, r)) + 1j * rng.normal(size=(d, r))
    rho = g @ g.conj().T
    return rho / np.trace(rho).real  # type: ignore[no-any-return]


@EVIDENCE.claim("SUR-QMSAN-02")
def qmsan_02(rng: np.random.Generator) -> Evidence:
    def cases() -> Any:
        for i in range(CASES):
            d = (2, 4)[int(rng.integers(2))]
            rho = np.stack([_random_dm(rng, d) for _ in range(3)])
            sigma = np.stack([_random_dm(rng, d) for _ in range(3)])
            if i % 3 == 0:  # the equality case: rho = sigma pure
                v = rng.normal(size=d) + 1j * rng.normal(size=d)
                v /= np.linalg.norm(v)
                rho[0] = sigma[0] = np.outer(v, v.conj())
            tol = laws.trace_product_tolerance(d)
            yield laws.law_trace_bounds(qmsan.trace_products, rho, sigma, tol), {"case": i, "D": d}
        for i in range(CASES // 2):
            x, p, cfg = _instance(rng)
            rho, sigma = qmsan.reduced_states(x, p, cfg)
            tol = _tol(cfg, p)
            yield laws.law_trace_bounds(qmsan.trace_products, rho, sigma, tol), {"model": i}

    return held_or_failed(
        cases(),
        detail="random mixed states of every rank (D = 2, 4; a third with rho = sigma pure) and "
        "model states: 0 <= Tr rho sigma <= sqrt(Tr rho^2 Tr sigma^2) <= 1, and the identity "
        "1 - Tr rho sigma = |rho - sigma|_F^2/2 + (1 - Tr rho^2)/2 + (1 - Tr sigma^2)/2 (three "
        "non-negative terms: equality with 1 iff rho = sigma pure)",
    )


@EVIDENCE.claim("SUR-QMSAN-03")
def qmsan_03(rng: np.random.Generator) -> Evidence:
    def cases() -> Any:
        for i in range(CASES):
            x, p, cfg = _instance(rng)
            c = qmsan.swap_test_circuit(cfg)
            # P(0) of the simulated swap circuit: 2 s; (1 + alpha)/2 from the reduced states:
            # half of alpha's error, alpha = Tr(rho sigma) off by <= 2 x the reduced-state
            # allowance (both factors perturbed, each of unit trace norm)
            tol = 2 * state_tolerance(c) + 2 * _tol(cfg, p)
            p0, alpha = qmsan.swap_test_p0(x, p, cfg), qmsan.scores(x, p, cfg)
            yield laws.law_swap_test(p0, alpha, tol), {"case": i}
            n = int(rng.integers(2, 4))
            a, b = (rng.normal(size=1 << n) + 1j * rng.normal(size=1 << n) for _ in range(2))
            a, b = a / np.linalg.norm(a), b / np.linalg.norm(b)
            kept = int(rng.integers(1, n + 1))
            tol_k = laws.kept_swap_tolerance(n, kept)
            law = laws.law_kept_pairs_swap(qmsan.kept_pairs_swap_p0, a, b, kept, tol_k)
            yield law, {"case": i, "pure_n": n, "kept": kept}

    return held_or_failed(
        cases(),
        detail="swap-test circuit of random models (every pair): P(0) = (1 + Tr rho sigma)/2; "
        "CSWAP on m of n pairs of random pure states gives (1 + Tr rho_A sigma_A)/2 with the "
        "reduced states computed by reshaping",
    )


@EVIDENCE.claim("SUR-QMSAN-04")
def qmsan_04(rng: np.random.Generator) -> Evidence:
    moved: list[tuple[float, float]] = []

    def cases() -> Any:
        for i in range(CASES):
            x, p, cfg = _instance(rng, min_tokens=2)
            x[1] = x[0]
            on, off = replace(cfg, positional="pi_s_over_n"), replace(cfg, positional="none")
            s_on, s_off = qmsan.token_states(x, p.query, on), qmsan.token_states(x, p.query, off)
            q_on, q_off = qmsan.token_circuit(on, p.query), qmsan.token_circuit(off, p.query)
            a_on = qmsan.scores(x, p, on)
            moved.append((float(np.max(np.abs(a_on[0] - a_on[1]))), _tol(cfg, p)))
            yield laws.law_positional(
                s_on, s_off, q_on.num_qubits, q_off.num_qubits, qmsan.scores(x, p, off), (0, 1),
                _tol(cfg, p),
            ), {"case": i}  # fmt: skip

    ev = held_or_failed(
        cases(),
        detail="R_x positional encoding: the same qubit count with and without it, unit norms; "
        "without it identical tokens 0 and 1 have identical score rows",
    )
    if not isinstance(ev, Held):
        return ev
    differ = sum(m > tol for m, tol in moved)  # beyond the rounding allowance
    default = qmsan.QMSANConfig()
    want = np.outer(math.pi * np.arange(5) / 5, np.ones(default.num_qubits))
    if default.positional != "pi_s_over_n" or not np.allclose(qmsan.positions(5, default), want):
        return Failed(error="the default R_x schedule is not the spec's omega_sl = pi s / N")
    if differ == 0:
        return Failed(error="the schedule never separated identical tokens")
    return replace(
        ev,
        detail=ev.detail + f"; with the pi s / N schedule the rows differ on {differ} of "
        f"{len(moved)} cases; the default schedule is the spec's pi s / N (pinned)",
    )


@EVIDENCE.claim("SUR-QMSAN-05")
def qmsan_05(rng: np.random.Generator) -> Evidence:
    repeats = 4000

    def cases() -> Any:
        for i in range(CASES):
            x, p, cfg = _instance(rng)
            p0 = qmsan.swap_test_p0(x, p, cfg)
            s_, j = int(rng.integers(x.shape[0])), int(rng.integers(x.shape[0]))
            shots = int((10, 100, 1000, 10000)[int(rng.integers(4))])
            est = qmsan.sample_scores(p0[s_, j], shots=shots, repeats=repeats, rng=rng)
            alpha = float(2 * p0[s_, j] - 1)
            yield (
                laws.law_shot_variance(est, alpha, shots),
                {"case": i, "shots": shots, "alpha": alpha},
            )

    return held_or_failed(
        cases(),
        detail=f"{repeats} sampled estimates 2 P^(0) - 1 per case (binomial shots of the exact "
        "swap-test P(0), S in 10..10^4): sample mean within 5 sd of alpha and sample variance "
        "within 5 sd of (1 - alpha^2)/S (utilisation = deviation / 5 sd; a 11% variance error "
        "is caught "
        "about half the time)",
    )


@EVIDENCE.claim("SUR-CORR-04")
def corr04(rng: np.random.Generator) -> Evidence:
    """Seed correction SUR-CORR-04: a citation, which no computation decides."""
    return Uncheckable(
        reason=(
            "citation: QMSAN's authors (Fu Chen et al.), arXiv 2403.02871 and venue (Neural "
            "Networks 2025), and whether a Qiskit implementation exists, are facts about "
            "publications and repositories"
        )
    )
