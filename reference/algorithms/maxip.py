r"""Maximum inner product (seed 002, Def. 8.1, Lemma 8.3; claims S002-C37, S002-C38, S002-F05).

``OPT(A, B) = max_{a in A, b in B} <a, b>`` for integer vectors (Chen's Z-Max-IP). Lemma 8.3 reduces
it to the threshold problem "does some entry of ``Q K^T`` exceed ``t``?" (``Q`` = rows ``a_i``,
``K`` = rows ``b_j``): binary search over the integers ``t in [-d M^2, d M^2]`` (``M`` = the
largest entry magnitude) finds ``OPT`` in at most ``ceil(log2(2 d M^2 + 1))`` oracle calls
(S002-C37).

The lemma claims hardness "even for ``k = 1``", i.e. for an oracle that is only promised to work
when every row of ``Q K^T`` has at most one entry ``> t``. :func:`threshold_oracle` checks that
promise at every call; :func:`max_ip_by_threshold_search` records each violation. Binary search
queries thresholds below ``OPT``, where the promise typically fails (S002-C38 / S002-F05), so the
proof as written only covers oracles correct on all inputs.

Notation map: paper ``A, B`` -> ``A: (n, d)``, ``B: (m, d)`` integer arrays; ``tau`` -> ``t``;
``k`` -> ``k_promise``.

>>> A = np.array([[1, 0], [1, 1]]); B = np.array([[1, 1], [0, 1]])
>>> max_ip_brute(A, B)
2
>>> r = max_ip_by_threshold_search(A, B)
>>> r.opt, r.rounds <= r.round_bound
(2, True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from reference._types import IntArray


def _check_int_matrix(name: str, x: npt.ArrayLike) -> IntArray:
    arr = np.asarray(x)
    if arr.ndim != 2 or arr.shape[0] < 1 or arr.shape[1] < 1:
        raise ValueError(f"{name} must have shape (n, d) with n, d >= 1, got {arr.shape}")
    if np.issubdtype(arr.dtype, np.floating):
        if not np.all(np.isfinite(arr)) or not np.all(arr == np.round(arr)):
            raise ValueError(f"{name} must hold integers (Z-Max-IP), found non-integer entries")
        arr = arr.astype(np.int64)
    elif not (np.issubdtype(arr.dtype, np.integer) or arr.dtype == np.bool_):
        raise ValueError(f"{name} must be an integer array, got dtype={arr.dtype}")
    out: IntArray = arr.astype(np.int64)
    return out


def _check_pair(A: npt.ArrayLike, B: npt.ArrayLike) -> tuple[IntArray, IntArray]:
    a = _check_int_matrix("A", A)
    b = _check_int_matrix("B", B)
    if a.shape[1] != b.shape[1]:
        raise ValueError(f"A has dimension d={a.shape[1]} but B has d={b.shape[1]}")
    return a, b


def inner_products(A: npt.ArrayLike, B: npt.ArrayLike) -> IntArray:
    """``X = A B^T``, ``(n, m)`` exact integers (the logits ``Q K^T`` of the reduction)."""
    a, b = _check_pair(A, B)
    out: IntArray = a @ b.T
    return out


def max_ip_brute(A: npt.ArrayLike, B: npt.ArrayLike) -> int:
    """``OPT(A, B)`` by computing every inner product (Definition 8.1)."""
    return int(inner_products(A, B).max())


@dataclass(frozen=True, kw_only=True)
class ThresholdAnswer:
    """One oracle call at threshold ``t``.

    Attributes:
        t: the threshold.
        exceeds: some entry of ``Q K^T`` is ``> t`` (the decision).
        max_row_count: the largest number of entries ``> t`` in one row.
        row: a row attaining ``max_row_count``.
        promise_ok: ``max_row_count <= k_promise``.
    """

    t: int
    exceeds: bool
    max_row_count: int
    row: int
    promise_ok: bool


def threshold_oracle(logits: IntArray, t: int, *, k_promise: int = 1) -> ThresholdAnswer:
    """Decide ``exists (i, j): X_ij > t`` and check the ``k``-promise of Lemma 8.3.

    ``logits: (n, m)`` integer ``X = Q K^T``. Answers correctly on every input; the promise is
    only recorded.
    """
    if k_promise < 1:
        raise ValueError(f"k_promise={k_promise} must be >= 1")
    counts = (logits > t).sum(axis=1)
    row = int(np.argmax(counts))
    mx = int(counts[row])
    return ThresholdAnswer(
        t=int(t), exceeds=mx > 0, max_row_count=mx, row=row, promise_ok=mx <= k_promise
    )


@dataclass(frozen=True, kw_only=True)
class ReductionResult:
    """Outcome of the Lemma 8.3 binary search.

    Attributes:
        opt: the value found (equals ``OPT`` for a correct oracle).
        rounds: oracle calls made.
        round_bound: ``ceil(log2(2 d M^2 + 1))``.
        calls: every oracle answer, in order.
    """

    opt: int
    rounds: int
    round_bound: int
    calls: tuple[ThresholdAnswer, ...]

    @property
    def violations(self) -> tuple[ThresholdAnswer, ...]:
        """Calls at which the ``k``-promise failed (S002-C38)."""
        return tuple(c for c in self.calls if not c.promise_ok)


def max_ip_by_threshold_search(
    A: npt.ArrayLike, B: npt.ArrayLike, *, M: int | None = None, k_promise: int = 1
) -> ReductionResult:
    """Lemma 8.3: binary search for ``OPT`` over integer thresholds in ``[-d M^2, d M^2]``.

    Invariant ``lo <= OPT <= hi``; a call at ``mid = floor((lo + hi) / 2)`` sets ``lo = mid + 1`` if
    some entry exceeds ``mid`` and ``hi = mid`` otherwise, so at most
    ``ceil(log2(2 d M^2 + 1))`` calls are made (S002-C37).

    Args:
        A: ``(n, d)`` integer vectors; B: ``(m, d)`` integer vectors.
        M: bound on the entry magnitudes (default: the largest one, at least 1).
        k_promise: the promise checked at each call (``k = 1`` in the lemma).
    """
    a, b = _check_pair(A, B)
    mag = int(max(np.abs(a).max(), np.abs(b).max(), 1))
    if M is None:
        M = mag
    elif mag > M:
        raise ValueError(f"M={M} must be >= the largest entry magnitude {mag}")
    d = a.shape[1]
    logits = a @ b.T
    lo, hi = -d * M * M, d * M * M
    bound = math.ceil(math.log2(2 * d * M * M + 1))
    calls: list[ThresholdAnswer] = []
    while lo < hi:
        mid = (lo + hi) // 2
        ans = threshold_oracle(logits, mid, k_promise=k_promise)
        calls.append(ans)
        if ans.exceeds:
            lo = mid + 1
        else:
            hi = mid
    return ReductionResult(opt=lo, rounds=len(calls), round_bound=bound, calls=tuple(calls))


__all__ = [
    "ReductionResult",
    "ThresholdAnswer",
    "inner_products",
    "max_ip_brute",
    "max_ip_by_threshold_search",
    "threshold_oracle",
]
