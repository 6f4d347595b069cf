"""Laws of the seed-001 encoder part (``S001-P16`` .. ``S001-P24``), as functions of the
implementation under test.

Each law returns an :class:`~properties.outcome.Outcome` (named checks, each with its deviation
and tolerance); a NaN or inf anywhere in what was checked is a failure. Tolerances are
derived from floating-point error bounds stated next to each law (``eps = 2**-52``; a sum of
``m`` terms evaluated in any order is within ``m * eps * sum|terms|`` of the exact sum, Higham
2002, Thm 4.2 to first order). The ledger (:mod:`proofs.evidence.encoder`) and the Hypothesis
tests (:mod:`properties.encoder.test_laws`) call the same functions.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Protocol

import numpy as np
import numpy.typing as npt

from properties.outcome import Outcome, at_least, at_most, close, combine, true, within
from properties.tolerances import EPS, mix_tolerance, permutation_tolerance, softmax_tolerance
from reference._types import FloatArray, IntArray
from reference.simulate import Channel

Softmax = Callable[[FloatArray], FloatArray]
Forward = Callable[[FloatArray], FloatArray]
IQM = Callable[[FloatArray], float]
NEAPredict = Callable[[FloatArray, IntArray, FloatArray], IntArray]
Depolarizing = Callable[[float], Channel]
"""``depolarizing(p) -> Channel`` (TensorCircuit convention ``px = py = pz = p``)."""
ThermalRelaxation = Callable[[float, float, float], Channel]
"""``thermal_relaxation(t1, t2, time) -> Channel``; raises ``ValueError`` when ``T2 > 2 T1``."""

STRICT_SPREAD = 30.0
"""Logit spread up to which every softmax weight is provably strictly inside (0, 1) in float64:
``1 - max w >= exp(-30) ~ 9e-14 >> eps`` and ``min w >= exp(-30) / N > 0``."""


def worst(*slacks: float) -> float:
    """The smallest slack, with any non-finite slack a failure (``-inf``).

    Python's ``min`` drops a NaN that is not its first argument (``min(0.0, nan) == 0.0``), so a
    law that returned ``min(a, b)`` would pass a NaN result; every law combines through this."""
    if not slacks:
        return 0.0
    vals = [float(v) for v in slacks]
    if not all(math.isfinite(v) for v in vals):
        return -math.inf
    return min(vals)


def _shape_ok(name: str, got: tuple[int, ...], want: tuple[int, ...]) -> Outcome | None:
    return None if got == want else true(f"{name} shape {got} == {want}", False)


def law_softmax_rows(logits: FloatArray, softmax: Softmax) -> Outcome:
    """``S001-P16``: each row of ``softmax(logits)`` (last axis) sums to 1 (within
    :func:`softmax_tolerance`) and every weight is in ``[0, 1]`` (``>= 0`` exactly; ``<= 1`` up
    to the same rounding); when a row has ``>= 2`` entries spanning at most
    :data:`STRICT_SPREAD`, every weight is strictly inside ``(0, 1)`` (a boolean check: exact
    arithmetic gives ``(0, 1)`` always; beyond that spread a float64 weight can round to exactly
    0 or 1, which is not a violation of the claim).
    """
    w = np.asarray(softmax(logits), dtype=np.float64)
    bad = _shape_ok("weights", w.shape, logits.shape)
    if bad is not None:
        return bad
    n = logits.shape[-1]
    tol = softmax_tolerance(n)
    parts = [
        within("|row sum - 1|", _max_abs(w.sum(axis=-1) - 1.0), tol),
        at_least("weights >= 0", np.minimum(w, 0.0), 0.0),
        at_most("weights <= 1", w, 1.0, tol),
    ]
    if n >= 2:
        spread = logits.max(axis=-1) - logits.min(axis=-1)
        strict = spread <= STRICT_SPREAD
        if np.any(strict):
            ws = w[strict]
            inside = bool(np.all(ws > 0.0) and np.all(ws < 1.0))
            parts.append(true(f"weights in (0, 1) for rows spanning <= {STRICT_SPREAD:g}", inside))
    return combine(*parts)


def _max_abs(x: npt.ArrayLike) -> float:
    """``max |x|`` (0 for an empty array); ``inf`` when anything is not finite."""
    a = np.asarray(x, dtype=np.float64)
    if a.size == 0:
        return 0.0
    if not np.all(np.isfinite(a)):
        return math.inf
    return float(np.max(np.abs(a)))


def law_attention_weights(weights_of: Forward, tokens: FloatArray) -> Outcome:
    """``S001-P16`` on a model's attention weights: ``weights_of(tokens)`` (any shape ``(..., N)``,
    e.g. the encoder's ``(L, N, N)``) has rows summing to 1 within ``softmax_tolerance(N)`` and
    every weight in ``[0, 1]``."""
    w = np.asarray(weights_of(tokens), dtype=np.float64)
    if w.ndim < 1 or w.size == 0:
        return true("weights are a non-empty array", False)
    tol = softmax_tolerance(w.shape[-1])
    return combine(
        within("|row sum - 1|", _max_abs(w.sum(axis=-1) - 1.0), tol),
        at_least("weights >= 0", np.minimum(w, 0.0), 0.0),
        at_most("weights <= 1", w, 1.0, tol),
    )


class LayerTrace(Protocol):
    """What a forward pass exposes for ``S001-P17``: ``hidden (L + 1, ..., N, d)`` token states
    (input first) and ``weights (L, ..., N, N)`` post-softmax attention."""

    @property
    def hidden(self) -> FloatArray: ...

    @property
    def weights(self) -> FloatArray: ...


def law_layers_convex(
    forward: Callable[[FloatArray], LayerTrace], w_v: FloatArray, tokens: FloatArray
) -> Outcome:
    """``S001-P17`` for every layer of a (residual-free) encoder: layer ``l``'s output rows are
    convex combinations of its values ``hidden[l] @ w_v[l].T`` (:func:`law_convex_combination`).
    ``w_v: (L, d, d)``; ``tokens: (T, d)`` or ``(B, T, d)``."""
    out = forward(tokens)
    h = np.asarray(out.hidden, dtype=np.float64)
    w = np.asarray(out.weights, dtype=np.float64)
    if h.ndim == 3:  # a single sample: add the batch axis
        h, w = h[:, None], w[:, None]
    if h.shape[0] != w.shape[0] + 1 or w.shape[0] != w_v.shape[0]:
        return true(f"layers: hidden {h.shape[0]} = weights {w.shape[0]} + 1 = w_v + 1", False)
    return combine(
        law_convex_combination(h[layer + 1][b], h[layer][b] @ w_v[layer].T, w[layer][b])
        for layer in range(w.shape[0])
        for b in range(h.shape[1])
    )


def law_convex_combination(
    out: FloatArray, values: FloatArray, weights: FloatArray, *, extra_tolerance: float = 0.0
) -> Outcome:
    """``S001-P17``: each output row is a convex combination of the value rows, hence in their
    convex hull: ``weights >= 0`` (exact, tolerance 0; only a negative part counts as a
    deviation, so no weight value is shown as a margin), rows sum to 1, ``out = weights @ values``
    and for every coordinate direction ``+-e_c`` and the all-ones direction
    ``min_j v_j <= out_i <= max_j v_j``.

    Shapes ``out: (N, d)``, ``values: (M, d)``, ``weights: (N, M)``. Tolerance: a sum of ``M``
    products: ``(M + 1) eps * max|v|`` per entry, times 4 for the reference's own sums (``d``
    times that along the all-ones direction); ``extra_tolerance`` is added to the numeric
    tolerances of ``out`` (e.g. a residual subtracted before the check).
    """
    m = int(values.shape[0]) if values.ndim == 2 else 0
    if (
        values.ndim != 2
        or out.shape[:-1] != weights.shape[:-1]
        or weights.shape[-1] != m
        or out.shape[-1] != values.shape[-1]
    ):
        return true(
            f"shapes out {out.shape}, values {values.shape}, weights {weights.shape} agree", False
        )
    tol = mix_tolerance(m, 1.0 + _max_abs(values)) + extra_tolerance
    dirs = np.concatenate(
        [np.eye(values.shape[1]), -np.eye(values.shape[1]), np.ones((1, values.shape[1]))]
    )
    proj_v = values @ dirs.T  # (M, D)
    proj_o = out @ dirs.T  # (N, D)
    dtol = tol * int(values.shape[1])  # the all-ones projection sums d coordinates
    return combine(
        at_least("weights >= 0", np.minimum(weights, 0.0), 0.0),
        within("|row sum - 1|", _max_abs(weights.sum(axis=-1) - 1.0), softmax_tolerance(m)),
        close("out = weights @ values", out, weights @ values, tol),
        at_most("out <= max_j v_j (each direction)", proj_o, proj_v.max(axis=0)[None], dtol),
        at_least("out >= min_j v_j (each direction)", proj_o, proj_v.min(axis=0)[None], dtol),
    )


def law_cls_permutation_invariance(
    cls_output: Forward, tokens: FloatArray, perm: IntArray, *, tol: float
) -> Outcome:
    """``S001-P18``: with no positional encoding, ``cls_output(tokens)`` equals
    ``cls_output(tokens[perm])`` for any permutation ``perm`` of the (non-CLS) tokens, within
    ``tol`` (:func:`permutation_tolerance`: only the order of floating-point sums changes)."""
    a = np.asarray(cls_output(tokens), dtype=np.float64)
    b = np.asarray(cls_output(tokens[perm]), dtype=np.float64)
    return close("y_CLS(tokens) = y_CLS(tokens[perm])", a, b, tol)


def law_shapes(
    layer: Callable[[FloatArray], FloatArray],
    head: Callable[[FloatArray], FloatArray],
    z: FloatArray,
    num_classes: int,
) -> Outcome:
    """``S001-P19``: an attention layer maps ``(N, d) -> (N, d)``; the logits are
    ``(n_classes,)`` (boolean checks)."""
    return combine(
        true("layer maps (N, d) -> (N, d)", np.shape(layer(z)) == z.shape),
        true("logits have shape (n_classes,)", np.shape(head(z)) == (num_classes,)),
    )


def law_iqm_trimmed_mean(x: FloatArray, iqm: IQM) -> Outcome:
    """``S001-P21``: ``iqm(x)`` equals the mean of ``sorted(x)[k : n - k]`` with
    ``k = floor(n / 4)`` (so ``[2:8]`` for ten seeds). Tolerance: two means of at most ``n``
    values, ``2 n eps max|x|``."""
    n = x.size
    k = n // 4
    s = np.sort(x.reshape(-1))
    ref = math.fsum(s[k : n - k].tolist()) / (n - 2 * k)
    tol = 2.0 * n * EPS * (1.0 + _max_abs(x))
    return close("IQM = mean(sorted(x)[k:n-k]), k = floor(n/4)", float(iqm(x)), ref, tol)


def law_nea_scale_invariance(
    predict: NEAPredict,
    train: FloatArray,
    labels: IntArray,
    test: FloatArray,
    row: int,
    c_row: float,
    c_all: float,
    margins: FloatArray,
) -> Outcome:
    """``S001-P22``: NEA predictions are unchanged when test embedding ``row`` is multiplied by
    ``c_row > 0``, and when every (train and test) embedding is multiplied by ``c_all > 0``.

    ``margins``: ``(M_test,)`` gap between the best and second-best cosine of each test sample.
    A prediction may legitimately flip only in a near-tie, when its margin is within the cosine
    rounding error ``8 d eps`` (normalisation and a ``d``-term dot product, on both sides). Two
    boolean checks: no prediction flips outside such a tie, per scaling.
    """
    base = predict(train, labels, test)
    t1 = test.copy()
    t1[row] *= c_row
    p1 = predict(train, labels, t1)
    p2 = predict(train * c_all, labels, test * c_all)
    tie = 8.0 * test.shape[1] * EPS
    if np.shape(p1) != np.shape(base) or np.shape(p2) != np.shape(base):
        return true("predictions keep their shape under scaling", False)
    tied = margins <= tie
    return combine(
        true(
            "prediction unchanged when one test embedding is scaled (except cosine ties)",
            bool(np.all((base == p1) | tied)),
        ),
        true(
            "prediction unchanged when all embeddings are scaled (except cosine ties)",
            bool(np.all((base == p2) | tied)),
        ),
    )


def law_depolarizing(depolarizing: Depolarizing, p: float) -> Outcome:
    """``S001-P23``: the TensorCircuit depolarising channel (``px = py = pz = p``) has Kraus
    operators with ``sum K^dag K = I`` and total error ``3 p``: the weights of X, Y, Z
    (``Tr(K^dag K) / 2``) sum to ``3 p``. Tolerance ``16 eps``: four Kraus operators of norm
    ``<= 1``, each ``K^dag K`` entry a 2-term sum (``2 eps``), summed over the four (``4 eps``
    more), doubled for the reference's own ``sqrt`` of the weights."""
    ch = depolarizing(p)
    total = sum(k.conj().T @ k for k in ch.kraus)
    err = sum(float(np.real(np.trace(k.conj().T @ k))) / 2 for k in ch.kraus[1:])
    return combine(
        close("sum K^dag K = I", total, np.eye(2), 16 * EPS),
        close("total error = 3p", err, 3 * p, 16 * EPS),
    )


