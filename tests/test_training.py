"""Training loop (Adam, cosine schedule, fit) and the MLP baseline of the seed-001 reproduction."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest

from reference.pipeline import training as tr
from reference.pipeline.mlp import MLPModel
from reference.pipeline.model_protocol import Model
from tests import _bad_input as bad_input


def _toy(n: int, rng: np.random.Generator) -> tr.Split:
    """Linearly separable 2-class tokens (B, 2, 3): label = sign of the first feature sum."""
    x = rng.normal(size=(n, 2, 3))
    y = (x[:, :, 0].sum(axis=1) > 0).astype(np.int64)
    return tr.Split(x=x, y=y)


def test_cosine_schedule_endpoints_midpoint_and_floor() -> None:
    assert tr.cosine_lr(0, total=8, lr=0.5, floor=0.2) == 0.5
    assert tr.cosine_lr(4, total=8, lr=0.5, floor=0.2) == pytest.approx(0.5 * 0.6, abs=1e-15)
    assert tr.cosine_lr(8, total=8, lr=0.5, floor=0.2) == pytest.approx(0.1, abs=1e-15)
    assert tr.cosine_lr(20, total=8, lr=0.5, floor=0.2) == pytest.approx(0.1, abs=1e-15)


def test_adam_first_steps_by_hand() -> None:
    """Kingma & Ba, Alg. 1: after step 1 the bias-corrected update is lr * g / (|g| + eps)."""
    cfg = tr.TrainConfig(beta1=0.9, beta2=0.999, eps=1e-8)
    p = {"w": np.array([1.0, -2.0])}
    g = {"w": np.array([0.5, -4.0])}
    p1, s1 = tr.adam_step(p, g, tr.adam_init(p), lr=0.1, config=cfg)
    np.testing.assert_allclose(
        p1["w"], [1.0 - 0.1 * 0.5 / (0.5 + 1e-8), -2.0 + 0.1 * 4 / (4 + 1e-8)]
    )
    # step 2 with the same gradient: m_hat = g, v_hat = g^2 again, so the same update
    p2, s2 = tr.adam_step(p1, g, s1, lr=0.1, config=cfg)
    np.testing.assert_allclose(p2["w"] - p1["w"], p1["w"] - p["w"], rtol=1e-12)
    assert s2.t == 2 and p["w"][0] == 1.0  # inputs untouched


def test_mlp_parameter_count_is_the_papers_about_7k() -> None:
    """S001-E04: 3 hidden layers of 48 and output 2 on 4 x 12 tokens = 7154 parameters."""
    m = MLPModel(input_dim=48, num_classes=2)
    assert m.parameter_count() == 7154
    p = m.init_params(np.random.default_rng(0))
    assert sum(v.size for v in p.values()) == 7154
    assert isinstance(m, Model)


@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_mlp_gradient_equals_central_differences(activation: str) -> None:
    """Exact reverse mode vs central differences with step h = 1e-5.

    Tolerance: the central difference has truncation error h^2 |f'''| / 6 (|f'''| = O(1) for
    softmax cross-entropy of O(1) weights, so ~2e-11) plus round-off eps |f| / h ~ 2e-16 / 1e-5
    = 2e-11; 1e-8 absolute leaves a wide margin, and ReLU kinks are avoided because a random
    pre-activation within h of 0 has probability ~1e-5 per unit.
    """
    rng = np.random.default_rng(11)
    m = MLPModel(input_dim=6, num_classes=3, hidden=(5, 4), activation=activation)  # type: ignore[arg-type]
    p = m.init_params(rng)
    x = rng.normal(size=(7, 2, 3))
    y = rng.integers(0, 3, size=7)
    _, g = m.loss_and_grad(p, x, y)
    h = 1e-5
    for key, val in p.items():
        for idx in np.ndindex(val.shape):
            up = {k: v.copy() for k, v in p.items()}
            dn = {k: v.copy() for k, v in p.items()}
            up[key][idx] += h
            dn[key][idx] -= h
            fd = (m.loss_and_grad(up, x, y)[0] - m.loss_and_grad(dn, x, y)[0]) / (2 * h)
            assert abs(fd - g[key][idx]) < 1e-8, (key, idx, fd, g[key][idx])


def test_fit_is_bit_for_bit_deterministic_per_seed() -> None:
    data = _toy(40, np.random.default_rng(0))
    m = MLPModel(input_dim=6, num_classes=2, hidden=(8,))
    cfg = tr.TrainConfig(epochs=3, batch_size=7)

    def once(seed: int) -> tuple[dict[str, np.ndarray], tr.History]:
        rng = np.random.default_rng(seed)
        return tr.fit(m, m.init_params(rng), data, data, data, config=cfg, rng=rng)

    (pa, ha), (pb, hb) = once(4), once(4)
    for k in pa:
        assert np.array_equal(pa[k], pb[k])
    assert ha.as_dict() == hb.as_dict()
    _, hc = once(5)
    assert hc.as_dict() != ha.as_dict()


def test_fit_learns_a_separable_task_and_records_every_epoch() -> None:
    rng = np.random.default_rng(1)
    train, test = _toy(80, rng), _toy(40, rng)
    m = MLPModel(input_dim=6, num_classes=2, hidden=(16,))
    cfg = tr.TrainConfig(epochs=25, batch_size=8, lr=3e-2)
    _, h = tr.fit(m, m.init_params(rng), train, test, config=cfg, rng=rng)
    assert h.train_acc.shape == h.test_acc.shape == h.test_loss.shape == (25,)
    assert h.dev_acc.shape == (0,)
    assert h.train_loss[-1] < h.train_loss[0]
    assert h.train_acc[-1] >= 0.95 and h.test_acc[-1] >= 0.85
    cfg_nl = tr.TrainConfig(epochs=1, eval_loss=False)
    _, h2 = tr.fit(m, m.init_params(rng), train, test, config=cfg_nl, rng=rng)
    assert math.isnan(h2.test_loss[0])


TOY = _toy(4, np.random.default_rng(0))
MLP = MLPModel(input_dim=6, num_classes=2, hidden=(3,))
PAR = MLP.init_params(np.random.default_rng(0))
CFG = tr.TrainConfig(epochs=1)
BAD = [
    ("epochs-0", lambda: tr.TrainConfig(epochs=0), "epochs"),
    ("batch_size-0", lambda: tr.TrainConfig(batch_size=0), "batch_size"),
    ("lr-0", lambda: tr.TrainConfig(lr=0.0), "lr"),
    ("lr-nan", lambda: tr.TrainConfig(lr=float("nan")), "lr"),
    ("beta1-1", lambda: tr.TrainConfig(beta1=1.0), "beta1"),
    ("beta2-neg", lambda: tr.TrainConfig(beta2=-0.1), "beta2"),
    ("eps-0", lambda: tr.TrainConfig(eps=0.0), "eps"),
    ("schedule_steps-0", lambda: tr.TrainConfig(schedule_steps=0), "schedule_steps"),
    ("lr_floor-2", lambda: tr.TrainConfig(lr_floor=2.0), "lr_floor"),
    ("cosine-total-0", lambda: tr.cosine_lr(0, total=0, lr=1.0, floor=0.0), "total"),
    ("split-y-shape", lambda: tr.Split(x=np.zeros((3, 2, 2)), y=np.zeros(2, int)), "y"),
    ("split-x-2d", lambda: tr.Split(x=np.zeros((3, 2)), y=np.zeros(3, int)), "x"),
    ("split-y-negative", lambda: tr.Split(x=np.zeros((1, 1, 1)), y=np.array([-1])), "y"),
    (
        "adam-nan-grad",
        lambda: tr.adam_step(
            PAR, {k: v * np.nan for k, v in PAR.items()}, tr.adam_init(PAR), lr=0.1, config=CFG
        ),
        "grad",
    ),
    ("adam-keys", lambda: tr.adam_step(PAR, {}, tr.adam_init(PAR), lr=0.1, config=CFG), "grad"),
    ("mlp-num_classes-1", lambda: MLPModel(input_dim=3, num_classes=1), "num_classes"),
    ("mlp-hidden-0", lambda: MLPModel(input_dim=3, hidden=(0,)), "hidden"),
    ("mlp-activation", lambda: MLPModel(input_dim=3, activation="gelu"), "activation"),  # type: ignore[arg-type]
    ("mlp-x-width", lambda: MLP.predict(PAR, np.zeros((2, 2, 2))), "input_dim"),
    ("mlp-y-label", lambda: MLP.loss_and_grad(PAR, TOY.x, np.array([0, 1, 2, 0])), "y"),
]
BAD_TYPE = [
    ("shuffle-int", lambda: tr.TrainConfig(shuffle=1), "shuffle"),  # type: ignore[arg-type]
    ("epochs-float", lambda: tr.TrainConfig(epochs=2.0), "epochs"),  # type: ignore[arg-type]
    ("fit-rng-seed", lambda: tr.fit(MLP, PAR, TOY, TOY, config=CFG, rng=0), "rng"),  # type: ignore[arg-type]
    (
        "fit-config",
        lambda: tr.fit(MLP, PAR, TOY, TOY, config={}, rng=np.random.default_rng()),  # type: ignore[arg-type]
        "config",
    ),
    (
        "fit-model",
        lambda: tr.fit(object(), PAR, TOY, TOY, config=CFG, rng=np.random.default_rng()),  # type: ignore[arg-type]
        "model",
    ),
    ("mlp-hidden-list", lambda: MLPModel(input_dim=3, hidden=[4]), "hidden"),  # type: ignore[arg-type]
]


@pytest.mark.parametrize(("call", "error", "match"), bad_input.cases(BAD, BAD_TYPE))
def test_bad_input(call: Callable[[], object], error: type[Exception], match: str) -> None:
    bad_input.check(call, error, match)
