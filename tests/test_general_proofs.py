"""The general (symbolic-size) proofs behind ``proved`` verdicts can fail: a deliberately wrong
statement (a wrong constant, sign or index pattern) is not reported as proved (issue 10 D)."""

from __future__ import annotations

import sympy as sp

from proofs.evidence.entanglement import general_proofs as ent_proofs
from proofs.evidence.groq_rag import groq_sufficiency
from proofs.evidence.grover.failure_model import repetition_cases, union_bound_proof
from proofs.evidence.index_algebra import equal_sums, normal_form
from proofs.evidence.qama.general_proofs import (
    groq_matrix_general,
    groq_penalty_general,
    qama_matrix_general,
)
from proofs.evidence.sparse.general_proofs import rank_one_proof
from proofs.ledger import Refuted, rng_for
from reference.estimators import swap_test

N = sp.Symbol("N", integer=True, positive=True)
I, J = sp.symbols("i j", integer=True)
A, B = sp.IndexedBase("a"), sp.IndexedBase("b")


def test_index_algebra_factorises_and_renames() -> None:
    rng = {I: N, J: N}
    assert equal_sums(A[I] * B[J], A[J] * B[I], rng)
    assert sp.expand(normal_form(A[I], rng) - N * normal_form(A[J], {J: N})) == 0
    assert not equal_sums(A[I] * B[I], A[I] * B[J], rng)
    assert not equal_sums(2 * A[I] * B[J], A[I] * B[J], rng)


def test_swap_test_proof_and_wrong_constants() -> None:
    assert ent_proofs.swap_test_proof()[0]
    assert not ent_proofs.swap_test_proof(sp.Rational(1, 3))[0]
    assert not ent_proofs.swap_test_proof(1)[0]
    assert ent_proofs.one_ancilla_block()
    assert not ent_proofs.one_ancilla_block(-1)


def test_cswap_proof_and_wrong_sign() -> None:
    assert ent_proofs.cswap_proof()[0]
    assert not ent_proofs.cswap_proof(1)[0]


def test_swap_trick_wrong_index_pattern_not_proved() -> None:
    da, dr = sp.symbols("D_A D_R", integer=True, positive=True)
    a1, a2, r1, r2 = sp.symbols("a1 a2 r1 r2", integer=True)
    p, pb = sp.IndexedBase("psi"), sp.IndexedBase("psibar")
    rng = {a1: da, a2: da, r1: dr, r2: dr}
    tr = p[a1, r1] * pb[a2, r1] * p[a2, r2] * pb[a1, r2]
    no_swap = pb[a1, r1] * pb[a2, r2] * p[a1, r1] * p[a2, r2]  # <psi psi|psi psi> = 1, not Tr rho^2
    assert not equal_sums(no_swap, tr, rng)


def test_structure_checks_reject_a_wrong_wiring() -> None:
    c = swap_test.swap_test_circuit(4, [0, 1], [2, 3])
    assert ent_proofs.structure_swap_test(c, [1, 2], [3, 4])
    assert not ent_proofs.structure_swap_test(c, [1, 2], [4, 3])
    assert ent_proofs.structure_cswap(swap_test.cswap_concurrence_circuit(3), 3)
    assert not ent_proofs.structure_cswap(swap_test.cswap_concurrence_circuit(3), 2)
    assert ent_proofs.swap_structure_sizes()[0]


def test_qama_matrix_general_and_wrong_linear_constant() -> None:
    assert qama_matrix_general()[0]
    n, cl = sp.symbols("N c_l")
    assert not qama_matrix_general(cl * (n - 1))[0]


def test_groq_matrix_general_and_wrong_diagonal() -> None:
    assert groq_matrix_general()[0]
    lam, k = sp.symbols("lam k")
    assert not groq_matrix_general(lam * (1 - k))[0]


def test_groq_penalty_general_and_wrong_threshold() -> None:
    assert groq_penalty_general()[0]
    assert not groq_penalty_general(sp.Rational(1, 2))[0]


def test_groq_01_is_refuted_by_the_stored_alpha_below_zero_instance() -> None:
    ev = groq_sufficiency(rng_for("SUR-GROQ-01"))
    assert isinstance(ev, Refuted), ev


def test_rank_one_general_and_wrong_statements() -> None:
    assert rank_one_proof()[0]
    assert not rank_one_proof(claimed_rank=2)[0]
    n = sp.Symbol("n", integer=True, positive=True)
    assert not rank_one_proof(u=sp.ZeroMatrix(n, 1))[0]
    assert not rank_one_proof(n=sp.Symbol("m", integer=True, nonnegative=True))[0]


def test_union_bound_and_wrong_miss_probability() -> None:
    assert union_bound_proof()[0]
    assert not union_bound_proof(sp.Rational(3, 4))[0]
    outcomes = [o for o, _ in repetition_cases()]
    assert len(outcomes) == 64 * 8 * 4 and all(o.holds for o in outcomes)
