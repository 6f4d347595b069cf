"""Hypothesis properties of the seed-001 encoder part, each bound to a law of
:mod:`properties.encoder.laws` and named after its claim id (``S001-P16`` .. ``S001-P24``)."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
from hypothesis import example, given
from hypothesis import strategies as st
from scipy.stats import trim_mean

from properties.encoder import laws
from properties.encoder.strategies import logits, moderate, seeds, tokens
from properties.outcome import assert_holds, close
from reference import noise as nz
from reference import simulate as sim
from reference.algorithms import attention as att
from reference.pipeline import encoder as enc
from reference.pipeline import metrics as met


@given(logits())
@example(np.array([[1000.0, 1000.0, -1000.0]]))
@example(np.array([[0.0]]))
def test_S001_P16_softmax_rows_sum_to_one(x: np.ndarray) -> None:
    """S001-P16: rows sum to 1, weights in [0, 1] (strictly inside for moderate spreads)."""
    assert_holds(laws.law_softmax_rows(x, att.softmax))


@given(logits(bound=moderate))
def test_S001_P16_softmax_strictly_inside_for_moderate_logits(x: np.ndarray) -> None:
    """S001-P16: for logits spanning <= 30 every weight is in (0, 1) (rows of >= 2 entries)."""
    w = att.softmax(x)
    if x.shape[1] >= 2 and np.all(np.ptp(x, axis=1) <= laws.STRICT_SPREAD):
        assert np.all(w > 0)
        assert np.all(w < 1)
    assert_holds(laws.law_softmax_rows(x, att.softmax))


@given(tokens(dim=5), seeds)
def test_S001_P17_attention_output_in_convex_hull(z: np.ndarray, seed: int) -> None:
    """S001-P17: each attention output row is a convex combination of the value rows."""
    rng = np.random.default_rng(seed)
    w_q, w_k, w_v = (rng.normal(0, 1, (5, 5)) for _ in range(3))
    out, w = att.self_attention(z, w_q, w_k, w_v)
    assert_holds(laws.law_convex_combination(out, z @ w_v.T, w))


@given(
    tokens(max_tokens=6, min_tokens=2),
    seeds,
    st.sampled_from(["dot", "qsann", "entropy", "swap", "concurrence"]),
    st.booleans(),
)
def test_S001_P18_cls_invariant_to_token_permutation(
    x: np.ndarray, seed: int, score: str, residual: bool
) -> None:
    """S001-P18: without positional encoding y_CLS is invariant to permuting the tokens."""
    rng = np.random.default_rng(seed)
    cfg = enc.EncoderConfig(score=score, residual=residual)
    p = enc.init_params(rng, cfg)
    perm = rng.permutation(x.shape[0])
    if np.all(perm == np.arange(perm.size)):
        perm = np.roll(perm, 1)  # a permutation that moves a token (identity checks nothing)
    mag = float(np.max(np.abs(enc.forward(p, x, cfg).hidden)))
    tol = laws.permutation_tolerance(x.shape[0] + 1, 12, 2, mag)

    def f(t: np.ndarray) -> np.ndarray:
        return enc.forward(p, t, cfg).y_cls

    assert_holds(laws.law_cls_permutation_invariance(f, x, perm, tol=tol))


def test_S001_P18_fake_scorer_keeps_invariance() -> None:
    """S001-P18 holds for any pairwise score function (a fake conforming scorer here)."""
    rng = np.random.default_rng(3)
    cfg = enc.EncoderConfig(embed_dim=5)
    p = enc.init_params(rng, cfg)

    def fake(q: np.ndarray, k: np.ndarray, layer_index: int) -> np.ndarray:
        return np.asarray(np.sin(q @ k.T) + layer_index)

    x = rng.normal(0, 1, (6, 5))
    perm = np.array([5, 3, 1, 0, 2, 4])
    a = enc.forward(p, x, cfg, scorer=fake).y_cls
    b = enc.forward(p, x[perm], cfg, scorer=fake).y_cls
    assert np.max(np.abs(a - b)) <= laws.permutation_tolerance(7, 5, 2, 10.0)


@given(st.integers(1, 7), st.integers(1, 9), st.integers(1, 5), st.integers(1, 3), seeds)
def test_S001_P19_shapes(n: int, d: int, classes: int, layers: int, seed: int) -> None:
    """S001-P19: a layer maps (N, d) -> (N, d); logits are (n_classes,)."""
    rng = np.random.default_rng(seed)
    cfg = enc.EncoderConfig(embed_dim=d, num_classes=classes, num_layers=layers)
    p = enc.init_params(rng, cfg)
    z = rng.normal(0, 1, (n, d))
    result = laws.law_shapes(
        lambda t: att.self_attention(t, p.w_q[0], p.w_k[0], p.w_v[0])[0],
        lambda t: enc.forward(p, t, cfg).logits,
        z,
        classes,
    )
    assert_holds(result)


def test_S001_P20_parameter_count() -> None:
    """S001-P20: 2(3*144+3)+24 = 894; 900 with the paper's +1 (S001-A09)."""
    cfg = enc.EncoderConfig(score="entropy", encoding="super_dense")
    assert enc.parameter_count(cfg) == 2 * (3 * 144 + 3) + 24 == 894
    assert enc.parameter_count(cfg, plus_one=True) == 900


