"""Figure-1 encoder (seed 001 §5): forward pass, scorers, options, parameter count, bad input."""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from reference.algorithms import attention as att
from reference.pipeline import encoder as enc
from tests import _bad_input as bad_input


def _manual_forward(p: enc.EncoderParams, x: np.ndarray, scale: float) -> np.ndarray:
    z = np.vstack([p.cls, x])
    for layer in range(p.w_q.shape[0]):
        q, k, v = z @ p.w_q[layer].T, z @ p.w_k[layer].T, z @ p.w_v[layer].T
        a = q @ k.T * scale
        w = np.exp(a - a.max(1, keepdims=True))
        z = (w / w.sum(1, keepdims=True)) @ v
    return z[0] @ p.w_out.T


def test_forward_matches_hand_written_encoder() -> None:
    rng = np.random.default_rng(0)
    cfg = enc.EncoderConfig(embed_dim=7, num_classes=3)
    p = enc.init_params(rng, cfg)
    x = rng.normal(size=(4, 7))
    out = enc.forward(p, x, cfg)
    assert np.allclose(out.logits, _manual_forward(p, x, 1 / np.sqrt(7)), atol=1e-13)
    assert out.weights.shape == (2, 5, 5)
    assert out.hidden.shape == (3, 5, 7)
    assert np.allclose(out.y_cls @ p.w_out.T, out.logits)


def test_S001_A05_default_logit_scale_in_forward() -> None:
    """S001-A05: default logit_scale=None applies 1/sqrt(d) to the scores; 1.0 is unscaled."""
    rng = np.random.default_rng(7)
    cfg = enc.EncoderConfig()
    assert cfg.logit_scale is None
    assert cfg.scale == 1 / np.sqrt(12)
    p = enc.init_params(rng, cfg)
    x = rng.normal(size=(4, 12))
    out = enc.forward(p, x, cfg)
    z = out.hidden[0]
    a = (z @ p.w_q[0].T) @ (z @ p.w_k[0].T).T
    assert np.allclose(out.weights[0], att.softmax(a / np.sqrt(12)), atol=1e-14)
    raw = enc.forward(p, x, enc.EncoderConfig(logit_scale=1.0))
    assert np.allclose(raw.weights[0], att.softmax(a), atol=1e-14)
    assert not np.allclose(raw.weights[0], out.weights[0])


def test_batched_equals_single() -> None:
    rng = np.random.default_rng(1)
    for score in ("dot", "qsann"):
        cfg = enc.EncoderConfig(score=score)
        p = enc.init_params(rng, cfg)
        x = rng.normal(size=(3, 5, 12))
        ob = enc.forward(p, x, cfg)
        for b in range(3):
            o1 = enc.forward(p, x[b], cfg)
            assert np.allclose(ob.logits[b], o1.logits, atol=1e-13)
            assert np.allclose(ob.weights[:, b], o1.weights, atol=1e-13)


def test_custom_scorer_protocol_and_layer_index() -> None:
    rng = np.random.default_rng(2)
    cfg = enc.EncoderConfig(embed_dim=5, num_layers=3)
    p = enc.init_params(rng, cfg)
    seen: list[tuple[tuple[int, ...], tuple[int, ...], int]] = []

    def fake(q: np.ndarray, k: np.ndarray, layer_index: int) -> np.ndarray:
        seen.append((q.shape, k.shape, layer_index))
        return np.zeros((q.shape[0], k.shape[0]))

    assert isinstance(fake, enc.ScoreFn)
    out = enc.forward(p, rng.normal(size=(2, 4, 5)), cfg, scorer=fake)
    assert seen == [((5, 5), (5, 5), layer) for layer in range(3) for _ in range(2)]
    assert np.allclose(out.weights, 1 / 5)  # zero logits -> uniform over keys incl. CLS


