"""Variant family: attention score functions on (query, key) pairs (seed 001, Eq. 4).

A variant is any object with ``feature_dim: int`` that is callable as ``fn(Q, K) -> A`` with
``Q: (n, feature_dim)``, ``K: (m, feature_dim)`` and ``A: (n, m)``, ``A[i, j]`` a function of the
pair ``(Q[i], K[j])`` only (paper Eq. 4: ``A_ij = ME(U(q_i) (x) U(k_j))``). Optional declarations
switch on more laws:

* ``bounds = (lo, hi)``: every score lies in ``[lo, hi]`` (``S001-P02`` for the entropy measure:
  ``[0, n_r ln 2]``; ``[0, 1/2]`` for the SWAP-test ``P(1)``, ``S001-P11``);
* ``symmetric = True / False``: whether ``A(q, k) = A(k, q)`` is claimed; the entanglement
  measures with a directed CRX are not symmetric (``S001-P09``).

Every law is the one in :mod:`properties.entanglement.laws` (``law_pairwise``,
``law_scores_within``, ``law_declared_symmetry``), called on the variant itself.

Run: ``python -m proofs check my_module:my_score_function``. :data:`REFERENCE_VARIANTS` lists the
reference's own score functions wrapped this way (all laws hold on them; tested).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import numpy as np

from proofs.variants import LawResult, VariantFamily, summarize_cases
from properties.entanglement import laws
from properties.outcome import Outcome
from properties.tolerances import black_box_tolerance
from reference.mechanisms import entanglement as ent

CASES = 12
"""Random ``(Q, K)`` draws per law (sizes 3 x 5 and 5 x 3, features uniform in [-pi, pi])."""

PAIR_TOL = black_box_tolerance()
"""Round-off allowed between two computations of one pair's score (Eq. 4 locality, S001-P09):
the variant is a black box, so the stated rounding budget
:data:`properties.tolerances.BLACK_BOX_ROUNDINGS` of an order-1 score (``~ 9.3e-10``)."""


def bound_tolerance(lo: float, hi: float) -> float:
    """Round-off allowed outside declared bounds ``[lo, hi]``: the black-box budget at the
    bounds' scale (:func:`properties.tolerances.black_box_tolerance`)."""
    return black_box_tolerance(max(abs(lo), abs(hi)))


@runtime_checkable
class ScoreFunction(Protocol):
    """``fn(Q (n, d), K (m, d)) -> (n, m)`` with ``feature_dim = d``."""

    feature_dim: int

    def __call__(self, Q: np.ndarray, K: np.ndarray) -> np.ndarray: ...


def _matches(obj: object) -> bool:
    d = getattr(obj, "feature_dim", None)
    return callable(obj) and isinstance(d, int) and not isinstance(d, bool) and d >= 1


def _draws(d: int) -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(1071)
    out = []
    for i in range(CASES):
        n, m = (3, 5) if i % 2 == 0 else (5, 3)
        out.append((rng.uniform(-math.pi, math.pi, (n, d)), rng.uniform(-math.pi, math.pi, (m, d))))
    return out


def _case(q: np.ndarray, k: np.ndarray) -> dict[str, Any]:
    return {"Q": q.tolist(), "K": k.tolist()}


def _summary(
    claim_id: str,
    outcomes: list[tuple[Outcome, dict[str, Any]]],
    detail: str,
    *,
    universal: bool = True,
) -> LawResult:
    """One :class:`LawResult` from per-case outcomes: a universal law holds when every case does
    (:func:`proofs.variants.summarize_cases`: the worst case, failing checks named), an
    existential one when some case does (the best slack; when none holds, the first case is
    the counterexample and its failing checks are named)."""
    if universal or not outcomes:
        return summarize_cases(claim_id, detail, outcomes)
    best, _ = max(outcomes, key=lambda oc: oc[0].slack)
    if best.holds:
        return LawResult(
            claim_id=claim_id,
            holds=True,
            cases=len(outcomes),
            worst_slack=best.slack,
            detail=detail,
        )
    first, case = outcomes[0]
    why = "; ".join(map(str, first.failing))
    return LawResult(
        claim_id=claim_id,
        holds=False,
        cases=len(outcomes),
        worst_slack=best.slack,
        detail=f"{detail} [no case holds: {why}]",
        counterexample=case,
    )


