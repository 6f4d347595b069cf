"""Sparse attention approximations (seed 002, Theorems 1.3 / 6.1): the protocol and its laws.

A variant is any callable ``approx(Q, K, V, *, tau, k)`` (``Q, K: (n, d)``, ``V: (n, d_v)``)
returning an object with

* ``B``: a :class:`reference.mechanisms.sparse.SparsePlusRankOne` (per-row indices and values plus
  the rank-one
  part ``c 1 1^T``; build one from positive values with ``SparsePlusRankOne.from_values``),
* ``output``: ``(n, d_v)``, the approximation of ``D(A)^-1 A V``,
* ``operations``: the multiply-adds of the inference step (an ``int`` or an object with ``.total``).

:func:`run` applies every applicable law on instances that satisfy the hypotheses of Theorem 1.3
exactly (``(tau, k)``-good, ``|x_ij| <= eta`` off ``S_i``, ``eta in (0, 0.1)``): random, two-point
(the extremal ``m``-split of §7) and extreme instances with ``n <= 12``. A law fails with the
smallest failing instance as its counterexample (fewest rows first, then the lowest slack), with
the failing checks named.

Laws (claim ids): ``S002-C03`` row sparsity ``<= k``; ``S002-C04`` rank-one part ``= 1 1^T``;
``S002-C05`` ``D(B)_ii = n + sum_{S_i}(A_ij - 1)`` (``B`` is Definition 4.2's ``A~``);
``S002-C11`` ``||A - B||_max <= 2 eta``; ``S002-C16`` / ``C17`` / ``C21`` the sharp error bounds
``tanh(eta/2)`` (entrywise), ``2 tanh(eta/2)`` (row-l1), ``2 tanh(eta/2) ||V||_max`` (output);
``S002-C24`` defined (finite) on every hypothesis instance, including empty find sets;
``S002-C32`` output equals ``D(B)^-1 B V`` and inference costs ``<= nkd + nk + 3nd``.

Three variants ship with the module: :data:`REFERENCE` (Algorithms 1-2 with the exact scan),
:data:`ZEROS` (Algorithm 1 as written, 0s outside ``S_i``) and :data:`TOP_K` (keep the ``k``
largest scores of each row whatever ``tau``; needs every score, so its construction is
``Theta(n^2 d)``, which these laws do not measure).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np

from proofs.variants import LawResult, VariantFamily
from properties.outcome import Outcome
from properties.sparse import laws
from reference._types import FloatArray
from reference.mechanisms import sparse

SparseAttentionOutput = sparse.SparseAttentionOutput
SparseAttentionApproximation = sparse.SparseAttentionApproximation


# ---------------------------------------------------------------------------------------------
# shipped variants


@dataclass(frozen=True, kw_only=True)
class ReferenceVariant:
    """Algorithm 1 (exact scan) + Algorithm 2 with ``fill`` (``"ones"``: the analysed ``B``)."""

    fill: sparse.Fill = "ones"

    def __call__(
        self, Q: FloatArray, K: FloatArray, V: FloatArray, *, tau: float, k: int
    ) -> sparse.SparseAttentionResult:
        # the exact scan draws no random numbers; the generator only satisfies the protocol
        return sparse.sparse_attention(
            Q, K, V, tau=tau, k=k, rng=np.random.default_rng(0), fill=self.fill
        )


@dataclass(frozen=True, kw_only=True)
class TopKVariant:
    """Keep the ``k`` largest scores of every row (ties by column order), 1s elsewhere, whatever
    ``tau``; then Algorithm 2. Scores all ``n^2`` pairs (``O(n^2 d)`` construction)."""

    def __call__(
        self, Q: FloatArray, K: FloatArray, V: FloatArray, *, tau: float, k: int
    ) -> sparse.SparseAttentionResult:
        X = sparse.scores(Q, K)
        n = X.shape[0]
        kk = sparse.check_k(k, n)
        top = np.sort(np.argsort(-X, axis=1, kind="stable")[:, :kk], axis=1)
        indptr = np.arange(0, n * kk + 1, kk, dtype=np.int64)
        B = sparse.SparsePlusRankOne(
            n=n,
            indptr=indptr,
            indices=top.ravel().astype(np.int64),
            scores=np.take_along_axis(X, top, axis=1).ravel(),
        )
        return sparse.algorithm2(B, V)


#: Algorithms 1-2 as analysed (``B = A~``): every law holds.
REFERENCE = ReferenceVariant()
#: Algorithm 1 as written (0s outside ``S_i``): refuted (``S002-C24``).
ZEROS = ReferenceVariant(fill="zeros")
#: Top-k per row regardless of ``tau``.
TOP_K = TopKVariant()


# ---------------------------------------------------------------------------------------------
# instances and laws


def instances(rng: np.random.Generator) -> list[laws.Instance]:
    """Hypothesis instances with ``n <= 12``: 60 random, 24 two-point, 24 extreme."""
    out = [laws.random_instance(rng, max_n=12) for _ in range(60)]
    for _ in range(24):
        n = int(rng.integers(2, 13))
        eta = float(rng.uniform(1e-3, 0.0999))
        m = min(n - 1, max(1, round(n / (1 + math.exp(-eta)))))
        out.append(laws.two_point_instance(rng, n=n, m=m, eta=eta))
    for inst in laws.adversarial_instances(rng, 72):
        if inst.family == "extreme" and inst.n <= 12:
            out.append(inst)
    return out


LawFn = Callable[[SparseAttentionApproximation, laws.Instance], Outcome]


def _law_table() -> list[tuple[str, str, LawFn]]:
    """The laws of :mod:`properties.sparse.laws` applied to the variant (none re-implemented)."""

    def errors(which: int) -> LawFn:
        return lambda a, i: laws.error_outcomes(a, i)[which]

    return [
        (
            "S002-C03",
            "row sparsity: B - c 1 1^T has <= k nonzeros per row (Thm 1.3 P1)",
            laws.law_sparsity,
        ),
        ("S002-C04", "rank-one part B2 = B - B1 = 1 1^T (Thm 1.3 P1)", laws.law_rank_one_part),
        (
            "S002-C05",
            "D(B)_ii = n + sum_{j in S_i}(A_ij - 1), i.e. B = A~ of Def 4.2 (relative)",
            laws.law_row_sums,
        ),
        ("S002-C11", "||A - B||_max <= 2 eta (Lemma 4.4 P3)", laws.law_max_diff),
        ("S002-C16", "||D(A)^-1 A - D(B)^-1 B||_max <= tanh(eta/2)", errors(0)),
        ("S002-C17", "max_i row-l1 error <= 2 tanh(eta/2)", errors(1)),
        (
            "S002-C21",
            "||output - Att(Q, K, V)||_max <= 2 tanh(eta/2) ||V||_max",
            errors(2),
        ),
        (
            "S002-C32",
            "output equals D(B)^-1 B V (Lemma 6.2)",
            laws.law_output_consistent,
        ),
        (
            "S002-C32",
            "inference operations <= nkd + nk + 3nd (Lemma 6.2)",
            laws.law_operations,
        ),
    ]


@dataclass
class _Tally:
    cases: int = 0
    worst: float = math.inf
    witness: tuple[int, float, Mapping[str, Any]] | None = None

    def add(
        self,
        result: Outcome | float,
        inst: laws.Instance,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        """Record one case: an :class:`Outcome` (its failing checks named in the witness) or a
        float slack (the definedness tally)."""
        self.cases += 1
        if isinstance(result, Outcome):
            slack, holds = result.slack, result.holds
            if not holds:
                extra = {**(extra or {}), "failing": [str(c) for c in result.failing]}
        else:
            slack = float(result)
            holds = math.isfinite(slack) and slack >= 0
        if not math.isfinite(slack):
            slack = -math.inf
        self.worst = min(self.worst, slack)
        if not holds:
            key = (inst.n, slack)
            if self.witness is None or key < (self.witness[0], self.witness[1]):
                self.witness = (inst.n, slack, {**inst.to_json(), **(extra or {})})


def run(obj: object, *, seed: int = 2307_08045) -> list[LawResult]:
    """Apply every law to the variant ``obj``; one :class:`LawResult` per law."""
    rng = np.random.default_rng(seed)
    table = _law_table()
    tallies = [_Tally() for _ in table]
    defined = _Tally()
    for inst in instances(rng):
        try:
            res = obj(inst.Q, inst.K, inst.V, tau=inst.tau, k=inst.k)  # type: ignore[operator]
            if not isinstance(res, SparseAttentionOutput) or not isinstance(
                res.B, sparse.SparsePlusRankOne
            ):
                raise TypeError(f"returned {type(res).__name__} without .B / .output / .operations")
            if not np.all(np.isfinite(res.output)):
                raise ValueError("non-finite output")
        except (ValueError, TypeError, ArithmeticError) as exc:
            defined.add(-1.0, inst, {"error": f"{type(exc).__name__}: {exc}"})
            continue
        defined.add(0.0, inst)
        approx = cast(SparseAttentionApproximation, obj)
        for tally, (_, _, law) in zip(tallies, table, strict=True):
            try:  # the law calls the variant itself (again, and with V = I for the weights)
                tally.add(law(approx, inst), inst)
            except (ValueError, TypeError, ArithmeticError, AttributeError) as exc:
                tally.add(-math.inf, inst, {"error": f"{type(exc).__name__}: {exc}"})
    out = [
        LawResult(
            claim_id="S002-C24",
            holds=defined.witness is None,
            cases=defined.cases,
            worst_slack=defined.worst,
            detail="defined with a finite output on every hypothesis instance, including empty "
            "find sets (D(B)^-1 exists)",
            counterexample=None if defined.witness is None else defined.witness[2],
        )
    ]
    for tally, (cid, detail, _) in zip(tallies, table, strict=True):
        out.append(
            LawResult(
                claim_id=cid,
                holds=tally.witness is None and tally.cases > 0,
                cases=tally.cases,
                worst_slack=tally.worst if tally.cases else math.nan,
                detail=detail,
                counterexample=None if tally.witness is None else tally.witness[2],
            )
        )
    return out


def matches(obj: object) -> bool:
    """``obj`` is callable as ``obj(Q, K, V, tau=, k=)`` and returns ``.B`` (a
    ``SparsePlusRankOne``), ``.output`` and ``.operations`` on a probe instance (n = 3,
    one found entry per row)."""
    if not callable(obj):
        return False
    Q = 2.0 * np.eye(3)
    try:
        res = obj(Q, np.eye(3), np.eye(3), tau=1.0, k=1)
    except Exception:
        return False
    return isinstance(res, SparseAttentionOutput) and isinstance(res.B, sparse.SparsePlusRankOne)


def describe(results: Sequence[LawResult]) -> str:
    """Claim-by-claim text (the same content ``python -m proofs check`` prints)."""
    lines = []
    for r in results:
        mark = "HOLDS  " if r.holds else "REFUTED"
        lines.append(f"{mark} {r.claim_id}: {r.detail} [{r.cases} cases]")
        if not r.holds:
            lines.append("        counterexample: " + json.dumps(r.counterexample, default=str))
    return "\n".join(lines)


FAMILY = VariantFamily(
    name="sparse-attention",
    signature=(
        "approx(Q (n, d), K (n, d), V (n, d_v), *, tau, k) -> result with .B, .output, .operations"
    ),
    description="sparse-plus-rank-one attention approximation (seed 002, Thms 1.3 / 6.1)",
    matches=matches,
    run=run,
)

__all__ = [
    "FAMILY",
    "REFERENCE",
    "TOP_K",
    "ZEROS",
    "ReferenceVariant",
    "SparseAttentionApproximation",
    "SparseAttentionOutput",
    "TopKVariant",
    "describe",
    "instances",
    "matches",
    "run",
]
