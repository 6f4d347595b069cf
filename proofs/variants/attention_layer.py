"""Variant family: attention layers ``X (N, d) -> Y (N, d_v)`` (survey §1, §2).

Protocol (:class:`AttentionLayer`, matched by declared attributes and signatures, never by
running the object): ``layer(X) -> Y (N, d_v)``, ``layer.weights(X) -> (N, N)`` or feature-wise
``(N, N, d_v)`` mixing weights, ``layer.values(X) -> (N, d_v)``, and the declared attributes
``model_dim: int`` (``d``) and ``causal: bool``. Laws, each calling the laws of the mechanisms
under :mod:`properties`:

* ``SUR-TSA-04`` row-stochastic weights: ``W >= 0`` and every row (per feature) sums to 1
  (:func:`properties.tsa.laws.law_row_stochastic_powers` with ``k = 1``);
* ``SUR-MTSA-02`` convexity: ``Y = sum_j W_ij V_j`` (the reported weights are the ones used) and
  every output lies between the smallest and largest value of its row's support
  (:func:`properties.mtsa.laws.law_convexity`);
* ``SUR-TSA-05`` permutation equivariance ``Y(PX) = P Y(X)``, for layers declared non-causal
  (:func:`properties.tsa.laws.law_permutation_equivariance`);
* ``SUR-MTSA-03`` causality: rows ``<= i`` do not change when tokens ``> i`` are perturbed, for
  layers declared causal (:func:`properties.mtsa.laws.law_causality`).

Tolerance for a user's arithmetic (unknown, so a rounding model rather than a derivation of its
code): each output is a sum of ``N`` products of a weight and a value computed from ``d``-term
sums, so ``4 (N + d + 2) eps * max(1, max|V|, max|Y|)`` (twice the recursive-summation bound
for two computations); rows sum to 1 within ``4 (N + 2) eps``.

    python -m proofs check proofs.variants.attention_layer:tsa_layer
"""

from __future__ import annotations

import inspect
import math
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import numpy as np

from proofs.variants import LawResult, VariantFamily, summarize_cases
from properties.mtsa import laws as mtsa_laws
from properties.outcome import Outcome, close, combine, true, within
from properties.tolerances import EPS
from properties.tsa import laws as tsa_laws
from reference.mechanisms import mtsa, tsa

CASES = 12
SIZES = (1, 2, 3, 5, 7)


@runtime_checkable
class AttentionLayer(Protocol):
    """What a variant provides (see the module docstring)."""

    model_dim: int
    causal: bool

    def __call__(self, x: np.ndarray) -> np.ndarray: ...

    def weights(self, x: np.ndarray) -> np.ndarray: ...

    def values(self, x: np.ndarray) -> np.ndarray: ...


def _one_required_positional(fn: object) -> bool:
    try:
        sig = inspect.signature(fn)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    req = [
        p
        for p in sig.parameters.values()
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.default is p.empty
    ]
    return len(req) == 1


def _matches(obj: object) -> bool:
    if isinstance(obj, type) or not callable(obj):
        return False
    dim = getattr(obj, "model_dim", None)
    causal = getattr(obj, "causal", None)
    if isinstance(dim, bool) or not isinstance(dim, int) or dim < 1 or not isinstance(causal, bool):
        return False
    return all(
        callable(getattr(obj, name, None)) and _one_required_positional(getattr(obj, name))
        for name in ("__call__", "weights", "values")
    )


def _tol(n: int, d: int, scale: float) -> float:
    """``2 gamma_{n+d+2} scale <= 4 (n + d + 2) eps scale``: the layer's output and the law's own
    mix ``sum_j W_ij V_j`` are two computations of ``n``-term convex combinations of values
    bounded by ``scale`` (values from ``d``-term projections; ``+ 2`` for the normalisation);
    floored at the smallest normal float (underflow part of the rounding model)."""
    return 4.0 * (n + d + 2) * EPS * max(scale, float(np.finfo(np.float64).tiny))


