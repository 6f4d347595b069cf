"""Evidence for QEDFM (survey §6, ``SUR-QEDFM-01..05``), the seed correction ``SUR-CORR-05``
(its complexity part, decided by counts).

States come from the claim's generator: dimension ``d`` in 1..5, rank 1..d (Dirichlet mixtures
of random complex unit vectors); layer inputs with ``N`` in 2..6 tokens, random dependency trees,
random unitary measurement bases. Laws from :mod:`properties.qedfm.laws`.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from proofs.evidence._common import madds_over, second_difference
from proofs.ledger import (
    Case,
    Evidence,
    EvidenceRegistry,
    Failed,
    Refuted,
    held_or_failed,
    load_counterexample,
)
from properties.qedfm import laws
from properties.qedfm.laws import random_state, random_unitary
from reference.algorithms.opcount import OpCounter, fitted_exponent
from reference.mechanisms import qedfm

EVIDENCE = EvidenceRegistry()
CASES = 60


def _states(rng: np.random.Generator) -> Iterator[tuple[np.ndarray, dict[str, object]]]:
    for i in range(CASES):
        d = int(rng.integers(1, 6))
        rank = int(rng.integers(1, d + 1))
        yield random_state(rng, d, rank), {"case": i, "d": d, "rank": rank}


def _layers(rng: np.random.Generator) -> Iterator[tuple[qedfm.QEDFMOutput, int, int, int]]:
    for _ in range(CASES // 2):
        n, d = int(rng.integers(2, 7)), int(rng.integers(1, 6))
        parents = [int(rng.integers(0, i)) for i in range(1, n)]
        edges = np.array([[p, i] for i, p in enumerate(parents, start=1)], dtype=np.int64)
        out = qedfm.qedfm_layer(
            rng.normal(size=(2, n, d)) + 0.1,
            rng.uniform(-np.pi, np.pi, (2, n, d)),
            edges,
            random_unitary(rng, d).T.copy(),
            float(rng.choice([0.1, 1.0, 5.0])) * rng.normal(size=(2, n)),
        )
        yield out, n, d, len(edges)


@EVIDENCE.claim("SUR-QEDFM-01")
def bounds(rng: np.random.Generator) -> Evidence:
    out: list[Case] = []
    for rho, info in _states(rng):
        out.append((laws.law_coherence_bounds(qedfm.coherence, rho), info | {"law": "bounds"}))
        d = rho.shape[0]
        diag = rng.dirichlet(np.ones(d))
        out.append((laws.law_coherence_extremes(qedfm.coherence, d, diag), info | {"law": "ends"}))
    return held_or_failed(
        out,
        detail="0 <= C_re <= log2 d with the Pinsker lower bound C_re >= ||rho - Delta rho||_1^2 "
        "/ (2 ln 2) (so C_re > 0 for every non-diagonal rho: the 'iff'), C_re(diagonal) = 0 and "
        "C_re(|+><+|) = log2 d; tolerance in bits from the entropy allowance",
    )


@EVIDENCE.claim("SUR-QEDFM-02")
def minimum(rng: np.random.Generator) -> Evidence:
    out: list[Case] = []
    gaps = []
    for rho, info in _states(rng):
        samples = rng.dirichlet(np.ones(rho.shape[0]), size=8)
        outcome, gap = laws.law_min_over_incoherent(qedfm.coherence, rho, samples)
        gaps.append(gap)
        out.append((outcome, info | {"law": "min over incoherent", "fw_gap": gap}))
        if float(np.min(np.diag(rho).real)) > 1e-6:
            s2 = laws.law_equals_dephased_relative_entropy(qedfm.coherence, rho)
            out.append((s2, info | {"law": "S(rho||Delta rho)"}))
    return held_or_failed(
        out,
        detail=f"C_re equals min over diagonal delta of S(rho||delta) found by scipy BFGS on "
        f"softmax-parametrised delta with the relative entropy from a generic Hermitian matrix "
        f"log (not the closed form): no optimiser point or random simplex point went below C_re, "
        f"and the optimum came within its certified Frank-Wolfe gap (largest gap "
        f"{max(gaps):.2g} bits); C_re = S(rho||Delta rho) where Delta rho is full rank",
    )


@EVIDENCE.claim("SUR-QEDFM-03")
def invariance(rng: np.random.Generator) -> Evidence:
    out: list[Case] = []
    for rho, info in _states(rng):
        d = rho.shape[0]
        ph = rng.uniform(-np.pi, np.pi, d)
        perm = rng.permutation(d)
        out.append((laws.law_invariance(qedfm.coherence, rho, ph, perm), info))
    return held_or_failed(
        out, detail="C_re(D rho D^dagger) = C_re(rho) = C_re(P rho P^T), random phases and P"
    )


@EVIDENCE.claim("SUR-QEDFM-04")
def densities(rng: np.random.Generator) -> Evidence:
    out: list[Case] = []
    for k, (res, n, _, e) in enumerate(_layers(rng)):
        for b in range(2):
            out.append((laws.law_density_matrix(res.sequence[b], n), {"case": k, "rho": "S"}))
            for i in range(n):
                out.append((laws.law_density_matrix(res.fused[b, i], e), {"case": k, "rho": i}))
    return held_or_failed(
        out,
        detail="rho_S and every fused rho'_i of the QEDFM layer are Hermitian, PSD, unit-trace, "
        "with purity in [1/d, 1] (N = 2..6 tokens, random dependency trees, d = 1..5)",
    )


@EVIDENCE.claim("SUR-QEDFM-05")
def measurement(rng: np.random.Generator) -> Evidence:
    out: list[Case] = [
        (laws.law_measurement(res.probabilities, e, d), {"case": k, "N": n, "d": d})
        for k, (res, n, d, e) in enumerate(_layers(rng))
    ]
    return held_or_failed(
        out,
        detail="p_k = Tr(rho' Pi_k) for a random complete orthonormal basis: every p_k in [0, 1] "
        "and sum_k p_k = 1",
    )


def corr05_counts(sizes: list[int], d: int, *, full: bool) -> list[int]:
    """Multiply-adds counted by the running layer (``full``) or by the sequence density only."""
    rng = np.random.default_rng(0)

    def run(n: int, c: OpCounter) -> None:
        h = rng.normal(size=(1, n, d)) + 0.1
        ph = rng.uniform(-np.pi, np.pi, (1, n, d))
        if full:
            psi = qedfm.word_states(h, ph)
            qedfm.sequence_density(psi, rng.normal(size=(1, n)), counter=c)
            qedfm.cross_attention(psi, qedfm.edge_states(psi, qedfm.chain_edges(n)), counter=c)
        else:
            qedfm.sequence_density(qedfm.word_states(h, ph), counter=c)

    return madds_over(sizes, run)


@EVIDENCE.claim("SUR-CORR-05")
def corr05(rng: np.random.Generator) -> Evidence:
    cx = load_counterexample("SUR-CORR-05")
    sizes = [int(v) for v in cx["sizes"]]
    d = int(cx["d"])
    full = corr05_counts(sizes, d, full=True)
    seq = corr05_counts(sizes, d, full=False)
    second = second_difference(full)
    second_seq = second_difference(seq)
    wide = [2**k for k in range(5, 9)]
    expo = fitted_exponent(wide, corr05_counts(wide, d, full=True))
    if second <= 0 or second_seq != 0:
        return Failed(error=f"counts {full} / {seq} do not separate the N^2 term")
    return Refuted(
        counterexample=cx,
        observed=f"multiply-adds counted by the running reconstructed QEDFM layer (chain parse, "
        f"E = N - 1 edges, d = {d}) at N = {sizes}: {full}; c(4N) - 3c(2N) + 2c(N) = {second} "
        f"> 0 (zero for an O(N) count); fitted exponent {expo:.3f} over N = 32..256. The "
        f"sequence density matrix alone is linear ({seq}, second difference {second_seq}); the "
        f"N x E token-edge cross-attention and the N fused states of E terms are quadratic",
        detail="measured on the RECONSTRUCTED wiring of §6 (every token attends to every "
        "dependency edge); the seed's 'O(N^2 -> N)' has no source. The authorship and 'code "
        "release' parts of SUR-CORR-05 are citations and not computed",
    )