def law_thermal_physical(
    thermal_relaxation: ThermalRelaxation, t1: float, t2: float, time: float
) -> Outcome:
    """``S001-P24``: a physical pair (``T2 <= 2 T1``) builds a thermal-relaxation channel whose
    populations relax as ``exp(-t/T1)`` (within ``64 eps``) and coherences as ``exp(-t/T2)``
    (within ``sqrt(eps/2)``, see below); an unphysical pair (``T2 > 2 T1``) is rejected (a
    boolean check)."""
    if t2 > 2 * t1:
        try:
            thermal_relaxation(t1, t2, time)
        except ValueError:
            return true("T2 > 2 T1 rejected", True)
        return true("T2 > 2 T1 rejected", False)
    ch = thermal_relaxation(t1, t2, time)
    one = np.array([[0, 0], [0, 1]], dtype=np.complex128)
    plus = np.full((2, 2), 0.5, dtype=np.complex128)
    r1 = np.sum([k @ one @ k.conj().T for k in ch.kraus], axis=0)
    rp = np.sum([k @ plus @ k.conj().T for k in ch.kraus], axis=0)
    pop_dev = abs(float(np.real(r1[1, 1])) - math.exp(-time / t1))
    coh_dev = abs(abs(complex(rp[0, 1])) - 0.5 * math.exp(-time / t2))
    # The reference builds the dephasing strength as lam = 1 - (coh/ad)**2 and applies
    # sqrt(1 - lam): the rounding of 1 - r (eps) becomes sqrt(eps) after the square root
    # (|sqrt a - sqrt b| <= sqrt|a - b|), so the coherence 0.5 * sqrt(1 - lam) * ad is exact only
    # to 0.5 * sqrt(2 eps) in absolute terms (visible when exp(-t/T2) << 1e-8).
    coh_tol = 0.5 * math.sqrt(2 * EPS) + 64 * EPS
    return combine(
        within("population = exp(-t/T1)", pop_dev, 64 * EPS),
        within("coherence = exp(-t/T2) / 2", coh_dev, coh_tol),
    )


__all__ = [
    "EPS",
    "STRICT_SPREAD",
    "Depolarizing",
    "LayerTrace",
    "ThermalRelaxation",
    "law_attention_weights",
    "law_cls_permutation_invariance",
    "law_convex_combination",
    "law_depolarizing",
    "law_iqm_trimmed_mean",
    "law_layers_convex",
    "law_nea_scale_invariance",
    "law_shapes",
    "law_softmax_rows",
    "law_thermal_physical",
    "permutation_tolerance",
    "softmax_tolerance",
    "worst",
]