@given(st.lists(st.floats(min_value=-1e3, max_value=1e3, allow_nan=False), min_size=1, max_size=40))
@example([float(i) for i in range(10)])
def test_S001_P21_iqm_is_trimmed_mean(values: list[float]) -> None:
    """S001-P21: IQM = mean of sorted[k:n-k], k = floor(n/4) = scipy trim_mean(x, 0.25)."""
    x = np.array(values)
    assert_holds(laws.law_iqm_trimmed_mean(x, lambda a: float(met.iqm(a))))
    tol = 2.0 * x.size * laws.EPS * (1.0 + float(np.max(np.abs(x))))  # two means of <= n values
    assert_holds(
        close("IQM = scipy trim_mean(x, 0.25)", float(met.iqm(x)), trim_mean(x, 0.25), tol)
    )


def test_S001_P21_iqm_oracle() -> None:
    """S001-P21: IQM(0..9) = 4.5 (mean of 2..7)."""
    assert float(met.iqm(np.arange(10))) == 4.5


@given(seeds, st.floats(1e-6, 1e6), st.floats(1e-6, 1e6))
def test_S001_P22_nea_scale_invariance(seed: int, c_row: float, c_all: float) -> None:
    """S001-P22: NEA is unchanged by a positive scale of one test embedding or of all."""
    rng = np.random.default_rng(seed)
    c, d = 3, 5
    labels = np.concatenate([np.arange(c), rng.integers(0, c, 12)])
    train = rng.normal(0, 1, (labels.size, d)) + rng.normal(0, 2, (c, d))[labels]
    test = rng.normal(0, 2, (9, d))
    cos = np.sort(met.cosine_similarity(test, met.class_means(train, labels, num_classes=c)), 1)
    row = int(rng.integers(0, 9))

    def pred(a: np.ndarray, b: np.ndarray, t: np.ndarray) -> np.ndarray:
        return met.nea_predict(a, b, t, num_classes=c)

    margins = cos[:, -1] - cos[:, -2]
    assert_holds(
        laws.law_nea_scale_invariance(pred, train, labels, test, row, c_row, c_all, margins)
    )


@given(st.floats(0.0, 1 / 3))
@example(nz.IBM_KYIV_2024_11_19.p1)
@example(nz.IBM_KYIV_2024_11_19.p2)
def test_S001_P23_depolarizing_kraus_and_total_error(p: float) -> None:
    """S001-P23: sum K^dag K = I and total error 3p."""
    assert_holds(laws.law_depolarizing(sim.depolarizing, p))


@given(st.floats(1e-6, 1e-3), st.floats(0.01, 4.0), st.floats(0.0, 3.0))
def test_S001_P24_thermal_relaxation_physical(t1: float, ratio: float, frac: float) -> None:
    """S001-P24: physical T2 <= 2 T1 pairs build the right channel; T2 > 2 T1 is rejected."""
    assert_holds(laws.law_thermal_physical(sim.thermal_relaxation, t1, ratio * t1, frac * t1))


def test_S001_P24_kyiv_numbers() -> None:
    """S001-P24: 117.71 us <= 554.08 us."""
    k = nz.IBM_KYIV_2024_11_19
    assert k.t2 <= 2 * k.t1
    assert math.isclose(2 * k.t1 * 1e6, 554.08)
    assert_holds(laws.law_thermal_physical(sim.thermal_relaxation, k.t1, k.t2, 660e-9))


def test_a_non_finite_result_is_a_failure() -> None:
    """A NaN anywhere in what a law checks fails it (Python's min(0.0, nan) is 0.0)."""
    nan = float("nan")
    assert laws.worst(1.0, nan) < 0
    assert laws.worst(nan, 1.0) < 0
    x = np.zeros((2, 3))
    assert not laws.law_softmax_rows(x, lambda a: np.full_like(a, nan)).holds
    w = np.full((2, 3), 1 / 3)
    assert not laws.law_convex_combination(np.full((2, 2), nan), np.ones((3, 2)), w).holds
    assert not laws.law_iqm_trimmed_mean(np.arange(4.0), lambda a: nan).holds

    def nan_channel(p: float) -> sim.Channel:
        # a broken implementation under test: not a validated Channel, only its Kraus operators
        return SimpleNamespace(kraus=(np.full((2, 2), nan, dtype=np.complex128),))  # type: ignore[return-value]

    assert not laws.law_depolarizing(nan_channel, 0.1).holds


def test_S001_P17_weight_sign_is_a_check_not_a_margin() -> None:
    """S001-P17: ``weights >= 0`` is exact (tolerance 0): a tiny weight is not reported (the old
    sentinel showed the smallest weight, 4.19e-206, as a slack); a negative weight fails."""
    values = np.array([[0.0, 1.0], [2.0, -1.0]])
    w = np.array([[1.0 - 1e-300, 1e-300], [0.5, 0.5]])
    sign = {c.name: c for c in laws.law_convex_combination(w @ values, values, w).checks}
    assert sign["weights >= 0"].deviation == 0.0 and sign["weights >= 0"].utilisation == 0.0
    bad = np.array([[1.5, -0.5], [0.5, 0.5]])
    result = laws.law_convex_combination(bad @ values, values, bad)
    assert "weights >= 0" in {c.name for c in result.failing}
