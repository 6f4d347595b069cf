"""Hypothesis properties of GroQ-RAG, bound to the reference (claims ``SUR-GROQ-01..05``).
Sizes are tiny (``M <= 8``) so the brute-force solver is exact."""

from __future__ import annotations

import numpy as np
from hypothesis import assume, given
from hypothesis import strategies as st

from properties.groq_rag import laws
from properties.groq_rag.strategies import ordered_pairs, relevance_redundancy
from properties.outcome import assert_holds
from reference.algorithms.qubo import QUBO
from reference.circuit import Circuit
from reference.mechanisms import grover
from reference.mechanisms.groq_rag import penalty_bound, retrieval_circuit, selection_qubo, top_k


@given(relevance_redundancy(), st.floats(-1, 2), st.floats(0, 4), st.data())
def test_sur_groq_02_matrix_form(
    rs: tuple[np.ndarray, np.ndarray], alpha: float, lam: float, data: st.DataObject
) -> None:
    """SUR-GROQ-02: selection matrix form (+ lam k^2) equals the closed form."""
    r, s = rs
    k = data.draw(st.integers(0, r.size))
    assert_holds(laws.law_selection_matrix_form(selection_qubo, r, s, alpha, lam, k))


@given(relevance_redundancy(), st.floats(-1, 2), st.floats(1e-3, 2), st.data())
def test_sur_groq_01_penalty_sufficiency(
    rs: tuple[np.ndarray, np.ndarray], alpha: float, margin: float, data: st.DataObject
) -> None:
    """SUR-GROQ-01: lam > B makes every minimiser satisfy sum x = k (brute force)."""
    r, s = rs
    k = data.draw(st.integers(0, r.size))
    assert_holds(
        laws.law_penalty_sufficiency(selection_qubo, penalty_bound, r, s, alpha, k, margin)
    )


@given(relevance_redundancy(), st.floats(-1, 2), st.data())
def test_sur_groq_03_topk_and_argmax(
    rs: tuple[np.ndarray, np.ndarray], alpha: float, data: st.DataObject
) -> None:
    """SUR-GROQ-03: alpha = 0, large lam: top-k by r is a minimiser; k = 1: argmax."""
    r, s = rs
    k = data.draw(st.integers(0, r.size))
    assert_holds(laws.law_topk_reduction(selection_qubo, penalty_bound, top_k, r, s, k, 0.0))
    assert_holds(laws.law_topk_reduction(selection_qubo, penalty_bound, top_k, r, s, 1, alpha))


@given(relevance_redundancy(), ordered_pairs(-1.0, 3.0), st.floats(0, 4), st.data())
def test_sur_groq_04_alpha_comparative_statics(
    rs: tuple[np.ndarray, np.ndarray], alphas: tuple[float, float], lam: float, data: st.DataObject
) -> None:
    """SUR-GROQ-04: increasing alpha weakly decreases the selected redundancy."""
    r, s = rs
    a1, a2 = alphas
    k = data.draw(st.integers(0, r.size))
    v = laws.law_alpha_statics(selection_qubo, r, s, a1, a2, lam, k)
    assume(v is not None)
    assert v is not None
    assert_holds(v)


@given(st.integers(1, 4), st.integers(0, 5), st.data())
def test_sur_groq_05_grover_success(m: int, iterations: int, data: st.DataObject) -> None:
    """SUR-GROQ-05: gate-level P_succ(k) = sin^2((2k+1) theta); diffusion unitary."""
    marked = data.draw(st.lists(st.integers(0, (1 << m) - 1), min_size=1, unique=True))
    assert_holds(laws.law_grover_success(retrieval_circuit, m, sorted(marked), iterations))
    assert_holds(laws.law_diffusion_unitary(grover.diffusion, m))


def test_laws_refute_wrong_implementations() -> None:
    """The laws check what they are given: a selection builder without the ``lam k^2`` offset, a
    penalty bound that is too small, a top-k that picks the smallest scores and a retrieval
    circuit with one Grover iteration too many are each refuted."""
    r = np.array([0.9, 0.1, 0.5, -0.3])
    s = np.array(
        [[1.0, 0.2, 0.4, 0.1], [0.2, 1.0, 0.3, 0.5], [0.4, 0.3, 1.0, 0.2], [0.1, 0.5, 0.2, 1.0]]
    )

    def no_offset(rr: np.ndarray, ss: np.ndarray, *, alpha: float, lam: float, k: int) -> QUBO:
        return QUBO(matrix=selection_qubo(rr, ss, alpha=alpha, lam=lam, k=k).matrix)

    def tiny_bound(rr: np.ndarray, ss: np.ndarray, *, alpha: float) -> float:
        return 0.0

    def bottom_k(rr: np.ndarray, k: int) -> np.ndarray:
        return top_k(-rr, k)

    def one_more(
        scores: np.ndarray, *, tau: float, iterations: int | None, measure: bool
    ) -> Circuit:
        it = None if iterations is None else iterations + 1
        return retrieval_circuit(scores, tau=tau, iterations=it, measure=measure)

    assert not laws.law_selection_matrix_form(no_offset, r, s, 0.5, 2.0, 2).holds
    assert not laws.law_penalty_sufficiency(selection_qubo, tiny_bound, r, s, 0.5, 0, 0.1).holds
    assert not laws.law_topk_reduction(selection_qubo, penalty_bound, bottom_k, r, s, 2, 0.0).holds
    assert not laws.law_grover_success(one_more, 3, [5], 2).holds
