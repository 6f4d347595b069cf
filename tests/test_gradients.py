"""The gradients of every reproduction model equal central finite differences (issue 15).

The law :func:`gradient_matches_central_differences` takes the model under test, so a user's
model meets the same check. Hypothesis draws the model's size and seed; the default profile uses
small models (``d = 4``, 2 re-uploading layers), the ``thorough`` profile (1,000 examples) the
paper's sizes (``d = 12``, 4 re-uploading layers) and larger batches.

Tolerance (derived, see :func:`fd_tolerance`). For ``phi(t) = L(p + t u)`` along a unit
direction ``u`` of one parameter key, the central difference
``D_h = (phi(h) - phi(-h)) / (2h)`` satisfies
``|D_h - phi'(0)| <= h^2 |phi'''| / 6 + delta / h + EPS s |phi'(0)| / h``:
Taylor's remainder, the rounding ``delta`` of each loss evaluation, and the rounding of the
shifted arguments ``p +- h u`` (``s`` the parameters' scale). The loss is a chain of at most
``DEPTH = 1000`` dependent roundings (2 attention layers x 4 re-uploading layers x ~40 entry
operations, the projections, softmax and head: about 400, doubled), so
``delta = DEPTH EPS (1 + |L|)``. ``h = s EPS^(1/3)`` balances the first two terms.
``|phi'''|`` is estimated by the wide stencil ``(phi(2H) - 2 phi(H) + 2 phi(-H) - phi(-2H)) /
(2 H^3)`` at ``H = 1e-2 s``; its relative error is ``O(H^2)``, covered by the factor
``SAFETY = 10``. The exact gradient's own rounding adds ``DEPTH EPS |g . u|``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from properties.tolerances import EPS
from reference._types import FloatArray, IntArray
from reference.mechanisms.entanglement.config import EntanglementConfig
from reference.pipeline.grad.entanglement import (
    CRX_SHIFTS,
    ROT_SHIFTS,
    EntanglementScoreGrad,
    entropy_from_c2,
)
from reference.pipeline.model_protocol import Model, Params, check_gradient_keys
from reference.pipeline.models import MODEL_NAMES, make_model

DEPTH = 1000
SAFETY = 10.0
THOROUGH = settings().max_examples >= 1000


def fd_tolerance(phi: Callable[[float], float], scale: float, slope: float) -> tuple[float, float]:
    """``(h, tolerance)`` of the central difference of ``phi`` at 0 (module docstring)."""
    h = scale * EPS ** (1.0 / 3.0)
    big = 1e-2 * scale
    m3 = abs(phi(2 * big) - 2 * phi(big) + 2 * phi(-big) - phi(-2 * big)) / (2 * big**3)
    f0 = abs(phi(0.0))
    delta = DEPTH * EPS * (1.0 + f0)
    tol = SAFETY * h * h * m3 / 6 + delta / h + EPS * scale * abs(slope) / h
    return h, tol + DEPTH * EPS * abs(slope)


def gradient_matches_central_differences(
    model: Model,
    params: Params,
    x: FloatArray,
    y: IntArray,
    rng: np.random.Generator,
    *,
    keys: Sequence[str] | None = None,
    every_entry: bool = False,
) -> list[tuple[str, float, float]]:
    """Check ``model.loss_and_grad`` against central differences for the parameter ``keys``
    (default: every key).

    Along one random unit direction per key (``every_entry=False``) or along every coordinate.
    The losses come from ``model.loss`` when the model has one (a forward pass only), else from
    ``loss_and_grad``. Returns the ``(key, error, tolerance)`` rows that fail (empty when the law
    holds).
    """
    _, grad = model.loss_and_grad(params, x, y)
    check_gradient_keys(params, grad)
    loss_only = getattr(model, "loss", None)
    failures = []
    for key in params if keys is None else keys:
        value = params[key]
        if every_entry:
            dirs = [np.eye(value.size)[i].reshape(value.shape) for i in range(value.size)]
        else:
            u = rng.normal(size=value.shape)
            dirs = [u / max(float(np.linalg.norm(u)), 1e-300)]
        scale = max(1.0, float(np.max(np.abs(value), initial=0.0)))
        for u in dirs:

            def phi(t: float, u: FloatArray = u, key: str = key) -> float:
                shifted = dict(params)
                shifted[key] = params[key] + t * u
                if callable(loss_only):
                    return float(loss_only(shifted, x, y))
                return model.loss_and_grad(shifted, x, y)[0]

            slope = float(np.sum(grad[key] * u))
            h, tol = fd_tolerance(phi, scale, slope)
            fd = (phi(h) - phi(-h)) / (2 * h)
            if not abs(fd - slope) <= tol:
                failures.append((key, abs(fd - slope), tol))
    return failures


def _instance(
    name: str, seed: int, batch: int, tokens: int, classes: int, large: bool
) -> tuple[Model, Params, FloatArray, IntArray, np.random.Generator]:
    d = 12 if (large or name.startswith("qsann")) else 4
    reup = 4 if large else 2
    model = make_model(name, num_classes=classes, embed_dim=d, reupload_layers=reup)
    rng = np.random.default_rng(seed)
    params = model.init_params(rng)
    x = rng.normal(size=(batch, tokens, d))
    y = rng.integers(0, classes, batch)
    return model, params, x, y, rng


@pytest.mark.parametrize("name", MODEL_NAMES)
@given(
    seed=st.integers(0, 2**32 - 1),
    batch=st.integers(1, 6 if THOROUGH else 3),
    tokens=st.integers(1, 4 if THOROUGH else 3),
    classes=st.integers(2, 3),
    key_index=st.integers(0, 100),
)
def test_gradient_equals_central_differences(
    name: str, seed: int, batch: int, tokens: int, classes: int, key_index: int
) -> None:
    """One drawn key per example (every key in the thorough profile); every key of every model
    is also checked entry by entry in the next test."""
    model, params, x, y, rng = _instance(name, seed, batch, tokens, classes, THOROUGH)
    names = sorted(params)
    keys = names if THOROUGH else [names[key_index % len(names)]]
    assert gradient_matches_central_differences(model, params, x, y, rng, keys=keys) == []


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_every_gradient_entry_equals_central_differences(name: str) -> None:
    model, params, x, y, rng = _instance(name, 7, 1, 2, 2, False)
    assert gradient_matches_central_differences(model, params, x, y, rng, every_entry=True) == []


@pytest.mark.parametrize("measure", ["entropy", "concurrence", "swap"])
@pytest.mark.parametrize("encoding", ["dense", "super_dense"])
@pytest.mark.parametrize("direction", ["query_to_key", "key_to_query"])
@pytest.mark.parametrize("shared", [True, False])
def test_adjoint_equals_parameter_shift(
    measure: str, encoding: str, direction: str, shared: bool
) -> None:
    """Two exact methods (reverse mode through the pair states; shift rules) agree to rounding:
    each sums at most ``B n m n_r L f`` terms of size ``<= |g|`` times a bounded derivative, with
    ``DEPTH`` dependent roundings each: tolerance ``DEPTH EPS sum |g|``."""
    cfg = EntanglementConfig(
        encoding=encoding,  # type: ignore[arg-type]
        measure=measure,  # type: ignore[arg-type]
        crx_direction=direction,  # type: ignore[arg-type]
        share_theta_across_layers=shared,
        layers=3,
    )
    rng = np.random.default_rng(11)
    q, k = rng.normal(size=(2, 3, 8)), rng.normal(size=(2, 4, 8))
    theta = rng.uniform(-np.pi, np.pi, cfg.theta_shape(8 // cfg.features_per_qubit))
    g = rng.normal(size=(2, 3, 4))
    a = EntanglementScoreGrad(config=cfg, method="adjoint").vjp(q, k, theta, g)
    b = EntanglementScoreGrad(config=cfg, method="shift").vjp(q, k, theta, g)
    tol = DEPTH * EPS * float(np.sum(np.abs(g)))
    for u, v in zip(a, b, strict=True):
        assert np.max(np.abs(u - v), initial=0.0) <= tol


@given(coef=st.lists(st.floats(-1, 1), min_size=5, max_size=5), t=st.floats(-7, 7))
def test_shift_rules_are_exact_on_their_frequencies(coef: list[float], t: float) -> None:
    """The four-term CRX rule is exact on ``span{1, cos, sin of t/2 and t}`` and the two-term rule
    on ``span{1, cos t, sin t}``: rounding of ``<= 8`` terms of size ``<= sum |coef|``."""
    a0, a1, b1, a2, b2 = coef

    def f(s: float) -> float:
        return (
            a0 + a1 * math.cos(s / 2) + b1 * math.sin(s / 2) + a2 * math.cos(s) + b2 * math.sin(s)
        )

    exact = (
        -a1 / 2 * math.sin(t / 2) + b1 / 2 * math.cos(t / 2) - a2 * math.sin(t) + b2 * math.cos(t)
    )
    tol = 16 * EPS * (1.0 + sum(abs(c) for c in coef))
    assert abs(sum(w * f(t + s) for s, w in CRX_SHIFTS) - exact) <= tol

    def g(s: float) -> float:
        return a0 + a2 * math.cos(s) + b2 * math.sin(s)

    assert (
        abs(sum(w * g(t + s) for s, w in ROT_SHIFTS) - (-a2 * math.sin(t) + b2 * math.cos(t)))
        <= tol
    )


@given(c=st.floats(1e-6, 0.25 - 1e-6))
def test_entropy_derivative_in_c(c: float) -> None:
    """``dh/dc = ln(l+/l-) / sqrt(1 - 4c)`` equals a central difference of ``h`` (same derived
    tolerance, ``|h'''| <= 2 / c^2`` near 0 dominates the estimate)."""

    def h_of(s: float) -> float:
        return float(entropy_from_c2(np.array([c + s]))[0][0])

    span = min(c, 0.25 - c) / 4
    h = span * EPS ** (1 / 3)
    fd = (h_of(h) - h_of(-h)) / (2 * h)
    d = float(entropy_from_c2(np.array([c]))[1][0])
    big = span / 2
    m3 = abs(h_of(2 * big) - 2 * h_of(big) + 2 * h_of(-big) - h_of(-2 * big)) / (2 * big**3)
    tol = SAFETY * h * h * m3 / 6 + 64 * EPS * (1 + abs(h_of(0))) / h + 64 * EPS * abs(d)
    assert abs(fd - d) <= tol