def test_entanglement_scorer_wiring(monkeypatch: pytest.MonkeyPatch) -> None:
    """The quantum scorers call reference.mechanisms.entanglement.scores(Q, K, theta, *, config)
    (encoding, measure, layers) with the attention layer's own theta (S001-A16)."""
    calls: list[dict[str, Any]] = []

    def scores(q: np.ndarray, k: np.ndarray, theta: np.ndarray, **kw: Any) -> np.ndarray:
        calls.append({"theta": np.array(theta), **kw})
        return np.tanh(q @ k.T)

    def fast_scores(q: np.ndarray, k: np.ndarray, theta: np.ndarray, cfg: Any) -> np.ndarray:
        # the batched scorer (angle encodings) calls the fast path once for the whole batch
        for _ in range(q.shape[0]):
            calls.append({"theta": np.array(theta), "config": cfg})
        return np.tanh(q @ np.swapaxes(k, -1, -2))

    from reference.mechanisms.entanglement import fast

    monkeypatch.setattr(fast, "fast_scores", fast_scores)
    monkeypatch.setitem(
        sys.modules, "reference.mechanisms.entanglement", types.SimpleNamespace(scores=scores)
    )
    rng = np.random.default_rng(3)
    for score, measure in (
        ("entropy", "entropy"),
        ("swap", "swap"),
        ("concurrence", "concurrence"),
    ):
        calls.clear()
        cfg = enc.EncoderConfig(score=score, encoding="dense")
        p = enc.init_params(rng, cfg)
        assert p.theta[0].shape == (6,)
        enc.forward(p, rng.normal(size=(3, 12)), cfg)
        assert [c["config"].measure for c in calls] == [measure, measure]
        assert all(c["config"].encoding == "dense" and c["config"].layers == 4 for c in calls)
        assert np.array_equal(calls[0]["theta"], p.theta[0])
        assert np.array_equal(calls[1]["theta"], p.theta[1])


@pytest.mark.parametrize("encoding", ["super_dense", "dense"])
@pytest.mark.parametrize("score", ["entropy", "swap", "concurrence"])
def test_quantum_scorers_match_entanglement_scores(score: str, encoding: str) -> None:
    """The encoder's quantum logits are reference.mechanisms.entanglement.scores on (Q, K) of each
    layer,
    with that layer's theta, scaled by 1/sqrt(d)."""
    from reference.mechanisms import entanglement as ent

    rng = np.random.default_rng(8)
    cfg = enc.EncoderConfig(score=score, encoding=encoding)
    p = enc.init_params(rng, cfg)
    x = rng.normal(size=(3, 12))
    out = enc.forward(p, x, cfg)
    for layer in range(2):
        z = out.hidden[layer]
        s = ent.scores(
            z @ p.w_q[layer].T,
            z @ p.w_k[layer].T,
            p.theta[layer],
            config=ent.EntanglementConfig(encoding=encoding, measure=score, layers=4),  # type: ignore[arg-type]
        )
        assert np.allclose(out.weights[layer], att.softmax(s / np.sqrt(12)), atol=1e-13)


def test_iqp_scorer_runs_on_three_features() -> None:
    cfg = enc.EncoderConfig(score="entropy", encoding="iqp", embed_dim=3)
    p = enc.init_params(np.random.default_rng(9), cfg)
    assert p.theta[0].shape == (3,)
    assert enc.forward(p, np.ones((4, 3)), cfg).logits.shape == (2,)


def test_parameter_count_S001_P20() -> None:
    """S001-P20 / S001-A09: 894, 900 with the +1."""
    cfg = enc.EncoderConfig(score="entropy")
    assert enc.parameter_count(cfg) == 894
    assert enc.parameter_count(cfg, plus_one=True) == 900
    per = enc.EncoderConfig(score="entropy", share_theta_across_reuploads=False)
    assert enc.parameter_count(per) == 2 * (3 * 144 + 12) + 24
    assert enc.parameter_count(cfg, paper_accounting=False) == 894 + 12  # learned CLS


@pytest.mark.parametrize("pe", ["sinusoidal", "learned"])
def test_positional_options_break_order_invariance(pe: str) -> None:
    """S001-A08 alternatives make the CLS output order-dependent."""
    rng = np.random.default_rng(4)
    cfg = enc.EncoderConfig(positional_encoding=pe)  # type: ignore[arg-type]
    p = enc.init_params(rng, cfg)
    x = rng.normal(size=(4, 12))
    a = enc.forward(p, x, cfg).y_cls
    b = enc.forward(p, x[::-1], cfg).y_cls
    assert not np.allclose(a, b)


