"""Unit tests of :mod:`reference.mechanisms.groq_rag`: selection QUBO entries, Grover retrieval
query counting, retrieval circuit, bad input (SUR-GROQ-02, -05)."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest

from reference import simulate as sim
from reference.mechanisms import groq_rag, grover
from reference.registry import MECHANISMS, circuits
from tests import _bad_input as bad_input


def test_selection_qubo_entries() -> None:
    """SUR-GROQ-02: Q_ii = -r_i + lam(1-2k), Q_ij = alpha S_ij/2 + lam, offset lam k^2."""
    r = np.array([0.3, 0.5, 0.9])
    s = np.array([[1, 0.2, 0.4], [0.2, 1, 0.6], [0.4, 0.6, 1]])
    m = groq_rag.selection_qubo(r, s, alpha=0.5, lam=2.0, k=2)
    assert m.matrix[0, 0] == pytest.approx(-0.3 - 6.0)
    assert m.matrix[1, 2] == pytest.approx(2.15)
    assert m.offset == 8.0


def test_retrieve_best_finds_max_and_counts_queries() -> None:
    rng = np.random.default_rng(0)
    scores = rng.normal(size=256)
    hits = 0
    queries = []
    for _ in range(20):
        res = groq_rag.retrieve_best(scores, rng=rng, delta=0.05)
        hits += res.index == int(np.argmax(scores))
        queries.append(res.queries)
        assert res.loads == 256
    assert hits >= 18
    # O(sqrt N) per run: within the Durr-Hoyer budget times the number of runs (+1 per run)
    runs = math.ceil(math.log2(1 / 0.05))
    assert max(queries) <= runs * (math.ceil(22.5 * 16 + 1.4 * 64) + 2)


def test_retrieve_above_returns_marked_or_none() -> None:
    """SUR-GROQ-05: BBHT returns only chunks with ``score >= tau``, finds one in at least half the
    attempts when one exists (budget of :func:`bbht_attempt_budget`: success ``>= 1/2`` per
    attempt by Markov), and returns ``None`` when none exists.

    40 seeded attempts on 4 marked of 64: with success ``p >= 1/2`` the chance of ``<= 11`` hits
    is ``P(Bin(40, 1/2) <= 11) < 3e-3``, so the floor 12 fails a search that never finds."""
    rng = np.random.default_rng(1)
    scores = np.linspace(0, 1, 64)
    marked = scores >= 0.95
    assert int(marked.sum()) == 4
    found = []
    for _ in range(40):
        res = groq_rag.retrieve_above(scores, tau=0.95, rng=rng)
        assert 1 <= res.queries <= grover.bbht_attempt_budget(64)
        assert res.loads == 64
        if res.index is not None:
            assert marked[res.index], res.index
            found.append(res.index)
    assert len(found) >= 12, len(found)
    none = groq_rag.retrieve_above(scores, tau=1.5, rng=rng)
    assert none.index is None
    assert none.queries >= 1
    always = groq_rag.retrieve_above(scores, tau=-1.0, rng=rng)
    assert always.index is not None  # every chunk marked: the first check (j = 0) succeeds


def test_retrieval_circuit_success_matches_formula() -> None:
    scores = np.array([0.1, 0.2, 0.95, 0.3, 0.4, 0.5, 0.6, 0.7])
    c = groq_rag.retrieval_circuit(scores, tau=0.9, measure=False)
    p = float(np.abs(sim.statevector(c)[2]) ** 2)
    assert p == pytest.approx(groq_rag.success_probability(num_items=8, num_marked=1, iterations=2))


def test_registry_circuits_build() -> None:
    assert "groq-rag" in MECHANISMS
    cs = circuits()
    assert cs["groq-grover-retrieval"].build().num_qubits == 3
    assert set(cs["groq-qaoa-selection"].build().parameters) == {"gamma", "beta"}


# ---------------------------------------------------------------------------------------------
# bad input

NAN = float("nan")
BAD: list[bad_input.Row] = [
    (
        "selection k too large",
        lambda: groq_rag.selection_qubo([0.1, 0.2], np.eye(2), alpha=1, lam=1, k=3),
        "k",
    ),
    (
        "selection negative lam",
        lambda: groq_rag.selection_qubo([0.1], np.eye(1), alpha=1, lam=-1, k=1),
        "lam",
    ),
    (
        "selection S shape",
        lambda: groq_rag.selection_qubo([0.1, 0.2], np.eye(3), alpha=1, lam=1, k=1),
        "S",
    ),
    (
        "selection S non-symmetric",
        lambda: groq_rag.selection_qubo(
            [0.1, 0.2], np.array([[1, 0.5], [0, 1]]), alpha=1, lam=1, k=1
        ),
        "S",
    ),
    (
        "selection r NaN",
        lambda: groq_rag.selection_qubo([NAN], np.eye(1), alpha=1, lam=1, k=1),
        "r",
    ),
    (
        "cosine zero query",
        lambda: groq_rag.cosine_scores(np.zeros(3), np.ones((2, 3))),
        "query",
    ),
    (
        "cosine zero chunk",
        lambda: groq_rag.cosine_scores(np.ones(3), np.array([[1.0, 0, 0], [0, 0, 0]])),
        "chunks",
    ),
    (
        "retrieval circuit length",
        lambda: groq_rag.retrieval_circuit(np.ones(6), tau=0.5),
        "scores",
    ),
    (
        "retrieval nothing marked",
        lambda: groq_rag.retrieval_circuit(np.zeros(4), tau=0.5),
        "tau",
    ),
    (
        "retrieve NaN scores",
        lambda: groq_rag.retrieve_best([NAN, 1.0], rng=np.random.default_rng(0)),
        "scores",
    ),
    (
        "selection alpha NaN",
        lambda: groq_rag.selection_qubo([0.1], np.eye(1), alpha=NAN, lam=1, k=1),
        "alpha",
    ),
    (
        "selection empty r",
        lambda: groq_rag.selection_qubo([], np.zeros((0, 0)), alpha=1, lam=1, k=0),
        "r",
    ),
    (
        "selection energy negative lam",
        lambda: groq_rag.selection_energy([1], [0.1], np.eye(1), alpha=1, lam=-1, k=1),
        "lam",
    ),
    (
        "cosine no chunks",
        lambda: groq_rag.cosine_scores(np.ones(3), np.ones((0, 3))),
        "chunks",
    ),
    ("top_k k too large", lambda: groq_rag.top_k([0.1, 0.2], 3), "k"),
    (
        "redundancy S not square",
        lambda: groq_rag.redundancy([1, 0], np.ones((2, 3))),
        "S",
    ),
    (
        "retrieval iterations negative",
        lambda: groq_rag.retrieval_circuit(np.ones(4), tau=0.5, iterations=-1),
        "iterations",
    ),
]
BAD_TYPE: list[bad_input.Row] = [
    (
        "selection k bool",
        lambda: groq_rag.selection_qubo([0.1], np.eye(1), alpha=1, lam=1, k=True),
        "k",
    ),
    (
        "cosine complex chunks",
        lambda: groq_rag.cosine_scores(np.ones(3), np.ones((2, 3)) * 1j),
        "chunks",
    ),
    (
        "retrieve seed instead of Generator",
        lambda: groq_rag.retrieve_best([0.1, 0.2], rng=0),  # type: ignore[arg-type]
        "rng",
    ),
]


@pytest.mark.parametrize(("call", "error", "match"), bad_input.cases(BAD, BAD_TYPE))
def test_bad_input(call: Callable[[], object], error: type[Exception], match: str) -> None:
    bad_input.check(call, error, match)
