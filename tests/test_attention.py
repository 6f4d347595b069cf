"""Classical attention (seed 001 §5, Eqs. 1-3): oracles, the Eq. 2 typo, bad input."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest

from reference.algorithms import attention as att
from tests import _bad_input as bad_input


def test_softmax_oracle_one_and_e() -> None:
    """Weights [1, e] / (1 + e) for logits [0, 1] (hand-checkable oracle, S001-P16)."""
    w = att.softmax(np.array([0.0, 1.0]))
    assert np.allclose(w, [1 / (1 + math.e), math.e / (1 + math.e)], atol=1e-15)


@pytest.mark.parametrize("big", [1e3, 1e8, 1e300])
def test_softmax_stable_for_large_logits(big: float) -> None:
    """S001-P16: no overflow for huge logits."""
    w = att.softmax(np.array([[big, big - 1.0, -big]]))
    assert np.all(np.isfinite(w))
    assert abs(w.sum() - 1) < 1e-15


def test_softmax_masks() -> None:
    w = att.softmax(np.array([[0.0, -np.inf, 1.0], [-np.inf, 5.0, -np.inf]]))
    assert w[0, 1] == 0.0
    assert w[1, 0] == 0.0
    assert w[1, 1] == 1.0


def test_softmax_axis_over_keys_default() -> None:
    """S001-A19: the default axis is the last one (keys); rows sum to 1, columns need not."""
    x = np.array([[0.0, 1.0, 2.0], [3.0, -1.0, 0.5]])
    assert np.allclose(att.softmax(x).sum(axis=1), 1.0)
    assert np.allclose(att.softmax(x, axis=0).sum(axis=0), 1.0)
    assert not np.allclose(att.softmax(x).sum(axis=0), 1.0)


def test_eq2_literal_typo_has_the_wrong_shape() -> None:
    """Eq. 2 (REFUTED, literal reading): Q K^T with Q, K in R^{d x N} is (d, d), not (N, N);
    the fixed form Q^T K gives A_ij = q_i . k_j."""
    rng = np.random.default_rng(0)
    n, d = 5, 3
    z = rng.normal(size=(n, d))
    w_q, w_k = rng.normal(size=(d, d)), rng.normal(size=(d, d))
    q_cols, k_cols = w_q @ z.T, w_k @ z.T  # Eq. 1 shapes (d, N)
    assert att.eq2_literal(q_cols, k_cols).shape == (d, d)
    fixed = att.dot_product_logits(q_cols.T, k_cols.T)
    assert fixed.shape == (n, n)
    assert np.allclose(fixed, q_cols.T @ k_cols)
    assert math.isclose(fixed[1, 3], float(q_cols[:, 1] @ k_cols[:, 3]))


def test_self_attention_matches_eq3_default_scale() -> None:
    """S001-A05: default scale 1/sqrt(d); Eq. 3 softmax(A / sqrt d) V."""
    rng = np.random.default_rng(1)
    z = rng.normal(size=(4, 7))
    w_q, w_k, w_v = (rng.normal(size=(7, 7)) for _ in range(3))
    out, w = att.self_attention(z, w_q, w_k, w_v)
    q, k, v = z @ w_q.T, z @ w_k.T, z @ w_v.T
    a = q @ k.T / math.sqrt(7)
    ref_w = np.exp(a - a.max(1, keepdims=True))
    ref_w /= ref_w.sum(1, keepdims=True)
    assert np.allclose(w, ref_w, atol=1e-14)
    assert np.allclose(out, ref_w @ v, atol=1e-12)
    out1, _ = att.self_attention(z, w_q, w_k, w_v, scale=1.0)
    assert not np.allclose(out1, out)


def test_batched_equals_single() -> None:
    rng = np.random.default_rng(2)
    z = rng.normal(size=(3, 4, 5))
    ws = [rng.normal(size=(5, 5)) for _ in range(3)]
    out, w = att.self_attention(z, *ws)
    for b in range(3):
        o1, w1 = att.self_attention(z[b], *ws)
        assert np.allclose(out[b], o1)
        assert np.allclose(w[b], w1)


E3 = np.eye(3)
BAD = [
    ("softmax-nan", lambda: att.softmax(np.array([0.0, np.nan])), "logits"),
    ("softmax-posinf", lambda: att.softmax(np.array([0.0, np.inf])), "logits"),
    ("softmax-all-masked", lambda: att.softmax(np.array([[-np.inf, -np.inf]])), "logits"),
    ("softmax-scalar", lambda: att.softmax(np.float64(1.0)), "logits"),
    ("softmax-empty", lambda: att.softmax(np.zeros((2, 0))), "logits"),
    ("logits-q-nan", lambda: att.dot_product_logits(np.full((2, 3), np.nan), E3), "q"),
    ("logits-width", lambda: att.dot_product_logits(np.ones((2, 3)), np.ones((2, 4))), "q"),
    ("logits-1d", lambda: att.dot_product_logits(np.ones(3), E3), "q"),
    ("self-attn-wq-shape", lambda: att.self_attention(E3, np.eye(2), E3, E3), "w_q"),
    ("self-attn-wv-inf", lambda: att.self_attention(E3, E3, E3, np.full((3, 3), np.inf)), "w_v"),
    ("self-attn-z-inf", lambda: att.self_attention(np.full((2, 3), np.inf), E3, E3, E3), "z"),
    ("scale-zero", lambda: att.self_attention(E3, E3, E3, E3, scale=0.0), "scale"),
    ("scale-nan", lambda: att.self_attention(E3, E3, E3, E3, scale=float("nan")), "scale"),
    ("attend-shape", lambda: att.attend(np.ones((2, 3)), np.ones((4, 2))), "weights"),
    ("resolve-d-zero", lambda: att.resolve_scale(0, None), "d"),
]


BAD_TYPE = [
    ("softmax-complex", lambda: att.softmax(np.array([1j, 0.0])), "logits"),
    ("q-complex", lambda: att.dot_product_logits(np.eye(2) * 1j, np.eye(2)), "q"),
    ("z-complex", lambda: att.self_attention(np.eye(2) * 1j, *[np.eye(2)] * 3), "z"),
    ("scale-bool", lambda: att.resolve_scale(2, True), "scale"),
    ("d-float", lambda: att.resolve_scale(2.0, None), "d"),  # type: ignore[arg-type]
]


@pytest.mark.parametrize(("call", "error", "match"), bad_input.cases(BAD, BAD_TYPE))
def test_bad_input(call: Callable[[], object], error: type[Exception], match: str) -> None:
    bad_input.check(call, error, match)
