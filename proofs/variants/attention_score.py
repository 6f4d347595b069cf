"""Variant family: attention score functions for the Figure-1 encoder of seed 001.

Protocol (:class:`reference.pipeline.encoder.ScoreFn`):
``score(Q (N, d), K (N, d), layer_index) -> (N, N)``
logits, with ``d = 12`` (the paper's ``embed_dim``). A variant is plugged into the encoder (two
layers, CLS token, no positional encoding) and checked against ``S001-P16`` (row-stochastic
weights), ``S001-P17`` (outputs are convex combinations of the values), ``S001-P18`` (the CLS
output is invariant to permuting the other tokens: holds for every *pairwise* score, where
``A_ij`` depends on ``q_i``, ``k_j`` only) and ``S001-P19`` (shapes).

    python -m proofs check my_module:my_score
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from proofs.variants import LawResult, VariantFamily, summarize_cases
from properties.encoder import laws
from properties.outcome import Outcome, true
from reference.pipeline import encoder as enc

D = 12
CASES = 12


def _matches(obj: object) -> bool:
    if not callable(obj) or isinstance(obj, type):
        return False
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return False
    positional = [
        p
        for p in sig.parameters.values()
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.default is p.empty
    ]
    if len(positional) != 3:
        return False
    try:
        out = np.asarray(obj(np.zeros((3, D)), np.zeros((3, D)), 0))
    except Exception:
        return False
    return out.shape == (3, 3)


Cases = list[tuple[Outcome | float, dict[str, Any]]]


def _summary(claim: str, detail: str, cases: Sequence[tuple[Outcome | float, Any]]) -> LawResult:
    """The encoder laws return :class:`Outcome` s (a float for a crash): folded by
    :func:`proofs.variants.summarize_cases`, failing checks named."""
    return summarize_cases(claim, detail, cases)


def _run(obj: object) -> list[LawResult]:
    score: Callable[[np.ndarray, np.ndarray, int], np.ndarray] = obj  # type: ignore[assignment]
    rng = np.random.default_rng(2025)
    cfg = enc.EncoderConfig(embed_dim=D)
    p16: Cases = []
    p17: Cases = []
    p18: Cases = []
    p19: Cases = []
    for i in range(CASES):
        p = enc.init_params(rng, cfg)
        t = int(rng.integers(2, 7))
        x = rng.normal(0, 1, (t, D))
        case: dict[str, Any] = {"case": i, "tokens": t}
        try:
            out = enc.forward(p, x, cfg, scorer=score)
        except ValueError as exc:
            for lst in (p16, p17, p18, p19):
                lst.append((-1.0, case | {"error": str(exc)}))
            continue

        # the laws take the forward pass; it already ran on x (a variant may be slow)
        def ran(_: np.ndarray, o: enc.EncoderOutput = out) -> enc.EncoderOutput:
            return o

        p16.append((laws.law_attention_weights(lambda t: ran(t).weights, x), case))
        p17.append((laws.law_layers_convex(ran, p.w_v, x), case))
        perm = rng.permutation(t)
        mag = float(np.max(np.abs(out.hidden)))
        ptol = laws.permutation_tolerance(t + 1, D, cfg.num_layers, mag)

        def cls(tokens: np.ndarray, p: enc.EncoderParams = p) -> np.ndarray:
            return enc.forward(p, tokens, cfg, scorer=score).y_cls

        p18.append(
            (
                laws.law_cls_permutation_invariance(cls, x, perm, tol=ptol),
                case | {"perm": perm.tolist()},
            )
        )
        ok = out.logits.shape == (cfg.num_classes,) and out.hidden.shape[1:] == (t + 1, D)
        p19.append((true("logits (n_classes,) and hidden (T + 1, d)", ok), case))
    return [
        _summary("S001-P16", "encoder weights with this score are row-stochastic", p16),
        _summary("S001-P17", "layer outputs are convex combinations of the values", p17),
        _summary("S001-P18", "CLS output invariant to permuting the non-CLS tokens", p18),
        _summary("S001-P19", "layer (N, d) -> (N, d), logits (n_classes,)", p19),
    ]


FAMILY = VariantFamily(
    name="attention-score",
    signature="score(Q (N, d), K (N, d), layer_index) -> (N, N) logits",
    description="score(Q (N, 12), K (N, 12), layer_index) -> (N, N) logits in the Figure-1 "
    "encoder (seed 001)",
    matches=_matches,
    run=_run,
)

__all__ = ["FAMILY"]