def test_sinusoidal_table() -> None:
    pe = enc.sinusoidal_positions(3, 4)
    assert np.allclose(pe[0], [0, 1, 0, 1])
    assert np.isclose(pe[1, 0], np.sin(1.0))
    assert np.isclose(pe[1, 3], np.cos(1 / 100))


def test_cross_entropy_stable() -> None:
    """S001-A20: -log softmax, finite for huge logits."""
    assert np.isclose(enc.cross_entropy(np.array([[1e4, 0.0]]), np.array([1])), 1e4)
    z = np.array([[0.3, -1.2, 2.0]])
    assert np.isclose(enc.cross_entropy(z, np.array([2])), -np.log(att.softmax(z)[0, 2]))


CFG = enc.EncoderConfig(embed_dim=4)
P = enc.init_params(np.random.default_rng(0), CFG)
P_ARRAYS = {
    "w_q": P.w_q,
    "w_k": P.w_k,
    "w_v": P.w_v,
    "w_out": P.w_out,
    "cls": P.cls,
    "theta": P.theta,
}


def _params(**kw: Any) -> enc.EncoderParams:
    return enc.EncoderParams(**(P_ARRAYS | kw))


def _nan_scorer(q: np.ndarray, k: np.ndarray, layer_index: int) -> np.ndarray:
    return np.full((q.shape[0], k.shape[0]), np.nan)


def _wrong_shape_scorer(q: np.ndarray, k: np.ndarray, layer_index: int) -> np.ndarray:
    return np.zeros((q.shape[0], 2))


BAD = [
    ("embed-dim-0", lambda: enc.EncoderConfig(embed_dim=0), "embed_dim"),
    ("classes-0", lambda: enc.EncoderConfig(num_classes=0), "num_classes"),
    ("layers-neg", lambda: enc.EncoderConfig(num_layers=-1), "num_layers"),
    ("reupload-0", lambda: enc.EncoderConfig(reupload_layers=0), "reupload_layers"),
    ("score-unknown", lambda: enc.EncoderConfig(score="cosine"), "score"),
    (
        "positional-unknown",
        lambda: enc.EncoderConfig(positional_encoding="rope"),  # type: ignore[arg-type]
        "positional_encoding",
    ),
    (
        "encoding-unknown",
        lambda: enc.EncoderConfig(score="entropy", encoding="amplitude"),
        "encoding",
    ),
    ("superdense-needs-x4", lambda: enc.EncoderConfig(score="entropy", embed_dim=6), "embed_dim"),
    ("qsann-width", lambda: enc.EncoderConfig(score="qsann", embed_dim=8), "qsann"),
    ("logit-scale-neg", lambda: enc.EncoderConfig(logit_scale=-1.0), "scale"),
    ("max-tokens-0", lambda: enc.EncoderConfig(max_tokens=0), "max_tokens"),
    ("tokens-width", lambda: enc.forward(P, np.zeros((3, 5)), CFG), "tokens"),
    ("tokens-1d", lambda: enc.forward(P, np.zeros(4), CFG), "tokens"),
    ("tokens-empty", lambda: enc.forward(P, np.zeros((0, 4)), CFG), "tokens"),
    ("tokens-nan", lambda: enc.forward(P, np.full((2, 4), np.nan), CFG), "tokens"),
    ("tokens-inf", lambda: enc.forward(P, np.full((2, 4), np.inf), CFG), "tokens"),
    ("params-wq-nan", lambda: _params(w_q=np.full((2, 4, 4), np.nan)), "w_q"),
    ("params-wk-shape", lambda: _params(w_k=np.zeros((2, 4, 3))), "w_k"),
    ("params-cls-shape", lambda: _params(cls=np.zeros(3)), "cls"),
    ("params-wout-shape", lambda: _params(w_out=np.zeros((2, 5))), "w_out"),
    ("params-theta-nan", lambda: _params(theta=(np.array([np.nan]),)), "theta"),
    (
        "params-vs-config",
        lambda: enc.forward(P, np.zeros((2, 4)), enc.EncoderConfig(embed_dim=4, num_layers=3)),
        "w_q",
    ),
    (
        "theta-shape",
        lambda: enc.forward(_params(theta=(np.zeros(2),)), np.zeros((2, 4)), CFG),
        "theta",
    ),
    (
        "learned-pos-too-long",
        lambda: enc.forward(
            enc.init_params(
                np.random.default_rng(0),
                c := enc.EncoderConfig(embed_dim=4, positional_encoding="learned", max_tokens=3),
            ),
            np.zeros((3, 4)),
            c,
        ),
        "max_tokens",
    ),
    ("scorer-nan", lambda: enc.forward(P, np.zeros((2, 4)), CFG, scorer=_nan_scorer), "scorer"),
    (
        "scorer-shape",
        lambda: enc.forward(P, np.zeros((3, 4)), CFG, scorer=_wrong_shape_scorer),
        "scorer",
    ),
    ("ce-label-range", lambda: enc.cross_entropy(np.zeros((1, 2)), np.array([2])), "labels"),
    ("ce-logits-nan", lambda: enc.cross_entropy(np.array([np.nan, 0.0]), 0), "logits"),
]


