"""Unit tests of :mod:`reference.mechanisms.qisa`: hand oracles, the public code's options, and a
bad-input table."""

from __future__ import annotations

import math

import numpy as np
import pytest

from reference.mechanisms import qisa

I2 = np.eye(2)


def test_euler_embedding_by_hand() -> None:
    psi = qisa.euler_embedding([[3.0, 4.0]], [[0.0, math.pi]])
    np.testing.assert_allclose(psi, [[0.6, -0.8]], atol=1e-15)


def test_faithful_density_of_two_basis_tokens() -> None:
    """psi = e0, e1 with W = I: scores |u|^2 |v|^2 summed = 1 for both, w = (1/2, 1/2),
    rho = I/2; the public psi psi^T with phases (0, pi/2) gives diag(1/2, -1/2)."""
    a = np.eye(2)
    rho = qisa.q_attention_density(qisa.euler_embedding(a, np.zeros((2, 2))), I2, I2)
    np.testing.assert_allclose(rho, I2 / 2, atol=1e-16)
    psi = qisa.euler_embedding(a, np.array([[0.0, 0.0], [0.0, math.pi / 2]]))
    pub = qisa.q_attention_density(psi, I2, I2, config=qisa.QISAConfig(outer="transpose"))
    np.testing.assert_allclose(pub, np.diag([0.5, -0.5]), atol=1e-15)


def test_split_softmax_option() -> None:
    """psi_0 = (1, i)/sqrt2, psi_1 = (1, 1)/sqrt2, W_1 = diag(1, 2), W_2 = I. Joint scores
    sum_c |u_c|^2 |v_c|^2 = (1/2)(1/2) + (2)(1/2) = 5/4 for both tokens: w = (1/2, 1/2).
    Split real scores sum Re(u^2) Re(v^2): token 0: (1/2)(1/2) + (-2)(-1/2) = 5/4, token 1:
    (1/2)(1/2) + (2)(1/2) = 5/4; imaginary parts are 0: both softmaxes (1/2, 1/2) too. With the
    phase e^(0.3 i) on psi_0's second entry the two split softmaxes differ."""
    psi = np.array([[1.0, 1.0j], [1.0, 1.0]]) / math.sqrt(2)
    w1 = np.diag([1.0, 2.0]).astype(complex)
    split_cfg = qisa.QISAConfig(softmax="split")
    for w in (
        *qisa.attention_weights(psi, w1, I2),
        *qisa.attention_weights(psi, w1, I2, config=split_cfg),
    ):
        np.testing.assert_allclose(w, [[0.5, 0.5]])
    psi2 = np.array([[1.0, np.exp(0.3j)], [1.0, 1.0]]) / math.sqrt(2)
    w_re, w_im = qisa.attention_weights(psi2, w1, I2, config=split_cfg)
    assert not np.allclose(w_re, w_im)


def test_score_scale_option() -> None:
    """Two tokens e0, e1 (orthogonal): scores diag 1/scale. sqrt_d (d = 2): weights
    (e^{1/sqrt2}, 1)/(1 + e^{1/sqrt2}); sqrt_batch with batch_size = 4: scale 2."""
    x = np.eye(2)
    w = math.exp(1 / math.sqrt(2)) / (1 + math.exp(1 / math.sqrt(2)))
    np.testing.assert_allclose(qisa.amplitude_attention(x), [[w, 1 - w], [1 - w, w]])
    cfg = qisa.QISAConfig(score_scale="sqrt_batch")
    w4 = math.exp(0.5) / (1 + math.exp(0.5))
    np.testing.assert_allclose(
        qisa.amplitude_attention(x, config=cfg, batch_size=4), [[w4, 1 - w4], [1 - w4, w4]]
    )


def test_measure_by_hand() -> None:
    np.testing.assert_allclose(qisa.measure(I2 / 2, np.eye(2)), [0.5, 0.5])
    plus = np.full((2, 2), 0.5)
    np.testing.assert_allclose(qisa.measure(plus, [[1 / math.sqrt(2), 1 / math.sqrt(2)]]), [1.0])


def test_batch_matches_per_sample() -> None:
    rng = np.random.default_rng(0)
    psi = qisa.euler_embedding(rng.normal(size=(3, 4, 2)), rng.normal(size=(3, 4, 2)))
    w = rng.normal(size=(2, 2)) + 1j * rng.normal(size=(2, 2))
    rho = qisa.q_attention_density(psi, w, w)
    for b in range(3):
        np.testing.assert_allclose(rho[b], qisa.q_attention_density(psi[b], w, w), atol=1e-15)


BAD = [
    ("nan", {"a": np.array([[math.nan, 1.0]])}, ValueError, "a contains NaN"),
    ("complex-a", {"a": np.ones((1, 2)) * 1j}, TypeError, "a is complex"),
    ("rank0", {"a": np.float64(1.0)}, ValueError, "a has shape"),
    ("empty-sequence", {"a": np.ones((0, 2)), "phi": np.ones((0, 2))}, ValueError, "empty"),
    ("zero-row", {"a": np.zeros((1, 2))}, ValueError, "zero row"),
    ("phi-shape", {"phi": np.zeros((2, 2))}, ValueError, "phi has shape"),
    ("phi-nan", {"phi": np.array([[math.nan, 0.0]])}, ValueError, "phi contains NaN"),
]


@pytest.mark.parametrize(("case", "kw", "exc", "match"), BAD, ids=[c[0] for c in BAD])
def test_bad_embedding(case: str, kw: dict[str, object], exc: type[Exception], match: str) -> None:
    args: dict[str, object] = {"a": np.ones((1, 2)), "phi": np.zeros((1, 2))} | kw
    with pytest.raises(exc, match=match):
        qisa.euler_embedding(args["a"], args["phi"])  # type: ignore[arg-type]


def test_bad_density_inputs_and_config() -> None:
    psi = qisa.euler_embedding(np.ones((1, 2)), np.zeros((1, 2)))
    with pytest.raises(ValueError, match="w1 has shape"):
        qisa.q_attention_density(psi, np.eye(3), I2)
    with pytest.raises(ValueError, match="unit vectors"):
        qisa.q_attention_density(2 * psi, I2, I2)
    with pytest.raises(ValueError, match="w2 contains NaN"):
        qisa.q_attention_density(psi, I2, np.full((2, 2), math.nan))
    with pytest.raises(ValueError, match="outer='conj'"):
        qisa.QISAConfig(outer="conj")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="vectors rows must be unit"):
        qisa.measure(I2 / 2, 2 * np.eye(2))
    with pytest.raises(ValueError, match="zero row"):
        qisa.amplitude_attention(np.zeros((2, 2)))
