"""The property strategies reach the interesting cases (issue 10, H): over a fixed sample of draws
the fraction of non-degenerate cases exceeds a stated floor.

Each test draws ``N`` values from one strategy (derandomized, so the sample is reproducible;
``N`` is part of the statement, not a test budget) and measures what made the old strategies
weak: constant score rows (S002-C01), instances with no found entry (S002 sparse), entanglement
cases scoring all zero, identical tokens (S001-P18), instances without a unique minimiser
(SUR-QAMA-04/05/06, whose laws then return ``None`` and the case is discarded), equal alpha pairs
(SUR-GROQ-04). Floors sit below the measured fractions (quoted in each docstring, measured at
``N`` draws) with room for sampling noise, and far above the old strategies' values.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

T = TypeVar("T")
N = 200


def sample(strategy: st.SearchStrategy[T], n: int = N) -> list[T]:
    """``n`` draws of ``strategy`` (generate phase only, fixed seed)."""
    out: list[T] = []

    @settings(
        max_examples=n,
        derandomize=True,
        database=None,
        phases=[Phase.generate],
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(x: T) -> None:
        out.append(x)

    collect()
    return out


def fraction(xs: list[Any], pred: Callable[[Any], bool]) -> float:
    return sum(bool(pred(x)) for x in xs) / len(xs)


def test_s002_c01_score_rows_are_not_constant() -> None:
    """S002-C01: rows of ``Q K^T`` not constant and spread ``<= 700`` (measured 1.0; the old arrays:
    0.34 non-constant)."""
    from properties.sparse.strategies import score_pairs

    def ok(qk: tuple[np.ndarray, np.ndarray]) -> bool:
        s = qk[0] @ qk[1].T
        return bool(np.ptp(s, axis=1).min() > 0 and np.ptp(s, axis=1).max() <= 700)

    assert fraction(sample(score_pairs()), ok) >= 0.95


def test_sparse_instances_find_something() -> None:
    """S002 sparse: at least one entry ``>= tau`` (measured 0.87; the old strategy 0.54 on the
    same sample, 0.39 in the issue's count)."""
    from properties.sparse.strategies import instances

    assert fraction(sample(instances()), lambda i: bool(np.any(i.tau <= i.X))) >= 0.8


def test_entanglement_pair_cases_score_something() -> None:
    """S001 entanglement: the pair scores are not all zero (measured 1.0 over 100; the old
    strategy 0.56)."""
    from properties.entanglement.strategies import pair_cases
    from reference.mechanisms import entanglement as ent

    cases = sample(pair_cases(), 100)
    assert (
        fraction(cases, lambda c: np.any(ent.scores(c.Q, c.K, c.theta, config=c.cfg) != 0)) >= 0.9
    )


def test_pure_states_are_entangled_or_product() -> None:
    """S001-P12/P13 states: most are entangled across the first qubit (measured 0.84), some are
    product (the edge case)."""
    from properties.entanglement.strategies import pure_states

    def rank(psi: np.ndarray) -> int:
        return int(np.sum(np.linalg.svd(psi.reshape(2, -1), compute_uv=False) > 1e-9))

    states = [b[0] for b in sample(pure_states(2, 4))]
    ent_frac = fraction(states, lambda s: rank(s) == 2)
    assert 0.7 <= ent_frac < 1.0


def test_tokens_have_distinct_rows_and_logit_rows_vary() -> None:
    """S001-P18 tokens: all rows distinct (measured 1.0; the old strategy repeated a fill row);
    S001-P16 logits: rows of >= 2 entries non-constant in most cases (one in eight has a constant
    first row on purpose; measured 0.77 over the 133 wide cases)."""
    from properties.encoder.strategies import logits, tokens

    toks = sample(tokens(max_tokens=6, min_tokens=2))
    assert fraction(toks, lambda x: len({r.tobytes() for r in x}) == x.shape[0]) >= 0.99
    wide = [x for x in sample(logits()) if x.shape[1] >= 2]
    assert fraction(wide, lambda x: np.ptp(x, axis=1).min() > 0) >= 0.7


def test_qama_instances_have_unique_minimisers() -> None:
    """SUR-QAMA-05/06: with ``ties=False`` the permutation and Danskin laws apply (not ``None``)
    on nearly every case (measured 1.0 and 0.99 over 100; ~0.7 before)."""
    from properties.qama import laws
    from properties.qama.strategies import qama_instances
    from reference.mechanisms import qama

    cases = sample(qama_instances(max_spins=10, ties=False), 100)
    params = qama.QAMAParams()
    perm_ok = fraction(
        cases,
        lambda jh: (
            laws.law_token_permutation(
                qama.qama_qubo, jh[0], jh[1], np.arange(jh[0].shape[1])[::-1], params
            )
            is not None
        ),
    )
    assert perm_ok >= 0.95
    rng = np.random.default_rng(0)

    def danskin(jh: tuple[np.ndarray, np.ndarray]) -> bool:
        j, h = jh
        dj = rng.normal(size=j.shape)
        dj = 0.5 * (dj + np.swapaxes(dj, -1, -2))
        dj[:, np.arange(j.shape[1]), np.arange(j.shape[1])] = 0.0
        return (
            laws.law_danskin(qama.qama_qubo, j, h, dj, rng.normal(size=h.shape), params) is not None
        )

    assert fraction(cases, danskin) >= 0.85


def test_comparative_statics_pairs_are_distinct() -> None:
    """SUR-GROQ-04 / SUR-QAMA-04: the two parameter values differ by construction, so the laws
    never return ``None`` for equal values (the old independent floats were equal in 25-44%)."""
    from properties.groq_rag import laws as groq_laws
    from properties.groq_rag.strategies import ordered_pairs, relevance_redundancy
    from reference.mechanisms import groq_rag

    pairs = sample(ordered_pairs(-1.0, 3.0))
    assert fraction(pairs, lambda p: p[1] - p[0] >= 4.0 / 1000) == 1.0
    cases = sample(st.tuples(relevance_redundancy(), ordered_pairs(-1.0, 3.0)), 100)
    applied = fraction(
        cases,
        lambda c: (
            groq_laws.law_alpha_statics(
                groq_rag.selection_qubo, c[0][0], c[0][1], c[1][0], c[1][1], 1.0, 1
            )
            is not None
        ),
    )
    assert applied == 1.0