def test_non_generator_rng_rejected() -> None:
    with pytest.raises(TypeError, match="rng"):
        enc.init_params(np.random.RandomState(0), CFG)  # type: ignore[arg-type]


def _cosine_score(q: np.ndarray, k: np.ndarray, layer_index: int) -> np.ndarray:
    qn = q / (np.linalg.norm(q, axis=1, keepdims=True) + 1e-12)
    kn = k / (np.linalg.norm(k, axis=1, keepdims=True) + 1e-12)
    return qn @ kn.T


def _relative_position_score(q: np.ndarray, k: np.ndarray, layer_index: int) -> np.ndarray:
    n = q.shape[0]
    return q @ k.T - np.abs(np.arange(n)[:, None] - np.arange(n)[None, :])


def test_variant_family_attention_score() -> None:
    """`python -m proofs check` on score variants: a pairwise score keeps S001-P16..P19; a score
    with a relative-position bias is caught breaking S001-P18."""
    from proofs.variants import attention_score as fam

    assert fam.FAMILY.matches(_cosine_score)
    assert not fam.FAMILY.matches(enc.DotScorer)  # a class, not a score function
    good = {r.claim_id: r.holds for r in fam.FAMILY.run(_cosine_score)}
    assert good == {"S001-P16": True, "S001-P17": True, "S001-P18": True, "S001-P19": True}
    bad = {r.claim_id: r for r in fam.FAMILY.run(_relative_position_score)}
    assert not bad["S001-P18"].holds
    assert bad["S001-P18"].counterexample
    assert bad["S001-P16"].holds


class _FakeScoreFactory:
    """A score mechanism the encoder has never heard of: ``-|q_i - k_j|^2`` times a learned
    per-layer scale ``theta[l][0]``."""

    theta_range = (1.0, 2.0)

    def theta_shape(self, config: enc.EncoderConfig) -> tuple[int, ...]:
        return (1,)

    def __call__(self, config: enc.EncoderConfig, params: enc.EncoderParams) -> Any:
        def score(q: np.ndarray, k: np.ndarray, layer_index: int) -> np.ndarray:
            d2 = ((q[:, None, :] - k[None, :, :]) ** 2).sum(-1)
            return -float(params.layer_theta(layer_index)[0]) * d2

        return score


def test_new_score_mechanism_needs_no_encoder_edit(monkeypatch: pytest.MonkeyPatch) -> None:
    """A mechanism registering ("fake", factory) is usable as EncoderConfig(score="fake")."""
    from reference import registry
    from reference._mechanism import Mechanism

    fake = Mechanism(
        name="fake",
        module="tests.fake",
        summary="test double",
        no_circuit_reason="test double",
        scorers=(("fake", _FakeScoreFactory()),),
    )
    monkeypatch.setattr(registry, "MECHANISMS", {**registry.MECHANISMS, "fake": fake})
    assert "fake" in enc.score_names()
    cfg = enc.EncoderConfig(embed_dim=4, score="fake")
    assert cfg.theta_shape == (1,)
    p = enc.init_params(np.random.default_rng(1), cfg)
    assert all(1.0 <= float(t[0]) <= 2.0 for t in p.theta)
    x = np.random.default_rng(2).normal(size=(3, 4))
    out = enc.forward(p, x, cfg)
    manual = enc.forward(p, x, cfg, scorer=_FakeScoreFactory()(cfg, p))
    assert np.allclose(out.logits, manual.logits, atol=1e-14)
    assert enc.parameter_count(cfg) == enc.parameter_count(enc.EncoderConfig(embed_dim=4)) + 2


