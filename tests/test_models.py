"""The reproduction models (:mod:`reference.pipeline.models`): protocol, determinism, agreement
with the forward passes they adapt, the no-entanglement control, parameter counts, bad input."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from properties.tolerances import EPS
from reference.mechanisms.entanglement.config import EntanglementConfig
from reference.mechanisms.qsann import model as qsann_model
from reference.pipeline import encoder as enc
from reference.pipeline.grad.encoder import EncoderGrad, dict_to_params
from reference.pipeline.grad.entanglement import EntanglementScoreGrad
from reference.pipeline.model_protocol import Model
from reference.pipeline.models import (
    MODEL_NAMES,
    PAPER_PARAMETER_COUNTS,
    EncoderModel,
    QSANNModel,
    make_model,
)
from tests import _bad_input as bad_input

DEPTH = 1000
"""Dependent roundings of one loss evaluation (derivation in ``tests/test_gradients.py``)."""


def _batch(seed: int = 0, b: int = 3, t: int = 4, d: int = 12) -> tuple[Any, Any]:
    rng = np.random.default_rng(seed)
    return rng.normal(size=(b, t, d)), rng.integers(0, 2, b)


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_protocol_shapes_and_determinism(name: str) -> None:
    model = make_model(name)
    assert isinstance(model, Model) and model.name == name
    p1 = model.init_params(np.random.default_rng(5))
    p2 = model.init_params(np.random.default_rng(5))
    p3 = model.init_params(np.random.default_rng(6))
    assert sorted(p1) == sorted(p2) and all(np.array_equal(p1[k], p2[k]) for k in p1)
    assert any(not np.array_equal(p1[k], p3[k]) for k in p1)
    x, y = _batch()
    loss, grad = model.loss_and_grad(p1, x, y)
    loss2, grad2 = model.loss_and_grad(p1, x, y)
    assert loss == loss2 and all(np.array_equal(grad[k], grad2[k]) for k in grad)
    assert sorted(grad) == sorted(p1)
    assert all(grad[k].shape == p1[k].shape for k in p1)
    pred = model.predict(p1, x)
    assert pred.shape == (3,) and pred.dtype == np.int64
    assert loss == pytest.approx(model.loss(p1, x, y), abs=DEPTH * EPS * (1 + abs(loss)))  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["entropy", "swap", "concurrence", "classical", "no_entanglement"])
def test_encoder_models_match_the_encoder_forward(name: str) -> None:
    """Loss and logits equal :func:`reference.pipeline.encoder.forward` (whose scores come from
    the registered scorer's fast path) up to ``DEPTH`` roundings."""
    model = make_model(name)
    assert isinstance(model, EncoderModel)
    p = model.init_params(np.random.default_rng(1))
    x, y = _batch(1)
    ep = dict_to_params(p, model.config, fixed_theta=np.zeros(model.config.theta_shape))
    ref = enc.forward(ep, x, model.config)
    logits = model.logits(p, x)
    tol = DEPTH * EPS * (1 + float(np.max(np.abs(ref.logits))))
    assert np.max(np.abs(logits - ref.logits)) <= tol
    assert np.max(np.abs(model.embed(p, x) - ref.y_cls)) <= tol
    loss, _ = model.loss_and_grad(p, x, y)
    assert abs(loss - enc.cross_entropy(ref.logits, y)) <= DEPTH * EPS * (1 + loss)


@pytest.mark.parametrize("name", ["qsann", "qsann_cls"])
def test_qsann_models_match_qsann_forward(name: str) -> None:
    """Binary logits ``[0, z]``: ``softmax(...)[1] = sigmoid(z)`` is QSANN's probability."""
    model = make_model(name)
    assert isinstance(model, QSANNModel)
    p = model.init_params(np.random.default_rng(2))
    qp = qsann_model.QSANNParams(
        query=tuple(p["query"]),
        key=tuple(p["key"]),
        value=tuple(p["value"]),
        head_w=p["head_w"][0],
        head_b=float(p["head_b"][0]),
        cls=p.get("cls", np.zeros(0)),
    )
    x, _ = _batch(2)
    prob = qsann_model.forward(qp, x, model.config)
    logits = model.logits(p, x)
    assert np.max(np.abs(1 / (1 + np.exp(-(logits[:, 1] - logits[:, 0]))) - prob)) <= DEPTH * EPS


def test_no_entanglement_control_has_uniform_attention_and_no_theta() -> None:
    """``theta = 0``: every entropy score is 0 (``S001-P04``), attention is uniform ``1/N``, and
    the query/key projections get no gradient (the scores do not depend on them)."""
    model = make_model("no_entanglement")
    assert isinstance(model, EncoderModel) and not model.train_theta
    p = model.init_params(np.random.default_rng(3))
    assert "theta" not in p
    x, y = _batch(3)
    grad = EncoderGrad(config=model.config, fixed_theta=np.zeros(model.config.theta_shape))
    _, _, caches = grad.forward(p, x)
    for c in caches:
        assert np.max(np.abs(c.p - 1.0 / c.p.shape[-1])) <= 8 * EPS
    _, g = model.loss_and_grad(p, x, y)
    assert not np.any(g["w_q"]) and not np.any(g["w_k"])
    assert np.any(g["w_v"])


def test_theta_is_trained_only_where_a_crx_runs() -> None:
    assert "theta" in make_model("entropy").init_params(np.random.default_rng(0))
    assert "theta" in make_model("concurrence").init_params(np.random.default_rng(0))
    for name in ("swap", "classical", "no_entanglement"):
        assert "theta" not in make_model(name).init_params(np.random.default_rng(0))


@pytest.mark.parametrize("name", sorted(PAPER_PARAMETER_COUNTS))
def test_paper_parameter_counts(name: str) -> None:
    """Paper accounting (``S001-P20`` form, dense): 900 with CRX angles, 888 without; the
    classical model differs from the entropy model only by the ``2 n_r = 12`` angles."""
    model = make_model(name)
    assert isinstance(model, EncoderModel)
    count = enc.parameter_count(model.config)
    if not model.train_theta:
        count -= model.config.num_layers * int(np.prod(model.config.theta_shape))
    assert count == PAPER_PARAMETER_COUNTS[name]
    assert model.parameter_count == count + model.config.embed_dim  # + the learned CLS


def test_multiclass_models() -> None:
    rng = np.random.default_rng(4)
    x, y = rng.normal(size=(4, 4, 12)), np.array([0, 1, 2, 9])
    for name in MODEL_NAMES:
        model = make_model(name, num_classes=10)
        p = model.init_params(np.random.default_rng(0))
        loss, _ = model.loss_and_grad(p, x, y)
        assert np.isfinite(loss) and model.predict(p, x).max() < 10


def _p() -> Any:
    return make_model("entropy").init_params(np.random.default_rng(0))


def _call(name: str, method: str, *args: Any) -> Callable[[], object]:
    return lambda: getattr(make_model(name), method)(*args)


_X, _Y = _batch()
BAD = [
    ("name", lambda: make_model("transformer"), "name"),
    ("embed_dim_qsann", lambda: make_model("qsann", embed_dim=8), "embed_dim"),
    ("num_classes", lambda: make_model("entropy", num_classes=1), "num_classes"),
    ("encoding_odd", lambda: make_model("entropy", embed_dim=5), "embed_dim"),
    ("x_shape", _call("entropy", "loss_and_grad", _p(), np.zeros((3, 4)), _Y), "x"),
    ("x_dim", _call("entropy", "loss_and_grad", _p(), np.zeros((3, 4, 8)), _Y), "x"),
    ("x_nan", _call("entropy", "predict", _p(), np.full((1, 2, 12), np.nan)), "x"),
    ("y_range", _call("entropy", "loss_and_grad", _p(), _X, np.array([0, 1, 2])), "y"),
    ("y_shape", _call("classical", "loss_and_grad", _p(), _X, np.array([0, 1])), "y"),
    ("y_float", _call("entropy", "loss_and_grad", _p(), _X, np.array([0.0, 1, 0])), "y"),
    ("params_key", _call("classical", "loss_and_grad", _p(), _X, _Y), "params"),
    (
        "params_shape",
        _call("entropy", "predict", {**_p(), "w_out": np.zeros((3, 12))}, _X),
        "params",
    ),
    ("score", lambda: EncoderGrad(config=enc.EncoderConfig(score="qsann")), "score"),
    (
        "fixed_theta",
        lambda: EncoderGrad(config=enc.EncoderConfig(score="entropy"), fixed_theta=np.zeros(2)),
        "fixed_theta",
    ),
    (
        "method",
        lambda: EntanglementScoreGrad(config=EntanglementConfig(), method="fd"),  # type: ignore[arg-type]
        "method",
    ),
    (
        "encoding",
        lambda: EntanglementScoreGrad(config=EntanglementConfig(encoding="iqp")),
        "encoding",
    ),
    (
        "theta_value",
        lambda: EncoderModel(
            name="x", config=enc.EncoderConfig(), train_theta=False, theta_value=float("nan")
        ),
        "theta_value",
    ),
    ("model_name", lambda: EncoderModel(name="", config=enc.EncoderConfig()), "name"),
]
BAD_TYPE = [
    ("rng", lambda: make_model("entropy").init_params(0), "rng"),  # type: ignore[arg-type]
    ("rng_qsann", lambda: make_model("qsann").init_params(0), "rng"),  # type: ignore[arg-type]
    ("params_type", _call("entropy", "predict", [1, 2], _X), "params"),
]


@pytest.mark.parametrize(("call", "error", "match"), bad_input.cases(BAD, BAD_TYPE))
def test_bad_input(call: Callable[[], object], error: type[Exception], match: str) -> None:
    bad_input.check(call, error, match)
