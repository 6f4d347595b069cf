"""Unit tests of :mod:`reference.mechanisms.tsa`: hand-checkable oracles and a bad-input table."""

from __future__ import annotations

import math

import numpy as np
import pytest

from reference.algorithms.opcount import OpCounter
from reference.mechanisms import tsa


def _tt(*cores: list[float] | np.ndarray) -> tsa.TTMatrix:
    return tsa.TTMatrix(cores=tuple(np.asarray(c, dtype=float) for c in cores))


def test_dense_of_rank_one_tt_is_the_outer_product() -> None:
    """G1 = [1, 2] (I=2, J=1), G2 = [3, 4] (I=1, J=2): W[(i1, 0), (0, j2)] = G1[i1] G2[j2]."""
    w = _tt(np.array([1.0, 2.0]).reshape(1, 2, 1, 1), np.array([3.0, 4.0]).reshape(1, 1, 2, 1))
    np.testing.assert_array_equal(w.dense(), [[3.0, 4.0], [6.0, 8.0]])
    np.testing.assert_array_equal(tsa.tt_apply(np.array([[1.0, 1.0]]), w), [[9.0, 12.0]])
    assert w.parameter_count == 4


def _one_dim(theta: list[float]) -> tuple[tsa.TSAConfig, tsa.TSAParams]:
    cfg = tsa.TSAConfig(in_modes=(1,), out_modes=(1,), rank=1, order=len(theta) - 1)
    zero = _tt(np.zeros((1, 1, 1, 1)))
    two = _tt(np.full((1, 1, 1, 1), 2.0))
    return cfg, tsa.TSAParams(w_q=zero, w_k=zero, w_v=two, theta=np.array(theta))


def test_uniform_attention_by_hand() -> None:
    """W_Q = W_K = 0 gives A = [[1/2, 1/2], [1/2, 1/2]]; V = 2 X = [2, -4]: theta = (0, 1) ->
    mean(V) = -1 in both rows; theta = (1, 0) -> V; theta = (0, 0, 1) -> A^2 V = A V."""
    x = np.array([[1.0], [-2.0]])
    cfg, p = _one_dim([0.0, 1.0])
    np.testing.assert_allclose(tsa.attention_weights(x, p, config=cfg), np.full((2, 2), 0.5))
    np.testing.assert_allclose(tsa.tsa_attention(x, p, config=cfg), [[-1.0], [-1.0]])
    cfg, p = _one_dim([1.0, 0.0])
    np.testing.assert_allclose(tsa.tsa_attention(x, p, config=cfg), [[2.0], [-4.0]])
    cfg, p = _one_dim([0.0, 0.0, 1.0])
    np.testing.assert_allclose(tsa.tsa_attention(x, p, config=cfg), [[-1.0], [-1.0]])


def test_scale_default_is_one_over_sqrt_dprime() -> None:
    cfg = tsa.TSAConfig(in_modes=(2, 2), out_modes=(3, 3))
    assert cfg.logit_scale == pytest.approx(1 / 3)
    assert tsa.TSAConfig(in_modes=(2,), out_modes=(2,), scale=0.5).logit_scale == 0.5


def test_batch_axis_matches_per_sample_calls() -> None:
    rng = np.random.default_rng(3)
    cfg = tsa.TSAConfig(in_modes=(2, 3), out_modes=(2, 2), rank=2, order=3, filter="tt")
    p = tsa.init_params(rng, cfg)
    x = rng.normal(size=(3, 5, 6))
    y = tsa.tsa_attention(x, p, config=cfg)
    for b in range(3):
        np.testing.assert_allclose(y[b], tsa.tsa_attention(x[b], p, config=cfg), atol=1e-13)


def test_counter_counts_the_quadratic_terms() -> None:
    """N = 4, d = d' = 1, K = 1: projections 3 x 4 madds, Q K^T 16, A V 16 -> 44."""
    cfg, p = _one_dim([0.0, 1.0])
    c = OpCounter()
    tsa.tsa_attention(np.ones((4, 1)), p, config=cfg, counter=c)
    assert c.madds == 3 * 4 + 16 + 16