def test_unknown_score_lists_the_registered_names() -> None:
    with pytest.raises(ValueError, match="score='nope' must be one of") as e:
        enc.EncoderConfig(score="nope")
    for name in ("dot", "entropy", "swap", "concurrence", "qsann"):
        assert repr(name) in str(e.value)


BAD_TYPE = [
    ("tokens-complex", lambda: enc.forward(P, np.zeros((2, 4)) * 1j, CFG), "tokens"),
    ("w_q-complex", lambda: _params(w_q=np.zeros((2, 4, 4)) * 1j), "w_q"),
    ("embed-dim-bool", lambda: enc.EncoderConfig(embed_dim=True), "embed_dim"),
    ("score-not-str", lambda: enc.EncoderConfig(score=1), "score"),  # type: ignore[arg-type]
    ("logits-complex", lambda: enc.cross_entropy(np.array([1j, 0.0]), 0), "logits"),
]


@pytest.mark.parametrize(("call", "error", "match"), bad_input.cases(BAD, BAD_TYPE))
def test_bad_input(call: Callable[[], object], error: type[Exception], match: str) -> None:
    bad_input.check(call, error, match)


@pytest.mark.parametrize(("encoding", "d"), [("super_dense", 12), ("dense", 6), ("iqp", 3)])
@pytest.mark.parametrize("score", ["entropy", "swap", "concurrence"])
def test_entanglement_scorer_batched_equals_per_sample_loop(
    score: str, encoding: str, d: int
) -> None:
    """``EntanglementScorer.batched`` (one call over all ``B n m`` pairs) equals the per-sample
    loop of ``__call__``: the same pair states summed in a different batch layout, so the
    tolerance is round-off of the ``O(1)`` scores (a few ``1e-15``; ``1e-12`` bounds it with
    room for the 2**L-term branch sums)."""
    from reference.mechanisms.entanglement.scorer import EntanglementScorer

    rng = np.random.default_rng(21)
    n_r = d // {"super_dense": 4, "dense": 2, "iqp": 1}[encoding]
    for shared in (True, False):
        th = rng.normal(size=(n_r,) if shared else (4, n_r))
        sc = EntanglementScorer(
            theta=(th, th[::-1].copy()),
            measure=score,
            encoding=encoding,
            share_theta_across_layers=shared,
        )
        q = rng.normal(size=(3, 5, d))
        k = rng.normal(size=(3, 4, d))
        for layer in (0, 1):
            loop = np.stack([sc(q[b], k[b], layer) for b in range(3)])
            np.testing.assert_allclose(sc.batched(q, k, layer), loop, rtol=0, atol=1e-12)


def test_entanglement_scorer_batched_bad_input() -> None:
    from reference.mechanisms.entanglement.scorer import EntanglementScorer

    sc = EntanglementScorer(theta=(np.zeros(3), np.zeros(3)))
    for q, k, match in (
        (np.zeros((2, 3, 12)), np.zeros((3, 3, 12)), "q has shape"),
        (np.zeros((2, 3, 12)), np.zeros((2, 3, 8)), "q has shape"),
        (np.zeros((3, 12)), np.zeros((3, 12)), "q"),
        (np.full((1, 2, 12), np.nan), np.zeros((1, 2, 12)), "q"),
        (np.zeros((1, 2, 12)), np.zeros((1, 2, 12)), "layer_index"),
    ):
        with pytest.raises(ValueError, match=match):
            sc.batched(q, k, 0 if match != "layer_index" else 5)