def _run(obj: object) -> list[LawResult]:
    layer: AttentionLayer = obj  # type: ignore[assignment]
    d = layer.model_dim
    rng = np.random.default_rng(2026)
    rows: list[tuple[Outcome, dict[str, Any]]] = []
    convex: list[tuple[Outcome, dict[str, Any]]] = []
    perm_cases: list[tuple[Outcome, dict[str, Any]]] = []
    causal_cases: list[tuple[Outcome, dict[str, Any]]] = []
    dummy = mtsa.MTSAConfig(heads=2, head_dim=1)
    for i in range(CASES):
        n = SIZES[i % len(SIZES)]
        x = rng.normal(size=(n, d)) * float(rng.choice([0.3, 1.0, 3.0]))
        case: dict[str, Any] = {"seed": 2026, "case": i, "X": x.tolist()}
        y = np.asarray(layer(x), dtype=np.float64)
        w = np.asarray(layer.weights(x), dtype=np.float64)
        v = np.asarray(layer.values(x), dtype=np.float64)
        wf = w if w.ndim == 3 else np.broadcast_to(w[:, :, None], (n, n, v.shape[1]))
        if y.shape != v.shape or wf.shape != (n, n, v.shape[1]) or v.shape[0] != n:
            bad = case | {"shapes": [list(y.shape), list(w.shape), list(v.shape)]}
            for lst in (rows, convex):
                lst.append((true("shapes Y (N, d_v), W (N, N[, d_v]), V (N, d_v)", False), bad))
            continue
        if not (np.all(np.isfinite(y)) and np.all(np.isfinite(w)) and np.all(np.isfinite(v))):
            for lst in (rows, convex):
                finite = within("finite output, weights and values", math.inf, 0.0)
                lst.append((finite, case | {"error": "non-finite output, weights or values"}))
            continue
        rows.append((tsa_laws.law_row_stochastic_powers(np.moveaxis(wf, 2, 0), 1), case))
        scale = max(float(np.max(np.abs(v))), float(np.max(np.abs(y))))
        tol = _tol(n, d, scale)
        mixed = np.einsum("ijc,jc->ic", wf, v)
        support = np.any(wf > 0, axis=2)
        conv = mtsa_laws.law_convexity(
            y[None, None], v[None, None], support[None, None], np.ones((1, n), bool), tol
        )
        convex.append((combine(conv, close("Y = sum_j W_ij V_j", y, mixed, tol)), case))
        if not layer.causal:
            perm = rng.permutation(n)
            law = tsa_laws.law_permutation_equivariance(
                lambda z: np.asarray(layer(z), dtype=np.float64), x, perm, order=n, magnitude=scale
            )
            perm_cases.append((law, case | {"perm": perm.tolist()}))
        else:
            cut = int(rng.integers(0, n))
            noise = rng.normal(size=(1, n, d))

            def heads(z: np.ndarray, pad: np.ndarray) -> np.ndarray:
                return np.asarray(layer(z[0]), dtype=np.float64)[None, None]

            law = mtsa_laws.law_causality(
                heads, x[None], np.ones((1, n), bool), cut, noise, dummy, tol
            )
            causal_cases.append((law, case | {"cut": cut, "noise": noise[0].tolist()}))
    out = [
        summarize_cases("SUR-TSA-04", "weights >= 0, each row (per feature) sums to 1", rows),
        summarize_cases(
            "SUR-MTSA-02",
            "Y = sum_j W_ij V_j and each output within [min, max] of its row's values",
            convex,
        ),
    ]
    if layer.causal:
        detail = "rows <= i unchanged when tokens > i are perturbed (declared causal)"
        out.append(summarize_cases("SUR-MTSA-03", detail, causal_cases))
    else:
        out.append(
            summarize_cases("SUR-TSA-05", "Y(PX) = P Y(X) (declared non-causal)", perm_cases)
        )
    return out


FAMILY = VariantFamily(
    name="attention-layer",
    signature="layer(X (N, d)) -> Y (N, d_v); attributes weights(X), values(X), model_dim, causal",
    description="layer(X (N, d)) -> Y with .weights(X) (N, N[, d_v]), .values(X), .model_dim, "
    ".causal (survey TSA / MTSA laws)",
    matches=_matches,
    run=_run,
)


# ---------------------------------------------------------------------------------------------
# reference layers in this protocol (faithful variants)


