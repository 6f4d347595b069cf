"""Unit tests of :mod:`reference.mechanisms.mtsa`: hand oracles, the public code's numerical traps
(exp overflow without max-subtraction; a zero denominator replaced by 1), bad input."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from properties.mtsa import laws
from properties.outcome import assert_holds, close
from reference.mechanisms import mtsa


def _public_formula(x: np.ndarray, p: mtsa.MTSAParams, cfg: mtsa.MTSAConfig) -> np.ndarray:
    """The public code's arithmetic, written from the survey's description (linear s2t, no
    padding): raw ``exp`` with no max-subtraction, denominator ``where(Z > 0, Z, 1)``."""
    xb = x[None, None]
    q, k, v = xb @ p.w_q, xb @ p.w_k, xb @ p.w_v
    m = mtsa.direction_masks(x.shape[0], cfg)
    with np.errstate(over="ignore", invalid="ignore"):
        dmat = m * np.exp(q @ np.swapaxes(k, -1, -2) / math.sqrt(cfg.head_dim))
        smat = np.exp(xb @ p.w_2 + p.b_2[:, None, :])
        z = dmat @ smat
        z = np.where(z > 0, z, 1.0)
        out: np.ndarray = (dmat @ (smat * v)) / z
    return out[0]


def _underflow_case() -> tuple[np.ndarray, mtsa.MTSAParams, mtsa.MTSAConfig]:
    """One head, attn_self, d = 2, d_h = 1, x_0 = e_1, x_1 = e_2:
    q = (1, 0), k = (1, -800), f = (-800, 0), v = (1, 2). Row 0 logits (j = 0, 1) are
    1 - 800 = -799 and -800 + 0 = -800, so o_0 = (e * 1 + 1 * 2) / (e + 1); row 1 has logits
    (0 - 800, 0 + 0), so o_1 = 2 (to e^-800)."""
    cfg = mtsa.MTSAConfig(heads=1, head_dim=1, directional=False, attn_self=True, s2t="linear")
    p = mtsa.MTSAParams(
        w_q=np.array([[[1.0], [0.0]]]),
        w_k=np.array([[[1.0], [-800.0]]]),
        w_v=np.array([[[1.0], [2.0]]]),
        w_2=np.array([[[-800.0], [0.0]]]),
        b_2=np.zeros((1, 1)),
    )
    return np.eye(2), p, cfg


def test_zero_denominator_trap_is_recomputed_not_replaced_by_one() -> None:
    x, p, cfg = _underflow_case()
    want = [(math.e + 2.0) / (math.e + 1.0), 2.0]
    got = mtsa.mtsa_heads(x, p, config=cfg)[0][0, 0, :, 0]
    np.testing.assert_allclose(got, want, rtol=1e-14)
    public = _public_formula(x, p, cfg)[0, :, 0]
    assert public[0] == 0.0  # the public code's silent answer
    np.testing.assert_allclose(public[1], 2.0)


def test_exp_overflow_trap() -> None:
    """Logits of ~1000: raw exp overflows to inf and inf/inf = NaN; the shifted form is exact."""
    cfg = mtsa.MTSAConfig(heads=2, head_dim=2, s2t="linear", attn_self=True)
    p = mtsa.init_params(np.random.default_rng(1), cfg, model_dim=3)
    x = 400.0 * np.random.default_rng(2).normal(size=(4, 3))
    assert not np.all(np.isfinite(_public_formula(x, p, cfg)))
    got = mtsa.mtsa_heads(x, p, config=cfg)[0]
    assert np.all(np.isfinite(got))
    pad = np.ones((1, 4), dtype=bool)
    want = laws.explicit_oracle(x[None], pad, p, cfg)
    assert_holds(close("explicit oracle", got, want, laws.output_tolerance(x[None], p, cfg)))


def test_hand_oracle_two_tokens_uniform_scores() -> None:
    """W_q = 0 and W_2 = 0: every allowed weight equal. Forward head with attn_self: row 0 sees
    v_0, row 1 averages v_0, v_1; backward head: row 0 averages, row 1 sees v_1."""
    cfg = mtsa.MTSAConfig(heads=2, head_dim=1, s2t="linear", attn_self=True)
    p = mtsa.MTSAParams(
        w_q=np.zeros((2, 1, 1)),
        w_k=np.ones((2, 1, 1)),
        w_v=np.ones((2, 1, 1)),
        w_2=np.zeros((2, 1, 1)),
        b_2=np.zeros((2, 1)),
    )
    y = mtsa.mtsa_attention(np.array([[1.0], [3.0]]), p, config=cfg)
    np.testing.assert_allclose(y, [[1.0, 2.0], [2.0, 3.0]])


def test_forward_first_row_is_empty_without_attn_self() -> None:
    cfg = mtsa.MTSAConfig(heads=2, head_dim=1)
    p = mtsa.init_params(np.random.default_rng(0), cfg, model_dim=2)
    o = mtsa.mtsa_heads(np.ones((3, 2)), p, config=cfg)[0]
    assert np.all(o[0, 0, 0] == 0.0) and np.all(o[0, 1, 2] == 0.0)
    with pytest.raises(ValueError, match="no unmasked key"):
        mtsa.mtsa_heads(np.ones((3, 2)), p, config=dataclasses.replace(cfg, empty_rows="raise"))


def test_batch_and_padding() -> None:
    cfg = mtsa.MTSAConfig(heads=2, head_dim=2, fusion_gate=True)
    p = mtsa.init_params(np.random.default_rng(0), cfg, model_dim=3)
    x = np.random.default_rng(1).normal(size=(2, 4, 3))
    pad = np.array([[True, True, False, False], [True, True, True, True]])
    y = mtsa.mtsa_attention(x, p, config=cfg, padding=pad)
    np.testing.assert_allclose(
        y[0, :2], mtsa.mtsa_attention(x[0, :2], p, config=cfg), rtol=1e-13, atol=1e-15
    )
    assert np.all(y[0, 2:] == 0.0)
    np.testing.assert_allclose(y[1], mtsa.mtsa_attention(x[1], p, config=cfg), atol=1e-14)


_CFG = mtsa.MTSAConfig(heads=2, head_dim=2)
_P = mtsa.init_params(np.random.default_rng(0), _CFG, model_dim=3)
BAD = [
    ("nan", np.array([[math.nan, 0, 0]]), None, ValueError, "X contains NaN"),
    ("complex", np.ones((2, 3)) * 1j, None, TypeError, "X is complex"),
    ("rank0", np.float64(1.0), None, ValueError, "X has shape"),
    ("rank4", np.ones((1, 1, 2, 3)), None, ValueError, "X has shape"),
    ("empty-sequence", np.ones((0, 3)), None, ValueError, "empty sequence"),
    ("wrong-d", np.ones((2, 4)), None, ValueError, r"params\.w_q has shape"),
    (
        "mask-all",
        np.ones((2, 2, 3)),
        np.array([[True, True], [False, False]]),
        ValueError,
        "padding masks every token of sequence 1",
    ),
    ("mask-shape", np.ones((2, 2, 3)), np.array([True, True]), ValueError, "padding has shape"),
    ("mask-dtype", np.ones((2, 3)), np.array([1, 1]), TypeError, "padding must be a boolean"),
]


@pytest.mark.parametrize(("case", "x", "pad", "exc", "match"), BAD, ids=[c[0] for c in BAD])
def test_bad_input(case: str, x: object, pad: object, exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        mtsa.mtsa_attention(x, _P, config=_CFG, padding=pad)  # type: ignore[arg-type]


BAD_CONFIG = [
    ("odd-heads", {"heads": 3, "head_dim": 2}, ValueError, "heads=3 must be even"),
    ("zero-dim", {"head_dim": 0}, ValueError, "head_dim=0"),
    ("activation", {"head_dim": 1, "activation": "tanh"}, ValueError, "activation='tanh'"),
    ("s2t", {"head_dim": 1, "s2t": "conv"}, ValueError, "s2t='conv'"),
    ("empty-rows", {"head_dim": 1, "empty_rows": "nan"}, ValueError, "empty_rows='nan'"),
    ("flag-type", {"head_dim": 1, "attn_self": 1}, TypeError, "attn_self=1"),
]


@pytest.mark.parametrize(("case", "kw", "exc", "match"), BAD_CONFIG, ids=[c[0] for c in BAD_CONFIG])
def test_bad_config(case: str, kw: dict[str, object], exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        mtsa.MTSAConfig(**kw)  # type: ignore[arg-type]


def test_missing_gate_params() -> None:
    cfg = dataclasses.replace(_CFG, fusion_gate=True)
    with pytest.raises(ValueError, match=r"params\.w_g is None"):
        mtsa.mtsa_attention(np.ones((2, 3)), _P, config=cfg)


def test_s2t_reads_values_option() -> None:
    """MTSA-R2 = "values": f_s2t is applied to each head's v_j = x_j W_v (d_in = d_h); with
    W_v = W_2 = I-like maps the two options coincide when d = d_h and W_v = I."""
    cfg_x = mtsa.MTSAConfig(heads=2, head_dim=2, s2t="linear", attn_self=True)
    cfg_v = dataclasses.replace(cfg_x, s2t_input="values")
    p = mtsa.init_params(np.random.default_rng(0), cfg_v, model_dim=2)
    assert p.w_2.shape == (2, 2, 2)
    p = dataclasses.replace(p, w_v=np.broadcast_to(np.eye(2), (2, 2, 2)).copy())
    x = np.random.default_rng(1).normal(size=(4, 2))
    np.testing.assert_allclose(
        mtsa.mtsa_attention(x, p, config=cfg_v),
        mtsa.mtsa_attention(x, p, config=cfg_x),
        atol=1e-14,
    )
    with pytest.raises(ValueError, match="s2t_input='keys'"):
        mtsa.MTSAConfig(head_dim=1, s2t_input="keys")  # type: ignore[arg-type]
