"""Unit tests of :mod:`reference.mechanisms.qedfm`: hand oracles and a bad-input table."""

from __future__ import annotations

import math

import numpy as np
import pytest

from reference.algorithms.opcount import OpCounter
from reference.mechanisms import qedfm

E0, E1 = np.array([1.0, 0.0]), np.array([0.0, 1.0])


def test_word_state_by_hand() -> None:
    psi = qedfm.word_states([[3.0, 4.0]], [[0.0, math.pi / 2]])
    np.testing.assert_allclose(psi, [[0.6, 0.8j]], atol=1e-16)


def test_coherence_by_hand() -> None:
    """[[1/2, 1/4], [1/4, 1/2]] has eigenvalues 3/4, 1/4: C = 1 - h(1/4) = 0.18872187554..."""
    rho = np.array([[0.5, 0.25], [0.25, 0.5]])
    h = -(0.75 * math.log2(0.75) + 0.25 * math.log2(0.25))
    assert qedfm.coherence(rho) == pytest.approx(1.0 - h, abs=1e-14)
    assert qedfm.coherence(np.full((4, 4), 0.25)) == pytest.approx(2.0, abs=1e-14)
    assert qedfm.coherence(np.diag([0.1, 0.2, 0.7])) == 0.0
    assert qedfm.von_neumann_entropy(np.eye(2) / 2) == pytest.approx(1.0, abs=1e-15)


def test_layer_by_hand() -> None:
    """Tokens e0, e1 (uniform weights): rho_S = I/2. One edge (0, 1): psi_e = |+>, a = 1, every
    fused state is |+><+|, measured in the Z basis as (1/2, 1/2)."""
    out = qedfm.qedfm_layer(np.stack([E0, E1]), np.zeros((2, 2)), np.array([[0, 1]]), np.eye(2))
    np.testing.assert_allclose(out.sequence[0], np.eye(2) / 2, atol=1e-16)
    np.testing.assert_allclose(out.attention[0], [[1.0], [1.0]])
    np.testing.assert_allclose(out.fused[0, 0], np.full((2, 2), 0.5), atol=1e-16)
    np.testing.assert_allclose(out.probabilities[0], [[0.5, 0.5], [0.5, 0.5]], atol=1e-16)


def test_softmax_weights() -> None:
    """logits (0, ln 3): weights (1/4, 3/4), rho_S = diag(1/4, 3/4)."""
    psi = qedfm.word_states(np.stack([E0, E1]), np.zeros((2, 2)))
    rho = qedfm.sequence_density(psi, [0.0, math.log(3.0)])
    np.testing.assert_allclose(rho, np.diag([0.25, 0.75]), atol=1e-15)
    uni = qedfm.sequence_density(psi, [0.0, 5.0], config=qedfm.QEDFMConfig(weights="uniform"))
    np.testing.assert_allclose(uni, np.eye(2) / 2, atol=1e-16)


def test_counter_sees_the_token_edge_products() -> None:
    """N = 3 tokens, E = 2 edges, d = 2: overlaps 3*2*2 = 12, projectors 2*2*2 = 8,
    fused 3*2*2*2 = 24 multiply-adds."""
    psi = qedfm.word_states(np.ones((1, 3, 2)), np.zeros((1, 3, 2)))
    c = OpCounter()
    qedfm.cross_attention(psi, qedfm.edge_states(psi, qedfm.chain_edges(3)), counter=c)
    assert c.madds == 12 + 8 + 24


OK_H = np.ones((2, 2))
BAD = [
    ("nan", {"h": np.array([[math.nan, 1.0], [1.0, 1.0]])}, ValueError, "h contains NaN"),
    ("complex-h", {"h": OK_H * 1j}, TypeError, "h is complex"),
    ("rank0", {"h": np.float64(1.0)}, ValueError, "h has shape"),
    ("empty-sequence", {"h": np.ones((0, 2)), "phases": np.ones((0, 2))}, ValueError, "non-empty"),
    ("zero-word", {"h": np.array([[0.0, 0.0], [1.0, 0.0]])}, ValueError, "zero vector"),
    ("phase-shape", {"phases": np.ones((3, 2))}, ValueError, "phases has shape"),
    ("edges-shape", {"edges": np.array([0, 1])}, ValueError, "edges has shape"),
    ("no-edges", {"edges": np.zeros((0, 2), dtype=int)}, ValueError, "E >= 1"),
    ("edge-range", {"edges": np.array([[0, 5]])}, ValueError, "edges contains index 5"),
    ("edge-float", {"edges": np.array([[0.0, 1.0]])}, TypeError, "edges must be integer"),
    ("basis-norm", {"basis": 2 * np.eye(2)}, ValueError, "unit vectors"),
    ("basis-nan", {"basis": np.array([[math.nan, 0.0]])}, ValueError, "basis contains NaN"),
    ("logits-shape", {"logits": np.ones(3)}, ValueError, "logits has shape"),
]


@pytest.mark.parametrize(("case", "kw", "exc", "match"), BAD, ids=[c[0] for c in BAD])
def test_bad_input(case: str, kw: dict[str, object], exc: type[Exception], match: str) -> None:
    args: dict[str, object] = {
        "h": OK_H,
        "phases": np.zeros((2, 2)),
        "edges": np.array([[0, 1]]),
        "basis": np.eye(2),
        "logits": None,
    } | kw
    with pytest.raises(exc, match=match):
        qedfm.qedfm_layer(**args)  # type: ignore[arg-type]


def test_bad_density_and_config() -> None:
    with pytest.raises(ValueError, match="not Hermitian"):
        qedfm.coherence(np.array([[0.5, 1.0], [0.0, 0.5]]))
    with pytest.raises(ValueError, match="trace"):
        qedfm.coherence(np.eye(2))
    with pytest.raises(ValueError, match="rho has shape"):
        qedfm.coherence(np.ones(2))
    with pytest.raises(ValueError, match=r"temperature=0\.0"):
        qedfm.QEDFMConfig(temperature=0.0)
    with pytest.raises(ValueError, match="weights='max'"):
        qedfm.QEDFMConfig(weights="max")  # type: ignore[arg-type]
    psi = qedfm.word_states(np.stack([E0, E0]), np.array([[0.0, 0.0], [math.pi, 0.0]]))
    with pytest.raises(ValueError, match="vanishes"):
        qedfm.edge_states(psi, np.array([[0, 1]]))