@dataclass(frozen=True)
class TSALayer:
    """TSA with a convex filter (``theta >= 0``, ``sum theta = 1``) in the protocol: the mixing
    matrix is ``h(A) = sum_k theta_k A^k`` (row-stochastic, so outputs are convex)."""

    config: tsa.TSAConfig
    params: tsa.TSAParams
    causal: bool = False

    @property
    def model_dim(self) -> int:
        return int(np.prod(self.config.in_modes))

    def weights(self, x: np.ndarray) -> np.ndarray:
        a = tsa.attention_weights(x, self.params, config=self.config)
        return tsa.filter_matrix(a, np.asarray(self.params.theta))

    def values(self, x: np.ndarray) -> np.ndarray:
        return tsa.tt_apply(x, self.params.w_v)

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return tsa.tsa_attention(x, self.params, config=self.config)


@dataclass(frozen=True)
class MTSAForwardLayer:
    """One forward MTSA head (``attn_self=True``, linear source2token, exp) in the protocol, with
    its feature-wise weights ``W_ijc = D_ij S_jc / sum_j D_ij S_jc``."""

    params: mtsa.MTSAParams
    model_dim: int
    causal: bool = True

    @property
    def config(self) -> mtsa.MTSAConfig:
        return mtsa.MTSAConfig(
            heads=1,
            head_dim=self.params.w_v.shape[2],
            directional=False,
            attn_self=True,
            s2t="linear",
        )

    def weights(self, x: np.ndarray) -> np.ndarray:
        p = self.params
        q, k = x @ p.w_q[0], x @ p.w_k[0]
        f = x @ p.w_2[0] + p.b_2[0]
        n = x.shape[0]
        s = q @ k.T / math.sqrt(q.shape[1]) + np.where(np.tri(n, dtype=bool), 0.0, -np.inf)
        t = s[:, :, None] + f[None, :, :]
        e = np.exp(t - t.max(axis=1, keepdims=True))
        out: np.ndarray = e / e.sum(axis=1, keepdims=True)
        return out

    def values(self, x: np.ndarray) -> np.ndarray:
        out: np.ndarray = x @ self.params.w_v[0]
        return out

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return _forward_head(x, self.params)


def _forward_head(x: np.ndarray, p: mtsa.MTSAParams) -> np.ndarray:
    """The reference MTSA's forward head (directional, ``attn_self``): the head is duplicated into
    a forward/backward pair and the forward output returned."""
    cfg2 = mtsa.MTSAConfig(heads=2, head_dim=p.w_v.shape[2], attn_self=True, s2t="linear")
    two = mtsa.MTSAParams(
        w_q=np.concatenate([p.w_q, p.w_q]),
        w_k=np.concatenate([p.w_k, p.w_k]),
        w_v=np.concatenate([p.w_v, p.w_v]),
        w_2=np.concatenate([p.w_2, p.w_2]),
        b_2=np.concatenate([p.b_2, p.b_2]),
    )
    o, _ = mtsa.mtsa_heads(x, two, config=cfg2)
    out: np.ndarray = o[0, 0]
    return out


def _tsa_reference() -> TSALayer:
    cfg = tsa.TSAConfig(in_modes=(2, 2), out_modes=(2, 2), rank=2, order=2)
    p = tsa.init_params(np.random.default_rng(7), cfg)
    return TSALayer(cfg, p)


def _mtsa_reference() -> MTSAForwardLayer:
    cfg = mtsa.MTSAConfig(heads=1, head_dim=3, directional=False, s2t="linear")
    return MTSAForwardLayer(mtsa.init_params(np.random.default_rng(7), cfg, model_dim=4), 4)


tsa_layer = _tsa_reference()
"""Faithful TSA layer (``d = 4``, ``K = 2``, ``theta = (1/3, 1/3, 1/3)``)."""
mtsa_forward_layer = _mtsa_reference()
"""Faithful causal MTSA forward head (``d = 4``, ``d_h = 3``)."""

__all__ = [
    "FAMILY",
    "AttentionLayer",
    "MTSAForwardLayer",
    "TSALayer",
    "mtsa_forward_layer",
    "tsa_layer",
]