def test_filter_matrix_is_the_polynomial() -> None:
    a = np.array([[0.0, 1.0], [1.0, 0.0]])
    np.testing.assert_array_equal(tsa.filter_matrix(a, [1.0, 2.0, 3.0]), [[4.0, 2.0], [2.0, 4.0]])


_CFG, _P = _one_dim([0.0, 1.0])
BAD_X = [
    ("nan", np.array([[math.nan]]), ValueError, "X contains NaN"),
    ("complex", np.array([[1j]]), TypeError, "X is complex"),
    ("rank0", np.float64(1.0), ValueError, "X has shape"),
    ("rank1", np.ones(3), ValueError, "X has shape"),
    ("empty-sequence", np.ones((0, 1)), ValueError, "sequence is empty"),
    ("wrong-d", np.ones((3, 2)), ValueError, "d=1"),
    ("string", "abc", TypeError, "X must be a numeric array"),
]


@pytest.mark.parametrize(("case", "x", "exc", "match"), BAD_X, ids=[c[0] for c in BAD_X])
def test_bad_x(case: str, x: object, exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        tsa.tsa_attention(x, _P, config=_CFG)  # type: ignore[arg-type]


BAD_CONFIG = [
    ("modes-not-tuple", {"in_modes": [2], "out_modes": (2,)}, TypeError, "in_modes"),
    ("mode-zero", {"in_modes": (0,), "out_modes": (2,)}, ValueError, r"in_modes\[0\]=0"),
    ("mode-count", {"in_modes": (2, 2), "out_modes": (2,)}, ValueError, "same length"),
    ("rank-zero", {"in_modes": (2,), "out_modes": (2,), "rank": 0}, ValueError, "rank=0"),
    ("order-negative", {"in_modes": (2,), "out_modes": (2,), "order": -1}, ValueError, "order=-1"),
    ("filter", {"in_modes": (2,), "out_modes": (2,), "filter": "fft"}, ValueError, "filter='fft'"),
    ("scale-nan", {"in_modes": (2,), "out_modes": (2,), "scale": math.nan}, ValueError, "scale"),
    ("scale-zero", {"in_modes": (2,), "out_modes": (2,), "scale": 0.0}, ValueError, "scale=0.0"),
]


@pytest.mark.parametrize(("case", "kw", "exc", "match"), BAD_CONFIG, ids=[c[0] for c in BAD_CONFIG])
def test_bad_config(case: str, kw: dict[str, object], exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        tsa.TSAConfig(**kw)  # type: ignore[arg-type]


def test_bad_cores_and_params() -> None:
    with pytest.raises(ValueError, match="boundary ranks"):
        _tt(np.ones((2, 1, 1, 1)))
    with pytest.raises(ValueError, match=r"cores\[0\] has right rank 2"):
        _tt(np.ones((1, 1, 1, 2)), np.ones((3, 1, 1, 1)))
    with pytest.raises(ValueError, match=r"cores\[0\] contains NaN"):
        _tt(np.full((1, 1, 1, 1), math.nan))
    with pytest.raises(ValueError, match="cores"):
        _tt(np.ones((1, 1, 1)))
    bad_theta = tsa.TSAParams(w_q=_P.w_q, w_k=_P.w_k, w_v=_P.w_v, theta=np.ones(3))
    with pytest.raises(ValueError, match=r"params\.theta has shape"):
        tsa.tsa_attention(np.ones((2, 1)), bad_theta, config=_CFG)
    cfg2 = tsa.TSAConfig(in_modes=(2,), out_modes=(1,), order=1)
    with pytest.raises(ValueError, match=r"params\.w_q has modes"):
        tsa.tsa_attention(np.ones((2, 2)), _P, config=cfg2)
