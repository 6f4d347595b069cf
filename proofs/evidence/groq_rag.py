"""Evidence for GroQ-RAG (survey §10, ``SUR-GROQ-*``).

SymPy proves the polynomial identities (matrix form = closed form, the exchange arguments); the
laws of :mod:`properties.groq_rag.laws` check the reference numerically on random instances small
enough for exact brute force. The two defects of the public ``vzdr/Quantum-RAG`` code
(SUR-GROQ-D01, D02) are reproduced by re-implementing the defective formulas
(``core/qubo_solver.py``, ``QUBOProblem.build_qubo_matrix`` and ``IsingConverter.qubo_to_ising``)
and re-checking them on the stored counterexamples in ``proofs/counterexamples/``.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import sympy as sp

from proofs.evidence.qama import FORMS
from proofs.evidence.qama.general_proofs import groq_matrix_general, groq_penalty_general
from proofs.evidence.qama.symbolic import (
    random_qubo,
    reduce_binary,
    sym_matrix,
    sympy_atoms,
    sympy_exchange,
    sympy_pauli,
    with_symbolic,
)
from proofs.ledger import (
    Case,
    Evidence,
    EvidenceRegistry,
    Failed,
    Proved,
    Refuted,
    Uncheckable,
    held_or_failed,
    load_counterexample,
)
from properties.groq_rag import laws
from properties.qama.laws import law_ising_equivalence
from reference.algorithms.qubo import QUBO, all_energies, basis_bits, brute_force
from reference.mechanisms import grover
from reference.mechanisms.groq_rag import (
    cosine_scores,
    penalty_bound,
    retrieval_circuit,
    selection_qubo,
    top_k,
)

EVIDENCE = EvidenceRegistry()

# ---------------------------------------------------------------------------------------------
# SUR-GROQ


def random_rs(rng: np.random.Generator, m: int, d: int = 4) -> tuple[np.ndarray, np.ndarray]:
    return cosine_scores(rng.normal(size=d), rng.normal(size=(m, d)))


@EVIDENCE.claim("SUR-GROQ-01")
def groq_sufficiency(rng: np.random.Generator) -> Evidence:
    ok, how = groq_penalty_general()
    if not ok:
        return Failed(error=f"SymPy: general penalty-sufficiency proof fails: {how}")
    cx = load_counterexample("SUR-GROQ-01")
    r, s = cosine_scores(np.array(cx["query"]), np.array(cx["chunks"]))
    alpha, lam, k = float(cx["alpha"]), float(cx["lam"]), int(cx["k"])
    stated = float(np.max(np.abs(r) + alpha * np.abs(s).sum(axis=1)))  # the bound as stated
    e = all_energies(selection_qubo(r, s, alpha=alpha, lam=lam, k=k))
    card = basis_bits(r.size).sum(axis=1)
    minimisers = sorted({int(c) for c in card[e <= e.min() + 1e-12]})
    if not (lam > stated and k not in minimisers):
        return Failed(
            error=f"stored alpha < 0 instance does not refute: lam={lam}, stated bound={stated}, "
            f"minimiser sizes {minimisers}",
            counterexample=cx,
        )

    def cases() -> Iterator[Case]:
        for _ in range(60):
            mm = int(rng.integers(2, 11))
            r_, s_ = random_rs(rng, mm)
            kk = int(rng.integers(0, mm + 1))
            a_ = float(rng.uniform(-1.0, 2.0))
            margin = float(rng.uniform(1e-3, 1.0))
            yield (
                laws.law_penalty_sufficiency(selection_qubo, penalty_bound, r_, s_, a_, kk, margin),
                {"M": mm, "k": kk, "alpha": a_, "margin": margin},
            )

    res = held_or_failed(cases(), detail="min over sum x != k of E - E_min - (lam - B)")
    if isinstance(res, Failed):
        return res
    return Refuted(
        counterexample=cx,
        observed=f"alpha = {alpha}: the stated bound max_i(|r_i| + alpha sum_j |S_ij|) = "
        f"{stated:.3g} < lam = {lam}, yet every minimiser selects {minimisers} chunks, not k = {k}",
        detail="as stated (no sign condition on alpha) the bound fails for alpha < 0. Proved in "
        f"general (SymPy, every M, k) for alpha >= 0 and, for every alpha, with |alpha| "
        f"(reference penalty_bound, B = max_i(|r_i| + |alpha| sum_{{j!=i}} |S_ij|)): {how}. "
        f"Brute force: every infeasible state lies >= lam - B above the minimum on {res.cases} "
        f"random instances (M <= 10, alpha in [-1, 2]), {res.margin}",
    )


@EVIDENCE.claim("SUR-GROQ-02")
def groq_matrix(rng: np.random.Generator) -> Evidence:
    ok, how = groq_matrix_general()
    if not ok:
        return Failed(error=f"SymPy: general selection matrix-form proof fails: {how}")
    mm = 3
    xs = list(sp.symbols(f"x0:{mm}"))
    r = list(sp.symbols(f"r0:{mm}"))
    al, lam, k = sp.symbols("alpha lam k")
    s = sym_matrix(mm, "S")
    q = sp.Matrix(
        mm, mm, lambda i, j: (-r[i] + lam * (1 - 2 * k)) if i == j else (al / 2 * s[i, j] + lam)
    )
    xv = sp.Matrix(xs)
    lhs = (xv.T * q * xv)[0, 0] + lam * k**2
    rhs = -sum(r[i] * xs[i] for i in range(mm))
    rhs += al * sum(s[i, j] * xs[i] * xs[j] for i in range(mm) for j in range(i + 1, mm))
    rhs += lam * (sum(xs) - k) ** 2
    if reduce_binary(lhs - rhs, xs) != 0:
        return Failed(error="SymPy: selection matrix form differs from the closed form")
    if not (sympy_atoms() and sympy_pauli()):
        return Failed(error="SymPy: QUBO -> Ising -> Pauli atom identities fail")

    def cases() -> Iterator[Case]:
        for _ in range(50):
            m_ = int(rng.integers(1, 11))
            rr, ss = random_rs(rng, m_)
            kk = int(rng.integers(0, m_ + 1))
            a = float(rng.uniform(-1, 2))
            lm = float(rng.uniform(0, 5))
            yield (
                laws.law_selection_matrix_form(selection_qubo, rr, ss, a, lm, kk),
                {"M": m_, "k": kk},
            )
            yield (
                law_ising_equivalence(FORMS, selection_qubo(rr, ss, alpha=a, lam=lm, k=kk)),
                {
                    "M": m_,
                    "k": kk,
                    "form": "ising",
                },
            )

    res = held_or_failed(cases(), detail="matrix vs closed form, QUBO vs Ising / Pauli")
    if isinstance(res, Failed):
        return res
    return Proved(
        method=f"SymPy, every M: {how}; the QUBO <-> Ising identity for every n by the one- and "
        "two-variable atom identities (SUR-QAMA-02's); cross-check: the full 3x3 symbolic "
        "matrix form reduces to the closed form",
        detail=f"numerically on all 2^M states of {res.cases} instances of the reference "
        f"selection_qubo, {res.margin}",
    )


@EVIDENCE.claim("SUR-GROQ-03")
def groq_reductions(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        for _ in range(40):
            mm = int(rng.integers(1, 11))
            r, s = random_rs(rng, mm)
            kk = int(rng.integers(0, mm + 1))
            yield (
                laws.law_topk_reduction(selection_qubo, penalty_bound, top_k, r, s, kk, 0.0),
                {"M": mm, "k": kk, "alpha": 0.0},
            )
            a = float(rng.uniform(-1, 2))
            yield (
                laws.law_topk_reduction(selection_qubo, penalty_bound, top_k, r, s, 1, a),
                {"M": mm, "k": 1, "alpha": a},
            )

    return held_or_failed(
        cases(),
        detail="alpha = 0, lam = B + 1: E(top-k by r) = E_min; k = 1 (any alpha): E(argmax r) = "
        "E_min (brute force)",
    )


@EVIDENCE.claim("SUR-GROQ-04")
def groq_statics(rng: np.random.Generator) -> Evidence:
    if not sympy_exchange():
        return Failed(error="SymPy: exchange identity failed")

    def cases() -> Iterator[Case]:
        for _ in range(50):
            mm = int(rng.integers(2, 11))
            r, s = random_rs(rng, mm)
            kk = int(rng.integers(1, mm + 1))
            a1, a2 = sorted(float(v) for v in rng.uniform(-1.0, 3.0, 2))
            lam = float(rng.uniform(0.0, 4.0))
            v = laws.law_alpha_statics(selection_qubo, r, s, a1, a2, lam, kk)
            if v is not None:
                yield v, {"M": mm, "k": kk, "a1": a1, "a2": a2, "lam": lam}

    res = held_or_failed(cases(), detail="R(x*_a1) - R(x*_a2) + 2 delta/(a2 - a1) for a1 < a2")
    return with_symbolic(res, "SymPy exchange identity (a2-a1)(R2-R1) <= 0; ")


@EVIDENCE.claim("SUR-GROQ-05")
def groq_grover(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        for m in range(1, 6):
            yield laws.law_diffusion_unitary(grover.diffusion, m), {"m": m, "law": "diffusion"}
        for _ in range(40):
            m = int(rng.integers(1, 6))
            nm = int(rng.integers(1, (1 << m) + 1))
            marked = sorted(int(v) for v in rng.choice(1 << m, size=nm, replace=False))
            it = int(rng.integers(0, 6))
            yield (
                laws.law_grover_success(retrieval_circuit, m, marked, it),
                {"m": m, "marked": marked, "k": it},
            )

    return held_or_failed(
        cases(),
        detail="gate-level Grover circuit P_succ = sin^2((2k+1) theta); diffusion = -(2|s><s|-I) "
        "and unitary (m <= 5 qubits)",
    )


# ---------------------------------------------------------------------------------------------
# SUR-GROQ-D01, D02: defects of vzdr/Quantum-RAG core/qubo_solver.py, re-implemented


def quantum_rag_build_qubo_matrix(
    r: np.ndarray, s: np.ndarray, *, alpha: float, k: int, penalty_multiplier: float
) -> np.ndarray:
    """Re-implementation of ``QUBOProblem.build_qubo_matrix`` (defective): ``Q_ii = -r_i +
    lam(1-2k)``, ``Q_ij = Q_ji = alpha S_ij + 2 lam`` on **both** triangles (so
    ``x^T Q x`` carries ``4 lam`` per selected pair instead of ``2 lam``), with
    ``lam = penalty_multiplier * max(max|r|, max|S|)`` (``_estimate_penalty_parameter``)."""
    lam = penalty_multiplier * max(float(np.max(np.abs(r))), float(np.max(np.abs(s))))
    q = alpha * s + 2.0 * lam
    np.fill_diagonal(q, -r + lam * (1 - 2 * k))
    return np.asarray(q, dtype=np.float64)


def quantum_rag_qubo_to_ising(q: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """Re-implementation of ``IsingConverter.qubo_to_ising`` (defective): ``J = Q/4`` (both
    triangles, zero diagonal), ``h_i = sum_j Q_ij / 2 - Q_ii / 2`` (drops ``Q_ii/2``), offset
    ``sum_i Q_ii / 4 + sum_{i<j} Q_ij / 4``; energy ``s^T J s + h.s + offset``."""
    j = q / 4.0
    np.fill_diagonal(j, 0.0)
    h = q.sum(axis=1) / 2.0 - np.diagonal(q) / 2.0
    off = float(np.trace(q) / 4.0 + np.triu(q, 1).sum() / 4.0)
    return j, h, off


@EVIDENCE.claim("SUR-GROQ-D01")
def groq_defect_penalty(rng: np.random.Generator) -> Evidence:
    cx = load_counterexample("SUR-GROQ-D01")
    r, s = cosine_scores(np.array(cx["query"]), np.array(cx["chunks"]))
    k = int(cx["k"])
    alpha = float(cx["alpha"])
    mult = float(cx["penalty_multiplier"])
    bad = QUBO.from_matrix(
        quantum_rag_build_qubo_matrix(r, s, alpha=alpha, k=k, penalty_multiplier=mult)
    )
    lam = mult * max(float(np.max(np.abs(r))), float(np.max(np.abs(s))))
    # the same lam in the correct matrix form (alpha S_ij on both triangles = 2 alpha per pair,
    # as the public code's objective implies) enforces sum x = k when lam exceeds the bound
    good = selection_qubo(r, s, alpha=2.0 * alpha, lam=lam, k=k)
    bound = penalty_bound(r, s, alpha=2.0 * alpha)
    eb, eg = all_energies(bad), all_energies(good)
    card = basis_bits(r.size).sum(axis=1)
    bad_card = sorted({int(c) for c in card[eb <= eb.min() + 1e-12]})
    good_card = sorted({int(c) for c in card[eg <= eg.min() + 1e-12]})
    if not (lam > bound and good_card == [k] and k not in bad_card):
        return Failed(
            error=f"stored counterexample does not refute: lam={lam}, B={bound}, defective "
            f"minimiser sizes {bad_card}, correct {good_card}, k={k}",
            counterexample=cx,
        )
    violations = 0
    draws = 40
    for _ in range(draws):
        mm = int(rng.integers(4, 11))
        kk = int(rng.integers(2, mm))
        rr, ss = random_rs(rng, mm, d=8)
        qb = QUBO.from_matrix(
            quantum_rag_build_qubo_matrix(rr, ss, alpha=0.6, k=kk, penalty_multiplier=2.0)
        )
        if int(brute_force(qb).x.sum()) != kk:
            violations += 1
    return Refuted(
        counterexample=cx,
        observed=f"defective build_qubo_matrix: every minimiser selects {bad_card} chunks, not "
        f"k = {k}, although lam = {lam:g} > B = {bound:g}; the correct matrix form with the same "
        f"lam selects exactly {good_card}",
        detail=f"re-implementation of vzdr/Quantum-RAG core/qubo_solver.py build_qubo_matrix "
        f"(2 lam on both triangles); on {draws} random draws (M in 4..10, 2 <= k < M, alpha = 0.6, "
        f"penalty_multiplier = 2) the minimiser violated sum x = k in {violations}/{draws}",
    )


@EVIDENCE.claim("SUR-GROQ-D02")
def groq_defect_ising(rng: np.random.Generator) -> Evidence:
    cx = load_counterexample("SUR-GROQ-D02")
    q = np.array(cx["Q"], dtype=np.float64)
    model = QUBO(matrix=q)
    n = model.num_variables
    x = basis_bits(n)
    e = all_energies(model)
    j, h, off = quantum_rag_qubo_to_ising(q)
    sp_ = 2.0 * x - 1.0
    e_bad = np.einsum("bi,ij,bj->b", sp_, j, sp_) + sp_ @ h + off
    differ = int(np.sum(np.abs(e_bad - e) > 1e-12))
    arg_good = int(np.argmin(e))
    arg_bad = int(np.argmin(e_bad))
    unique = np.sum(e_bad <= e_bad.min() + 1e-12) == 1
    if not (differ == 1 << n and arg_good != arg_bad and unique):
        return Failed(
            error=f"stored counterexample does not refute: {differ}/{1 << n} energies differ, "
            f"argmin {arg_good} vs {arg_bad}",
            counterexample=cx,
        )
    # how often the argmin changes on random QUBOs of the same size
    changed = 0
    trials = 200
    for _ in range(trials):
        qq = random_qubo(rng, n).matrix
        jj, hh, oo = quantum_rag_qubo_to_ising(qq)
        eb = np.einsum("bi,ij,bj->b", sp_, jj, sp_) + sp_ @ hh + oo
        if int(np.argmin(eb)) != int(np.argmin(all_energies(QUBO(matrix=qq)))):
            changed += 1

    def bits(i: int) -> str:
        return "".join(str(int(b)) for b in x[i])

    return Refuted(
        counterexample=cx,
        observed=f"defective qubo_to_ising energies differ from x^T Q x on all {1 << n} states; "
        f"argmin x = {bits(arg_bad)} instead of {bits(arg_good)}",
        detail=f"re-implementation of vzdr/Quantum-RAG IsingConverter.qubo_to_ising (h drops "
        f"Q_ii/2, offset (tr Q + sum_(i<j) Q_ij)/4); the argmin changed on {changed}/{trials} "
        f"random symmetric {n}x{n} Gaussian QUBOs",
    )


@EVIDENCE.claim("SUR-CORR-09")
def corr09(rng: np.random.Generator) -> Evidence:
    """Seed correction SUR-CORR-09: a citation, which no computation decides."""
    return Uncheckable(
        reason=(
            "citation: the GroQ-Enhanced RAG preprint's text was not available, so nothing it"
            " says can be compared with a computation"
        )
    )