def _run(obj: object) -> Sequence[LawResult]:
    score: Callable[[np.ndarray, np.ndarray], Any] = obj  # type: ignore[assignment]
    d = int(getattr(obj, "feature_dim"))  # noqa: B009 - checked by _matches
    draws = _draws(d)
    results = [
        _summary(
            "S001-Eq4",
            [(laws.law_pairwise(score, q, k, tol=PAIR_TOL), _case(q, k)) for q, k in draws],
            "A has shape (n, m), is finite, and A[i, j] depends only on (q_i, k_j) (one row "
            f"computed alone against a reversed subset of the keys equals that part of the full "
            f"matrix within {PAIR_TOL:.2g})",
        )
    ]

    bounds = getattr(obj, "bounds", None)
    if bounds is not None:
        lo, hi = float(bounds[0]), float(bounds[1])
        tol = bound_tolerance(lo, hi)
        within = [
            (laws.law_scores_within(score, q, k, lo=lo, hi=hi, tol=tol), _case(q, k))
            for q, k in draws
        ]
        results.append(
            _summary(
                "S001-P02",
                within,
                f"declared bounds {lo:.6g} <= A <= {hi:.6g} (round-off {tol:.2g})",
            )
        )

    sym = getattr(obj, "symmetric", None)
    if isinstance(sym, bool):
        sym_cases = [
            (
                laws.law_declared_symmetry(score, q, symmetric=sym, tol=PAIR_TOL),
                {"X": q.tolist()},
            )
            for q, _ in draws
        ]
        asym = max(float(np.max(laws.asymmetry(score, q))) for q, _ in draws)
        results.append(
            _summary(
                "S001-P09",
                sym_cases,
                f"declared symmetric={sym}: max |A(x_i, x_j) - A(x_j, x_i)| = {asym:.3g}",
                universal=sym,
            )
        )
    return results


FAMILY = VariantFamily(
    name="score-function",
    signature="fn(Q (n, d), K (m, d)) -> (n, m) scores; attribute feature_dim",
    description="attention score function on (q, k) pairs: fn(Q, K) -> (n, m), feature_dim",
    matches=_matches,
    run=_run,
)


@dataclass(frozen=True)
class ReferenceScore:
    """A reference score function in the variant protocol (used as an example and self-test)."""

    config: ent.EntanglementConfig
    feature_dim: int
    theta: tuple[float, ...]
    bounds: tuple[float, float] | None = None
    symmetric: bool | None = None
    path: str = field(default="auto")

    def __call__(self, Q: np.ndarray, K: np.ndarray) -> np.ndarray:
        return ent.scores(Q, K, np.array(self.theta), config=self.config, path=self.path)  # type: ignore[arg-type]


REFERENCE_VARIANTS: dict[str, ReferenceScore] = {
    "entropy-dense": ReferenceScore(
        config=ent.EntanglementConfig(encoding="dense"),
        feature_dim=4,
        theta=(0.7, -1.3),
        bounds=(0.0, 2 * math.log(2)),
        symmetric=False,
    ),
    "entropy-super-dense-general": ReferenceScore(
        config=ent.EntanglementConfig(encoding="super_dense"),
        feature_dim=8,
        theta=(1.1, 0.4),
        bounds=(0.0, 2 * math.log(2)),
        symmetric=False,
        path="general",
    ),
    "swap-iqp": ReferenceScore(
        config=ent.EntanglementConfig(encoding="iqp", measure="swap"),
        feature_dim=3,
        theta=(0.0, 0.0, 0.0),
        bounds=(0.0, 0.5),
        symmetric=True,
    ),
    "concurrence-dense": ReferenceScore(
        config=ent.EntanglementConfig(encoding="dense", measure="concurrence"),
        feature_dim=4,
        theta=(0.9, 2.1),
        bounds=(0.0, 2.0),
        symmetric=False,
    ),
}

entropy_dense = REFERENCE_VARIANTS["entropy-dense"]
"""``python -m proofs check proofs.variants.score_function:entropy_dense``."""

__all__ = ["FAMILY", "REFERENCE_VARIANTS", "ReferenceScore", "ScoreFunction", "entropy_dense"]
